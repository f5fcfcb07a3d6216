/*
 * layout.c - the kernel's layout formulas (KERNEL-FACTS §1-3, §6), and where
 * VMLOAD_PLACE moves them. Pure.
 *
 * Placement (README "Stress and workaround placements"): the kernel's
 * formulas are applied to the part of the window a placement allows.
 *   high: [2 GiB, TASK_SIZE) in the 3g/4g windows, [4 GiB, TASK_SIZE) in the
 *         47-bit one. TASK_UNMAPPED_BASE and ELF_ET_DYN_BASE below the floor
 *         move to the floor and the floor + 16 MiB (the compat distance);
 *         MAX_GAP is 5/6 of the allowed range.
 *   low:  [mmap_min, 2 GiB) in every window: STACK_TOP is 2 GiB, MAX_GAP
 *         5/6 of 2 GiB, TASK_UNMAPPED_BASE and ELF_ET_DYN_BASE stay where
 *         they fit (3g, 4g) or take the i386 values 1 GiB and 1 GiB + 16 MiB
 *         (47-bit), and randomization uses the ia32 ranges everywhere, the
 *         x86-64 ones being larger than 2 GiB.
 * The draws from the rng are the same, in the same order, whatever the
 * placement: one seed gives one layout per placement.
 *
 * VMLOAD_KERNEL=2.6.9 (KERNEL-FACTS §7, LWN "Reorganizing the address
 * space", 2004) replaces the current rules in the 3g window: nothing is
 * randomized, an unlimited stack selects the legacy layout, ELF_ET_DYN_BASE
 * is TASK_SIZE/3*2 for every ET_DYN program, mmap_base is TASK_SIZE minus
 * the stack limit clamped to [128 MiB, TASK_SIZE/6*5] (no guard gap, no
 * random pad), a static PIE's heap follows its bss, and there is no vDSO in
 * the window.
 */
#include "vmload/layout.h"

#define STACK_RND_MASK_64 0x3fffffUL /* __STACK_RND_MASK(0) */
#define STACK_RND_MASK_32 0x7ffUL    /* __STACK_RND_MASK(1) */
#define MMAP_RND_BITS_64 28
#define MMAP_RND_BITS_32 8
#define LOW_UNMAPPED_BASE 0x40000000UL /* i386 TASK_UNMAPPED_BASE */
#define COMPAT_ET_DYN_OFF 0x1000000UL  /* COMPAT_ELF_ET_DYN_BASE - it */

