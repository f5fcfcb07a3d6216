/*
 * mapdraw.c - classification of the regions, their grouping into labelled
 * blocks and the rows of the broken axis (mapdraw.h, mapdraw_model.h).
 * The renderers are mapdraw_svg.c and mapdraw_txt.c.
 */
#include "mapdraw_model.h"

#include <linux/errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mm.h"

#define GiB (1ULL << 30)

static const char *const kind_names[MAPDRAW_NKINDS] = {
	[MAPDRAW_TEXT] = "text",	[MAPDRAW_RODATA] = "rodata",
	[MAPDRAW_DATA] = "data",	[MAPDRAW_BSS] = "bss",
	[MAPDRAW_HEAP] = "heap",	[MAPDRAW_LIB] = "library",
	[MAPDRAW_ANON] = "anon",	[MAPDRAW_GUARD] = "guard",
	[MAPDRAW_STACK] = "stack",	[MAPDRAW_VDSO] = "vdso",
	[MAPDRAW_VVAR] = "vvar",	[MAPDRAW_OTHER] = "other",
	[MAPDRAW_MIXED] = "mixed",
};

const char *mapdraw_kind_name(int kind)
{
	return kind >= 0 && kind < MAPDRAW_NKINDS ? kind_names[kind] : "?";
}

const char *mapdraw_window_name(uint64_t task_size)
{
	switch (task_size) {
	case 0xc0000000ULL:
		return "3g window";
	case 0xffffe000ULL:
		return "4g window";
	case 0x7ffffffff000ULL:
		return "47-bit window";
	default:
		return "window";
	}
}

const char *mapdraw_size(uint64_t bytes, char *buf, size_t cap)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB",
					     "PiB", "EiB" };
	int u = 0;
	uint64_t scale = 1;

	/* the unit in which the rounded value stays below 1024 */
	while (u < 6 && (bytes + scale / 2) / scale >= 1024) {
		scale <<= 10;
		u++;
	}
	if (bytes % scale == 0 || bytes / scale >= 100)
		snprintf(buf, cap, "%llu %s",
			 (unsigned long long)((bytes + scale / 2) / scale), units[u]);
	else
		snprintf(buf, cap, "%.1f %s", (double)bytes / (double)scale,
			 units[u]);
	return buf;
}

const char *mapdraw_basename(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (!path)
		return "";
	return slash && slash[1] ? slash + 1 : path;
}

void mapdraw_maps_line(const struct mapdraw_region *r, char *buf, size_t cap)
{
	size_t n = procfs_format_line(buf, cap, r->start, r->end, r->prot,
				      r->shared, r->off, r->major, r->minor,
				      r->ino, r->name);

	if (n > 0 && n <= cap && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
}

void mapdraw_space_free(struct mapdraw_space *s)
{
	if (!s->owned)
		return;
	for (size_t i = 0; i < s->n; i++)
		free((char *)s->regions[i].name);
	free(s->regions);
	free((char *)s->exe);
	free((char *)s->end);
	memset(s, 0, sizeof *s);
}

/* ---- classification ---- */

static int has_prefix(const char *s, const char *p)
{
	return s && !strncmp(s, p, strlen(p));
}

static int is_file(const struct mapdraw_region *r)
{
	return r->name && r->name[0] && r->name[0] != '[';
}

static int kind_of_name(const struct mapdraw_space *s,
			const struct mapdraw_region *r)
{
	const char *n = r->name;

	if (is_file(r) && s->exe && !strcmp(n, s->exe))
		return r->prot & PROT_EXEC ? MAPDRAW_TEXT
		       : r->prot & PROT_WRITE ? MAPDRAW_DATA : MAPDRAW_RODATA;
	if (is_file(r))
		return MAPDRAW_LIB;
	if (has_prefix(n, "[heap]"))
		return MAPDRAW_HEAP;
	if (has_prefix(n, "[stack]"))
		return MAPDRAW_STACK;
	if (has_prefix(n, "[vdso]"))
		return MAPDRAW_VDSO;
	if (has_prefix(n, "[vvar"))
		return MAPDRAW_VVAR;
	if (has_prefix(n, "[anon"))
		return MAPDRAW_ANON;
	if (n && n[0])
		return MAPDRAW_OTHER;
	/* unnamed anonymous: procfs's own heap and stack rules */
	if (s->brk > s->start_brk && r->start < s->brk && r->end > s->start_brk)
		return MAPDRAW_HEAP;
	if (s->start_stack && r->start <= s->start_stack &&
	    r->end >= s->start_stack)
		return MAPDRAW_STACK;
	return r->prot ? MAPDRAW_ANON : MAPDRAW_GUARD;
}

void mapdraw_classify(struct mapdraw_space *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct mapdraw_region *r = &s->regions[i];
		const struct mapdraw_region *p = i ? &s->regions[i - 1] : NULL;

		r->kind = kind_of_name(s, r);
		if (r->kind != MAPDRAW_ANON || r->name || !p || p->end != r->start ||
		    !(p->prot & PROT_WRITE) || !is_file(p))
			continue;
		/* the anonymous rest of a writable segment: its bss */
		if (p->kind == MAPDRAW_DATA)
			r->kind = MAPDRAW_BSS;
		else if (p->kind == MAPDRAW_LIB)
			r->kind = MAPDRAW_LIB;
	}
}

