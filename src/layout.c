/*
 * layout.c - the kernel's layout formulas (KERNEL-FACTS §1-3, §6). Pure.
 */
#include "vmload/layout.h"

#define STACK_RND_MASK_64 0x3fffffUL /* __STACK_RND_MASK(0) */
#define STACK_RND_MASK_32 0x7ffUL    /* __STACK_RND_MASK(1) */
#define MMAP_RND_BITS_64 28
#define MMAP_RND_BITS_32 8

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

/* arch_rnd(): a page-aligned random offset of the given number of bits. */
static uint64_t arch_rnd(struct vml_rng *rng, int bits)
{
	return (layout_rand(rng) & ((1UL << bits) - 1)) << 12;
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

uint64_t layout_mmap_base(uint64_t task_size, uint64_t rlim, uint64_t rnd,
			  int ia32, int randomize)
{
	uint64_t gap = rlim;
	uint64_t pad = VML_STACK_GUARD_GAP;
	uint64_t max_gap = task_size / 6 * 5;

	if (randomize)
		pad += stack_rnd_mask(ia32) << 12;
	if (gap + pad > gap)
		gap += pad;
	if (gap < VML_SZ_128M)
		gap = VML_SZ_128M;
	if (gap > max_gap)
		gap = max_gap;
	return VML_PAGE_ALIGN(task_size - gap - rnd);
}

static void layout_stack(struct vml_layout *l, struct vml_rng *rng)
{
	uint64_t top = l->task_size; /* STACK_TOP */

	if (l->randomize) {
		/* randomize_stack_top, then arch_align_stack + PAGE_ALIGN */
		top = VML_PAGE_ALIGN(top) -
		      ((layout_rand(rng) & stack_rnd_mask(l->ia32)) << 12);
		top = (top - layout_rand(rng) % 8192) & ~0xfUL;
		top = VML_PAGE_ALIGN(top);
		l->stack_jitter = layout_rand(rng) % 8192;
	}
	l->stack_top = top;
}

void layout_init(struct vml_layout *l, const struct vml_config *cfg,
		 uint64_t mmap_min, struct vml_rng *rng)
{
	uint64_t unmapped_base;
	int bits;

	*l = (struct vml_layout){ 0 };
	l->task_size = layout_task_size(cfg->aspace);
	l->mmap_min = mmap_min < VML_PAGE ? VML_PAGE : VML_PAGE_ALIGN(mmap_min);
	l->ia32 = cfg->aspace != VML_ASPACE_47;
	l->legacy = cfg->legacy;
	l->randomize = cfg->aslr;
	l->stack_rlim = cfg->stack_rlim;
	bits = l->ia32 ? MMAP_RND_BITS_32 : MMAP_RND_BITS_64;

	/* arch_pick_mmap_layout: both bases are always computed */
	unmapped_base = VML_PAGE_ALIGN(l->task_size / 3);
	l->mmap_legacy_base =
		unmapped_base + (l->randomize ? arch_rnd(rng, bits) : 0);
	l->mmap_topdown_base = layout_mmap_base(
		l->task_size, l->stack_rlim,
		l->randomize ? arch_rnd(rng, bits) : 0, l->ia32, l->randomize);
	l->mmap_base = l->legacy ? l->mmap_legacy_base : l->mmap_topdown_base;

	/* ELF_ET_DYN_BASE; the compat one for windows of 4 GiB or less */
	l->et_dyn_base = l->ia32 ? unmapped_base + 0x1000000UL
				 : l->task_size / 3 * 2;
	l->pie_rnd = l->randomize ? arch_rnd(rng, bits) : 0;

	layout_stack(l, rng);

	l->brk_rnd_range = l->ia32 ? 32UL << 20 : 1UL << 30;
	l->brk_rnd = l->randomize ? randomize_page(rng, 0, l->brk_rnd_range) : 0;

	l->map32_base = 0x40000000UL;
	l->map32_end = 0x80000000UL;
	if (l->randomize)
		l->map32_base = randomize_page(rng, l->map32_base, 0x02000000UL);
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
	return 0;
}

uint64_t layout_brk_start(const struct vml_layout *l, uint64_t elf_brk,
			  int static_pie)
{
	uint64_t brk;

	/* !CONFIG_COMPAT_BRK: an ET_DYN without PT_INTERP gets its heap at
	 * ELF_ET_DYN_BASE, even without randomization */
	if (static_pie)
		elf_brk = l->et_dyn_base;
	brk = VML_PAGE_ALIGN(elf_brk);
	if (l->randomize) {
		if (!static_pie)
			brk += VML_PAGE;
		brk += l->brk_rnd; /* arch_randomize_brk */
	}
	return brk;
}
