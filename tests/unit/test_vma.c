/*
 * test_vma.c - the VMA tree: lookups, split/merge rules and gap search on
 * hand-built trees. The randomized model comparison is test_vma_model.c.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "vma.h"
#include "vma_fixture.h"

TestSuite(vma, .init = vma_fixture_setup, .timeout = 60);

Test(vma, empty_tree)
{
	struct vma_gap_req q = { .len = PG, .low = PG, .high = 0x100000,
				 .align = PG };

	cr_assert_null(vma_first(&tree));
	cr_assert_null(vma_find(&tree, 0));
	cr_assert_null(vma_lookup(&tree, 0x1000));
	cr_assert_not(vma_overlaps(&tree, 0, UINTPTR_MAX));
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x100000 - PG);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), PG);
	check_tree();
}

Test(vma, find_and_lookup)
{
	ins_anon(0x10000, 0x12000, RW, 0);
	ins_anon(0x20000, 0x21000, PROT_READ, 0);
	ins_anon(0x30000, 0x38000, RW, 0);
	check_tree();

	cr_assert_eq(vma_find(&tree, 0)->start, 0x10000);
	cr_assert_eq(vma_find(&tree, 0x10000)->start, 0x10000);
	cr_assert_eq(vma_find(&tree, 0x11fff)->start, 0x10000);
	cr_assert_eq(vma_find(&tree, 0x12000)->start, 0x20000,
		     "end is exclusive: next VMA");
	cr_assert_eq(vma_find(&tree, 0x2ffff)->start, 0x30000);
	cr_assert_null(vma_find(&tree, 0x38000));
	cr_assert_null(vma_find(&tree, UINTPTR_MAX));

	cr_assert_null(vma_lookup(&tree, 0xffff));
	cr_assert_eq(vma_lookup(&tree, 0x10000)->start, 0x10000);
	cr_assert_eq(vma_lookup(&tree, 0x20fff)->start, 0x20000);
	cr_assert_null(vma_lookup(&tree, 0x21000));
	cr_assert_null(vma_lookup(&tree, 0x38000));

	cr_assert(vma_overlaps(&tree, 0x11000, 0x13000));
	cr_assert(vma_overlaps(&tree, 0x0, 0x10001));
	cr_assert_not(vma_overlaps(&tree, 0x12000, 0x20000));
	cr_assert_not(vma_overlaps(&tree, 0x0, 0x10000));
	cr_assert(vma_overlaps(&tree, 0x21000, 0x30001));
	cr_assert_not(vma_overlaps(&tree, 0x38000, 0x40000));
}

Test(vma, next_prev_walk_in_order)
{
	enum { N = 300 };
	unsigned order[N];
	struct vma *v, *last = NULL;
	uintptr_t prev_start = 0;
	size_t n = 0;

	for (unsigned i = 0; i < N; i++)
		order[i] = i;
	srand(7);
	for (unsigned i = N - 1; i > 0; i--) { /* shuffle insert order */
		unsigned j = (unsigned)rand() % (i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (unsigned i = 0; i < N; i++) {
		uintptr_t s = 0x100000 + order[i] * 3 * PG;

		ins_anon(s, s + PG, RW, 0);
		check_tree();
	}
	cr_assert_eq(tree.count, N);
	for (v = vma_first(&tree); v; last = v, v = vma_next(v), n++) {
		cr_assert_eq(v->start, 0x100000 + n * 3 * PG);
		cr_assert(n == 0 || v->start > prev_start);
		prev_start = v->start;
	}
	cr_assert_eq(n, N);
	for (v = last; v; v = vma_prev(v))
		cr_assert_eq(v->start, 0x100000 + --n * 3 * PG);
	cr_assert_eq(n, 0);
	cr_assert_null(vma_prev(vma_first(&tree)));
	cr_assert_null(vma_next(last));
}

Test(vma, remove_keeps_order_and_balance)
{
	struct vma *v[64];

	for (int i = 0; i < 64; i++)
		v[i] = ins_anon(A(0x100000 + i * 2 * PG), A(0x100000 + i * 2 * PG + PG),
			   RW, 0);
	/* remove inner nodes (two children) as well as leaves */
	for (int i = 0; i < 64; i += 3) {
		vma_remove(&tree, v[i]);
		check_tree();
	}
	for (int i = 0; i < 64; i++) {
		struct vma *l = vma_lookup(&tree, 0x100000 + i * 2 * PG);

		if (i % 3 == 0)
			cr_assert_null(l, "%d still there", i);
		else
			cr_assert_eq(l, v[i]);
	}
	cr_assert_eq(tree.count, 64 - 22);
}

