/*
 * cowfork.c - fork and copy-on-write (DESIGN D4, HARD-PROBLEMS sections 1,
 * 3 and 6): each side of a fork keeps its own private memory whoever writes
 * first, also while other threads write during the fork; MAP_SHARED stays
 * shared; MADV_DONTFORK and MADV_WIPEONFORK behave as the kernel defines;
 * the kernel writing into a page still shared with the other side; threads
 * in a forked child (the kernel's CLONE_CHILD_CLEARTID store into a stack
 * and TCB that the fork left copy-on-write).
 *
 * Prints one "name: result" line per check; exits 0. "cowfork NAME..."
 * runs only the named checks.
 */
#include <pthread.h>
#include <spawn.h>

#include "check.h"

#define NPAGES 64

extern char **environ;

static char *anon(size_t pages, int flags)
{
	return check_map(pages * PAGE, PROT_READ | PROT_WRITE, flags);
}

static int all(const char *p, size_t n, char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

/* "exit N" or "signal NAME" */
static const char *how(int status)
{
	return check_how(status, "signal ");
}

/* the child writes; the parent keeps its values */
static void t_child_writes(void)
{
	char *p = anon(NPAGES, MAP_PRIVATE), *z = anon(NPAGES, MAP_PRIVATE);
	volatile char sink = 0;
	int status;
	pid_t pid;

	memset(p, 'P', NPAGES * PAGE);
	for (size_t i = 0; i < NPAGES; i += 2)	/* read-only touched: zero page */
		sink += z[i * PAGE];
	pid = check_fork(30);
	if (pid == 0) {
		int ok = all(p, NPAGES * PAGE, 'P') && all(z, NPAGES * PAGE, 0);

		memset(p, 'C', NPAGES * PAGE);
		memset(z, 'C', NPAGES * PAGE);
		ok &= all(p, NPAGES * PAGE, 'C') && all(z, NPAGES * PAGE, 'C');
		_exit(ok ? 0 : 1);
	}
	status = check_reap(pid);
	printf("child writes after fork: child %s, parent sees %s\n",
	       how(status), all(p, NPAGES * PAGE, 'P') &&
	       all(z, NPAGES * PAGE, 0) ? "old values" : "CHANGED");
	munmap(p, NPAGES * PAGE);
	munmap(z, NPAGES * PAGE);
}

/* the parent writes; the child keeps the values of the fork */
static void t_parent_writes(void)
{
	char *p = anon(NPAGES, MAP_PRIVATE), c;
	int go[2], status;
	pid_t pid;

	memset(p, 'A', NPAGES * PAGE);
	pipe(go);
	pid = check_fork(30);
	if (pid == 0) {
		close(go[1]);
		read(go[0], &c, 1);	/* until the parent has written */
		_exit(all(p, NPAGES * PAGE, 'A') ? 0 : 1);
	}
	memset(p, 'B', NPAGES * PAGE);
	write(go[1], "g", 1);
	status = check_reap(pid);
	printf("parent writes after fork: child sees old values: %s, "
	       "parent %s\n", !strcmp(how(status), "exit 0") ? "yes" : "no",
	       all(p, NPAGES * PAGE, 'B') ? "ok" : "bad");
	close(go[0]);
	close(go[1]);
	munmap(p, NPAGES * PAGE);
}

struct writer {
	pthread_t t;
	unsigned long *pages;	/* 8 pages, one counter per page */
	volatile int *stop;
	int bad;
	unsigned long n;
};

static void *write_loop(void *arg)
{
	struct writer *w = arg;

	while (!*w->stop) {
		for (int i = 0; i < 8; i++) {
			unsigned long *c = w->pages + i * (PAGE / sizeof(long));
			unsigned long v = *c + 1;

			*c = v;
			c[PAGE / sizeof(long) - 1] = v;
			if (*c != v)
				w->bad = 1;
		}
		w->n++;
	}
	return NULL;
}

/*
 * Four threads write their own pages all through 20 forks. Each child
 * checks that its copy is frozen (the parent's later writes do not show)
 * and scribbles over it; the parent threads check that they always read
 * back their own last value.
 */
static void t_threads_during_fork(void)
{
	volatile int stop = 0;
	struct writer w[4];
	char *mem = anon(4 * 8, MAP_PRIVATE);
	int kids_ok = 0, bad = 0;

	for (int i = 0; i < 4; i++) {
		w[i] = (struct writer){ .pages = (unsigned long *)(mem +
			i * 8 * PAGE), .stop = &stop };
		pthread_create(&w[i].t, NULL, write_loop, &w[i]);
	}
	for (int k = 0; k < 20; k++) {
		pid_t pid = check_fork(30);

		if (pid == 0) {
			unsigned long snap[32];
			int ok = 1;

			for (int i = 0; i < 32; i++)
				snap[i] = *(unsigned long *)(mem + i * PAGE);
			usleep(5000);
			for (int i = 0; i < 32; i++) {
				ok &= snap[i] == *(unsigned long *)(mem +
								     i * PAGE);
				*(unsigned long *)(mem + i * PAGE) = 0;
			}
			_exit(ok ? 0 : 1);
		}
		kids_ok += !strcmp(how(check_reap(pid)), "exit 0");
		usleep(1000);
	}
	stop = 1;
	for (int i = 0; i < 4; i++) {
		pthread_join(w[i].t, NULL);
		bad |= w[i].bad || w[i].n == 0;
	}
	printf("fork while 4 threads write: children frozen %d/20, "
	       "parent threads %s\n", kids_ok, bad ? "saw foreign writes" :
	       "ok");
	munmap(mem, 4 * 8 * PAGE);
}

static void t_shared(void)
{
	char *s = anon(4, MAP_SHARED), *untouched = anon(4, MAP_SHARED);
	int status;
	pid_t pid;

	memset(s, 'p', 4 * PAGE);
	pid = check_fork(30);
	if (pid == 0) {
		memset(s + PAGE, 'c', PAGE);
		memset(untouched + 2 * PAGE, 'c', 10);
		_exit(s[0] == 'p' ? 0 : 1);
	}
	status = check_reap(pid);
	printf("MAP_SHARED anon after fork: child %s, parent sees child's "
	       "write: %s, untouched before fork: %s\n", how(status),
	       all(s + PAGE, PAGE, 'c') && s[0] == 'p' ? "yes" : "no",
	       all(untouched + 2 * PAGE, 10, 'c') && !untouched[0] ?
	       "yes" : "no");
	munmap(s, 4 * PAGE);
	munmap(untouched, 4 * PAGE);
}

static void t_dontfork(void)
{
	char *p = anon(4, MAP_PRIVATE);
	int r, status;
	pid_t pid;

	memset(p, 'x', 4 * PAGE);
	r = madvise(p + PAGE, 2 * PAGE, MADV_DONTFORK);
	pid = check_fork(30);
	if (pid == 0) {
		volatile char c = p[0];	/* still there */

		c = p[PAGE + 5];	/* not there */
		(void)c;
		_exit(0);
	}
	status = check_reap(pid);
	printf("MADV_DONTFORK: madvise %s, child touching it: %s, "
	       "parent keeps it: %s\n", r ? "failed" : "ok", how(status),
	       all(p, 4 * PAGE, 'x') ? "yes" : "no");
	munmap(p, 4 * PAGE);
}

static void t_wipeonfork(void)
{
	char *p = anon(4, MAP_PRIVATE), *q = anon(4, MAP_PRIVATE);
	int r, status;
	pid_t pid;

	memset(p, 'x', 4 * PAGE);
	memset(q, 'y', PAGE);	/* pages 1..3 of q untouched */
	r = madvise(p + PAGE, 2 * PAGE, MADV_WIPEONFORK);
	r |= madvise(q, 4 * PAGE, MADV_WIPEONFORK);
	pid = check_fork(30);
	if (pid == 0) {
		int ok = all(p, PAGE, 'x') && all(p + PAGE, 2 * PAGE, 0) &&
			 all(p + 3 * PAGE, PAGE, 'x') &&
			 all(q, 4 * PAGE, 0);

		memset(p + PAGE, 'c', PAGE);
		_exit(ok ? 0 : 1);
	}
	status = check_reap(pid);
	printf("MADV_WIPEONFORK: madvise %s, child reads zeros: %s, parent "
	       "keeps data: %s\n", r ? "failed" : "ok",
	       !strcmp(how(status), "exit 0") ? "yes" : how(status),
	       all(p, 4 * PAGE, 'x') && all(q, PAGE, 'y') ? "yes" : "no");
	munmap(p, 4 * PAGE);
	munmap(q, 4 * PAGE);
}

/* the kernel writes into pages that are shared with the other side */
static void t_kernel_writes_cow(void)
{
	char *p = anon(4, MAP_PRIVATE);
	int pfd[2], status;
	pid_t pid;
	ssize_t r;

	memset(p, 'o', 4 * PAGE);
	pipe(pfd);
	write(pfd[1], "from-the-pipe-1", 15);
	pid = check_fork(30);
	if (pid == 0) {
		ssize_t n = read(pfd[0], p + PAGE - 5, 15);

		_exit(n == 15 && !memcmp(p + PAGE - 5, "from-the-pipe-1", 15) ?
		      0 : 1);
	}
	status = check_reap(pid);
	write(pfd[1], "from-the-pipe-2", 15);
	r = read(pfd[0], p + 2 * PAGE - 5, 15);
	printf("read() into copy-on-write pages: child %s, parent ret=%zd "
	       "data=%s, child's write invisible=%s\n", how(status), r,
	       r == 15 && !memcmp(p + 2 * PAGE - 5, "from-the-pipe-2", 15) ?
	       "ok" : "bad", all(p, PAGE, 'o') ? "yes" : "no");
	close(pfd[0]);
	close(pfd[1]);
	munmap(p, 4 * PAGE);
}

static void *short_thread(void *arg)
{
	char buf[512];

	/* a trapped system call and some stack */
	void *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(buf, (int)(long)arg, sizeof buf);
	if (m == MAP_FAILED)
		return NULL;
	((char *)m)[0] = buf[100];
	munmap(m, PAGE);
	return (void *)((long)arg + 1);
}

/* 1000 create/join cycles in a forked child; a lost wake hangs (alarm) */
static void t_threads_in_child(void)
{
	pthread_t warm;
	pid_t pid;
	int status;

	/* thread stacks and TCBs exist in the parent before the fork */
	pthread_create(&warm, NULL, short_thread, (void *)1L);
	pthread_join(warm, NULL);
	pid = check_fork(30);
	if (pid == 0) {
		alarm(60);
		for (long i = 0; i < 1000; i++) {
			pthread_t t;
			void *ret;

			if (pthread_create(&t, NULL, short_thread, (void *)i) ||
			    pthread_join(t, &ret) || ret != (void *)(i + 1))
				_exit(1);
		}
		_exit(0);
	}
	status = check_reap(pid);
	printf("1000 pthread create/join in a forked child: %s\n",
	       how(status));
}

/* posix_spawn: vfork-like in glibc (CLONE_VM|CLONE_VFORK) */
static void t_spawn(void)
{
	char *argv[] = { "sh", "-c", "exit 3", NULL };
	int ok = 0;

	for (int i = 0; i < 100; i++) {
		pid_t pid;

		if (posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ))
			break;
		ok += !strcmp(how(check_reap(pid)), "exit 3");
	}
	printf("posix_spawn x100: %d exit 3\n", ok);
}

