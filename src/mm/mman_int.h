/*
 * mman_int.h - what the mman_*.c files share (private to them): mman.c
 * keeps the mappings (tree edits, mmap, munmap, mprotect, mremap, SysV
 * shm, set-up), mman_advise.c the calls on existing ranges (madvise,
 * msync, mincore), mman_brk.c the heap.
 */
#ifndef VMLOAD_MMAN_INT_H
#define VMLOAD_MMAN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "as.h"

#define EPERM 1
#define ENOENT 2
#define EBADF 9
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define EOVERFLOW 75
#ifndef PROT_SEM
#define PROT_SEM 0x8
#endif

#define PAGE VML_PAGE
#define L (&vml_as.layout)
#define T (&vml_as.tree)

/* Preconditions: as.lock held. Split VMAs so that lo and hi are
 * boundaries: 0, or -ENOMEM when the map count does not allow it. */
int mman_split_at_locked(uintptr_t lo, uintptr_t hi);
/* Preconditions: as.lock held. Remove the guest's VMAs in [lo, hi) and
 * their pages (rereserve: give the host range back as a fresh
 * reservation). 0 or -ENOMEM. */
int mman_unmap_locked(uintptr_t lo, uintptr_t hi, int rereserve);
/* VMA_MAY* flags of a new mapping. */
unsigned mman_may_flags(int shared, int writable_fd);
/* Preconditions: as.lock held. Can a new private anonymous mapping of
 * [a, a+len) keep the window's reservation under it (no host mmap)? */
int mman_reservation_will_do(uintptr_t a, size_t len, int flags);

#endif
