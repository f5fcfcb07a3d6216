/*
 * base.h - the face of src/base/: what every other part of the runtime
 * stands on. Raw system calls (host), async-signal-safe formatting (log),
 * the runtime's own memory (arena), the per-thread block (current) and the
 * FS base switch around handlers (fsbase), the event counters (counters),
 * the kernel's signal-frame context (kctx), and the run configuration's
 * parser (config, include/vmload/config.h).
 *
 * ==== The async-signal-safe zone ===========================================
 *
 * Everything a SIGSYS, SIGSEGV or SIGBUS handler, or a fast-call entry, can
 * reach runs on a guest thread whose %fs is the guest's TLS until fsbase_enter
 * switched it, with every asynchronous signal blocked, possibly interrupting
 * the guest in the middle of its own malloc or stdio. The zone covers the
 * folders base/, mm/, signal/, thread/, sys/ and entry/ and the event hooks of
 * observe/ (trace, stats, mapshot's at_* calls). Its rules:
 *
 *   1. No libc function with state: no malloc/free, no stdio, no errno
 *      (nothing that sets it: sigaction(), open()...), no locale, no
 *      libelf, libdw or libunwind. The pure string and memory functions
 *      (memcpy, memset, memmove, memcmp, memchr, strlen, strnlen, strcmp,
 *      strncmp, strchr, strrchr, strstr, strncpy) are allowed.
 *   2. System calls go through host_syscall6() and the host_* wrappers,
 *      which return -errno and never touch errno.
 *   3. Memory comes from the arena (arena_alloc): never freed, or given
 *      back newest first (arena_free_last).
 *   4. Guest memory is read and written only through host_copy_in/out
 *      (process_vm_readv/writev: an unmapped page is -EFAULT, never a
 *      fault inside a handler), after mm has prepared it.
 *   5. A lock is taken only as the lock table in mm.h allows for the
 *      context, and guest memory is never touched while as.lock is held.
 *   6. Code that needs libc after all (the crash report, the picture of the
 *      address space) runs on the terminal path, inside final_enter() /
 *      final_leave() (observe.h), and nowhere else.
 *
 * The `zone` test (tests/zone.py, in meson test) checks rule 1 on the
 * zone's object files with nm: an undefined symbol outside the runtime and
 * outside the allowed list fails it.
 * ============================================================================
 */
#ifndef VMLOAD_BASE_H
#define VMLOAD_BASE_H

#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <ucontext.h>

/* ==== host: raw system calls ============================================== */

/* A kernel result in [-4095, -1] is -errno. */
#define IS_ERR_VAL(x) ((unsigned long)(x) >= (unsigned long)-4095L)

static inline long host_syscall6(long nr, long a1, long a2, long a3, long a4,
				 long a5, long a6)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define host_sys0(nr) host_syscall6(nr, 0, 0, 0, 0, 0, 0)
#define host_sys1(nr, a) host_syscall6(nr, (long)(a), 0, 0, 0, 0, 0)
#define host_sys2(nr, a, b) host_syscall6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define host_sys3(nr, a, b, c) \
	host_syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define host_sys4(nr, a, b, c, d) \
	host_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define host_sys5(nr, a, b, c, d, e) \
	host_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

long host_mmap(uintptr_t addr, size_t len, int prot, int flags, int fd,
	       off_t off);
int host_munmap(uintptr_t addr, size_t len);
int host_mprotect(uintptr_t addr, size_t len, int prot);
long host_mremap(uintptr_t old, size_t oldlen, size_t newlen, int flags,
		 uintptr_t newaddr);
long host_read(int fd, void *buf, size_t len);
long host_pread(int fd, void *buf, size_t len, off_t off);
long host_write(int fd, const void *buf, size_t len);
int host_write_all(int fd, const void *buf, size_t len);
int host_open(const char *path, int flags, int mode);
int host_close(int fd);
int host_getpid(void);
int host_gettid(void);
/* Copy between the runtime and guest memory without ever faulting:
 * -EFAULT when the guest range is not readable/writable. */
int host_copy_in(void *dst, uintptr_t src, size_t len);
int host_copy_out(uintptr_t dst, const void *src, size_t len);
/* n guest ranges into n runtime buffers of the same lengths with one
 * process_vm_readv (n at most 1024): the bytes read, -errno when none. The
 * ranges are read in order and each one whole or not at all, so the bytes
 * read say which of the first ranges arrived. */
struct iovec;
long host_copy_in_vec(const struct iovec *local, const struct iovec *remote,
		      int n);