/* a fork chain: grandchildren see the original values too */
static void t_fork_chain(void)
{
	char *p = anon(8, MAP_PRIVATE);
	int status;
	pid_t pid;

	memset(p, 1, 8 * PAGE);
	pid = check_fork(30);
	if (pid == 0) {
		for (int depth = 2; depth <= 5; depth++) {
			pid_t c;

			if (!all(p, 8 * PAGE, (char)(depth - 1)))
				_exit(10 + depth);
			c = check_fork(30);
			if (c > 0) {
				memset(p, 99, 8 * PAGE);
				status = check_reap(c);
				_exit(WIFEXITED(status) ?
				      WEXITSTATUS(status) : 50);
			}
			memset(p, depth, 8 * PAGE);
		}
		_exit(0);
	}
	status = check_reap(pid);
	printf("fork chain 5 deep, each level writes: %s, top level keeps "
	       "data: %s\n", how(status), all(p, 8 * PAGE, 1) ? "yes" : "no");
	munmap(p, 8 * PAGE);
}

static const struct check checks[] = {
	{ "child_writes", t_child_writes },
	{ "parent_writes", t_parent_writes },
	{ "threads_during_fork", t_threads_during_fork },
	{ "shared", t_shared },
	{ "dontfork", t_dontfork },
	{ "wipeonfork", t_wipeonfork },
	{ "kernel_writes_cow", t_kernel_writes_cow },
	{ "threads_in_child", t_threads_in_child },
	{ "spawn", t_spawn },
	{ "fork_chain", t_fork_chain },
};

int main(int argc, char **argv)
{
	check_start(60);
	check_run(checks, argc, argv, NULL);
	return 0;
}
