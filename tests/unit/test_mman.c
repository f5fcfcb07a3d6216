/*
 * test_mman.c - the guest memory calls, exercised for real inside this
 * (64-bit PIE) test process through a 3 GiB window: [0x10000, 0xC0000000)
 * is free here, so guest addresses are host addresses and guest memory can
 * be read and written directly. Every Test() is its own process, so each
 * fixture builds a fresh window.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base.h"
#include "mm_int.h"
#include "vma.h"
#include "vmload/layout.h"
#include "vmload/mman.h"
#include "window_fixture.h"

#define P 4096UL
#define MMAP_BASE 0xB8000000UL	/* 3g, top-down, no ASLR */
#define LEGACY_BASE 0x40000000UL
#define TASK 0xC0000000UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static void setup_window(int legacy)
{
	struct vml_layout l = window_fixture(legacy);

	cr_assert_eq(l.mmap_base, legacy ? LEGACY_BASE : MMAP_BASE);
}

static void setup_topdown(void)
{
	setup_window(0);
}

static void setup_legacy(void)
{
	setup_window(1);
}

#define TD .init = setup_topdown, .timeout = 30
#define LEG .init = setup_legacy, .timeout = 30

static void check(void)
{
	const char *why = "";

	cr_assert_eq(vma_check(&vml_as.tree, &why), 0, "vma_check: %s", why);
}

static long map_anon(uintptr_t addr, size_t len, int prot, int extra)
{
	long r = mman_map(addr, len, prot, ANON | extra, -1, 0);

	check();
	return r;
}

static long map_fixed(uintptr_t addr, size_t len, int prot)
{
	long r = map_anon(addr, len, prot, MAP_FIXED);

	cr_assert_eq(r, (long)addr, "MAP_FIXED at %#lx: %ld",
		     (unsigned long)addr, r);
	return r;
}

static struct vma *at(uintptr_t a)
{
	return vma_lookup(&vml_as.tree, a);
}

static void fill(uintptr_t a, size_t len, int c)
{
	memset((void *)a, c, len);
}