/* ---- blocks ---- */

static int is_anon_kind(int k)
{
	return k == MAPDRAW_ANON || k == MAPDRAW_GUARD;
}

/* Does region i continue block b (whose last region is i - 1)? */
static int joins(const struct mapdraw_space *s, const struct mapdraw_block *b,
		 size_t i)
{
	const struct mapdraw_region *r = &s->regions[i], *p = r - 1;
	const char *bname = s->regions[b->first].name;

	if (b->kind == MAPDRAW_LIB && r->kind == MAPDRAW_LIB)
		return r->name ? bname && !strcmp(bname, r->name)
			       : p->end == r->start;
	if (is_anon_kind(b->kind) && is_anon_kind(r->kind))
		return !bname && !r->name && p->end == r->start;
	if (b->kind == MAPDRAW_VVAR && r->kind == MAPDRAW_VVAR)
		return p->end == r->start;
	return 0;
}

static void block_label(const struct mapdraw_space *s, struct mapdraw_block *b)
{
	const struct mapdraw_region *r = &s->regions[b->first];
	const char *l;

	switch (b->kind) {
	case MAPDRAW_LIB:
		l = mapdraw_basename(r->name);
		break;
	case MAPDRAW_VVAR:
	case MAPDRAW_OTHER:
		l = r->name;
		break;
	case MAPDRAW_ANON:
		l = r->name ? r->name : "anon";
		break;
	case MAPDRAW_VDSO:
		l = "[vdso]";
		break;
	default:
		l = mapdraw_kind_name(b->kind);
	}
	snprintf(b->label, sizeof b->label, "%s", l);
}

/* Too many blocks: merge neighbours closer than a growing distance until
 * at most MAPDRAW_BLOCKS_MAX remain. */
static size_t merge_blocks(struct mapdraw_block *b, size_t n)
{
	for (uint64_t dist = 4096; n > MAPDRAW_BLOCKS_MAX;
	     dist = dist > UINT64_MAX / 4 ? UINT64_MAX : dist * 4) {
		size_t k = 0;

		for (size_t i = 1; i < n; i++) {
			struct mapdraw_block *last = &b[k];

			if (b[i].start - last->end > dist) {
				b[++k] = b[i];
				continue;
			}
			if (last->kind != b[i].kind ||
			    strcmp(last->label, b[i].label))
				last->kind = MAPDRAW_MIXED;
			last->end = b[i].end;
			last->count += b[i].count;
			if (last->kind == MAPDRAW_MIXED)
				snprintf(last->label, sizeof last->label,
					 "%zu maps", last->count);
		}
		n = k + 1;
	}
	return n;
}

static int build_blocks(struct mapdraw_col *c)
{
	const struct mapdraw_space *s = c->sp;
	struct mapdraw_block *b = calloc(s->n ? s->n : 1, sizeof *b);
	size_t n = 0;

	if (!b)
		return -ENOMEM;
	for (size_t i = 0; i < s->n; i++) {
		if (n && joins(s, &b[n - 1], i)) {
			b[n - 1].end = s->regions[i].end;
			b[n - 1].count++;
			if (s->regions[i].kind == MAPDRAW_ANON)
				b[n - 1].kind = MAPDRAW_ANON;
			continue;
		}
		b[n] = (struct mapdraw_block){ .start = s->regions[i].start,
					       .end = s->regions[i].end,
					       .first = i, .count = 1,
					       .kind = s->regions[i].kind };
		block_label(s, &b[n++]);
	}
	c->blocks = b;
	c->nblocks = merge_blocks(b, n);
	c->fine = s->n <= MAPDRAW_FINE_MAX;
	return 0;
}

