/*
 * m32threads.c - a 32-bit (-m32) program exercising ia32 threads and the
 * runtime's signals delivered to 32-bit handlers (tests/e2e/i386.sh):
 *   threads  8 pthreads allocating and freeing (malloc arenas, mmap'd
 *            stacks), each with its own __thread variables (TLS through
 *            the GDT), joined; a signal sent to one thread; fork from the
 *            threaded program
 *   signals  SIGSEGV from a NULL read and from a write to a PROT_READ page
 *            (si_addr, si_code), recovered with siglongjmp; a handler that
 *            fixes the protection and returns (rt frame, then the old
 *            non-SA_SIGINFO frame); SIGBUS from a mapping beyond EOF; a
 *            handler on a sigaltstack; a SIGSEGV caught in a thread
 * With no argument both run. Output has no addresses: it is compared with
 * the native run of the same program. Exit status 0 when every check holds.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#define NTHREADS 8

static int fails;
static __thread int tls_counter = 100;
static __thread char tls_name[16];
static pthread_barrier_t barrier;
static volatile sig_atomic_t usr1_in;

static void check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok  " : "FAIL", what);
	if (!cond)
		fails++;
}

/* ---- threads ---- */

static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg, ok = 1;

	snprintf(tls_name, sizeof tls_name, "worker%d", id);
	tls_counter += id;
	for (int round = 0; round < 200; round++) {
		size_t n = (size_t)(round % 7 + 1) * (id % 2 ? 4096 : 100);
		unsigned char *p = malloc(n);

		if (!p) {
			ok = 0;
			break;
		}
		memset(p, id, n);
		if (p[n - 1] != id)
			ok = 0;
		free(p);
		tls_counter++;
	}
	pthread_barrier_wait(&barrier);
	ok = ok && tls_counter == 100 + id + 200;
	ok = ok && strcmp(tls_name, "worker") > 0 && tls_name[6] == '0' + id;
	return (void *)(intptr_t)ok;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1_in = 1;
}

static void *sleeper(void *arg)
{
	(void)arg;
	while (!usr1_in)
		usleep(1000);
	return (void *)1;
}

static void threads(void)
{
	pthread_t th[NTHREADS], s;
	int all = 1, status = 0;
	void *r;
	pid_t pid;

	pthread_barrier_init(&barrier, NULL, NTHREADS + 1);
	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i)) {
			check(0, "pthread_create");
			return;
		}
	check(1, "pthread_create x8");
	/* fork while the 8 threads are alive (waiting at the barrier) */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *p = malloc(100000);

		_exit(p && tls_counter == 100 ? 5 : 6);
	}
	check(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 5, "fork from a threaded program");
	pthread_barrier_wait(&barrier);
	for (int i = 0; i < NTHREADS; i++) {
		r = NULL;
		all = all && pthread_join(th[i], &r) == 0 && r == (void *)1;
	}
	check(all, "8 threads joined, each with its own __thread values");
	check(tls_counter == 100, "main thread's __thread untouched");

	signal(SIGUSR1, on_usr1);
	pthread_create(&s, NULL, sleeper, NULL);
	pthread_kill(s, SIGUSR1);
	check(pthread_join(s, &r) == 0 && r == (void *)1 && usr1_in,
	      "SIGUSR1 to a thread reached its 32-bit handler");
}

/* ---- signals ---- */

static sigjmp_buf env;
static volatile void *got_addr;
static volatile int got_sig, got_code, on_alt, alt_flags, got_cr2_ok;
static char *alt;
static size_t alt_size = 65536;
static volatile char *rdonly;
static volatile uintptr_t zero;	/* the NULL the compiler cannot see */

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	char here;
	stack_t ss;

	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->si_addr;
	got_cr2_ok = uc->uc_mcontext.cr2 == (unsigned long)si->si_addr;
	on_alt = &here >= alt && &here < alt + alt_size;
	sigaltstack(NULL, &ss);
	alt_flags = ss.ss_flags;
	siglongjmp(env, 1);
}

/* returns after making the page writable: the write is retried */
static void on_fault_fix(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->si_addr;
	mprotect((void *)((uintptr_t)si->si_addr & ~4095UL), 4096,
		 PROT_READ | PROT_WRITE);
}

