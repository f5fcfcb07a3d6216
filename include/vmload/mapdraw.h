/*
 * mapdraw.h - pictures of a guest address space (README "Pictures of the
 * address space"): an SVG drawing or a text diagram of one address space,
 * or of two side by side (--compare), from a list of region records.
 *
 * Pure: no system calls of its own, output through a FILE *. Uses stdio,
 * malloc and floating point, so the runtime calls it only on the terminal
 * path (final.h); the loader calls it freely.
 *
 * The picture is a vertical column, high addresses at the top, on a broken
 * axis: every region gets a height that grows with the logarithm of its
 * size (a 4 KiB page stays readable next to a 1 GiB heap), small gaps are
 * drawn the same way, gaps of MAPDRAW_BREAK or more are broken with their
 * size written. Two columns share one axis: the same address is at the
 * same height in both. Beside each column a thin strip shows the window
 * to true scale.
 */
#ifndef VMLOAD_MAPDRAW_H
#define VMLOAD_MAPDRAW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What a region is, for its colour and label (mapdraw_classify). */
enum mapdraw_kind {
	MAPDRAW_TEXT,		/* the main program's r-x */
	MAPDRAW_RODATA,		/* its read-only segments */
	MAPDRAW_DATA,		/* its writable file-backed segment */
	MAPDRAW_BSS,		/* the anonymous VMA right after its data */
	MAPDRAW_HEAP,		/* the brk range */
	MAPDRAW_LIB,		/* another file (library, or its bss) */
	MAPDRAW_ANON,		/* anonymous: the mmap area */
	MAPDRAW_GUARD,		/* anonymous PROT_NONE */
	MAPDRAW_STACK,		/* [stack] */
	MAPDRAW_VDSO,		/* [vdso] */
	MAPDRAW_VVAR,		/* [vvar], [vvar_vclock] */
	MAPDRAW_OTHER,		/* any other [name] */
	MAPDRAW_MIXED,		/* a block of merged neighbours (too many) */
	MAPDRAW_NKINDS
};

/* One VMA, as a line of /proc/<pid>/maps shows it. */
struct mapdraw_region {
	uint64_t start, end;	/* invariant: start < end, sorted, disjoint */
	uint64_t off, ino;
	unsigned major, minor;
	int prot;		/* PROT_* */
	int shared;
	const char *name;	/* path, [heap], [anon:x]...; NULL: none */
	int kind;		/* enum mapdraw_kind, set by mapdraw_classify */
};

/* One address space: the window, its layout and its regions. */
struct mapdraw_space {
	const char *exe;	/* the main program, as maps names it */
	const char *end;	/* how the program ended ("exit status 0") */
	int pid;
	int legacy;		/* bottom-up mmap area */
	uint64_t task_size, mmap_min;	/* the window [mmap_min, task_size) */
	uint64_t mmap_base;	/* where the mmap area starts, per direction */
	uint64_t start_brk, brk;	/* the heap */
	uint64_t stack_top, start_stack;
	struct mapdraw_region *regions;
	size_t n;
	int owned;		/* strings and regions malloc'd (dump_read) */
};

#define MAPDRAW_BREAK (16ULL << 20)	/* smallest gap drawn broken */
#define MAPDRAW_FINE_MAX 2048	/* regions drawn one by one, per column */
#define MAPDRAW_BLOCKS_MAX 256	/* labelled blocks per column */

/* Set every region's kind from its name, prot and neighbours, the main
 * program's path and the brk range. */
void mapdraw_classify(struct mapdraw_space *s);
/* The kind's name ("text", "heap", ...). */
const char *mapdraw_kind_name(int kind);
/* "3g window", "4g window", "47-bit window", or "window" for another
 * TASK_SIZE. */
const char *mapdraw_window_name(uint64_t task_size);
/* "4 KiB", "1.5 GiB": into buf, which it returns. */
const char *mapdraw_size(uint64_t bytes, char *buf, size_t cap);

/*
 * Draw ncols (1 or 2) classified spaces side by side, as SVG or as a text
 * diagram. The SVG has one element per region (while a column has at most
 * MAPDRAW_FINE_MAX of them) carrying data-start/data-end (0x hex) and a
 * <title> with its maps line. 0, or -ENOMEM / -EIO.
 */
int mapdraw_svg(FILE *f, const struct mapdraw_space *const *sp, int ncols,
		const char *const *heads);
int mapdraw_txt(FILE *f, const struct mapdraw_space *const *sp, int ncols,
		const char *const *heads);

/*
 * The raw form (--compare): a few "key value" lines, then "maps" and one
 * /proc/<pid>/maps line per region. mapdraw_dump_read fills s with owned
 * copies (free with mapdraw_space_free): 0, -EINVAL for a malformed dump,
 * -ENOMEM. At most 1 << 20 regions are read.
 */
int mapdraw_dump_write(FILE *f, const struct mapdraw_space *s);
int mapdraw_dump_read(FILE *f, struct mapdraw_space *s);
void mapdraw_space_free(struct mapdraw_space *s);

#endif
