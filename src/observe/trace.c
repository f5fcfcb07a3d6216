/*
 * trace.c - VMLOAD_TRACE lines (async-signal-safe zone, except trace_init:
 * host_* calls only, each line formatted on the handler's stack and
 * written with one write(2)).
 *
 * Where the lines go. With no file, to fd 2 as it is at that moment: a
 * guest that redirects its stderr takes the trace with it, as it would
 * take vmload's other messages. With VMLOAD_TRACE_FILE, to a descriptor of
 * vmload's own, opened O_APPEND (every process of a fork/exec tree appends
 * whole lines to the same file) and O_CLOEXEC (each exec's vmload opens
 * it again), moved high (F_DUPFD_CLOEXEC) so that it does not take a
 * number the guest expects open() to return. The guest may close that
 * descriptor or dup2 another file over it without knowing: before each
 * line an fstat checks that the number still names the trace file (same
 * device and inode), and the file is opened again when it does not; the
 * descriptor found there is the guest's and is never closed. One fstat per
 * line costs less than reopening the file for every line (open, write,
 * close and a path walk), and only tracing pays it.
 */
#include "observe.h"

#include <linux/errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "base.h"
#include "mm.h"
#include "tracecall.h"
#include "tracecall32.h"
#include "tracefmt.h"
#include "vmload/layout.h"

#define LINE 2048		/* one line at most, newline included */

unsigned trace_mask;

static char file_path[VML_PATH_MAX];	/* "": fd 2; immutable after init */
static int file_fd = -1;		/* ours, or -1; atomic */
static uint64_t file_dev, file_ino;	/* what file_fd must name */

/* ---- the output ---- */

/* A descriptor number the guest is unlikely to want: near the top of the
 * first 1024 (select's limit), below RLIMIT_NOFILE. */
static long high_fd(void)
{
	struct { uint64_t cur, max; } rl;
	uint64_t lim = 1024;

	if (host_sys4(SYS_prlimit64, 0, 7 /* RLIMIT_NOFILE */, 0, &rl) == 0 &&
	    rl.cur < lim)
		lim = rl.cur;
	return (long)(lim >= 128 ? lim - 64 : lim / 2);
}

static int open_file(void)
{
	struct stat st;
	int fd = host_open(file_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
			   0644);
	long hi;

	if (fd < 0)
		return fd;
	hi = host_sys3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, high_fd());
	if (hi >= 0) {
		host_close(fd);
		fd = (int)hi;
	}
	if (host_sys2(SYS_fstat, fd, &st) < 0) {
		host_close(fd);
		return -EBADF;
	}
	file_dev = st.st_dev;
	file_ino = st.st_ino;
	return fd;
}

