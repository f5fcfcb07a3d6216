/*
 * mman_remap.c - guest mremap (mm/mremap.c; include/vmload/mman.h;
 * async-signal-safe zone: host_* calls and arena memory only): in place,
 * grown or shrunk, or moved, with the kernel's checks and its rules for
 * which VMAs may be remapped together.
 */
#include "vmload/mman.h"

#include <linux/errno.h>
#include <sys/mman.h>

#include "base.h"
#include "mm_int.h"
#include "mman_int.h"
#include "place.h"
#include "window.h"

/*
 * Is [addr, end) inside what the kernel holds as one VMA? The tree merges
 * as the kernel does, anon_vma identity included, except that VM_ACCOUNT of
 * anonymous memory is only approximated (the kernel also drops it when a
 * VMA loses write before any page was written, which the tree sees only
 * at page granularity): for anonymous VMAs that flag is not compared.
 */
static int covered_compat(const struct vma *v, uintptr_t end)
{
	const struct vma *n;

	for (n = vma_next(v); v->end < end; v = n, n = vma_next(n)) {
		struct vma a;

		if (!n)
			return 0;
		a = *v;
		if (!v->file && !n->file)
			a.flags = (a.flags & ~VMA_ACCOUNT) | (n->flags & VMA_ACCOUNT);
		if (!vma_mergeable(&a, n))
			return 0;
	}
	return 1;
}

/* After the host moved or grew [addr, end) as one VMA: make it one here. */
static struct vma *collapse_locked(uintptr_t addr, uintptr_t end)
{
	struct vma *v = vma_lookup(T, addr), *n;

	while ((n = vma_next(v)) && n->start < end && n->start == v->end) {
		uintptr_t e = n->end;
		unsigned f = n->flags & VMA_ACCOUNT;

		vma_remove(T, n);
		v->flags |= f;
		vma_set_range(T, v, v->start, e);
	}
	return v;
}

static long move_locked(struct vma *v, uintptr_t addr, size_t oldlen,
			size_t newlen, uintptr_t to, int dontunmap)
{
	struct vma n;
	long r;

	if (oldlen && mman_split_at_locked(addr, addr + oldlen) < 0)
		return -ENOMEM;
	v = vma_lookup(T, addr);
	n = *v;
	n.pgoff += addr - v->start;
	/* copy_vma(): anonymous memory never faulted takes the offset of its
	 * new place, to merge there */
	if (!n.file && !n.anon && !(n.flags & VMA_SHARED))
		n.pgoff = to;
	r = window_move(addr, oldlen, newlen, to, dontunmap);
	if (IS_ERR_VAL(r))
		return r;
	if (oldlen) {
		pagetable_move(addr, to, oldlen);
		/* DONTUNMAP leaves the source mapped but empty */
		if (dontunmap)
			window_protect(addr, oldlen, PROT_NONE);
		v = collapse_locked(addr, addr + oldlen);
	}
	if (oldlen && !dontunmap)
		vma_remove(T, v);
	n.start = to;
	n.end = to + newlen;
	if (!vma_insert(T, &n))
		return -ENOMEM;
	vma_merge(T, vma_lookup(T, to));
	return (long)to;
}

static long remap_locked(uintptr_t addr, size_t oldlen, size_t newlen,
			 int flags, uintptr_t newaddr)
{
	struct vma *v = vma_lookup(T, addr);
	int shared;
	long a;

	if (!v || (v->flags & (VMA_HOST | VMA_SPECIAL)))
		return -EFAULT;
	shared = v->flags & VMA_SHARED;
	if (oldlen == 0 && !shared)
		return -EINVAL;
	if (flags & MREMAP_FIXED) {
		if (mman_host_zone_in_locked(newaddr, newaddr + newlen))
			return -ENOMEM;
		if (oldlen > v->end - addr && !covered_compat(v, addr + oldlen))
			return -EFAULT;
		if (mman_unmap_locked(newaddr, newaddr + newlen, 1) < 0)
			return -ENOMEM;
		if (oldlen > newlen) {
			mman_unmap_locked(addr + newlen, addr + oldlen, 1);
			oldlen = newlen;
		}
		v = vma_lookup(T, addr);
		return move_locked(v, addr, oldlen, newlen, newaddr,
				   flags & MREMAP_DONTUNMAP);
	}
	if (oldlen >= newlen && oldlen) {
		if (oldlen != newlen)
			mman_unmap_locked(addr + newlen, addr + oldlen, 1);
		if (!(flags & MREMAP_DONTUNMAP))
			return (long)addr;
	}
	if (oldlen > v->end - addr) {
		if (!covered_compat(v, addr + oldlen))
			return -EFAULT;
		if (mman_split_at_locked(addr, addr + oldlen) < 0)
			return -ENOMEM;
		v = vma_lookup(T, addr);
	}
	if (oldlen && vma_lookup(T, addr + oldlen - 1)->end == addr + oldlen &&
	    newlen > oldlen &&
	    addr + newlen <= L->task_size &&
	    !vma_overlaps(T, addr + oldlen, addr + newlen)) {
		/* vma_expandable(): only overlap matters, not guard gaps */
		struct vma *next = vma_find(T, addr + oldlen);
		uintptr_t lim = next ? next->start : L->task_size;

		if (addr + newlen <= lim) {
			int r = window_grow(addr, oldlen, newlen);

			if (r < 0)
				return r;
			v = collapse_locked(addr, addr + oldlen);
			vma_set_range(T, v, v->start, addr + newlen);
			vma_merge(T, v);
			return (long)addr;
		}
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	/* with DONTUNMAP, new_addr is a hint (vrm_set_new_addr) */
	a = place_area_locked(flags & MREMAP_DONTUNMAP ? newaddr : 0, newlen,
			      shared ? MAP_SHARED : 0, !shared && !v->file,
			      "mremap");
	if (a < 0)
		return a;
	return move_locked(v, addr, oldlen ? oldlen : 0, newlen, (uintptr_t)a,
			   flags & MREMAP_DONTUNMAP);
}

long mman_remap(uintptr_t addr, size_t oldlen, size_t newlen, int flags,
		uintptr_t newaddr)
{
	long r;

	if (flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (addr & (PAGE - 1))
		return -EINVAL;
	oldlen = VML_PAGE_ALIGN(oldlen);
	newlen = VML_PAGE_ALIGN(newlen);
	if (newlen == 0 || newlen > L->task_size)
		return -EINVAL;
	/* check_mremap_params(): FIXED and DONTUNMAP both name new_addr */
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		if (newaddr > L->task_size - newlen || (newaddr & (PAGE - 1)))
			return -EINVAL;
		if (!(flags & MREMAP_MAYMOVE))
			return -EINVAL;
		if ((flags & MREMAP_DONTUNMAP) && oldlen != newlen)
			return -EINVAL;
		if (addr < newaddr + newlen && newaddr < addr + oldlen)
			return -EINVAL;
	}
	as_lock();
	r = remap_locked(addr, oldlen, newlen, flags, newaddr);
	as_unlock();
	return r;
}

