/*
 * systab.c - which system calls the runtime serves, for both ABIs
 * (entry_int.h; async-signal-safe zone, except systab_init): the calls it
 * implements itself (sys/), the calls that trap only to have their guest
 * memory prepared (the sysargs tables), and the test the filter applies
 * to each.
 */
#include "entry_int.h"

#include <stddef.h>
#include <sys/syscall.h>

#include "nr32.h"
#include "observe.h"

struct sysent {
	int nr;
	sys_fn fn;
	int cond;
};

/* Numbers newer than the UAPI headers this builds against (6.1). */
#ifndef SYS_map_shadow_stack
#define SYS_map_shadow_stack	453
#endif
#ifndef SYS_mseal
#define SYS_mseal		462
#endif
#ifndef NR32_mseal
#define NR32_mseal		462
#endif

static const struct sysent served64[] = {
	{ SYS_brk, sys_brk, COND_NONE },
	{ SYS_mmap, sys_mmap, COND_NONE },
	{ SYS_munmap, sys_munmap, COND_NONE },
	{ SYS_mprotect, sys_mprotect, COND_NONE },
	{ SYS_pkey_mprotect, sys_pkey_mprotect, COND_NONE },
	{ SYS_mremap, sys_mremap, COND_NONE },
	{ SYS_madvise, sys_madvise, COND_NONE },
	{ SYS_msync, sys_msync, COND_NONE },
	{ SYS_mincore, sys_mincore, COND_NONE },
	{ SYS_shmat, sys_shmat, COND_NONE },
	{ SYS_shmdt, sys_shmdt, COND_NONE },
	{ SYS_open, sys_open, COND_NONE },
	{ SYS_openat, sys_openat, COND_NONE },
	{ SYS_readlink, sys_readlink, COND_NONE },
	{ SYS_readlinkat, sys_readlinkat, COND_NONE },
	{ SYS_execve, sys_execve, COND_NONE },
	{ SYS_execveat, sys_execveat, COND_NONE },
	{ SYS_fork, sys_fork, COND_NONE },
	{ SYS_rt_sigaction, sys_rt_sigaction, COND_NONE },
	{ SYS_rt_sigprocmask, sys_rt_sigprocmask, COND_NONE },
	{ SYS_clone, sys_clone, COND_CLONE },
	{ SYS_clone3, sys_clone3, COND_NONE },
	{ SYS_sigaltstack, sys_sigaltstack, COND_NONE },
	{ SYS_exit, sys_exit, COND_NONE },
	{ SYS_exit_group, sys_exit_group, COND_NONE },
	{ SYS_rt_sigreturn, sys_rt_sigreturn, COND_NONE },
	{ SYS_arch_prctl, sys_arch_prctl, COND_NONE },
	{ SYS_mseal, sys_mseal, COND_NONE },
	{ SYS_map_shadow_stack, sys_map_shadow_stack, COND_NONE },
};

static const struct sysent served32[] = {
	{ NR32_exit, sys_exit, COND_NONE },
	{ NR32_fork, sys_fork, COND_NONE },
	{ NR32_open, sys_open, COND_NONE },
	{ NR32_execve, sys32_execve, COND_NONE },
	{ NR32_brk, sys_brk, COND_NONE },
	{ NR32_signal, sys32_signal, COND_NONE },
	{ NR32_sigaction, sys32_sigaction, COND_NONE },
	{ NR32_sigsuspend, sys32_sigsuspend, COND_NONE },
	{ NR32_readlink, sys_readlink, COND_NONE },
	{ NR32_mmap, sys32_mmap_old, COND_NONE },
	{ NR32_munmap, sys_munmap, COND_NONE },
	{ NR32_ipc, sys32_ipc, COND_NONE },
	{ NR32_sigreturn, sys32_sigreturn, COND_NONE },
	{ NR32_clone, sys32_clone, COND_CLONE },
	{ NR32_mprotect, sys_mprotect, COND_NONE },
	{ NR32_sigprocmask, sys32_sigprocmask, COND_NONE },
	{ NR32_msync, sys_msync, COND_NONE },
	{ NR32_mremap, sys32_mremap, COND_NONE },
	{ NR32_rt_sigreturn, sys32_rt_sigreturn, COND_NONE },
	{ NR32_rt_sigaction, sys32_rt_sigaction, COND_NONE },
	{ NR32_rt_sigprocmask, sys_rt_sigprocmask, COND_NONE },
	{ NR32_rt_sigsuspend, sys32_rt_sigsuspend, COND_NONE },
	{ NR32_sigaltstack, sys32_sigaltstack, COND_NONE },
	{ NR32_mmap2, sys32_mmap2, COND_NONE },
	{ NR32_mincore, sys_mincore, COND_NONE },
	{ NR32_madvise, sys_madvise, COND_NONE },
	{ NR32_exit_group, sys_exit_group, COND_NONE },
	{ NR32_openat, sys_openat, COND_NONE },
	{ NR32_readlinkat, sys_readlinkat, COND_NONE },
	{ NR32_execveat, sys32_execveat, COND_NONE },
	{ NR32_pkey_mprotect, sys_pkey_mprotect, COND_NONE },
	{ NR32_shmat, sys32_shmat, COND_NONE },
	{ NR32_shmdt, sys_shmdt, COND_NONE },
	{ NR32_clone3, sys32_enosys, COND_NONE },	/* glibc falls back */
	{ NR32_mseal, sys32_enosys, COND_NONE },
};

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

/* Filled by systab_init, immutable after. */
static sys_fn fn64[ENTRY_MAX_NR], fn32[ENTRY_MAX_NR];
static unsigned char prepared64[ENTRY_MAX_NR];	/* passed through after
						   sysargs_prepare */
