/*
 * thread.c - per-thread blocks and the clone trampoline (async-signal-safe
 * zone, except thread_init_main).
 *
 * A guest clone with CLONE_VM is not passed through from the SIGSYS
 * handler: the child would inherit the handler's blocked mask, have no
 * altstack and return into the runtime on a guest stack that may not even
 * be present (HARD-PROBLEMS §3). Instead the runtime issues the clone with
 * a runtime stack of its own; the child installs its altstack and the
 * guest's signal mask, restores the guest's FPU state and registers, and
 * jumps to the instruction after the guest's syscall.
 */
#include "thread.h"

#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "arena.h"
#include "host.h"
#include "pager.h"

#define PAGE 4096UL
#define ENOMEM 12
#define ESRCH 3
#define SYNC_SIGS ((1ULL << (SIGSEGV - 1)) | (1ULL << (SIGBUS - 1)) | \
		   (1ULL << (SIGILL - 1)) | (1ULL << (SIGFPE - 1)) | \
		   (1ULL << (SIGTRAP - 1)) | (1ULL << (SIGSYS - 1)))

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

extern char __executable_start[], etext[];

/* the block lives in the first page; the altstack starts two pages in */
_Static_assert(sizeof(struct vml_thread) <= 2 * PAGE, "thread block too big");

static struct vml_thread *free_list, *exiting[4096];
static int have_fsgsbase, fs_switching;
static uint64_t libc_fs;	/* glibc's TLS of the loader, idle once the
				   guest runs: the terminal path's (final.h) */
static int nexiting;
static int lock;

static void spin_lock(void)
{
	while (__sync_lock_test_and_set(&lock, 1))
		__builtin_ia32_pause();
}

static void spin_unlock(void)
{
	__sync_lock_release(&lock);
}

struct vml_thread *thread_self(void)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	struct vml_thread *t = (struct vml_thread *)(sp & ~(THREAD_SIZE - 1));

	if (!arena_contains((uintptr_t)t) || t->magic != THREAD_MAGIC)
		return NULL;
	return t;
}

stack_t thread_altstack(const struct vml_thread *t)
{
	stack_t ss = { .ss_sp = (char *)t + 2 * PAGE, .ss_flags = 0,
		       .ss_size = THREAD_SIZE - 2 * PAGE };

	return ss;
}

/* A block whose thread is gone for good (tgkill says ESRCH). */
static struct vml_thread *reap_locked(void)
{
	int pid = host_getpid();

	for (int i = 0; i < nexiting; i++) {
		struct vml_thread *t = exiting[i];

		if (host_sys3(SYS_tgkill, pid, t->tid, 0) == -ESRCH) {
			exiting[i] = exiting[--nexiting];
			return t;
		}
	}
	return NULL;
}

struct vml_thread *thread_alloc(void)
{
	struct vml_thread *t;

	spin_lock();
	t = free_list;
	if (t)
		free_list = t->next_free;
	else
		t = reap_locked();
	spin_unlock();
	if (!t) {
		/* no guard page: each would cost two host VMAs, and the
		 * host's vm.max_map_count is shared with the guest */
		t = arena_alloc_aligned(THREAD_SIZE, THREAD_SIZE);
		if (!t)
			return NULL;
	}
	memset(t, 0, sizeof *t);
	t->magic = THREAD_MAGIC;
	t->tcb[0] = (uint64_t)(uintptr_t)t->tcb;
	t->tcb[5] = 0x766d6c6f61640aff ^ (uint64_t)(uintptr_t)t;
	t->state = THREAD_LIVE;
	t->guest_ss.ss_flags = SS_DISABLE;
	return t;
}

void thread_free(struct vml_thread *t)
{
	spin_lock();
	t->state = THREAD_FREE;
	t->next_free = free_list;
	free_list = t;
	spin_unlock();
}

int thread_init_main(void)
{
	struct vml_thread *t = thread_alloc();
	stack_t ss;

	if (!t)
		return -ENOMEM;
	t->tid = host_gettid();
	ss = thread_altstack(t);
	return (int)host_sys2(SYS_sigaltstack, &ss, 0);
}

/* ---- the FS base around handlers ---- */

void thread_set_fsgsbase(int fsgsbase)
{
	have_fsgsbase = fsgsbase;
}

static uint64_t fs_get(void)
{
	uint64_t v = 0;

	if (have_fsgsbase)
		__asm__ volatile("rdfsbase %0" : "=r"(v));
	else
		host_sys2(SYS_arch_prctl, ARCH_GET_FS, &v);
	return v;
}

static void fs_set(uint64_t v)
{
	if (have_fsgsbase)
		__asm__ volatile("wrfsbase %0" : : "r"(v) : "memory");
	else
		host_sys2(SYS_arch_prctl, ARCH_SET_FS, v);
}

int thread_in_runtime(const ucontext_t *uc)
{
	uintptr_t ip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];

	return ip >= (uintptr_t)__executable_start && ip < (uintptr_t)etext;
}

uint64_t thread_fs_enter(const ucontext_t *uc)
{
	struct vml_thread *t = thread_self();
	uint64_t prev;

	if (!t || !fs_switching)
		return 0;
	prev = fs_get();
	if (!thread_in_runtime(uc))
		t->guest_fs = prev;
	fs_set((uint64_t)(uintptr_t)t->tcb);
	return prev;
}

