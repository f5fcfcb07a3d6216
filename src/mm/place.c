/*
 * place.c - get_unmapped_area for the guest and the VMLOAD_PLACE policy
 * around it (async-signal-safe zone: called with as.lock held, from the
 * SIGSYS handler or from the loader).
 *
 * A mapping the program does not place itself goes in [place_lo, place_hi)
 * (layout.c computes the range and moves the bases into it; under KERNEL it
 * is the whole window and every step below is the kernel's):
 *   1. a hint is taken if the range it names is free and inside; under a
 *      placement, a hint outside is treated as no hint;
 *   2. the kernel's search, clipped to the range: top-down below
 *      mmap_topdown_base, falling back to bottom-up from the legacy base;
 *      or bottom-up from the legacy base;
 *   3. placements only: the highest free gap anywhere in the range;
 *   4. high: -ENOMEM, a stress mode must not hide the bug; low: the
 *      kernel's own placement over the whole window. Either says so once,
 *      on stderr.
 * MAP_FIXED is exempt, and so is MAP_32BIT in the 47-bit window: it is an
 * explicit request for [0x40000000, 0x80000000), searched as by the kernel.
 * In the 3g/4g windows the kernel ignores MAP_32BIT (as for any 32-bit
 * task) and so does this.
 */
#include "place.h"

#include <linux/errno.h>
#include <sys/mman.h>

#include "mm_int.h"
#include "base.h"


#define PAGE VML_PAGE
#define PMD_SIZE (2UL << 20)
#define L (&vml_as.layout)
#define T (&vml_as.tree)

/* Is [addr, addr+len) free, with the guard gap below a stack above it?
 * Every VMA below vma_find(addr) ends at or below addr by definition. */
static int hint_fits(uintptr_t addr, size_t len, uintptr_t end)
{
	struct vma *next;
	uintptr_t gap;

	if (addr < L->mmap_min || end < len || end - len < addr)
		return 0;
	next = vma_find(T, addr);
	if (!next)
		return 1;
	gap = next->start;
	if (next->flags & VMA_GROWSDOWN)
		gap = gap > VML_STACK_GUARD_GAP ? gap - VML_STACK_GUARD_GAP : 0;
	return next->start > addr && addr + len <= gap;
}

static long search(size_t len, uintptr_t low, uintptr_t high, uintptr_t align,
		   int topdown)
{
	struct vma_gap_req q = {
		.len = len, .low = low < L->mmap_min ? L->mmap_min : low,
		.high = high, .align = align, .align_off = 0,
		.guard = VML_STACK_GUARD_GAP,
	};

	return topdown ? vma_gap_topdown(T, &q) : vma_gap_bottomup(T, &q);
}

/* The kernel's search in the layout's direction, inside [lo, hi): below
 * td_base with the bottom-up fallback, or bottom-up from leg_base. */
static long search_dir(size_t len, uintptr_t align, uintptr_t td_base,
		       uintptr_t leg_base, uintptr_t lo, uintptr_t hi)
{
	long r;

	if (!L->legacy) {
		r = search(len, lo, td_base < hi ? td_base : hi, align, 1);
		if (r >= 0)
			return r;
	}
	return search(len, leg_base > lo ? leg_base : lo, hi, align, 0);
}

/* MAP_32BIT as the kernel honours it: 64-bit tasks only. */
static int map32(int flags)
{
	return (flags & MAP_32BIT) && !L->ia32;
}

/* Steps 2 and 3. */
static long place(size_t len, uintptr_t align, int flags)
{
	long r;

	if (map32(flags))
		return search(len, L->map32_base, L->map32_end, align, 0);
	r = search_dir(len, align, L->mmap_topdown_base, L->mmap_legacy_base,
		       L->place_lo, L->place_hi);
	if (r < 0 && L->place != VML_PLACE_KERNEL)
		r = search(len, L->place_lo, L->place_hi, align, 1);
	return r;
}