static int all_are(uintptr_t a, size_t len, unsigned char c)
{
	const unsigned char *p = (const unsigned char *)a;

	for (size_t i = 0; i < len; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

/* ---- placement ---- */

Test(mman, fixture_starts_empty, TD)
{
	cr_assert_eq(vml_as.layout.task_size, TASK);
	cr_assert_eq(mman_vma_count(), 0);
	check();
}

Test(mman, topdown_places_just_below_mmap_base, TD)
{
	long a = map_anon(0, 3 * P, RW, 0);

	cr_assert_eq(a, (long)(MMAP_BASE - 3 * P));
	fill((uintptr_t)a, 3 * P, 0x42);
	cr_assert(all_are((uintptr_t)a, 3 * P, 0x42));
	cr_assert_eq(mman_vma_count(), 1);
	cr_assert_eq(at((uintptr_t)a)->prot, RW);
	cr_assert_eq(at((uintptr_t)a)->end, MMAP_BASE);
}

Test(mman, topdown_next_map_goes_below_and_merges, TD)
{
	long a = map_anon(0, 3 * P, RW, 0);
	long b = map_anon(0, P, RW, 0);
	long c = map_anon(0, 2 * P, PROT_READ, 0);

	cr_assert_eq(b, a - (long)P);
	cr_assert_eq(mman_vma_count(), 2, "same-flag neighbours merged");
	cr_assert_eq(at((uintptr_t)b)->end, MMAP_BASE);
	cr_assert_eq(c, b - 2 * (long)P);
	cr_assert_eq(at((uintptr_t)c)->prot, PROT_READ);
}

Test(mman, topdown_unaligned_length_rounds_up, TD)
{
	long a = map_anon(0, 5000, RW, 0);

	cr_assert_eq(a, (long)(MMAP_BASE - 2 * P));
	cr_assert_eq(at((uintptr_t)a)->end - at((uintptr_t)a)->start, 2 * P);
	fill((uintptr_t)a, 2 * P, 1);
}

Test(mman, topdown_fills_a_hole_below_the_base, TD)
{
	long a = map_anon(0, 4 * P, PROT_READ, 0);

	cr_assert_eq(mman_unmap((uintptr_t)a + P, 2 * P), 0);
	/* top-down takes the highest fitting gap: the 2-page hole */
	cr_assert_eq(map_anon(0, 2 * P, RW, 0), a + (long)P);
	cr_assert_eq(map_anon(0, P, RW, 0), a - (long)P);
}

Test(mman, legacy_places_at_unmapped_base, LEG)
{
	long a = map_anon(0, 3 * P, RW, 0);
	long b = map_anon(0, P, PROT_READ, 0);
	long c = map_anon(0, P, PROT_READ, 0);

	cr_assert_eq(a, (long)LEGACY_BASE);
	cr_assert_eq(b, (long)(LEGACY_BASE + 3 * P), "bottom-up: next above");
	cr_assert_eq(c, (long)(LEGACY_BASE + 4 * P));
	cr_assert_eq(mman_vma_count(), 2);
	fill((uintptr_t)a, 3 * P, 9);
}

Test(mman, legacy_takes_lowest_free_gap, LEG)
{
	map_fixed(LEGACY_BASE + P, P, PROT_READ);
	cr_assert_eq(map_anon(0, P, RW, 0), (long)LEGACY_BASE);
	cr_assert_eq(map_anon(0, 2 * P, RW, 0), (long)(LEGACY_BASE + 2 * P));
}

Test(mman, hint_used_when_free, TD)
{
	long a = map_anon(0x50000000, 2 * P, RW, 0);

	cr_assert_eq(a, 0x50000000L);
	fill(0x50000000, 2 * P, 3);
}

/* do_mmap: round_hint_to_min() masks a non-fixed hint down to its page. */
Test(mman, unaligned_hint_rounds_down, TD)
{
	long a = map_anon(0x50000123, P, RW, 0);

	cr_assert_eq(a, 0x50000000L, "got %#lx", (unsigned long)a);
}

Test(mman, occupied_hint_falls_back_to_search, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	cr_assert_eq(map_anon(0x50001000, P, PROT_READ, 0),
		     (long)(MMAP_BASE - P));
}

Test(mman, hint_below_mmap_min_is_raised, TD)
{
	cr_assert_eq(map_anon(0x1000, P, RW, 0), 0x10000L);
}

/* ---- MAP_FIXED and friends ---- */

Test(mman, fixed_replaces_existing_mapping, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	fill(0x50000000, 2 * P, 0x11);
	map_fixed(0x50001000, P, PROT_READ);
	cr_assert_eq(mman_vma_count(), 2);
	cr_assert(all_are(0x50000000, P, 0x11));
	cr_assert(all_are(0x50001000, P, 0), "fresh anonymous page");
	cr_assert_eq(at(0x50001000)->prot, PROT_READ);
	cr_assert_eq(at(0x50000000)->end, 0x50001000);
}

Test(mman, fixed_noreplace_over_mapping_is_eexist, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	fill(0x50000000, 2 * P, 0x22);
	cr_assert_eq(map_anon(0x50001000, P, RW, MAP_FIXED_NOREPLACE), -EEXIST);
	cr_assert_eq(map_anon(0x4ffff000, 2 * P, RW, MAP_FIXED_NOREPLACE),
		     -EEXIST, "partial overlap");
	cr_assert(all_are(0x50000000, 2 * P, 0x22), "contents kept");
	cr_assert_eq(mman_vma_count(), 1);
	cr_assert_eq(map_anon(0x50002000, P, PROT_READ, MAP_FIXED_NOREPLACE),
		     0x50002000L);
	cr_assert_eq(mman_vma_count(), 2);
}

Test(mman, fixed_unaligned_is_einval, TD)
{
	cr_assert_eq(map_anon(0x50000123, P, RW, MAP_FIXED), -EINVAL);
	cr_assert_eq(map_anon(0x50000123, P, RW, MAP_FIXED_NOREPLACE), -EINVAL);
	cr_assert_eq(mman_vma_count(), 0);
}

Test(mman, zero_length_is_einval, TD)
{
	cr_assert_eq(map_anon(0, 0, RW, 0), -EINVAL);
	cr_assert_eq(map_anon(0x50000000, 0, RW, MAP_FIXED), -EINVAL);
	cr_assert_eq(mman_vma_count(), 0);
}

Test(mman, bad_type_or_offset_is_einval, TD)
{
	cr_assert_eq(mman_map(0, P, RW, MAP_ANONYMOUS, -1, 0), -EINVAL,
		     "neither private nor shared");
	cr_assert_eq(mman_map(0, P, RW, ANON, -1, 0x123), -EINVAL,
		     "unaligned offset");
}

Test(mman, fixed_below_mmap_min_is_eperm, TD)
{
	cr_assert_eq(map_anon(0x1000, P, RW, MAP_FIXED), -EPERM);
}

Test(mman, too_long_is_enomem, TD)
{
	cr_assert_eq(map_anon(0, TASK + P, RW, 0), -ENOMEM);
	cr_assert_eq(map_anon(TASK - P, 2 * P, RW, MAP_FIXED), -ENOMEM);
	cr_assert_eq(map_anon(0, TASK, RW, 0), -ENOMEM,
		     "the window starts at mmap_min, not 0");
}

/* ---- munmap ---- */

Test(mman, munmap_middle_splits_mapping, TD)
{
	long a = map_anon(0, 4 * P, RW, 0);
	uintptr_t u = (uintptr_t)a;

	fill(u, 4 * P, 0x33);
	cr_assert_eq(mman_unmap(u + P, P), 0);
	check();
	cr_assert_eq(mman_vma_count(), 2);
	cr_assert_null(at(u + P));
	cr_assert_eq(at(u)->end, u + P);
	cr_assert_eq(at(u + 2 * P)->start, u + 2 * P);
	cr_assert(all_are(u, P, 0x33));
	cr_assert(all_are(u + 2 * P, 2 * P, 0x33));
	cr_assert_eq(mman_unmap(u + 3 * P, P), 0);
	cr_assert_eq(mman_vma_count(), 2);
	cr_assert_eq(at(u + 2 * P)->end, u + 3 * P);
}

Test(mman, munmapped_page_faults, TD, .signal = SIGSEGV)
{
	long a = map_anon(0, 3 * P, RW, 0);

	cr_assert_eq(mman_unmap((uintptr_t)a + P, P), 0);
	*(volatile char *)(a + (long)P) = 1;
}

Test(mman, munmap_spans_mappings_and_holes, TD)
{
	map_fixed(0x50000000, P, RW);
	map_fixed(0x50002000, P, PROT_READ);
	map_fixed(0x50004000, 2 * P, RW);
	cr_assert_eq(mman_unmap(0x50000000, 5 * P), 0);
	check();
	cr_assert_eq(mman_vma_count(), 1);
	cr_assert_eq(at(0x50005000)->start, 0x50005000);
}

Test(mman, munmap_errors, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	cr_assert_eq(mman_unmap(0x50000123, P), -EINVAL);
	cr_assert_eq(mman_unmap(0x50000000, 0), -EINVAL);
	cr_assert_eq(mman_unmap(TASK - P, 2 * P), -EINVAL);
	cr_assert_eq(mman_vma_count(), 1);
	cr_assert_eq(mman_unmap(0x60000000, 4 * P), 0, "a hole is fine");
	cr_assert_eq(mman_unmap(0x50000000, 100), 0, "length rounds up");
	cr_assert_eq(at(0x50001000)->start, 0x50001000);
}

/* ---- mprotect ---- */

Test(mman, mprotect_splits_and_remerges, TD)
{
	long a = map_anon(0, 3 * P, RW, 0);
	uintptr_t u = (uintptr_t)a;

	fill(u, 3 * P, 0x44);
	cr_assert_eq(mman_protect(u + P, P, PROT_READ), 0);
	check();
	cr_assert_eq(mman_vma_count(), 3);
	cr_assert_eq(at(u)->prot, RW);
	cr_assert_eq(at(u + P)->prot, PROT_READ);
	cr_assert_eq(at(u + 2 * P)->prot, RW);
	cr_assert(all_are(u + P, P, 0x44), "still readable");
	cr_assert_eq(mman_protect(u + P, P, RW), 0);
	check();
	cr_assert_eq(mman_vma_count(), 1, "merged back");
	fill(u + P, P, 0x45);
}

Test(mman, mprotect_readonly_write_faults, TD, .signal = SIGSEGV)
{
	long a = map_anon(0, 2 * P, RW, 0);

	cr_assert_eq(mman_protect((uintptr_t)a + P, P, PROT_READ), 0);
	*(volatile char *)a = 1; /* still writable */
	*(volatile char *)(a + (long)P) = 1;
}

Test(mman, mprotect_over_hole_is_enomem, TD)
{
	map_fixed(0x50000000, P, RW);
	map_fixed(0x50002000, P, RW);
	/* applied up to the hole, like the kernel, then -ENOMEM */
	cr_assert_eq(mman_protect(0x50000000, 3 * P, PROT_READ), -ENOMEM);
	check();
	cr_assert_eq(at(0x50000000)->prot, PROT_READ);
	cr_assert_eq(at(0x50002000)->prot, RW);
	/* starting in the hole: nothing changes */
	cr_assert_eq(mman_protect(0x50001000, 2 * P, PROT_NONE), -ENOMEM);
	cr_assert_eq(at(0x50002000)->prot, RW);
	cr_assert_eq(mman_protect(0x60000000, P, PROT_READ), -ENOMEM);
}

Test(mman, mprotect_errors, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	cr_assert_eq(mman_protect(0x50000123, P, PROT_READ), -EINVAL);
	cr_assert_eq(mman_protect(0x50000000, P, 0x100), -EINVAL);
	cr_assert_eq(mman_protect(0x50000000, P, PROT_READ | PROT_GROWSUP),
		     -EINVAL);
	cr_assert_eq(mman_protect(0x50000000, 0, PROT_READ), 0);
	cr_assert_eq(at(0x50000000)->prot, RW);
	cr_assert_eq(mman_vma_count(), 1);
}

static int temp_file(int flags)
{
	char path[] = "/tmp/vmload-unit-XXXXXX";
	char page[P];
	int fd = mkstemp(path), ro;

	cr_assert_geq(fd, 0);
	memset(page, 'f', sizeof page);
	cr_assert_eq(write(fd, page, sizeof page), (ssize_t)sizeof page);
	ro = open(path, flags);
	cr_assert_geq(ro, 0);
	close(fd);
	unlink(path);
	return ro;
}

Test(mman, mprotect_write_on_readonly_shared_file_is_eacces, TD)
{
	int fd = temp_file(O_RDONLY);
	long s = mman_map(0, P, PROT_READ, MAP_SHARED, fd, 0);
	long p = mman_map(0, P, PROT_READ, MAP_PRIVATE, fd, 0);

	cr_assert_geq(s, 0x10000);
	cr_assert_geq(p, 0x10000);
	cr_assert(all_are((uintptr_t)s, P, 'f'));
	cr_assert_eq(mman_protect((uintptr_t)s, P, RW), -EACCES);
	cr_assert_eq(at((uintptr_t)s)->prot, PROT_READ);
	cr_assert_eq(mman_protect((uintptr_t)p, P, RW), 0,
		     "a private copy may become writable");
	fill((uintptr_t)p, P, 'g');
	cr_assert(all_are((uintptr_t)s, P, 'f'));
	cr_assert_eq(mman_map(0, P, RW, MAP_SHARED, fd, 0), -EACCES);
	close(fd);
}

/* ---- mremap ---- */

Test(mman, mremap_grows_in_place, TD)
{
	long a = map_anon(0, 2 * P, RW, 0);
	uintptr_t u = (uintptr_t)a;

	fill(u, 2 * P, 0x55);
	cr_assert_eq(mman_remap(u, 2 * P, 4 * P, 0, 0), a);
	check();
	cr_assert_eq(mman_vma_count(), 1);
	cr_assert_eq(at(u)->end, u + 4 * P);
	cr_assert(all_are(u, 2 * P, 0x55));
	cr_assert(all_are(u + 2 * P, 2 * P, 0));
	fill(u + 2 * P, 2 * P, 0x56);
}

Test(mman, mremap_blocked_then_maymove, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	map_fixed(0x50002000, P, PROT_READ);
	fill(0x50000000, 2 * P, 0x66);
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 4 * P, 0, 0), -ENOMEM);
	cr_assert(all_are(0x50000000, 2 * P, 0x66));
	long n = mman_remap(0x50000000, 2 * P, 4 * P, MREMAP_MAYMOVE, 0);

	check();
	cr_assert_eq(n, (long)(MMAP_BASE - 4 * P), "moved top-down");
	cr_assert(all_are((uintptr_t)n, 2 * P, 0x66), "contents moved");
	cr_assert(all_are((uintptr_t)n + 2 * P, 2 * P, 0));
	cr_assert_null(at(0x50000000));
	cr_assert_eq(mman_vma_count(), 2);
	cr_assert_eq(at((uintptr_t)n)->end, MMAP_BASE);
	fill((uintptr_t)n, 4 * P, 0x67);
}

