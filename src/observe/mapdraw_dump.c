/*
 * mapdraw_dump.c - the raw form of an address space (mapdraw.h), which a
 * run under --compare leaves for the vmload that draws both:
 *
 *     vmload-map 1
 *     pid 4242
 *     exe /usr/bin/cat
 *     end exit status 0
 *     legacy 1
 *     window 0x10000 0xc0000000          mmap_min, TASK_SIZE
 *     mmap_base 0x40000000
 *     brk 0x41c69000 0x41c8a000          start_brk, brk
 *     stack 0xc0000000 0xbfffe5b0        stack top, start_stack
 *     maps 37
 *     40025000-40026000 r--p 00000000 fe:00 332383    /usr/lib/...
 */
#include "mapdraw_model.h"

#include <linux/errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MAX_REGIONS (1u << 20)

/* A string on one line: newlines would end the field. */
static void put_line(FILE *f, const char *key, const char *s)
{
	fprintf(f, "%s ", key);
	for (; s && *s; s++)
		fputc(*s == '\n' ? '?' : *s, f);
	fputc('\n', f);
}

int mapdraw_dump_write(FILE *f, const struct mapdraw_space *s)
{
	char line[4352];

	fprintf(f, "vmload-map 1\npid %d\n", s->pid);
	put_line(f, "exe", s->exe);
	put_line(f, "end", s->end);
	fprintf(f, "legacy %d\nwindow %#llx %#llx\nmmap_base %#llx\n"
		"brk %#llx %#llx\nstack %#llx %#llx\nmaps %zu\n", s->legacy,
		(unsigned long long)s->mmap_min, (unsigned long long)s->task_size,
		(unsigned long long)s->mmap_base,
		(unsigned long long)s->start_brk, (unsigned long long)s->brk,
		(unsigned long long)s->stack_top,
		(unsigned long long)s->start_stack, s->n);
	for (size_t i = 0; i < s->n; i++) {
		mapdraw_maps_line(&s->regions[i], line, sizeof line);
		fprintf(f, "%s\n", line);
	}
	return ferror(f) ? -EIO : 0;
}

static char *dup_rest(const char *s)
{
	size_t n = strcspn(s, "\n");
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* One maps line into r (its name malloc'd, or NULL). 0 or -errno. */
static int parse_region(const char *line, struct mapdraw_region *r)
{
	unsigned long long lo, hi, off, ino;
	char perm[5];
	int used = 0;

	memset(r, 0, sizeof *r);
	if (sscanf(line, "%llx-%llx %4s %llx %x:%x %llu%n", &lo, &hi, perm, &off,
		   &r->major, &r->minor, &ino, &used) != 7 || lo >= hi ||
	    strlen(perm) != 4)
		return -EINVAL;
	r->start = lo;
	r->end = hi;
	r->off = off;
	r->ino = ino;
	r->prot = (perm[0] == 'r' ? PROT_READ : 0) |
		  (perm[1] == 'w' ? PROT_WRITE : 0) |
		  (perm[2] == 'x' ? PROT_EXEC : 0);
	r->shared = perm[3] == 's';
	line += used;
	while (*line == ' ')
		line++;
	if (*line && *line != '\n' && !(r->name = dup_rest(line)))
		return -ENOMEM;
	return 0;
}

/* "key value..." lines of the header; 1 at "maps N", 0 to go on. */
static int parse_header(const char *line, struct mapdraw_space *s, size_t *n)
{
	unsigned long long a, b;

	if (!strncmp(line, "exe ", 4))
		return (s->exe = dup_rest(line + 4)) ? 0 : -ENOMEM;
	if (!strncmp(line, "end ", 4))
		return (s->end = dup_rest(line + 4)) ? 0 : -ENOMEM;
	if (sscanf(line, "pid %d", &s->pid) == 1 ||
	    sscanf(line, "legacy %d", &s->legacy) == 1)
		return 0;
	if (sscanf(line, "window %llx %llx", &a, &b) == 2) {
		s->mmap_min = a;
		s->task_size = b;
	} else if (sscanf(line, "mmap_base %llx", &a) == 1) {
		s->mmap_base = a;
	} else if (sscanf(line, "brk %llx %llx", &a, &b) == 2) {
		s->start_brk = a;
		s->brk = b;
	} else if (sscanf(line, "stack %llx %llx", &a, &b) == 2) {
		s->stack_top = a;
		s->start_stack = b;
	} else if (sscanf(line, "maps %llu", &a) == 1) {
		if (a > MAX_REGIONS)
			return -EINVAL;
		*n = (size_t)a;
		return 1;
	}
	return 0;
}

static int read_regions(FILE *f, struct mapdraw_space *s, size_t want,
			char **line, size_t *cap)
{
	s->regions = calloc(want ? want : 1, sizeof *s->regions);
	if (!s->regions)
		return -ENOMEM;
	while (s->n < want && getline(line, cap, f) > 0) {
		struct mapdraw_region *r = &s->regions[s->n];
		int e = parse_region(*line, r);

		if (e < 0)
			return e;
		s->n++;
		if (s->n > 1 && r->start < r[-1].end)
			return -EINVAL;
	}
	return s->n == want ? 0 : -EINVAL;
}

int mapdraw_dump_read(FILE *f, struct mapdraw_space *s)
{
	char *line = NULL;
	size_t cap = 0, want = 0;
	int r = -EINVAL;

	memset(s, 0, sizeof *s);
	s->owned = 1;
	if (getline(&line, &cap, f) <= 0 || strncmp(line, "vmload-map 1", 12))
		goto out;
	while ((r = -EINVAL, getline(&line, &cap, f) > 0) &&
	       (r = parse_header(line, s, &want)) == 0)
		;
	if (r == 1)
		r = read_regions(f, s, want, &line, &cap);
out:
	free(line);
	if (r < 0)
		mapdraw_space_free(s);
	return r < 0 ? r : 0;
}