static void on_fault_old(int sig)
{
	got_sig = sig;
	mprotect((void *)rdonly, 4096, PROT_READ | PROT_WRITE);
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static void reset(void)
{
	got_sig = got_code = on_alt = alt_flags = got_cr2_ok = 0;
	got_addr = (void *)1;
}

static void segv_null(void)
{
	reset();
	handle(SIGSEGV, on_fault, 0);
	if (!sigsetjmp(env, 1))
		got_code = *(volatile int *)(uintptr_t)zero;
	check(got_sig == SIGSEGV && got_code == SEGV_MAPERR && got_addr == NULL,
	      "NULL read: SIGSEGV, SEGV_MAPERR, si_addr 0");
	check(got_cr2_ok, "NULL read: uc_mcontext.cr2 is si_addr");
	check(!on_alt, "handler on the thread's stack without SA_ONSTACK");
}

static void segv_rdonly(void)
{
	char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	reset();
	if (!sigsetjmp(env, 1))
		((volatile char *)p)[4096 + 12] = 1;
	check(got_sig == SIGSEGV && got_code == SEGV_ACCERR &&
	      got_addr == p + 4096 + 12,
	      "write to PROT_READ: SIGSEGV, SEGV_ACCERR, si_addr exact");
	/* the same twice: the handler's SIGSEGV was unblocked by siglongjmp */
	reset();
	if (!sigsetjmp(env, 1))
		((volatile char *)p)[5] = 1;
	check(got_sig == SIGSEGV && got_addr == p + 5, "a second fault, caught again");

	reset();
	handle(SIGSEGV, on_fault_fix, 0);
	((volatile char *)p)[100] = 42;
	check(got_sig == SIGSEGV && got_code == SEGV_ACCERR && p[100] == 42,
	      "handler fixes the protection and returns (rt_sigreturn)");

	rdonly = p + 4096;
	mprotect((void *)rdonly, 4096, PROT_READ);
	reset();
	signal(SIGSEGV, on_fault_old);
	rdonly[7] = 43;
	check(got_sig == SIGSEGV && rdonly[7] == 43,
	      "non-SA_SIGINFO handler returns (sigreturn)");
	munmap(p, 8192);
}

static void bus_eof(void)
{
	char path[] = "m32threads.XXXXXX";
	int fd = mkstemp(path);
	char *p;

	reset();
	handle(SIGBUS, on_fault, 0);
	if (fd < 0 || ftruncate(fd, 100) < 0) {
		check(0, "temporary file");
		return;
	}
	p = mmap(NULL, 3 * 4096, PROT_READ, MAP_SHARED, fd, 0);
	unlink(path);
	close(fd);
	if (!sigsetjmp(env, 1))
		got_code = p[2 * 4096 + 3];
	check(got_sig == SIGBUS && got_code == BUS_ADRERR &&
	      got_addr == p + 2 * 4096 + 3,
	      "read beyond EOF: SIGBUS, BUS_ADRERR, si_addr exact");
	munmap(p, 3 * 4096);
}

static void altstack(void)
{
	stack_t ss = { 0 }, old;

	alt = malloc(alt_size);
	ss.ss_sp = alt;
	ss.ss_size = alt_size;
	check(sigaltstack(&ss, NULL) == 0, "sigaltstack");
	handle(SIGSEGV, on_fault, SA_ONSTACK);
	reset();
	if (!sigsetjmp(env, 1))
		got_code = *(volatile int *)(uintptr_t)(zero + 16);
	check(got_sig == SIGSEGV && got_addr == (void *)16, "SIGSEGV with SA_ONSTACK");
	check(on_alt, "the handler ran on the sigaltstack");
	check(alt_flags == SS_ONSTACK, "sigaltstack in the handler: SS_ONSTACK");
	check(sigaltstack(NULL, &old) == 0 && old.ss_flags == 0 &&
	      old.ss_sp == alt && old.ss_size == alt_size,
	      "after siglongjmp: off the altstack");
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	check(sigaltstack(NULL, &old) == 0 && old.ss_flags == SS_DISABLE,
	      "sigaltstack disabled");
	ss.ss_flags = 0;
	ss.ss_size = 1000;
	check(sigaltstack(&ss, NULL) == -1, "sigaltstack too small: refused");
}

static void *fault_thread(void *arg)
{
	sigjmp_buf *jb = arg;

	(void)jb;
	reset();
	if (!sigsetjmp(env, 1))
		got_code = *(volatile int *)(uintptr_t)(zero + 8);
	return (void *)(intptr_t)(got_sig == SIGSEGV && got_addr == (void *)8);
}

static void signals(void)
{
	pthread_t t;
	void *r = NULL;

	segv_null();
	segv_rdonly();
	bus_eof();
	altstack();
	handle(SIGSEGV, on_fault, 0);
	pthread_create(&t, NULL, fault_thread, NULL);
	check(pthread_join(t, &r) == 0 && r == (void *)1,
	      "SIGSEGV in a thread caught by its handler");
}

int main(int argc, char **argv)
{
	int all = argc < 2;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (all || !strcmp(argv[1], "threads"))
		threads();
	if (all || !strcmp(argv[1], "signals"))
		signals();
	printf("%d failed\n", fails);
	return fails != 0;
}
