/*
 * sysargs_expect.c - the checks behind sysargs_expect.h.
 */
#include "sysargs_expect.h"

#include <criterion/criterion.h>
#include <stdio.h>

#include "sys.h"

char buf[1 << 16] __attribute__((aligned(4096)));
char buf2[4096] __attribute__((aligned(4096)));

void call_nr(long nr, const long *a)
{
	fake_pager_reset();
	cr_assert_eq(sysargs_prepare(nr, a), 0, "nr %ld not in the table", nr);
}

static const char *opname(enum fake_pager_op op)
{
	return op == FP_PREPARE ? "prepare" : op == FP_PREPARE_STR ? "str" :
	       "pin";
}

const char *dump(void)
{
	static char s[4096];
	size_t off = 0;
	int i;

	s[0] = '\0';
	for (i = 0; i < fake_pager_n && i < FAKE_PAGER_MAX && off < 3900; i++)
		off += (size_t)snprintf(s + off, sizeof s - off,
			"  %s %#lx len %zu write %d\n",
			opname(fake_pager_calls[i].op),
			(unsigned long)fake_pager_calls[i].addr,
			fake_pager_calls[i].len, fake_pager_calls[i].write);
	return s;
}

/* The recorded calls must be exactly want[0..n), in order. */
void want(const struct fake_pager_call *w, int n)
{
	int i;

	cr_assert_eq(fake_pager_n, n, "%d calls, want %d:\n%s", fake_pager_n,
		     n, dump());
	for (i = 0; i < n; i++) {
		const struct fake_pager_call *c = &fake_pager_calls[i];

		cr_assert(c->op == w[i].op && c->addr == w[i].addr &&
			  c->len == w[i].len && c->write == w[i].write,
			  "call %d: want %s %#lx len %zu write %d, got:\n%s",
			  i, opname(w[i].op), (unsigned long)w[i].addr,
			  w[i].len, w[i].write, dump());
	}
}
