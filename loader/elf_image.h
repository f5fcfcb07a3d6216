/*
 * elf_image.h - validate an ELF executable the way binfmt_elf does
 * (KERNEL-FACTS §4) and describe it for map_object(). Input is hostile:
 * every check has its own message.
 */
#ifndef VMLOAD_ELF_IMAGE_H
#define VMLOAD_ELF_IMAGE_H

#include <gelf.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_PHDRS 128 /* 4096 / sizeof(Elf32_Phdr); 73 for ELF64 */

enum { EXSTACK_DEFAULT = -1, EXSTACK_DISABLE_X = 0, EXSTACK_ENABLE_X = 1 };

struct elf_image {
	int fd;			/* open on the file (-1 for memory images) */
	int class32;		/* ELFCLASS32/EM_386: an ia32 (compat) program */
	uint64_t file_size;
	int type;		/* ET_EXEC or ET_DYN */
	uint64_t entry;
	uint64_t phoff;
	int phnum;
	GElf_Phdr phdr[ELF_MAX_PHDRS];
	char *interp;		/* PT_INTERP path, malloc'd, or NULL */
	int exec_stack;		/* EXSTACK_* from the last PT_GNU_STACK */
	int nload;		/* number of PT_LOAD */
	uint64_t max_align;	/* largest power-of-two p_align of PT_LOADs */
};

/*
 * Parse and validate. On failure returns -1 with a message (without the
 * path) in err. task_size bounds every segment (for an ELFCLASS32 file
 * at most the compat TASK_SIZE, 0xFFFFE000, as set_personality_ia32 makes
 * it before the segments are checked). The buffer variant is the
 * fuzz target; it never keeps a pointer into buf.
 */
int elf_image_parse_mem(struct elf_image *img, const void *buf, size_t len,
			uint64_t task_size, char *err, size_t errcap);
int elf_image_parse_fd(struct elf_image *img, int fd, uint64_t task_size,
		       char *err, size_t errcap);
void elf_image_free(struct elf_image *img);
/* Does the buffer start like an ELF file? */
int elf_image_is_elf(const void *buf, size_t len);

#endif
