/*
 * mapdraw_svg.c - the SVG picture (mapdraw.h). One column per address
 * space, high addresses at the top; a thin strip beside each column shows
 * the window to true scale. Every block is a <g> and every region inside
 * it a <rect>, both with data-start/data-end and a <title>.
 */
#include "mapdraw_model.h"

#include <linux/errno.h>
#include <string.h>


#define HEAD_H 78.0	/* title lines and column heads */
#define ADDR_W 132	/* address lane on the left */
#define COL_W 480	/* one column: strip, arrows, bar, labels */
#define STRIP_X 8	/* true-scale strip */
#define STRIP_W 14
#define ARROW_X 32	/* growth arrows */
#define BAR_X 48
#define BAR_W 180
#define LABEL_X 238
#define MARK_W 90	/* TASK_SIZE / 2 GiB / 4 GiB labels on the right */

static const char *const fills[MAPDRAW_NKINDS] = {
	[MAPDRAW_TEXT] = "#e76f51",	[MAPDRAW_RODATA] = "#f4a261",
	[MAPDRAW_DATA] = "#e9c46a",	[MAPDRAW_BSS] = "#f3e3a3",
	[MAPDRAW_HEAP] = "#2a9d8f",	[MAPDRAW_LIB] = "#8ab6d6",
	[MAPDRAW_ANON] = "#a8d5a2",	[MAPDRAW_GUARD] = "#e4e4e4",
	[MAPDRAW_STACK] = "#b5838d",	[MAPDRAW_VDSO] = "#c9ada7",
	[MAPDRAW_VVAR] = "#d8c8c4",	[MAPDRAW_OTHER] = "#cccccc",
	[MAPDRAW_MIXED] = "#bdbdbd",
};

/* Text for XML: markup characters escaped, control characters and bytes
 * that are not UTF-8 replaced by '?', so the file stays well-formed. */
static void put_esc(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		int len = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2
			  : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
		int ok = len > 0 && !(len == 2 && *p < 0xc2);

		for (int i = 1; ok && i < len; i++)
			ok = (p[i] & 0xc0) == 0x80;
		if (!ok || (*p < 0x20 && *p != '\t') || *p == 0x7f) {
			fputc('?', f);
			p++;
			continue;
		}
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default: fwrite(p, 1, (size_t)len, f);
		}
		p += len;
	}
}

/* log2 without libm: the integer part and a linear fraction. */
static double lg(uint64_t x)
{
	int e;

	if (x <= 1)
		return 0;
	e = 63 - __builtin_clzll(x);
	return e + (double)(x - (1ULL << e)) / (double)(1ULL << e);
}

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int covered(const struct mapdraw_model *m, const struct mapdraw_row *r)
{
	for (int c = 0; c < m->ncols; c++)
		if (r->block[c] >= 0)
			return 1;
	return 0;
}

/* Heights grow with log2 of the size in pages: 14 px for a page. */
static double place_rows(struct mapdraw_model *m)
{
	double y = HEAD_H;

	for (size_t k = m->nrows; k-- > 0;) {
		struct mapdraw_row *r = &m->rows[k];
		double pages = lg((r->hi - r->lo) >> 12);

		if (covered(m, r))
			r->h = clampd(14 + 4 * pages, 14, 110);
		else if (r->brk)
			r->h = 36;
		else
			r->h = clampd(3 + 2 * pages, 3, 28);
		r->y = y;
		y += r->h;
	}
	return y;
}

static double y_of(const struct mapdraw_model *m, uint64_t a)
{
	size_t lo = 0, hi = m->nrows;
	const struct mapdraw_row *r;

	if (!m->nrows)
		return HEAD_H;
	if (a >= m->hi)
		return m->rows[m->nrows - 1].y;
	if (a <= m->lo)
		return m->rows[0].y + m->rows[0].h;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (m->rows[mid].lo <= a)
			lo = mid;
		else
			hi = mid;
	}
	r = &m->rows[lo];
	return r->y + r->h * (double)(r->hi - a) / (double)(r->hi - r->lo);
}

