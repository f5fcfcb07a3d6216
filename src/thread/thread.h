/*
 * thread.h - the runtime's per-thread block (DESIGN D6, D7).
 *
 * Every guest thread runs with a runtime altstack, the upper part of a
 * THREAD_SIZE-aligned arena region whose first page is the thread block
 * (the second page is left unused). Handlers run on that altstack (SA_ONSTACK), so they
 * find their block by rounding the stack pointer down; they never use the
 * guest's TLS.
 *
 *   field        written by
 *   magic, tid   the thread itself (start), thread_release
 *   guest_ss     the thread itself (its trapped sigaltstack calls)
 */
#ifndef VMLOAD_THREAD_H
#define VMLOAD_THREAD_H

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

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
struct vml_thread *thread_self(void);
/* The runtime altstack of t, as sigaltstack() takes it. */
stack_t thread_altstack(const struct vml_thread *t);
/* Normal context, before the guest starts: the main thread's block and
 * altstack. 0 or -errno. */
int thread_init_main(void);
/* A fresh block (LIVE, no altstack yet) for a thread about to start, or
 * NULL; thread_free gives back one whose clone failed. SIGSYS context. */
struct vml_thread *thread_alloc(void);
void thread_free(struct vml_thread *t);
/* SIGSYS handler: guest clone with CLONE_VM (not CLONE_VFORK). */
long thread_clone(const long *a, ucontext_t *uc);
/* SIGSYS handler: guest exit of one thread. Never returns. */
void thread_exit(int status) __attribute__((noreturn));
/*
 * Every handler enters and leaves through these (DESIGN D6): on entry from
 * guest code the guest's FS base is saved and the thread block's TCB
 * installed; on leaving to guest code (the interrupted instruction, or a
 * guest signal handler vsig set up) the guest's FS base is put back, since
 * rt_sigreturn does not restore it. fsgsbase: AT_HWCAP2 has FSGSBASE
 * (rdfsbase/wrfsbase), else arch_prctl.
 */
void thread_set_fsgsbase(int fsgsbase);
/* Returns the FS base it found, for thread_fs_leave: resuming runtime code
 * gets that one back. */
uint64_t thread_fs_enter(const ucontext_t *uc);
void thread_fs_leave(const ucontext_t *uc, uint64_t prev);
/* From the guest's start on (before it, the loader runs on glibc's TLS). */
void thread_fs_switching(void);
/* Install glibc's own TLS (fs == 0) or put fs back; returns the FS base
 * found. Only for the terminal path (final.h). */
uint64_t thread_use_libc_tls(uint64_t fs);
/* The guest's arch_prctl: FS is served from the saved copy, the rest
 * passed through. */
long thread_arch_prctl(const long *a);

/* Was the context interrupted in runtime code? */
int thread_in_runtime(const ucontext_t *uc);

/* In a fork child: the only thread is the caller. */
void thread_fork_child(void);

#endif
