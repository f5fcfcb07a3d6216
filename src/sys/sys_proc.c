/*
 * sys_proc.c - trapped process and file system calls: execve stays inside
 * vmload (D9), fork keeps the address space consistent, the guest sees its
 * own /proc/self/maps and /proc/self/exe (D10), and SIGSYS stays the
 * runtime's (async-signal-safe zone).
 */
#include "sys.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "arena.h"
#include "as.h"
#include "host.h"
#include "log.h"
#include "mapshot.h"
#include "pager.h"
#include "sysargs.h"
#include "thread.h"
#include "trace.h"
#include "trap.h"
#include "vsig.h"
#include "vsig32.h"
#include "procfs.h"
#include "vmload/mman.h"

#define ENOENT 2
#define ENOEXEC 8
#define EFAULT 14
#define EINVAL 22
#define EACCES 13
#define E2BIG 7
#define ENOMEM 12

#define SIGSYS_BIT (1ULL << (SIGSYS - 1))
#define PATH_CAP 4096

char *const *sys_exec_prefix(void);

/* ---- signal masks around calls that may sleep ---- */

static const uint64_t handler_mask =
	~((1ULL << (SIGSEGV - 1)) | (1ULL << (SIGBUS - 1)) |
	  (1ULL << (SIGILL - 1)) | (1ULL << (SIGFPE - 1)) |
	  (1ULL << (SIGTRAP - 1)) | SIGSYS_BIT);

void sys_enter_guest_mask(ucontext_t *uc)
{
	struct vml_thread *t = thread_self();

	if (t)
		t->in_call = 1;
	host_sys4(SYS_rt_sigprocmask, SIG_SETMASK, &uc->uc_sigmask, 0, 8);
}

void sys_leave_guest_mask(void)
{
	struct vml_thread *t = thread_self();

	host_sys4(SYS_rt_sigprocmask, SIG_SETMASK, &handler_mask, 0, 8);
	if (t)
		t->in_call = 0;
}

/* A passthrough that may block runs with the guest's own mask, so its
 * signals interrupt it as they would natively. */
static long passthrough(long nr, const long *a, ucontext_t *uc)
{
	long r;

	sysargs_prepare(nr, a);
	sys_enter_guest_mask(uc);
	r = host_syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	sys_leave_guest_mask();
	return r;
}

/* ---- /proc/self/maps and /proc/self/exe ---- */