static void head(FILE *f, const struct mapdraw_model *m,
		 const char *const *heads, double width, double height)
{
	const struct mapdraw_space *s0 = m->col[0].sp;

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
		"height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		"font-family=\"DejaVu Sans Mono, Menlo, monospace\" font-size=\"11\">\n",
		width, height, width, height);
	fputs("<style>.b{stroke:#333;stroke-width:1}.vma{stroke:#fff;"
	      "stroke-width:0.5}.gap{fill:#fff;fill-opacity:0}"
	      ".mk{stroke:#555;stroke-dasharray:4 3}.cm{stroke:#c0392b;"
	      "stroke-dasharray:2 2}.ar{stroke:#c0392b;stroke-width:2}"
	      ".l{font-weight:bold}.d{fill:#444}.g{fill:#777;font-style:italic}"
	      ".a{fill:#333}.ml{paint-order:stroke;stroke:#fff;stroke-width:3px;"
	      "fill:#c0392b;font-size:9px}</style>\n", f);
	fputs("<defs><marker id=\"ah\" viewBox=\"0 0 10 10\" refX=\"5\" "
	      "refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">"
	      "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c0392b\"/></marker></defs>\n",
	      f);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n"
		"<text x=\"10\" y=\"20\" font-size=\"14\" class=\"l\">"
		"vmload: address space of ");
	put_esc(f, s0->exe && *s0->exe ? s0->exe : "the program");
	fputs("</text>\n", f);
	for (int c = 0; c < m->ncols; c++) {
		const struct mapdraw_space *s = m->col[c].sp;
		double x = ADDR_W + c * COL_W + BAR_X;

		fprintf(f, "<text x=\"%.0f\" y=\"44\" font-size=\"13\" class=\"l\">",
			x);
		put_esc(f, heads && heads[c] ? heads[c]
				: s->legacy ? "legacy layout" : "top-down layout");
		fprintf(f, ", %s", mapdraw_window_name(s->task_size));
		fprintf(f, "</text>\n<text x=\"%.0f\" y=\"60\" class=\"d\">"
			"TASK_SIZE %#llx, mmap_base %#llx, pid %d",
			x, (unsigned long long)s->task_size,
			(unsigned long long)s->mmap_base, s->pid);
		fprintf(f, "</text>\n<text x=\"%.0f\" y=\"72\" class=\"d\">%zu maps",
			x, s->n);
		if (s->end && *s->end) {
			fputs(", ", f);
			put_esc(f, s->end);
		}
		if (!m->col[c].fine)
			fprintf(f, "; grouped in %zu blocks, not drawn one by one",
				m->col[c].nblocks);
		fputs("</text>\n", f);
	}
}

/* The true-scale strip: the whole window, one tick per block. */
static void strip(FILE *f, const struct mapdraw_model *m, int c, double top,
		  double bottom)
{
	double x = ADDR_W + c * COL_W + STRIP_X, span = (double)(m->hi - m->lo);

	fprintf(f, "<g class=\"strip\"><title>the window to true scale</title>"
		"<rect x=\"%.0f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
		"fill=\"#f4f4f4\" stroke=\"#999\"/>\n", x, top, STRIP_W,
		bottom - top);
	for (size_t i = 0; i < m->col[c].nblocks; i++) {
		const struct mapdraw_block *b = &m->col[c].blocks[i];
		double y1 = top + (bottom - top) * (double)(m->hi - b->end) / span;
		double y2 = top + (bottom - top) * (double)(m->hi - b->start) / span;

		fprintf(f, "<rect x=\"%.0f\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" "
			"fill=\"%s\"/>\n", x, y1, STRIP_W,
			y2 - y1 < 2 ? 2 : y2 - y1, fills[b->kind]);
	}
	fputs("</g>\n", f);
}

static void attrs_range(FILE *f, uint64_t lo, uint64_t hi)
{
	fprintf(f, " data-start=\"%#llx\" data-end=\"%#llx\"",
		(unsigned long long)lo, (unsigned long long)hi);
}

/* Each region of a block, with its range and its maps line. */
static void vma_rects(FILE *f, const struct mapdraw_model *m, int c,
		      const struct mapdraw_block *b)
{
	const struct mapdraw_space *s = m->col[c].sp;
	double x = ADDR_W + c * COL_W + BAR_X + 1;
	char line[4352];

	for (size_t k = 0; k < b->count; k++) {
		const struct mapdraw_region *r = &s->regions[b->first + k];
		double y1 = y_of(m, r->end), y2 = y_of(m, r->start);

		fprintf(f, "<rect class=\"vma\" x=\"%.0f\" y=\"%.2f\" width=\"%d\" "
			"height=\"%.2f\" fill=\"%s\" data-col=\"%d\" data-kind=\"%s\"",
			x, y1, BAR_W - 2, y2 - y1, fills[r->kind], c,
			mapdraw_kind_name(r->kind));
		attrs_range(f, r->start, r->end);
		mapdraw_maps_line(r, line, sizeof line);
		fputs("><title>", f);
		put_esc(f, line);
		fputs("</title></rect>\n", f);
	}
}

