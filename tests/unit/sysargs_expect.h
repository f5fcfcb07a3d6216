/*
 * sysargs_expect.h - how the sysargs unit tests state what the table must
 * ask of the pager: CALL runs one system call's preparation against the
 * recording pager (fake_pager.c), WANT lists the exact calls expected.
 * Shared by test_sysargs.c and test_sysargs_calls.c.
 */
#ifndef VMLOAD_SYSARGS_EXPECT_H
#define VMLOAD_SYSARGS_EXPECT_H

#include <stdint.h>

#include "fake_pager.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
#define ENOSYS_RET (-38)

/* guest memory of the tests: page-aligned, in this process */
extern char buf[1 << 16];
extern char buf2[4096];

#define L(x) ((long)(x))

/* Run sysargs_prepare(nr, a0..a5) with a fresh record; it must succeed. */
#define CALL(nr, ...) call_nr(nr, (long[6]){ __VA_ARGS__ })
void call_nr(long nr, const long *a);

#define P(a, l, w) { FP_PREPARE, (uintptr_t)(a), (l), (w) }
#define S(a, cap) { FP_PREPARE_STR, (uintptr_t)(a), (cap), 0 }
#define PINNED(a, l) { FP_PIN, (uintptr_t)(a), (l), 1 }
/* rw where the guest may write, else ro: a write call then a read call */
#define RW_OR_RO(a, l) P(a, l, 1), P(a, l, 0)

/* The recorded calls must be exactly want[0..n), in order. */
void want(const struct fake_pager_call *w, int n);
/* The recorded calls, one per line, for failure messages. */
const char *dump(void);

#define WANT(...) \
	want((struct fake_pager_call[]){ __VA_ARGS__ }, \
	     (int)(sizeof((struct fake_pager_call[]){ __VA_ARGS__ }) / \
		   sizeof(struct fake_pager_call)))
#define WANT_NONE() want(NULL, 0)

#endif