static struct systab_trap trapped64[ENTRY_MAX_NR], trapped32[ENTRY_MAX_NR];
static int ntrapped64, ntrapped32;

/* The mlock family touches no guest memory: it traps only for a trace that
 * shows it, but every generation passes it through, the filter being the
 * first generation's. */
static const int mlock_nrs[] = { SYS_mlock, SYS_munlock, SYS_mlockall,
				 SYS_munlockall, SYS_mlock2 };

/* The argument test of a number that traps only to prepare memory. A
 * private futex wake passes untested unless a trace shows every call. */
static int cond_of(int nr)
{
	if (nr == SYS_fcntl)
		return COND_FCNTL;
	if (nr == SYS_futex && !trace_on(VML_TRACE_SYSCALL))
		return COND_FUTEX;
	return COND_NONE;
}

/* Insert (nr, cond) into the sorted list v of *n entries. */
static void add_trapped(struct systab_trap *v, int *n, int nr, int cond)
{
	int i = (*n)++;

	while (i > 0 && v[i - 1].nr > nr) {
		v[i] = v[i - 1];
		i--;
	}
	v[i] = (struct systab_trap){ nr, cond };
}

static int cond_none(int nr)
{
	(void)nr;
	return COND_NONE;
}

/* One ABI's tables: the served calls with their handlers, then the calls
 * that trap only to have their memory prepared (prepared: marked there,
 * when not NULL), each with its test. */
struct abi {
	const struct sysent *served;
	size_t nserved;
	int (*numbers)(int *nrs, int max);	/* the sysargs table's */
	int (*cond)(int nr);
	sys_fn *fn;
	unsigned char *prepared;
	struct systab_trap *trapped;
	int *ntrapped;
};

static void init_abi(const struct abi *x)
{
	int nrs[ENTRY_MAX_NR], n;

	for (size_t i = 0; i < x->nserved; i++) {
		x->fn[x->served[i].nr] = x->served[i].fn;
		add_trapped(x->trapped, x->ntrapped, x->served[i].nr,
			    x->served[i].cond);
	}
	n = x->numbers(nrs, ENTRY_MAX_NR);
	for (int k = 0; k < n && k < ENTRY_MAX_NR; k++) {
		int nr = nrs[k];

		if (nr < 0 || nr >= ENTRY_MAX_NR || x->fn[nr] ||
		    (x->prepared && x->prepared[nr]))
			continue;
		if (x->prepared)
			x->prepared[nr] = 1;
		add_trapped(x->trapped, x->ntrapped, nr, x->cond(nr));
	}
}

void systab_init(void)
{
	static const struct abi x86_64 = {
		served64, NELEM(served64), sysargs_numbers, cond_of, fn64,
		prepared64, trapped64, &ntrapped64,
	};
	static const struct abi i386 = {
		/* every i386 call not served is prepared and passed through */
		served32, NELEM(served32), sysargs32_numbers, cond_none, fn32,
		NULL, trapped32, &ntrapped32,
	};

	if (ntrapped64)
		return;
	init_abi(&x86_64);
	for (size_t i = 0; i < NELEM(mlock_nrs); i++) {
		prepared64[mlock_nrs[i]] = 1;
		if (trace_on(VML_TRACE_MM | VML_TRACE_SYSCALL))
			add_trapped(trapped64, &ntrapped64, mlock_nrs[i],
				    COND_NONE);
	}
	init_abi(&i386);
}

sys_fn systab_fn64(long nr)
{
	return nr >= 0 && nr < ENTRY_MAX_NR ? fn64[nr] : NULL;
}

sys_fn systab_fn32(long nr)
{
	return nr >= 0 && nr < ENTRY_MAX_NR ? fn32[nr] : NULL;
}

int systab_prepared64(long nr)
{
	return nr >= 0 && nr < ENTRY_MAX_NR && prepared64[nr];
}

static int copy_trapped(struct systab_trap *out, int max,
			const struct systab_trap *v, int n)
{
	for (int i = 0; i < n && i < max; i++)
		out[i] = v[i];
	return n < max ? n : max;
}

int systab_trapped64(struct systab_trap *out, int max)
{
	return copy_trapped(out, max, trapped64, ntrapped64);
}

int systab_trapped32(struct systab_trap *out, int max)
{
	return copy_trapped(out, max, trapped32, ntrapped32);
}

/*
 * Calls that never sleep waiting for an event: no signal has to interrupt
 * them, so they run without switching to the guest's mask (two system
 * calls fewer per trap).
 */
int systab_never_blocks(long nr)
{
	switch (nr) {
	case SYS_stat: case SYS_fstat: case SYS_lstat: case SYS_newfstatat:
	case SYS_statx: case SYS_getdents: case SYS_getdents64:
	case SYS_readlink: case SYS_readlinkat: case SYS_getcwd:
	case SYS_uname: case SYS_sysinfo: case SYS_getrusage: case SYS_times:
	case SYS_clock_gettime: case SYS_clock_getres: case SYS_gettimeofday:
	case SYS_access: case SYS_faccessat: case SYS_faccessat2:
	case SYS_statfs: case SYS_fstatfs: case SYS_prlimit64:
	case SYS_getrlimit: case SYS_sched_getaffinity: case SYS_getresuid:
	case SYS_getresgid: case SYS_getgroups: case SYS_getsockname:
	case SYS_getpeername: case SYS_pipe: case SYS_pipe2:
	case SYS_socketpair: case SYS_set_robust_list: case SYS_set_tid_address:
	case SYS_rseq: case SYS_rt_sigpending:
		return 1;
	default:
		return 0;
	}
}
