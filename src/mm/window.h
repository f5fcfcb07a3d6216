/*
 * window.h - the host side of the guest window (DESIGN D2; private to
 * src/mm/, the set-up calls are in mm.h). Only window.c
 * maps, protects or reserves guest addresses at host level.
 */
#ifndef VMLOAD_WINDOW_H
#define VMLOAD_WINDOW_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mm.h"

/* Give a range back to the reservation (guest munmap). */
int window_reserve(uintptr_t lo, size_t len);
/* Map at a fixed window address (MAP_FIXED added). Address or -errno. */
long window_map(uintptr_t addr, size_t len, int prot, int flags, int fd,
		off_t off);
int window_protect(uintptr_t addr, size_t len, int prot);
long window_move(uintptr_t old, size_t oldlen, size_t newlen, uintptr_t to,
		 int dontunmap);
int window_grow(uintptr_t addr, size_t oldlen, size_t newlen);
/* Identity of the host mapping at addr as /proc/self/maps shows it. */
int window_host_identity(uintptr_t addr, unsigned *major, unsigned *minor,
			 uint64_t *ino,
			 char *path, size_t cap);
/* The host's [vvar], [vvar_vclock] and [vdso] mappings, in address order,
 * from one read of /proc/self/maps (or, the first time after
 * window_park_vdso, from where it put them). Number found (at most max)
 * or -errno. */
int window_vdso_pieces(struct window_zone *out, int max);

#endif
