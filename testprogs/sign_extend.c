/*
 * sign_extend.c - `(long)(int)p`: a pointer squeezed through an `int` (an
 * int-returning allocator wrapper, a varargs call without a prototype, an
 * int-typed struct field) and widened again. The conversion sign-extends:
 * an address at or above 2 GiB comes back as 0xffffffff........, which is
 * not a user address. Below 2 GiB (the i386 legacy layout) it is harmless.
 *
 * Exit status 0 when the widened pointer was the original; otherwise the
 * write through it dies of SIGSEGV (the line is printed first).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

static void *last_real;	/* what old_alloc really got, for the report */

/* the old wrapper: declared to return int, as implicit declarations did */
static int old_alloc(size_t n)
{
	last_real = malloc(n);
	return (int)(intptr_t)last_real;
}

static void check(const char *what, void *real, long widened)
{
	printf("%-16s %#18lx  (long)(int)p = %#18lx%s\n", what,
	       (unsigned long)real, (unsigned long)widened,
	       (uintptr_t)widened != (uintptr_t)real ? "  (damaged)" : "");
	*(volatile char *)widened = 1;	/* faults when damaged */
}

int main(void)
{
	long p;
	void *m;

	setvbuf(stdout, NULL, _IONBF, 0);
	/* a 1 MiB block comes from the mmap area */
	m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return 2;
	check("mmap(1 MiB)", m, (long)(int)(intptr_t)m);
	p = old_alloc(256 << 10);
	check("old_alloc(256K)", last_real, p);
	puts("every pointer survived");
	return 0;
}
