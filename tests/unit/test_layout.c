/*
 * test_layout.c - layout_init() against the kernel's numbers
 * (KERNEL-FACTS §1-3 and the §9 table).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "vmload/config.h"
#include "vmload/layout.h"

#define MiB (1UL << 20)
#define GiB (1UL << 30)
#define NSEEDS 4000

static struct vml_layout make(enum vml_aspace a, int legacy, int aslr,
			      uint64_t rlim, uint64_t seed)
{
	struct vml_config cfg;
	struct vml_layout l;
	struct vml_rng rng = { seed };

	config_defaults(&cfg);
	cfg.aspace = a;
	cfg.legacy = legacy;
	cfg.aslr = aslr;
	cfg.stack_rlim = rlim;
	memset(&l, 0, sizeof l);
	layout_init(&l, &cfg, 4096, &rng);
	return l;
}

static struct vml_layout fixed(enum vml_aspace a, int legacy)
{
	return make(a, legacy, 0, 8 * MiB, 1);
}

/* ---- §1: limits ---- */

Test(layout, task_sizes)
{
	cr_assert_eq(layout_task_size(VML_ASPACE_3G), 0xC0000000UL);
	cr_assert_eq(layout_task_size(VML_ASPACE_4G), 0xFFFFE000UL);
	cr_assert_eq(layout_task_size(VML_ASPACE_47), 0x7ffffffff000UL);
}

Test(layout, window_bounds_and_mode)
{
	struct vml_layout l = fixed(VML_ASPACE_4G, 0);

	cr_assert_eq(l.task_size, 0xFFFFE000UL);
	cr_assert_eq(l.mmap_min, 4096);
	cr_assert(l.ia32);
	cr_assert_not(l.legacy);
	cr_assert_not(l.randomize);
	cr_assert_eq(l.stack_rlim, 8 * MiB);
	l = fixed(VML_ASPACE_3G, 1);
	cr_assert(l.ia32);
	cr_assert(l.legacy);
	l = fixed(VML_ASPACE_47, 0);
	cr_assert_not(l.ia32);
}

Test(layout, mmap_min_is_page_aligned_up)
{
	struct vml_config cfg;
	struct vml_layout l;
	struct vml_rng rng = { 1 };

	config_defaults(&cfg);
	cfg.aslr = 0;
	cfg.stack_rlim = 8 * MiB;
	layout_init(&l, &cfg, 65536, &rng);
	cr_assert_eq(l.mmap_min, 65536);
	layout_init(&l, &cfg, 65537, &rng);
	cr_assert_eq(l.mmap_min, 65536 + 4096);
	layout_init(&l, &cfg, 0, &rng);
	cr_assert_eq(l.mmap_min, 4096, "page 0 is never mappable");
}

/* ---- §9: no-ASLR rows ---- */

Test(layout, ia32_4g_topdown_no_aslr)
{
	struct vml_layout l = fixed(VML_ASPACE_4G, 0);

	cr_assert_eq(l.mmap_topdown_base, 0xF7FFE000UL);
	cr_assert_eq(l.mmap_base, 0xF7FFE000UL);
	cr_assert_eq(l.mmap_legacy_base, 0x55555000UL);
	cr_assert_eq(l.et_dyn_base, 0x56555000UL);
	cr_assert_eq(l.pie_rnd, 0);
	cr_assert_eq(l.stack_top, 0xFFFFE000UL);
	cr_assert_eq(l.stack_jitter, 0);
	cr_assert_eq(l.brk_rnd, 0);
	cr_assert_eq(layout_valid(&l), 0);
}

Test(layout, ia32_4g_legacy_no_aslr)
{
	struct vml_layout l = fixed(VML_ASPACE_4G, 1);

	cr_assert_eq(l.mmap_base, 0x55555000UL);
	cr_assert_eq(l.mmap_legacy_base, 0x55555000UL);
	cr_assert_eq(l.mmap_topdown_base, 0xF7FFE000UL,
		     "both bases are always computed");
	cr_assert_eq(l.et_dyn_base, 0x56555000UL);
	cr_assert_eq(l.stack_top, 0xFFFFE000UL);
	cr_assert_eq(layout_valid(&l), 0);
}

Test(layout, ia32_3g_topdown_no_aslr)
{
	struct vml_layout l = fixed(VML_ASPACE_3G, 0);

	cr_assert_eq(l.task_size, 0xC0000000UL);
	cr_assert_eq(l.mmap_base, 0xB8000000UL);
	cr_assert_eq(l.mmap_topdown_base, 0xB8000000UL);
	cr_assert_eq(l.mmap_legacy_base, 0x40000000UL);
	cr_assert_eq(l.et_dyn_base, 0x41000000UL);
	cr_assert_eq(l.stack_top, 0xC0000000UL);
	cr_assert_eq(layout_valid(&l), 0);
}

Test(layout, ia32_3g_legacy_no_aslr)
{
	struct vml_layout l = fixed(VML_ASPACE_3G, 1);

	cr_assert_eq(l.mmap_base, 0x40000000UL);
	cr_assert_eq(l.mmap_topdown_base, 0xB8000000UL);
	cr_assert_eq(l.et_dyn_base, 0x41000000UL);
	cr_assert_eq(l.stack_top, 0xC0000000UL);
	cr_assert_eq(layout_valid(&l), 0);
}