Test(mman, mremap_moved_source_faults, TD, .signal = SIGSEGV)
{
	map_fixed(0x50000000, 2 * P, RW);
	map_fixed(0x50002000, P, PROT_READ);
	cr_assert_gt(mman_remap(0x50000000, 2 * P, 4 * P, MREMAP_MAYMOVE, 0),
		     0);
	*(volatile char *)0x50000000 = 1;
}

Test(mman, mremap_fixed_replaces_target, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	fill(0x50000000, 2 * P, 0x77);
	map_fixed(0x60000000, 4 * P, RW);
	fill(0x60000000, 4 * P, 0x78);
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 2 * P,
				MREMAP_MAYMOVE | MREMAP_FIXED, 0x60001000),
		     0x60001000L);
	check();
	cr_assert_null(at(0x50000000));
	cr_assert(all_are(0x60001000, 2 * P, 0x77));
	cr_assert(all_are(0x60000000, P, 0x78));
	cr_assert(all_are(0x60003000, P, 0x78));
	cr_assert_eq(at(0x60001000)->prot, RW);
	cr_assert_null(at(0x60004000));
}

/*
 * Merging after a move follows the anon_vma rule (is_mergeable_anon_vma):
 * a moved VMA whose pages were never written has no anon_vma and joins its
 * neighbours; one with written pages keeps its own anon_vma and stays
 * apart from neighbours that have theirs. Checked on the host kernel:
 * 60000000-60001000, 60001000-60003000, 60003000-60004000 after the
 * second move below.
 */
