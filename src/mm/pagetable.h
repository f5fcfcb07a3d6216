/*
 * pagetable.h - the runtime page table (private to src/mm/; the states and
 * the read side are in mm.h): what the runtime has granted, per guest
 * page, at host level (DESIGN D4). A radix tree over the page number: three levels of 512-entry
 * interior nodes under a 256-entry root, and leaves of 2 bits per page
 * covering 2 MiB each. Memory grows with the pages ever granted, never
 * with the size of the mappings.
 *
 * Every function requires as.lock (as.h); nodes come from the arena.
 */
#ifndef VMLOAD_PAGETABLE_H
#define VMLOAD_PAGETABLE_H

#include <stddef.h>
#include <stdint.h>

#include "mm.h"

/* Preconditions: lo < hi, page-aligned. Set every page of [lo, hi) to
 * state. 0, or -ENOMEM when a node could not be allocated (then the pages
 * before the failure are set, the rest unchanged). */
int pagetable_set(uintptr_t lo, uintptr_t hi, int state);
/* The end of the run of pages in [lo, hi) that share lo's state, which is
 * stored in *state. Skips absent subtrees in one step. */
uintptr_t pagetable_run(uintptr_t lo, uintptr_t hi, int *state);
/* Preconditions: the ranges do not overlap. Copy the states of
 * [from, from+len) to [to, to+len), then clear the source. 0 or -ENOMEM. */
int pagetable_move(uintptr_t from, uintptr_t to, size_t len);
/* Forget everything (tests). */
void pagetable_reset(void);

#endif