/* ---- split ---- */

Test(vma, split_preserves_file_offset)
{
	struct vma *lo = ins(0x10000, 0x20000, PROT_READ, VMA_MAYREAD, file_a,
			     0x3000);
	struct vma *hi = vma_split(&tree, lo, 0x14000);

	check_tree();
	cr_assert_not_null(hi);
	cr_assert_eq(lo->start, 0x10000);
	cr_assert_eq(lo->end, 0x14000);
	cr_assert_eq(lo->pgoff, 0x3000);
	cr_assert_eq(hi->start, 0x14000);
	cr_assert_eq(hi->end, 0x20000);
	cr_assert_eq(hi->pgoff, 0x3000 + 0x4000);
	cr_assert_eq(hi->file, file_a);
	cr_assert_eq(hi->prot, PROT_READ);
	cr_assert_eq(hi->flags, VMA_MAYREAD);
	cr_assert_eq(tree.count, 2);
	cr_assert_eq(vma_lookup(&tree, 0x13fff), lo);
	cr_assert_eq(vma_lookup(&tree, 0x14000), hi);

	/* and again, on the upper part */
	struct vma *top = vma_split(&tree, hi, 0x1f000);

	check_tree();
	cr_assert_eq(top->pgoff, 0x3000 + 0xf000);
	cr_assert_eq(hi->pgoff, 0x7000);
}

Test(vma, split_anonymous_copies_attributes)
{
	struct vma *lo = ins_anon(0x10000, 0x20000, RW,
				  VMA_ACCOUNT | VMA_MAYWRITE);
	struct vma *hi;

	lo->name = "[heap]";
	hi = vma_split(&tree, lo, 0x11000);
	check_tree();
	cr_assert_eq(lo->pgoff, 0x10000);
	cr_assert_eq(hi->pgoff, 0x11000, "vm_pgoff advances like an offset");
	cr_assert_eq(hi->prot, RW);
	cr_assert_eq(hi->flags, VMA_ACCOUNT | VMA_MAYWRITE);
	cr_assert_null(hi->file);
	cr_assert_eq(hi->name, lo->name);
	cr_assert_eq(lo->end, 0x11000);
}

Test(vma, split_without_memory_leaves_vma_unchanged)
{
	struct vma *v = ins(0x10000, 0x20000, RW, 0, file_a, 0x5000);

	pool.fail_after = 0;
	cr_assert_null(vma_split(&tree, v, 0x18000));
	cr_assert_eq(v->start, 0x10000);
	cr_assert_eq(v->end, 0x20000);
	cr_assert_eq(v->pgoff, 0x5000);
	cr_assert_eq(tree.count, 1);
	check_tree();
	cr_assert_eq(vma_lookup(&tree, 0x1ffff), v);
}

Test(vma, insert_without_memory)
{
	struct vma t = tmpl(0x10000, 0x11000, RW, 0, NULL, 0);

	ins_anon(0x20000, 0x21000, RW, 0);
	pool.fail_after = 0;
	cr_assert_null(vma_insert(&tree, &t));
	cr_assert_eq(tree.count, 1);
	cr_assert_null(vma_lookup(&tree, 0x10000));
	check_tree();
}

Test(vma, set_range_moves_file_offset)
{
	struct vma *v = ins(0x10000, 0x20000, PROT_READ, 0, file_a, 0x8000);

	vma_set_range(&tree, v, 0x12000, 0x20000);
	check_tree();
	cr_assert_eq(v->pgoff, 0xa000);
	vma_set_range(&tree, v, 0x11000, 0x30000);
	check_tree();
	cr_assert_eq(v->pgoff, 0x9000);
	cr_assert_eq(vma_find(&tree, 0x2ffff), v);

	v = ins_anon(0x40000, 0x50000, RW, 0);
	vma_set_range(&tree, v, 0x48000, 0x50000);
	cr_assert_eq(v->pgoff, 0x48000, "anonymous vm_pgoff moves too");
	check_tree();
}

/* ---- merge rules ---- */

