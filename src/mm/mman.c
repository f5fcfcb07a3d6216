/*
 * mman.c - guest mmap, munmap, mprotect, SysV shm and the loader's set-up
 * calls (mm.h, include/vmload/mman.h; async-signal-safe zone: host_* calls
 * and arena memory only). mremap is mman_remap.c's, madvise/msync/mincore
 * mman_advise.c's, brk mman_brk.c's.
 *
 * The VMA tree is the guest's truth; the host mapping under each guest VMA
 * has the same backing, and starts PROT_NONE: pages are granted on demand
 * (pager.c), which keeps host protections and the page table in step. Free
 * window space is always a PROT_NONE reservation at host level.
 */
#include "vmload/mman.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "mm_int.h"
#include "base.h"
#include "mfile.h"
#include "pagetable.h"
#include "place.h"
#include "window.h"
#include "mman_int.h"

int mman_host_zone_in_locked(uintptr_t lo, uintptr_t hi)
{
	for (struct vma *v = vma_find(T, lo); v && v->start < hi; v = vma_next(v))
		if (v->flags & VMA_HOST)
			return 1;
	return 0;
}

/* placement (get_unmapped_area) is place.c's */

/* ---- tree edits ---- */

/* Split so that no VMA straddles lo or hi. -ENOMEM if the pool is out. */
/*
 * The guest's map count against vm.max_map_count, less what the runtime
 * keeps for itself: the host counts the runtime's mappings too, and a guest
 * within this limit always fits at host level (a host VMA never spans a
 * guest VMA boundary with different protections, so there are at most as
 * many as guest VMAs once pager.c coarsens a fragmented one).
 */
static size_t map_count_locked(void)
{
	return T->count - vml_as.nhost;
}

static int split_allowed_locked(void)
{
	return map_count_locked() < vml_as.max_map_count;
}

int mman_split_at_locked(uintptr_t lo, uintptr_t hi)
{
	struct vma *v = vma_lookup(T, lo);

	if (v && v->start < lo &&
	    (!split_allowed_locked() || !vma_split(T, v, lo)))
		return -ENOMEM;
	v = vma_lookup(T, hi - 1);
	if (v && v->end > hi &&
	    (!split_allowed_locked() || !vma_split(T, v, hi)))
		return -ENOMEM;
	return 0;
}

/*
 * Preconditions: as.lock held, [lo, hi) page-aligned. Removes the guest
 * VMAs inside (host zones stay) and, if rereserve, gives the host range
 * back to the reservation.
 */
int mman_unmap_locked(uintptr_t lo, uintptr_t hi, int rereserve)
{
	struct vma *v, *next;
	int r = mman_split_at_locked(lo, hi);

	if (r < 0)
		return r;
	for (v = vma_find(T, lo); v && v->start < hi; v = next) {
		uintptr_t s = v->start, e = v->end;

		next = vma_next(v);
		if (v->flags & VMA_HOST)
			continue;
		if (v->flags & VMA_SHM)
			host_sys1(SYS_shmdt, s);
		vma_remove(T, v);
		pager_forget_locked(s, e);
		if (rereserve)
			window_reserve(s, e - s);
	}
	return 0;
}

unsigned mman_may_flags(int shared, int writable_fd)
{
	unsigned f = VMA_MAYREAD | VMA_MAYEXEC;

	if (!shared || writable_fd)
		f |= VMA_MAYWRITE;
	return f;
}

/* Re-reserve whatever part of [lo, hi) no guest VMA covers. */
static void reserve_free_locked(uintptr_t lo, uintptr_t hi)
{
	uintptr_t cur = lo;

	for (struct vma *v = vma_find(T, lo); v && v->start < hi; v = vma_next(v)) {
		if (v->start > cur)
			window_reserve(cur, v->start - cur);
		cur = v->end;
	}
	if (cur < hi)
		window_reserve(cur, hi - cur);
}

/* ---- mmap ---- */

#define REUSE_MAX (1UL << 20)

/* vm.overcommit_memory is 2 (strict accounting); read once. */
static int overcommit_strict(void)
{
	static int mode = -1;
	char c = '0';
	int fd;

	if (mode < 0) {
		fd = host_open("/proc/sys/vm/overcommit_memory",
			       O_RDONLY | O_CLOEXEC, 0);
		if (fd >= 0) {
			if (host_read(fd, &c, 1) != 1)
				c = '0';
			host_close(fd);
		}
		mode = c - '0';
	}
	return mode == 2;
}

