/*
 * mm_int.h - what the files of src/mm/ share beyond vma.h, pagetable.h,
 * window.h, place.h and mfile.h (private to src/mm/).
 */
#ifndef VMLOAD_MM_INT_H
#define VMLOAD_MM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "mm.h"
#include "pagetable.h"
#include "vma.h"

#define PAGE VML_PAGE
#define L (&vml_as.layout)
#define T (&vml_as.tree)

/* ---- as.c: the VMA nodes, from the arena ---- */

struct vma *as_node_alloc(void *ctx);
void as_node_release(void *ctx, struct vma *v);
/* Test hook: make the next n node allocations fail (-1: never). */
void as_node_fail_after(long n);

/* ---- pager.c: keeping the page table exact across memory operations;
 * Preconditions: as.lock held, page-aligned ranges ---- */

/* Host protection of a page of v in a page-table state. */
int pager_host_prot(const struct vma *v, int state);
/* Change v's protection over [lo, hi) (inside v) for the granted pages;
 * 0 or -errno with everything as before. */
int pager_reprotect_locked(struct vma *v, uintptr_t lo, uintptr_t hi,
			   int prot);
/* The pages of [lo, hi) are gone (unmapped): forget them. */
void pager_forget_locked(uintptr_t lo, uintptr_t hi);
/* Take every page of [lo, hi) away at host level and in the table
 * (MADV_DONTNEED: the next access faults again). */
void pager_drop_locked(uintptr_t lo, uintptr_t hi);

#endif
