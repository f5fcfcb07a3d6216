/*
 * symbolize.h - names for guest code addresses, read with libelf from the
 * ELF files the guest mapped. Terminal path only (final.h): it opens files
 * and allocates.
 *
 * An object is found from one of its VMAs: the file, where that VMA starts
 * and which file offset it maps. The PT_LOAD covering that offset gives the
 * load bias (the kernel maps a segment at PAGE_START(p_vaddr) + bias from
 * file offset PAGE_START(p_offset), so bias = start - pgoff - (p_vaddr -
 * p_offset)). x86-64 and i386 objects alike. Names come from .symtab, else .dynsym: the function symbol
 * containing the address, or the nearest function symbol before it when
 * that one's size is unknown (0).
 */
#ifndef VMLOAD_SYMBOLIZE_H
#define VMLOAD_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

struct symbolize_obj;

/* The object path mapped by a VMA starting at vma_start with file offset
 * pgoff, or NULL when path is not an ELF object of this machine, cannot be
 * read, or no PT_LOAD maps that offset. */
struct symbolize_obj *symbolize_open(const char *path, uintptr_t vma_start,
				     uint64_t pgoff);
void symbolize_close(struct symbolize_obj *o);
/* The path it was opened with (owned by o). */
const char *symbolize_path(const struct symbolize_obj *o);
/* The load bias: run-time address minus link-time address. */
uintptr_t symbolize_bias(const struct symbolize_obj *o);
/* Is it an i386 object (ELFCLASS32, EM_386), not an x86-64 one? */
int symbolize_is32(const struct symbolize_obj *o);
/* Does the object's image (its PT_LOAD segments, biased) contain addr? */
int symbolize_contains(const struct symbolize_obj *o, uintptr_t addr);
/* The function symbol at run-time address addr, with addr's offset into it
 * in *off; NULL when there is none. The name is owned by o. */
const char *symbolize_addr(struct symbolize_obj *o, uintptr_t addr,
			   uintptr_t *off);

#endif