Test(vma, mergeable_rules)
{
	struct vma a = tmpl(0x10000, 0x12000, RW, VMA_MAYREAD, NULL, 0x10000);
	struct vma b = tmpl(0x12000, 0x14000, RW, VMA_MAYREAD, NULL, 0x12000);
	struct vma c;

	cr_assert(vma_mergeable(&a, &b));
	c = b;
	c.pgoff = 0x52000;
	cr_assert_not(vma_mergeable(&a, &c),
		      "anonymous memory moved from elsewhere (vm_pgoff)");
	c = b;
	c.start = 0x13000;
	cr_assert_not(vma_mergeable(&a, &c), "not adjacent");
	c = b;
	c.prot = PROT_READ;
	cr_assert_not(vma_mergeable(&a, &c), "prot differs");
	c = b;
	c.flags |= VMA_SHARED;
	cr_assert_not(vma_mergeable(&a, &c), "flags differ");
	c = b;
	c.file = file_a;
	cr_assert_not(vma_mergeable(&a, &c), "anon vs file");
	c = b;
	c.name = "[heap]";
	cr_assert_not(vma_mergeable(&a, &c), "name differs");

	/* file mappings: same file and contiguous offsets */
	a.file = b.file = file_a;
	a.pgoff = 0x1000;
	b.pgoff = 0x3000;
	cr_assert(vma_mergeable(&a, &b));
	b.pgoff = 0x4000;
	cr_assert_not(vma_mergeable(&a, &b), "offset gap");
	b.pgoff = 0x2000;
	cr_assert_not(vma_mergeable(&a, &b), "offset overlap");
	b.pgoff = 0x3000;
	b.file = file_b;
	cr_assert_not(vma_mergeable(&a, &b), "other file");

	/* never: host zones, [vdso]-like specials, SysV segments */
	unsigned never[] = { VMA_HOST, VMA_SPECIAL, VMA_SHM };

	for (int i = 0; i < 3; i++) {
		a = tmpl(0x10000, 0x12000, PROT_READ, never[i], NULL, 0);
		b = tmpl(0x12000, 0x14000, PROT_READ, never[i], NULL, 0);
		cr_assert_not(vma_mergeable(&a, &b), "flag %#x", never[i]);
	}
}

Test(vma, merge_three_way_anonymous)
{
	struct vma *lo = ins_anon(0x10000, 0x12000, RW, VMA_ACCOUNT);
	struct vma *mid, *r;

	ins_anon(0x13000, 0x15000, RW, VMA_ACCOUNT);
	mid = ins_anon(0x12000, 0x13000, RW, VMA_ACCOUNT);
	check_tree();
	cr_assert_eq(tree.count, 3);
	r = vma_merge(&tree, mid);
	check_tree();
	cr_assert_eq(r, lo, "the lower VMA survives");
	cr_assert_eq(tree.count, 1);
	cr_assert_eq(r->start, 0x10000);
	cr_assert_eq(r->end, 0x15000);
	cr_assert_eq(vma_lookup(&tree, 0x14fff), r);
}

Test(vma, merge_file_needs_contiguous_offsets)
{
	struct vma *a = ins(0x10000, 0x12000, PROT_READ, 0, file_a, 0x0);
	struct vma *b, *c, *r;

	c = ins(0x13000, 0x14000, PROT_READ, 0, file_a, 0x9000); /* not contiguous */
	b = ins(0x12000, 0x13000, PROT_READ, 0, file_a, 0x2000);
	r = vma_merge(&tree, b);
	check_tree();
	cr_assert_eq(r, a);
	cr_assert_eq(a->end, 0x13000);
	cr_assert_eq(a->pgoff, 0);
	cr_assert_eq(tree.count, 2);
	cr_assert_eq(vma_lookup(&tree, 0x13000), c);
	cr_assert_eq(c->pgoff, 0x9000);
}

Test(vma, merge_with_next_only)
{
	struct vma *a = ins_anon(0x10000, 0x12000, PROT_READ, 0);
	struct vma *b = ins_anon(0x12000, 0x13000, RW, 0);
	struct vma *r;

	ins_anon(0x13000, 0x16000, RW, 0);
	r = vma_merge(&tree, b);
	check_tree();
	cr_assert_eq(r, b);
	cr_assert_eq(b->start, 0x12000);
	cr_assert_eq(b->end, 0x16000);
	cr_assert_eq(a->end, 0x12000);
	cr_assert_eq(tree.count, 2);
}

