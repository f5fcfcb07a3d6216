/*
 * procfs.c - /proc/<pid>/maps as the guest sees it (async-signal-safe zone).
 *
 * Format of fs/proc/task_mmu.c show_map_vma(): "%08lx-%08lx %c%c%c%c %08llx
 * %02x:%02x %lu ", then, if the VMA has a name, padding to column 73 and the
 * name. Nothing of the runtime (host zones) is shown.
 */
#include "mm.h"

#include <linux/errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "mm_int.h"
#include "base.h"

#define MAPS_WIDTH 73 /* 25 + sizeof(void *) * 6 - 1, plus the separator */

size_t procfs_format_line(char *buf, size_t cap, unsigned long lo,
			  unsigned long hi, int prot, int shared,
			  unsigned long off, unsigned major, unsigned minor,
			  unsigned long ino, const char *name)
{
	size_t n = log_fmt(buf, cap, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
			   lo, hi, prot & PROT_READ ? 'r' : '-',
			   prot & PROT_WRITE ? 'w' : '-',
			   prot & PROT_EXEC ? 'x' : '-', shared ? 's' : 'p',
			   off, major, minor, ino);

	if (name && *name) {
		while (n < MAPS_WIDTH && n + 1 < cap)
			buf[n++] = ' ';
		n += log_fmt(buf + n, cap - n, "%s", name);
	}
	if (n + 1 < cap)
		buf[n++] = '\n';
	buf[n < cap ? n : cap - 1] = '\0';
	return n;
}

/*
 * The address space being shown: this process's (read in place, under
 * as.lock) or another vmload process's, read with process_vm_readv. Every
 * vmload process is the same binary at the same address, so the target's
 * vml_as and tree nodes sit at addresses that mean the same thing there.
 */
struct view {
	int pid;		/* 0: this process */
	struct vml_as as;	/* a copy of the target's header */
};

static int view_read(const struct view *w, void *dst, const void *src,
		     size_t len)
{
	if (!w->pid) {
		memcpy(dst, src, len);
		return 0;
	}
	return host_copy_from(w->pid, dst, (uintptr_t)src, len);
}

struct maps_out {
	int fd;
	size_t len;
	char buf[1024];
};

static int flush(struct maps_out *o)
{
	int r = host_write_all(o->fd, o->buf, o->len);

	o->len = 0;
	return r;
}

static int emit(struct maps_out *o, const char *s, size_t n)
{
	while (n) {
		size_t k = sizeof o->buf - o->len;

		if (k == 0) {
			if (flush(o) < 0)
				return -1;
			continue;
		}
		if (k > n)
			k = n;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
	}
	return 0;
}

/* A NUL-terminated string of the viewed process, copied in pieces. */
static int emit_str(struct maps_out *o, const struct view *w, const char *s)
{
	char part[128];

	for (size_t off = 0; off < 4096; off += sizeof part - 1) {
		size_t n = 0;

		/* one byte at a time near a page end, to never read past it */
		if (view_read(w, part, s + off, sizeof part - 1) < 0) {
			while (n < sizeof part - 1 && view_read(w, part + n, s + off + n, 1) == 0 &&
			       part[n])
				n++;
			return emit(o, part, n);
		}
		part[sizeof part - 1] = '\0';
		n = strlen(part);
		if (emit(o, part, n) < 0 || n < sizeof part - 1)
			return n < sizeof part - 1 ? 0 : -1;
	}
	return 0;
}

/* fs/proc/task_mmu.c: vma_is_initial_heap() / vma_is_initial_stack() */
static const char *special_label(const struct vml_as *as, const struct vma *v)
{
	if (v->start < as->brk && v->end > as->start_brk)
		return "[heap]";
	if (v->start <= as->start_stack && v->end >= as->start_stack)
		return "[stack]";
	return NULL;
}

const char *procfs_vma_name(const struct vma *v)
{
	if (v->name || v->file)
		return v->name ? v->name : v->file->path;
	return special_label(&vml_as, v);
}

/* One line: the fixed part formatted here, the name (a path of up to
 * PATH_MAX) copied straight through, so the handler's stack stays small. */
static int emit_vma(struct maps_out *o, const struct view *w, const struct vma *v)
{
	struct vml_file f = { 0 };
	const char *label = v->name ? NULL : special_label(&w->as, v);
	int named = v->name || v->file || label;
	char pre[160];
	size_t n;

	if (v->file && view_read(w, &f, v->file, sizeof f) < 0)
		return -1;
	n = procfs_format_line(pre, sizeof pre, v->start, v->end, v->prot,
			       v->flags & VMA_SHARED, v->file ? v->pgoff : 0,
			       f.dev_major, f.dev_minor, f.ino,
			       named ? " " : NULL);
	if (!named)
		return emit(o, pre, n);
	/* pre ends in the padding, a one-space name and '\n' */
	if (emit(o, pre, n - 2) < 0)
		return -1;
	if (v->name || v->file) {
		if (emit_str(o, w, v->name ? v->name : v->file->path) < 0)
			return -1;
	} else if (emit(o, label, strlen(label)) < 0) {
		return -1;
	}
	return emit(o, "\n", 1);
}

/* In-order walk of the viewed tree, bounded so that a tree changing under
 * a remote reader cannot loop. */