Test(mman, mremap_merge_follows_anon_vma, TD)
{
	map_fixed(0x50000000, 2 * P, RW);	/* never written */
	map_fixed(0x60000000, 4 * P, RW);
	fill(0x60000000, 4 * P, 0x78);
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 2 * P,
				MREMAP_MAYMOVE | MREMAP_FIXED, 0x60001000),
		     0x60001000L);
	cr_assert_eq(mman_vma_count(), 1, "untouched source merges");

	map_fixed(0x50000000, 2 * P, RW);
	fill(0x50000000, 2 * P, 0x77);		/* written: own anon_vma */
	map_fixed(0x68000000, 4 * P, RW);
	fill(0x68000000, 4 * P, 0x79);
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 2 * P,
				MREMAP_MAYMOVE | MREMAP_FIXED, 0x68001000),
		     0x68001000L);
	check();
	cr_assert_eq(mman_vma_count(), 4,
		     "written pages keep their VMA apart: 1 + 3 expected");
}

Test(mman, mremap_fixed_rules, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 2 * P, MREMAP_FIXED,
				0x60000000),
		     -EINVAL, "FIXED needs MAYMOVE");
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 2 * P,
				MREMAP_MAYMOVE | MREMAP_FIXED, 0x50001000),
		     -EINVAL, "overlapping ranges");
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 2 * P,
				MREMAP_MAYMOVE | MREMAP_FIXED, 0x60000123),
		     -EINVAL, "unaligned target");
	cr_assert_eq(mman_vma_count(), 1);
	cr_assert_eq(at(0x50000000)->end, 0x50002000);
}