/* The same from another process (process_vm_readv): 0 or -errno. */
int host_copy_from(int pid, void *dst, uintptr_t src, size_t len);
/* Copy a NUL-terminated guest string of at most cap bytes (with NUL):
 * length, -EFAULT, or -ENAMETOOLONG. */
long host_copy_str(char *dst, uintptr_t src, size_t cap);
void host_futex_wait(int *word, int val);
void host_futex_wake(int *word, int n);
/* The guest's action for a signal, in the kernel's struct sigaction
 * layout (rt_sigaction's); an ia32 guest's is widened to it. */
struct ksigaction {
	uintptr_t handler;
	unsigned long flags;
	uintptr_t restorer;
	uint64_t mask;
};
/* rt_sigaction(sig, act, old) with the kernel's layout: 0 or -errno. */
int host_sigaction(int sig, const struct ksigaction *act,
		   struct ksigaction *old);
/* Does this host run 32-bit (compat mode) code, int $0x80 included? A
 * kernel without IA-32 emulation refuses i386 programs with ENOEXEC. Asks
 * a throwaway child the first time (a clone and a wait), then remembers. */
int host_runs_ia32(void);

/* The runtime's own text, [lo, hi): its system calls pass the filter, and
 * an instruction pointer there means a handler interrupted the runtime. */
void host_text_range(uintptr_t *lo, uintptr_t *hi);
int host_text_contains(uintptr_t ip);

/* ==== log: async-signal-safe formatting =================================== */

/*
 * log_fmt() understands %s %c %d %i %u %x %p and the l/z length modifiers,
 * a zero flag and a field width (%08lx, %-20s): enough for /proc/<pid>/maps
 * and for messages. No locale, no malloc, no errno.
 */