static int walk(struct maps_out *o, const struct view *w)
{
	const struct vma *p = w->as.tree.root;
	size_t left = w->as.tree.count + 1;
	struct vma v;

	if (!p)
		return 0;
	if (view_read(w, &v, p, sizeof v) < 0)
		return -1;
	while (v.left) {
		p = v.left;
		if (view_read(w, &v, p, sizeof v) < 0)
			return -1;
	}
	while (p && left--) {
		if (!(v.flags & VMA_HOST) && emit_vma(o, w, &v) < 0)
			return -1;
		if (v.right) {
			p = v.right;
			if (view_read(w, &v, p, sizeof v) < 0)
				return -1;
			while (v.left) {
				p = v.left;
				if (view_read(w, &v, p, sizeof v) < 0)
					return -1;
			}
			continue;
		}
		for (;;) {
			const struct vma *child = p;

			p = v.parent;
			if (!p)
				break;
			if (view_read(w, &v, p, sizeof v) < 0)
				return -1;
			if (v.left == child)
				break;
		}
	}
	return 0;
}

static int compat_task;	/* an ia32 program: immutable after exec */

static int write_view(int fd, struct view *w)
{
	struct maps_out o = { .fd = fd };
	char line[160];
	int r;
	size_t n;

	if (!w->pid) {
		as_lock();
		w->as = vml_as;
		r = walk(&o, w);
		as_unlock();
	} else {
		r = walk(&o, w);
	}
	n = procfs_format_line(line, sizeof line, 0xffffffffff600000UL,
			       0xffffffffff601000UL, PROT_EXEC, 0, 0, 0, 0, 0,
			       "[vsyscall]");
	if (r == 0 && !compat_task)	/* no vsyscall page for ia32 */
		r = emit(&o, line, n);
	if (r == 0)
		r = flush(&o);
	return r;
}

void procfs_set_compat(int on)
{
	compat_task = on;
}

int procfs_write_maps(int fd)
{
	struct view w = { 0 };

	return write_view(fd, &w);
}

/* Is pid another process running this very vmload binary? */
static int same_runtime(int pid)
{
	char link[48];
	struct stat a, b;

	log_fmt(link, sizeof link, "/proc/%d/exe", pid);
	return host_sys2(SYS_stat, link, &a) == 0 &&
	       host_sys2(SYS_stat, "/proc/self/exe", &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int procfs_write_maps_of(int fd, int pid)
{
	struct view w = { .pid = pid };

	if (!same_runtime(pid) ||
	    host_copy_from(pid, &w.as, (uintptr_t)&vml_as, sizeof w.as) < 0 ||
	    w.as.magic != VML_AS_MAGIC)
		return -1;
	return write_view(fd, &w);
}

static int is_num(const char **p, long want)
{
	long v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	*p = s;
	return want < 0 || v == want;
}

static int starts(const char **p, const char *pre)
{
	size_t n = strlen(pre);

	if (strncmp(*p, pre, n))
		return 0;
	*p += n;
	return 1;
}

/* "/proc/self/<leaf>", "/proc/<own pid>/<leaf>", "/proc/thread-self/<leaf>"
 * or ".../task/<tid>/<leaf>". */
static int is_self_file(const char *path, const char *leaf)
{
	const char *p = path;

	/* every open and readlink asks: the pid (a system call) only for
	 * "/proc/<number>/" */
	if (!starts(&p, "/proc/"))
		return 0;
	if (starts(&p, "thread-self/"))
		return !strcmp(p, leaf);
	if (!starts(&p, "self/") &&
	    !(*p >= '0' && *p <= '9' && is_num(&p, host_getpid()) &&
	      starts(&p, "/")))
		return 0;
	if (starts(&p, "task/")) {
		if (!is_num(&p, -1) || !starts(&p, "/"))
			return 0;
	}
	return !strcmp(p, leaf);
}

int procfs_is_self_maps(const char *path)
{
	return is_self_file(path, "maps");
}

static uintptr_t args[3];	/* arg_start, arg_end = env_start, env_end */

void procfs_set_args(uintptr_t arg_start, uintptr_t arg_end, uintptr_t env_end)
{
	args[0] = arg_start;
	args[1] = arg_end;
	args[2] = env_end;
}

int procfs_self_args(const char *path)
{
	if (!args[0])
		return -1;
	if (is_self_file(path, "cmdline"))
		return 0;
	if (is_self_file(path, "environ"))
		return 1;
	return -1;
}

int procfs_write_args(int fd, int what)
{
	char buf[4096];
	uintptr_t a = args[what], end = args[what + 1];

	while (a < end) {
		size_t n = end - a < sizeof buf ? end - a : sizeof buf;

		if (pager_copy_in(buf, a, n) < 0 || host_write_all(fd, buf, n) < 0)
			return -EFAULT;
		a += n;
	}
	return 0;
}

int procfs_other_maps_pid(const char *path)
{
	const char *p = path, *num;
	long pid = 0;

	if (!starts(&p, "/proc/"))
		return 0;
	num = p;
	if (!is_num(&p, -1) || !starts(&p, "/"))
		return 0;
	while (num < p - 1)
		pid = pid * 10 + (*num++ - '0');
	if (starts(&p, "task/") && (!is_num(&p, -1) || !starts(&p, "/")))
		return 0;
	if (strcmp(p, "maps") || pid == host_getpid() || pid <= 0 || pid > 1 << 22)
		return 0;
	return (int)pid;
}

int procfs_is_self_exe(const char *path)
{
	return is_self_file(path, "exe");
}

static char exe_path[4096];

void procfs_set_exe(const char *path)
{
	size_t n = strlen(path);

	if (n >= sizeof exe_path)
		n = sizeof exe_path - 1;
	memcpy(exe_path, path, n);
	exe_path[n] = '\0';
}

const char *procfs_exe(void)
{
	return exe_path;
}
