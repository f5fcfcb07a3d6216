/*
 * pager.c - demand paging and copy-on-write of guest memory
 * (async-signal-safe zone: host_* calls, arena memory, as.lock).
 *
 * The fault path: a guest access to a page that is not granted raises
 * SIGSEGV at host level; vsig.c hands the address and the kind of access
 * to pager_fault(), which checks it against the VMA the way the kernel's
 * page-fault handler does, grants a fault-around run and records it in the
 * page table. Only pager.c and window.c change host protections inside the
 * window, so the page table and the host always agree:
 *
 *   host prot of a page = host_prot(its VMA, its page-table state)
 */
#include "pager.h"

#include <sys/mman.h>
#include <sys/syscall.h>

#include "arena.h"
#include "as.h"
#include "host.h"
#include "pagetable.h"
#include "thread.h"
#include "window.h"

#define ENOMEM 12
#define PAGE VML_PAGE
#define T (&vml_as.tree)
#define L (&vml_as.layout)

struct pager_stats pager_stats, pager_vfork_stats;
static int stats_owner;		/* pager_stats_split */
static size_t fault_around = 64 << 10;

void pager_stats_split(int pid)
{
	stats_owner = pid;
}

struct pager_stats *pager_stats_mine(void)
{
	if (stats_owner && host_getpid() != stats_owner)
		return &pager_vfork_stats;
	return &pager_stats;
}

