/*
 * map_object.h - map a validated ELF image into the guest window through the
 * runtime's mmap (the loader is a client of mman.h), as load_elf_binary and
 * load_elf_interp do.
 */
#ifndef VMLOAD_MAP_OBJECT_H
#define VMLOAD_MAP_OBJECT_H

#include <stdint.h>

#include "elf_image.h"
#include "vmload/layout.h"

enum map_role {
	MAP_ROLE_MAIN,		/* the program: ET_EXEC, PIE, or no PT_INTERP */
	MAP_ROLE_INTERP,	/* its PT_INTERP */
};

struct mapped {
	uint64_t load_bias;
	uint64_t entry;		/* e_entry + load_bias */
	uint64_t phdr;		/* AT_PHDR */
	uint64_t base;		/* lowest mapped address (AT_BASE for interp) */
	uint64_t elf_brk;	/* max(p_vaddr + p_memsz) + bias */
	uint64_t start_data, end_data;
};

/* 0, or -1 with a message in err (the exec is past no return here). */
int map_object(const struct elf_image *img, const struct vml_layout *l,
	       enum map_role role, struct mapped *out, char *err, size_t cap);

#endif
