/*
 * tracecall32.c - an i386 system call as a trace line (see tracecall32.h).
 * Async-signal-safe zone: formatting into the caller's buffer, guest
 * memory only through the caller's reader.
 *
 * Most calls vmload traps for an ia32 guest take the same arguments in the
 * same order as their x86-64 namesakes (only the registers differ, and the
 * trap handler has already put them in order): those borrow the x86-64
 * format by number. The others have their own here.
 */
#include "tracecall32.h"

#include <stdint.h>
#include <sys/syscall.h>

#include "nr32.h"

#ifndef NR32_mseal
#define NR32_mseal 462	/* newer than the 6.1 UAPI headers */
#endif
#ifndef NR_mseal
#define NR_mseal 462
#endif

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
#define NR32_MAX 512
#define NR32_OLD_MMAP NR32_mmap	/* old_mmap: one struct */

/* i386 number -> the x86-64 number whose format fits */
static const struct {
	short nr32, nr64;
} same[] = {
	{ NR32_exit, SYS_exit }, { NR32_fork, SYS_fork },
	{ NR32_read, SYS_read }, { NR32_write, SYS_write },
	{ NR32_open, SYS_open }, { NR32_creat, SYS_creat },
	{ NR32_link, SYS_link }, { NR32_unlink, SYS_unlink },
	{ NR32_chdir, SYS_chdir }, { NR32_chmod, SYS_chmod },
	{ NR32_access, SYS_access }, { NR32_rename, SYS_rename },
	{ NR32_mkdir, SYS_mkdir }, { NR32_rmdir, SYS_rmdir },
	{ NR32_pipe, SYS_pipe }, { NR32_brk, SYS_brk },
	{ NR32_ioctl, SYS_ioctl }, { NR32_fcntl, SYS_fcntl },
	{ NR32_symlink, SYS_symlink }, { NR32_readlink, SYS_readlink },
	{ NR32_munmap, SYS_munmap }, { NR32_statfs, SYS_statfs },
	{ NR32_fstatfs, SYS_fstatfs }, { NR32_wait4, SYS_wait4 },
	{ NR32_clone, SYS_clone }, { NR32_uname, SYS_uname },
	{ NR32_mprotect, SYS_mprotect }, { NR32_getdents, SYS_getdents },
	{ NR32__newselect, SYS_select }, { NR32_msync, SYS_msync },
	{ NR32_readv, SYS_readv }, { NR32_writev, SYS_writev },
	{ NR32_nanosleep, SYS_nanosleep }, { NR32_mremap, SYS_mremap },
	{ NR32_poll, SYS_poll }, { NR32_prctl, SYS_prctl },
	{ NR32_rt_sigreturn, SYS_rt_sigreturn },
	{ NR32_rt_sigaction, SYS_rt_sigaction },
	{ NR32_rt_sigprocmask, SYS_rt_sigprocmask },
	{ NR32_rt_sigpending, SYS_rt_sigpending },
	{ NR32_rt_sigsuspend, SYS_rt_sigsuspend },
	{ NR32_getcwd, SYS_getcwd }, { NR32_sigaltstack, SYS_sigaltstack },
	{ NR32_stat64, SYS_stat }, { NR32_lstat64, SYS_lstat },
	{ NR32_fstat64, SYS_fstat }, { NR32_mincore, SYS_mincore },
	{ NR32_madvise, SYS_madvise }, { NR32_getdents64, SYS_getdents64 },
	{ NR32_fcntl64, SYS_fcntl }, { NR32_setxattr, SYS_setxattr },
	{ NR32_lsetxattr, SYS_lsetxattr }, { NR32_fsetxattr, SYS_fsetxattr },
	{ NR32_getxattr, SYS_getxattr }, { NR32_lgetxattr, SYS_lgetxattr },
	{ NR32_fgetxattr, SYS_fgetxattr }, { NR32_listxattr, SYS_listxattr },
	{ NR32_llistxattr, SYS_llistxattr },
	{ NR32_flistxattr, SYS_flistxattr }, { NR32_futex, SYS_futex },
	{ NR32_exit_group, SYS_exit_group },
	{ NR32_set_tid_address, SYS_set_tid_address },
	{ NR32_clock_gettime, SYS_clock_gettime },
	{ NR32_openat, SYS_openat }, { NR32_fstatat64, SYS_newfstatat },
	{ NR32_unlinkat, SYS_unlinkat }, { NR32_readlinkat, SYS_readlinkat },
	{ NR32_set_robust_list, SYS_set_robust_list },
	{ NR32_pipe2, SYS_pipe2 }, { NR32_getrandom, SYS_getrandom },
	{ NR32_memfd_create, SYS_memfd_create },
	{ NR32_socketpair, SYS_socketpair }, { NR32_bind, SYS_bind },
	{ NR32_connect, SYS_connect }, { NR32_accept4, SYS_accept4 },
	{ NR32_sendto, SYS_sendto }, { NR32_sendmsg, SYS_sendmsg },
	{ NR32_recvfrom, SYS_recvfrom }, { NR32_recvmsg, SYS_recvmsg },
	{ NR32_pkey_mprotect, SYS_pkey_mprotect }, { NR32_statx, SYS_statx },
	{ NR32_shmat, SYS_shmat }, { NR32_shmdt, SYS_shmdt },
	{ NR32_clock_gettime64, SYS_clock_gettime },
	{ NR32_clone3, SYS_clone3 }, { NR32_mseal, NR_mseal },
};

