/*
 * threads.c - threads and memory (DESIGN D5, D7; HARD-PROBLEMS sections 1
 * and 3): many threads allocating and first-touching at once; threads whose
 * stack nobody touched before (a pthread stack of our own, and a raw clone
 * whose first memory access is the push of a call, or whose first action is
 * a trapped system call); the kernel's own stores at clone and thread exit
 * (CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID) into a never-touched word;
 * clone3, which may answer ENOSYS (glibc falls back to clone).
 *
 * Prints one "name: result" line per check; exits 0. "threads NAME..."
 * runs only the named checks.
 */
#include <linux/futex.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#include "check.h"

#define STACK (256 * 1024UL)

static char *fresh(size_t len)
{
	return check_map(len, PROT_READ | PROT_WRITE, MAP_PRIVATE);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct churn {
	pthread_t t;
	unsigned seed;
	double until;
	long loops, errors;
};

static void *churn(void *arg)
{
	struct churn *c = arg;

	do {	/* at least once, however late the thread starts */
		for (int k = 0; k < 50; k++) {
			size_t n = 16 + rand_r(&c->seed) % 65536;
			unsigned char *m = malloc(n);

			if (!m) {
				c->errors++;
				continue;
			}
			memset(m, (int)(n & 0xff), n);
			c->errors += m[n - 1] != (n & 0xff) || m[n / 2] != (n & 0xff);
			free(m);
		}
		{
			size_t pages = 1 + rand_r(&c->seed) % 32;
			char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED) {
				c->errors++;
				continue;
			}
			for (size_t i = 0; i < pages; i++)
				p[i * PAGE + (i * 97) % PAGE] = (char)(i + 1);
			for (size_t i = 0; i < pages; i++)
				c->errors += p[i * PAGE + (i * 97) % PAGE] !=
					     (char)(i + 1) || p[i * PAGE + 4095 -
					     (i * 97) % PAGE] != 0;
			munmap(p, pages * PAGE);
		}
		c->loops++;
	} while (now() < c->until);
	return NULL;
}

static void t_churn(void)
{
	struct churn c[16];
	long errors = 0;
	int ran = 0;
	double until = now() + 1.0;

	for (int i = 0; i < 16; i++) {
		c[i] = (struct churn){ .seed = (unsigned)i * 7919, .until = until };
		pthread_create(&c[i].t, NULL, churn, &c[i]);
	}
	for (int i = 0; i < 16; i++) {
		pthread_join(c[i].t, NULL);
		errors += c[i].errors;
		ran += c[i].loops > 0;
	}
	printf("16 threads malloc/free + fresh mmap for 1 s: errors=%ld, "
	       "threads that ran %d/16\n", errors, ran);
}

static long deep(int n)
{
	volatile char pad[2000];

	pad[0] = (char)n;
	pad[1999] = (char)n;
	if (n == 0)
		return pad[0];
	return deep(n - 1) + pad[1999];
}

static void *on_own_stack(void *arg)
{
	char here;
	char *lo = arg;

	/* about 100 KiB of stack, page by page downwards */
	return deep(50) == 50 * 51 / 2 && &here > lo && &here < lo + STACK ?
	       (void *)1 : NULL;
}

/* a pthread on a stack we mapped and never touched (glibc writes its TCB) */
static void t_own_stack(void)
{
	char *stack = fresh(STACK);
	pthread_attr_t a;
	pthread_t t;
	void *ok = NULL;
	int r;

	pthread_attr_init(&a);
	pthread_attr_setstack(&a, stack, STACK);
	r = pthread_create(&t, &a, on_own_stack, stack);
	if (!r)
		pthread_join(t, &ok);
	printf("pthread on an untouched mmap'd stack: create=%s ran on it=%s\n",
	       r ? strerrorname_np(r) : "0", ok ? "yes" : "no");
	pthread_attr_destroy(&a);
	munmap(stack, STACK);
}

