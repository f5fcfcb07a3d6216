/*
 * test_mman_place.c - VMLOAD_PLACE in the guest's get_unmapped_area
 * (place.c), through mman: the 3g window of window_fixture, no
 * randomization, with place=high (floor 0x80000000) and place=low (ceiling
 * 0x80000000). Part of the mman suite.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "mm_int.h"
#include "vma.h"
#include "vmload/config.h"
#include "vmload/layout.h"
#include "vmload/mman.h"
#include "window_fixture.h"

#define P 4096UL
#define MiB (1UL << 20)
#define GiB (1UL << 30)
#define SPLIT 0x80000000UL	/* high's floor, low's ceiling */
#define TASK 0xC0000000UL
#define HIGH_TD_BASE 0xB8000000UL
#define LOW_TD_BASE 0x78000000UL
#define LEGACY_BASE 0x40000000UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static void high_td(void)
{
	struct vml_layout l = window_fixture_place(0, VML_PLACE_HIGH);

	cr_assert_eq(l.mmap_base, HIGH_TD_BASE);
	cr_assert_eq(l.place_lo, SPLIT);
	cr_redirect_stderr();
}

static void high_leg(void)
{
	struct vml_layout l = window_fixture_place(1, VML_PLACE_HIGH);

	cr_assert_eq(l.mmap_base, SPLIT);
	cr_redirect_stderr();
}

static void low_td(void)
{
	struct vml_layout l = window_fixture_place(0, VML_PLACE_LOW);

	cr_assert_eq(l.mmap_base, LOW_TD_BASE);
	cr_assert_eq(l.place_hi, SPLIT);
	cr_redirect_stderr();
}

static void low_leg(void)
{
	struct vml_layout l = window_fixture_place(1, VML_PLACE_LOW);

	cr_assert_eq(l.mmap_base, LEGACY_BASE);
	cr_redirect_stderr();
}

#define HTD .init = high_td, .timeout = 30
#define HLEG .init = high_leg, .timeout = 30
#define LTD .init = low_td, .timeout = 30
#define LLEG .init = low_leg, .timeout = 30

static long map(uintptr_t addr, size_t len, int flags)
{
	const char *why = "";
	long r = mman_map(addr, len, RW, ANON | flags, -1, 0);

	cr_assert_eq(vma_check(&vml_as.tree, &why), 0, "vma_check: %s", why);
	return r;
}

/* A reservation that fills [lo, hi), placed by the "program". */
static void block(uintptr_t lo, uintptr_t hi)
{
	cr_assert_eq(mman_map(lo, hi - lo, PROT_NONE,
			      ANON | MAP_FIXED | MAP_NORESERVE, -1, 0),
		     (long)lo);
}

/* ---- high ---- */

Test(place, high_topdown_places_below_mmap_base, HTD)
{
	cr_assert_eq(map(0, 3 * P, 0), (long)(HIGH_TD_BASE - 3 * P));
	cr_assert_eq(map(0, 256 * MiB, 0), (long)(HIGH_TD_BASE - 3 * P - 256 * MiB));
}

Test(place, high_legacy_starts_at_the_floor, HLEG)
{
	cr_assert_eq(map(0, 3 * P, 0), (long)SPLIT);
	cr_assert_eq(map(0, P, 0), (long)(SPLIT + 3 * P));
}

Test(place, high_hint_below_the_floor_is_no_hint, HTD)
{
	cr_assert_eq(map(0x50000000, P, 0), (long)(HIGH_TD_BASE - P));
	cr_assert_eq(map(SPLIT - P, 2 * P, 0), (long)(HIGH_TD_BASE - 3 * P),
		     "a hint straddling the floor is outside too");
	cr_assert_eq(map(0x90000000, P, 0), 0x90000000L, "a hint inside");
}

Test(place, high_legacy_hint_below_the_floor_is_no_hint, HLEG)
{
	cr_assert_eq(map(0x10000, P, 0), (long)SPLIT);
}

Test(place, high_fixed_mappings_are_exempt, HTD)
{
	cr_assert_eq(map(0x50000000, P, MAP_FIXED), 0x50000000L);
	cr_assert_eq(map(0x60000000, P, MAP_FIXED_NOREPLACE), 0x60000000L);
	cr_assert_eq(map(0x10000, P, MAP_FIXED), 0x10000L);
}

/* MAP_32BIT means nothing to a 32-bit window (the kernel ignores it for
 * compat tasks): an ordinary mapping, placed high. */
Test(place, high_map32bit_in_a_32bit_window_is_placed_high, HTD)
{
	cr_assert_eq(map(0, P, MAP_32BIT), (long)(HIGH_TD_BASE - P));
}

/* The mmap area full, the rest of the range above the floor is used (the
 * kernel's bottom-up fallback), then ENOMEM, though memory below is free. */