/* Where this line goes: fd 2, the trace file's descriptor, or -1. */
static int out_fd(void)
{
	struct stat st;
	int fd, nfd;

	if (!file_path[0])
		return 2;
	fd = __atomic_load_n(&file_fd, __ATOMIC_ACQUIRE);
	if (fd >= 0 && host_sys2(SYS_fstat, fd, &st) == 0 &&
	    st.st_dev == file_dev && st.st_ino == file_ino)
		return fd;
	/* closed or replaced by the guest: the number is not ours now */
	nfd = open_file();
	if (nfd < 0)
		return -1;
	if (!__atomic_compare_exchange_n(&file_fd, &fd, nfd, 0, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		host_close(nfd);	/* another thread reopened it first */
		return fd;
	}
	return nfd;
}

int trace_init(unsigned mask, const char *file)
{
	size_t n = file ? strlen(file) : 0;
	int fd;

	if (!mask)
		return 0;
	if (n) {
		if (n >= sizeof file_path)
			return -ENAMETOOLONG;
		memcpy(file_path, file, n + 1);
		fd = open_file();
		if (fd < 0) {
			file_path[0] = '\0';
			return fd;
		}
		file_fd = fd;
	}
	trace_mask = mask;
	return 0;
}

/* "vmload: [pid 1234] " (a thread other than the main one: "[pid 1234
 * tid 1240] "; an ia32 guest's system call: "[pid 1234 i386] "). Both
 * are asked of the kernel: a vfork child shares the runtime's memory, and
 * so any cached copy, with its parent. */
static void line_begin_abi(struct tracefmt_buf *b, char *buf, size_t size,
			   int i386)
{
	int pid = host_getpid(), tid = host_gettid();

	/* one byte kept for the newline */
	tracefmt_init(b, buf, size - 1);
	tracefmt_put(b, "vmload: [pid %d", pid);
	if (tid != pid)
		tracefmt_put(b, " tid %d", tid);
	tracefmt_put(b, "%s] ", i386 ? " i386" : "");
}

static void line_begin(struct tracefmt_buf *b, char *buf, size_t size)
{
	line_begin_abi(b, buf, size, /* i386 = */ 0);
}

static void line_end(struct tracefmt_buf *b)
{
	int fd = out_fd();

	b->p[b->len] = '\n';
	if (fd >= 0)
		host_write_all(fd, b->p, b->len + 1);
}

/* ---- system calls ---- */

static long read_guest_str(char *dst, uintptr_t src, size_t cap)
{
	return pager_copy_str(dst, src, cap);
}

static int read_guest(void *dst, uintptr_t src, size_t len)
{
	return pager_copy_in(dst, src, len);
}

static const struct tracecall_mem guest_mem = { read_guest_str, read_guest };

/* Does a category being traced want a line of category cat? With both mm
 * and syscall, an mm call is still one line. */
static int wanted_cat(enum tracecall_cat cat)
{
	switch (cat) {
	case TRACECALL_MM:
		return trace_on(VML_TRACE_MM | VML_TRACE_SYSCALL);
	case TRACECALL_EXEC:
		return trace_on(VML_TRACE_EXEC | VML_TRACE_SYSCALL);
	default:
		return trace_on(VML_TRACE_SYSCALL);
	}
}

static int wanted(long nr)
{
	return wanted_cat(tracecall_category(nr));
}

static int wanted32(long nr)
{
	return wanted_cat(tracecall32_category(nr));
}

/* i386: the guest's execve after the runtime widened its vectors, an
 * x86-64 call in form; only the prefix says whose it is */
static void call_line(long nr, const long *a, long ret, int i386)
{
	char buf[LINE];
	struct tracefmt_buf b;

	line_begin_abi(&b, buf, sizeof buf, i386);
	tracecall_format(&b, nr, a, ret, &guest_mem);
	line_end(&b);
}

static void call32_line(long nr, const long *a, long ret)
{
	char buf[LINE];
	struct tracefmt_buf b;

	line_begin_abi(&b, buf, sizeof buf, /* i386 = */ 1);
	tracecall32_format(&b, nr, a, ret, &guest_mem);
	line_end(&b);
}

void trace_syscall_enter(long nr, const long *a)
{
	if (tracecall_noreturn(nr) && wanted(nr))
		call_line(nr, a, 0, /* i386 = */ 0);
}

void trace_syscall_done(long nr, const long *a, long ret)
{
	if (!tracecall_noreturn(nr) && wanted(nr))
		call_line(nr, a, ret, /* i386 = */ 0);
}

void trace_syscall32_enter(long nr, const long *a)
{
	if (tracecall32_noreturn(nr) && wanted32(nr))
		call32_line(nr, a, 0);
}

void trace_syscall32_done(long nr, const long *a, long ret)
{
	if (!tracecall32_noreturn(nr) && wanted32(nr))
		call32_line(nr, a, ret);
}

void trace_exec_commit(long nr, const long *a, int i386)
{
	if (wanted(nr))
		call_line(nr, a, 0, i386);
}

/* ---- faults ---- */

static const char *access_name(int access)
{
	if (access & PAGER_WRITE)
		return "write";
	return access & PAGER_EXEC ? "exec" : "read";
}

/* Anonymous memory behind a file identity: MAP_SHARED|MAP_ANONYMOUS (the
 * kernel's "/dev/zero (deleted)") and System V segments. */
static int anon_backed(const struct vma *v)
{
	return !v->file || (v->flags & VMA_SHM) ||
	       !strncmp(v->file->path, "/dev/zero", 9);
}

static void put_vma(struct tracefmt_buf *b, const struct vma *v)
{
	const char *name = procfs_vma_name(v);

	tracefmt_put(b, " in %lx-%lx %c%c%c%c", (unsigned long)v->start,
		     (unsigned long)v->end, v->prot & PROT_READ ? 'r' : '-',
		     v->prot & PROT_WRITE ? 'w' : '-',
		     v->prot & PROT_EXEC ? 'x' : '-',
		     v->flags & VMA_SHARED ? 's' : 'p');
	if (name)
		tracefmt_put(b, " %s", name);
}

/* What a consumed fault did: "demand-zero 0x...-0x... (16 pages)". */
static void put_grant(struct tracefmt_buf *b, const struct pager_event *ev)
{
	unsigned long pages = (ev->hi - ev->lo) / VML_PAGE;
	const char *what;

	if (ev->lo == ev->hi) {
		tracefmt_put(b, "present (protection restored)");
		return;
	}
	if (ev->coarsened)
		what = "coarsened";
	else if (ev->from == PT_RO)
		what = "cow";
	else if (anon_backed(&ev->vma))
		what = "demand-zero";
	else
		what = "file";
	if (ev->grew)
		tracefmt_put(b, "stack growth, ");
	tracefmt_put(b, "%s 0x%lx-0x%lx (%lu page%s)", what,
		     (unsigned long)ev->lo, (unsigned long)ev->hi, pages,
		     pages == 1 ? "" : "s");
}

void trace_fault(uintptr_t addr, int access, int r,
		 const struct pager_event *ev)
{
	char buf[LINE];
	struct tracefmt_buf b;

	if (!trace_on(VML_TRACE_FAULT))
		return;
	line_begin(&b, buf, sizeof buf);
	tracefmt_put(&b, "fault 0x%lx %s%s", (unsigned long)addr,
		     access_name(access), (access & PAGER_RETRY) ? " (again)" : "");
	if (ev->found)
		put_vma(&b, &ev->vma);
	else
		tracefmt_put(&b, " (no VMA)");
	tracefmt_put(&b, " -> ");
	switch (r) {
	case 0:
		put_grant(&b, ev);
		break;
	case PAGER_MAPERR:
		tracefmt_put(&b, "delivered SIGSEGV SEGV_MAPERR");
		break;
	case PAGER_ACCERR:
		tracefmt_put(&b, "delivered SIGSEGV SEGV_ACCERR");
		break;
	default:
		tracefmt_put(&b, "not granted (out of memory): delivered SIGSEGV");
		break;
	}
	line_end(&b);
}

/* ---- signals ---- */

/* The siginfo fields strace shows for this kind of signal. */
static void put_siginfo(struct tracefmt_buf *b, int sig, int code,
			uintptr_t addr, const siginfo_t *si)
{
	const char *cname = tracefmt_sicode(sig, code);

	if (cname)
		tracefmt_put(b, "{si_code=%s", cname);
	else
		tracefmt_put(b, "{si_code=%d", code);
	if (code <= 0)		/* sent: by whom */
		tracefmt_put(b, ", si_pid=%d, si_uid=%u", si->si_pid,
			     (unsigned)si->si_uid);
	else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
		 sig == SIGFPE || sig == SIGTRAP)
		tracefmt_put(b, ", si_addr=0x%lx", (unsigned long)addr);
	else if (sig == SIGCHLD && code != 0x80)
		tracefmt_put(b, ", si_pid=%d, si_status=%d", si->si_pid,
			     si->si_status);
	tracefmt_put(b, "}");
}

