/*
 * procfs.c - /proc/<pid>/maps as the guest sees it (async-signal-safe zone).
 *
 * Format of fs/proc/task_mmu.c show_map_vma(): "%08lx-%08lx %c%c%c%c %08llx
 * %02x:%02x %lu ", then, if the VMA has a name, padding to column 73 and the
 * name. Nothing of the runtime (host zones) is shown.
 */
#include "procfs.h"

#include <string.h>
#include <sys/mman.h>

#include "as.h"
#include "host.h"
#include "log.h"

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

static const char *vma_label(const struct vma *v)
{
	if (v->name)
		return v->name;
	if (v->file)
		return v->file->path;
	/* vma_is_initial_heap() / vma_is_initial_stack() */
	if (v->start < vml_as.brk && v->end > vml_as.start_brk)
		return "[heap]";
	if (v->start <= vml_as.start_stack && v->end >= vml_as.start_stack)
		return "[stack]";
	return NULL;
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

/* One line: the fixed part formatted here, the name (a path of up to
 * PATH_MAX) copied straight through, so the handler's stack stays small. */
static int emit_vma(struct maps_out *o, const struct vma *v)
{
	char pre[160];
	const char *name = vma_label(v);
	size_t n = procfs_format_line(pre, sizeof pre, v->start, v->end, v->prot,
				      v->flags & VMA_SHARED,
				      v->file ? v->pgoff : 0,
				      v->file ? v->file->dev_major : 0,
				      v->file ? v->file->dev_minor : 0,
				      v->file ? v->file->ino : 0, name ? " " : NULL);

	if (!name)
		return emit(o, pre, n);
	/* pre ends in the padding, a single-space name and '\n' */
	if (emit(o, pre, n - 2) < 0 || emit(o, name, strlen(name)) < 0)
		return -1;
	return emit(o, "\n", 1);
}

int procfs_write_maps(int fd)
{
	struct maps_out o = { .fd = fd };
	char line[160];
	int r = 0;
	size_t n;

	as_lock();
	for (struct vma *v = vma_first(&vml_as.tree); v && r == 0; v = vma_next(v))
		if (!(v->flags & VMA_HOST))
			r = emit_vma(&o, v);
	as_unlock();
	n = procfs_format_line(line, sizeof line, 0xffffffffff600000UL,
			       0xffffffffff601000UL, PROT_EXEC, 0, 0, 0, 0, 0,
			       "[vsyscall]");
	if (r == 0)
		r = emit(&o, line, n);
	if (r == 0)
		r = flush(&o);
	return r;
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
	long pid = host_getpid();

	if (!starts(&p, "/proc/"))
		return 0;
	if (starts(&p, "thread-self/"))
		return !strcmp(p, leaf);
	if (!starts(&p, "self/") && !(is_num(&p, pid) && starts(&p, "/")))
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
