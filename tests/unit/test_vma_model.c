/*
 * test_vma_model.c - randomized: thousands of tree edits (fixed seeds)
 * checked after every one against a page-array model, including every gap
 * search against a naive version of the kernel's algorithm.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "vma.h"
#include "vma_fixture.h"

#define NP 4096			/* model pages: 16 MiB */
#define BASE 0x10000000UL
#define END (BASE + NP * PG)

struct mpage {
	int mapped;
	int prot;
	unsigned flags;
	const struct vml_file *file;
	uint64_t pgoff;		/* vm_pgoff of this page, in bytes */
};

static struct mpage model[NP];
static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static size_t pidx(uintptr_t a)
{
	return (a - BASE) / PG;
}

static uintptr_t paddr(size_t i)
{
	return BASE + i * PG;
}

/* ---- tree-side operations, built from the vma.h primitives ---- */

static void t_split_at(uintptr_t a)
{
	struct vma *v = vma_lookup(&tree, a);

	if (v && v->start < a)
		cr_assert_not_null(vma_split(&tree, v, a));
}

static void t_unmap(uintptr_t lo, uintptr_t hi)
{
	struct vma *v, *next;

	t_split_at(lo);
	check_tree();
	t_split_at(hi);
	check_tree();
	for (v = vma_find(&tree, lo); v && v->start < hi; v = next) {
		next = vma_next(v);
		cr_assert_geq(v->start, lo);
		cr_assert_leq(v->end, hi);
		vma_remove(&tree, v);
		check_tree();
	}
}

static void t_protect(uintptr_t lo, uintptr_t hi, int prot)
{
	uintptr_t cur = lo;
	struct vma *v;

	t_split_at(lo);
	t_split_at(hi);
	check_tree();
	while ((v = vma_find(&tree, cur)) && v->start < hi) {
		v->prot = prot;
		cur = v->end;
		vma_merge(&tree, v);
		check_tree();
	}
}

/* ---- model-side operations ---- */

static void m_unmap(size_t lo, size_t hi)
{
	for (size_t i = lo; i < hi; i++)
		model[i].mapped = 0;
}

static void m_protect(size_t lo, size_t hi, int prot)
{
	for (size_t i = lo; i < hi; i++)
		if (model[i].mapped)
			model[i].prot = prot;
}

static void m_map(size_t lo, size_t hi, const struct vma *t)
{
	for (size_t i = lo; i < hi; i++) {
		model[i].mapped = 1;
		model[i].prot = t->prot;
		model[i].flags = t->flags;
		model[i].file = t->file;
		model[i].pgoff = t->pgoff + (i - lo) * PG;
	}
}

/* ---- comparison ---- */

static void compare_model(void)
{
	size_t covered = 0, mapped = 0;
	struct vma *v, *prev = NULL, *last = NULL;
	size_t n = 0;

	for (v = vma_first(&tree); v; prev = v, v = vma_next(v), n++) {
		cr_assert_geq(v->start, BASE);
		cr_assert_leq(v->end, END);
		for (uintptr_t a = v->start; a < v->end; a += PG) {
			const struct mpage *m = &model[pidx(a)];

			cr_assert(m->mapped, "tree maps %#lx, model does not",
				  (unsigned long)a);
			cr_assert_eq(m->prot, v->prot, "prot at %#lx",
				     (unsigned long)a);
			cr_assert_eq(m->flags, v->flags, "flags at %#lx",
				     (unsigned long)a);
			cr_assert_eq(m->file, v->file, "file at %#lx",
				     (unsigned long)a);
			cr_assert_eq(m->pgoff, v->pgoff + (a - v->start),
				     "pgoff at %#lx", (unsigned long)a);
			covered++;
		}
		/* the tree stays canonical: no two neighbours could merge */
		if (prev)
			cr_assert_not(vma_mergeable(prev, v),
				      "unmerged neighbours at %#lx",
				      (unsigned long)v->start);
		last = v;
	}
	cr_assert_eq(n, tree.count);
	for (size_t i = 0; i < NP; i++)
		mapped += model[i].mapped;
	cr_assert_eq(covered, mapped, "model maps pages the tree lacks");
	/* walking back gives the same sequence */
	for (v = last; v; v = vma_prev(v))
		n--;
	cr_assert_eq(n, 0);
}

/* next_mapped[i]: lowest mapped page >= i, or NP */
static size_t next_mapped[NP + 1];

static void build_next(void)
{
	next_mapped[NP] = NP;
	for (size_t i = NP; i-- > 0;)
		next_mapped[i] = model[i].mapped ? i : next_mapped[i + 1];
}

/*
 * The kernel's search (mm/mmap.c unmapped_area_topdown / unmapped_area),
 * written naively over the page array: take the highest (lowest) raw hole
 * that fits, then look at the VMA after it; if that is a stack whose guard
 * gap reaches into the hole, move the limit past it and start again.
 */
