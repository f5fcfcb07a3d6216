/*
 * sys32.c - i386 system calls the runtime serves (see sys32.h).
 * Async-signal-safe zone: host_* calls and arena memory only.
 */
#include "sys32.h"

#include <linux/errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

#include "arena.h"
#include "pager.h"
#include "vmload/layout.h"

#define MAP_32BIT_ 0x40	/* ignored in a 32-bit call (arch_get_unmapped_area) */
#define SIG_BIT(s) (1ULL << ((s) - 1))
#define RUNTIME_SIGS (SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGSYS))

long sys32_host(long nr, const long *a)
{
	register long a5 __asm__("r12") = a[5];
	long r;

	/* int $0x80 from 64-bit code: the ia32 entry; r8-r11 are zeroed */
	__asm__ volatile("mov %%rbp, %%r13\n\t"
			 "mov %%r12, %%rbp\n\t"
			 "int $0x80\n\t"
			 "mov %%r13, %%rbp"
			 : "=a"(r)
			 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]),
			   "D"(a[4]), "r"(a5)
			 : "memory", "r8", "r9", "r10", "r11", "r13");
	return (long)(int)r;
}

long sys32_enosys(const long *a, ucontext_t *uc)
{
	(void)a;
	(void)uc;
	return -ENOSYS;
}

/* ---- memory ---- */

static long mmap32(uint32_t addr, uint32_t len, int prot, int flags, int fd,
		   uint64_t off, ucontext_t *uc)
{
	long a[6] = { addr, len, prot, flags & ~MAP_32BIT_, fd, (long)off };

	return sys_mmap(a, uc);
}

/* old_mmap: one pointer to six words; the offset must be page-aligned */
long sys32_mmap_old(const long *a, ucontext_t *uc)
{
	uint32_t w[6];

	if (pager_copy_in(w, (uint32_t)a[0], sizeof w) < 0)
		return -EFAULT;
	if (w[5] & (VML_PAGE - 1))
		return -EINVAL;
	return mmap32(w[0], w[1], (int)w[2], (int)w[3], (int)w[4], w[5], uc);
}

long sys32_mmap2(const long *a, ucontext_t *uc)
{
	return mmap32((uint32_t)a[0], (uint32_t)a[1], (int)a[2], (int)a[3],
		      (int)a[4], (uint64_t)(uint32_t)a[5] * VML_PAGE, uc);
}

long sys32_mremap(const long *a, ucontext_t *uc)
{
	return sys_mremap(a, uc);
}

/* shmat and ipc(SHMAT): the kernel would map the segment itself */
long sys32_shmat(const long *a, ucontext_t *uc)
{
	return sys_shmat(a, uc);
}

long sys32_ipc(const long *a, ucontext_t *uc)
{
	long b[6] = { 0 };
	long r;
	uint32_t addr;

	switch (a[0] & 0xffff) {
	case 21:	/* SHMAT: shmid, shmflg, &raddr, shmaddr */
		b[0] = a[1];
		b[1] = a[4];
		b[2] = a[2];
		r = sys_shmat(b, uc);
		if (r < 0 && r > -4096)
			return r;
		addr = (uint32_t)r;
		return pager_copy_out((uint32_t)a[3], &addr, 4) < 0 ? -EFAULT : 0;
	case 22:	/* SHMDT: shmaddr */
		b[0] = a[4];
		return sys_shmdt(b, uc);
	default:
		return sys32_host(117, a);
	}
}

/* ---- exec: the vectors widened to the runtime's 8-byte pointers ---- */

/* A guest NULL-terminated array of 4-byte pointers as a host array of
 * 8-byte ones (arena memory: an exec that succeeds takes it along). */
static long widen(uint32_t v, uintptr_t *out)
{
	uint32_t chunk[64];
	uintptr_t *w;
	long n = 0;

	*out = 0;
	if (!v)
		return 0;
	for (;;) {
		uint32_t one;

		if (pager_copy_in(&one, v + (uint32_t)n * 4, 4) < 0)
			return -EFAULT;
		if (!one)
			break;
		if (++n > (1L << 20))
			return -E2BIG;
	}
	w = arena_alloc((size_t)(n + 1) * sizeof *w);
	if (!w)
		return -ENOMEM;
	for (long done = 0; done < n; done += 64) {
		long k = n - done < 64 ? n - done : 64;

		if (pager_copy_in(chunk, v + (uint32_t)done * 4, (size_t)k * 4) < 0)
			return -EFAULT;
		for (long i = 0; i < k; i++)
			w[done + i] = chunk[i];
	}
	*out = (uintptr_t)w;
	return n;
}

