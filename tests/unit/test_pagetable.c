/*
 * test_pagetable.c - the runtime page table against a naive model (one
 * byte per page over a few windows of the 47-bit space), plus its edges:
 * absent subtrees, whole-word runs, moves and the memory it takes.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "pagetable.h"

#define P 4096UL

static void setup(void)
{
	cr_assert_eq(arena_init(), 0);
	pagetable_reset();
}

TestSuite(pagetable, .init = setup);

Test(pagetable, empty_is_none_everywhere)
{
	int s;

	cr_assert_eq(pagetable_get(0x10000), PT_NONE);
	cr_assert_eq(pagetable_get(0x7ffffffff000), PT_NONE);
	cr_assert_eq(pagetable_run(0x10000, 0x7ffffffff000, &s), 0x7ffffffff000);
	cr_assert_eq(s, PT_NONE);
	cr_assert_eq(pagetable_bytes(), 0, "nothing allocated to read");
}

Test(pagetable, set_get_and_runs)
{
	int s;

	cr_assert_eq(pagetable_set(0x400000, 0x403000, PT_RO), 0);
	cr_assert_eq(pagetable_set(0x401000, 0x402000, PT_RW), 0);
	cr_assert_eq(pagetable_get(0x3ff000), PT_NONE);
	cr_assert_eq(pagetable_get(0x400fff), PT_RO);
	cr_assert_eq(pagetable_get(0x401000), PT_RW);
	cr_assert_eq(pagetable_get(0x402000), PT_RO);
	cr_assert_eq(pagetable_get(0x403000), PT_NONE);
	cr_assert_eq(pagetable_run(0x400000, 0x500000, &s), 0x401000);
	cr_assert_eq(s, PT_RO);
	cr_assert_eq(pagetable_run(0x401000, 0x500000, &s), 0x402000);
	cr_assert_eq(s, PT_RW);
	cr_assert_eq(pagetable_run(0x403000, 0x500000, &s), 0x500000);
	cr_assert_eq(s, PT_NONE);
	cr_assert_eq(pagetable_run(0x400000, 0x400800 + P, &s), 0x401000,
		     "a run never passes hi");
}

Test(pagetable, runs_cross_leaves_and_words)
{
	int s;
	uintptr_t lo = 0x1ff000, hi = 0x1ff000 + 3000 * P; /* spans leaves */

	cr_assert_eq(pagetable_set(lo, hi, PT_RW), 0);
	cr_assert_eq(pagetable_run(lo, 0x80000000, &s), hi);
	cr_assert_eq(s, PT_RW);
	cr_assert_eq(pagetable_run(hi, 0x80000000, &s), 0x80000000);
	cr_assert_eq(s, PT_NONE);
	cr_assert_eq(pagetable_run(0x1000, 0x80000000, &s), lo);
	cr_assert_eq(s, PT_NONE);
}

Test(pagetable, clearing_frees_leaves_for_reuse)
{
	size_t before;

	cr_assert_eq(pagetable_set(0x40000000, 0x40200000, PT_RW), 0);
	before = pagetable_bytes();
	cr_assert_eq(pagetable_set(0x40000000, 0x40200000, PT_NONE), 0);
	cr_assert_eq(pagetable_set(0x40000000, 0x40001000, PT_RO), 0);
	cr_assert_eq(pagetable_bytes(), before, "the freed leaf came back");
	cr_assert_eq(pagetable_get(0x40001000), PT_NONE, "reused leaf is clean");
}

Test(pagetable, move_copies_then_clears)
{
	cr_assert_eq(pagetable_set(0x10000000, 0x10003000, PT_RO), 0);
	cr_assert_eq(pagetable_set(0x10001000, 0x10002000, PT_RW), 0);
	cr_assert_eq(pagetable_set(0x20001000, 0x20002000, PT_RW), 0);
	cr_assert_eq(pagetable_move(0x10000000, 0x20000000, 4 * P), 0);
	cr_assert_eq(pagetable_get(0x20000000), PT_RO);
	cr_assert_eq(pagetable_get(0x20001000), PT_RW);
	cr_assert_eq(pagetable_get(0x20002000), PT_RO);
	cr_assert_eq(pagetable_get(0x20003000), PT_NONE);
	for (uintptr_t a = 0x10000000; a < 0x10004000; a += P)
		cr_assert_eq(pagetable_get(a), PT_NONE, "source cleared at %#lx", a);
}

/* A few pages spread over 2^42 bytes cost a few pages of table. */
Test(pagetable, memory_follows_touched_pages)
{
	for (int i = 0; i < 16; i++) {
		uintptr_t a = 0x100000000000UL + (uintptr_t)i * (1UL << 38);

		cr_assert_eq(pagetable_set(a, a + P, PT_RW), 0);
	}
	cr_assert_lt(pagetable_bytes(), 16 * (2 * 4096 + 128) + 4096 * 2);
}

/* Random operations against one byte per page. */
Test(pagetable, random_against_model)
{
	enum { PAGES = 8192 };
	static unsigned char model[PAGES];
	const uintptr_t base = 0x7f0000000000UL - 700 * P; /* crosses a root slot */
	unsigned seed = 12345;

	for (int op = 0; op < 20000; op++) {
		size_t a = rand_r(&seed) % PAGES, n = rand_r(&seed) % 600 + 1;
		int st = rand_r(&seed) % 3;

		if (a + n > PAGES)
			n = PAGES - a;
		if (rand_r(&seed) % 8 == 0) {
			size_t b = rand_r(&seed) % PAGES;

			if (b + n > PAGES || (b < a + n && a < b + n))
				continue;
			cr_assert_eq(pagetable_move(base + a * P, base + b * P, n * P), 0);
			memmove(model + b, model + a, n);
			memset(model + a, PT_NONE, n);
		} else {
			cr_assert_eq(pagetable_set(base + a * P, base + (a + n) * P, st), 0);
			memset(model + a, st, n);
		}
		if (op % 500 == 0) {
			for (size_t i = 0; i < PAGES;) {
				int s;
				uintptr_t e = pagetable_run(base + i * P, base + PAGES * P, &s);
				size_t j = (e - base) / P;

				cr_assert_gt(j, i);
				for (size_t k = i; k < j; k++)
					cr_assert_eq(model[k], s, "op %d page %zu", op, k);
				cr_assert(j == PAGES || model[j] != s, "run ends early at %zu", j);
				i = j;
			}
		}
	}
}