void pager_set_fault_around(size_t bytes)
{
	if (bytes < PAGE)
		bytes = PAGE;
	/* a power of two, as the kernel's fault_around_bytes */
	while (bytes & (bytes - 1))
		bytes &= bytes - 1;
	fault_around = bytes;
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
static int host_allows(int prot, int access)
{
	if (access & PAGER_WRITE)
		return (prot & PROT_WRITE) != 0;
	if (access & PAGER_EXEC)
		return (prot & PROT_EXEC) != 0;
	return prot != PROT_NONE;
}

/* Would the guest's own access be allowed by v's protection? x86 page
 * tables cannot refuse a read of a writable or executable page. */
static int access_allowed(const struct vma *v, int access)
{
	if (access & PAGER_WRITE)
		return (v->prot & PROT_WRITE) != 0;
	if (access & PAGER_EXEC)
		return (v->prot & PROT_EXEC) != 0;
	return (v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) != 0;
}

/* The state an access leaves a page in. */
static int target_state(const struct vma *v, int access)
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
static int grant_locked(struct vma *v, uintptr_t lo, uintptr_t hi, int state)
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
static int coarsen_locked(struct vma *v)
{
	int r = window_protect(v->start, v->end - v->start, v->prot);

	if (r < 0)
		return r;
	anon_prepare_locked(v);
	pager_stats_mine()->coarsened++;
	return pagetable_set(v->start, v->end, PT_RW);
}

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

/*
 * Grow a VMA_GROWSDOWN VMA down to addr as expand_downwards() does: within
 * the stack rlimit and keeping the guard gap above the mapping below.
 * Preconditions: as.lock held. The VMA, or NULL.
 */
static struct vma *expand_stack_locked(uintptr_t addr)
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
		grew = (v = expand_stack_locked(addr)) != NULL;
	if (!v || (v->flags & VMA_HOST)) {
		as_unlock();
		return PAGER_MAPERR;
	}
	state = pagetable_get(addr);
	if (__builtin_expect(ev != NULL, 0))
		note_locked(ev, v, grew, state);
	if (!access_allowed(v, access)) {
		as_unlock();
		return PAGER_ACCERR;
	}
	want = target_state(v, access);
	if (state == PT_RW || (state == PT_RO && want == PT_RO)) {
		/* granted already: another thread won the race (nothing to
		 * do), or the host refuses for its own reason (protection
		 * keys), or its protection drifted: put it back once */
		int prot = pager_host_prot(v, state);

		r = (access & PAGER_RETRY) || !host_allows(prot, access)
			    ? PAGER_ACCERR : 0;
		if (r == 0)
			window_protect(VML_PAGE_START(addr), PAGE, prot);
		as_unlock();
		return r;
	}
	run_around(v, addr, fault_around, state, &lo, &hi);
	r = grant_locked(v, lo, hi, want);
	if (r == -ENOMEM) {
		r = coarsen_locked(v);
		if (ev)
			ev->coarsened = 1;
	}
	if (ev && r == 0) {
		ev->lo = ev->coarsened ? v->start : lo;
		ev->hi = ev->coarsened ? v->end : hi;
	}
	if (r == 0) {
		struct pager_stats *st = pager_stats_mine();

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

/* ---- preparing memory for the kernel (DESIGN D5) ---- */

uintptr_t pager_prepare_locked(uintptr_t addr, uintptr_t end, int write)
{
	int access = write ? PAGER_WRITE : PAGER_READ;
	uintptr_t cur = VML_PAGE_START(addr);

	while (cur < end) {
		struct vma *v = vma_lookup(T, cur);
		uintptr_t vend;

		if (!v)
			v = expand_stack_locked(cur);
		if (!v || (v->flags & VMA_HOST) || !access_allowed(v, access))
			break;
		vend = v->end < end ? v->end : VML_PAGE_ALIGN(end);
		while (cur < vend) {
			int s, want = target_state(v, access);
			uintptr_t re = pagetable_run(cur, vend, &s);

			if (s != PT_RW && !(s == PT_RO && want == PT_RO)) {
				if (grant_locked(v, cur, re, want) < 0 &&
				    coarsen_locked(v) < 0)
					return cur;
				if (s == PT_RO)
					pager_stats_mine()->cow_breaks++;
			}
			cur = re;
		}
	}
	return cur;
}

/* ---- system calls in flight ----
 *
 * Memory a blocked system call will write when it returns (a read
 * buffer, epoll events) must stay writable if another thread forks
 * meanwhile: fork's copy-on-write downgrade would make the kernel's store
 * fail with EFAULT. The ranges prepared for writing around each call are
 * kept here until it returns, and fork grants them again like pins.
 */
#define MAX_INFLIGHT 1024

struct inflight {
	int tid;
	uintptr_t lo, hi;
};

static struct inflight *inflight;
static int ninflight;

static void note_inflight_locked(uintptr_t lo, uintptr_t hi)
{
	struct vml_thread *t = thread_self();

	if (!t || !t->recording)
		return;
	if (!inflight)
		inflight = arena_alloc(MAX_INFLIGHT * sizeof *inflight);
	if (inflight && ninflight < MAX_INFLIGHT)
		inflight[ninflight++] = (struct inflight){ t->tid, lo, hi };
}

void pager_call_begin(void)
{
	struct vml_thread *t = thread_self();

	if (t)
		t->recording = 1;
}

void pager_call_end(void)
{
	struct vml_thread *t = thread_self();
	int i = 0;

	if (!t || !t->recording)
		return;
	t->recording = 0;
	as_lock();
	while (i < ninflight) {
		if (inflight[i].tid == t->tid)
			inflight[i] = inflight[--ninflight];
		else
			i++;
	}
	as_unlock();
}

void pager_prepare(uintptr_t addr, size_t len, int write)
{
	uintptr_t end = addr + len;

	if (len == 0 || addr >= L->task_size)
		return;
	if (end < addr || end > L->task_size)
		end = L->task_size;
	as_lock();
	pager_prepare_locked(addr, end, write);
	if (write)
		note_inflight_locked(VML_PAGE_START(addr), VML_PAGE_ALIGN(end));
	as_unlock();
}

void pager_prepare_str(uintptr_t addr, size_t cap)
{
	char buf[256];

	/* a path (PATH_MAX) spans at most two pages: granting both for
	 * reading costs less than finding the NUL first; the second page,
	 * when the string ends before it, is only made readable early */
	if (cap <= PAGE) {
		pager_prepare(addr, cap, 0);
		return;
	}
	while (cap) {
		size_t chunk = PAGE - (addr & (PAGE - 1)), i;

		if (chunk > cap)
			chunk = cap;
		if (chunk > sizeof buf)
			chunk = sizeof buf;
		pager_prepare(addr, chunk, 0);
		if (host_copy_in(buf, addr, chunk) < 0)
			return;
		for (i = 0; i < chunk; i++)
			if (buf[i] == '\0')
				return;
		addr += chunk;
		cap -= chunk;
	}
}

int pager_copy_in(void *dst, uintptr_t src, size_t len)
{
	pager_prepare(src, len, 0);
	return host_copy_in(dst, src, len);
}

int pager_copy_out(uintptr_t dst, const void *src, size_t len)
{
	pager_prepare(dst, len, 1);
	return host_copy_out(dst, src, len);
}

long pager_copy_str(char *dst, uintptr_t src, size_t cap)
{
	pager_prepare_str(src, cap);
	return host_copy_str(dst, src, cap);
}

/* ---- pins ---- */

#define MAX_PINS 8192

struct pin {
	int tid;
	uintptr_t lo, hi;
};

static struct pin *pins;
static int npins;

void pager_pin(uintptr_t addr, size_t len)
{
	uintptr_t lo = VML_PAGE_START(addr), hi = VML_PAGE_ALIGN(addr + len);
	int tid = host_gettid(), i;

	if (len == 0 || hi <= lo)
		return;
	as_lock();
	pager_prepare_locked(lo, hi, 1);
	if (!pins)
		pins = arena_alloc(MAX_PINS * sizeof *pins);
	for (i = 0; pins && i < npins; i++)
		if (pins[i].tid == tid && pins[i].lo == lo && pins[i].hi == hi)
			break;
	if (pins && i == npins && npins < MAX_PINS)
		pins[npins++] = (struct pin){ tid, lo, hi };
	as_unlock();
}

/* Preconditions: as.lock held. Drop the pins of tid (keep: drop all but). */
static void drop_pins_locked(int tid, int keep)
{
	int i = 0;

	while (i < npins) {
		if ((pins[i].tid == tid) != keep)
			pins[i] = pins[--npins];
		else
			i++;
	}
}

void pager_thread_exit(int tid)
{
	as_lock();
	drop_pins_locked(tid, 0);
	as_unlock();
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

/*
 * Before fork: every private writable page becomes shared with the child,
 * so its state goes back to PT_RO in both processes and the next write on
 * either side is a copy-on-write break vmload sees. Pinned pages stay
 * writable (the kernel writes them on its own).
 */
/*
 * Preconditions: as.lock held. The lowest page in [lo, hi) that the kernel
 * may write on its own at any moment: a pin, or the buffer of a call
 * blocked in another thread. Returns hi if there is none; else its start,
 * with the end of that range in *end.
 */
static uintptr_t kernel_written_locked(uintptr_t lo, uintptr_t hi,
				       uintptr_t *end)
{
	uintptr_t best = hi;

	for (int i = 0; i < npins; i++)
		if (pins[i].hi > lo && pins[i].lo < best) {
			best = pins[i].lo > lo ? pins[i].lo : lo;
			*end = pins[i].hi;
		}
	for (int i = 0; i < ninflight; i++)
		if (inflight[i].hi > lo && inflight[i].lo < best) {
			best = inflight[i].lo > lo ? inflight[i].lo : lo;
			*end = inflight[i].hi;
		}
	return best;
}

/* Preconditions: as.lock held; [lo, hi) is PT_RW in v. Back to PT_RO
 * except where the kernel writes by itself: those pages are never read-only
 * even for an instant (rseq's area is written at every return to user
 * space, runtime code included: a failed store there is a SIGSEGV the
 * kernel forces). */
static void fork_downgrade_locked(const struct vma *v, uintptr_t lo,
				  uintptr_t hi)
{
	while (lo < hi) {
		uintptr_t kend = hi, k = kernel_written_locked(lo, hi, &kend);

		if (k > lo &&
		    window_protect(lo, k - lo, pager_host_prot(v, PT_RO)) == 0)
			pagetable_set(lo, k, PT_RO);
		lo = k < hi && kend < hi ? kend : hi;
	}
}

void pager_fork_prepare_locked(void)
{
	for (struct vma *v = vma_first(T); v; v = vma_next(v)) {
		if (v->flags & (VMA_HOST | VMA_SHARED | VMA_SPECIAL | VMA_DONTFORK))
			continue;
		for (uintptr_t cur = v->start; cur < v->end;) {
			int s;
			uintptr_t e = pagetable_run(cur, v->end, &s);

			if (s == PT_RW)
				fork_downgrade_locked(v, cur, e);
			cur = e;
		}
	}
	for (int i = 0; i < npins; i++)
		pager_prepare_locked(pins[i].lo, pins[i].hi, 1);
	for (int i = 0; i < ninflight; i++)
		pager_prepare_locked(inflight[i].lo, inflight[i].hi, 1);
}

void pager_fork_child_locked(int parent_tid)
{
	int tid = host_gettid();

	ninflight = 0;	/* the calls in flight are the parent's threads' */
	drop_pins_locked(parent_tid, 1);
	for (int i = 0; i < npins; i++)
		pins[i].tid = tid;
}
