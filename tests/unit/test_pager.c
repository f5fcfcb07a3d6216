/*
 * test_pager.c - demand paging in-process: a 3g window reserved inside the
 * test process, guest mappings made with mman, faults fed to pager_fault
 * directly, and the result read back from the page table and from the
 * host's own /proc/self/maps (the test process is not a guest: that file
 * shows the host protections).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "mm_int.h"
#include "pagetable.h"
#include "base.h"
#include "mm.h"
#include "vmload/layout.h"
#include "vmload/mman.h"
#include "window_fixture.h"

#define P 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define A 0x50000000UL		/* a free place in the 3g window */

static void setup(void)
{
	window_fixture(0);
	pager_set_fault_around(64 << 10);
}

TestSuite(pager, .init = setup, .timeout = 30);

/* The host's protection of the page at a, as "rwx" (from the host view). */
static const char *host_prot(uintptr_t a)
{
	static char prot[5];
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	strcpy(prot, "?");
	while (f && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		char p[5];

		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3 && a >= lo &&
		    a < hi) {
			memcpy(prot, p, 3);
			prot[3] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	return prot;
}

static void map(uintptr_t a, size_t len, int prot, int flags)
{
	cr_assert_eq(mman_map(a, len, prot, flags | MAP_FIXED, -1, 0), (long)a);
}

static void states(uintptr_t a, size_t pages, int s)
{
	for (size_t i = 0; i < pages; i++)
		cr_assert_eq(pagetable_get(a + i * P), s, "page %zu: state %d, want %d",
			     i, pagetable_get(a + i * P), s);
}

Test(pager, new_mapping_is_not_present)
{
	map(A, 32 * P, RW, ANON);
	states(A, 32, PT_NONE);
	cr_assert_str_eq(host_prot(A), "---");
	cr_assert_eq(pagetable_bytes(), 0);
}

Test(pager, read_fault_maps_a_read_only_run)
{
	map(A, 32 * P, RW, ANON);
	cr_assert_eq(pager_fault(A + 5 * P + 12, PAGER_READ), 0);
	states(A, 16, PT_RO);		/* the 64 KiB block around it */
	states(A + 16 * P, 16, PT_NONE);
	cr_assert_str_eq(host_prot(A), "r--");
	cr_assert_str_eq(host_prot(A + 16 * P), "---");
	cr_assert_eq(counters_mine()->faults, 1);
	cr_assert_eq(counters_mine()->pages, 16);
}

Test(pager, write_after_read_is_a_cow_break)
{
	map(A, 32 * P, RW, ANON);
	cr_assert_eq(pager_fault(A, PAGER_READ), 0);
	cr_assert_eq(pager_fault(A + P, PAGER_WRITE), 0);
	states(A, 16, PT_RW);
	cr_assert_str_eq(host_prot(A), "rw-");
	cr_assert_eq(counters_mine()->cow_breaks, 1);
	cr_assert_eq(counters_mine()->cow_pages, 16);
}

Test(pager, first_write_is_not_a_cow_break)
{
	map(A, 32 * P, RW, ANON);
	cr_assert_eq(pager_fault(A + 20 * P, PAGER_WRITE), 0);
	states(A + 16 * P, 16, PT_RW);
	states(A, 16, PT_NONE);
	cr_assert_eq(counters_mine()->cow_breaks, 0);
	cr_assert_eq(counters_mine()->faults, 1);
}

Test(pager, fault_around_stays_in_the_vma)
{
	map(A, 3 * P, RW, ANON);
	map(A + 3 * P, 5 * P, PROT_READ, ANON);
	cr_assert_eq(pager_fault(A + P, PAGER_WRITE), 0);
	states(A, 3, PT_RW);
	states(A + 3 * P, 5, PT_NONE);
}

Test(pager, smaller_fault_around)
{
	pager_set_fault_around(5000);	/* rounds down to 4 KiB */
	map(A, 8 * P, RW, ANON);
	cr_assert_eq(pager_fault(A + 3 * P, PAGER_READ), 0);
	states(A + 3 * P, 1, PT_RO);
	states(A + 2 * P, 1, PT_NONE);
	states(A + 4 * P, 1, PT_NONE);
}

Test(pager, faults_the_guest_may_not_make)
{
	map(A, 4 * P, PROT_READ, ANON);
	cr_assert_eq(pager_fault(A, PAGER_WRITE), PAGER_ACCERR);
	cr_assert_eq(pager_fault(A, PAGER_EXEC), PAGER_ACCERR);
	cr_assert_eq(pager_fault(A + 4 * P, PAGER_READ), PAGER_MAPERR);
	cr_assert_eq(pager_fault(0x1000, PAGER_READ), PAGER_MAPERR, "below mmap_min");
	map(A + 8 * P, P, PROT_NONE, ANON);
	cr_assert_eq(pager_fault(A + 8 * P, PAGER_READ), PAGER_ACCERR);
	states(A, 4, PT_NONE);
}

Test(pager, shared_memory_is_granted_writable_at_once)
{
	map(A, 4 * P, RW, MAP_SHARED | MAP_ANONYMOUS);
	cr_assert_eq(pager_fault(A, PAGER_READ), 0);
	states(A, 4, PT_RW);
	cr_assert_str_eq(host_prot(A), "rw-");
}

Test(pager, write_only_pages_read)
{
	map(A, 2 * P, PROT_WRITE, ANON);
	cr_assert_eq(pager_fault(A, PAGER_READ), 0);
	states(A, 2, PT_RO);
	cr_assert_str_eq(host_prot(A), "r--");
	cr_assert_eq(*(volatile char *)A, 0);
}

Test(pager, mprotect_follows_granted_pages)
{
	map(A, 32 * P, RW, ANON);
	cr_assert_eq(pager_fault(A, PAGER_WRITE), 0);
	cr_assert_eq(pager_fault(A + 16 * P, PAGER_READ), 0);
	cr_assert_eq(mman_protect(A, 32 * P, PROT_READ | PROT_EXEC), 0);
	cr_assert_str_eq(host_prot(A), "r-x");
	cr_assert_str_eq(host_prot(A + 16 * P), "r-x");
	cr_assert_eq(mman_protect(A, 32 * P, RW), 0);
	cr_assert_str_eq(host_prot(A), "rw-", "private and written: writable");
	cr_assert_str_eq(host_prot(A + 16 * P), "r--", "still shared: read-only");
}

Test(pager, dontneed_takes_pages_away)
{
	map(A, 16 * P, RW, ANON);
	memset((void *)A, 7, 16 * P);
	states(A, 16, PT_RW);
	cr_assert_eq(mman_advise(A, 16 * P, MADV_DONTNEED), 0);
	states(A, 16, PT_NONE);
	cr_assert_str_eq(host_prot(A), "---");
	cr_assert_eq(*(volatile char *)(A + 3 * P), 0, "zero again");
}

Test(pager, munmap_forgets)
{
	map(A, 16 * P, RW, ANON);
	memset((void *)A, 7, 16 * P);
	cr_assert_eq(mman_unmap(A, 16 * P), 0);
	states(A, 16, PT_NONE);
}

Test(pager, mremap_moves_the_states)
{
	map(A, 32 * P, RW, ANON);
	cr_assert_eq(pager_fault(A, PAGER_WRITE), 0);
	memset((void *)A, 9, P);
	cr_assert_eq(mman_remap(A, 32 * P, 64 * P, MREMAP_MAYMOVE | MREMAP_FIXED,
				A + 0x1000000), (long)(A + 0x1000000));
	states(A + 0x1000000, 16, PT_RW);
	states(A + 0x1000000 + 16 * P, 48, PT_NONE);
	states(A, 32, PT_NONE);
	cr_assert_eq(*(volatile char *)(A + 0x1000000), 9);
	cr_assert_str_eq(host_prot(A + 0x1000000 + 40 * P), "---", "growth not granted");
}

Test(pager, prepare_grants_for_the_kernel)
{
	map(A, 4 * P, RW, ANON);
	map(A + 4 * P, 4 * P, PROT_READ, ANON);
	pager_prepare(A + 2 * P, 4 * P, 1);
	states(A + 2 * P, 2, PT_RW);
	states(A + 4 * P, 4, PT_NONE);	/* stops where the guest could not write */
	pager_prepare(A + 4 * P, 2 * P, 0);
	states(A + 4 * P, 2, PT_RO);
}

Test(pager, fork_makes_private_pages_shared_again)
{
	map(A, 16 * P, RW, ANON);
	map(A + 16 * P, 16 * P, RW, MAP_SHARED | MAP_ANONYMOUS);
	memset((void *)A, 1, 32 * P);
	pager_pin(A + 3 * P, 8);
	as_lock();
	pager_fork_prepare_locked();
	as_unlock();
	states(A, 3, PT_RO);
	states(A + 3 * P, 1, PT_RW);	/* pinned: the kernel writes it */
	states(A + 4 * P, 12, PT_RO);
	states(A + 16 * P, 16, PT_RW);	/* shared stays shared */
	((volatile char *)A)[0] = 2;	/* a copy-on-write break */
	/* the handler counted it: no load of the counter before the store */
	__asm__ volatile("" ::: "memory");
	cr_assert_eq(counters_mine()->cow_breaks, 1);
}

Test(pager, stack_grows_down_to_its_guard)
{
	uintptr_t top = 0xb0000000UL, lo = top - 32 * P;

	cr_assert_eq(mman_stack_setup(lo, top, 8UL << 20, 0, top - 64), 0);
	cr_assert_eq(pager_fault(lo - 10 * P, PAGER_WRITE), 0, "growth");
	cr_assert_eq(vma_lookup(&vml_as.tree, lo - 10 * P)->start, lo - 10 * P);
	cr_assert_eq(pager_fault(top - (9UL << 20), PAGER_WRITE), PAGER_MAPERR,
		     "past the stack rlimit");
}