/* "3 GiB", "1536 MiB", "20 KiB": the largest unit that divides len. */
static const char *size_str(char *buf, size_t cap, uint64_t len)
{
	if (len >= (1UL << 30) && !(len & ((1UL << 30) - 1)))
		log_fmt(buf, cap, "%lu GiB", (unsigned long)(len >> 30));
	else if (len >= (1UL << 20) && !(len & ((1UL << 20) - 1)))
		log_fmt(buf, cap, "%lu MiB", (unsigned long)(len >> 20));
	else
		log_fmt(buf, cap, "%lu KiB", (unsigned long)(len >> 10));
	return buf;
}

/* Step 4: nothing fits in the placement's range. */
static long place_exhausted(size_t len, const char *what)
{
	static int said_high, said_low;
	char sz[32], lim[32];
	long r;

	if (L->place == VML_PLACE_HIGH) {
		if (!said_high) {
			said_high = 1;
			log_msg("place=high: %s of %s does not fit at or above "
				"%s (0x%lx-0x%lx); it fails with ENOMEM",
				what, size_str(sz, sizeof sz, len),
				size_str(lim, sizeof lim, L->place_lo),
				(unsigned long)L->place_lo,
				(unsigned long)L->place_hi);
		}
		return -ENOMEM;
	}
	r = search_dir(len, PAGE, L->kernel_topdown_base, L->kernel_legacy_base,
		       L->mmap_min, L->task_size);
	if (r >= 0 && !said_low) {
		said_low = 1;
		log_msg("place=low: %s of %s does not fit below %s; placed at "
			"0x%lx", what, size_str(sz, sizeof sz, len),
			size_str(lim, sizeof lim, L->place_hi), (unsigned long)r);
	}
	return r;
}

/* Step 1: the hint to use, or 0 when there is none (under a placement, a
 * hint outside the range is none: the 2 MiB alignment then applies). */
static uintptr_t usable_hint(uintptr_t addr, size_t len, int flags, int *ok)
{
	uintptr_t lo = map32(flags) ? L->mmap_min : L->place_lo;
	uintptr_t end = map32(flags) ? L->map32_end : L->place_hi;

	/* round_hint_to_min(): the hint's page, at least mmap_min */
	addr &= ~(uintptr_t)(PAGE - 1);
	if (addr < L->mmap_min)
		addr = L->mmap_min;
	*ok = addr >= lo && hint_fits(addr, len, end);
	if (!*ok && L->place != VML_PLACE_KERNEL && !map32(flags) &&
	    !layout_in_place(L, addr, len))
		return 0;
	return addr;
}

/*
 * thp: a private anonymous mapping, which the kernel (not for ia32 tasks)
 * aligns to 2 MiB when its length is a multiple of 2 MiB:
 * __thp_get_unmapped_area searches len + 2 MiB, then rounds up inside
 * that, or, top-down and already aligned, goes 2 MiB up.
 */
long place_area_locked(uintptr_t addr, size_t len, int flags, int thp,
		       const char *what)
{
	long r;
	int ok;

	if (len > L->task_size)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if (addr & (PAGE - 1))
			return -EINVAL;
		if (addr > L->task_size - len)
			return -ENOMEM;
		if (addr < L->mmap_min)
			return -EPERM;
		return (long)addr;
	}
	if (addr) {
		addr = usable_hint(addr, len, flags, &ok);
		if (ok)
			return (long)addr;
	}
	if (!addr && thp && !L->ia32 && (len & (PMD_SIZE - 1)) == 0) {
		r = place(len + PMD_SIZE, PAGE, flags);
		if (r >= 0) {
			uintptr_t off_sub = (0 - (uintptr_t)r) & (PMD_SIZE - 1);

			if (!L->legacy && !off_sub)
				return r + (long)PMD_SIZE;
			return r + (long)off_sub;
		}
	}
	r = place(len, PAGE, flags);
	if (r >= 0 || L->place == VML_PLACE_KERNEL || map32(flags))
		return r;
	return place_exhausted(len, what);
}
