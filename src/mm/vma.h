/*
 * vma.h - editing the VMA tree (private to src/mm/; struct vma and the
 * lookups are in mm.h): an AVL tree of VMAs keyed by start address,
 * augmented with each subtree's lowest start, highest end and largest
 * internal gap, so lookup and gap search are O(log n).
 *
 * vma.c never makes a system call and never allocates by itself: nodes come
 * from the caller's pool. Every function here requires the caller to hold
 * as.lock (mm.h) or to own the tree outright (tests).
 */
#ifndef VMLOAD_VMA_H
#define VMLOAD_VMA_H

#include <stddef.h>
#include <stdint.h>

#include "mm.h"

/* A gap search: [low, high) bounds, alignment (power of two, >= page)
 * with the result congruent to align_off modulo align. */
struct vma_gap_req {
	size_t len;
	uintptr_t low, high;
	uintptr_t align, align_off;
	uintptr_t guard;	/* gap kept below VMA_GROWSDOWN VMAs */
};

void vma_tree_init(struct vma_tree *t, struct vma *(*alloc)(void *),
		   void (*release)(void *, struct vma *), void *ctx);
/* Does any VMA intersect [lo, hi)? */
int vma_overlaps(const struct vma_tree *t, uintptr_t lo, uintptr_t hi);
/* Insert a new VMA copied from tmpl (tree fields ignored). The range must
 * be free. Returns the node, or NULL when the pool is exhausted. */
struct vma *vma_insert(struct vma_tree *t, const struct vma *tmpl);
void vma_remove(struct vma_tree *t, struct vma *v);
/* Split v at addr (start < addr < end); returns the upper part, v keeps the
 * lower. NULL when the pool is exhausted (v unchanged). */
struct vma *vma_split(struct vma_tree *t, struct vma *v, uintptr_t addr);
/* Change v's bounds in place; the new range must not overlap a neighbour. */
void vma_set_range(struct vma_tree *t, struct vma *v, uintptr_t start,
		   uintptr_t end);
/* Merge v with its neighbours where the kernel would; returns the survivor. */
struct vma *vma_merge(struct vma_tree *t, struct vma *v);
/* Can a and b (a just below b, adjacent) be one VMA? */
int vma_mergeable(const struct vma *a, const struct vma *b);
/* Highest / lowest fitting address, or -ENOMEM. */
long vma_gap_topdown(const struct vma_tree *t, const struct vma_gap_req *q);
long vma_gap_bottomup(const struct vma_tree *t, const struct vma_gap_req *q);
/* Check every structural invariant: 0, or -1 (with the reason in why). */
int vma_check(const struct vma_tree *t, const char **why);

#endif