/* The guest's cmdline or environ in a memfd. */
static long open_args(int flags, int what)
{
	int fd;

	if ((flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	fd = (int)host_sys2(SYS_memfd_create, what ? "environ" : "cmdline",
			    (flags & O_CLOEXEC) ? 1 /* MFD_CLOEXEC */ : 0);
	if (fd < 0)
		return fd;
	if (procfs_write_args(fd, what) < 0 ||
	    host_sys3(SYS_lseek, fd, 0, SEEK_SET) < 0) {
		host_close(fd);
		return -ENOMEM;
	}
	return fd;
}

/* A maps file rendered into a memfd: this process's (pid 0) or another
 * vmload process's; -ENOENT when pid is not one (then the caller passes the
 * open through). */
static long open_maps(int flags, int pid)
{
	int fd;

	if ((flags & O_ACCMODE) != O_RDONLY)
		return pid ? -ENOENT : -EACCES;
	fd = (int)host_sys2(SYS_memfd_create, "maps",
			    (flags & O_CLOEXEC) ? 1 /* MFD_CLOEXEC */ : 0);
	if (fd < 0)
		return fd;
	if ((pid ? procfs_write_maps_of(fd, pid) : procfs_write_maps(fd)) < 0 ||
	    host_sys3(SYS_lseek, fd, 0, SEEK_SET) < 0) {
		host_close(fd);
		return pid ? -ENOENT : -ENOMEM;
	}
	return fd;
}

/* Paths vmload answers itself are short; anything longer passes through. */
#define SHORT_PATH 64

static long open_common(int dirfd, uintptr_t upath, int flags, long nr,
			const long *a, ucontext_t *uc)
{
	char path[SHORT_PATH];
	long n = pager_copy_str(path, upath, sizeof path);

	if (n == -EFAULT)
		return -EFAULT;
	if (n >= 0 && (path[0] == '/' || dirfd == AT_FDCWD)) {
		int pid = procfs_other_maps_pid(path);
		long r;

		if (procfs_is_self_maps(path))
			return open_maps(flags, 0);
		if (procfs_self_args(path) >= 0)
			return open_args(flags, procfs_self_args(path));
		if (pid && (r = open_maps(flags, pid)) != -ENOENT)
			return r;
		if (procfs_is_self_exe(path) && procfs_exe()[0])
			return host_sys4(SYS_openat, AT_FDCWD, procfs_exe(),
					 flags, a[nr == SYS_open ? 2 : 3]);
	}
	return passthrough(nr, a, uc);
}

long sys_open(const long *a, ucontext_t *uc)
{
	return open_common(AT_FDCWD, (uintptr_t)a[0], (int)a[1], SYS_open, a, uc);
}

long sys_openat(const long *a, ucontext_t *uc)
{
	return open_common((int)a[0], (uintptr_t)a[1], (int)a[2], SYS_openat, a,
			   uc);
}

static long readlink_common(int dirfd, uintptr_t upath, uintptr_t buf,
			    long size, long nr, const long *a)
{
	char path[SHORT_PATH];
	long n = pager_copy_str(path, upath, sizeof path);
	size_t len;

	if (n >= 0 && (path[0] == '/' || dirfd == AT_FDCWD) &&
	    procfs_is_self_exe(path) && procfs_exe()[0]) {
		if (size <= 0)
			return -EINVAL;
		len = strlen(procfs_exe());
		if (len > (size_t)size)
			len = (size_t)size;
		return pager_copy_out(buf, procfs_exe(), len) < 0 ? -EFAULT
								 : (long)len;
	}
	sysargs_prepare(nr, a);
	return host_syscall6(nr, a[0], a[1], a[2], a[3], 0, 0);
}

long sys_readlink(const long *a, ucontext_t *uc)
{
	(void)uc;
	return readlink_common(AT_FDCWD, (uintptr_t)a[0], (uintptr_t)a[1], a[2],
			       SYS_readlink, a);
}

long sys_readlinkat(const long *a, ucontext_t *uc)
{
	(void)uc;
	return readlink_common((int)a[0], (uintptr_t)a[1], (uintptr_t)a[2], a[3],
			       SYS_readlinkat, a);
}

/* ---- execve: the new program runs under a new vmload (D9) ---- */

static int check_access(const char *path, int mode)
{
	long r = host_sys4(SYS_faccessat2, AT_FDCWD, path, mode, AT_EACCESS);

	if (r == -38 /* ENOSYS */)
		r = host_sys3(SYS_faccessat, AT_FDCWD, path, mode);
	return (int)r;
}

/* "#!interp": does the interpreter exist and may it run? */
static int check_script(const char *buf, long n)
{
	char interp[256];
	long i = 2, k = 0;

	while (i < n && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	while (i < n && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' &&
	       buf[i] && k < (long)sizeof interp - 1)
		interp[k++] = buf[i++];
	interp[k] = '\0';
	if (k == 0)
		return -ENOEXEC;
	return check_access(interp, X_OK);
}

static int check_elf(const unsigned char *b, long n)
{
	/* ELFCLASS64 with EM_X86_64, or ELFCLASS32 with EM_386/EM_486 (an
	 * ia32 program: exec32.c) */
	int class32 = n >= 52 && b[4] == 1;

	if ((n < 64 && !class32) || (b[4] != 2 && !class32) || b[5] != 1)
		return -ENOEXEC;
	if ((b[16] != 2 && b[16] != 3) || b[17] != 0) /* ET_EXEC, ET_DYN */
		return -ENOEXEC;
	if (b[19] != 0 || (class32 ? b[18] != 3 && b[18] != 6 : b[18] != 62))
		return -ENOEXEC;
	if (class32 && !host_runs_ia32())
		return -ENOEXEC;
	return 0;
}

/* What the kernel would refuse before its point of no return. */
static int exec_preflight(const char *path, int nofollow)
{
	unsigned char buf[256];
	struct stat st;
	long n;
	int fd, r;

	fd = host_open(path, O_RDONLY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0), 0);
	if (fd < 0)
		return fd;
	r = (int)host_sys2(SYS_fstat, fd, &st);
	if (r == 0 && !S_ISREG(st.st_mode))
		r = -EACCES;
	if (r == 0)
		r = check_access(path, X_OK);
	n = r == 0 ? host_read(fd, buf, sizeof buf) : 0;
	host_close(fd);
	if (r < 0)
		return r;
	if (n >= 2 && buf[0] == '#' && buf[1] == '!')
		return check_script((const char *)buf, n);
	if (n >= 4 && !memcmp(buf, "\177ELF", 4))
		return check_elf(buf, n);
	return -ENOEXEC;
}

/* Number of entries of a guest NULL-terminated pointer array. */
static long count_vector(uintptr_t v)
{
	long n = 0;
	uintptr_t chunk[64];

	if (!v)
		return 0;
	for (;;) {
		if (pager_copy_in(chunk, v + (uintptr_t)n * 8, sizeof chunk) < 0) {
			/* the array may end just before an unreadable page */
			uintptr_t one;

			if (pager_copy_in(&one, v + (uintptr_t)n * 8, 8) < 0)
				return -EFAULT;
			if (!one)
				return n;
			n++;
			continue;
		}
		for (int i = 0; i < 64; i++, n++)
			if (!chunk[i])
				return n;
		if (n > (1L << 21))
			return -E2BIG;
	}
}

#define MAX_ARG_STRLEN (32 * 4096)
#define STR_CHUNK 32	/* strings looked at with one read */
#define STR_PEEK 256	/* bytes of each, at most to its page's end */

/*
 * Make the strings at p[0..n) present for reading (n at most STR_CHUNK).
 * Each one's first bytes are prepared and read back together, with one
 * system call for the lot; only a string that goes on past them is
 * prepared further, page by page (pager_prepare_str). An unreadable string
 * is left for the kernel to refuse.
 */
static void prepare_string_chunk(const uintptr_t *p, int n)
{
	char buf[STR_CHUNK][STR_PEEK];
	struct iovec l[STR_CHUNK], r[STR_CHUNK];
	long got;

	if (n <= 0)
		return;
	for (int i = 0; i < n; i++) {
		size_t len = 4096 - (p[i] & 4095);

		if (len > STR_PEEK)
			len = STR_PEEK;
		pager_prepare(p[i], len, 0);
		l[i] = (struct iovec){ buf[i], len };
		r[i] = (struct iovec){ (void *)p[i], len };
	}
	got = host_copy_in_vec(l, r, n);
	for (int i = 0; i < n; i++) {
		size_t len = l[i].iov_len;
		int whole = got >= (long)len;

		got = whole ? got - (long)len : 0;
		if (whole && memchr(buf[i], '\0', len))
			continue;
		if (whole)
			pager_prepare_str(p[i] + len, MAX_ARG_STRLEN - len);
		else
			pager_prepare_str(p[i], MAX_ARG_STRLEN);
	}
}

/* The kernel reads every string of the vector: make them present. */
static void prepare_strings(uintptr_t v, long n)
{
	uintptr_t p[STR_CHUNK];

	for (long done = 0; done < n; done += STR_CHUNK) {
		int k = n - done < STR_CHUNK ? (int)(n - done) : STR_CHUNK;

		if (pager_copy_in(p, v + (uintptr_t)done * 8, (size_t)k * 8) < 0)
			return;
		prepare_string_chunk(p, k);
	}
}

static long exec_common(int dirfd, uintptr_t upath, uintptr_t uargv,
			uintptr_t uenvp, int flags, long nr, const long *a,
			ucontext_t *uc)
{
	char path[PATH_CAP + 32], given[PATH_CAP];
	char *const *prefix = sys_exec_prefix();
	long argc, npre = 0, n, r;
	char **nargv;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	n = pager_copy_str(given, upath, sizeof given);
	if (n < 0)
		return n;
	if (given[0] == '\0') {
		if (!(flags & AT_EMPTY_PATH))
			return -ENOENT;
		log_fmt(path, sizeof path, "/dev/fd/%d", dirfd);
	} else if (given[0] == '/' || dirfd == AT_FDCWD) {
		memcpy(path, given, (size_t)n + 1);
	} else {
		log_fmt(path, sizeof path, "/dev/fd/%d/%s", dirfd, given);
	}
	r = exec_preflight(path, flags & AT_SYMLINK_NOFOLLOW);
	if (r < 0)
		return r;
	argc = count_vector(uargv);
	if (argc < 0)
		return argc;
	n = count_vector(uenvp);
	if (n < 0)
		return -EFAULT;
	prepare_strings(uargv, argc);
	prepare_strings(uenvp, n);
	while (prefix[npre])
		npre++;
	nargv = arena_alloc((size_t)(npre + argc + 3) * sizeof *nargv);
	if (!nargv)
		return -ENOMEM;
	memcpy(nargv, prefix, (size_t)npre * sizeof *nargv);
	nargv[npre] = "--";
	nargv[npre + 1] = path;
	if (argc && pager_copy_in(nargv + npre + 2, uargv, (size_t)argc * 8) < 0) {
		r = -EFAULT;
		goto out_free_nargv;
	}
	nargv[npre + 2 + argc] = NULL;
	if (trace_on(VML_TRACE_EXEC | VML_TRACE_SYSCALL))
		trace_exec_commit(nr, a, vsig32_compat(uc));
	trap_report_stats("exec");
	sys_enter_guest_mask(uc);
	r = host_sys3(SYS_execve, "/proc/self/exe", nargv, uenvp);
	sys_leave_guest_mask();
out_free_nargv:	/* only a failed exec comes back here */
	arena_free_last(nargv, (size_t)(npre + argc + 3) * sizeof *nargv);
	return r;
}

long sys_execve(const long *a, ucontext_t *uc)
{
	return exec_common(AT_FDCWD, (uintptr_t)a[0], (uintptr_t)a[1],
			   (uintptr_t)a[2], 0, SYS_execve, a, uc);
}

long sys_execveat(const long *a, ucontext_t *uc)
{
	return exec_common((int)a[0], (uintptr_t)a[1], (uintptr_t)a[2],
			   (uintptr_t)a[3], (int)a[4], SYS_execveat, a, uc);
}

/* ---- signals: SIGSEGV, SIGBUS and SIGSYS stay the runtime's ---- */

#define VIRT_SIGS SYS_VIRT_SIGS

long sys_rt_sigaction(const long *a, ucontext_t *uc)
{
	(void)uc;
	if (a[3] != 8)
		return -EINVAL;
	return vsig_sigaction((int)a[0], (uintptr_t)a[1], (uintptr_t)a[2]);
}

/*
 * The trapped thread's mask lives in its signal frame: the kernel restores
 * uc_sigmask at sigreturn, so a change made with the host call here would
 * be lost. Edit the frame instead (sigprocmask() in kernel/signal.c: the
 * set is read first, then how is checked; SIGKILL and SIGSTOP never
 * block). The runtime's own signals are blocked only virtually.
 */
long sys_rt_sigprocmask(const long *a, ucontext_t *uc)
{
	uint64_t set, old;
	long r;

	if (a[3] != 8)
		return -EINVAL;
	if (a[1] && pager_copy_in(&set, (uintptr_t)a[1], sizeof set) < 0)
		return -EFAULT;
	r = sys_sigmask_update((int)a[0], a[1] ? &set : NULL, &old, uc);
	if (r < 0)
		return r;
	if (a[2] && pager_copy_out((uintptr_t)a[2], &old, sizeof old) < 0)
		return -EFAULT;
	return 0;
}

long sys_sigmask_update(int how, const uint64_t *set, uint64_t *oldp,
			ucontext_t *uc)
{
	struct vml_thread *t = thread_self();
	uint64_t *mask = (uint64_t *)(void *)&uc->uc_sigmask;
	uint64_t old = *mask | (t ? t->vblocked : 0), now;

	*oldp = old;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK:
		now = old | *set;
		break;
	case SIG_UNBLOCK:
		now = old & ~*set;
		break;
	case SIG_SETMASK:
		now = *set;
		break;
	default:
		return -EINVAL;
	}
	now &= ~((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)));
	if (t)
		t->vblocked = now & VIRT_SIGS;
	*mask = now & ~VIRT_SIGS;
	return 0;
}

