/*
 * m32check.c - a 32-bit (-m32) program exercising what vmload serves for
 * ia32 guests (tests/e2e/i386.sh): the ia32 auxv, brk and mmap through
 * int $0x80 (malloc small and large, mmap/mprotect/mremap/munmap), reads
 * into memory never touched before (the kernel writing unpopulated guest
 * pages), /proc/self/maps, stat64, a pipe, a signal to a 32-bit handler,
 * fork and exec (`m32check maps` prints its /proc/self/maps instead).
 * Output has no addresses: it is compared with the native
 * run of the same program. Exit status 0 when every check holds.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char maps[1 << 16];	/* bss never touched before the read */
static int fails;
static volatile sig_atomic_t got;

static void check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok  " : "FAIL", what);
	if (!cond)
		fails++;
}

static void on_usr1(int sig)
{
	got = sig;
}

static void auxv(void)
{
	const char *plat = (const char *)getauxval(AT_PLATFORM);

	check(sizeof(void *) == 4, "4-byte pointers");
	check(getauxval(AT_PHENT) == 32, "AT_PHENT 32");
	check(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ 4096");
	check(plat && !strcmp(plat, "i686"), "AT_PLATFORM i686");
	check(getauxval(AT_RANDOM) != 0, "AT_RANDOM");
}

static void memory(void)
{
	char *small = malloc(100), *big = malloc(4 << 20), *m, *r;

	check(small && big, "malloc small and large");
	memset(small, 1, 100);
	memset(big, 2, 4 << 20);
	check(big[(4 << 20) - 1] == 2, "large block written");
	m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(m != MAP_FAILED && m[12345] == 0, "mmap 1 MiB, zero-filled");
	m[0] = 'x';
	r = mremap(m, 1 << 20, 2 << 20, MREMAP_MAYMOVE);
	check(r != MAP_FAILED && r[0] == 'x', "mremap keeps the contents");
	check(mprotect(r, 4096, PROT_READ) == 0, "mprotect");
	check(munmap(r, 2 << 20) == 0, "munmap");
	check(sbrk(0) != (void *)-1 && sbrk(8192) != (void *)-1, "sbrk");
	free(big);
	free(small);
}

static void files(void)
{
	int fd = open("/proc/self/maps", O_RDONLY), n = 0, k;
	struct stat st;
	int p[2];
	char buf[8] = "";

	while (fd >= 0 && (k = (int)read(fd, maps + n, sizeof maps - 1 - n)) > 0)
		n += k;
	close(fd);
	check(n > 0 && strstr(maps, "[stack]") != NULL, "/proc/self/maps has [stack]");
	check(strstr(maps, "m32check") != NULL, "/proc/self/maps names the program");
	check(stat("/", &st) == 0 && S_ISDIR(st.st_mode), "stat64 /");
	check(pipe(p) == 0 && write(p[1], "pipe", 5) == 5 &&
	      read(p[0], buf, sizeof buf) == 5 && !strcmp(buf, "pipe"), "pipe");
	close(p[0]);
	close(p[1]);
}

static void processes(const char *self)
{
	struct sigaction sa;
	struct timeval tv;
	struct timespec ts;
	pid_t pid;
	int status = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	check(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction SIGUSR1");
	raise(SIGUSR1);
	check(got == SIGUSR1, "SIGUSR1 reached the 32-bit handler");
	check(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 0, "gettimeofday");
	check(clock_gettime(CLOCK_MONOTONIC, &ts) == 0, "clock_gettime");
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(7);
	check(pid > 0 && waitpid(pid, &status, 0) == pid &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 7, "fork, child status 7");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl(self, self, "child", (char *)NULL);
		_exit(127);
	}
	check(pid > 0 && waitpid(pid, &status, 0) == pid &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 0, "exec of itself");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "maps")) {	/* its own maps, raw */
		int fd = open("/proc/self/maps", O_RDONLY), n = 0, k;

		while (fd >= 0 && (k = (int)read(fd, maps + n, sizeof maps - 1 - n)) > 0)
			n += k;
		fputs(maps, stdout);
		return n > 0 ? 0 : 1;
	}
	if (argc > 1 && !strcmp(argv[1], "child")) {
		printf("child: argc %d, pointer size %zu\n", argc, sizeof(void *));
		return getauxval(AT_PHENT) == 32 ? 0 : 1;
	}
	auxv();
	memory();
	files();
	processes(argv[0]);
	printf("%d failed\n", fails);
	return fails != 0;
}
