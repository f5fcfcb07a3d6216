/*
 * mapshot.c - the address space drawn when the program ends (mapshot.h).
 *
 * The checks before final_enter() are async-signal-safe (host_* calls
 * only); everything after it is the terminal path (final.h): malloc,
 * stdio and the renderer. The picture is written to FILE.tmp.PID and
 * renamed, so a process killed while drawing leaves no half picture.
 */
#include "mapshot.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "as.h"
#include "final.h"
#include "host.h"
#include "log.h"
#include "vmload/mapdraw.h"
#include "procfs.h"

#define ENOMEM 12
#define PATH_CAP 512

static char dest[PATH_CAP];	/* immutable after mapshot_configure */
static int owner;		/* the pid that draws */
static int err_fd = -1;		/* "txt": the stderr vmload started with */
static int done;		/* drawn (or being drawn): once per process */

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

static int wanted(void)
{
	return dest[0] && !__atomic_load_n(&done, __ATOMIC_RELAXED) &&
	       host_getpid() == owner;
}

/* ---- the snapshot (terminal path) ---- */

static void fill(struct mapdraw_region *r, const struct vma *v)
{
	r->start = v->start;
	r->end = v->end;
	r->prot = v->prot;
	r->shared = (v->flags & VMA_SHARED) != 0;
	r->off = v->file ? v->pgoff : 0;
	if (v->file) {
		r->major = v->file->dev_major;
		r->minor = v->file->dev_minor;
		r->ino = v->file->ino;
	}
	/* names are static strings or file identities, never freed */
	r->name = procfs_vma_name(v);
}

/* The guest's VMAs, as its /proc/self/maps shows them, into s (regions
 * malloc'd). Other threads may still run: the copy is made under as.lock,
 * into memory allocated before taking it. */
static int snapshot(struct mapdraw_space *s)
{
	const struct vma *v;
	size_t cap;

	as_lock();
	cap = vml_as.tree.count + 16;
	as_unlock();
	s->regions = calloc(cap, sizeof *s->regions);
	if (!s->regions)
		return -ENOMEM;
	as_lock();
	for (v = vma_first(&vml_as.tree); v && s->n < cap; v = vma_next(v))
		if (!(v->flags & VMA_HOST))
			fill(&s->regions[s->n++], v);
	s->legacy = vml_as.layout.legacy;
	s->task_size = vml_as.layout.task_size;
	s->mmap_min = vml_as.layout.mmap_min;
	s->mmap_base = vml_as.layout.mmap_base;
	s->start_brk = vml_as.start_brk;
	s->brk = vml_as.brk;
	s->stack_top = vml_as.stack_top;
	s->start_stack = vml_as.start_stack;
	as_unlock();
	s->exe = procfs_exe();
	s->pid = host_getpid();
	mapdraw_classify(s);
	return 0;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static int render(FILE *f, const char *name, struct mapdraw_space *s)
{
	const struct mapdraw_space *one[1] = { s };

	if (has_suffix(name, ".maps"))
		return mapdraw_dump_write(f, s);
	if (has_suffix(name, ".svg"))
		return mapdraw_svg(f, one, 1, NULL);
	return mapdraw_txt(f, one, 1, NULL);
}

static void write_out(struct mapdraw_space *s)
{
	char tmp[PATH_CAP + 32];
	FILE *f;
	int fd, r;

	if (!strcmp(dest, "txt")) {
		fd = (int)host_sys3(SYS_fcntl, err_fd, F_DUPFD_CLOEXEC, 3);
		if (fd < 0)
			fd = (int)host_sys3(SYS_fcntl, 2, F_DUPFD_CLOEXEC, 3);
		f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (f) {
			render(f, dest, s);
			fclose(f);
		}
		return;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp.%d", dest, s->pid);
	fd = host_open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			host_close(fd);
		log_msg("map: cannot write %s (error %d)", tmp, fd < 0 ? -fd : 12);
		return;
	}
	r = render(f, dest, s);
	if (fclose(f) != 0 && r == 0)
		r = -5; /* EIO */
	if (r == 0)
		r = (int)host_sys2(SYS_rename, tmp, dest);
	if (r < 0) {
		host_sys1(SYS_unlink, tmp);
		log_msg("map: cannot write %s (error %d)", dest, -r);
	}
}

static void draw(const char *end)
{
	struct mapdraw_space s;

	if (!final_enter())
		return;
	if (!__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL)) {
		memset(&s, 0, sizeof s);
		s.end = end;
		if (snapshot(&s) == 0)
			write_out(&s);
		else
			log_msg("map: out of memory");
		free(s.regions);
	}
	final_leave();
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