#define F(a) { a, TF_RET_INT, TRACECALL_OTHER }

/* i386-only calls, and those laid out differently */
static const struct tracecall_fmt own[NR32_MAX] = {
	[NR32_waitpid]	= F("dxX"),
	[NR32_execve]	= { "sve", TF_RET_INT, TRACECALL_EXEC },
	[NR32_signal]	= { "Sx", TF_RET_HEX, TRACECALL_OTHER },
	[NR32_sigaction]	= F("Sxx"),		/* the old struct */
	[NR32_sigsuspend]	= F("ddX"),		/* sigsuspend: the mask by value */
	[NR32_sigpending]	= F("x"),
	/* old mmap: one pointer to six words, shown as its words */
	[NR32_OLD_MMAP] = { "xuPMdX", TF_RET_ADDR, TRACECALL_MM },
	[NR32_socketcall]	= F("dx"),		/* socketcall: call, args */
	[NR32_ipc]	= F("dddXxX"),		/* ipc: call, first..fifth */
	[NR32_sigreturn]	= { "", TF_RET_HEX, TRACECALL_OTHER },
	[NR32_sigprocmask]	= F("Hxx"),
	[NR32__llseek]	= F("dXXxd"),
	/* mmap2: the last argument is the offset in pages */
	[NR32_mmap2]	= { "xuPMdX", TF_RET_ADDR, TRACECALL_MM },
	[NR32_set_thread_area]	= F("x"),
	[NR32_get_thread_area]	= F("x"),
	[NR32_execveat]	= { "fsveZ", TF_RET_INT, TRACECALL_EXEC },
};

static const struct tracecall_fmt *fmt_of(long nr)
{
	if (nr < 0 || nr >= NR32_MAX)
		return NULL;
	if (own[nr].args)
		return &own[nr];
	for (size_t i = 0; i < NELEM(same); i++)
		if (same[i].nr32 == nr)
			return tracecall_fmt_of(same[i].nr64);
	return NULL;
}

enum tracecall_cat tracecall32_category(long nr)
{
	const struct tracecall_fmt *f = fmt_of(nr);

	return f ? (enum tracecall_cat)f->cat : TRACECALL_OTHER;
}

int tracecall32_noreturn(long nr)
{
	const struct tracecall_fmt *f = fmt_of(nr);

	return f && f->ret == TF_RET_NONE;
}

/* The result the guest sees in eax, widened: errors negative. */
static long widen_ret(long ret)
{
	uint32_t v = (uint32_t)ret;

	return v >= (uint32_t)-4095 ? (long)(int32_t)v : (long)v;
}

void tracecall32_format(struct tracefmt_buf *b, long nr, const long *a,
			long ret, const struct tracecall_mem *m)
{
	const struct tracecall_fmt *f = fmt_of(nr);
	uint32_t w[6];
	long v[6];

	if (nr == NR32_OLD_MMAP && m->read(w, (uint32_t)a[0], sizeof w) == 0) {
		for (int i = 0; i < 6; i++)
			v[i] = w[i];
		a = v;
	} else if (nr == NR32_OLD_MMAP) {
		f = NULL;	/* unreadable: the registers, as for any call */
	}
	tracecall_put(b, tracefmt_sysname32(nr), nr, f, a, widen_ret(ret), m);
}
