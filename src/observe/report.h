/*
 * report.h - the crash report's pure parts (private to src/observe/; the
 * report itself is in observe.h): the classification of a faulting
 * address and the words for signals and codes (report_facts.c), pure
 * functions, async-signal-safe and unit-tested.
 */
#ifndef VMLOAD_REPORT_H
#define VMLOAD_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

#include "observe.h"

/* ---- pure parts (report_facts.c) ---- */

/* One guest mapping as the report sees it: a copy of a VMA. */
struct report_span {
	uintptr_t start, end;	/* [start, end), page-aligned */
	int prot;		/* PROT_* the guest asked for */
	int shared;		/* MAP_SHARED: 's' in the permissions */
	int growsdown;		/* a stack VMA */
	uint64_t pgoff;		/* file offset of start */
	const char *path;	/* the mapped file, or NULL */
	const char *name;	/* as /proc/self/maps names it, or NULL */
};

enum report_diag_kind {
	REPORT_DIAG_NONE,
	REPORT_DIAG_NULL,		/* within 64 KiB of NULL, either side */
	REPORT_DIAG_STACK,		/* next to the stack pointer, unmapped:
					   the stack overflowed */
	REPORT_DIAG_SIGN_EXTENDED,	/* upper half all ones, lower half
					   inside a mapping */
	REPORT_DIAG_TRUNCATED,		/* upper half zero, a mapping above
					   4 GiB has the same lower half */
};

struct report_diag {
	enum report_diag_kind kind;
	uintptr_t where;	/* SIGN_EXTENDED, TRUNCATED: the address the
				   pointer probably was */
	size_t span;		/* index of the span holding where (STACK: the
				   mapping just above the address), or n */
};

/*
 * Does the faulting address addr (with the stack pointer sp) look like a
 * damaged pointer? spans: the guest's mappings, sorted, n of them. Checks,
 * in order: NULL plus a small offset, a stack overflow, a 32-bit value
 * sign-extended, a pointer truncated to 32 bits. An address inside an
 * accessible mapping gets REPORT_DIAG_NONE. Returns d->kind.
 */
enum report_diag_kind report_classify(uintptr_t addr, uintptr_t sp,
				      const struct report_span *spans, size_t n,
				      struct report_diag *d);
/* The index of the span containing a, or n (spans sorted, disjoint). */
size_t report_span_find(const struct report_span *spans, size_t n,
			uintptr_t a);
/* The diagnosis as a sentence into buf (empty for NONE); its length. */
size_t report_diag_text(const struct report_diag *d, uintptr_t addr,
			uintptr_t sp, const struct report_span *spans,
			size_t n, char *buf, size_t cap);
/* One mapping as "lo-hi perms offset name" ("[anon]" when unnamed). */
size_t report_span_text(const struct report_span *s, char *buf, size_t cap);
/* "SIGSEGV", or NULL for a signal the report does not cover. */
const char *report_signal_name(int sig);
/* "SEGV_MAPERR: address not mapped to object" for (sig, code); a generic
 * text for codes it does not know. */
const char *report_code_text(int sig, int code);
/* "read", "write", "exec" from a page fault's error code (REG_ERR), or
 * NULL when the trap was not a page fault (REG_TRAPNO != 14). */
const char *report_access(unsigned long trapno, unsigned long err);

#endif
