/*
 * mman.h - the guest's memory system calls, served by the runtime with
 * Linux's semantics and errors (mm/mmap.c, mm/mprotect.c, mm/mremap.c,
 * mm/madvise.c). The loader maps through these too: it is a client.
 *
 * Every function takes the address-space lock itself and returns an address
 * or 0 on success, -errno on failure. Async-signal-safe.
 */
#ifndef VMLOAD_MMAN_H
#define VMLOAD_MMAN_H

#include <stddef.h>
#include <stdint.h>

long mman_map(uintptr_t addr, size_t len, int prot, int flags, int fd,
	      uint64_t off);
int mman_unmap(uintptr_t addr, size_t len);
int mman_protect(uintptr_t addr, size_t len, int prot);
long mman_remap(uintptr_t addr, size_t oldlen, size_t newlen, int flags,
		uintptr_t newaddr);
int mman_advise(uintptr_t addr, size_t len, int advice);
int mman_sync(uintptr_t addr, size_t len, int flags);
int mman_incore(uintptr_t addr, size_t len, uintptr_t vec);
long mman_shmat(int shmid, uintptr_t addr, int shmflg);
int mman_shmdt(uintptr_t addr);
/* brk(2): the new break, or the old one on failure. */
uintptr_t mman_brk(uintptr_t newbrk);

/* ---- set-up, used by the loader before the guest runs ---- */
/* Where the first brk starts; data_size = end_data - start_data. */
void mman_brk_setup(uintptr_t start, uint64_t data_size);
/* The main stack: VMA [lo, top), host memory for growth down to top-rlim. */
int mman_stack_setup(uintptr_t lo, uintptr_t top, uint64_t rlim, int exec,
		     uintptr_t start_stack);
/* Move the host vDSO block where the kernel would map it (just below the
 * interpreter in top-down). Returns the new [vdso] address or -errno. */
long mman_vdso_setup(void);
/* Name the loader's mapping [lo, lo+len) as the kernel names its special
 * mappings ("[vvar]", "[vdso]"; name must live for the run): shown so in
 * maps, never merged with a neighbour, refused by mremap. 0 or -errno. */
int mman_name_special(uintptr_t lo, size_t len, const char *name);
/* Record a host-owned range inside the window: never given to the guest. */
int mman_add_host_zone(uintptr_t lo, uintptr_t hi);
/* fork(): drop MADV_DONTFORK ranges in the child. */
void mman_fork_child(void);
/* Number of VMAs the guest has (for tests and stats). */
size_t mman_vma_count(void);

#endif
