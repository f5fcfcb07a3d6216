/*
 * tracecall.h - one trapped system call as a trace line: its name, its
 * arguments decoded from a per-call format (paths as strings, flag words
 * in symbolic form, addresses in hex) and its result, strace-like:
 *
 *   openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
 *
 * Guest memory is read only through the reader the caller passes (the
 * runtime passes the pager's copy helpers; tests their own). Async-signal-
 * safe zone.
 */
#ifndef VMLOAD_TRACECALL_H
#define VMLOAD_TRACECALL_H

#include <stddef.h>
#include <stdint.h>

#include "tracefmt.h"

struct tracecall_mem {
	/* a NUL-terminated string of at most cap bytes (with the NUL): its
	 * length, -ENAMETOOLONG with cap bytes copied, or another -errno */
	long (*read_str)(char *dst, uintptr_t src, size_t cap);
	/* len bytes: 0 or -errno */
	int (*read)(void *dst, uintptr_t src, size_t len);
};

/* Which trace category a call's line belongs to. */
enum tracecall_cat {
	TRACECALL_OTHER,	/* only with "syscall" */
	TRACECALL_MM,		/* "mm" or "syscall" */
	TRACECALL_EXEC,		/* "exec" or "syscall" */
};

/* A call's format: one character per argument register (tracecall.c
 * lists them), the kind of its result, its category. */
struct tracecall_fmt {
	const char *args;
	unsigned char ret;	/* enum tracefmt_ret */
	unsigned char cat;	/* enum tracecall_cat */
};

/* x86-64 call nr's format, or NULL (the i386 side reuses them). */
const struct tracecall_fmt *tracecall_fmt_of(long nr);

enum tracecall_cat tracecall_category(long nr);
/* Does the call end the thread or process (its line is printed before it,
 * with " = ?")? */
int tracecall_noreturn(long nr);

/*
 * "name(args) = result" for call nr with argument registers a[0..5] and
 * raw result ret (-errno on failure). m reads the guest's strings and
 * vectors. Calls without a known format show six hex arguments.
 */
void tracecall_format(struct tracefmt_buf *b, long nr, const long *a, long ret,
		      const struct tracecall_mem *m);
/* The same with the name and format given (NULL name: "syscall_NR"; NULL
 * format: six hex registers). */
void tracecall_put(struct tracefmt_buf *b, const char *name, long nr,
		   const struct tracecall_fmt *f, const long *a, long ret,
		   const struct tracecall_mem *m);

#endif
