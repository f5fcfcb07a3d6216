/*
 * mapshot_draw.c - the address space drawn when the program ends: the
 * terminal path (observe.h final_enter): malloc, stdio and the renderer.
 * The picture is written to FILE.tmp.PID and renamed, so a process killed
 * while drawing leaves no half picture.
 */
#include "mapshot_int.h"

#include <fcntl.h>
#include <linux/errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "base.h"
#include "mm.h"
#include "vmload/mapdraw.h"

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

static void write_out(const char *dest, int err_fd, struct mapdraw_space *s)
{
	char tmp[MAPSHOT_PATH_CAP + 32];
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
		log_msg("map: cannot write %s (error %d)", tmp, fd < 0 ? -fd : ENOMEM);
		return;
	}
	r = render(f, dest, s);
	if (fclose(f) != 0 && r == 0)
		r = -EIO;
	if (r == 0)
		r = (int)host_sys2(SYS_rename, tmp, dest);
	if (r < 0) {
		host_sys1(SYS_unlink, tmp);
		log_msg("map: cannot write %s (error %d)", dest, -r);
	}
}

void mapshot_draw(const char *dest, int err_fd, const char *end)
{
	struct mapdraw_space s;

	memset(&s, 0, sizeof s);
	s.end = end;
	if (snapshot(&s) == 0)
		write_out(dest, err_fd, &s);
	else
		log_msg("map: out of memory");
	free(s.regions);
}