static void *mmap_first(void *arg)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	if (p == MAP_FAILED)
		return NULL;
	p[0] = 1;
	munmap(p, PAGE);
	return (void *)1;
}

static void t_mmap_first(void)
{
	int ok = 0;

	for (int i = 0; i < 100; i++) {
		pthread_t t;
		void *r = NULL;

		if (!pthread_create(&t, NULL, mmap_first, NULL))
			pthread_join(t, &r);
		ok += r != NULL;
	}
	printf("pthread whose first call is mmap: %d/100 ok\n", ok);
}

/*
 * A raw clone/clone3 whose child touches no memory before this point:
 * optionally a mmap system call first (result stored through res), then
 * "call fn", whose push is the first access to the new stack, then exit.
 */
static long raw_clone(long nr, long a1, long a2, long a3, long a4, long a5,
		      void (*fn)(void), long *res, long sys_first)
{
	register long r10 asm("r10") = a4;
	register long r8 asm("r8") = a5;
	register void (*r12)(void) asm("r12") = fn;
	register long *r13 asm("r13") = res;
	register long r14 asm("r14") = sys_first;
	long ret;

	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     "test %%r14, %%r14\n\t"
		     "jz 2f\n\t"
		     "mov $9, %%eax\n\t"		/* mmap */
		     "xor %%edi, %%edi\n\t"
		     "mov $4096, %%esi\n\t"
		     "mov $3, %%edx\n\t"		/* PROT_READ|PROT_WRITE */
		     "mov $0x22, %%r10d\n\t"		/* MAP_PRIVATE|MAP_ANON */
		     "mov $-1, %%r8\n\t"
		     "xor %%r9d, %%r9d\n\t"
		     "syscall\n\t"
		     "mov %%rax, (%%r13)\n"
		     "2:\n\t"
		     "xor %%ebp, %%ebp\n\t"
		     "call *%%r12\n\t"
		     "mov $60, %%eax\n\t"		/* exit this thread */
		     "xor %%edi, %%edi\n\t"
		     "syscall\n\t"
		     "ud2\n"
		     "1:"
		     : "=a"(ret)
		     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8),
		       "r"(r12), "r"(r13), "r"(r14)
		     : "rcx", "r9", "r11", "memory");
	return ret;
}

static volatile int child_ran;
static volatile long child_sum;
static long child_mmap;

/* runs with the parent's TLS: no libc, no errno */
static void child_fn(void)
{
	volatile unsigned char buf[12000];
	long sum = 0;

	for (int i = 0; i < (int)sizeof buf; i++)
		buf[i] = (unsigned char)i;
	for (int i = 0; i < (int)sizeof buf; i++)
		sum += buf[i];
	child_sum = sum;
	child_ran = 1;
}

static long expected_sum(void)
{
	long sum = 0;

	for (int i = 0; i < 12000; i++)
		sum += (unsigned char)i;
	return sum;
}

/* wait until the kernel clears *tid at thread exit (as pthread_join) */
static int wait_cleared(volatile int *tid)
{
	struct timespec ms = { 0, 1000000 };
	double until = now() + 5.0;
	int v;

	while ((v = *tid) != 0) {
		if (now() > until)
			return 0;
		syscall(SYS_futex, tid, FUTEX_WAIT, v, &ms, NULL, 0);
	}
	return 1;
}

static const long thread_flags = CLONE_VM | CLONE_FS | CLONE_FILES |
	CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
	CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;