size_t log_vfmt(char *buf, size_t cap, const char *fmt, va_list ap);
size_t log_fmt(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Write "vmload: <message>\n" to stderr. */
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A broken invariant: "vmload: internal error: <message>", then abort. */
_Noreturn void log_panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* ==== arena: runtime memory outside the guest window ===================== */

/* Reserve the arena. Normal context, before the window exists. 0 or
 * -errno. */
int arena_init(void);
/* Zeroed, 16-byte aligned, never freed. NULL when exhausted. */
void *arena_alloc(size_t size);
/* Give back p, size bytes from arena_alloc, if nothing was allocated after
 * it (the memory of an operation that failed, freed newest first); it is
 * zeroed again. 1 when given back, 0 when it stays allocated. */
int arena_free_last(void *p, size_t size);
/* The same at a power-of-two alignment (size a multiple of it). */
void *arena_alloc_aligned(size_t size, size_t align);
/* Is addr arena memory? */
int arena_contains(uintptr_t addr);
/* 1 MiB of runtime address space after the arena where host mappings that
 * must leave the window (the vDSO) can wait. */
uintptr_t arena_park_area(void);

/* ==== current: the per-thread block (DESIGN D6, D7) ====================== */

/*
 * Every guest thread runs with a runtime altstack, the upper part of a
 * THREAD_SIZE-aligned arena region whose first page is the thread block
 * (the second page is left unused). Handlers run on that altstack
 * (SA_ONSTACK), so they find their block by rounding the stack pointer
 * down; they never use the guest's TLS. As the kernel's `current`, it sits
 * below everything that keeps per-thread state in it.
 *
 *   field              written by
 *   magic, tid, state  current_alloc, the thread at its start, its exit
 *   guest_ss, vblocked the thread itself (its trapped signal calls)
 *   guest_fs           fsbase_enter, the thread's ARCH_SET_FS
 *   in_call, npend,    the thread itself, around a call issued for the
 *   pend, recording    guest (signal/, mm's pager_call_*)
 */
#define THREAD_SIZE (256UL << 10)
#define THREAD_MAGIC 0x766d6c7468726431ULL

struct vml_thread {
	uint64_t magic;
	int tid;
	int state;		/* THREAD_FREE / LIVE / EXITING */
	struct vml_thread *next_free;
	stack_t guest_ss;	/* the guest's own sigaltstack, virtual */
	uint64_t vblocked;	/* which of the runtime's signals the guest
				   has blocked, virtually */
	uint64_t guest_fs;	/* the guest's FS base while a handler runs
				   (its ARCH_SET_FS changes this copy) */
	uint64_t tcb[8];	/* the runtime's FS points here in handlers:
				   tcb[0] itself, tcb[5] (%fs:0x28) a canary */
	int in_call;		/* a system call issued for the guest is in
				   progress, with the guest's mask */
	int recording;		/* pager_prepare notes write ranges: the
				   kernel writes them while the call runs */
	int npend;		/* signals that interrupted it, re-sent when
				   the SIGSYS handler returns (vsig.c) */
	siginfo_t pend[8];
};

enum { THREAD_FREE, THREAD_LIVE, THREAD_EXITING };

/* The calling thread's block (from a handler running on its altstack), or
 * NULL for a thread the runtime did not start. */
struct vml_thread *current_thread(void);
/* The runtime altstack of t, as sigaltstack() takes it. */
stack_t current_altstack(const struct vml_thread *t);
/* Normal context, before the guest starts: the main thread's block and
 * altstack. 0 or -errno. */
int current_init_main(void);
/* A fresh block (LIVE, no altstack yet) for a thread about to start, or
 * NULL; current_free gives back one whose clone failed. SIGSYS context. */
struct vml_thread *current_alloc(void);
void current_free(struct vml_thread *t);
/* The calling thread is about to exit: its block is reused once the
 * kernel says the thread is gone (the block's stack is in use until the
 * exit itself). */
void current_exiting(void);
/* In a fork child: the only thread is the caller. */
void current_fork_child(void);

/* ==== fsbase: the FS base around handlers (DESIGN D6) ==================== */

/*
 * Every handler enters and leaves through these: on entry from guest code
 * the guest's FS base is saved and the thread block's TCB installed; on
 * leaving to guest code (the interrupted instruction, or a guest signal
 * handler vsig set up) the guest's FS base is put back, since rt_sigreturn
 * does not restore it. fsgsbase: AT_HWCAP2 has FSGSBASE
 * (rdfsbase/wrfsbase), else arch_prctl.
 */
void fsbase_set_fsgsbase(int fsgsbase);
/* Returns the FS base it found, for fsbase_leave: resuming runtime code
 * gets that one back. */
uint64_t fsbase_enter(const ucontext_t *uc);
void fsbase_leave(const ucontext_t *uc, uint64_t prev);
/* From the guest's start on (before it, the loader runs on glibc's TLS). */
void fsbase_switching(void);
/* Install glibc's own TLS (fs == 0) or put fs back; returns the FS base
 * found. Only for the terminal path (observe.h final_enter). */
uint64_t fsbase_use_libc_tls(uint64_t fs);
/* The FS base register itself. */
uint64_t fsbase_get(void);
void fsbase_set(uint64_t v);

/* ==== counters: what VMLOAD_STATS reports ================================= */

/* Counts of one process, updated with relaxed atomics or under as.lock. */
struct vml_counters {
	unsigned long traps;			/* system calls served by SIGSYS */
	unsigned long faults, pages;		/* demand faults, pages granted */
	unsigned long cow_breaks, cow_pages;	/* writes to shared pages */
	unsigned long coarsened;		/* VMAs made whole (VMA budget) */
};
/* The calling process's counters. A vfork child shares this memory with
 * its parent but is a process of its own: once counters_split(pid) is on,
 * what process pid does is counted apart from what any other process
 * sharing the memory does (one getpid per count). Async-signal-safe. */
struct vml_counters *counters_mine(void);
void counters_split(int pid);
/* Start every count from zero (a fork child, a stats line written). */
void counters_clear(struct vml_counters *c);
void counters_fork_child(void);

/* ==== kctx: the kernel's signal-frame context ============================ */

/* The kernel's struct ucontext as a signal frame holds it (uc_sigmask is
 * 8 bytes there, not glibc's 128). */
struct kucontext {
	unsigned long uc_flags;
	uintptr_t uc_link;
	stack_t uc_stack;
	mcontext_t uc_mcontext;
	uint64_t uc_sigmask;
};

/* Bytes of FPU state behind a context's fpregs: the xsave size its
 * software-reserved bytes give (up to 64 KiB), else the fxsave area alone;
 * 0 for none. */
size_t kctx_fpstate_size(const void *fp);

/* Kernel signal constants glibc's <signal.h> does not give; the UAPI
 * headers that define them (<linux/signal.h>, <asm/signal.h>) cannot be
 * included beside it (their sigset_t). */
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000		/* asm/signal.h */
#endif
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)	/* linux/signal.h */
#endif

/* The kernel's sigset_t, 64 signals: the sigsetsize of every rt_sig* call. */
#define KSIGSET_SIZE 8

/* The signal-mask bit of sig. */
#define SIG_BIT(s) (1ULL << ((s) - 1))
/* The runtime's own signals (DESIGN D8): their dispositions are virtual and
 * they are never blocked at host level. */
#define RUNTIME_SIGS (SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGSYS))
/* The synchronous signals a handler must always be able to take. */
#define SYNC_SIGS (RUNTIME_SIGS | SIG_BIT(SIGILL) | SIG_BIT(SIGFPE) | \
		   SIG_BIT(SIGTRAP))

#endif
