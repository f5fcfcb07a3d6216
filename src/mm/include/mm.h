/*
 * mm.h - the face of src/mm/: the guest's address space (DESIGN D1, D2,
 * D4, D5, D10). The layout numbers (include/vmload/layout.h), the window
 * reserved at host level, the VMA tree (what the guest asked for), the
 * page table (what the runtime granted), the mmap family
 * (include/vmload/mman.h), demand paging and copy-on-write (the pager),
 * preparing guest memory for the kernel, and the guest's /proc views.
 *
 * ==== Locks and signal contexts ============================================
 *
 * The one table of every lock the runtime takes, in the order they may
 * nest (a lock is only ever taken while holding locks above it):
 *
 *   lock             where        taken in
 *   as.lock          mm (as.c)    normal context (loader, before the guest
 *                                 runs); SIGSYS handler and fast-call
 *                                 entry (guest system calls, every async
 *                                 signal blocked); SIGSEGV/SIGBUS handler
 *                                 (the fault path: the pager); the
 *                                 terminal path only with as_trylock,
 *                                 the dying thread may hold it
 *    `- arena spin   base/arena   any context: held for a few stores,
 *                                 never across a system call
 *   thread-block     base/current any context, never nested with as.lock
 *     spin                        held or held inside it; a few stores
 *   final owner      observe/     not a lock: a compare-and-swap claims
 *                    final.c      the terminal path for one thread
 *
 * A handler never waits for as.lock held by the thread it interrupted:
 * every handler that takes it runs with the asynchronous signals blocked,
 * and the fault path is never entered from code holding it (nothing
 * touches guest memory while holding as.lock, except host system calls
 * that may read it, msync and mincore, and the kernel itself).
 * ============================================================================
 *
 * Async-signal-safe zone (base.h). Every function here takes as.lock
 * itself unless its name ends in _locked.
 */
#ifndef VMLOAD_MM_H
#define VMLOAD_MM_H

#include <stddef.h>
#include <stdint.h>

#include "vmload/layout.h"
#include "vmload/mman.h"

/* ==== the VMAs: the guest's view of its address space ==================== */

/* vma.flags */
#define VMA_SHARED	0x0001u	/* MAP_SHARED: shows 's' in maps */
#define VMA_GROWSDOWN	0x0002u	/* stack: guard gap below it */
#define VMA_MAYREAD	0x0004u
#define VMA_MAYWRITE	0x0008u
#define VMA_MAYEXEC	0x0010u
#define VMA_NORESERVE	0x0020u
#define VMA_HOST	0x0040u	/* not the guest's: host or runtime, hidden */
#define VMA_SPECIAL	0x0080u	/* [vdso]/[vvar]: never merged or moved */
#define VMA_LOCKED	0x0100u
#define VMA_DONTFORK	0x0200u
#define VMA_SHM		0x0400u	/* SysV segment attached with shmat */
#define VMA_ACCOUNT	0x0800u	/* VM_ACCOUNT: was private-writable; keeps
				   the kernel from merging RELRO pieces */

/* A mapped file as /proc/<pid>/maps names it. Never freed. */
struct vml_file {
	unsigned dev_major, dev_minor;
	uint64_t ino;
	char path[];		/* NUL-terminated, as d_path gives it */
};

struct vma {
	uintptr_t start, end;	/* invariant: page-aligned, start < end */
	int prot;		/* PROT_* the guest asked for */
	unsigned flags;		/* VMA_* */
	const struct vml_file *file; /* NULL: anonymous */
	uint64_t pgoff;		/* file offset of start, in bytes; for private
				   anonymous memory the address it was
				   created at (vm_pgoff), 0 for shared */
	const char *name;	/* "[vdso]", "[vvar]"...: overrides file */
	unsigned anon;		/* the kernel's anon_vma, as an identity: 0
				   until a private page is first written
				   (anon_vma_prepare), shared by the VMAs split
				   from one; VMAs with different ones never
				   merge */
	/* tree links and augmentation; private to vma.c */
	struct vma *left, *right, *parent;
	int height;
	uintptr_t sub_min, sub_max, sub_gap;
};

