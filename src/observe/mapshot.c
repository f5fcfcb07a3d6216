/*
 * mapshot.c - when the program ends, whether to draw its address space
 * (observe.h; async-signal-safe zone: host_* calls only). The drawing
 * itself is mapshot_draw.c's, on the terminal path.
 */
#include "mapshot_int.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "base.h"

static char dest[MAPSHOT_PATH_CAP];	/* immutable after mapshot_configure */
static int err_fd = -1;		/* "txt": the stderr vmload started with */
static int done;		/* drawn (or being drawn): once per process */
static int owner;		/* the pid that draws */

/*
 * Programs often close their stderr before they exit (coreutils do): keep
 * a copy, close-on-exec (a guest's exec starts a new vmload, which keeps
 * its own), at the top of the descriptor table where a guest looks last.
 */
static void keep_stderr(void)
{
	struct rlimit rl;

	if (host_sys2(SYS_getrlimit, RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur < 64)
		return;
	if (rl.rlim_cur > (1 << 20))
		rl.rlim_cur = 1 << 20;
	err_fd = (int)host_sys3(SYS_fcntl, 2, F_DUPFD_CLOEXEC, rl.rlim_cur - 8);
}

void mapshot_configure(const char *d, int own)
{
	size_t n = d ? strlen(d) : 0;

	if (n >= sizeof dest)
		n = 0;
	memcpy(dest, d ? d : "", n);
	dest[n] = '\0';
	owner = own ? own : host_getpid();
	if (!strcmp(dest, "txt"))
		keep_stderr();
}

static void draw(const char *end)
{
	if (!final_enter())
		return;
	if (!__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL))
		mapshot_draw(dest, err_fd, end);
	final_leave();
}

static int wanted(void)
{
	return dest[0] && !__atomic_load_n(&done, __ATOMIC_RELAXED) &&
	       host_getpid() == owner;
}

/* ---- when the program ends ---- */

void mapshot_at_exit(int status)
{
	char end[40];

	if (!wanted())
		return;
	log_fmt(end, sizeof end, "exit status %d", status & 0xff);
	draw(end);
}

/* Is the thread named by a /proc/self/task entry alive (not a zombie)? */
static int thread_alive(const char *name)
{
	char path[64], st[160];
	const char *p;
	long len;
	int fd;

	log_fmt(path, sizeof path, "/proc/self/task/%s/stat", name);
	fd = host_open(path, O_RDONLY | O_CLOEXEC, 0);
	len = fd < 0 ? -1 : host_read(fd, st, sizeof st - 1);
	if (fd >= 0)
		host_close(fd);
	if (len <= 0)
		return 0;
	st[len] = '\0';
	/* "tid (comm) S ...": the state follows the last ')' */
	p = strrchr(st, ')');
	return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

/* Is the caller the only thread left (the others gone or zombies)? */
static int last_thread(void)
{
	char buf[2048], self[16];
	int dir = host_open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	int alive = 0;
	long n;

	if (dir < 0)
		return 0;
	log_fmt(self, sizeof self, "%d", host_gettid());
	while (!alive && (n = host_sys3(SYS_getdents64, dir, buf, sizeof buf)) > 0) {
		for (long off = 0; off < n && !alive;) {
			const char *name = buf + off + 19;	/* d_name */
			unsigned short reclen;

			memcpy(&reclen, buf + off + 16, sizeof reclen);	/* d_reclen */
			if (reclen == 0)
				break;
			off += reclen;
			if (name[0] >= '1' && name[0] <= '9' && strcmp(name, self))
				alive = thread_alive(name);
		}
	}
	host_close(dir);
	return !alive;
}

void mapshot_at_thread_exit(int status)
{
	char end[48];

	if (!wanted() || !last_thread())
		return;
	log_fmt(end, sizeof end, "last thread's exit status %d", status & 0xff);
	draw(end);
}

static const char *sig_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGILL: return "SIGILL";
	case SIGFPE: return "SIGFPE";
	case SIGSYS: return "SIGSYS";
	case SIGTRAP: return "SIGTRAP";
	case SIGABRT: return "SIGABRT";
	default: return NULL;
	}
}

void mapshot_at_signal(int sig)
{
	char end[40];

	if (!wanted())
		return;
	if (sig_name(sig))
		log_fmt(end, sizeof end, "killed by %s", sig_name(sig));
	else
		log_fmt(end, sizeof end, "killed by signal %d", sig);
	draw(end);
}