Test(mman, mremap_shrinks_in_place, TD)
{
	long a = map_anon(0, 4 * P, RW, 0);
	uintptr_t u = (uintptr_t)a;

	fill(u, 4 * P, 0x12);
	cr_assert_eq(mman_remap(u, 4 * P, 2 * P, 0, 0), a);
	check();
	cr_assert_eq(mman_vma_count(), 1);
	cr_assert_eq(at(u)->end, u + 2 * P);
	cr_assert_null(at(u + 2 * P));
	cr_assert(all_are(u, 2 * P, 0x12));
}

Test(mman, mremap_unmapped_is_efault, TD)
{
	cr_assert_eq(mman_remap(0x70000000, P, 2 * P, MREMAP_MAYMOVE, 0),
		     -EFAULT);
	map_fixed(0x50000000, 2 * P, RW);
	map_fixed(0x50002000, P, PROT_READ);
	cr_assert_eq(mman_remap(0x50000000, 3 * P, 4 * P, MREMAP_MAYMOVE, 0),
		     -EFAULT, "old range spans two VMAs");
	cr_assert_eq(mman_vma_count(), 2);
}

Test(mman, mremap_errors, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	cr_assert_eq(mman_remap(0x50000123, P, 2 * P, MREMAP_MAYMOVE, 0),
		     -EINVAL);
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 0, MREMAP_MAYMOVE, 0),
		     -EINVAL);
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 4 * P, 0x80, 0), -EINVAL);
	cr_assert_eq(at(0x50000000)->end, 0x50002000);
}