Test(layout, x86_64_topdown_no_aslr)
{
	struct vml_layout l = fixed(VML_ASPACE_47, 0);

	cr_assert_eq(l.mmap_base, 0x7ffff7fff000UL);
	cr_assert_eq(l.mmap_topdown_base, 0x7ffff7fff000UL);
	cr_assert_eq(l.mmap_legacy_base, 0x2aaaaaaab000UL);
	cr_assert_eq(l.et_dyn_base, 0x555555554aaaUL);
	cr_assert_eq(VML_PAGE_START(l.et_dyn_base), 0x555555554000UL,
		     "PIE base with 4 KiB p_align");
	cr_assert_eq(l.et_dyn_base & ~(2 * MiB - 1), 0x555555400000UL,
		     "PIE base with 2 MiB p_align");
	cr_assert_eq(l.stack_top, 0x7ffffffff000UL);
	cr_assert_eq(l.pie_rnd, 0);
	cr_assert_eq(l.brk_rnd, 0);
	cr_assert_eq(l.map32_base, 0x40000000UL);
	cr_assert_eq(l.map32_end, 0x80000000UL);
	cr_assert_eq(layout_valid(&l), 0);
}

Test(layout, x86_64_legacy_no_aslr)
{
	struct vml_layout l = fixed(VML_ASPACE_47, 1);

	cr_assert_eq(l.mmap_base, 0x2aaaaaaab000UL);
	cr_assert_eq(l.mmap_topdown_base, 0x7ffff7fff000UL);
	cr_assert_eq(layout_valid(&l), 0);
}

/* ---- brk start (§4 brk placement) ---- */

Test(layout, static_pie_brk_is_et_dyn_base_even_without_aslr)
{
	struct vml_layout l4 = fixed(VML_ASPACE_4G, 0);
	struct vml_layout l3 = fixed(VML_ASPACE_3G, 0);
	struct vml_layout l47 = fixed(VML_ASPACE_47, 0);

	cr_assert_eq(layout_brk_start(&l4, 0x1234, 1), 0x56555000UL);
	cr_assert_eq(layout_brk_start(&l3, 0x1234, 1), 0x41000000UL);
	cr_assert_eq(layout_brk_start(&l47, 0x1234, 1), 0x555555555000UL);
	/* the program's own end does not matter */
	cr_assert_eq(layout_brk_start(&l47, 0x7ffff7fff000UL, 1),
		     0x555555555000UL);
	/* legacy layout: same ELF_ET_DYN_BASE */
	l47 = fixed(VML_ASPACE_47, 1);
	cr_assert_eq(layout_brk_start(&l47, 0x1234, 1), 0x555555555000UL);
}

Test(layout, brk_is_page_aligned_bss_end_without_aslr)
{
	enum vml_aspace as[] = { VML_ASPACE_3G, VML_ASPACE_4G, VML_ASPACE_47 };

	for (size_t i = 0; i < 3; i++) {
		struct vml_layout l = fixed(as[i], 0);

		cr_assert_eq(layout_brk_start(&l, 0x601234, 0), 0x602000UL);
		cr_assert_eq(layout_brk_start(&l, 0x602000, 0), 0x602000UL,
			     "no extra page without randomization");
		cr_assert_eq(layout_brk_start(&l, 0x0804a001, 0), 0x0804b000UL);
		cr_assert_eq(layout_brk_start(&l, 0x55558fff, 0), 0x55559000UL);
	}
}

/* ---- RLIMIT_STACK variants (§2 worked values) ---- */

Test(layout, unlimited_stack_stays_topdown_at_max_gap)
{
	struct vml_layout l;

	l = make(VML_ASPACE_47, 0, 0, VML_RLIM_INFINITY, 1);
	cr_assert_eq(l.mmap_base, 0x155555556000UL);
	cr_assert_not(l.legacy, "unlimited stack does not select legacy on x86");
	cr_assert_eq(layout_valid(&l), 0);
	l = make(VML_ASPACE_4G, 0, 0, VML_RLIM_INFINITY, 1);
	cr_assert_eq(l.mmap_base, 0x2AAAB000UL);
	cr_assert_eq(layout_valid(&l), 0);
	l = make(VML_ASPACE_3G, 0, 0, VML_RLIM_INFINITY, 1);
	cr_assert_eq(l.mmap_base, 0x20000000UL);
	cr_assert_eq(layout_valid(&l), 0);
}

Test(layout, unlimited_stack_aslr_range_x86_64)
{
	for (uint64_t s = 0; s < NSEEDS; s++) {
		struct vml_layout l = make(VML_ASPACE_47, 0, 1,
					   VML_RLIM_INFINITY, s);

		cr_assert_geq(l.mmap_base, 0x145555557000UL);
		cr_assert_leq(l.mmap_base, 0x155555556000UL);
		cr_assert_eq(layout_valid(&l), 0);
	}
}

Test(layout, one_gib_stack_x86_64)
{
	struct vml_layout l = make(VML_ASPACE_47, 0, 0, 1 * GiB, 1);

	cr_assert_eq(l.mmap_base, 0x7fffbfeff000UL);
	cr_assert_eq(layout_valid(&l), 0);
}

/*
 * A 256 MiB limit is above the 128 MiB floor, so the 1 MiB stack_guard_gap
 * pad counts: gap = 257 MiB and mmap_base = 0xC0000000 - 0x10100000. The
 * 0xB0000000 of KERNEL-FACTS §7 is the 2.6.9 formula, which had no pad;
 * the 1 GiB case above (0x7fffbfeff000, observed on 6.18) shows the pad.
 */
