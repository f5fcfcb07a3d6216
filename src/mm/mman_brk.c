/*
 * mman_brk.c - the brk heap (mm/mmap.c SYSCALL_DEFINE1(brk)): its start,
 * RLIMIT_DATA, growth as a private anonymous VMA merged like the kernel's.
 * Async-signal-safe zone (base.h): host_* calls and arena memory only;
 * every entry point takes as.lock itself.
 */
#include "vmload/mman.h"

#include <sys/mman.h>
#include <sys/syscall.h>

#include "mm_int.h"
#include "base.h"
#include "mman_int.h"
#include "pagetable.h"
#include "window.h"

/* ---- brk (mm/mmap.c SYSCALL_DEFINE1(brk)) ---- */

void mman_brk_setup(uintptr_t start, uint64_t data_size)
{
	vml_as.start_brk = vml_as.brk = start;
	vml_as.data_size = data_size;
}

static int brk_over_rlimit(uintptr_t newbrk)
{
	struct { uint64_t cur, max; } rl;

	if (host_sys4(SYS_prlimit64, 0, 2 /* RLIMIT_DATA */, 0, &rl) < 0)
		return 0;
	return rl.cur != ~0ULL &&
	       (newbrk - vml_as.start_brk) + vml_as.data_size > rl.cur;
}

static int brk_grow_locked(uintptr_t lo, uintptr_t hi)
{
	struct vma n = { .start = lo, .end = hi, .prot = PROT_READ | PROT_WRITE,
			 .flags = mman_may_flags(0, 1) | VMA_ACCOUNT, .pgoff = lo };
	struct vma *next = vma_find(T, lo), *prev;
	uintptr_t gap = next ? next->start : L->task_size;
	long r;

	if (next && (next->flags & VMA_GROWSDOWN))
		gap = gap > VML_STACK_GUARD_GAP ? gap - VML_STACK_GUARD_GAP : 0;
	if (hi > L->task_size || (next && hi + PAGE > gap))
		return -ENOMEM;
	if (mman_reservation_will_do(lo, hi - lo, MAP_PRIVATE | MAP_ANONYMOUS))
		r = (long)lo;
	else
		r = window_map(lo, hi - lo, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
	if (IS_ERR_VAL(r))
		return (int)r;
	prev = next ? vma_prev(next) : NULL;
	if (!next && T->root)
		for (prev = vma_first(T); vma_next(prev); prev = vma_next(prev))
			;
	/* do_brk_flags only extends a VMA that starts at or above start_brk
	 * (vma_prev_limit): the heap never merges with the bss below it */
	if (prev && prev->end == lo && prev->start >= vml_as.start_brk &&
	    vma_mergeable(prev, &n)) {
		vma_set_range(T, prev, prev->start, hi);
		return 0;
	}
	if (!vma_insert(T, &n)) {
		window_reserve(lo, hi - lo);
		return -ENOMEM;
	}
	return 0;
}

uintptr_t mman_brk(uintptr_t newbrk)
{
	uintptr_t oldbrk, nal, oal;
	int r = 0;

	as_lock();
	oldbrk = vml_as.brk;
	if (newbrk < vml_as.start_brk || brk_over_rlimit(newbrk))
		goto out;
	nal = VML_PAGE_ALIGN(newbrk);
	oal = VML_PAGE_ALIGN(oldbrk);
	if (nal < newbrk) /* wrapped */
		goto out;
	if (nal < oal)
		r = mman_unmap_locked(nal, oal, 1);
	else if (nal > oal)
		r = brk_grow_locked(oal, nal);
	if (r == 0)
		vml_as.brk = newbrk;
out:
	newbrk = vml_as.brk;
	as_unlock();
	return newbrk;
}