static int raw_free(uintptr_t a, size_t len)
{
	size_t i = pidx(a);

	return a >= BASE && a + len <= END && next_mapped[i] >= i + len / PG;
}

static long raw_highest(uintptr_t low, uintptr_t high,
			const struct vma_gap_req *q)
{
	uintptr_t a;

	if (high <= low || high - low < q->len)
		return -1;
	a = high - q->len;
	a = ((a - q->align_off) & ~(q->align - 1)) + q->align_off;
	if (a > high - q->len)
		a -= q->align;
	for (; a >= low && a >= BASE; a -= q->align)
		if (raw_free(a, q->len))
			return (long)a;
	return -1;
}

static long raw_lowest(uintptr_t low, uintptr_t high,
		       const struct vma_gap_req *q)
{
	uintptr_t a = ((low - q->align_off + q->align - 1) & ~(q->align - 1)) +
		      q->align_off;

	if (a < low)
		a += q->align;
	for (; a + q->len <= high; a += q->align)
		if (raw_free(a, q->len))
			return (long)a;
	return -1;
}

/* vm_start_gap() of the VMA starting at page j */
static uintptr_t m_start_gap(size_t j, uintptr_t guard)
{
	uintptr_t s = paddr(j);

	if (!(model[j].flags & VMA_GROWSDOWN))
		return s;
	return s > guard ? s - guard : 0;
}

/* End of the VMA starting at page j (the tree is canonical). */
static uintptr_t m_vma_end(size_t j)
{
	size_t k = j + 1;

	while (k < NP && model[k].mapped && model[k].prot == model[j].prot &&
	       model[k].flags == model[j].flags &&
	       model[k].file == model[j].file &&
	       model[k].pgoff == model[k - 1].pgoff + PG)
		k++;
	return paddr(k);
}

/* coverage of the random runs, asserted at the end */
static struct {
	long found, enomem, retries, merges, max_count, special_splits;
} cov;

static long brute_topdown(const struct vma_gap_req *q)
{
	uintptr_t high = q->high;

	if (q->len == 0)
		return -ENOMEM;
	while (high > q->low) {
		long r = raw_highest(q->low, high, q);
		size_t j;
		uintptr_t gap_end;

		if (r < 0)
			return -ENOMEM;
		j = next_mapped[pidx((uintptr_t)r)];
		if (j == NP)
			return r;
		gap_end = paddr(j) < high ? paddr(j) : high;
		if (m_start_gap(j, q->guard) >= gap_end)
			return r;
		high = m_start_gap(j, q->guard);
		cov.retries++;
	}
	return -ENOMEM;
}

static long brute_bottomup(const struct vma_gap_req *q)
{
	uintptr_t low = q->low;

	if (q->len == 0)
		return -ENOMEM;
	while (q->high > low) {
		long r = raw_lowest(low, q->high, q);
		size_t j;

		if (r < 0)
			return -ENOMEM;
		j = next_mapped[pidx((uintptr_t)r)];
		if (j == NP || m_start_gap(j, q->guard) >= (uintptr_t)r + q->len)
			return r;
		low = m_vma_end(j);
		cov.retries++;
	}
	return -ENOMEM;
}

static struct vma_gap_req random_req(void)
{
	static const uintptr_t aligns[] = { PG, PG, PG, 2 * PG, 16 * PG,
					    2 * MiB };
	static const uintptr_t guards[] = { 0, MiB, 16 * PG, 3 * PG };
	struct vma_gap_req q;

	q.align = aligns[rnd_below(6)];
	q.align_off = rnd_below(4) ? 0 : rnd_below(q.align / PG) * PG;
	q.guard = guards[rnd_below(4)];
	q.len = (1 + rnd_below(rnd_below(3) ? 64 : 1024)) * PG;
	q.low = paddr(rnd_below(NP));
	q.high = paddr(rnd_below(NP + 1));
	if (rnd_below(3) == 0)
		q.low = BASE;
	if (rnd_below(3) == 0)
		q.high = END;
	if (q.low > q.high) {
		uintptr_t t = q.low;

		q.low = q.high;
		q.high = t;
	}
	return q;
}

static void dump_tree(void)
{
	for (struct vma *v = vma_first(&tree); v; v = vma_next(v))
		cr_log_info("  [%#lx, %#lx) prot %d flags %#x h%d min %#lx max %#lx gap %#lx",
			    (unsigned long)v->start, (unsigned long)v->end,
			    v->prot, v->flags, v->height,
			    (unsigned long)v->sub_min, (unsigned long)v->sub_max,
			    (unsigned long)v->sub_gap);
}