Test(layout, rlimit_256m_3g_includes_guard_gap)
{
	struct vml_layout l = make(VML_ASPACE_3G, 0, 0, 256 * MiB, 1);

	cr_assert_eq(l.mmap_base, 0xAFF00000UL);
	cr_assert_eq(layout_mmap_base(0xC0000000UL, 256 * MiB, 0, 1, 0),
		     0xAFF00000UL);
	/* exactly 127 MiB + 1 MiB pad is still clamped to 128 MiB */
	cr_assert_eq(layout_mmap_base(0xC0000000UL, 127 * MiB, 0, 1, 0),
		     0xB8000000UL);
	cr_assert_eq(layout_mmap_base(0xC0000000UL, 128 * MiB, 0, 1, 0),
		     0xB8000000UL - MiB);
}

Test(layout, mmap_base_formula)
{
	/* 8 MiB + 16 GiB stack randomness + 1 MiB guard */
	cr_assert_eq(layout_mmap_base(0x7ffffffff000UL, 8 * MiB, 0, 0, 1),
		     0x7ffbff700000UL);
	cr_assert_eq(layout_mmap_base(0x7ffffffff000UL, 8 * MiB,
				      ((1UL << 28) - 1) << 12, 0, 1),
		     0x7efbff701000UL);
	/* ia32: 8 MiB + 8 MiB + 1 MiB < 128 MiB */
	cr_assert_eq(layout_mmap_base(0xFFFFE000UL, 8 * MiB, 0, 1, 1),
		     0xF7FFE000UL);
	cr_assert_eq(layout_mmap_base(0xFFFFE000UL, 8 * MiB, 0xff000, 1, 1),
		     0xF7FFE000UL - 0xff000);
	/* no overflow into a tiny gap for an infinite limit */
	cr_assert_eq(layout_mmap_base(0x7ffffffff000UL, VML_RLIM_INFINITY, 0, 0,
				      1),
		     0x155555556000UL);
	/* a limit past MAX_GAP is clamped too */
	cr_assert_eq(layout_mmap_base(0xC0000000UL, 3 * GiB, 0, 1, 0),
		     0x20000000UL);
}

/* ---- ASLR ranges (§3) ---- */

static void check_x86_64_ranges(const struct vml_layout *l)
{
	cr_assert_eq(l->mmap_topdown_base & 4095, 0);
	cr_assert_geq(l->mmap_topdown_base, 0x7efbff701000UL);
	cr_assert_leq(l->mmap_topdown_base, 0x7ffbff700000UL);
	cr_assert_eq(l->mmap_legacy_base & 4095, 0);
	cr_assert_geq(l->mmap_legacy_base, 0x2aaaaaaab000UL);
	cr_assert_leq(l->mmap_legacy_base, 0x2baaaaaaa000UL);
	cr_assert_eq(l->stack_top & 4095, 0);
	/* randomize_stack_top, then a 0- or 1-page arch_align_stack drop */
	cr_assert_geq(l->stack_top, 0x7ffffffff000UL - 0x3fffff000UL - 4096);
	cr_assert_leq(l->stack_top, 0x7ffffffff000UL);
	cr_assert_lt(l->stack_jitter, 8192);
	cr_assert_eq(l->et_dyn_base, 0x555555554aaaUL, "the base is fixed");
	cr_assert_eq(l->pie_rnd & 4095, 0);
	cr_assert_lt(l->pie_rnd, (1UL << 28) << 12);
	cr_assert_eq(l->brk_rnd_range, 1UL << 30);
	cr_assert_eq(l->brk_rnd & 4095, 0);
	cr_assert_lt(l->brk_rnd, 1UL << 30);
	cr_assert_eq(l->map32_base & 4095, 0);
	cr_assert_geq(l->map32_base, 0x40000000UL);
	cr_assert_lt(l->map32_base, 0x42000000UL);
	cr_assert_eq(layout_valid(l), 0);
}

static void check_ia32_ranges(const struct vml_layout *l, uint64_t top,
			      uint64_t topdown, uint64_t legacy, uint64_t dyn)
{
	cr_assert_eq(l->task_size, top);
	cr_assert_eq(l->mmap_topdown_base & 4095, 0);
	cr_assert_geq(l->mmap_topdown_base, topdown - 0xff000);
	cr_assert_leq(l->mmap_topdown_base, topdown);
	cr_assert_eq(l->mmap_legacy_base & 4095, 0);
	cr_assert_geq(l->mmap_legacy_base, legacy);
	cr_assert_leq(l->mmap_legacy_base, legacy + 0xff000);
	cr_assert_eq(l->stack_top & 4095, 0);
	cr_assert_geq(l->stack_top, top - 0x7ff000 - 4096);
	cr_assert_leq(l->stack_top, top);
	cr_assert_lt(l->stack_jitter, 8192);
	cr_assert_eq(l->et_dyn_base, dyn);
	cr_assert_eq(l->pie_rnd & 4095, 0);
	cr_assert_lt(l->pie_rnd, (1UL << 8) << 12);
	cr_assert_eq(l->brk_rnd_range, 32 * MiB);
	cr_assert_eq(l->brk_rnd & 4095, 0);
	cr_assert_lt(l->brk_rnd, 32 * MiB);
	cr_assert_eq(layout_valid(l), 0);
}