Test(mman, mremap_dontunmap_rules, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 2 * P, MREMAP_DONTUNMAP, 0),
		     -EINVAL, "needs MAYMOVE");
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 4 * P,
				MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0),
		     -EINVAL, "needs equal lengths");
	cr_assert_eq(mman_remap(0x50000000, 2 * P, P,
				MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0),
		     -EINVAL, "needs equal lengths");
	cr_assert_eq(mman_vma_count(), 1);
}

Test(mman, mremap_dontunmap_moves_and_keeps_source, TD)
{
	long n;

	map_fixed(0x50000000, 2 * P, RW);
	fill(0x50000000, 2 * P, 0x5a);
	n = mman_remap(0x50000000, 2 * P, 2 * P,
		       MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
	check();
	cr_assert_gt(n, 0);
	cr_assert_neq(n, 0x50000000L);
	cr_assert(all_are((uintptr_t)n, 2 * P, 0x5a), "pages moved");
	cr_assert_not_null(at(0x50000000), "source VMA kept");
	cr_assert_eq(mman_vma_count(), 2);
	cr_assert(all_are(0x50000000, 2 * P, 0), "source reads zero");
	fill(0x50000000, 2 * P, 1);
}

/* With DONTUNMAP (no FIXED) new_address is a hint (mremap_to). */
Test(mman, mremap_dontunmap_uses_new_address_as_hint, TD)
{
	long n;

	map_fixed(0x50000000, 2 * P, RW);
	fill(0x50000000, 2 * P, 0x5b);
	n = mman_remap(0x50000000, 2 * P, 2 * P,
		       MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0x61000000);
	check();
	cr_assert_eq(n, 0x61000000L, "got %#lx", (unsigned long)n);
}

Test(mman, mremap_dontunmap_unaligned_new_address_is_einval, TD)
{
	map_fixed(0x50000000, 2 * P, RW);
	cr_assert_eq(mman_remap(0x50000000, 2 * P, 2 * P,
				MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0x61000123),
		     -EINVAL);
	cr_assert_eq(mman_vma_count(), 1);
}

/* ---- madvise ---- */

Test(mman, madv_dontneed_reads_back_zeros, TD)
{
	long a = map_anon(0, 3 * P, RW, 0);
	uintptr_t u = (uintptr_t)a;

	fill(u, 3 * P, 0x99);
	cr_assert_eq(mman_advise(u + P, P, MADV_DONTNEED), 0);
	cr_assert(all_are(u, P, 0x99));
	cr_assert(all_are(u + P, P, 0));
	cr_assert(all_are(u + 2 * P, P, 0x99));
	cr_assert_eq(mman_advise(u, 3 * P, MADV_DONTNEED), 0);
	cr_assert(all_are(u, 3 * P, 0));
	cr_assert_eq(mman_vma_count(), 1, "the mapping stays");
}

Test(mman, madvise_errors, TD)
{
	map_fixed(0x50000000, P, RW);
	map_fixed(0x50002000, P, RW);
	cr_assert_eq(mman_advise(0x50000000, P, 12345), -EINVAL);
	cr_assert_eq(mman_advise(0x50000123, P, MADV_DONTNEED), -EINVAL);
	cr_assert_eq(mman_advise(0x50000000, 3 * P, MADV_DONTNEED), -ENOMEM);
	cr_assert_eq(mman_advise(0x50000000, 0, MADV_DONTNEED), 0);
}

/* ---- brk ---- */

#define S 0x10000000UL

Test(mman, brk_grow_returns_new_value, TD)
{
	mman_brk_setup(S, 0);
	cr_assert_eq(mman_brk(0), S, "brk(0) reports the break");
	cr_assert_eq(mman_brk(S + 0x2345), S + 0x2345);
	check();
	cr_assert_eq(mman_vma_count(), 1);
	cr_assert_eq(at(S)->start, S);
	cr_assert_eq(at(S)->end, S + 0x3000);
	cr_assert_eq(at(S)->prot, RW);
	fill(S, 0x3000, 0xbb);
	cr_assert_eq(mman_brk(S + 0x8000), S + 0x8000);
	cr_assert_eq(mman_vma_count(), 1, "the heap stays one VMA");
	cr_assert(all_are(S, 0x3000, 0xbb));
	cr_assert(all_are(S + 0x3000, 0x5000, 0));
}

/*
 * check_data_rlimit(): refused when (brk - start_brk) + (end_data -
 * start_data) exceeds RLIMIT_DATA. The limit also binds this test process's
 * own host mappings, so it is set only once the heap page exists and the
 * checks stay inside that page.
 */
Test(mman, brk_respects_rlimit_data, TD)
{
	struct rlimit rl = { .rlim_cur = 0x10000, .rlim_max = RLIM_INFINITY };

	mman_brk_setup(S, 0x10000 - 0x800);
	cr_assert_eq(mman_brk(S + 0x1000), S + 0x1000);
	cr_assert_eq(mman_brk(S + 0x700), S + 0x700);
	cr_assert_eq(setrlimit(RLIMIT_DATA, &rl), 0);
	cr_assert_eq(mman_brk(S + 0x800), S + 0x800, "exactly at the limit");
	cr_assert_eq(mman_brk(S + 0x801), S + 0x800, "one byte over");
	cr_assert_eq(mman_brk(S + 0x100000), S + 0x800);
	cr_assert_eq(mman_brk(S + 0x10), S + 0x10, "shrinking is allowed");
	cr_assert_eq(at(S)->end, S + 0x1000);
}

Test(mman, brk_below_start_returns_old_break, TD)
{
	mman_brk_setup(S, 0);
	cr_assert_eq(mman_brk(S + 0x1000), S + 0x1000);
	cr_assert_eq(mman_brk(S - 0x1000), S + 0x1000);
	cr_assert_eq(mman_brk(0), S + 0x1000);
	cr_assert_eq(mman_brk(1), S + 0x1000);
	cr_assert_eq(at(S)->end, S + 0x1000);
}

Test(mman, brk_unaligned_values_kept_exactly, TD)
{
	mman_brk_setup(S, 0);
	cr_assert_eq(mman_brk(S + 0x2345), S + 0x2345);
	cr_assert_eq(mman_brk(S + 0x2fff), S + 0x2fff);
	cr_assert_eq(mman_brk(S + 0x2001), S + 0x2001);
	cr_assert_eq(at(S)->end, S + 0x3000, "same page: no mapping change");
	cr_assert_eq(mman_brk(S + 0x1fff), S + 0x1fff);
	cr_assert_eq(at(S)->end, S + 0x2000);
	cr_assert_eq(mman_brk(0), S + 0x1fff);
}

Test(mman, brk_shrink_unmaps, TD)
{
	mman_brk_setup(S, 0);
	cr_assert_eq(mman_brk(S + 0x5000), S + 0x5000);
	fill(S, 0x5000, 0xcc);
	cr_assert_eq(mman_brk(S + 0x1000), S + 0x1000);
	check();
	cr_assert_eq(at(S)->end, S + 0x1000);
	cr_assert_null(at(S + 0x1000));
	cr_assert(all_are(S, 0x1000, 0xcc));
	cr_assert_eq(mman_brk(S), S);
	cr_assert_eq(mman_vma_count(), 0);
	/* and it grows again, with fresh pages */
	cr_assert_eq(mman_brk(S + 0x2000), S + 0x2000);
	cr_assert(all_are(S, 0x2000, 0));
}

Test(mman, brk_shrunk_page_faults, TD, .signal = SIGSEGV)
{
	mman_brk_setup(S, 0);
	cr_assert_eq(mman_brk(S + 0x5000), S + 0x5000);
	cr_assert_eq(mman_brk(S + 0x1000), S + 0x1000);
	*(volatile char *)(S + 0x2000) = 1;
}

Test(mman, brk_stops_one_page_below_next_mapping, TD)
{
	mman_brk_setup(S, 0);
	map_fixed(S + 0x10000, P, PROT_READ);
	cr_assert_eq(mman_brk(S + 0xf001), S, "would leave no page free");
	cr_assert_eq(mman_brk(S + 0x20000), S, "over the mapping");
	cr_assert_eq(mman_brk(S + 0xf000), S + 0xf000);
	cr_assert_eq(mman_brk(S + 0xf001), S + 0xf000);
	check();
	cr_assert_eq(at(S)->end, S + 0xf000);
	cr_assert_eq(at(S + 0x10000)->prot, PROT_READ, "mapping untouched");
	cr_assert_eq(mman_vma_count(), 2);
}

Test(mman, brk_keeps_guard_gap_below_stack, TD)
{
	mman_brk_setup(S, 0);
	cr_assert_eq(map_anon(S + 0x200000, P, RW, MAP_FIXED | MAP_GROWSDOWN),
		     (long)(S + 0x200000));
	cr_assert(at(S + 0x200000)->flags & VMA_GROWSDOWN);
	/* 1 MiB stack_guard_gap, then one more page */
	cr_assert_eq(mman_brk(S + 0xff001), S);
	cr_assert_eq(mman_brk(S + 0xff000), S + 0xff000);
}

/* ---- out of VMA nodes (the arena hook) ---- */

Test(mman, map_without_nodes_is_enomem, TD)
{
	as_node_fail_after(0);
	cr_assert_eq(map_anon(0, P, RW, 0), -ENOMEM);
	cr_assert_eq(mman_vma_count(), 0);
	as_node_fail_after(-1);
	cr_assert_eq(map_anon(0, P, RW, 0), (long)(MMAP_BASE - P),
		     "the range went back to the free space");
}

Test(mman, munmap_split_without_nodes_is_enomem, TD)
{
	long a = map_anon(0, 3 * P, RW, 0);
	uintptr_t u = (uintptr_t)a;

	fill(u, 3 * P, 0x3c);
	as_node_fail_after(0);
	cr_assert_eq(mman_unmap(u + P, P), -ENOMEM);
	check();
	as_node_fail_after(-1);
	cr_assert_eq(mman_vma_count(), 1);
	cr_assert_eq(at(u)->end, u + 3 * P);
	cr_assert(all_are(u, 3 * P, 0x3c), "nothing unmapped");
}

Test(mman, mprotect_split_without_nodes_is_enomem, TD)
{
	long a = map_anon(0, 3 * P, RW, 0);
	uintptr_t u = (uintptr_t)a;

	as_node_fail_after(0);
	cr_assert_eq(mman_protect(u + P, P, PROT_READ), -ENOMEM);
	check();
	as_node_fail_after(-1);
	cr_assert_eq(mman_vma_count(), 1);
	cr_assert_eq(at(u + P)->prot, RW);
	fill(u, 3 * P, 1); /* still writable everywhere */
}
