/*
 * placecheck.c - a guest that allocates the way programs do and then shows
 * its own address space, for place.sh (VMLOAD_PLACE):
 *
 *   placecheck            malloc small, grow the brk heap, malloc 64 MiB,
 *                         mmap with no hint and with a hint below 2 GiB and
 *                         above 4 GiB, mmap MAP_32BIT and MAP_FIXED,
 *                         dlopen a library (dynamic variants), start a
 *                         thread that mallocs (a new arena) and waits; then
 *                         print what it placed itself and its
 *                         /proc/self/maps
 *   placecheck mmap MiB   one anonymous mmap of that size: its address or
 *                         the error
 *
 * Output of the first form, one item a line:
 *   self LO-HI     the image of an ET_EXEC variant (linked at a fixed
 *                  address: the program's own placement)
 *   fixed LO-HI    a MAP_FIXED mapping (the program placed it)
 *   map32 LO-HI    a MAP_32BIT mapping (honoured in the 47-bit window only)
 *   maps           then /proc/self/maps as read, then "end"
 * Built in the layoutcheck variants (testprogs/meson.build): LC_PIE says
 * whether the image is ET_DYN.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef LC_PIE
#error "build with -DLC_PIE=0|1"
#endif

#define PAGE 4096UL
#define MiB (1UL << 20)

extern char __executable_start[], end[];

static int gate[2];		/* the thread waits for a byte here */
static int ready[2];		/* and says it has its arena here */

static void *worker(void *arg)
{
	char c = 0;
	void *volatile p = malloc(1000);	/* a new arena for this thread */

	(void)arg;
	if (write(ready[1], &c, 1) != 1 || read(gate[0], &c, 1) != 1)
		return NULL;
	free(p);
	return NULL;
}

static void copy_maps(void)
{
	char buf[65536];
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		perror("placecheck: /proc/self/maps");
		exit(1);
	}
	puts("maps");
	fflush(stdout);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (write(1, buf, (size_t)n) != n)
			exit(1);
	close(fd);
	puts("end");
}

static void *anon(void *hint, size_t len, int flags)
{
	void *p = mmap(hint, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "placecheck: mmap(%p, %zu, %#x): %s\n", hint,
			len, flags, strerror(errno));
		exit(1);
	}
	memset(p, 1, PAGE);
	return p;
}

static int one_mmap(const char *mib)
{
	size_t len = strtoul(mib, NULL, 0) * MiB;
	void *p = mmap(NULL, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		printf("mmap %s MiB: %s\n", mib, strerror(errno));
		return 0;
	}
	printf("mmap %s MiB: %#lx\n", mib, (unsigned long)(uintptr_t)p);
	return 0;
}

int main(int argc, char **argv)
{
	void *volatile small, *volatile big;
	pthread_t t;
	char c = 0;
	uintptr_t fixed_at = 0x20000000UL;

	if (argc == 3 && !strcmp(argv[1], "mmap"))
		return one_mmap(argv[2]);
	/* the brk heap grows first: in the legacy layout the mmap area may
	 * take the room above it (as under the kernel) */
	small = malloc(64);
	if (!small || sbrk(MiB) == (void *)-1) {
		perror("placecheck: malloc/sbrk");
		return 1;
	}
	big = malloc(64 * MiB);
	if (!big) {
		perror("placecheck: malloc/sbrk");
		return 1;
	}
	memset(big, 1, PAGE);
	anon(NULL, PAGE, 0);
	anon((void *)0x10000000UL, PAGE, 0);		/* hint below 2 GiB */
	anon((void *)0x200000000000UL, PAGE, 0);	/* hint above 4 GiB */
	printf("fixed %#lx-%#lx\n", (unsigned long)fixed_at,
	       (unsigned long)(fixed_at + PAGE));
	anon((void *)fixed_at, PAGE, MAP_FIXED);
	{
		uintptr_t p = (uintptr_t)anon(NULL, PAGE, MAP_32BIT);

		printf("map32 %#lx-%#lx\n", (unsigned long)p,
		       (unsigned long)(p + PAGE));
	}
#if LC_INTERP
	if (!dlopen("libm.so.6", RTLD_NOW)) {
		fprintf(stderr, "placecheck: dlopen: %s\n", dlerror());
		return 1;
	}
#endif
	if (!LC_PIE)
		printf("self %#lx-%#lx\n",
		       (unsigned long)(uintptr_t)__executable_start,
		       (unsigned long)(((uintptr_t)end + PAGE - 1) & ~(PAGE - 1)));
	if (pipe(gate) || pipe(ready) ||
	    pthread_create(&t, NULL, worker, NULL) ||
	    read(ready[0], &c, 1) != 1) {
		perror("placecheck: thread");
		return 1;
	}
	copy_maps();
	if (write(gate[1], &c, 1) != 1 || pthread_join(t, NULL))
		return 1;
	return 0;
}