Test(layout, aslr_ranges_x86_64)
{
	for (uint64_t s = 0; s < NSEEDS; s++) {
		struct vml_layout l = make(VML_ASPACE_47, 0, 1, 8 * MiB, s);

		cr_assert(l.randomize);
		cr_assert_eq(l.mmap_base, l.mmap_topdown_base);
		check_x86_64_ranges(&l);
		l = make(VML_ASPACE_47, 1, 1, 8 * MiB, s);
		cr_assert_eq(l.mmap_base, l.mmap_legacy_base);
		check_x86_64_ranges(&l);
	}
}

Test(layout, aslr_ranges_ia32_4g)
{
	for (uint64_t s = 0; s < NSEEDS; s++) {
		struct vml_layout l = make(VML_ASPACE_4G, 0, 1, 8 * MiB, s);

		cr_assert_eq(l.mmap_base, l.mmap_topdown_base);
		check_ia32_ranges(&l, 0xFFFFE000UL, 0xF7FFE000UL, 0x55555000UL,
				  0x56555000UL);
		l = make(VML_ASPACE_4G, 1, 1, 8 * MiB, s);
		cr_assert_eq(l.mmap_base, l.mmap_legacy_base);
		check_ia32_ranges(&l, 0xFFFFE000UL, 0xF7FFE000UL, 0x55555000UL,
				  0x56555000UL);
	}
}

Test(layout, aslr_ranges_ia32_3g)
{
	for (uint64_t s = 0; s < NSEEDS; s++) {
		struct vml_layout l = make(VML_ASPACE_3G, 0, 1, 8 * MiB, s);

		check_ia32_ranges(&l, 0xC0000000UL, 0xB8000000UL, 0x40000000UL,
				  0x41000000UL);
	}
}

Test(layout, aslr_brk_start_ranges)
{
	for (uint64_t s = 0; s < NSEEDS; s++) {
		struct vml_layout l = make(VML_ASPACE_47, 0, 1, 8 * MiB, s);
		uint64_t b = layout_brk_start(&l, 0x601234, 0);
		uint64_t sb = layout_brk_start(&l, 0x601234, 1);

		/* PAGE_ALIGN(bss end) + one page, then randomize_page(1 GiB) */
		cr_assert_eq(b & 4095, 0);
		cr_assert_geq(b, 0x603000UL);
		cr_assert_lt(b, 0x603000UL + GiB);
		/* static-PIE: ELF_ET_DYN_BASE, no extra page */
		cr_assert_eq(sb & 4095, 0);
		cr_assert_geq(sb, 0x555555555000UL);
		cr_assert_lt(sb, 0x555555555000UL + GiB);

		l = make(VML_ASPACE_4G, 0, 1, 8 * MiB, s);
		b = layout_brk_start(&l, 0x0804c123, 0);
		sb = layout_brk_start(&l, 0x0804c123, 1);
		cr_assert_eq(b & 4095, 0);
		cr_assert_geq(b, 0x0804e000UL);
		cr_assert_lt(b, 0x0804e000UL + 32 * MiB);
		cr_assert_geq(sb, 0x56555000UL);
		cr_assert_lt(sb, 0x56555000UL + 32 * MiB);
	}
}

/* The draws must actually vary and cover their range. */
struct spread {
	uint64_t lo, hi;
	size_t distinct;
	uint64_t seen[NSEEDS];
};

static void spread_add(struct spread *sp, uint64_t v)
{
	size_t i;

	if (sp->distinct == 0 || v < sp->lo)
		sp->lo = v;
	if (sp->distinct == 0 || v > sp->hi)
		sp->hi = v;
	for (i = 0; i < sp->distinct; i++)
		if (sp->seen[i] == v)
			return;
	sp->seen[sp->distinct++] = v;
}

static struct spread sp_mmap, sp_stack, sp_pie, sp_brk, sp_jit;

static void spreads_reset(void)
{
	memset(&sp_mmap, 0, sizeof sp_mmap);
	memset(&sp_stack, 0, sizeof sp_stack);
	memset(&sp_pie, 0, sizeof sp_pie);
	memset(&sp_brk, 0, sizeof sp_brk);
	memset(&sp_jit, 0, sizeof sp_jit);
}

Test(layout, aslr_values_vary_x86_64)
{
	spreads_reset();
	for (uint64_t s = 0; s < 2000; s++) {
		struct vml_layout l = make(VML_ASPACE_47, 0, 1, 8 * MiB,
					   s * 7919 + 3);

		spread_add(&sp_mmap, l.mmap_base);
		spread_add(&sp_stack, l.stack_top);
		spread_add(&sp_pie, l.pie_rnd);
		spread_add(&sp_brk, l.brk_rnd);
		spread_add(&sp_jit, l.stack_jitter);
	}
	cr_assert_gt(sp_mmap.distinct, 1900);
	cr_assert_gt(sp_stack.distinct, 1900);
	cr_assert_gt(sp_pie.distinct, 1900);
	cr_assert_gt(sp_brk.distinct, 1900);
	cr_assert_gt(sp_jit.distinct, 1000);
	/* 28 random bits: 2000 draws span most of the 1 TiB range */
	cr_assert_gt(sp_mmap.hi - sp_mmap.lo, 0xfffffff000UL / 2);
	cr_assert_gt(sp_pie.hi - sp_pie.lo, 0xfffffff000UL / 2);
	cr_assert_gt(sp_stack.hi - sp_stack.lo, 0x3fffff000UL / 2);
	cr_assert_gt(sp_brk.hi - sp_brk.lo, GiB / 2);
}

