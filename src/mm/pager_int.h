/*
 * pager_int.h - what pager.c, pager_fault.c and pager_prepare.c share
 * (private to them). Preconditions of every _locked function: as.lock
 * held, page-aligned ranges.
 */
#ifndef VMLOAD_PAGER_INT_H
#define VMLOAD_PAGER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "mm_int.h"
#include "vma.h"

/* Bytes granted per demand fault (VMLOAD_FAULT_AROUND, 64 KiB, the
 * kernel's fault_around_bytes); immutable once the guest runs. */
extern size_t pager_fault_around;

/* Does host protection prot let the access (PAGER_*) through? */
int pager_host_allows(int prot, int access);
/* Would the guest's own access be allowed by v's protection? */
int pager_access_allowed(const struct vma *v, int access);
/* The page-table state an access leaves a page of v in. */
int pager_target_state(const struct vma *v, int access);
/* Give [lo, hi) (inside v) state at host level and in the table. 0 or
 * -ENOMEM (host VMA budget or table memory); on failure nothing changed. */
int pager_grant_locked(struct vma *v, uintptr_t lo, uintptr_t hi, int state);
/* The host ran out of VMAs: make all of v present at its full protection. */
int pager_coarsen_locked(struct vma *v);
/* Grow the VMA_GROWSDOWN VMA above addr down to it, as the kernel's
 * expand_downwards() does: the VMA, or NULL. */
struct vma *pager_expand_stack_locked(uintptr_t addr);

#endif
