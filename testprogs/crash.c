/*
 * crash.c - programs that die of a fault, one way each, for the crash report
 * (tests/e2e/crash.sh). Every way crashes in a function of its own, named
 * crash_<way>, called through a few named frames, so the report's symbol and
 * backtrace can be checked:
 *
 *   crash null      store to NULL + 0x10                SIGSEGV SEGV_MAPERR
 *   crash sext      a malloc'd pointer kept in an int, sign-extended
 *                   (faults when the pointer is above 2 GiB: VMLOAD_ASPACE=3g)
 *   crash trunc     a malloc'd pointer cut to 32 bits (47-bit window)
 *   crash bus       a read past the end of a mapped file  SIGBUS BUS_ADRERR
 *   crash ill       ud2                                  SIGILL ILL_ILLOPN
 *   crash fpe       integer division by zero             SIGFPE FPE_INTDIV
 *   crash thread    NULL store in a second thread
 *   crash deep      NULL store under six recursive calls
 *   crash libc      strlen of a PROT_NONE page: inside libc (an IFUNC
 *                   implementation, named only by a static libc's .symtab)
 *   crash fileno    fileno of a PROT_NONE page: inside an exported libc
 *                   function
 *   crash overflow  unbounded recursion: the stack overflows
 *   crash badcall   a call through a bad function pointer (exec fault)
 *   crash gone      unlink its own executable, then as deep: no symbols
 *                   and no CFI left for its frames (built with frame
 *                   pointers: crash-static-fp)
 *   crash handled   a NULL store the program's own SIGSEGV handler catches:
 *                   exits 42
 *   crash kill      kill(getpid(), SIGSEGV): sent, not a fault
 *
 * Built with -fno-optimize-sibling-calls and noinline so that every frame
 * stays a frame.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline, noclone))

struct rec {
	long a, b;
	int field;
};

static struct rec *volatile nowhere;	/* NULL, unknown to the compiler */
static volatile int zero;
static volatile long sink;

NOINLINE static void crash_null(struct rec *r)
{
	r->field = 1;
}

NOINLINE static void crash_sext(int p)
{
	*(volatile char *)(intptr_t)p = 1;
}

NOINLINE static void crash_trunc(unsigned p)
{
	*(volatile char *)(uintptr_t)p = 1;
}

NOINLINE static void crash_bus(const volatile char *p)
{
	sink = p[4096];
}

NOINLINE static void crash_ill(void)
{
	__asm__ volatile("ud2");
}

NOINLINE static int crash_fpe(int x)
{
	return x / zero;
}

NOINLINE static long crash_libc(const char *s)
{
	return (long)strlen(s);
}

NOINLINE static long crash_fileno(FILE *f)
{
	return fileno(f);
}

NOINLINE static int crash_deep(int depth)
{
	crash_null(nowhere);
	return depth;
}

NOINLINE static int recurse(int n)
{
	int r = n ? recurse(n - 1) : crash_deep(n);

	sink = r;
	return r + 1;
}

NOINLINE static int crash_overflow(int n)
{
	volatile char pad[256];

	pad[0] = (char)n;
	if (zero)	/* never: only to say the recursion may end */
		return 0;
	return crash_overflow(n + 1) + pad[0];
}

NOINLINE static void crash_badcall(void)
{
	void (*volatile fn)(void) = (void (*)(void))0x40;

	fn();
	sink = 1;
}

static void *thread_main(void *arg)
{
	(void)arg;
	crash_null(nowhere);
	return NULL;
}

static void on_segv(int sig)
{
	(void)sig;
	_exit(42);
}

NOINLINE static void way_bus(void)
{
	char path[] = "/tmp/vmload-crash-XXXXXX";
	int fd = mkstemp(path);
	char *p;

	if (fd < 0 || write(fd, "x", 1) != 1)
		exit(2);
	unlink(path);
	p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		exit(2);
	crash_bus(p);
}

NOINLINE static void way_libc(int exported)
{
	char *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		exit(2);
	if (exported)
		sink = crash_fileno((FILE *)p);
	sink = crash_libc(p);
}

NOINLINE static void way_thread(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, thread_main, NULL))
		exit(2);
	pthread_join(t, NULL);
}

NOINLINE static int run(const char *way, const char *self)
{
	char *heap = malloc(1 << 20);	/* from the mmap area */

	if (!strcmp(way, "null"))
		crash_null(nowhere);
	else if (!strcmp(way, "sext"))
		crash_sext((int)(intptr_t)heap);
	else if (!strcmp(way, "trunc"))
		crash_trunc((unsigned)(uintptr_t)heap);
	else if (!strcmp(way, "bus"))
		way_bus();
	else if (!strcmp(way, "ill"))
		crash_ill();
	else if (!strcmp(way, "fpe"))
		sink = crash_fpe(7);
	else if (!strcmp(way, "thread"))
		way_thread();
	else if (!strcmp(way, "deep"))
		sink = recurse(5);
	else if (!strcmp(way, "gone") && unlink(self) == 0)
		sink = recurse(5);
	else if (!strcmp(way, "libc"))
		way_libc(0);
	else if (!strcmp(way, "fileno"))
		way_libc(1);
	else if (!strcmp(way, "overflow"))
		sink = crash_overflow(0);
	else if (!strcmp(way, "badcall"))
		crash_badcall();
	else if (!strcmp(way, "handled")) {
		signal(SIGSEGV, on_segv);
		crash_null(nowhere);
	} else if (!strcmp(way, "kill"))
		kill(getpid(), SIGSEGV);
	else
		return 2;
	free(heap);
	return 0;
}

int main(int argc, char **argv)
{
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: crash WAY\n");
		return 2;
	}
	r = run(argv[1], argv[0]);
	if (r == 0)
		printf("%s: did not crash\n", argv[1]);
	return r ? r : 1;
}