/* An AVL tree keyed by start address (vma.c). */
struct vma_tree {
	struct vma *root;
	size_t count;
	struct vma *(*alloc)(void *ctx);	/* zeroed node or NULL */
	void (*release)(void *ctx, struct vma *v);
	void *ctx;
};

/* Reading the tree; Preconditions: as.lock held (or the tree owned). */
/* The first VMA with end > addr (the kernel's find_vma), or NULL. */
struct vma *vma_find(const struct vma_tree *t, uintptr_t addr);
/* The VMA containing addr, or NULL. */
struct vma *vma_lookup(const struct vma_tree *t, uintptr_t addr);
struct vma *vma_first(const struct vma_tree *t);
struct vma *vma_next(const struct vma *v);
struct vma *vma_prev(const struct vma *v);

/* ==== as: the address space of this process ============================== */

#define VML_AS_MAGIC 0x766d6c6f61647631ULL /* "vmloadv1" */

struct vml_as {
	uint64_t magic;			/* VML_AS_MAGIC once as_init ran: other
					   vmload processes read this struct */
	int lock;			/* futex word: 0 free, 1 held, 2 contended */
	struct vml_layout layout;	/* immutable after as_init */
	struct vma_tree tree;		/* as.lock */
	uintptr_t start_brk, brk;	/* as.lock */
	uint64_t data_size;		/* end_data - start_data, for RLIMIT_DATA */
	uintptr_t start_stack;		/* names [stack]; immutable after exec */
	uintptr_t host_stack_lo;	/* host memory backing stack growth */
	uintptr_t stack_top;
	size_t nhost;			/* VMA_HOST nodes in tree: as.lock */
	size_t max_map_count;		/* the guest's vm.max_map_count; immutable
					   after as_init */
};

extern struct vml_as vml_as;

/* Normal context, once, before anything is mapped. */
void as_init(const struct vml_layout *l);
void as_lock(void);
/* 1: taken (release with as_unlock); 0: held by someone, nothing done. */
int as_trylock(void);
void as_unlock(void);

/* ==== window: the host side of the guest window (DESIGN D2) ============== */

/* A host mapping found inside the window at start (47-bit window only). */
struct window_zone {
	uintptr_t lo, hi;
	char name[32];	/* "[vdso]", "[vvar]", "[vvar_vclock]", or "" */
};

#define WINDOW_MAX_ZONES 64

/*
 * Reserve [mmap_min, task_size) PROT_NONE except where the host already is;
 * those ranges are returned as zones (merged, with room for the runtime's
 * heap and stack). Normal context. 0 or -errno.
 */
int window_init(const struct vml_layout *l, struct window_zone *zones,
		int *nzones);
/* Move the host's vDSO block to `to` (runtime space) so the window
 * reservation does not have to go around it. 0 or -errno. */
int window_park_vdso(uintptr_t to);
/* vm.mmap_min_addr, where the window starts. */
uint64_t window_mmap_min_addr(void);

/* ==== the page table: what the runtime granted, per page ================= */

/*
 * Every guest mapping starts unpopulated at host level (PROT_NONE inside its
 * host mapping). The runtime page table (pagetable.c) records, per page,
 * what the runtime has granted; the host protection of a page is derived
 * from its state and its VMA's guest protection:
 *
 *   state     meaning                                   host protection
 *   PT_NONE   never granted                             PROT_NONE
 *   PT_RO     present, read-only and shared: the zero   guest prot minus
 *             page, a page-cache page, or a page still   PROT_WRITE
 *             shared with a fork
 *   PT_RW     present and private (or a MAP_SHARED      guest prot
 *             page): writes go straight to it
 */
enum { PT_NONE = 0, PT_RO = 1, PT_RW = 2 };

/* Preconditions: as.lock held. The state of the page holding addr. */
int pagetable_get(uintptr_t addr);
/* Bytes of runtime memory the table uses. */
size_t pagetable_bytes(void);

/* ==== the pager: preparing guest memory for the kernel (DESIGN D5) ======= */

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

/* host_copy_in / host_copy_out / host_copy_str (base.h) for the runtime's
 * own reads and writes of guest memory, preparing it first. */
int pager_copy_in(void *dst, uintptr_t src, size_t len);
int pager_copy_out(uintptr_t dst, const void *src, size_t len);
long pager_copy_str(char *dst, uintptr_t src, size_t cap);

