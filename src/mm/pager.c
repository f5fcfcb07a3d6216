/*
 * pager.c - demand paging and copy-on-write of guest memory: what the fault
 * path (pager_fault.c) and the preparation of memory for the kernel
 * (pager_prepare.c) share (mm.h; async-signal-safe zone: host_* calls,
 * arena memory, as.lock).
 *
 * Only the pager and window.c change host protections inside the window,
 * so the page table and the host always agree:
 *
 *   host prot of a page = pager_host_prot(its VMA, its page-table state)
 */
#include "pager_int.h"

#include <linux/errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "base.h"
#include "pagetable.h"
#include "window.h"

size_t pager_fault_around = 64 << 10;

void pager_set_fault_around(size_t bytes)
{
	if (bytes < PAGE)
		bytes = PAGE;
	/* a power of two, as the kernel's fault_around_bytes */
	while (bytes & (bytes - 1))
		bytes &= bytes - 1;
	pager_fault_around = bytes;
}

int pager_host_prot(const struct vma *v, int state)
{
	if (state == PT_NONE)
		return PROT_NONE;
	if (state == PT_RO) /* a write-only VMA still reads, as on x86 */
		return (v->prot & ~PROT_WRITE) |
		       ((v->prot & PROT_WRITE) ? PROT_READ : 0);
	return v->prot;
}

/* Does host protection prot let the access through? */
int pager_host_allows(int prot, int access)
{
	if (access & PAGER_WRITE)
		return (prot & PROT_WRITE) != 0;
	if (access & PAGER_EXEC)
		return (prot & PROT_EXEC) != 0;
	return prot != PROT_NONE;
}

/* Would the guest's own access be allowed by v's protection? x86 page
 * tables cannot refuse a read of a writable or executable page. */
int pager_access_allowed(const struct vma *v, int access)
{
	if (access & PAGER_WRITE)
		return (v->prot & PROT_WRITE) != 0;
	if (access & PAGER_EXEC)
		return (v->prot & PROT_EXEC) != 0;
	return (v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) != 0;
}

/* The state an access leaves a page in. */
int pager_target_state(const struct vma *v, int access)
{
	if ((v->flags & VMA_SHARED) || (access & PAGER_WRITE))
		return PT_RW;
	return PT_RO;
}

/*
 * anon_vma_prepare(): the first private write gives v an anon_vma, the one
 * of an adjacent VMA it could share it with (find_mergeable_anon_vma:
 * same file, flags and contiguous offsets; protections may differ), or a
 * new one.
 */
static void anon_prepare_locked(struct vma *v)
{
	static unsigned next_anon;
	struct vma *n[2] = { vma_prev(v), vma_next(v) };

	if (v->anon || (v->flags & VMA_SHARED))
		return;
	for (int i = 0; i < 2; i++) {
		struct vma *a = i ? v : n[0], *b = i ? n[1] : v;
		struct vma *o = n[i];

		if (!o || !o->anon || a->end != b->start || a->file != b->file ||
		    a->flags != b->flags ||
		    b->pgoff != a->pgoff + (b->start - a->start))
			continue;
		v->anon = o->anon;
		return;
	}
	v->anon = ++next_anon;
}

/*
 * Preconditions: as.lock held; [lo, hi) inside v, page-aligned. Give the
 * pages state at host level and in the table. 0 or -ENOMEM (host VMA
 * budget or table memory); on failure nothing changed.
 */
int pager_grant_locked(struct vma *v, uintptr_t lo, uintptr_t hi, int state)
{
	int r = window_protect(lo, hi - lo, pager_host_prot(v, state));

	if (r < 0)
		return r;
	if (state == PT_RW)
		anon_prepare_locked(v);
	if (pagetable_set(lo, hi, state) < 0) {
		window_protect(lo, hi - lo, PROT_NONE);
		pagetable_set(lo, hi, PT_NONE);
		return -ENOMEM;
	}
	return 0;
}

/*
 * The host ran out of VMAs (vm.max_map_count): make all of v present at
 * its full protection, one host mapping that can only merge with its
 * neighbours. The table loses its copy-on-write detail for v, nothing
 * else: the host kernel still copies shared pages on write.
 */
int pager_coarsen_locked(struct vma *v)
{
	int r = window_protect(v->start, v->end - v->start, v->prot);

	if (r < 0)
		return r;
	anon_prepare_locked(v);
	counters_mine()->coarsened++;
	return pagetable_set(v->start, v->end, PT_RW);
}

/*
 * Grow a VMA_GROWSDOWN VMA down to addr as expand_downwards() does: within
 * the stack rlimit and keeping the guard gap above the mapping below.
 * Preconditions: as.lock held. The VMA, or NULL.
 */
struct vma *pager_expand_stack_locked(uintptr_t addr)
{
	struct vma *v = vma_find(T, addr), *prev;
	uintptr_t start = VML_PAGE_START(addr);
	struct { uint64_t cur, max; } rl;

	if (!v || !(v->flags & VMA_GROWSDOWN) || v->start <= addr)
		return NULL;
	if (start < L->mmap_min)
		return NULL;
	if (host_sys4(SYS_prlimit64, 0, 3 /* RLIMIT_STACK */, 0, &rl) == 0 &&
	    rl.cur != ~0ULL && v->end - start > rl.cur)
		return NULL;
	prev = vma_prev(v);
	if (prev && !(prev->flags & VMA_GROWSDOWN) &&
	    (prev->end > start || start - prev->end < VML_STACK_GUARD_GAP))
		return NULL;
	if (start < vml_as.host_stack_lo && v->start >= vml_as.host_stack_lo &&
	    vml_as.host_stack_lo) {
		/* below the host's stack piece the window reservation is the
		 * backing: PROT_NONE anonymous memory, like the rest */
	}
	vma_set_range(T, v, start, v->end);
	return v;
}

/* ---- keeping the table exact across memory operations ---- */

int pager_reprotect_locked(struct vma *v, uintptr_t lo, uintptr_t hi, int prot)
{
	int old = v->prot, r = 0;

	v->prot = prot;
	for (uintptr_t cur = lo; cur < hi;) {
		int s;
		uintptr_t e = pagetable_run(cur, hi, &s);

		if (s != PT_NONE &&
		    (r = window_protect(cur, e - cur, pager_host_prot(v, s))) < 0)
			break;
		cur = e;
	}
	if (r < 0) {
		/* put back what was changed */
		v->prot = old;
		for (uintptr_t cur = lo; cur < hi;) {
			int s;
			uintptr_t e = pagetable_run(cur, hi, &s);

			if (s != PT_NONE)
				window_protect(cur, e - cur, pager_host_prot(v, s));
			cur = e;
		}
	}
	return r;
}

void pager_forget_locked(uintptr_t lo, uintptr_t hi)
{
	pagetable_set(lo, hi, PT_NONE);
}

void pager_drop_locked(uintptr_t lo, uintptr_t hi)
{
	for (uintptr_t cur = lo; cur < hi;) {
		int s;
		uintptr_t e = pagetable_run(cur, hi, &s);

		if (s != PT_NONE)
			window_protect(cur, e - cur, PROT_NONE);
		cur = e;
	}
	pagetable_set(lo, hi, PT_NONE);
}

