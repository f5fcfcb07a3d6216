/*
 * mman_int.h - what the mman_*.c files share (private to them): mman.c
 * keeps the mappings (tree edits, mmap, munmap, mprotect, SysV shm,
 * set-up), mman_remap.c mremap, mman_advise.c the calls on existing
 * ranges (madvise, msync, mincore), mman_brk.c the heap.
 */
#ifndef VMLOAD_MMAN_INT_H
#define VMLOAD_MMAN_INT_H

#include <linux/errno.h>
#include <stddef.h>
#include <stdint.h>

#include "mm_int.h"

#ifndef PROT_SEM
#define PROT_SEM 0x8
#endif


/* Preconditions: as.lock held. Split VMAs so that lo and hi are
 * boundaries: 0, or -ENOMEM when the map count does not allow it. */
int mman_split_at_locked(uintptr_t lo, uintptr_t hi);
/* Preconditions: as.lock held. Remove the guest's VMAs in [lo, hi) and
 * their pages (rereserve: give the host range back as a fresh
 * reservation). 0 or -ENOMEM. */
int mman_unmap_locked(uintptr_t lo, uintptr_t hi, int rereserve);
/* Preconditions: as.lock held. Does a host-owned zone (VMA_HOST) lie in
 * [lo, hi)? */
int mman_host_zone_in_locked(uintptr_t lo, uintptr_t hi);
/* VMA_MAY* flags of a new mapping. */
unsigned mman_may_flags(int shared, int writable_fd);
/* Preconditions: as.lock held. Can a new private anonymous mapping of
 * [a, a+len) keep the window's reservation under it (no host mmap)? */
int mman_reservation_will_do(uintptr_t a, size_t len, int flags);

#endif
