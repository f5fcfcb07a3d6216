/* Unit costs for the harness's closing note: time one kind of event N
 * times and print the seconds per event. Run natively and under vmload,
 * the difference is what vmload adds per event.
 *
 *   unitcost trap N    N fstatat("/") calls with the buffer on the stack:
 *                      under vmload each one traps (the kernel writes the
 *                      buffer), the common case of a prepared call
 *   unitcost fault N   N first writes, one per 64 KiB block of a fresh
 *                      private anonymous mapping: under vmload each one is a
 *                      demand fault (the default fault-around block)
 *   unitcost cow N     N writes after a fork (the child waits), one per
 *                      64 KiB block of memory written before it: under
 *                      vmload each one is a copy-on-write break
 *
 * The time of the set-up (the mmap, the fork) is left out.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BLOCK (64 << 10)

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static double traps(long n)
{
	struct stat st;
	double t0 = now();

	for (long i = 0; i < n; i++)
		if (fstatat(AT_FDCWD, "/", &st, 0) < 0)
			exit(1);
	return now() - t0;
}

static char *fresh(long n)
{
	char *p = mmap(NULL, (size_t)n * BLOCK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		exit(1);
	return p;
}

static double faults(long n)
{
	char *p = fresh(n);
	double t0 = now();

	for (long i = 0; i < n; i++)
		p[i * BLOCK] = 1;
	t0 = now() - t0;
	munmap(p, (size_t)n * BLOCK);
	return t0;
}

static double cows(long n)
{
	char *p = fresh(n);
	int fd[2];
	pid_t c;
	double t;

	memset(p, 1, (size_t)n * BLOCK);
	if (pipe(fd) < 0)
		exit(1);
	c = fork();
	if (c == 0) {
		char b;

		close(fd[1]);
		(void)read(fd[0], &b, 1); /* until the parent is done */
		_exit(0);
	}
	t = now();
	for (long i = 0; i < n; i++)
		p[i * BLOCK] = 2;
	t = now() - t;
	close(fd[1]);
	waitpid(c, NULL, 0);
	return t;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 0;
	double t;

	if (n <= 0 || !strcmp(argv[1], "-h")) {
		fprintf(stderr, "usage: unitcost trap|fault|cow N\n");
		return 2;
	}
	if (!strcmp(argv[1], "trap"))
		t = traps(n);
	else if (!strcmp(argv[1], "fault"))
		t = faults(n);
	else if (!strcmp(argv[1], "cow"))
		t = cows(n);
	else
		return 2;
	printf("%.9f\n", t / (double)n);
	return 0;
}
