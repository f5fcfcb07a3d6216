/*
 * where.c - print where a program's memory lands: code, data, heap (brk and
 * malloc), the mmap area (small and large mmap), and the stack. The demo in
 * the README runs it under both layouts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int data_word = 1;

static void show(const char *what, const void *p)
{
	uintptr_t a = (uintptr_t)p;

	printf("  %-22s %#14lx%s\n", what, (unsigned long)a,
	       a >> 32 ? "  (truncated as int)"
	       : (int)(intptr_t)p < 0 ? "  (negative as int)" : "");
}

int main(void)
{
	int local;
	void *small = malloc(64), *big = malloc(1 << 20);
	void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	show("code (main)", (void *)main);
	show("data", &data_word);
	show("brk (sbrk(0))", sbrk(0));
	show("malloc(64)", small);
	show("malloc(1 MiB)", big);
	show("mmap(4 KiB)", m);
	show("stack", &local);
	return 0;
}