Test(layout, aslr_values_vary_ia32)
{
	spreads_reset();
	for (uint64_t s = 0; s < 2000; s++) {
		struct vml_layout l = make(VML_ASPACE_4G, 0, 1, 8 * MiB, s);

		spread_add(&sp_mmap, l.mmap_base);
		spread_add(&sp_stack, l.stack_top);
		spread_add(&sp_pie, l.pie_rnd);
		spread_add(&sp_brk, l.brk_rnd);
	}
	/* 8 bits of mmap/PIE randomness: all 256 values show up */
	cr_assert_gt(sp_mmap.distinct, 200);
	cr_assert_gt(sp_pie.distinct, 200);
	cr_assert_gt(sp_stack.distinct, 1000);
	cr_assert_gt(sp_brk.distinct, 1000);
	cr_assert_eq(sp_mmap.hi - sp_mmap.lo, 0xff000UL);
	cr_assert_eq(sp_pie.hi - sp_pie.lo, 0xff000UL);
}

Test(layout, same_seed_same_layout)
{
	enum vml_aspace as[] = { VML_ASPACE_3G, VML_ASPACE_4G, VML_ASPACE_47 };

	for (size_t i = 0; i < 3; i++) {
		for (uint64_t s = 0; s < 200; s++) {
			struct vml_layout a = make(as[i], (int)(s & 1), 1,
						   8 * MiB, s * 31 + 5);
			struct vml_layout b = make(as[i], (int)(s & 1), 1,
						   8 * MiB, s * 31 + 5);

			cr_assert_eq(memcmp(&a, &b, sizeof a), 0,
				     "seed %lu aspace %zu", (unsigned long)s,
				     i);
		}
	}
}

Test(layout, different_seeds_differ)
{
	struct vml_layout a = make(VML_ASPACE_47, 0, 1, 8 * MiB, 1);
	struct vml_layout b = make(VML_ASPACE_47, 0, 1, 8 * MiB, 2);

	cr_assert_neq(a.mmap_base, b.mmap_base);
	cr_assert_neq(a.stack_top, b.stack_top);
	cr_assert_neq(memcmp(&a, &b, sizeof a), 0);
}

Test(layout, no_aslr_ignores_seed)
{
	struct vml_layout a = make(VML_ASPACE_47, 0, 0, 8 * MiB, 1);
	struct vml_layout b = make(VML_ASPACE_47, 0, 0, 8 * MiB, 99);

	cr_assert_eq(memcmp(&a, &b, sizeof a), 0);
}

/* ---- layout_valid ---- */

Test(layout, valid_accepts_every_configuration)
{
	enum vml_aspace as[] = { VML_ASPACE_3G, VML_ASPACE_4G, VML_ASPACE_47 };
	uint64_t rl[] = { 8 * MiB, 256 * MiB, GiB, 3 * GiB, VML_RLIM_INFINITY,
			  0 };

	for (size_t i = 0; i < 3; i++)
		for (size_t r = 0; r < sizeof rl / sizeof rl[0]; r++)
			for (int legacy = 0; legacy < 2; legacy++)
				for (int aslr = 0; aslr < 2; aslr++)
					for (uint64_t s = 0; s < 50; s++) {
						struct vml_layout l = make(
							as[i], legacy, aslr,
							rl[r], s);

						cr_assert_eq(layout_valid(&l),
							     0);
					}
}

Test(layout, valid_rejects_broken_layouts)
{
	struct vml_layout good = fixed(VML_ASPACE_47, 0), l;

	cr_assert_eq(layout_valid(&good), 0);
	l = good;
	l.mmap_base += 1;
	cr_assert_eq(layout_valid(&l), -1, "unaligned mmap_base");
	l = good;
	l.mmap_base = l.task_size + 4096;
	cr_assert_eq(layout_valid(&l), -1, "mmap_base above TASK_SIZE");
	l = good;
	l.stack_top = l.task_size + 4096;
	cr_assert_eq(layout_valid(&l), -1, "stack above TASK_SIZE");
	l = good;
	l.stack_top -= 16;
	cr_assert_eq(layout_valid(&l), -1, "unaligned stack top");
	l = good;
	l.mmap_min = l.task_size;
	cr_assert_eq(layout_valid(&l), -1, "empty window");
	l = good;
	l.et_dyn_base = l.task_size;
	cr_assert_eq(layout_valid(&l), -1, "ET_DYN base outside");
}

/* ---- VMLOAD_PLACE: the moved landmarks ---- */

static struct vml_layout placed(enum vml_aspace a, int legacy, int aslr,
				uint64_t rlim, uint64_t seed, int place)
{
	struct vml_config cfg;
	struct vml_layout l;
	struct vml_rng rng = { seed };

	config_defaults(&cfg);
	cfg.aspace = a;
	cfg.legacy = legacy;
	cfg.aslr = aslr;
	cfg.stack_rlim = rlim;
	cfg.place = place;
	layout_init(&l, &cfg, 4096, &rng);
	return l;
}

/* Every landmark of a layout against one placement's numbers. */
static void check_place(const struct vml_layout *l, uint64_t lo, uint64_t hi,
			uint64_t stack, uint64_t topdown, uint64_t legacy,
			uint64_t dyn)
{
	cr_assert_eq(l->place_lo, lo);
	cr_assert_eq(l->place_hi, hi);
	cr_assert_eq(l->stack_top, stack);
	cr_assert_eq(l->mmap_topdown_base, topdown);
	cr_assert_eq(l->mmap_legacy_base, legacy);
	cr_assert_eq(l->mmap_base, l->legacy ? legacy : topdown);
	cr_assert_eq(l->et_dyn_base, dyn);
	cr_assert_eq(layout_valid(l), 0);
}

