/*
 * as.h - the guest address space: one per process.
 *
 * Lock order and signal contexts (one lock in this issue):
 *
 *   lock          taken in                      notes
 *   as.lock       normal context (loader, before the guest runs)
 *                 SIGSYS handler (guest syscalls, with every async signal
 *                 blocked by the handler's sa_mask)
 *                 the terminal path (final.h): as_trylock only, since the
 *                 dying thread may be the one holding it
 *
 * Nothing touches guest memory while holding as.lock except host system
 * calls that may read it (msync, mincore) and the kernel itself. Arena memory
 * (arena.h) is runtime memory outside the window.
 */
#ifndef VMLOAD_AS_H
#define VMLOAD_AS_H

#include <stdint.h>

#include "vma.h"
#include "vmload/layout.h"

#define VML_AS_MAGIC 0x766d6c6f61647631ULL /* "vmloadv1" */

struct vml_as {
	uint64_t magic;			/* VML_AS_MAGIC once as_init ran: other
					   vmload processes read this struct */
	int lock;			/* futex word: 0 free, 1 held, 2 contended */
	struct vml_layout layout;	/* immutable after as_init */
	struct vma_tree tree;		/* as.lock */
	uintptr_t start_brk, brk;	/* as.lock */
	uint64_t data_size;		/* end_data - start_data, for RLIMIT_DATA */
	uintptr_t start_stack;		/* names [stack]; immutable after exec */
	uintptr_t host_stack_lo;	/* host memory backing stack growth */
	uintptr_t stack_top;
	size_t nhost;			/* VMA_HOST nodes in tree: as.lock */
	size_t max_map_count;		/* the guest's vm.max_map_count; immutable
					   after as_init */
};

extern struct vml_as vml_as;

void as_init(const struct vml_layout *l);
void as_lock(void);
/* 1: taken (release with as_unlock); 0: held by someone, nothing done. */
int as_trylock(void);
void as_unlock(void);

#endif