static void compare_queries(void)
{
	build_next();
	for (int k = 0; k < 4; k++) {
		struct vma_gap_req q = random_req();
		long td = vma_gap_topdown(&tree, &q), bu = vma_gap_bottomup(&tree, &q);
		long btd = brute_topdown(&q), bbu = brute_bottomup(&q);

		if (td != btd || bu != bbu)
			dump_tree();
		if (td >= 0)
			cov.found++;
		else
			cov.enomem++;
		cr_assert_eq(td, btd,
			     "topdown len %#zx [%#lx,%#lx) align %#lx+%#lx guard %#lx: %#lx vs model %#lx",
			     q.len, (unsigned long)q.low, (unsigned long)q.high,
			     (unsigned long)q.align, (unsigned long)q.align_off,
			     (unsigned long)q.guard, td, btd);
		cr_assert_eq(bu, bbu,
			     "bottomup len %#zx [%#lx,%#lx) align %#lx+%#lx guard %#lx: %#lx vs model %#lx",
			     q.len, (unsigned long)q.low, (unsigned long)q.high,
			     (unsigned long)q.align, (unsigned long)q.align_off,
			     (unsigned long)q.guard, bu, bbu);
	}
	for (int k = 0; k < 8; k++) {
		uintptr_t a = BASE - 2 * PG + rnd_below((NP + 4) * PG);
		struct vma *f = vma_find(&tree, a), *l = vma_lookup(&tree, a);
		size_t i = a < BASE ? 0 : pidx(a);
		size_t j = i < NP ? next_mapped[i] : NP;
		uintptr_t b;

		if (a >= END || j == NP) {
			cr_assert_null(f, "find(%#lx)", (unsigned long)a);
		} else {
			cr_assert_not_null(f, "find(%#lx)", (unsigned long)a);
			cr_assert_leq(f->start, paddr(j));
			cr_assert_gt(f->end, paddr(j));
			cr_assert_gt(f->end, a);
		}
		if (a >= BASE && a < END && model[i].mapped) {
			cr_assert_not_null(l);
			cr_assert(l->start <= a && a < l->end);
		} else {
			cr_assert_null(l, "lookup(%#lx)", (unsigned long)a);
		}
		b = a + 1 + rnd_below(64 * PG);
		{
			int want = 0;

			for (uintptr_t p = a & ~(PG - 1); p < b; p += PG)
				if (p >= BASE && p < END && model[pidx(p)].mapped)
					want = 1;
			cr_assert_eq(!!vma_overlaps(&tree, a, b), want,
				     "overlaps(%#lx, %#lx)", (unsigned long)a,
				     (unsigned long)b);
		}
	}
}

/* ---- random mutations ---- */

static struct vma random_attrs(size_t lo)
{
	static const int prots[] = { PROT_READ, RW, PROT_READ | PROT_EXEC, 0 };
	static const unsigned flags[] = { 0, 0, VMA_ACCOUNT, VMA_SHARED,
					  VMA_GROWSDOWN, VMA_SPECIAL };
	struct vma t;

	memset(&t, 0, sizeof t);
	/* often copy the left neighbour so merges happen */
	if (lo > 0 && model[lo - 1].mapped && rnd_below(2)) {
		const struct mpage *m = &model[lo - 1];

		t.prot = m->prot;
		t.flags = m->flags;
		t.file = m->file;
		t.pgoff = m->pgoff + PG;
		if (rnd_below(4) == 0)
			t.pgoff += PG; /* not contiguous */
		return t;
	}
	t.prot = prots[rnd_below(4)];
	t.flags = flags[rnd_below(rnd_below(4) ? 4 : 6)];
	switch (rnd_below(3)) {
	case 0: t.file = file_a; break;
	case 1: t.file = file_b; break;
	default: t.file = NULL; break;
	}
	if (t.file)
		t.pgoff = rnd_below(64) * PG;
	else if (rnd_below(4))
		t.pgoff = paddr(lo);	/* created here */
	else
		t.pgoff = paddr(rnd_below(NP)); /* moved here by mremap */
	return t;
}

static void op_map(void)
{
	size_t lo = rnd_below(NP), hi, max = 1 + rnd_below(96);
	struct vma t;
	struct vma *v = vma_find(&tree, paddr(lo));

	/* half the time, start right after a VMA: a merge candidate */
	if (v && v->end < END && rnd_below(2))
		lo = pidx(v->end);
	hi = lo;

	while (hi < NP && hi - lo < max && !model[hi].mapped)
		hi++;
	if (hi == lo)
		return;
	t = random_attrs(lo);
	t.start = paddr(lo);
	t.end = paddr(hi);
	v = vma_insert(&tree, &t);
	cr_assert_not_null(v);
	check_tree();
	if (vma_merge(&tree, v) != v || v->end != t.end)
		cov.merges++;
	check_tree();
	m_map(lo, hi, &t);
}