Test(layout, kernel_placement_is_the_whole_window)
{
	enum vml_aspace as[] = { VML_ASPACE_3G, VML_ASPACE_4G, VML_ASPACE_47 };

	for (size_t i = 0; i < 3; i++)
		for (uint64_t s = 0; s < 50; s++) {
			struct vml_layout l = make(as[i], (int)(s & 1), 1,
						   8 * MiB, s);

			cr_assert_eq(l.place, VML_PLACE_KERNEL);
			cr_assert_eq(l.place_lo, l.mmap_min);
			cr_assert_eq(l.place_hi, l.task_size);
			cr_assert_eq(l.kernel_topdown_base, l.mmap_topdown_base);
			cr_assert_eq(l.kernel_legacy_base, l.mmap_legacy_base);
		}
}

Test(layout, place_high_no_aslr)
{
	for (int lg = 0; lg < 2; lg++) {
		struct vml_layout l;

		l = placed(VML_ASPACE_3G, lg, 0, 8 * MiB, 1, VML_PLACE_HIGH);
		check_place(&l, 0x80000000UL, 0xC0000000UL, 0xC0000000UL,
			    0xB8000000UL, 0x80000000UL, 0x81000000UL);
		l = placed(VML_ASPACE_4G, lg, 0, 8 * MiB, 1, VML_PLACE_HIGH);
		check_place(&l, 0x80000000UL, 0xFFFFE000UL, 0xFFFFE000UL,
			    0xF7FFE000UL, 0x80000000UL, 0x81000000UL);
		/* the 47-bit kernel layout is already above 4 GiB */
		l = placed(VML_ASPACE_47, lg, 0, 8 * MiB, 1, VML_PLACE_HIGH);
		check_place(&l, 0x100000000UL, 0x7ffffffff000UL,
			    0x7ffffffff000UL, 0x7ffff7fff000UL,
			    0x2aaaaaaab000UL, 0x555555554aaaUL);
	}
}

Test(layout, place_low_no_aslr)
{
	for (int lg = 0; lg < 2; lg++) {
		struct vml_layout l;

		l = placed(VML_ASPACE_3G, lg, 0, 8 * MiB, 1, VML_PLACE_LOW);
		check_place(&l, 4096, 0x80000000UL, 0x80000000UL, 0x78000000UL,
			    0x40000000UL, 0x41000000UL);
		cr_assert_eq(l.kernel_topdown_base, 0xB8000000UL);
		cr_assert_eq(l.kernel_legacy_base, 0x40000000UL);
		l = placed(VML_ASPACE_4G, lg, 0, 8 * MiB, 1, VML_PLACE_LOW);
		check_place(&l, 4096, 0x80000000UL, 0x80000000UL, 0x78000000UL,
			    0x55555000UL, 0x56555000UL);
		cr_assert_eq(l.kernel_topdown_base, 0xF7FFE000UL);
		/* 47-bit: the i386 bases, the stack at 2 GiB */
		l = placed(VML_ASPACE_47, lg, 0, 8 * MiB, 1, VML_PLACE_LOW);
		check_place(&l, 4096, 0x80000000UL, 0x80000000UL, 0x78000000UL,
			    0x40000000UL, 0x41000000UL);
		cr_assert_eq(l.kernel_topdown_base, 0x7ffff7fff000UL);
		cr_assert_eq(l.kernel_legacy_base, 0x2aaaaaaab000UL);
		cr_assert_not(l.ia32, "still a 64-bit window (MAP_32BIT, THP)");
	}
}

/* MAX_GAP is 5/6 of the allowed range: a big stack limit leaves the mmap
 * area a sixth of it instead of pushing mmap_base out of the range. */
Test(layout, place_big_stack_limits_stay_in_range)
{
	struct vml_layout l;

	l = placed(VML_ASPACE_3G, 0, 0, GiB, 1, VML_PLACE_HIGH);
	cr_assert_eq(l.mmap_topdown_base, 0x8AAAB000UL);
	l = placed(VML_ASPACE_3G, 0, 0, VML_RLIM_INFINITY, 1, VML_PLACE_HIGH);
	cr_assert_eq(l.mmap_topdown_base, 0x8AAAB000UL);
	l = placed(VML_ASPACE_3G, 0, 0, 256 * MiB, 1, VML_PLACE_HIGH);
	cr_assert_eq(l.mmap_topdown_base, 0xAFF00000UL, "the kernel's value");
	l = placed(VML_ASPACE_47, 0, 0, VML_RLIM_INFINITY, 1, VML_PLACE_LOW);
	cr_assert_eq(l.mmap_topdown_base, 0x15556000UL);
	l = placed(VML_ASPACE_4G, 0, 0, GiB, 1, VML_PLACE_LOW);
	cr_assert_eq(l.mmap_topdown_base, 0x80000000UL - GiB - MiB,
		     "1 GiB + the guard gap below the 2 GiB stack top");
	cr_assert_eq(layout_valid(&l), 0);
}