void thread_fs_leave(const ucontext_t *uc, uint64_t prev)
{
	struct vml_thread *t = thread_self();

	if (!t || !fs_switching)
		return;
	fs_set(thread_in_runtime(uc) ? prev : t->guest_fs);
}

void thread_fs_switching(void)
{
	libc_fs = fs_get();
	fs_switching = 1;
}

uint64_t thread_use_libc_tls(uint64_t fs)
{
	uint64_t prev = fs_get();

	if (fs_switching)
		fs_set(fs ? fs : libc_fs);
	return prev;
}

long thread_arch_prctl(const long *a)
{
	struct vml_thread *t = thread_self();

	if (t && a[0] == ARCH_SET_FS) {
		if ((uint64_t)a[1] >= (1ULL << 47))
			return -1; /* EPERM: not a canonical user address */
		t->guest_fs = (uint64_t)a[1];
		return 0;
	}
	if (t && a[0] == ARCH_GET_FS) {
		pager_prepare((uintptr_t)a[1], 8, 1);
		return host_copy_out((uintptr_t)a[1], &t->guest_fs, 8) < 0 ? -14 : 0;
	}
	return host_sys2(SYS_arch_prctl, a[0], a[1]);
}

/* ---- clone ---- */

struct start_record {
	greg_t gregs[NGREG];
	unsigned char fx[512] __attribute__((aligned(16)));
	int have_fx;
	uint64_t mask;
	struct vml_thread *t;
	uintptr_t ctid;		/* pinned by the child: CLONE_CHILD_CLEARTID */
	uint64_t fs;		/* the guest's FS base in the child */
};

long thread_clone_raw(unsigned long flags, void *newsp, long ptid, long ctid,
		      long tls);
void thread_jump(const greg_t *gregs) __attribute__((noreturn));
void thread_child_start(struct start_record *r) __attribute__((noreturn));

void thread_child_start(struct start_record *r)
{
	stack_t ss = thread_altstack(r->t);

	r->t->tid = host_gettid();
	host_sys2(SYS_sigaltstack, &ss, 0);
	r->t->guest_fs = r->fs;
	fs_set(r->fs);
	if (r->ctid)
		pager_pin(r->ctid, sizeof(int));
	if (r->have_fx)
		__asm__ volatile("fxrstor64 %0" : : "m"(*r->fx));
	host_sys4(SYS_rt_sigprocmask, SIG_SETMASK, &r->mask, 0, 8);
	thread_jump(r->gregs);
}

long thread_clone(const long *a, ucontext_t *uc)
{
	unsigned long flags = (unsigned long)a[0];
	struct vml_thread *t;
	struct start_record *r;
	uintptr_t top;
	long ret;

	if ((flags & CLONE_PARENT_SETTID) && a[2])
		pager_prepare((uintptr_t)a[2], sizeof(int), 1);
	if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) && a[3])
		pager_prepare((uintptr_t)a[3], sizeof(int), 1);
	t = thread_alloc();
	if (!t)
		return -ENOMEM;
	top = (uintptr_t)t + THREAD_SIZE;
	r = (struct start_record *)((top - sizeof *r) & ~(uintptr_t)63);
	memcpy(r->gregs, uc->uc_mcontext.gregs, sizeof r->gregs);
	r->gregs[REG_RAX] = 0;
	if (a[1])
		r->gregs[REG_RSP] = a[1];
	r->have_fx = uc->uc_mcontext.fpregs != NULL;
	if (r->have_fx)
		memcpy(r->fx, uc->uc_mcontext.fpregs, sizeof r->fx);
	memcpy(&r->mask, &uc->uc_sigmask, sizeof r->mask);
	r->mask &= ~SYNC_SIGS;
	r->t = t;
	r->ctid = (flags & CLONE_CHILD_CLEARTID) ? (uintptr_t)a[3] : 0;
	{
		struct vml_thread *self = thread_self();

		r->fs = (flags & CLONE_SETTLS) ? (uint64_t)a[4]
					       : self ? self->guest_fs : fs_get();
	}
	{
		uintptr_t *sp = (uintptr_t *)(((uintptr_t)r - 16) & ~(uintptr_t)15);

		*sp = (uintptr_t)r;
		ret = thread_clone_raw(flags, sp, a[2], a[3], a[4]);
	}
	if (ret < 0)
		thread_free(t);
	return ret;
}

void thread_exit(int status)
{
	struct vml_thread *t = thread_self();
	int tid = host_gettid();

	pager_thread_exit(tid);
	if (t) {
		/* reused only once the kernel says the thread is gone: this
		 * stack is in use until the exit below */
		spin_lock();
		t->state = THREAD_EXITING;
		if (nexiting < (int)(sizeof exiting / sizeof exiting[0]))
			exiting[nexiting++] = t;
		spin_unlock();
	}
	for (;;)
		host_sys1(SYS_exit, status);
}

void thread_fork_child(void)
{
	/* the other threads' blocks are not in use in the child: they stay
	 * allocated (their memory is a private copy) but are never reused;
	 * only the exiting list, whose tids mean nothing here, is cleared */
	lock = 0;
	nexiting = 0;
	struct vml_thread *t = thread_self();

	if (t)
		t->tid = host_gettid();
}