void trace_signal(int sig, int code, uintptr_t addr, const siginfo_t *host,
		  uintptr_t handler, int fatal)
{
	char buf[LINE], tmp[16];
	struct tracefmt_buf b;
	int forced = host->si_code > 0;	/* raised by the kernel, not sent */

	if (!trace_on(VML_TRACE_SIGNAL))
		return;
	line_begin(&b, buf, sizeof buf);
	tracefmt_put(&b, "signal %s ", tracefmt_signame(sig, tmp));
	put_siginfo(&b, sig, code, addr, host);
	if (handler == (uintptr_t)SIG_IGN && !forced)
		tracefmt_put(&b, " -> ignored");
	else if (fatal)
		tracefmt_put(&b, " -> blocked while raised by a fault: die");
	else if (handler == (uintptr_t)SIG_DFL || handler == (uintptr_t)SIG_IGN)
		tracefmt_put(&b, " -> default action: die");
	else
		tracefmt_put(&b, " -> handler 0x%lx", (unsigned long)handler);
	line_end(&b);
}

/* ---- exec ---- */

void trace_layout(const struct vml_exec_info *l)
{
	char buf[LINE];
	struct tracefmt_buf b;

	if (!trace_on(VML_TRACE_EXEC))
		return;
	line_begin(&b, buf, sizeof buf);
	tracefmt_put(&b, "exec ");
	tracefmt_str(&b, l->path, strlen(l->path), 1024, 0);
	if (strcmp(l->path, l->file)) {
		tracefmt_put(&b, " (ELF ");
		tracefmt_str(&b, l->file, strlen(l->file), 1024, 0);
		tracefmt_put(&b, ")");
	}
	tracefmt_put(&b, ": window %s (TASK_SIZE 0x%lx) %s, load 0x%lx (bias "
		     "0x%lx)", l->window, (unsigned long)l->task_size,
		     l->legacy ? "legacy" : "topdown",
		     (unsigned long)l->load_base, (unsigned long)l->load_bias);
	if (l->interp) {
		tracefmt_put(&b, ", interp ");
		tracefmt_str(&b, l->interp, strlen(l->interp), 1024, 0);
		tracefmt_put(&b, " at 0x%lx", (unsigned long)l->interp_base);
	}
	tracefmt_put(&b, ", entry 0x%lx, brk 0x%lx, mmap_base 0x%lx, stack_top "
		     "0x%lx", (unsigned long)l->entry, (unsigned long)l->brk,
		     (unsigned long)l->mmap_base, (unsigned long)l->stack_top);
	line_end(&b);
}