Test(layout, place_brk_start)
{
	struct vml_layout l;

	/* high: a non-PIE heap below the floor moves to ELF_ET_DYN_BASE */
	l = placed(VML_ASPACE_3G, 0, 0, 8 * MiB, 1, VML_PLACE_HIGH);
	cr_assert_eq(layout_brk_start(&l, 0x601234, 0), 0x81000000UL);
	cr_assert_eq(layout_brk_start(&l, 0x0804a001, 0), 0x81000000UL);
	cr_assert_eq(layout_brk_start(&l, 0x81005123, 0), 0x81006000UL,
		     "a PIE's heap follows its bss");
	cr_assert_eq(layout_brk_start(&l, 0x1234, 1), 0x81000000UL);
	l = placed(VML_ASPACE_47, 0, 0, 8 * MiB, 1, VML_PLACE_HIGH);
	cr_assert_eq(layout_brk_start(&l, 0x601234, 0), 0x555555555000UL);
	cr_assert_eq(layout_brk_start(&l, 0x555555558123, 0),
		     0x555555559000UL);
	/* low: heaps below 2 GiB stay; one above moves down */
	l = placed(VML_ASPACE_47, 0, 0, 8 * MiB, 1, VML_PLACE_LOW);
	cr_assert_eq(layout_brk_start(&l, 0x601234, 0), 0x602000UL);
	cr_assert_eq(layout_brk_start(&l, 0x1234, 1), 0x41000000UL);
	cr_assert_eq(layout_brk_start(&l, 0x90001234, 0), 0x41000000UL);
	/* with ASLR a moved heap gets no extra page, as a static PIE's */
	for (uint64_t s = 0; s < NSEEDS; s++) {
		uint64_t b;

		l = placed(VML_ASPACE_4G, 0, 1, 8 * MiB, s, VML_PLACE_HIGH);
		b = layout_brk_start(&l, 0x601234, 0);
		cr_assert_geq(b, 0x81000000UL);
		cr_assert_lt(b, 0x81000000UL + 32 * MiB);
		cr_assert_eq(b, 0x81000000UL + l.brk_rnd);
	}
}

/* With ASLR every landmark stays in the range, randomized within it. */
Test(layout, place_aslr_ranges)
{
	enum vml_aspace as[] = { VML_ASPACE_3G, VML_ASPACE_4G, VML_ASPACE_47 };
	int pl[] = { VML_PLACE_HIGH, VML_PLACE_LOW };

	for (size_t i = 0; i < 3; i++)
		for (size_t p = 0; p < 2; p++)
			for (uint64_t s = 0; s < NSEEDS / 4; s++) {
				struct vml_layout l = placed(as[i], (int)(s & 1),
							     1, 8 * MiB, s, pl[p]);
				uint64_t pie = l.et_dyn_base + l.pie_rnd;

				cr_assert_eq(layout_valid(&l), 0);
				cr_assert(layout_in_place(&l, l.mmap_base, 0));
				cr_assert(layout_in_place(&l, pie, 16 * MiB));
				cr_assert(layout_in_place(
					&l, layout_brk_start(&l, 0x601234, 0),
					l.stack_rlim));
				cr_assert_gt(l.stack_top, l.place_lo);
				cr_assert_leq(l.stack_top, l.place_hi);
			}
	/* 47-bit low draws the ia32 ranges */
	for (uint64_t s = 0; s < NSEEDS / 4; s++) {
		struct vml_layout l = placed(VML_ASPACE_47, 0, 1, 8 * MiB, s,
					     VML_PLACE_LOW);

		cr_assert_geq(l.mmap_topdown_base, 0x78000000UL - 0xff000);
		cr_assert_lt(l.pie_rnd, 0x100000UL);
		cr_assert_lt(l.brk_rnd, 32 * MiB);
		cr_assert_geq(l.stack_top, 0x80000000UL - 0x7ff000 - 4096);
	}
}

Test(layout, place_is_seeded)
{
	int pl[] = { VML_PLACE_HIGH, VML_PLACE_LOW };

	for (size_t p = 0; p < 2; p++) {
		struct vml_layout a = placed(VML_ASPACE_3G, 0, 1, 8 * MiB, 7, pl[p]);
		struct vml_layout b = placed(VML_ASPACE_3G, 0, 1, 8 * MiB, 7, pl[p]);
		struct vml_layout c = placed(VML_ASPACE_3G, 0, 1, 8 * MiB, 8, pl[p]);

		cr_assert_eq(memcmp(&a, &b, sizeof a), 0);
		cr_assert_neq(a.mmap_base, c.mmap_base);
		cr_assert_neq(a.stack_top, c.stack_top);
	}
}

Test(layout, valid_rejects_landmarks_outside_the_placement)
{
	struct vml_layout good = placed(VML_ASPACE_3G, 0, 0, 8 * MiB, 1,
					VML_PLACE_HIGH), l;

	l = good;
	l.et_dyn_base = 0x41000000UL;
	cr_assert_eq(layout_valid(&l), -1, "PIE base below the floor");
	l = good;
	l.mmap_legacy_base = 0x40000000UL;
	cr_assert_eq(layout_valid(&l), -1, "legacy base below the floor");
	good = placed(VML_ASPACE_3G, 0, 0, 8 * MiB, 1, VML_PLACE_LOW);
	l = good;
	l.stack_top = 0xC0000000UL;
	cr_assert_eq(layout_valid(&l), -1, "stack above the ceiling");
	l = good;
	l.mmap_topdown_base = 0xB8000000UL;
	cr_assert_eq(layout_valid(&l), -1, "mmap_base above the ceiling");
}

