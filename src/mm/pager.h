/*
 * pager.h - demand paging and copy-on-write of guest memory (DESIGN D4, D5).
 *
 * Every guest mapping starts unpopulated at host level (PROT_NONE inside its
 * host mapping). The runtime page table (pt.h) records, per page, what the
 * runtime has granted; the host protection of a page is derived from its
 * state and its VMA's guest protection:
 *
 *   state     meaning                                   host protection
 *   PT_NONE   never granted                             PROT_NONE
 *   PT_RO     present, read-only and shared: the zero   guest prot minus
 *             page, a page-cache page, or a page still   PROT_WRITE
 *             shared with a fork
 *   PT_RW     present and private (or a MAP_SHARED      guest prot
 *             page): writes go straight to it
 *
 * Async-signal-safe zone. Every function takes as.lock itself unless its
 * name ends in _locked.
 */
#ifndef VMLOAD_PAGER_H
#define VMLOAD_PAGER_H

#include <stddef.h>
#include <stdint.h>

#include "vma.h"

/*
 * Make guest [addr, addr+len) usable by the kernel for a system call that
 * reads it (write = 0) or writes it (write = 1, breaking copy-on-write).
 * Pages are granted as a guest access would grant them; it stops quietly at
 * the first page the guest itself could not access that way (no VMA, or
 * the protection forbids it), so the system call then fails there exactly
 * as it would natively. len 0 prepares nothing.
 */
void pager_prepare(uintptr_t addr, size_t len, int write);

/*
 * The same for a NUL-terminated guest string: prepares page by page for
 * reading until the NUL (or cap bytes, or an inaccessible page). With cap
 * at most a page (PATH_MAX) the whole [addr, addr+cap) is prepared without
 * looking for the NUL: at most one page more than the kernel will read.
 */
void pager_prepare_str(uintptr_t addr, size_t cap);

/* host_copy_in / host_copy_out / host_copy_str (host.h) for the runtime's
 * own reads and writes of guest memory, preparing it first. */
int pager_copy_in(void *dst, uintptr_t src, size_t len);
int pager_copy_out(uintptr_t dst, const void *src, size_t len);
long pager_copy_str(char *dst, uintptr_t src, size_t cap);

/*
 * Memory the kernel writes on its own, later, outside any system call (the
 * CLONE_CHILD_CLEARTID word, the robust-futex list head, the rseq area):
 * prepare it for writing and keep it present and writable for good, also
 * across fork (DESIGN D5 "pinned"). Pins are per thread: they are dropped
 * when the thread that set them exits.
 */
void pager_pin(uintptr_t addr, size_t len);

/* Around a system call issued for the guest: what pager_prepare makes
 * writable in between stays writable across another thread's fork until
 * pager_call_end (the kernel may store into it when the call returns). */
void pager_call_begin(void);
void pager_call_end(void);

/* ---- the runtime's side ---- */

struct vma;

/* Kinds of access (pager_fault), from the page-fault error code. */
#define PAGER_READ	0
#define PAGER_WRITE	1
#define PAGER_EXEC	2
#define PAGER_RETRY	4	/* the host refused an access already granted */

/* pager_fault results other than 0 (consumed: retry the instruction). */
#define PAGER_MAPERR	1	/* no VMA: the guest's SEGV_MAPERR */
#define PAGER_ACCERR	2	/* the VMA forbids it: SEGV_ACCERR */
#define PAGER_OOM	3	/* could not grant: the host is out of memory */

/* Counters, updated under as.lock. */
struct pager_stats {
	unsigned long faults, pages;		/* demand faults, pages granted */
	unsigned long cow_breaks, cow_pages;	/* writes to shared pages */
	unsigned long coarsened;		/* VMAs made whole (VMA budget) */
};
extern struct pager_stats pager_stats;
/* A vfork child's counts: it shares this memory with its parent but is a
 * process of its own (counted here once pager_stats_split is on). */
extern struct pager_stats pager_vfork_stats;
/* From now on count what process pid does in pager_stats and what any
 * other process sharing this memory does in pager_vfork_stats (one
 * getpid per count); 0 counts everything in pager_stats. */
void pager_stats_split(int pid);
/* The calling process's counters (async-signal-safe). */
struct pager_stats *pager_stats_mine(void);

/* Called from the SIGSEGV handler for an address inside the window: grant
 * the access as the kernel's fault handler would (growing a stack VMA
 * when the address is in its growth range). 0 or PAGER_*. */
int pager_fault(uintptr_t addr, int access);

/* What one fault found and did, for the trace (VMLOAD_TRACE=fault). */
struct pager_event {
	int found;		/* vma is the VMA the address fell in */
	struct vma vma;		/* a copy taken under as.lock (after growth) */
	int grew;		/* a stack VMA was grown down to the address */
	int from;		/* page-table state of the page before (PT_*) */
	int coarsened;		/* the host VMA budget ran out: v made whole */
	uintptr_t lo, hi;	/* pages granted; lo == hi when none */
};
/* pager_fault, also filling *ev when ev is not NULL. */
int pager_fault_ev(uintptr_t addr, int access, struct pager_event *ev);
/* VMLOAD_FAULT_AROUND (rounded down to a power of two, at least a page). */
void pager_set_fault_around(size_t bytes);
/* Host protection of a page of v in a page-table state. */
int pager_host_prot(const struct vma *v, int state);
/* A thread is gone: drop its pins. */
void pager_thread_exit(int tid);

/* For mman.c, with as.lock held (Preconditions: page-aligned ranges). */
/* Change v's protection over [lo, hi) (inside v) for the granted pages;
 * 0 or -errno with everything as before. */
int pager_reprotect_locked(struct vma *v, uintptr_t lo, uintptr_t hi,
			   int prot);
/* pager_prepare for [addr, end); returns how far it got. */
uintptr_t pager_prepare_locked(uintptr_t addr, uintptr_t end, int write);
/* The pages of [lo, hi) are gone (unmapped): forget them. */
void pager_forget_locked(uintptr_t lo, uintptr_t hi);
/* Take every page of [lo, hi) away at host level and in the table
 * (MADV_DONTNEED: the next access faults again). */
void pager_drop_locked(uintptr_t lo, uintptr_t hi);
/* fork: before the clone in the parent, and in the child after it. */
void pager_fork_prepare_locked(void);
void pager_fork_child_locked(int parent_tid);

#endif
