/*
 * mapdump.c - a guest whose last act is to copy its own /proc/self/maps
 * to a file, so that a test can compare it with the picture vmload draws
 * when the program ends (tests/e2e/map.sh).
 *
 *   mapdump OUT [MODE [CHILD_OUT]]
 *
 * It first populates every part of the address space (heap, a large
 * malloc, anonymous and PROT_NONE mappings, a file mapping), then:
 *   exit         copy maps to OUT, exit_group(0)                (default)
 *   big          also map 123 pages first (a recognizable VMA)
 *   segv         copy maps, then die of SIGSEGV
 *   thread-exit  copy maps, then exit(2) of the only thread, status 3
 *   fork-late    fork; the parent copies maps and exits at once; the child
 *                waits 300 ms, maps 123 pages, copies its maps to
 *                CHILD_OUT and exits
 *   fork-exec    the same, but the child execs "mapdump CHILD_OUT big"
 * Nothing after the copy allocates or maps memory.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define RECOGNIZABLE (123 * 4096)

static volatile uintptr_t unmapped = 16;	/* the compiler cannot see it */

static void copy_maps(const char *out)
{
	char buf[4096];
	int in = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ssize_t n;

	if (in < 0 || fd < 0)
		_exit(2);
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(fd, buf, (size_t)n) != n)
			_exit(2);
	close(in);
	close(fd);
}

static void populate(char **argv)
{
	volatile char *small = malloc(64), *big = malloc(1 << 20);
	char *anon = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open(argv[0], O_RDONLY | O_CLOEXEC);

	if (!small || !big || anon == MAP_FAILED || fd < 0)
		_exit(2);
	small[0] = big[0] = anon[0] = 1;
	if (mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	    MAP_FAILED || mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED)
		_exit(2);
	close(fd);
}

static void recognizable(void)
{
	if (mmap(NULL, RECOGNIZABLE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
		_exit(2);
}

static void late_child(char **argv, int exec)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	char *args[] = { argv[0], argv[3], "big", NULL };

	nanosleep(&ts, NULL);
	if (exec) {
		execv(argv[0], args);
		_exit(127);
	}
	recognizable();
	copy_maps(argv[3]);
	_exit(0);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 2 ? argv[2] : "exit";
	int late = !strcmp(mode, "fork-late"), fexec = !strcmp(mode, "fork-exec");

	if (argc < 2 || ((late || fexec) && argc < 4))
		return 2;
	populate(argv);
	if (!strcmp(mode, "big"))
		recognizable();
	if ((late || fexec) && fork() == 0)
		late_child(argv, fexec);
	copy_maps(argv[1]);
	if (!strcmp(mode, "segv"))
		*(volatile int *)unmapped = 1;
	if (!strcmp(mode, "thread-exit"))
		syscall(SYS_exit, 3);
	_exit(0);
}
