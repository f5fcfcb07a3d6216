/*
 * pager_prepare.c - guest memory the kernel touches (mm.h; DESIGN D5;
 * async-signal-safe zone: host_* calls, arena memory, as.lock): prepared
 * before a system call, kept writable while a blocked call may still
 * write it, pinned where the kernel writes on its own, and kept writable
 * across fork's copy-on-write downgrade.
 */
#include "pager_int.h"

#include <sys/mman.h>

#include "base.h"
#include "pagetable.h"
#include "window.h"

/* ---- preparing memory for the kernel (DESIGN D5) ---- */

uintptr_t pager_prepare_locked(uintptr_t addr, uintptr_t end, int write)
{
	int access = write ? PAGER_WRITE : PAGER_READ;
	uintptr_t cur = VML_PAGE_START(addr);

	while (cur < end) {
		struct vma *v = vma_lookup(T, cur);
		uintptr_t vend;

		if (!v)
			v = pager_expand_stack_locked(cur);
		if (!v || (v->flags & VMA_HOST) || !pager_access_allowed(v, access))
			break;
		vend = v->end < end ? v->end : VML_PAGE_ALIGN(end);
		while (cur < vend) {
			int s, want = pager_target_state(v, access);
			uintptr_t re = pagetable_run(cur, vend, &s);

			if (s != PT_RW && !(s == PT_RO && want == PT_RO)) {
				if (pager_grant_locked(v, cur, re, want) < 0 &&
				    pager_coarsen_locked(v) < 0)
					return cur;
				if (s == PT_RO)
					counters_mine()->cow_breaks++;
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
	struct vml_thread *t = current_thread();

	if (!t || !t->recording)
		return;
	if (!inflight)
		inflight = arena_alloc(MAX_INFLIGHT * sizeof *inflight);
	if (inflight && ninflight < MAX_INFLIGHT)
		inflight[ninflight++] = (struct inflight){ t->tid, lo, hi };
}

void pager_call_begin(void)
{
	struct vml_thread *t = current_thread();

	if (t)
		t->recording = 1;
}

void pager_call_end(void)
{
	struct vml_thread *t = current_thread();
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