/* ---- the axis ---- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void add_mark(struct mapdraw_model *m, uint64_t addr, int col,
		     int arrow, const char *label)
{
	if (m->nmarks >= MAPDRAW_MARKS || addr < m->lo || addr > m->hi)
		return;
	for (int i = 0; i < m->nmarks; i++)
		if (m->marks[i].addr == addr && m->marks[i].col == col &&
		    !strcmp(m->marks[i].label, label))
			return;
	m->marks[m->nmarks] = (struct mapdraw_mark){ .addr = addr, .col = col,
						     .arrow = arrow };
	snprintf(m->marks[m->nmarks++].label, sizeof m->marks[0].label, "%s",
		 label);
}

static void build_marks(struct mapdraw_model *m)
{
	add_mark(m, m->lo, -1, 0, "mmap_min_addr");
	for (int c = 0; c < m->ncols; c++)
		add_mark(m, m->col[c].sp->task_size, -1, 0, "TASK_SIZE");
	if (2 * GiB < m->hi)
		add_mark(m, 2 * GiB, -1, 0, "2 GiB");
	if (4 * GiB < m->hi)
		add_mark(m, 4 * GiB, -1, 0, "4 GiB");
	for (int c = 0; c < m->ncols; c++) {
		const struct mapdraw_space *s = m->col[c].sp;

		if (s->mmap_base)
			add_mark(m, s->mmap_base, c, s->legacy ? 1 : -1,
				 "mmap_base");
		if (s->brk)
			add_mark(m, s->brk, c, 1, "brk");
	}
}

/* Every address where a row starts or ends: ascending, unique. */
static uint64_t *axis_points(const struct mapdraw_model *m, int fine,
			     size_t *np)
{
	size_t cap = 2 + MAPDRAW_MARKS, n = 0;
	uint64_t *p;

	for (int c = 0; c < m->ncols; c++)
		cap += 2 * (fine && m->col[c].fine ? m->col[c].sp->n
						   : m->col[c].nblocks);
	p = malloc(cap * sizeof *p);
	if (!p)
		return NULL;
	p[n++] = m->lo;
	p[n++] = m->hi;
	for (int i = 0; i < m->nmarks; i++)
		p[n++] = m->marks[i].addr;
	for (int c = 0; c < m->ncols; c++) {
		const struct mapdraw_col *col = &m->col[c];

		for (size_t i = 0; fine && col->fine && i < col->sp->n; i++) {
			p[n++] = col->sp->regions[i].start;
			p[n++] = col->sp->regions[i].end;
		}
		for (size_t i = 0; !(fine && col->fine) && i < col->nblocks; i++) {
			p[n++] = col->blocks[i].start;
			p[n++] = col->blocks[i].end;
		}
	}
	qsort(p, n, sizeof *p, cmp_u64);
	*np = 0;
	for (size_t i = 0; i < n; i++)
		if (!*np || p[*np - 1] != p[i])
			p[(*np)++] = p[i];
	return p;
}

static int build_rows(struct mapdraw_model *m, int fine)
{
	size_t np, j[MAPDRAW_COLS] = { 0 };
	uint64_t *p = axis_points(m, fine, &np);

	if (!p)
		return -ENOMEM;
	m->rows = calloc(np, sizeof *m->rows);
	if (!m->rows) {
		free(p);
		return -ENOMEM;
	}
	for (size_t k = 0; k + 1 < np; k++) {
		struct mapdraw_row *r = &m->rows[m->nrows++];
		int covered = 0;

		r->lo = p[k];
		r->hi = p[k + 1];
		for (int c = 0; c < m->ncols; c++) {
			const struct mapdraw_col *col = &m->col[c];

			while (j[c] < col->nblocks && col->blocks[j[c]].end <= r->lo)
				j[c]++;
			r->block[c] = j[c] < col->nblocks &&
				      col->blocks[j[c]].start <= r->lo ? (int)j[c] : -1;
			covered |= r->block[c] >= 0;
		}
		r->brk = !covered && r->hi - r->lo >= MAPDRAW_BREAK;
	}
	free(p);
	return 0;
}

int mapdraw_model_build(struct mapdraw_model *m,
			const struct mapdraw_space *const *sp, int ncols,
			int fine)
{
	memset(m, 0, sizeof *m);
	m->ncols = ncols < 1 ? 1 : ncols > MAPDRAW_COLS ? MAPDRAW_COLS : ncols;
	m->lo = UINT64_MAX;
	for (int c = 0; c < m->ncols; c++) {
		const struct mapdraw_space *s = sp[c];

		m->col[c].sp = s;
		if (s->mmap_min < m->lo)
			m->lo = s->mmap_min;
		if (s->n && s->regions[0].start < m->lo)
			m->lo = s->regions[0].start;
		if (s->task_size > m->hi)
			m->hi = s->task_size;
		if (s->n && s->regions[s->n - 1].end > m->hi)
			m->hi = s->regions[s->n - 1].end;
		if (build_blocks(&m->col[c]) < 0) {
			mapdraw_model_free(m);
			return -ENOMEM;
		}
	}
	if (m->lo >= m->hi)
		m->lo = 0;
	build_marks(m);
	if (build_rows(m, fine) < 0) {
		mapdraw_model_free(m);
		return -ENOMEM;
	}
	return 0;
}

void mapdraw_model_free(struct mapdraw_model *m)
{
	for (int c = 0; c < MAPDRAW_COLS; c++) {
		free(m->col[c].blocks);
		m->col[c].blocks = NULL;
	}
	free(m->rows);
	m->rows = NULL;
	m->nrows = 0;
}