/*
 * Can a new private anonymous mapping of [a, a+len) simply keep the host
 * memory under it? Free window space is already private anonymous memory
 * whose pages were never touched (every guest unmap gives the host range
 * back as a fresh reservation), and the pager grants it page by page like
 * any host mapping of its own: one host mmap fewer per guest mmap or brk.
 * What differs is the host's commit accounting (the reservation is
 * MAP_NORESERVE), which the guest sees only where the kernel could refuse
 * the mapping: under strict overcommit (vm.overcommit_memory 2), or for a
 * mapping near the size of the machine's memory, which a mapping of at
 * most REUSE_MAX is not (a later mremap could grow it that far without
 * the host refusing; natively it would fail). Flags with a host effect of
 * their own (MAP_LOCKED, MAP_HUGETLB, ...) keep their own host mapping.
 * Preconditions: as.lock held.
 */
int mman_reservation_will_do(uintptr_t a, size_t len, int flags)
{
	const int plain = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
			  MAP_FIXED_NOREPLACE | MAP_NORESERVE | MAP_STACK |
			  MAP_32BIT | MAP_GROWSDOWN | MAP_DENYWRITE |
			  MAP_EXECUTABLE | MAP_POPULATE;

	return len <= REUSE_MAX && !(flags & ~plain) &&
	       (flags & MAP_TYPE) == MAP_PRIVATE &&
	       !vma_overlaps(T, a, a + len) && !overcommit_strict();
}

struct map_file {
	const struct vml_file *id;
	struct stat st;
	int writable, readable;
};

static int check_fd(int fd, int type, int prot, struct map_file *mf)
{
	long fl = host_sys2(SYS_fcntl, fd, F_GETFL);
	int r;

	if (fl < 0)
		return -EBADF;
	if ((fl & O_ACCMODE) == 3 || (fl & O_PATH))
		return -EBADF;
	r = (int)host_sys2(SYS_fstat, fd, &mf->st);
	if (r < 0)
		return r;
	if (S_ISDIR(mf->st.st_mode) || S_ISFIFO(mf->st.st_mode) ||
	    S_ISSOCK(mf->st.st_mode))
		return -ENODEV;
	mf->readable = (fl & O_ACCMODE) != O_WRONLY;
	mf->writable = (fl & O_ACCMODE) != O_RDONLY;
	if (!mf->readable)
		return -EACCES;
	if (type != MAP_PRIVATE && (prot & PROT_WRITE) && !mf->writable)
		return -EACCES;
	if (type != MAP_PRIVATE && (fl & O_APPEND) && (prot & PROT_WRITE))
		return -EACCES;
	return 0;
}