/* The label right of the bar: name, program, size, count, growth. */
static void block_text(FILE *f, const struct mapdraw_space *s,
		       const struct mapdraw_block *b, double x, double y)
{
	char size[32];

	fprintf(f, "<text x=\"%.0f\" y=\"%.1f\"><tspan class=\"l\">", x, y);
	put_esc(f, b->label);
	fputs("</tspan><tspan class=\"d\" dx=\"7\">", f);
	if (b->kind <= MAPDRAW_BSS) {
		put_esc(f, mapdraw_basename(s->exe));
		fputc(' ', f);
	}
	fputs(mapdraw_size(b->end - b->start, size, sizeof size), f);
	if (b->count > 1)
		fprintf(f, ", %zu maps", b->count);
	if (b->kind == MAPDRAW_STACK)
		fputs(", grows down", f);
	if (b->kind == MAPDRAW_HEAP)
		fputs(", grows up", f);
	fputs("</tspan></text>\n", f);
}

static void block(FILE *f, const struct mapdraw_model *m, int c, size_t i)
{
	const struct mapdraw_col *col = &m->col[c];
	const struct mapdraw_block *b = &col->blocks[i];
	double x = ADDR_W + c * COL_W, y1 = y_of(m, b->end), y2 = y_of(m, b->start);
	char size[32];

	fprintf(f, "<g class=\"block\" data-col=\"%d\" data-kind=\"%s\"", c,
		mapdraw_kind_name(b->kind));
	attrs_range(f, b->start, b->end);
	fputs("><title>", f);
	put_esc(f, b->label);
	fprintf(f, " %#llx-%#llx %s, %zu map%s</title>\n",
		(unsigned long long)b->start, (unsigned long long)b->end,
		mapdraw_size(b->end - b->start, size, sizeof size), b->count,
		b->count == 1 ? "" : "s");
	fprintf(f, "<rect class=\"b\" x=\"%.0f\" y=\"%.2f\" width=\"%d\" "
		"height=\"%.2f\" fill=\"%s\"/>\n", x + BAR_X, y1, BAR_W, y2 - y1,
		fills[b->kind]);
	if (col->fine)
		vma_rects(f, m, c, b);
	block_text(f, col->sp, b, x + LABEL_X, (y1 + y2) / 2 + 4);
	fputs("</g>\n", f);
	/* the stack grows down: an arrow through it */
	if (b->kind == MAPDRAW_STACK)
		fprintf(f, "<line class=\"ar\" x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" "
			"y2=\"%.1f\" marker-end=\"url(#ah)\"/>\n", x + ARROW_X,
			y1 + 2, x + ARROW_X, y2 - 4);
}

static void gap_run(FILE *f, const struct mapdraw_model *m, int c,
		    size_t top, size_t bottom)
{
	const struct mapdraw_row *hi = &m->rows[top], *lo = &m->rows[bottom];
	const struct mapdraw_row *tall = hi;
	double x = ADDR_W + c * COL_W + BAR_X, y1 = hi->y, y2 = lo->y + lo->h;
	char size[32];
	int broken = 0;

	for (size_t k = bottom; k <= top; k++) {
		broken |= m->rows[k].brk;
		if (m->rows[k].h > tall->h)
			tall = &m->rows[k];
	}
	/* a broken gap: zigzag edges at its top and bottom */
	for (int z = 0; broken && z < 2; z++) {
		double zy = z ? y2 - 6 : y1 + 6;

		fprintf(f, "<path d=\"M%.0f,%.1f", x, zy);
		for (int i = 1; i <= 12; i++)
			fprintf(f, " L%.1f,%.1f", x + i * BAR_W / 12.0,
				zy + (i % 2 ? -3 : 3));
		fputs("\" fill=\"none\" stroke=\"#999\"/>\n", f);
	}
	mapdraw_size(hi->hi - lo->lo, size, sizeof size);
	fprintf(f, "<rect class=\"gap\" x=\"%.0f\" y=\"%.2f\" width=\"%d\" "
		"height=\"%.2f\"", x, y1, BAR_W, y2 - y1);
	attrs_range(f, lo->lo, hi->hi);
	fprintf(f, "><title>free %#llx-%#llx %s</title></rect>\n",
		(unsigned long long)lo->lo, (unsigned long long)hi->hi, size);
	if (y2 - y1 >= 12)
		fprintf(f, "<text class=\"g\" x=\"%.0f\" y=\"%.1f\" "
			"text-anchor=\"middle\">%s%s free%s</text>\n",
			x + BAR_W / 2.0, tall->y + tall->h / 2 + 4,
			broken ? "\xe2\x80\xa6 " : "", size, broken ? " \xe2\x80\xa6" : "");
}

static void gaps(FILE *f, const struct mapdraw_model *m, int c)
{
	size_t k = m->nrows;

	while (k-- > 0) {
		size_t top = k;

		if (m->rows[k].block[c] >= 0)
			continue;
		while (k > 0 && m->rows[k - 1].block[c] < 0)
			k--;
		gap_run(f, m, c, top, k);
	}
}