static void raw_clone_check(const char *name, long sys_first)
{
	char *stack = fresh(STACK);
	/* two never-touched words: the parent's (written once, at clone) and
	 * the child's (set, then cleared when it exits, maybe before the
	 * parent even looks) */
	volatile int *tid = (volatile int *)(fresh(PAGE) + 256), *ptid = tid + 1;
	long r;
	int settid, cleared;

	child_ran = 0;
	child_sum = 0;
	child_mmap = 0;
	r = raw_clone(SYS_clone, thread_flags, (long)(stack + STACK),
		      (long)ptid, (long)tid, 0, child_fn, &child_mmap,
		      sys_first);
	if (r < 0) {
		printf("%s: clone %s\n", name, strerrorname_np((int)-r));
		return;
	}
	settid = *ptid == r;
	/* the child's word is set (CLONE_CHILD_SETTID) before it runs a
	 * single instruction; wait for it to run, then for the clear */
	for (double until = now() + 5.0; !child_ran && now() < until;)
		sched_yield();
	cleared = wait_cleared(tid);
	printf("%s: ran=%s stack sum=%s", name, child_ran ? "yes" : "no",
	       child_sum == expected_sum() ? "ok" : "bad");
	if (sys_first)
		printf(" mmap=%s", child_mmap > 0 ? "ok" : child_mmap ?
		       strerrorname_np((int)-child_mmap) : "not run");
	printf(" PARENT_SETTID=%s CHILD_CLEARTID=%s\n",
	       settid ? "yes" : "no", cleared ? "yes" : "no");
	if (cleared)
		munmap(stack, STACK);
	if (child_mmap > 0)
		munmap((void *)child_mmap, PAGE);
}

static void t_raw_clone(void)
{
	raw_clone_check("raw clone, first access is a push to an untouched "
			"stack", 0);
	raw_clone_check("raw clone, first action a trapped mmap, untouched "
			"stack", 1);
}

static void t_clone3(void)
{
	struct clone_args ca = { .exit_signal = SIGCHLD };
	char *stack;
	volatile int *tid;
	long r;
	int status = -1;

	fflush(stdout);
	r = syscall(SYS_clone3, &ca, sizeof ca);
	if (r == 0)
		_exit(42);
	if (r < 0 && errno == ENOSYS) {
		printf("clone3: ok\n");
		printf("clone3 thread: ok\n");
		return;
	}
	if (r > 0)
		waitpid((pid_t)r, &status, 0);
	printf("clone3: %s\n", r > 0 && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 42 ? "ok" : "child did not run");

	stack = fresh(STACK);
	tid = (volatile int *)(fresh(PAGE) + 512);
	child_ran = 0;
	memset(&ca, 0, sizeof ca);
	ca.flags = (unsigned long)thread_flags;
	ca.parent_tid = (uintptr_t)tid;
	ca.child_tid = (uintptr_t)tid;
	ca.stack = (uintptr_t)stack;
	ca.stack_size = STACK;
	r = raw_clone(SYS_clone3, (long)&ca, sizeof ca, 0, 0, 0, child_fn,
		      &child_mmap, 0);
	if (r == -ENOSYS) {
		printf("clone3 thread: ok\n");
		return;
	}
	printf("clone3 thread: %s\n", r > 0 && wait_cleared(tid) &&
	       child_ran && child_sum == expected_sum() ? "ok" :
	       r < 0 ? strerrorname_np((int)-r) : "child did not run");
}

static void *nothing(void *arg)
{
	volatile char pad[3000];

	pad[0] = 1;
	return (void *)((long)arg + pad[0]);
}

static void t_cycles(void)
{
	int ok = 0;

	for (long i = 0; i < 1000; i++) {
		pthread_t t;
		void *r = NULL;

		if (!pthread_create(&t, NULL, nothing, (void *)i))
			pthread_join(t, &r);
		ok += r == (void *)(i + 1);
	}
	printf("1000 pthread create/join: %d ok\n", ok);
}

static const struct check checks[] = {
	{ "churn", t_churn },
	{ "own_stack", t_own_stack },
	{ "mmap_first", t_mmap_first },
	{ "raw_clone", t_raw_clone },
	{ "clone3", t_clone3 },
	{ "cycles", t_cycles },
};

int main(int argc, char **argv)
{
	check_start(30);
	check_run(checks, argc, argv, NULL);
	return 0;
}