static void op_unmap(void)
{
	size_t lo = rnd_below(NP), hi = lo + 1 + rnd_below(128);

	if (hi > NP)
		hi = NP;
	t_unmap(paddr(lo), paddr(hi));
	m_unmap(lo, hi);
}

static void op_protect(void)
{
	static const int prots[] = { PROT_READ, RW, PROT_READ | PROT_EXEC, 0 };
	size_t lo = rnd_below(NP), hi = lo + 1 + rnd_below(128);
	int prot = prots[rnd_below(4)];

	if (hi > NP)
		hi = NP;
	t_protect(paddr(lo), paddr(hi), prot);
	m_protect(lo, hi, prot);
}

/* Split a VMA and merge it back together: both halves must be exact. */
static void op_split_merge(void)
{
	struct vma *v = vma_find(&tree, paddr(rnd_below(NP))), *hi, *r;
	uintptr_t s, e, at;
	uint64_t pgoff;
	size_t before = tree.count;

	if (!v || v->end - v->start < 2 * PG)
		return;
	s = v->start;
	e = v->end;
	pgoff = v->pgoff;
	at = s + (1 + rnd_below((e - s) / PG - 1)) * PG;
	hi = vma_split(&tree, v, at);
	check_tree();
	cr_assert_not_null(hi);
	cr_assert_eq(tree.count, before + 1);
	cr_assert_eq(v->end, at);
	cr_assert_eq(hi->start, at);
	cr_assert_eq(hi->end, e);
	cr_assert_eq(hi->pgoff, pgoff + (at - s));
	if (v->flags & (VMA_SPECIAL | VMA_HOST | VMA_SHM)) {
		/* never merged back: the model page data is unchanged, the
		 * canonical-form check tolerates unmergeable neighbours */
		return;
	}
	r = vma_merge(&tree, v);
	check_tree();
	cr_assert_eq(r, v);
	cr_assert_eq(v->start, s);
	cr_assert_eq(v->end, e);
	cr_assert_eq(v->pgoff, pgoff);
	cr_assert_eq(tree.count, before);
}

/* Grow a VMA upward into free space (mremap in place), or trim its front. */
static void op_resize(void)
{
	struct vma *v = vma_find(&tree, paddr(rnd_below(NP)));

	if (!v)
		return;
	if (rnd_below(2)) {
		size_t e = pidx(v->end), ne = e;
		size_t want = 1 + rnd_below(32);
		struct vma t;

		while (ne < NP && ne - e < want && !model[ne].mapped)
			ne++;
		if (ne == e)
			return;
		vma_set_range(&tree, v, v->start, paddr(ne));
		check_tree();
		cr_assert_eq(v->end, paddr(ne));
		t = *v;
		t.start = paddr(e);
		t.pgoff = v->pgoff + (paddr(e) - v->start);
		m_map(e, ne, &t);
		vma_merge(&tree, v);
		check_tree();
	} else {
		size_t s = pidx(v->start), n = (v->end - v->start) / PG;
		size_t cut;

		if (n < 2)
			return;
		cut = 1 + rnd_below(n - 1);
		vma_set_range(&tree, v, paddr(s + cut), v->end);
		check_tree();
		m_unmap(s, s + cut);
	}
}

static void run_random(uint64_t seed, int ops)
{
	rng_state = seed;
	memset(model, 0, sizeof model);
	for (int i = 0; i < ops; i++) {
		uint64_t k = rnd_below(100);

		if (k < 40)
			op_map();
		else if (k < 60)
			op_unmap();
		else if (k < 80)
			op_protect();
		else if (k < 90)
			op_split_merge();
		else
			op_resize();
		check_tree();
		compare_model();
		compare_queries();
		if ((long)tree.count > cov.max_count)
			cov.max_count = (long)tree.count;
	}
	cr_log_info("seed %#lx: %ld found, %ld -ENOMEM, %ld guard retries, "
		    "%ld insert merges, up to %ld VMAs", (unsigned long)seed,
		    cov.found, cov.enomem, cov.retries, cov.merges,
		    cov.max_count);
	/* the run exercised what it claims to */
	cr_assert_gt(cov.found, ops);
	cr_assert_gt(cov.enomem, ops / 20);
	cr_assert_gt(cov.retries, ops / 50);
	cr_assert_gt(cov.merges, ops / 50);
	cr_assert_gt(cov.max_count, 100);
	/* tear down: everything goes, nothing leaks */
	t_unmap(BASE, END);
	m_unmap(0, NP);
	check_tree();
	cr_assert_eq(tree.count, 0);
	cr_assert_eq(pool.live, 0);
}

Test(vma, random_ops_seed_1) { run_random(1, 4000); }
Test(vma, random_ops_seed_2) { run_random(0xdeadbeef, 4000); }
Test(vma, random_ops_seed_3) { run_random(20240601, 4000); }
Test(vma, random_ops_seed_4) { run_random(77, 4000); }
