/*
 * current.c - the per-thread block (base.h; async-signal-safe zone, except
 * current_init_main).
 *
 * Blocks live in the arena, one THREAD_SIZE-aligned region each: the block
 * in its first page, the runtime altstack from the third page on. A block
 * whose thread exited is reused only once the kernel says the thread is
 * gone (tgkill answers ESRCH): until its exit system call the thread still
 * runs on that altstack.
 */
#include "base.h"

#include <linux/errno.h>
#include <string.h>
#include <sys/syscall.h>

#define PAGE 4096UL

/* the block lives in the first page; the altstack starts two pages in */
_Static_assert(sizeof(struct vml_thread) <= 2 * PAGE, "thread block too big");

static struct vml_thread *free_list, *exiting[4096];
static int nexiting;
static int lock;	/* free_list, exiting[], nexiting */

static void spin_lock(void)
{
	while (__sync_lock_test_and_set(&lock, 1))
		__builtin_ia32_pause();
}

static void spin_unlock(void)
{
	__sync_lock_release(&lock);
}

struct vml_thread *current_thread(void)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	struct vml_thread *t = (struct vml_thread *)(sp & ~(THREAD_SIZE - 1));

	if (!arena_contains((uintptr_t)t) || t->magic != THREAD_MAGIC)
		return NULL;
	return t;
}

stack_t current_altstack(const struct vml_thread *t)
{
	stack_t ss = { .ss_sp = (char *)t + 2 * PAGE, .ss_flags = 0,
		       .ss_size = THREAD_SIZE - 2 * PAGE };

	return ss;
}

/* Preconditions: lock held. A block whose thread is gone for good. */
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

struct vml_thread *current_alloc(void)
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

void current_free(struct vml_thread *t)
{
	spin_lock();
	t->state = THREAD_FREE;
	t->next_free = free_list;
	free_list = t;
	spin_unlock();
}

int current_init_main(void)
{
	struct vml_thread *t = current_alloc();
	stack_t ss;

	if (!t)
		return -ENOMEM;
	t->tid = host_gettid();
	ss = current_altstack(t);
	return (int)host_sys2(SYS_sigaltstack, &ss, 0);
}

void current_exiting(void)
{
	struct vml_thread *t = current_thread();

	if (!t)
		return;
	spin_lock();
	t->state = THREAD_EXITING;
	if (nexiting < (int)(sizeof exiting / sizeof exiting[0]))
		exiting[nexiting++] = t;
	spin_unlock();
}

void current_fork_child(void)
{
	struct vml_thread *t;

	/* the other threads' blocks are not in use in the child: they stay
	 * allocated (their memory is a private copy) but are never reused;
	 * only the exiting list, whose tids mean nothing here, is cleared */
	lock = 0;
	nexiting = 0;
	t = current_thread();
	if (t)
		t->tid = host_gettid();
}
