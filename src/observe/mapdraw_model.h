/*
 * mapdraw_model.h - what the SVG and text renderers of mapdraw.h share:
 * the regions grouped into labelled blocks, and the rows of the common
 * broken axis. Private to mapdraw*.c.
 */
#ifndef VMLOAD_MAPDRAW_MODEL_H
#define VMLOAD_MAPDRAW_MODEL_H

#include "vmload/mapdraw.h"

#define MAPDRAW_COLS 2
#define MAPDRAW_MARKS 12

/* Consecutive regions drawn as one labelled thing: a library's VMAs, the
 * main program's text, an anonymous run. */
struct mapdraw_block {
	uint64_t start, end;
	size_t first, count;	/* its regions */
	int kind;
	char label[48];
};

/* One piece of the axis: [lo, hi), covered by one block or by none in
 * each column. A break is a large piece no column covers. */
struct mapdraw_row {
	uint64_t lo, hi;
	int block[MAPDRAW_COLS];	/* index in the column's blocks, or -1 */
	int brk;
	double y, h;		/* set by the renderer: top and height */
};

/* A line across the picture: TASK_SIZE, 2 GiB, 4 GiB (col -1), or one
 * column's mmap_base and brk, with the direction things grow from it. */
struct mapdraw_mark {
	uint64_t addr;
	int col;
	int arrow;		/* +1 up (higher addresses), -1 down, 0 */
	char label[24];
};

struct mapdraw_col {
	const struct mapdraw_space *sp;
	struct mapdraw_block *blocks;
	size_t nblocks;
	int fine;		/* every region has its own rows */
};

struct mapdraw_model {
	int ncols;
	struct mapdraw_col col[MAPDRAW_COLS];
	struct mapdraw_row *rows;	/* ascending addresses */
	size_t nrows;
	uint64_t lo, hi;		/* the axis */
	struct mapdraw_mark marks[MAPDRAW_MARKS];
	int nmarks;
};

/* Build the model; fine: rows at every region boundary of the columns that
 * have few enough regions (SVG), else at block boundaries (text). 0 or
 * -ENOMEM. */
int mapdraw_model_build(struct mapdraw_model *m,
			const struct mapdraw_space *const *sp, int ncols,
			int fine);
void mapdraw_model_free(struct mapdraw_model *m);
/* The last path component of a name. */
const char *mapdraw_basename(const char *path);
/* A region's /proc/<pid>/maps line, without the newline. */
void mapdraw_maps_line(const struct mapdraw_region *r, char *buf, size_t cap);

#endif