Test(vma, merge_never_joins_host_or_special)
{
	struct vma *h1 = ins_anon(0x10000, 0x11000, 0, VMA_HOST);
	struct vma *h2 = ins_anon(0x11000, 0x12000, 0, VMA_HOST);
	struct vma *s1 = ins_anon(0x20000, 0x21000, PROT_READ, VMA_SPECIAL);
	struct vma *s2 = ins_anon(0x21000, 0x22000, PROT_READ, VMA_SPECIAL);

	cr_assert_eq(vma_merge(&tree, h2), h2);
	cr_assert_eq(vma_merge(&tree, h1), h1);
	cr_assert_eq(vma_merge(&tree, s1), s1);
	cr_assert_eq(vma_merge(&tree, s2), s2);
	cr_assert_eq(tree.count, 4);
	cr_assert_eq(h1->end, 0x11000);
	cr_assert_eq(s1->end, 0x21000);
	check_tree();
}

/* ---- gap search ---- */

static struct vma_gap_req req(size_t len, uintptr_t low, uintptr_t high)
{
	struct vma_gap_req q = { .len = len, .low = low, .high = high,
				 .align = PG, .align_off = 0, .guard = MiB };

	return q;
}

Test(vma, gap_topdown_and_bottomup_pick_extremes)
{
	struct vma_gap_req q = req(0x2000, 0x10000, 0x100000);

	ins_anon(0x20000, 0x30000, RW, 0);
	ins_anon(0x31000, 0x40000, RW, 0); /* 1-page hole: too small */
	ins_anon(0xf0000, 0xff000, RW, 0);
	/* top: [0xff000, 0x100000) is one page: too small */
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0xf0000 - 0x2000);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x10000);
	q.low = 0x1f000;
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x40000,
		     "[0x1f000,0x20000) and [0x30000,0x31000) are too small");
	q.len = 0x1000;
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x1f000);
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0xff000);
}

Test(vma, gap_respects_bounds)
{
	struct vma_gap_req q = req(0x3000, 0x10000, 0x14000);

	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x11000);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x10000);
	q.len = 0x4000;
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x10000, "exact fit");
	q.len = 0x5000;
	cr_assert_eq(vma_gap_topdown(&tree, &q), -ENOMEM);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), -ENOMEM);
	q.len = 0;
	cr_assert_eq(vma_gap_topdown(&tree, &q), -ENOMEM, "len 0");
	q = req(0x1000, 0x20000, 0x20000);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), -ENOMEM, "empty range");
	q = req(0x1000, 0x20000, 0x10000);
	cr_assert_eq(vma_gap_topdown(&tree, &q), -ENOMEM, "inverted range");
	/* a VMA straddling low or high shrinks the usable hole */
	ins_anon(0x8000, 0x12000, RW, 0);
	ins_anon(0x13000, 0x30000, RW, 0);
	q = req(0x1000, 0x10000, 0x14000);
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x12000);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x12000);
	q.len = 0x2000;
	cr_assert_eq(vma_gap_topdown(&tree, &q), -ENOMEM);
}

Test(vma, gap_keeps_guard_below_growsdown)
{
	struct vma_gap_req q = req(0x10000, 0x100000, 0x10000000);

	/* a stack at [0x8000000, 0x8100000) */
	ins_anon(0x8000000, 0x8100000, RW, VMA_GROWSDOWN);
	q.high = 0x8100000;
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x8000000 - MiB - 0x10000);
	q.guard = 0;
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x8000000 - 0x10000);
	/* the same VMA without GROWSDOWN: no guard */
	q.guard = MiB;
	tree.root->flags = 0;
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x8000000 - 0x10000);
}

Test(vma, gap_guard_blocks_small_hole_below_stack)
{
	struct vma_gap_req q = req(0x1000, 0x100000, 0x8100000);

	ins_anon(0x7f00000, 0x7f80000, RW, 0);
	ins_anon(0x8000000, 0x8100000, RW, VMA_GROWSDOWN);
	/* the 512 KiB hole below the stack is inside its guard gap */
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x7f00000 - 0x1000);
	/* bottom-up from inside the hole also skips it */
	q.low = 0x7f80000;
	cr_assert_eq(vma_gap_bottomup(&tree, &q), -ENOMEM);
	q.high = 0x20000000;
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x8100000);
}