Test(place, high_exhausted_is_enomem_not_low, HTD)
{
	cr_assert_eq(map(0, HIGH_TD_BASE - SPLIT, 0), (long)SPLIT);
	cr_assert_eq(map(0, P, 0), (long)HIGH_TD_BASE);
	cr_assert_eq(map(0, 128 * MiB, 0), -ENOMEM);
	cr_assert_eq(map(0, GiB, 0), -ENOMEM);
	block(HIGH_TD_BASE + P, TASK - P);
	cr_assert_eq(mman_map(0, P, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0),
		     (long)(TASK - P), "the one page left");
	cr_assert_eq(map(0, P, 0), -ENOMEM);
	cr_assert_eq(map(0x10000000, P, 0), -ENOMEM, "a low hint does not help");
	cr_assert_eq(map(0x10000000, P, MAP_FIXED), 0x10000000L);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"vmload: place=high: mmap of 128 MiB does not fit at or above "
		"2 GiB (0x80000000-0xc0000000); it fails with ENOMEM\n",
		"one line, the first time");
}

Test(place, high_legacy_exhausted_is_enomem, HLEG)
{
	cr_assert_eq(map(0, TASK - SPLIT, 0), (long)SPLIT);
	cr_assert_eq(map(0, P, 0), -ENOMEM);
}

/* A mapping that moves is placed again: it moves above the floor. */
Test(place, high_mremap_moves_above_the_floor, HTD)
{
	long r;

	cr_assert_eq(map(0x50000000, P, MAP_FIXED), 0x50000000L);
	cr_assert_eq(map(0x50001000, P, MAP_FIXED), 0x50001000L);
	cr_assert_eq(mman_protect(0x50001000, P, PROT_READ), 0);
	r = mman_remap(0x50000000, P, 4 * P, MREMAP_MAYMOVE, 0);
	cr_assert_geq(r, (long)SPLIT, "moved to %#lx", (unsigned long)r);
	cr_assert_eq(r, (long)(HIGH_TD_BASE - 4 * P));
}

/* ---- low ---- */

Test(place, low_topdown_places_below_2g, LTD)
{
	cr_assert_eq(map(0, 3 * P, 0), (long)(LOW_TD_BASE - 3 * P));
}

Test(place, low_legacy_places_at_the_legacy_base, LLEG)
{
	cr_assert_eq(map(0, 3 * P, 0), (long)LEGACY_BASE);
}

Test(place, low_hint_above_the_ceiling_is_no_hint, LTD)
{
	cr_assert_eq(map(0x90000000, P, 0), (long)(LOW_TD_BASE - P));
	cr_assert_eq(map(SPLIT - P, 2 * P, 0), (long)(LOW_TD_BASE - 3 * P),
		     "a hint straddling the ceiling is outside too");
	cr_assert_eq(map(0x50000000, P, 0), 0x50000000L, "a hint inside");
	cr_assert_eq(map(0xA0000000, P, MAP_FIXED), 0xA0000000L,
		     "MAP_FIXED is exempt");
}

/* Legacy: the area above the legacy base full, the highest gap below the
 * ceiling is next (under the legacy base), still low and silent. */
Test(place, low_legacy_uses_any_gap_below_2g, LLEG)
{
	block(LEGACY_BASE, SPLIT);
	cr_assert_eq(map(0, P, 0), (long)(LEGACY_BASE - P));
	fflush(stderr);
	cr_assert_stderr_eq_str("");
}

/* Nothing fits below 2 GiB: the kernel's own placement, said once. */
Test(place, low_falls_back_to_the_kernel_placement, LTD)
{
	block(0x10000, SPLIT);
	cr_assert_eq(map(0, 4 * P, 0), (long)(HIGH_TD_BASE - 4 * P));
	cr_assert_eq(map(0, 64 * MiB, 0), (long)(HIGH_TD_BASE - 4 * P - 64 * MiB));
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"vmload: place=low: mmap of 16 KiB does not fit below 2 GiB; "
		"placed at 0xb7ffc000\n");
}

Test(place, low_legacy_falls_back_to_the_kernel_placement, LLEG)
{
	block(0x10000, SPLIT);
	cr_assert_eq(map(0, 3 * GiB / 4, 0), (long)SPLIT,
		     "bottom-up from the kernel's legacy base");
}

/* 2 GiB does not fit below 2 GiB; the kernel would put it below its
 * mmap_base, across the line. */
Test(place, low_fallback_may_straddle_2g, LTD)
{
	cr_assert_eq(map(0, 2 * GiB, 0), (long)(HIGH_TD_BASE - 2 * GiB));
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"vmload: place=low: mmap of 2 GiB does not fit below 2 GiB; "
		"placed at 0x38000000\n");
}

Test(place, low_too_big_for_the_window_is_enomem, LTD)
{
	cr_assert_eq(map(0, TASK - 0x10000, 0), -ENOMEM);
	fflush(stderr);
	cr_assert_stderr_eq_str("", "no placement note: it fits nowhere");
}