static long map_locked(uintptr_t a, size_t len, int prot, int flags, int fd,
		       uint64_t off, struct map_file *mf)
{
	int type = flags & MAP_TYPE, shared = type != MAP_PRIVATE;
	int anon = flags & MAP_ANONYMOUS;
	int hflags = (flags & ~(MAP_FIXED_NOREPLACE | MAP_32BIT | MAP_GROWSDOWN |
				MAP_EXECUTABLE | MAP_DENYWRITE));
	struct vma n = { .start = a, .end = a + len, .prot = prot };
	long r;

	if (anon && mman_reservation_will_do(a, len, flags))
		r = (long)a;
	else
		r = window_map(a, len, PROT_NONE, hflags & ~MAP_POPULATE,
			       anon ? -1 : fd, anon ? 0 : (off_t)off);
	if (IS_ERR_VAL(r)) {
		reserve_free_locked(a, a + len);
		return r;
	}
	if (mman_unmap_locked(a, a + len, 0) < 0)
		return -ENOMEM;
	n.flags = mman_may_flags(shared, anon || mf->writable);
	if (shared)
		n.flags |= VMA_SHARED;
	if (flags & MAP_GROWSDOWN)
		n.flags |= VMA_GROWSDOWN;
	if (flags & MAP_NORESERVE)
		n.flags |= VMA_NORESERVE;
	else if (!shared && (prot & PROT_WRITE))
		n.flags |= VMA_ACCOUNT;
	n.pgoff = a;
	if (!anon) {
		n.file = mf->id;
		n.pgoff = off;
	} else if (shared) {
		n.pgoff = 0;
		unsigned ma = 0, mi = 0;
		uint64_t ino = 0;
		char path[256] = "/dev/zero (deleted)";

		window_host_identity(a, &ma, &mi, &ino, path, sizeof path);
		n.file = mfile_intern_locked(ma, mi, ino, path);
	}
	if (!vma_insert(T, &n)) {
		window_reserve(a, len);
		return -ENOMEM;
	}
	vma_merge(T, vma_lookup(T, a));
	if ((flags & MAP_POPULATE) && (prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		pager_prepare_locked(a, a + len,
				     !shared && (prot & PROT_WRITE));
	return (long)a;
}

long mman_map(uintptr_t addr, size_t len, int prot, int flags, int fd,
	      uint64_t off)
{
	int type = flags & MAP_TYPE;
	int anon = flags & MAP_ANONYMOUS;
	struct map_file mf = { 0 };
	size_t alen;
	long a;
	int r;

	if (off & (PAGE - 1))
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (len == 0)
		return -EINVAL;
	alen = VML_PAGE_ALIGN(len);
	if (alen == 0)
		return -ENOMEM;
	if (!anon) {
		if (off + alen < off)
			return -EOVERFLOW;
		r = check_fd(fd, type, prot, &mf);
		if (r < 0)
			return r;
	}
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	as_lock();
	if (map_count_locked() > vml_as.max_map_count) { /* do_mmap() */
		a = -ENOMEM;
		goto out;
	}
	if (!anon && (r = mfile_from_fd_locked(fd, &mf.st, &mf.id)) < 0) {
		a = r;
		goto out;
	}
	a = place_area_locked(addr, alen, flags, anon && type == MAP_PRIVATE,
			      "mmap");
	if (a < 0)
		goto out;
	if ((flags & MAP_FIXED_NOREPLACE) && vma_overlaps(T, (uintptr_t)a, a + alen)) {
		a = -EEXIST;
		goto out;
	}
	if (mman_host_zone_in_locked((uintptr_t)a, a + alen)) {
		a = -ENOMEM;
		goto out;
	}
	a = map_locked((uintptr_t)a, alen, prot, flags | MAP_FIXED, fd, off, &mf);
out:
	as_unlock();
	return a;
}

/* ---- munmap ---- */

int mman_unmap(uintptr_t addr, size_t len)
{
	int r;

	if (addr & (PAGE - 1))
		return -EINVAL;
	len = VML_PAGE_ALIGN(len);
	if (len == 0 || addr > L->task_size || len > L->task_size - addr)
		return -EINVAL;
	as_lock();
	r = mman_unmap_locked(addr, addr + len, 1);
	as_unlock();
	return r;
}

/* ---- mprotect ---- */

static int prot_allowed(const struct vma *v, int prot)
{
	if ((prot & PROT_READ) && !(v->flags & VMA_MAYREAD))
		return 0;
	if ((prot & PROT_WRITE) && !(v->flags & VMA_MAYWRITE))
		return 0;
	if ((prot & PROT_EXEC) && !(v->flags & VMA_MAYEXEC))
		return 0;
	return 1;
}

static int protect_locked(uintptr_t start, uintptr_t end, int prot)
{
	struct vma *v = vma_find(T, start);
	uintptr_t cur;
	int r;

	if (!v || (v->flags & VMA_HOST))
		return -ENOMEM;
	if (prot & PROT_GROWSDOWN) {
		if (v->start >= end)
			return -ENOMEM;
		if (!(v->flags & VMA_GROWSDOWN))
			return -EINVAL;
		start = v->start;
		prot &= ~PROT_GROWSDOWN;
	} else if (v->start > start) {
		return -ENOMEM;
	}
	r = mman_split_at_locked(start, end);
	if (r < 0)
		return r;
	/* like the kernel: apply VMA by VMA, stop at the first hole */
	for (cur = start; cur < end;) {
		uintptr_t e;

		v = vma_lookup(T, cur);
		if (!v || (v->flags & VMA_HOST))
			return -ENOMEM;
		if (!prot_allowed(v, prot))
			return -EACCES;
		e = v->end < end ? v->end : end;
		r = pager_reprotect_locked(v, cur, e, prot);
		if (r < 0)
			return r;
		/* mprotect_fixup charges a private mapping made writable, and
		 * uncharges anonymous memory losing write that was never
		 * written (no anon_vma) */
		if ((prot & PROT_WRITE) &&
		    !(v->flags & (VMA_SHARED | VMA_NORESERVE)))
			v->flags |= VMA_ACCOUNT;
		else if (!(prot & PROT_WRITE) && (v->prot & PROT_WRITE) &&
			 !v->file && !(v->flags & VMA_SHARED) && !v->anon)
			v->flags &= ~VMA_ACCOUNT;
		v->prot = prot;
		vma_merge(T, v);
		cur = e;
	}
	return 0;
}

int mman_protect(uintptr_t addr, size_t len, int prot)
{
	int r;

	if (addr & (PAGE - 1))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM |
		     PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
		return -EINVAL;
	if (prot & PROT_GROWSUP)
		return -EINVAL; /* no VM_GROWSUP VMAs on x86 */
	if (len == 0)
		return 0;
	len = VML_PAGE_ALIGN(len);
	if (len == 0 || addr + len <= addr)
		return -ENOMEM;
	as_lock();
	r = protect_locked(addr, addr + len, prot & ~PROT_SEM);
	as_unlock();
	return r;
}

/* ---- SysV shared memory ---- */

long mman_shmat(int shmid, uintptr_t addr, int shmflg)
{
	struct shmid_ds_min { char pad[48]; size_t segsz; char rest[64]; } ds;
	struct vma n = { 0 };
	size_t size;
	long a, r;

	r = host_sys3(SYS_shmctl, shmid, 2 /* IPC_STAT */, &ds);
	if (r < 0)
		return r;
	size = VML_PAGE_ALIGN(ds.segsz);
	if (addr) {
		if (addr & (0x1000 - 1)) {
			if (!(shmflg & 020000 /* SHM_RND */))
				return -EINVAL;
			addr &= ~(uintptr_t)(0x1000 - 1);
		}
	}
	as_lock();
	a = addr ? (long)addr : place_area_locked(0, size, 0, 0, "shmat");
	if (a < 0 || mman_host_zone_in_locked((uintptr_t)a, a + size) ||
	    (addr && !(shmflg & 040000 /* SHM_REMAP */) &&
	     vma_overlaps(T, (uintptr_t)a, a + size))) {
		as_unlock();
		return a < 0 ? a : -EINVAL;
	}
	r = host_sys3(SYS_shmat, shmid, a, shmflg | 040000);
	if (IS_ERR_VAL(r)) {
		as_unlock();
		return r;
	}
	mman_unmap_locked((uintptr_t)a, a + size, 0);
	n.start = (uintptr_t)a;
	n.end = a + size;
	n.prot = (shmflg & 010000 /* SHM_RDONLY */) ? PROT_READ
						     : PROT_READ | PROT_WRITE;
	if (shmflg & 0100000 /* SHM_EXEC */)
		n.prot |= PROT_EXEC;
	n.flags = VMA_SHARED | VMA_SHM | mman_may_flags(1, !(shmflg & 010000));
	{
		unsigned ma = 0, mi = 0;
		uint64_t ino = 0;
		char path[256] = "";

		window_host_identity((uintptr_t)a, &ma, &mi, &ino, path, sizeof path);
		n.file = mfile_intern_locked(ma, mi, ino, path);
	}
	/* the host attached it whole, at full protection */
	if (vma_insert(T, &n))
		pagetable_set(n.start, n.end, PT_RW);
	as_unlock();
	return a;
}

int mman_shmdt(uintptr_t addr)
{
	struct vma *v;
	int r = -EINVAL;

	if (addr & (PAGE - 1))
		return -EINVAL;
	as_lock();
	v = vma_lookup(T, addr);
	if (v && v->start == addr && (v->flags & VMA_SHM)) {
		uintptr_t e = v->end;

		vma_remove(T, v);
		host_sys1(SYS_shmdt, addr);
		pager_forget_locked(addr, e);
		window_reserve(addr, e - addr);
		r = 0;
	}
	as_unlock();
	return r;
}

/* ---- set-up and views ---- */

int mman_add_host_zone(uintptr_t lo, uintptr_t hi)
{
	struct vma n = { .start = lo, .end = hi, .flags = VMA_HOST };
	int r = 0;

	as_lock();
	if (vma_overlaps(T, lo, hi) || !vma_insert(T, &n))
		r = -ENOMEM;
	else
		vml_as.nhost++;
	as_unlock();
	return r;
}

int mman_stack_setup(uintptr_t lo, uintptr_t top, uint64_t rlim, int exec,
		     uintptr_t start_stack)
{
	int prot = PROT_READ | PROT_WRITE | (exec ? PROT_EXEC : 0);
	struct vma n = { .start = lo, .end = top, .prot = prot,
			 .flags = VMA_GROWSDOWN | VMA_ACCOUNT | mman_may_flags(0, 1),
			 .pgoff = lo };
	uintptr_t hlo = rlim < top - L->mmap_min ? top - VML_PAGE_START(rlim)
						 : L->mmap_min;
	struct vma *below;
	long r;

	if (top - hlo > (1UL << 30))
		hlo = top - (1UL << 30);
	if (hlo > lo)
		hlo = lo;
	as_lock();
	below = vma_find(T, hlo);
	if (below && below->start < lo)
		hlo = below->end > hlo ? below->end : hlo;
	r = window_map(hlo, top - hlo, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!IS_ERR_VAL(r) && !vma_insert(T, &n))
		r = -ENOMEM;
	vml_as.start_stack = start_stack;
	vml_as.host_stack_lo = hlo;
	vml_as.stack_top = top;
	as_unlock();
	return IS_ERR_VAL(r) ? (int)r : 0;
}

long mman_vdso_setup(void)
{
	static const char *const names[] = { "[vvar]", "[vvar_vclock]", "[vdso]" };
	struct window_zone piece[8];
	uintptr_t vdso = 0;
	int n = window_vdso_pieces(piece, 8);
	long a;

	if (n <= 0)
		return -ENOENT;
	as_lock();
	/* get_unmapped_area(NULL, 0, size): where the kernel maps the block */
	a = place_area_locked(0, piece[n - 1].hi - piece[0].lo, 0, 0, "vDSO");
	for (int i = 0; i < n && a >= 0; i++) {
		uintptr_t lo = piece[i].lo, len = piece[i].hi - lo;
		uintptr_t to = (uintptr_t)a + (lo - piece[0].lo);
		struct vma v = { .start = to, .end = to + len, .prot = PROT_READ,
				 .flags = VMA_SPECIAL | VMA_MAYREAD | VMA_MAYEXEC };
		long r = host_mremap(lo, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, to);

		if (IS_ERR_VAL(r)) {
			a = r;
			break;
		}
		for (int k = 0; k < 3; k++)
			if (!strcmp(piece[i].name, names[k]))
				v.name = names[k];
		if (v.name == names[2]) {
			v.prot |= PROT_EXEC;
			vdso = to;
		}
		if (vma_insert(T, &v))
			pagetable_set(v.start, v.end, PT_RW);
		/* a host zone inside the window becomes guest space again */
		if (lo < L->task_size) {
			struct vma *z = vma_lookup(T, lo);

			if (z && (z->flags & VMA_HOST))
			{
				vma_remove(T, z);
				vml_as.nhost--;
			}
			window_reserve(lo, len);
		}
	}
	as_unlock();
	return a < 0 ? a : (long)vdso;
}

int mman_name_special(uintptr_t lo, size_t len, const char *name)
{
	uintptr_t hi = lo + len;
	int r;

	if ((lo | len) & (PAGE - 1) || hi <= lo)
		return -EINVAL;
	as_lock();
	r = mman_split_at_locked(lo, hi);
	for (uintptr_t cur = lo; r == 0 && cur < hi;) {
		struct vma *v = vma_lookup(T, cur);

		if (!v || (v->flags & VMA_HOST)) {
			r = -ENOMEM;
			break;
		}
		v->name = name;
		v->flags |= VMA_SPECIAL;
		cur = v->end;
	}
	as_unlock();
	return r;
}

void mman_fork_child(void)
{
	struct vma *v, *next;

	for (v = vma_first(T); v; v = next) {
		next = vma_next(v);
		if (v->flags & VMA_DONTFORK) {
			uintptr_t s = v->start, e = v->end;

			vma_remove(T, v);
			pager_forget_locked(s, e);
			window_reserve(s, e - s);
		}
	}
	vml_as.lock = 0;
}

size_t mman_vma_count(void)
{
	size_t n = 0;

	as_lock();
	for (struct vma *v = vma_first(T); v; v = vma_next(v))
		n += !(v->flags & VMA_HOST);
	as_unlock();
	return n;
}
