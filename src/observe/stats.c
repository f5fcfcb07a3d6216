/*
 * stats.c - VMLOAD_STATS: a line of counters per process image, when the
 * program exits or execs (observe.h; async-signal-safe zone). The counts
 * are base's (counters_mine); this file only decides where the line goes
 * and writes it.
 *
 * The lines go to the stderr vmload started with, kept as a close-on-exec
 * duplicate at a high descriptor (the guest sees one more open file, with
 * stats on only): programs that close their stderr before they exit
 * (gnulib's close_stdout in find, xz) keep their line. If the guest closes
 * that descriptor too, or puts another file there, the line goes to fd 2
 * as it is then.
 */
#include "observe.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "base.h"
#include "mm.h"

static int stats;		/* immutable after stats_set */
static int stats_fd = 2;	/* where the lines go: see stats_fd_open */
static unsigned long stats_dev, stats_ino;

/* The duplicate sits this far below RLIMIT_NOFILE's soft limit (at most
 * 1020): the top of the table, where a guest looks last. */
#define STATS_FD_MAX 1020
#define STATS_FD_GAP 4

static void stats_fd_open(void)
{
	struct rlimit rl;
	struct stat st;
	long fd, min = STATS_FD_MAX;

	if (host_sys2(SYS_getrlimit, RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur < (rlim_t)min + STATS_FD_GAP)
		min = (long)rl.rlim_cur - STATS_FD_GAP;
	if (min < 16)
		return;
	fd = host_sys3(SYS_fcntl, 2, F_DUPFD_CLOEXEC, min);
	if (fd < 0)
		return;
	if (host_sys2(SYS_fstat, fd, &st) < 0) {
		host_close((int)fd);
		return;
	}
	stats_fd = (int)fd;
	stats_dev = st.st_dev;
	stats_ino = st.st_ino;
}

static int stats_out(void)
{
	struct stat st;

	if (stats_fd != 2 && host_sys2(SYS_fstat, stats_fd, &st) == 0 &&
	    st.st_dev == stats_dev && st.st_ino == stats_ino)
		return stats_fd;
	return 2;
}

void stats_set(int on)
{
	stats = on;
	if (!on)
		return;
	counters_split(host_getpid());
	stats_fd_open();
}

void stats_report(const char *why)
{
	struct vml_counters *c;
	char buf[320];
	size_t n;

	if (!stats)
		return;
	c = counters_mine();
	n = log_fmt(buf, sizeof buf, "vmload: stats: pid %d %s: %lu trapped "
		    "system calls, %lu demand faults (%lu pages), %lu "
		    "copy-on-write breaks (%lu pages), page table %lu KiB\n",
		    host_getpid(), why, c->traps, c->faults, c->pages,
		    c->cow_breaks, c->cow_pages,
		    (unsigned long)(pagetable_bytes() >> 10));
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	host_write_all(stats_out(), buf, n);
	/* a line counts from the process's previous one: after an exec that
	 * failed, or a vfork child's, nothing is counted twice */
	counters_clear(c);
}

void stats_fork_child(void)
{
	counters_fork_child();
}
