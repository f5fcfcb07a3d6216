/*
 * place.h - where a guest mapping that is not MAP_FIXED goes: the kernel's
 * get_unmapped_area (arch/x86/kernel/sys_x86_64.c, mm/mmap.c) inside the
 * range VMLOAD_PLACE allows (struct vml_layout: place_lo, place_hi).
 * Library-private: the mm code (mman.c) is its only client.
 */
#ifndef VMLOAD_PLACE_H
#define VMLOAD_PLACE_H

#include <stddef.h>
#include <stdint.h>

/*
 * get_unmapped_area for the guest. Preconditions: as.lock held, len
 * page-aligned and non-zero. flags are mmap flags (MAP_FIXED, MAP_32BIT
 * matter); thp: a private anonymous mapping (2 MiB alignment, as the
 * kernel's); what names the request in the one-time notes of a placement
 * ("mmap", "mremap", "shmat", "vDSO"). Returns the address, or -ENOMEM,
 * -EINVAL, -EPERM for a MAP_FIXED address the kernel would refuse.
 * Async-signal-safe.
 */
long place_area_locked(uintptr_t addr, size_t len, int flags, int thp,
		       const char *what);

#endif
