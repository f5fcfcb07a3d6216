/*
 * intptr_bug.c - the 2004 pointer-in-int bug. Old code kept pointers in an
 * `int` and took a negative value for failure (MAP_FAILED and (void *)-1
 * are negative too). That works while every allocation lies below 2 GiB:
 * the classic i386 legacy layout (mmap area growing up from 0x40000000).
 * With the top-down layout (2.6.9+), mmap lands just below the stack, above
 * 0x80000000: the int is negative and the program reports a bogus failure.
 *
 * Exit status: 0 if every allocation "succeeded", 1 at the first one the
 * old idiom rejects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void show(const char *what, unsigned long addr, int p)
{
	printf("%-20s %#14lx  as int %11d%s\n", what, addr, p,
	       p < 0 ? "  (negative)" : "");
}

int main(void)
{
	size_t small = 100, big = 4UL << 20, map = 8UL << 20;
	void *ptr;
	int p;

	/* unbuffered: each line is out before a crash (natively, on x86-64,
	 * the truncated pointer itself may fault) */
	setvbuf(stdout, NULL, _IONBF, 0);
	/* malloc of a small block: the brk heap */
	ptr = malloc(small);
	p = (int)(long)ptr;
	show("malloc(100)", (unsigned long)ptr, p);
	if (p < 0) {
		fprintf(stderr, "allocation failed\n");
		return 1;
	}
	memset((char *)(long)p, 0, small);

	/* malloc of 4 MiB: above the mmap threshold, so glibc mmaps it */
	ptr = malloc(big);
	p = (int)(long)ptr;
	show("malloc(4 MiB)", (unsigned long)ptr, p);
	if (p < 0) {
		fprintf(stderr, "allocation failed\n");
		return 1;
	}
	memset((char *)(long)p, 0, big);	/* the int used as the pointer */

	/* a direct anonymous mmap of 8 MiB */
	ptr = mmap(NULL, map, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p = (int)(long)ptr;
	show("mmap(8 MiB)", (unsigned long)ptr, p);
	if (p < 0) {
		fprintf(stderr, "allocation failed\n");
		return 1;
	}
	memset((char *)(long)p, 0, map);

	puts("all allocations ok");
	return 0;
}