long sys32_execve(const long *a, ucontext_t *uc)
{
	uintptr_t argv, envp;
	long r = widen((uint32_t)a[1], &argv), b[6];

	if (r >= 0)
		r = widen((uint32_t)a[2], &envp);
	if (r < 0)
		return r;
	b[0] = a[0];
	b[1] = (long)argv;
	b[2] = (long)envp;
	return sys_execve(b, uc);
}

long sys32_execveat(const long *a, ucontext_t *uc)
{
	uintptr_t argv, envp;
	long r = widen((uint32_t)a[2], &argv), b[6];

	if (r >= 0)
		r = widen((uint32_t)a[3], &envp);
	if (r < 0)
		return r;
	b[0] = (int)a[0];
	b[1] = a[1];
	b[2] = (long)argv;
	b[3] = (long)envp;
	b[4] = a[4];
	return sys_execveat(b, uc);
}

/* ---- processes ---- */

/*
 * i386 clone: flags, newsp, parent_tid, tls (a user_desc), child_tid. A
 * fork-like clone goes the x86-64 way (its tls would be an FS base there,
 * so CLONE_SETTLS is refused); threads are not served yet.
 */
long sys32_clone(const long *a, ucontext_t *uc)
{
	long b[6] = { a[0], a[1], a[2], a[4], 0, 0 };

	if (a[0] & (CLONE_VM | CLONE_SETTLS))
		return -ENOSYS;
	return sys_clone(b, uc);
}

/* ---- signals: SIGSEGV, SIGBUS and SIGSYS stay the runtime's ---- */

static unsigned long long handled;	/* guest ia32 handlers installed */
static uint32_t virt_act[65][5];	/* recorded runtime-signal actions */

unsigned long long sys32_handled_sigs(void)
{
	return __atomic_load_n(&handled, __ATOMIC_RELAXED);
}

static void note_handler(int sig, uint32_t handler)
{
	if (sig < 1 || sig > 64)
		return;
	if (handler > 1)	/* neither SIG_DFL nor SIG_IGN */
		__atomic_fetch_or(&handled, SIG_BIT(sig), __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&handled, ~SIG_BIT(sig), __ATOMIC_RELAXED);
}

/*
 * A runtime signal's action is recorded, not installed (its delivery to an
 * ia32 handler is not served yet: such a fault still ends the program).
 * act/oact are struct sigaction of `len` bytes (20 rt, 16 old): handler
 * first.
 */
static long record_virt(int sig, uint32_t act, uint32_t oact, size_t len)
{
	uint32_t tmp[5];

	if (oact && pager_copy_out(oact, virt_act[sig], len) < 0)
		return -EFAULT;
	if (act) {
		if (pager_copy_in(tmp, act, len) < 0)
			return -EFAULT;
		for (size_t i = 0; i < len / 4; i++)
			virt_act[sig][i] = tmp[i];
	}
	return 0;
}

static long sigaction_common(long nr, const long *a, size_t len)
{
	int sig = (int)a[0];
	uint32_t act = (uint32_t)a[1], oact = (uint32_t)a[2], handler;
	long r;

	if (sig >= 1 && sig <= 64 && (SIG_BIT(sig) & RUNTIME_SIGS))
		return record_virt(sig, act, oact, len);
	if (act && pager_copy_in(&handler, act, 4) < 0)
		return -EFAULT;
	if (act)
		pager_prepare(act, len, 0);
	if (oact)
		pager_prepare(oact, len, 1);
	r = sys32_host(nr, a);
	if (r == 0 && act)
		note_handler(sig, handler);
	return r;
}

long sys32_rt_sigaction(const long *a, ucontext_t *uc)
{
	(void)uc;
	if (a[3] != 8)
		return -EINVAL;
	return sigaction_common(174, a, 20);
}

long sys32_sigaction(const long *a, ucontext_t *uc)
{
	(void)uc;
	return sigaction_common(67, a, 16);
}

/* signal(sig, handler): the old handler, or -errno */
long sys32_signal(const long *a, ucontext_t *uc)
{
	int sig = (int)a[0];
	long r;

	(void)uc;
	if (sig >= 1 && sig <= 64 && (SIG_BIT(sig) & RUNTIME_SIGS)) {
		long old = virt_act[sig][0];

		virt_act[sig][0] = (uint32_t)a[1];
		return old;
	}
	r = sys32_host(48, a);
	if (r >= 0 || r < -4095)
		note_handler(sig, (uint32_t)a[1]);
	return r;
}