Test(vma, gap_guard_underflow_means_no_room)
{
	struct vma_gap_req q = req(0x1000, 0x1000, 0x200000);

	ins_anon(0x80000, 0x90000, RW, VMA_GROWSDOWN); /* start < guard */
	q.high = 0x90000;
	cr_assert_eq(vma_gap_topdown(&tree, &q), -ENOMEM);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), -ENOMEM);
}

/*
 * The kernel does not look for the highest hole that clears every guard:
 * it takes the highest raw hole, and if the stack above it claims part of
 * it, retries below vm_start_gap(stack). Holes straddling that limit are
 * cut there, even when their upper part would fit below a normal VMA.
 */
Test(vma, gap_topdown_retries_below_stack_guard)
{
	struct vma_gap_req q = req(0x40000, 0x100000, 0x6100000);

	ins_anon(0x6000000, 0x6100000, RW, VMA_GROWSDOWN);	/* stack */
	ins_anon(0x5f40000, 0x5f80000, RW, 0);
	ins_anon(0x100000, 0x5e00000, RW, 0);
	/* raw highest: [0x5f80000, 0x6000000), inside the guard; retry below
	 * 0x5f00000, which cuts [0x5e00000, 0x5f40000) to 1 MiB */
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x5ec0000);
	/* without the stack flag the top hole is taken */
	vma_lookup(&tree, 0x6000000)->flags = 0;
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x5fc0000);
}

Test(vma, gap_bottomup_retries_above_stack)
{
	struct vma_gap_req q = req(0x40000, 0x100000, 0x10000000);

	ins_anon(0x100000, 0x5e00000, RW, 0);
	ins_anon(0x5f00000, 0x6000000, RW, VMA_GROWSDOWN);	/* stack */
	ins_anon(0x6040000, 0x6080000, RW, 0);
	/* [0x5e00000, 0x5f00000) is all guard: continue above the stack */
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x6000000);
	q.len = 0x80000;
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x6080000);
}

Test(vma, gap_alignment_2m)
{
	struct vma_gap_req q = req(2 * MiB, 0x10000, 0x40000000);

	q.align = 2 * MiB;
	ins_anon(0x3fe01000, 0x40000000, RW, 0);
	/* top: highest 2 MiB boundary with room below 0x3fe01000 */
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x3fc00000);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x200000);
	q.align_off = 0x1000;
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x3fc01000);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x201000);
	q.align_off = 0;
	q.low = 0x200001;
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x400000);
}

Test(vma, gap_alignment_skips_unaligned_holes)
{
	struct vma_gap_req q = req(2 * MiB, 0x100000, 0x10000000);

	q.align = 2 * MiB;
	/* a 2.5 MiB hole [0x5100000, 0x5380000) holds no aligned 2 MiB block */
	ins_anon(0x100000, 0x5100000, RW, 0);
	ins_anon(0x5380000, 0x10000000, RW, 0);
	cr_assert_eq(vma_gap_topdown(&tree, &q), -ENOMEM);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), -ENOMEM);
	q.align = PG;
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x5180000);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x5100000);
	/* 3 MiB [0x5100000, 0x5400000) does: at 0x5200000 */
	vma_set_range(&tree, vma_lookup(&tree, 0x5380000), 0x5400000,
		      0x10000000);
	q.align = 2 * MiB;
	cr_assert_eq(vma_gap_topdown(&tree, &q), 0x5200000);
	cr_assert_eq(vma_gap_bottomup(&tree, &q), 0x5200000);
}

Test(vma, check_detects_corruption)
{
	const char *why = NULL;
	struct vma *v;

	for (int i = 0; i < 16; i++)
		ins_anon(A(0x100000 + i * 2 * PG), A(0x100000 + i * 2 * PG + PG), RW,
		    0);
	check_tree();
	tree.root->sub_gap += PG;
	cr_assert_eq(vma_check(&tree, &why), -1);
	cr_assert_not_null(why);
	tree.root->sub_gap -= PG;
	check_tree();
	v = vma_first(&tree);
	v->end += PG; /* now touches the next VMA's start */
	v->end += PG; /* and overlaps it */
	cr_assert_eq(vma_check(&tree, &why), -1);
	v->end -= 2 * PG;
	check_tree();
	tree.count++;
	cr_assert_eq(vma_check(&tree, &why), -1, "count mismatch");
	tree.count--;
}
