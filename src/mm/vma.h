/*
 * vma.h - the guest's view of its address space: an AVL tree of VMAs keyed
 * by start address, augmented with each subtree's lowest start, highest end
 * and largest internal gap, so lookup and gap search are O(log n).
 *
 * vma.c never makes a system call and never allocates by itself: nodes come
 * from the caller's pool. Every function here requires the caller to hold
 * the address-space lock (as.h) or to own the tree outright (tests).
 */
#ifndef VMLOAD_VMA_H
#define VMLOAD_VMA_H

#include <stddef.h>
#include <stdint.h>

/* vma.flags */
#define VMA_SHARED	0x0001u	/* MAP_SHARED: shows 's' in maps */
#define VMA_GROWSDOWN	0x0002u	/* stack: guard gap below it */
#define VMA_MAYREAD	0x0004u
#define VMA_MAYWRITE	0x0008u
#define VMA_MAYEXEC	0x0010u
#define VMA_NORESERVE	0x0020u
#define VMA_HOST	0x0040u	/* not the guest's: host or runtime, hidden */
#define VMA_SPECIAL	0x0080u	/* [vdso]/[vvar]: never merged or moved */
#define VMA_LOCKED	0x0100u
#define VMA_DONTFORK	0x0200u
#define VMA_SHM		0x0400u	/* SysV segment attached with shmat */
#define VMA_ACCOUNT	0x0800u	/* VM_ACCOUNT: was private-writable; keeps
				   the kernel from merging RELRO pieces */

/* A mapped file as /proc/<pid>/maps names it. Never freed. */
struct vml_file {
	unsigned dev_major, dev_minor;
	uint64_t ino;
	char path[];		/* NUL-terminated, as d_path gives it */
};

struct vma {
	uintptr_t start, end;	/* invariant: page-aligned, start < end */
	int prot;		/* PROT_* the guest asked for */
	unsigned flags;		/* VMA_* */
	const struct vml_file *file; /* NULL: anonymous */
	uint64_t pgoff;		/* file offset of start, in bytes; for private
				   anonymous memory the address it was
				   created at (vm_pgoff), 0 for shared */
	const char *name;	/* "[vdso]", "[vvar]"...: overrides file */
	unsigned anon;		/* the kernel's anon_vma, as an identity: 0
				   until a private page is first written
				   (anon_vma_prepare), shared by the VMAs split
				   from one; VMAs with different ones never
				   merge */
	/* tree links and augmentation; private to vma.c */
	struct vma *left, *right, *parent;
	int height;
	uintptr_t sub_min, sub_max, sub_gap;
};

struct vma_tree {
	struct vma *root;
	size_t count;
	struct vma *(*alloc)(void *ctx);	/* zeroed node or NULL */
	void (*release)(void *ctx, struct vma *v);
	void *ctx;
};

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
/* The first VMA with end > addr (the kernel's find_vma), or NULL. */
struct vma *vma_find(const struct vma_tree *t, uintptr_t addr);
/* The VMA containing addr, or NULL. */
struct vma *vma_lookup(const struct vma_tree *t, uintptr_t addr);
struct vma *vma_first(const struct vma_tree *t);
struct vma *vma_next(const struct vma *v);
struct vma *vma_prev(const struct vma *v);
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