/*
 * Memory the kernel writes on its own, later, outside any system call (the
 * CLONE_CHILD_CLEARTID word, the robust-futex list head, the rseq area):
 * prepare it for writing and keep it present and writable for good, also
 * across fork (DESIGN D5 "pinned"). Pins are per thread: they are dropped
 * when the thread that set them exits (pager_thread_exit).
 */
void pager_pin(uintptr_t addr, size_t len);
/* A thread is gone: drop its pins. */
void pager_thread_exit(int tid);

/* Around a system call issued for the guest: what pager_prepare makes
 * writable in between stays writable across another thread's fork until
 * pager_call_end (the kernel may store into it when the call returns). */
void pager_call_begin(void);
void pager_call_end(void);

/* fork, with as.lock held from before the clone (in the parent) to after
 * pager_fork_child_locked (in the child): every private writable page
 * becomes shared with the child (PT_RO again in both), except what the
 * kernel may write on its own. pager_prepare_locked(addr, end, write)
 * prepares [addr, end) as pager_prepare does and returns how far it got:
 * the clone's own tid words. */
void pager_fork_prepare_locked(void);
void pager_fork_child_locked(int parent_tid);
uintptr_t pager_prepare_locked(uintptr_t addr, uintptr_t end, int write);

/* ==== the pager: the fault path (DESIGN D4) ============================== */

/* Kinds of access (pager_fault), from the page-fault error code. */
#define PAGER_READ	0
#define PAGER_WRITE	1
#define PAGER_EXEC	2
#define PAGER_RETRY	4	/* the host refused an access already granted */

/* pager_fault results other than 0 (consumed: retry the instruction). */
#define PAGER_MAPERR	1	/* no VMA: the guest's SEGV_MAPERR */
#define PAGER_ACCERR	2	/* the VMA forbids it: SEGV_ACCERR */
#define PAGER_OOM	3	/* could not grant: the host is out of memory */

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
/* VMLOAD_FAULT_AROUND (rounded down to a power of two, at least a page).
 * Normal context, before the guest runs. */
void pager_set_fault_around(size_t bytes);

/* ==== procfs: the guest's own /proc views (DESIGN D10) =================== */

/* Does this path name the calling process's maps file? */
int procfs_is_self_maps(const char *path);
/* Write the guest's /proc/<pid>/maps in the kernel's format to fd. */
int procfs_write_maps(int fd);
/* /proc/<pid>/maps (or .../task/<tid>/maps) of another process: its pid,
 * else 0. */
int procfs_other_maps_pid(const char *path);
/* The guest view of another process running vmload: 0, or -1 when pid is
 * not such a process or cannot be read (the caller falls back). */
int procfs_write_maps_of(int fd, int pid);
/* Format one maps line into buf (for tests); returns its length. */
size_t procfs_format_line(char *buf, size_t cap, unsigned long lo,
			  unsigned long hi, int prot, int shared,
			  unsigned long off, unsigned major, unsigned minor,
			  unsigned long ino, const char *name);
/* The name /proc/<pid>/maps shows for v ("[heap]", a path...), or NULL.
 * This process's VMA (a copy will do: file identities are never freed). */
const char *procfs_vma_name(const struct vma *v);

/* Where the guest's argument and environment strings are (set at exec). */
void procfs_set_args(uintptr_t arg_start, uintptr_t arg_end,
		     uintptr_t env_end);
/* /proc/self/cmdline (what = 0) or environ (1) of the guest, read from its
 * memory as the kernel reads them, written to fd. 0 or -errno. */
int procfs_write_args(int fd, int what);
/* Does this path name the calling process's cmdline (0) or environ (1)
 * file? -1 if neither. */
int procfs_self_args(const char *path);

/* The guest's executable, as its /proc/self/exe link shows it. */
void procfs_set_exe(const char *path);
const char *procfs_exe(void);
/* Does this path name /proc/<own pid>/exe? */
int procfs_is_self_exe(const char *path);

/* The guest is an ia32 program: its maps show no [vsyscall] line.
 * Normal context, before the guest runs. */
void procfs_set_compat(int on);

#endif
