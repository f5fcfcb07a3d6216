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

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
#define NR32_MAX 512
#define NR32_OLD_MMAP 90

/* i386 number -> the x86-64 number whose format fits */
static const struct {
	short nr32, nr64;
} same[] = {
	{ 1, SYS_exit }, { 2, SYS_fork }, { 3, SYS_read }, { 4, SYS_write },
	{ 5, SYS_open }, { 8, SYS_creat }, { 9, SYS_link }, { 10, SYS_unlink },
	{ 12, SYS_chdir }, { 15, SYS_chmod }, { 33, SYS_access },
	{ 38, SYS_rename }, { 39, SYS_mkdir }, { 40, SYS_rmdir },
	{ 42, SYS_pipe }, { 45, SYS_brk }, { 54, SYS_ioctl }, { 55, SYS_fcntl },
	{ 83, SYS_symlink }, { 85, SYS_readlink }, { 91, SYS_munmap },
	{ 99, SYS_statfs }, { 100, SYS_fstatfs }, { 114, SYS_wait4 },
	{ 120, SYS_clone }, { 122, SYS_uname }, { 125, SYS_mprotect },
	{ 141, SYS_getdents }, { 142, SYS_select }, { 144, SYS_msync },
	{ 145, SYS_readv }, { 146, SYS_writev }, { 162, SYS_nanosleep },
	{ 163, SYS_mremap }, { 168, SYS_poll }, { 172, SYS_prctl },
	{ 173, SYS_rt_sigreturn }, { 174, SYS_rt_sigaction },
	{ 175, SYS_rt_sigprocmask }, { 176, SYS_rt_sigpending },
	{ 179, SYS_rt_sigsuspend }, { 183, SYS_getcwd },
	{ 186, SYS_sigaltstack }, { 195, SYS_stat }, { 196, SYS_lstat },
	{ 197, SYS_fstat }, { 218, SYS_mincore }, { 219, SYS_madvise },
	{ 220, SYS_getdents64 }, { 221, SYS_fcntl }, { 226, SYS_setxattr },
	{ 227, SYS_lsetxattr }, { 228, SYS_fsetxattr }, { 229, SYS_getxattr },
	{ 230, SYS_lgetxattr }, { 231, SYS_fgetxattr }, { 232, SYS_listxattr },
	{ 233, SYS_llistxattr }, { 234, SYS_flistxattr }, { 240, SYS_futex },
	{ 252, SYS_exit_group }, { 258, SYS_set_tid_address },
	{ 265, SYS_clock_gettime }, { 295, SYS_openat }, { 300, SYS_newfstatat },
	{ 301, SYS_unlinkat }, { 305, SYS_readlinkat },
	{ 311, SYS_set_robust_list }, { 331, SYS_pipe2 },
	{ 355, SYS_getrandom }, { 356, SYS_memfd_create },
	{ 360, SYS_socketpair }, { 361, SYS_bind }, { 362, SYS_connect },
	{ 364, SYS_accept4 }, { 369, SYS_sendto }, { 370, SYS_sendmsg },
	{ 371, SYS_recvfrom }, { 372, SYS_recvmsg }, { 380, SYS_pkey_mprotect },
	{ 383, SYS_statx }, { 397, SYS_shmat }, { 398, SYS_shmdt },
	{ 403, SYS_clock_gettime }, { 435, SYS_clone3 }, { 462, 462 /* mseal */ },
};

#define F(a) { a, TF_RET_INT, TRACECALL_OTHER }

/* i386-only calls, and those laid out differently */
static const struct tracecall_fmt own[NR32_MAX] = {
	[7]	= F("dxX"),		/* waitpid */
	[11]	= { "sve", TF_RET_INT, TRACECALL_EXEC },	/* execve */
	[48]	= { "Sx", TF_RET_HEX, TRACECALL_OTHER },	/* signal */
	[67]	= F("Sxx"),		/* sigaction (old struct) */
	[72]	= F("ddX"),		/* sigsuspend: the mask by value */
	[73]	= F("x"),		/* sigpending */
	/* old mmap: one pointer to six words, shown as its words */
	[NR32_OLD_MMAP] = { "xuPMdX", TF_RET_ADDR, TRACECALL_MM },
	[102]	= F("dx"),		/* socketcall: call, args */
	[117]	= F("dddXxX"),		/* ipc: call, first..fifth */
	[119]	= { "", TF_RET_HEX, TRACECALL_OTHER },	/* sigreturn */
	[126]	= F("Hxx"),		/* sigprocmask */
	[140]	= F("dXXxd"),		/* _llseek */
	/* mmap2: the last argument is the offset in pages */
	[192]	= { "xuPMdX", TF_RET_ADDR, TRACECALL_MM },
	[243]	= F("x"),		/* set_thread_area */
	[244]	= F("x"),		/* get_thread_area */
	[358]	= { "fsveZ", TF_RET_INT, TRACECALL_EXEC },	/* execveat */
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
