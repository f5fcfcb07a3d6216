/*
 * procs.c - threads, fork and signals under vmload; prints what it checked
 * and exits 0 only if all is well. Also run natively by the suite.
 *   threads: 8 threads map, write, protect, remap and unmap concurrently
 *   fork:    forks from a busy thread; the child checks its memory and maps
 *   sigmask: blocks every signal (SIGSYS included) and still calls mmap
 *   sigsys:  its own SIGSYS handler sees a raise(SIGSYS)
 *   sigprocmask: a blocked signal stays pending until unblocked
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int stop;
static int failures;

static void fail(const char *what)
{
	if (__sync_fetch_and_add(&failures, 1) < 5)
		printf("FAIL %s\n", what);
}

static void *churn(void *arg)
{
	unsigned seed = (unsigned)(long)arg;

	for (int i = 0; i < 3000 && !stop; i++) {
		size_t len = (1 + rand_r(&seed) % 16) * 4096;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			fail("mmap in thread");
			break;
		}
		memset(p, (int)i, len);
		if (mprotect(p, 4096, PROT_READ) || p[len - 1] != (char)i ||
		    mprotect(p, 4096, PROT_READ | PROT_WRITE))
			fail("mprotect/contents in thread");
		p = mremap(p, len, len * 2, MREMAP_MAYMOVE);
		if (p == MAP_FAILED || p[len - 1] != (char)i)
			fail("mremap in thread");
		free(malloc(1 + rand_r(&seed) % 200000));
		munmap(p, len * 2);
	}
	return NULL;
}

static int check_threads_and_fork(void)
{
	pthread_t t[8];
	int status;
	pid_t pid;
	char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	strcpy(priv, "parent");
	for (long i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, churn, (void *)i);
	for (int k = 0; k < 20; k++) {
		pid = fork();
		if (pid == 0) {
			/* the child: its own copy, the shared page is shared */
			char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			int ok = p != MAP_FAILED && !strcmp(priv, "parent");

			strcpy(priv, "child");
			shared[k] = 'c';
			_exit(ok ? 0 : 1);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			fail("fork child");
		if (strcmp(priv, "parent") || shared[k] != 'c')
			fail("fork memory semantics");
	}
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	printf("threads+fork: done\n");
	return 0;
}

static volatile sig_atomic_t got_sigsys;

static void on_sigsys(int sig)
{
	(void)sig;
	got_sigsys = 1;
}

static void check_signals(void)
{
	sigset_t all, old, now;
	struct sigaction sa = { .sa_handler = on_sigsys }, prev;
	void *p;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || munmap(p, 4096))
		fail("mmap with every signal blocked");
	sigprocmask(SIG_SETMASK, &old, NULL);
	sigprocmask(SIG_SETMASK, NULL, &now);
	if (sigismember(&now, SIGSYS))
		fail("mask restored");
	if (sigaction(SIGSYS, &sa, &prev) || prev.sa_handler != SIG_DFL)
		fail("sigaction(SIGSYS) old value");
	raise(SIGSYS);
	if (!got_sigsys)
		fail("own SIGSYS handler");
	sigaction(SIGSYS, NULL, &prev);
	if (prev.sa_handler != on_sigsys)
		fail("sigaction(SIGSYS) readback");
	printf("signals: done\n");
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

/*
 * sigprocmask blocks for real: a raised signal stays pending until the
 * mask that was returned as the old one is set again, and is delivered
 * then, once.
 */
static void check_sigmask(void)
{
	sigset_t usr1, old, now, pend;
	struct sigaction sa = { .sa_handler = on_usr1 };

	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_SETMASK, NULL, &old);
	if (sigprocmask(SIG_BLOCK, &usr1, &now) || memcmp(&now, &old, 8))
		fail("SIG_BLOCK returns the old mask");
	raise(SIGUSR1);
	sigpending(&pend);
	if (got_usr1 || !sigismember(&pend, SIGUSR1))
		fail("blocked signal stays pending");
	sigprocmask(SIG_SETMASK, NULL, &now);
	if (!sigismember(&now, SIGUSR1))
		fail("mask reads back blocked");
	sigaddset(&usr1, SIGKILL);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	sigprocmask(SIG_SETMASK, NULL, &now);
	if (sigismember(&now, SIGKILL))
		fail("SIGKILL cannot be blocked");
	if (syscall(SYS_rt_sigprocmask, 7, &usr1, NULL, 8) != -1 ||
	    errno != EINVAL)
		fail("bad how is EINVAL");
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)8, NULL, 8) != -1 ||
	    errno != EFAULT)
		fail("bad set is EFAULT");
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (got_usr1 != 1)
		fail("delivered once when unblocked");
	printf("sigmask: done\n");
}

/* A PROT_WRITE-only mapping reads too, as x86 page tables have it. */
static void check_write_only(void)
{
	volatile char *p = mmap(NULL, 8192, PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || p[0] != 0)
		fail("read a write-only page");
	p[100] = 5;
	if (p[100] != 5 || p[4096] != 0)
		fail("write then read a write-only page");
	munmap((void *)p, 8192);
	printf("write-only mapping: done\n");
}

static int alarm_pipe[2];
static volatile sig_atomic_t alarm_guest_pc;

static void on_alarm(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	Dl_info info;

	(void)sig;
	(void)si;
	/* the interrupted context is the program's own (libc's read), never
	 * the loader's */
	alarm_guest_pc = dladdr((void *)uc->uc_mcontext.gregs[REG_RIP], &info) &&
			 info.dli_fname && strstr(info.dli_fname, "libc");
	if (write(alarm_pipe[1], "x", 1) != 1)
		fail("write from the handler");
}

/*
 * A signal that interrupts a blocking read: with SA_RESTART the read goes
 * on after the handler (and gets what the handler wrote), without it the
 * read fails with EINTR. Both see the program's own registers.
 */
static void check_interrupted_read(int restart)
{
	struct sigaction sa = { .sa_sigaction = on_alarm,
				.sa_flags = SA_SIGINFO | (restart ? SA_RESTART : 0) };
	char c;
	ssize_t n;

	if (pipe(alarm_pipe))
		fail("pipe");
	sigaction(SIGALRM, &sa, NULL);
	alarm_guest_pc = 0;
	ualarm(100000, 0);
	n = read(alarm_pipe[0], &c, 1);
	if (restart ? n != 1 : !(n == -1 && errno == EINTR))
		fail(restart ? "SA_RESTART read goes on" : "read fails with EINTR");
	if (!restart && read(alarm_pipe[0], &c, 1) != 1)
		fail("the handler's byte is there");
	if (!alarm_guest_pc)
		fail("the handler sees the program's own context");
	close(alarm_pipe[0]);
	close(alarm_pipe[1]);
	printf("interrupted read (%s): done\n", restart ? "SA_RESTART" : "EINTR");
}

int main(void)
{
	check_threads_and_fork();
	check_signals();
	check_sigmask();
	check_interrupted_read(1);
	check_interrupted_read(0);
	check_write_only();
	printf("%s\n", failures ? "FAILED" : "all ok");
	return failures ? 1 : 0;
}
