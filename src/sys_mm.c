/*
 * sys_mm.c - trapped memory system calls (async-signal-safe zone).
 * Argument decoding only: the semantics live in mman.c.
 */
#include "sys.h"

#include "vmload/mman.h"

long sys_brk(const long *a, ucontext_t *uc)
{
	(void)uc;
	return (long)mman_brk((uintptr_t)a[0]);
}

long sys_mmap(const long *a, ucontext_t *uc)
{
	(void)uc;
	return mman_map((uintptr_t)a[0], (size_t)a[1], (int)a[2], (int)a[3],
			(int)a[4], (uint64_t)a[5]);
}

long sys_munmap(const long *a, ucontext_t *uc)
{
	(void)uc;
	return mman_unmap((uintptr_t)a[0], (size_t)a[1]);
}

long sys_mprotect(const long *a, ucontext_t *uc)
{
	(void)uc;
	return mman_protect((uintptr_t)a[0], (size_t)a[1], (int)a[2]);
}

long sys_pkey_mprotect(const long *a, ucontext_t *uc)
{
	(void)uc;
	/* protection keys are not emulated: only the default key works */
	if ((int)a[3] != -1)
		return -22;
	return mman_protect((uintptr_t)a[0], (size_t)a[1], (int)a[2]);
}

long sys_mremap(const long *a, ucontext_t *uc)
{
	(void)uc;
	return mman_remap((uintptr_t)a[0], (size_t)a[1], (size_t)a[2],
			  (int)a[3], (uintptr_t)a[4]);
}

long sys_madvise(const long *a, ucontext_t *uc)
{
	(void)uc;
	return mman_advise((uintptr_t)a[0], (size_t)a[1], (int)a[2]);
}

long sys_msync(const long *a, ucontext_t *uc)
{
	(void)uc;
	return mman_sync((uintptr_t)a[0], (size_t)a[1], (int)a[2]);
}

long sys_mincore(const long *a, ucontext_t *uc)
{
	(void)uc;
	return mman_incore((uintptr_t)a[0], (size_t)a[1], (uintptr_t)a[2]);
}

long sys_shmat(const long *a, ucontext_t *uc)
{
	(void)uc;
	return mman_shmat((int)a[0], (uintptr_t)a[1], (int)a[2]);
}

long sys_shmdt(const long *a, ucontext_t *uc)
{
	(void)uc;
	return mman_shmdt((uintptr_t)a[0]);
}