static void marks(FILE *f, const struct mapdraw_model *m, double width)
{
	for (int i = 0; i < m->nmarks; i++) {
		const struct mapdraw_mark *k = &m->marks[i];
		double y = y_of(m, k->addr);

		if (k->col < 0) {
			fprintf(f, "<line class=\"mk\" x1=\"%d\" y1=\"%.1f\" "
				"x2=\"%.0f\" y2=\"%.1f\"/><text x=\"%.0f\" y=\"%.1f\" "
				"text-anchor=\"end\" class=\"l\">%s</text>\n",
				ADDR_W - 4, y, width - 6, y, width - 6, y - 3,
				k->label);
			continue;
		}
		double x = ADDR_W + k->col * COL_W;

		fprintf(f, "<line class=\"cm\" x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" "
			"y2=\"%.1f\"/><text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" "
			"class=\"ml\">%s%s</text>\n",
			x + ARROW_X - 6, y, x + BAR_X + BAR_W + 4, y,
			x + BAR_X + BAR_W - 3, k->arrow > 0 ? y - 3 : y + 10,
			k->label, strcmp(k->label, "mmap_base") ? ""
				  : k->arrow > 0 ? ": mmap area grows up"
						 : ": mmap area grows down");
		if (k->arrow)
			fprintf(f, "<line class=\"ar\" x1=\"%.0f\" y1=\"%.1f\" "
				"x2=\"%.0f\" y2=\"%.1f\" marker-end=\"url(#ah)\"/>\n",
				x + ARROW_X, y, x + ARROW_X, y - 20.0 * k->arrow);
	}
}

/* Addresses at block edges and marks, skipping those too close to the
 * one above. */
static int edge_at(const struct mapdraw_model *m, uint64_t a)
{
	for (int c = 0; c < m->ncols; c++)
		for (size_t i = 0; i < m->col[c].nblocks; i++)
			if (m->col[c].blocks[i].start == a ||
			    m->col[c].blocks[i].end == a)
				return 1;
	for (int i = 0; i < m->nmarks; i++)
		if (m->marks[i].addr == a)
			return 1;
	return 0;
}

static void addresses(FILE *f, const struct mapdraw_model *m)
{
	double last = -100;

	for (size_t k = m->nrows + 1; k-- > 0;) {
		uint64_t a = k == m->nrows ? m->hi : m->rows[k].lo;
		double y = k == m->nrows ? m->rows[k - 1].y : m->rows[k].y + m->rows[k].h;

		if (y - last < 11 || !edge_at(m, a))
			continue;
		fprintf(f, "<text class=\"a\" x=\"%d\" y=\"%.1f\" "
			"text-anchor=\"end\">%#llx</text>\n", ADDR_W - 8, y + 4,
			(unsigned long long)a);
		last = y;
	}
}

static void legend(FILE *f, double y)
{
	static const int order[] = { MAPDRAW_TEXT, MAPDRAW_RODATA, MAPDRAW_DATA,
				     MAPDRAW_BSS, MAPDRAW_HEAP, MAPDRAW_LIB,
				     MAPDRAW_ANON, MAPDRAW_GUARD, MAPDRAW_STACK,
				     MAPDRAW_VDSO, MAPDRAW_VVAR };

	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		double x = 10 + (double)(i % 6) * 84, ly = y + (double)(i / 6) * 16;

		fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"10\" height=\"10\" "
			"fill=\"%s\" stroke=\"#333\"/><text x=\"%.0f\" y=\"%.0f\">"
			"%s</text>\n", x, ly, fills[order[i]], x + 14, ly + 9,
			mapdraw_kind_name(order[i]));
	}
	fprintf(f, "<text x=\"10\" y=\"%.0f\" class=\"d\">not to scale: "
		"heights grow with log2 of the size, gaps of %llu MiB or more "
		"are broken</text>\n<text x=\"10\" y=\"%.0f\" class=\"d\">"
		"the thin strip beside each column is the window to true "
		"scale</text>\n", y + 44, MAPDRAW_BREAK >> 20, y + 58);
}

int mapdraw_svg(FILE *f, const struct mapdraw_space *const *sp, int ncols,
		const char *const *heads)
{
	struct mapdraw_model m;
	double bottom, width, height;

	if (mapdraw_model_build(&m, sp, ncols, /* fine = */ 1) < 0)
		return -ENOMEM;
	bottom = place_rows(&m);
	width = ADDR_W + m.ncols * COL_W + MARK_W;
	height = bottom + 84;
	head(f, &m, heads, width, height);
	for (int c = 0; c < m.ncols; c++) {
		strip(f, &m, c, HEAD_H, bottom);
		gaps(f, &m, c);
		for (size_t i = 0; i < m.col[c].nblocks; i++)
			block(f, &m, c, i);
	}
	marks(f, &m, width);
	addresses(f, &m);
	legend(f, bottom + 16);
	fputs("</svg>\n", f);
	mapdraw_model_free(&m);
	return ferror(f) ? -EIO : 0;
}