long sys_sigaltstack(const long *a, ucontext_t *uc)
{
	return vsig_sigaltstack((uintptr_t)a[0], (uintptr_t)a[1], uc);
}

long sys_exit(const long *a, ucontext_t *uc)
{
	(void)uc;
	mapshot_at_thread_exit((int)a[0]);
	thread_exit((int)a[0]);
	__builtin_unreachable();
}

long sys_exit_group(const long *a, ucontext_t *uc)
{
	(void)uc;
	trap_report_stats("exit");
	mapshot_at_exit((int)a[0]);
	for (;;)
		host_sys1(SYS_exit_group, a[0]);
}

long sys_rt_sigreturn(const long *a, ucontext_t *uc)
{
	(void)a;
	return vsig_sigreturn(uc);
}

long sys_arch_prctl(const long *a, ucontext_t *uc)
{
	(void)uc;
	return thread_arch_prctl(a);
}

long sys_clone3(const long *a, ucontext_t *uc)
{
	(void)a;
	(void)uc;
	return -38; /* ENOSYS: glibc falls back to clone */
}

void sys_deliver_sigsys(siginfo_t *si, ucontext_t *uc)
{
	vsig_deliver(SIGSYS, si->si_code, 0, si, uc);
}

/* ---- fork: the child returns here, on a copy of this very stack ---- */