Test(layout, valid_accepts_every_placement)
{
	enum vml_aspace as[] = { VML_ASPACE_3G, VML_ASPACE_4G, VML_ASPACE_47 };
	uint64_t rl[] = { 8 * MiB, 256 * MiB, GiB, 3 * GiB, VML_RLIM_INFINITY,
			  0 };
	int pl[] = { VML_PLACE_HIGH, VML_PLACE_LOW };

	for (size_t i = 0; i < 3; i++)
		for (size_t r = 0; r < sizeof rl / sizeof rl[0]; r++)
			for (size_t p = 0; p < 2; p++)
				for (uint64_t s = 0; s < 40; s++) {
					struct vml_layout l = placed(
						as[i], (int)(s & 1), (int)(s & 2),
						rl[r], s, pl[p]);

					cr_assert_eq(layout_valid(&l), 0,
						     "aspace %zu rlim %zu place %d",
						     i, r, pl[p]);
				}
}

/* ---- VMLOAD_KERNEL=2.6.9: the 2004 rules (KERNEL-FACTS §7) ---- */

static struct vml_layout make_2_6_9(int legacy, int aslr, uint64_t rlim,
				    uint64_t seed)
{
	struct vml_config cfg;
	struct vml_layout l;
	struct vml_rng rng = { seed };

	config_defaults(&cfg);
	cfg.aspace = VML_ASPACE_3G;
	cfg.kernel = VML_KERNEL_2_6_9;
	cfg.legacy = legacy;
	cfg.aslr = aslr;
	cfg.stack_rlim = rlim;
	layout_init(&l, &cfg, 4096, &rng);
	return l;
}

Test(layout, k269_flexible_8m)
{
	struct vml_layout l = make_2_6_9(0, 0, 8 * MiB, 1);

	cr_assert_eq(l.task_size, 0xC0000000UL);
	cr_assert_eq(l.stack_top, 0xC0000000UL);
	cr_assert_not(l.legacy);
	cr_assert_eq(l.mmap_base, 0xB8000000UL);
	cr_assert_eq(l.mmap_legacy_base, 0x40000000UL);
	cr_assert_eq(l.et_dyn_base, 0x80000000UL);
	cr_assert(l.et_dyn_base_all);
	cr_assert_not(l.static_pie_brk_moved);
	cr_assert_not(l.vdso);
	cr_assert_eq(layout_valid(&l), 0);
}

Test(layout, k269_legacy)
{
	struct vml_layout l = make_2_6_9(1, 0, 8 * MiB, 1);

	cr_assert(l.legacy);
	cr_assert_eq(l.mmap_base, 0x40000000UL);
	cr_assert_eq(l.stack_top, 0xC0000000UL);
	cr_assert_eq(layout_valid(&l), 0);
}

/* no guard gap, no random pad: rlimit clamped to [128 MiB, 0xA0000000] */
Test(layout, k269_mmap_base_per_rlimit)
{
	cr_assert_eq(make_2_6_9(0, 0, 256 * MiB, 1).mmap_base, 0xB0000000UL);
	cr_assert_eq(make_2_6_9(0, 0, 1 * GiB, 1).mmap_base, 0x80000000UL);
	cr_assert_eq(make_2_6_9(0, 0, 1 * GiB + 4095, 1).mmap_base,
		     0x80000000UL);
	cr_assert_eq(make_2_6_9(0, 0, 5 * GiB / 2, 1).mmap_base, 0x20000000UL);
	cr_assert_eq(make_2_6_9(0, 0, 3 * GiB, 1).mmap_base, 0x20000000UL);
	/* the current rules put 1 GiB at 0x7ff00000 (gap + 1 MiB guard) */
	cr_assert_eq(make(VML_ASPACE_3G, 0, 0, 1 * GiB, 1).mmap_base,
		     0x7ff00000UL);
}

Test(layout, k269_unlimited_stack_selects_legacy)
{
	struct vml_layout l = make_2_6_9(0, 0, VML_RLIM_INFINITY, 1);

	cr_assert(l.legacy);
	cr_assert_eq(l.mmap_base, 0x40000000UL);
	/* today an unlimited stack stays top-down */
	cr_assert_not(make(VML_ASPACE_3G, 0, 0, VML_RLIM_INFINITY, 1).legacy);
}

Test(layout, k269_never_randomizes)
{
	for (uint64_t seed = 1; seed < 200; seed++) {
		struct vml_layout l = make_2_6_9(0, 1, 8 * MiB, seed);

		cr_assert_not(l.randomize);
		cr_assert_eq(l.mmap_base, 0xB8000000UL);
		cr_assert_eq(l.stack_top, 0xC0000000UL);
		cr_assert_eq(l.pie_rnd, 0);
		cr_assert_eq(l.brk_rnd, 0);
		cr_assert_eq(l.stack_jitter, 0);
	}
}

Test(layout, k269_static_pie_heap_follows_bss)
{
	struct vml_layout l = make_2_6_9(0, 0, 8 * MiB, 1);

	cr_assert_eq(layout_brk_start(&l, 0x80012345UL, 1), 0x80013000UL);
	cr_assert_eq(layout_brk_start(&l, 0x0804a123UL, 0), 0x0804b000UL);
	l = make(VML_ASPACE_3G, 0, 0, 8 * MiB, 1);
	cr_assert_eq(layout_brk_start(&l, 0x41012345UL, 1), 0x41000000UL);
	cr_assert(l.vdso);
	cr_assert_not(l.et_dyn_base_all);
}
