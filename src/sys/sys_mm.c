/*
 * sys_mm.c - trapped memory system calls (async-signal-safe zone).
 * Argument decoding only: the semantics live in mman.c.
 */
#include "sys.h"

#include <linux/errno.h>

#include "mm.h"
#include "base.h"


/*
 * A program that reserves more address space than a 32-bit window holds
 * (a JVM's heap, a sanitizer's shadow) fails with ENOMEM as it would in a
 * 32-bit process; say once, on stderr, that the window is the reason.
 */
static void note_window_too_small(size_t len)
{
	static int said;
	uint64_t task = vml_as.layout.task_size;

	/* under place=high, place.c has said why (the range above 2 GiB) */
	if (said || !vml_as.layout.ia32 || len < (256UL << 20) ||
	    vml_as.layout.place == VML_PLACE_HIGH)
		return;
	said = 1;
	log_msg("%s: a %lu MiB mapping does not fit in the %s window (TASK_SIZE "
		"0x%lx); VMLOAD_ASPACE=47 gives it the 64-bit address space",
		procfs_exe()[0] ? procfs_exe() : "the program",
		(unsigned long)(len >> 20),
		task == 0xC0000000UL ? "3g" : "4g", (unsigned long)task);
}

long sys_brk(const long *a, ucontext_t *uc)
{
	(void)uc;
	return (long)mman_brk((uintptr_t)a[0]);
}

long sys_mmap(const long *a, ucontext_t *uc)
{
	long r = mman_map((uintptr_t)a[0], (size_t)a[1], (int)a[2], (int)a[3],
			  (int)a[4], (uint64_t)a[5]);

	(void)uc;
	if (r == -ENOMEM)
		note_window_too_small((size_t)a[1]);
	return r;
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
		return -EINVAL;
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

/*
 * mseal would seal the host mappings under the guest's pages, which the
 * pager must keep changing: refused as by a kernel without CONFIG_MSEAL
 * (glibc then goes on unsealed).
 */
long sys_mseal(const long *a, ucontext_t *uc)
{
	(void)a;
	(void)uc;
	return -ENOSYS;
}

/* Shadow stacks are not emulated: as a kernel built without them. */
long sys_map_shadow_stack(const long *a, ucontext_t *uc)
{
	(void)a;
	(void)uc;
	return -ENOSYS;
}