static long fork_common(unsigned long flags, long stack, long ptid, long ctid,
			long tls, ucontext_t *uc)
{
	int parent_tid = host_gettid();
	long r;

	as_lock();
	pager_fork_prepare_locked();
	/* the kernel writes these itself (the child's after the copy): they
	 * must be writable after the downgrade above */
	if (ptid && (flags & CLONE_PARENT_SETTID))
		pager_prepare_locked((uintptr_t)ptid, (uintptr_t)ptid + sizeof(int), 1);
	if (ctid && (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)))
		pager_prepare_locked((uintptr_t)ctid, (uintptr_t)ctid + sizeof(int), 1);
	r = host_sys5(SYS_clone, flags, 0, ptid, ctid, tls);
	if (r == 0) {
		pager_fork_child_locked(parent_tid);
		thread_fork_child();
		trap_fork_child();
		vsig_fork_child();
		mman_fork_child();
		if (stack)
			uc->uc_mcontext.gregs[REG_RSP] = stack;
		return 0;
	}
	as_unlock();
	return r;
}

long sys_clone(const long *a, ucontext_t *uc)
{
	if ((unsigned long)a[0] & CLONE_VM)
		return thread_clone(a, uc);
	return fork_common((unsigned long)a[0], a[1], a[2], a[3], a[4], uc);
}

long sys_fork(const long *a, ucontext_t *uc)
{
	(void)a;
	return fork_common(SIGCHLD, 0, 0, 0, 0, uc);
}
