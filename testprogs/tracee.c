/*
 * tracee.c - one of each event VMLOAD_TRACE reports (tests/e2e/trace.sh):
 * an anonymous mapping touched (demand-zero), a file page read, a
 * copy-on-write break after fork, stack growth, a SIGSEGV caught by the
 * program's own handler, a SIGUSR1 to a handler, an open of a named file.
 *
 * stdout says what happened in words only, so it is the same natively
 * and under vmload; the addresses the trace must show go to stderr as
 * "tracee: NAME 0x...". Exit status 3.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile sig_atomic_t segv_code, usr1;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	segv_code = si->si_code;
	siglongjmp(env, 1);
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1 = 1;
}

/* Touch a deep stack frame: the stack VMA grows down to it. */
static __attribute__((noinline)) int deep(void)
{
	volatile char big[512 << 10];

	big[0] = 1;
	big[sizeof big - 1] = 2;
	return big[0] + big[sizeof big - 1];
}

static int file_page(const char *path)
{
	int fd = open(path, O_RDONLY);
	unsigned char *p;
	int c;

	if (fd < 0)
		return -1;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	fprintf(stderr, "tracee: file 0x%lx\n", (unsigned long)p);
	c = p[1];
	munmap(p, 4096);
	return c;
}

static void cow_after_fork(char *page)
{
	pid_t pid;
	int st;

	page[0] = 'p';
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		page[0] = 'c';	/* the child's copy-on-write break */
		_exit(page[0] == 'c' ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	printf("child %s, parent still sees '%c'\n",
	       WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "wrote its copy" : "failed",
	       page[0]);
}

static void caught_segv(void)
{
	struct sigaction sa;
	char *hole = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	munmap(hole, 4096);
	fprintf(stderr, "tracee: hole 0x%lx\n", (unsigned long)hole);
	if (sigsetjmp(env, 1) == 0)
		(void)*(volatile char *)hole;
	printf("caught SIGSEGV, si_code %d\n", (int)segv_code);
}

int main(int argc, char **argv)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)argc;
	if (p == MAP_FAILED)
		return 1;
	fprintf(stderr, "tracee: mmap 0x%lx\n", (unsigned long)p);
	p[0] = 1;
	printf("anonymous page: %d\n", p[0]);
	printf("file page: %s\n", file_page(argv[0]) == 'E' ? "ELF" : "wrong");
	cow_after_fork(p);
	printf("deep stack: %d\n", deep());
	caught_segv();
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	printf("SIGUSR1 handled: %d\n", (int)usr1);
	return 3;
}
