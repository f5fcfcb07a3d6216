/*
 * mapdraw_txt.c - the text diagram (mapdraw.h), in the style of the
 * classic layout figures: one column per address space, high addresses at
 * the top, the address at every block edge, "~~~" for a broken gap, ^ and
 * v for the direction things grow. ASCII only, so any terminal shows it.
 *
 *     0xc0000000 +------------------------------------+ TASK_SIZE
 *                | stack               132 KiB        |
 */
#include "mapdraw_model.h"

#include <linux/errno.h>
#include <stdarg.h>
#include <string.h>


#define AW 16		/* address lane: "0x7ffffffff000" right-aligned */
#define CW 40		/* one column, borders included */
#define SEP "   "	/* between columns */

/* One output line, built in pieces, written without trailing blanks. */
struct line {
	char s[AW + MAPDRAW_COLS * (CW + 4) + 96];
	size_t n;
};

static void add(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(l->s + l->n, sizeof l->s - l->n, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->n = l->n + (size_t)n < sizeof l->s ? l->n + (size_t)n
						      : sizeof l->s - 1;
}

static void emit(FILE *f, struct line *l)
{
	while (l->n && l->s[l->n - 1] == ' ')
		l->n--;
	l->s[l->n] = '\0';
	fprintf(f, "%s\n", l->s);
	l->n = 0;
}

/* A name for the terminal: control and non-ASCII bytes become '?'. */
static void ascii(char *dst, size_t cap, const char *src)
{
	size_t n = 0;

	for (; src && *src && n + 1 < cap; src++)
		dst[n++] = (unsigned char)*src < 0x20 || (unsigned char)*src >= 0x7f
			   ? '?' : *src;
	dst[n] = '\0';
}

/* "| left ... right |" in CW characters. */
static void boxed(char *cell, const char *left, const char *right)
{
	int room = CW - 4 - (int)strlen(right) - 1;

	if (room < 0)
		room = 0;
	snprintf(cell, CW + 1, "| %-*.*s %s |", room, room, left, right);
}

/* text centered in CW characters of fill */
static void centered(char *cell, const char *text, char fill)
{
	int len = (int)strlen(text), at;

	if (len > CW)
		len = CW;
	at = (CW - len) / 2;
	memset(cell, fill, CW);
	memcpy(cell + at, text, (size_t)len);
	cell[CW] = '\0';
}

static const struct mapdraw_block *block_at(const struct mapdraw_model *m,
					    const struct mapdraw_row *r, int c)
{
	return r->block[c] >= 0 ? &m->col[c].blocks[r->block[c]] : NULL;
}

/* The cell of column c on the boundary line at address a. */
static void edge_cell(const struct mapdraw_model *m, int c, uint64_t a,
		      int marked, char *cell)
{
	const struct mapdraw_col *col = &m->col[c];
	int inside = 0, edge = 0;

	for (size_t i = 0; i < col->nblocks; i++) {
		edge |= col->blocks[i].start == a || col->blocks[i].end == a;
		inside |= col->blocks[i].start < a && a < col->blocks[i].end;
	}
	if (edge) {
		memset(cell, '-', CW);
		cell[0] = cell[CW - 1] = '+';
	} else if (inside) {
		memset(cell, ' ', CW);
		cell[0] = cell[CW - 1] = '|';
	} else {
		for (int i = 0; i < CW; i++)
			cell[i] = marked && i % 2 == 0 ? '-' : ' ';
	}
	cell[CW] = '\0';
	for (int i = 0; i < m->nmarks; i++) {
		const struct mapdraw_mark *k = &m->marks[i];
		char t[CW + 1];
		int n;

		if (k->col != c || k->addr != a)
			continue;
		n = snprintf(t, sizeof t, " %s %s ", k->label,
			     k->arrow > 0 ? "^" : k->arrow < 0 ? "v" : "");
		if (!strcmp(k->label, "mmap_base"))
			n = snprintf(t, sizeof t, " mmap_base %s mmap area ",
				     k->arrow > 0 ? "^" : "v");
		if (n > 0 && n < CW - 6)
			memcpy(cell + 3, t, (size_t)n);
	}
}

static void boundary(FILE *f, const struct mapdraw_model *m, uint64_t a)
{
	char addr[24], cell[CW + 1];
	struct line l = { .n = 0 };
	int marked = 0;

	for (int i = 0; i < m->nmarks; i++)
		marked |= m->marks[i].col < 0 && m->marks[i].addr == a;
	snprintf(addr, sizeof addr, "%#llx", (unsigned long long)a);
	add(&l, "%*s ", AW - 1, addr);
	for (int c = 0; c < m->ncols; c++) {
		edge_cell(m, c, a, marked, cell);
		add(&l, "%s%s", c ? SEP : "", cell);
	}
	for (int i = 0; i < m->nmarks; i++)
		if (m->marks[i].col < 0 && m->marks[i].addr == a)
			add(&l, " %s", m->marks[i].label);
	emit(f, &l);
}

/* The label line of a block: name, program, count; size on the right. */
static void label_line(const struct mapdraw_col *col,
		       const struct mapdraw_block *b, char *cell)
{
	char left[CW * 3], name[CW], prog[CW], size[32];

	ascii(name, sizeof name, b->label);
	ascii(prog, sizeof prog, mapdraw_basename(col->sp->exe));
	int n;

	mapdraw_size(b->end - b->start, size, sizeof size);
	if (b->kind <= MAPDRAW_BSS)
		n = snprintf(left, sizeof left, "%s (%s)", name, prog);
	else if (b->count > 1)
		n = snprintf(left, sizeof left, "%s (%zu maps)", name, b->count);
	else
		n = snprintf(left, sizeof left, "%s", name);
	/* what does not fit: the name alone */
	if (n > CW - 5 - (int)strlen(size))
		snprintf(left, sizeof left, "%s", name);
	boxed(cell, left, size);
}

/* Line `line` of row k in column c. */
static void row_cell(const struct mapdraw_model *m, size_t k, int c, int line,
		     char *cell)
{
	const struct mapdraw_row *r = &m->rows[k];
	const struct mapdraw_block *b = block_at(m, r, c);
	char text[48], size[32];
	uint64_t lo = r->lo;
	int broken = r->brk, top;

	if (b) {
		int heap = b->kind == MAPDRAW_HEAP, stack = b->kind == MAPDRAW_STACK;

		if (r->hi != b->end || line > heap + stack)
			boxed(cell, "", "");
		else if (heap && line == 0)
			boxed(cell, "  ^ grows up", "");
		else if (stack && line == 1)
			boxed(cell, "  v grows down", "");
		else
			label_line(&m->col[c], b, cell);
		return;
	}
	top = k + 1 == m->nrows || m->rows[k + 1].block[c] >= 0;
	if (!top || line > 0) {
		centered(cell, "", broken ? '~' : ' ');
		return;
	}
	/* the top row of a gap: its whole size */
	for (size_t j = k; j-- > 0 && m->rows[j].block[c] < 0;) {
		lo = m->rows[j].lo;
		broken |= m->rows[j].brk;
	}
	mapdraw_size(r->hi - lo, size, sizeof size);
	snprintf(text, sizeof text, broken ? " %s free " : "(%s free)", size);
	centered(cell, text, broken ? '~' : ' ');
}

static int row_lines(const struct mapdraw_model *m, const struct mapdraw_row *r)
{
	int n = 1;

	for (int c = 0; c < m->ncols; c++) {
		const struct mapdraw_block *b = block_at(m, r, c);

		if (b && r->hi == b->end &&
		    (b->kind == MAPDRAW_HEAP || b->kind == MAPDRAW_STACK))
			n = 2;
	}
	return n;
}

static void header(FILE *f, const struct mapdraw_model *m,
		   const char *const *heads)
{
	char exe[256], line[3][CW + 8];
	struct line l = { .n = 0 };

	ascii(exe, sizeof exe, m->col[0].sp->exe);
	fprintf(f, "vmload: address space of %s\n\n", exe[0] ? exe : "the program");
	for (int i = 0; i < 3; i++) {
		add(&l, "%*s ", AW - 1, "");
		for (int c = 0; c < m->ncols; c++) {
			const struct mapdraw_space *s = m->col[c].sp;

			if (i == 0)
				snprintf(line[i], sizeof line[i], "%s, %s",
					 heads && heads[c] ? heads[c] : s->legacy ?
					 "legacy layout" : "top-down layout",
					 mapdraw_window_name(s->task_size));
			else if (i == 1)
				snprintf(line[i], sizeof line[i], "mmap_base %#llx, pid %d",
					 (unsigned long long)s->mmap_base, s->pid);
			else
				snprintf(line[i], sizeof line[i], "%zu maps%s%s", s->n,
					 s->end && *s->end ? ", " : "",
					 s->end ? s->end : "");
			add(&l, "%s%-*.*s", c ? SEP : "", CW, CW, line[i]);
		}
		emit(f, &l);
	}
	fputc('\n', f);
}

int mapdraw_txt(FILE *f, const struct mapdraw_space *const *sp, int ncols,
		const char *const *heads)
{
	struct mapdraw_model m;
	struct line l = { .n = 0 };
	char cell[CW + 1];

	if (mapdraw_model_build(&m, sp, ncols, /* fine = */ 0) < 0)
		return -ENOMEM;
	header(f, &m, heads);
	boundary(f, &m, m.hi);
	for (size_t k = m.nrows; k-- > 0;) {
		int n = row_lines(&m, &m.rows[k]);

		for (int line = 0; line < n; line++) {
			add(&l, "%*s ", AW - 1, "");
			for (int c = 0; c < m.ncols; c++) {
				row_cell(&m, k, c, line, cell);
				add(&l, "%s%s", c ? SEP : "", cell);
			}
			emit(f, &l);
		}
		boundary(f, &m, m.rows[k].lo);
	}
	fprintf(f, "\nnot to scale; ~~~: a gap of %llu MiB or more; "
		"^ v: where heap, stack and mmap area grow\n",
		MAPDRAW_BREAK >> 20);
	mapdraw_model_free(&m);
	return ferror(f) ? -EIO : 0;
}