uint64_t layout_rand(struct vml_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t layout_task_size(enum vml_aspace a)
{
	switch (a) {
	case VML_ASPACE_3G:
		return 0xC0000000UL;
	case VML_ASPACE_4G:
		return 0xFFFFE000UL;
	default:
		return 0x7ffffffff000UL;
	}
}

static uint64_t stack_rnd_mask(int ia32)
{
	return ia32 ? STACK_RND_MASK_32 : STACK_RND_MASK_64;
}

/* arch_rnd(): a page-aligned random offset of the given number of bits,
 * from one draw (raw, 0 without randomization). */
static uint64_t arch_rnd(uint64_t raw, int bits)
{
	return (raw & ((1UL << bits) - 1)) << 12;
}

/* randomize_page(start, range): page-aligned value in [start, start+range). */
static uint64_t randomize_page(struct vml_rng *rng, uint64_t start,
			       uint64_t range)
{
	range >>= 12;
	if (range == 0)
		return start;
	return start + ((layout_rand(rng) % range) << 12);
}

/* mmap_base() for the region [bottom, top): the kernel's is [0, TASK_SIZE),
 * a placement's the part of the window it allows (MAX_GAP is 5/6 of it). */
static uint64_t mmap_base_in(uint64_t bottom, uint64_t top, uint64_t rlim,
			     uint64_t rnd, int ia32, int randomize)
{
	uint64_t gap = rlim;
	uint64_t pad = VML_STACK_GUARD_GAP;
	uint64_t max_gap = (top - bottom) / 6 * 5;

	if (randomize)
		pad += stack_rnd_mask(ia32) << 12;
	if (gap + pad > gap)
		gap += pad;
	if (gap < VML_SZ_128M)
		gap = VML_SZ_128M;
	if (gap > max_gap)
		gap = max_gap;
	return VML_PAGE_ALIGN(top - gap - rnd);
}

uint64_t layout_mmap_base(uint64_t task_size, uint64_t rlim, uint64_t rnd,
			  int ia32, int randomize)
{
	return mmap_base_in(0, task_size, rlim, rnd, ia32, randomize);
}

/* top is STACK_TOP; rnd32: the ia32 randomization range. */
static void layout_stack(struct vml_layout *l, struct vml_rng *rng,
			 uint64_t top, int rnd32)
{
	if (l->randomize) {
		/* randomize_stack_top, then arch_align_stack + PAGE_ALIGN */
		top = VML_PAGE_ALIGN(top) -
		      ((layout_rand(rng) & stack_rnd_mask(rnd32)) << 12);
		top = (top - layout_rand(rng) % 8192) & ~0xfUL;
		top = VML_PAGE_ALIGN(top);
		l->stack_jitter = layout_rand(rng) % 8192;
	}
	l->stack_top = top;
}

/* The landmarks a placement moves: the mmap_base region [bottom, top), top
 * being STACK_TOP too, TASK_UNMAPPED_BASE, ELF_ET_DYN_BASE, and which
 * randomization ranges apply. */
struct shape {
	uint64_t bottom, top;
	uint64_t unmapped_base, et_dyn_base;
	int rnd32;
};

/* Sets place_lo/place_hi and the shape; KERNEL is the kernel's. */
static void place_shape(struct vml_layout *l, struct shape *s)
{
	uint64_t unmapped = VML_PAGE_ALIGN(l->task_size / 3);

	/* ELF_ET_DYN_BASE; the compat one for windows of 4 GiB or less */
	*s = (struct shape){
		.top = l->task_size, .unmapped_base = unmapped,
		.et_dyn_base = l->ia32 ? unmapped + COMPAT_ET_DYN_OFF
				       : l->task_size / 3 * 2,
		.rnd32 = l->ia32,
	};
	l->place_lo = l->mmap_min;
	l->place_hi = l->task_size;
	if (l->place == VML_PLACE_HIGH) {
		l->place_lo = l->ia32 ? VML_PLACE_HIGH_32 : VML_PLACE_HIGH_64;
		s->bottom = l->place_lo;
		if (s->unmapped_base < l->place_lo)
			s->unmapped_base = l->place_lo;
		if (s->et_dyn_base < l->place_lo)
			s->et_dyn_base = s->unmapped_base + COMPAT_ET_DYN_OFF;
	} else if (l->place == VML_PLACE_LOW) {
		l->place_hi = VML_PLACE_LOW_CEIL;
		s->top = l->place_hi;
		s->rnd32 = 1;
		if (s->unmapped_base >= l->place_hi)
			s->unmapped_base = LOW_UNMAPPED_BASE;
		if (s->et_dyn_base >= l->place_hi)
			s->et_dyn_base = s->unmapped_base + COMPAT_ET_DYN_OFF;
	}
}

/* arch/i386/mm/mmap.c of 2.6.9: mmap_base = TASK_SIZE - clamp(rlimit,
 * MIN_GAP, MAX_GAP), page-aligned; legacy also for an unlimited stack. */
static void layout_2_6_9(struct vml_layout *l)
{
	uint64_t gap = l->stack_rlim, max_gap = l->task_size / 6 * 5;

	if (gap < VML_SZ_128M)
		gap = VML_SZ_128M;
	if (gap > max_gap)
		gap = max_gap;
	l->kernel_topdown_base = l->mmap_topdown_base =
		l->task_size - VML_PAGE_START(gap);
	if (l->stack_rlim == VML_RLIM_INFINITY)
		l->legacy = 1;
	l->mmap_base = l->legacy ? l->mmap_legacy_base : l->mmap_topdown_base;
	l->et_dyn_base = l->task_size / 3 * 2;
	l->static_pie_brk_moved = 0;
	l->et_dyn_base_all = 1;
	l->vdso = 0;
}

void layout_init(struct vml_layout *l, const struct vml_config *cfg,
		 uint64_t mmap_min, struct vml_rng *rng)
{
	struct shape s;
	uint64_t raw_legacy, raw_topdown;
	int kbits, bits;

	*l = (struct vml_layout){ 0 };
	l->task_size = layout_task_size(cfg->aspace);
	l->mmap_min = mmap_min < VML_PAGE ? VML_PAGE : VML_PAGE_ALIGN(mmap_min);
	l->ia32 = cfg->aspace != VML_ASPACE_47;
	l->legacy = cfg->legacy;
	l->randomize = cfg->aslr && cfg->kernel != VML_KERNEL_2_6_9;
	l->static_pie_brk_moved = 1;
	l->vdso = 1;
	l->stack_rlim = cfg->stack_rlim;
	l->place = cfg->place;
	place_shape(l, &s);
	kbits = l->ia32 ? MMAP_RND_BITS_32 : MMAP_RND_BITS_64;
	bits = s.rnd32 ? MMAP_RND_BITS_32 : MMAP_RND_BITS_64;

	/* arch_pick_mmap_layout: both bases are always computed; the
	 * kernel's own from the same draws */
	raw_legacy = l->randomize ? layout_rand(rng) : 0;
	raw_topdown = l->randomize ? layout_rand(rng) : 0;
	l->kernel_legacy_base = VML_PAGE_ALIGN(l->task_size / 3) +
				arch_rnd(raw_legacy, kbits);
	l->kernel_topdown_base = layout_mmap_base(
		l->task_size, l->stack_rlim, arch_rnd(raw_topdown, kbits),
		l->ia32, l->randomize);
	l->mmap_legacy_base = s.unmapped_base + arch_rnd(raw_legacy, bits);
	l->mmap_topdown_base = mmap_base_in(s.bottom, s.top, l->stack_rlim,
					    arch_rnd(raw_topdown, bits),
					    s.rnd32, l->randomize);
	l->mmap_base = l->legacy ? l->mmap_legacy_base : l->mmap_topdown_base;

	l->et_dyn_base = s.et_dyn_base;
	l->pie_rnd = l->randomize ? arch_rnd(layout_rand(rng), bits) : 0;

	layout_stack(l, rng, s.top, s.rnd32);

	l->brk_rnd_range = s.rnd32 ? 32UL << 20 : 1UL << 30;
	l->brk_rnd = l->randomize ? randomize_page(rng, 0, l->brk_rnd_range) : 0;

	l->map32_base = 0x40000000UL;
	l->map32_end = 0x80000000UL;
	if (l->randomize)
		l->map32_base = randomize_page(rng, l->map32_base, 0x02000000UL);
	if (cfg->kernel == VML_KERNEL_2_6_9)
		layout_2_6_9(l);
}

int layout_valid(const struct vml_layout *l)
{
	if (l->mmap_min >= l->task_size || l->mmap_min & (VML_PAGE - 1))
		return -1;
	if (l->mmap_base > l->task_size || l->mmap_base & (VML_PAGE - 1))
		return -1;
	if (l->stack_top > l->task_size || l->stack_top & (VML_PAGE - 1))
		return -1;
	if (l->et_dyn_base >= l->task_size)
		return -1;
	/* a placement's landmarks lie in its range */
	if (l->place_lo >= l->place_hi || l->place_hi > l->task_size ||
	    (l->place_lo | l->place_hi) & (VML_PAGE - 1))
		return -1;
	if (l->stack_top <= l->place_lo || l->stack_top > l->place_hi ||
	    l->mmap_topdown_base < l->place_lo ||
	    l->mmap_topdown_base > l->place_hi ||
	    !layout_in_place(l, l->mmap_legacy_base, VML_PAGE) ||
	    !layout_in_place(l, l->et_dyn_base, VML_PAGE))
		return -1;
	return 0;
}

int layout_in_place(const struct vml_layout *l, uint64_t addr, uint64_t len)
{
	return addr >= l->place_lo && addr < l->place_hi &&
	       len <= l->place_hi - addr;
}

uint64_t layout_brk_start(const struct vml_layout *l, uint64_t elf_brk,
			  int static_pie)
{
	uint64_t brk;
	int moved = static_pie && l->static_pie_brk_moved;

	/* !CONFIG_COMPAT_BRK: an ET_DYN without PT_INTERP gets its heap at
	 * ELF_ET_DYN_BASE, even without randomization; so does, under a
	 * placement, a heap that would start outside its range (a non-PIE
	 * program below the floor of place=high) */
	if (l->place != VML_PLACE_KERNEL &&
	    !layout_in_place(l, VML_PAGE_ALIGN(elf_brk), VML_PAGE))
		moved = 1;
	if (moved)
		elf_brk = l->et_dyn_base;
	brk = VML_PAGE_ALIGN(elf_brk);
	if (l->randomize) {
		if (!moved)
			brk += VML_PAGE;
		brk += l->brk_rnd; /* arch_randomize_brk */
	}
	return brk;
}
