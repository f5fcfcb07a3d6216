/*
 * pager_fault.c - the fault path (mm.h; async-signal-safe zone: host_*
 * calls, arena memory, as.lock).
 *
 * A guest access to a page that is not granted raises SIGSEGV at host
 * level; the entry (src/entry/) hands the address and the kind of access
 * to pager_fault(), which checks it against the VMA the way the kernel's
 * page-fault handler does, grants a fault-around run and records it in the
 * page table.
 */
#include "pager_int.h"

#include <linux/errno.h>
#include <sys/mman.h>

#include "base.h"
#include "pagetable.h"
#include "window.h"

/* Preconditions: as.lock held. The run around addr (inside v and the
 * fault-around block) of pages in state `from`. */
static void run_around(const struct vma *v, uintptr_t addr, size_t block,
		       int from, uintptr_t *lo, uintptr_t *hi)
{
	uintptr_t b = addr & ~(uintptr_t)(block - 1), e = b + block, cur;
	int s;

	if (b < v->start)
		b = v->start;
	if (e > v->end || e < b)
		e = v->end;
	for (cur = b; cur < e;) {
		uintptr_t re = pagetable_run(cur, e, &s);

		if (addr < re) {
			*lo = s == from ? cur : VML_PAGE_START(addr);
			*hi = s == from ? re : VML_PAGE_START(addr) + PAGE;
			return;
		}
		cur = re;
	}
	*lo = VML_PAGE_START(addr);
	*hi = *lo + PAGE;
}

/* Preconditions: as.lock held. What the fault found, for the trace. */
static void note_locked(struct pager_event *ev, const struct vma *v, int grew,
			int state)
{
	ev->found = 1;
	ev->vma = *v;
	ev->grew = grew;
	ev->from = state;
}

int pager_fault(uintptr_t addr, int access)
{
	return pager_fault_ev(addr, access, NULL);
}

int pager_fault_ev(uintptr_t addr, int access, struct pager_event *ev)
{
	struct vma *v;
	uintptr_t lo, hi;
	int state, want, r, grew = 0;

	if (ev)
		*ev = (struct pager_event){ 0 };
	if (addr < L->mmap_min || addr >= L->task_size)
		return PAGER_MAPERR;
	as_lock();
	v = vma_lookup(T, addr);
	if (!v)
		grew = (v = pager_expand_stack_locked(addr)) != NULL;
	if (!v || (v->flags & VMA_HOST)) {
		as_unlock();
		return PAGER_MAPERR;
	}
	state = pagetable_get(addr);
	if (__builtin_expect(ev != NULL, 0))
		note_locked(ev, v, grew, state);
	if (!pager_access_allowed(v, access)) {
		as_unlock();
		return PAGER_ACCERR;
	}
	want = pager_target_state(v, access);
	if (state == PT_RW || (state == PT_RO && want == PT_RO)) {
		/* granted already: another thread won the race (nothing to
		 * do), or the host refuses for its own reason (protection
		 * keys), or its protection drifted: put it back once */
		int prot = pager_host_prot(v, state);

		r = (access & PAGER_RETRY) || !pager_host_allows(prot, access)
			    ? PAGER_ACCERR : 0;
		if (r == 0)
			window_protect(VML_PAGE_START(addr), PAGE, prot);
		as_unlock();
		return r;
	}
	run_around(v, addr, pager_fault_around, state, &lo, &hi);
	r = pager_grant_locked(v, lo, hi, want);
	if (r == -ENOMEM) {
		r = pager_coarsen_locked(v);
		if (ev)
			ev->coarsened = 1;
	}
	if (ev && r == 0) {
		ev->lo = ev->coarsened ? v->start : lo;
		ev->hi = ev->coarsened ? v->end : hi;
	}
	if (r == 0) {
		struct vml_counters *st = counters_mine();

		if (state == PT_RO) {
			st->cow_breaks++;
			st->cow_pages += (hi - lo) / PAGE;
		} else {
			st->faults++;
			st->pages += (hi - lo) / PAGE;
		}
	}
	as_unlock();
	return r == 0 ? 0 : PAGER_OOM;
}

