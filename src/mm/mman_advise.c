/*
 * mman_advise.c - calls on existing guest ranges: madvise, msync, mincore
 * (mm/madvise.c, mm/msync.c, mm/mincore.c), over the VMA tree and the
 * pager's page table.
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

/* ---- madvise, msync, mincore ---- */

/*
 * Apply fn to each guest-mapped piece of [lo, hi); -ENOMEM if a hole was
 * met (after applying to the rest, as the kernel does).
 */
static int each_mapped_locked(uintptr_t lo, uintptr_t hi,
			      int (*fn)(struct vma *, uintptr_t, uintptr_t, long),
			      long arg)
{
	uintptr_t cur = lo;
	int hole = 0, r;

	for (struct vma *v = vma_find(T, lo); v && v->start < hi; v = vma_next(v)) {
		uintptr_t s = v->start > lo ? v->start : lo;
		uintptr_t e = v->end < hi ? v->end : hi;

		if (v->flags & VMA_HOST)
			continue;
		if (s > cur)
			hole = 1;
		r = fn(v, s, e, arg);
		if (r < 0)
			return r;
		cur = e;
	}
	return hole || cur < hi ? -ENOMEM : 0;
}

static int do_advise(struct vma *v, uintptr_t s, uintptr_t e, long advice)
{
	int r;

	switch (advice) {
	case MADV_DONTFORK:
		v->flags |= VMA_DONTFORK;
		break;
	case MADV_DOFORK:
		v->flags &= ~VMA_DONTFORK;
		break;
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		/* the host would refuse its PROT_NONE pages: fault them in
		 * here, as the guest's own accesses would */
		if (!(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) ||
		    (advice == MADV_POPULATE_WRITE && !(v->prot & PROT_WRITE)))
			return -EFAULT;
		pager_prepare_locked(s, e, advice == MADV_POPULATE_WRITE);
		return 0;
	default:
		break;
	}
	r = (int)host_sys3(SYS_madvise, s, e - s, advice);
	if (r == 0 && (advice == MADV_DONTNEED || advice == MADV_REMOVE ||
		       advice == 24 /* MADV_DONTNEED_LOCKED */))
		pager_drop_locked(s, e);
	return r;
}

static int valid_advice(int a)
{
	switch (a) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL:
	case MADV_WILLNEED: case MADV_DONTNEED: case MADV_FREE:
	case MADV_REMOVE: case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_WIPEONFORK: case MADV_KEEPONFORK: case MADV_COLD:
	case MADV_PAGEOUT: case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
	case MADV_HWPOISON: case 25 /* MADV_COLLAPSE */:
		return 1;
	default:
		return 0;
	}
}

int mman_advise(uintptr_t addr, size_t len, int advice)
{
	uintptr_t end;
	int r;

	if (!valid_advice(advice))
		return -EINVAL;
	if (addr & (PAGE - 1))
		return -EINVAL;
	end = addr + VML_PAGE_ALIGN(len);
	if (end < addr || (len && end == addr))
		return -EINVAL;
	if (end == addr)
		return 0;
	as_lock();
	if (advice == MADV_DONTFORK || advice == MADV_DOFORK)
		mman_split_at_locked(addr, end);
	r = each_mapped_locked(addr, end, do_advise, advice);
	as_unlock();
	return r;
}

static int do_sync(struct vma *v, uintptr_t s, uintptr_t e, long flags)
{
	(void)v;
	return (int)host_sys3(SYS_msync, s, e - s, flags);
}

int mman_sync(uintptr_t addr, size_t len, int flags)
{
	uintptr_t end;
	int r;

	if (addr & (PAGE - 1))
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	end = addr + VML_PAGE_ALIGN(len);
	if (end < addr)
		return -ENOMEM;
	if (end == addr)
		return 0;
	as_lock();
	r = each_mapped_locked(addr, end, do_sync, flags);
	as_unlock();
	return r;
}

static int no_op(struct vma *v, uintptr_t s, uintptr_t e, long arg)
{
	(void)v, (void)s, (void)e, (void)arg;
	return 0;
}

int mman_incore(uintptr_t addr, size_t len, uintptr_t vec)
{
	uintptr_t end;
	int r;

	if (addr & (PAGE - 1))
		return -EINVAL;
	end = addr + VML_PAGE_ALIGN(len);
	if (end < addr || end > L->task_size)
		return -ENOMEM;
	if (end == addr)
		return 0;
	as_lock();
	r = each_mapped_locked(addr, end, no_op, 0);
	as_unlock();
	if (r < 0)
		return r;
	pager_prepare(vec, (end - addr) / PAGE, 1);
	return (int)host_sys3(SYS_mincore, addr, end - addr, vec);
}

