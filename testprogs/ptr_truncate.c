/*
 * ptr_truncate.c - the 64-bit porting bug: a pointer kept in a 32-bit
 * handle (an `unsigned int` field of an old API, a DWORD cookie) and turned
 * back into a pointer later. It works while every object lies below 4 GiB:
 * any i386 layout, or a 64-bit program whose heap happens to be low (a
 * non-PIE program's brk heap). Above 4 GiB the high bits are gone and the
 * pointer made from the handle points elsewhere: usually unmapped memory.
 *
 * Exit status 0 if every record came back through its handle; the program
 * dies of SIGSEGV when a handle lost bits (each line is printed first).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct record {
	char name[24];
	unsigned int self;	/* the handle the old API hands out */
	int value;
};

static unsigned int handle_of(struct record *r)
{
	return (unsigned int)(uintptr_t)r;
}

static struct record *record_of(unsigned int handle)
{
	return (struct record *)(uintptr_t)handle;
}

static void use(const char *what, struct record *r)
{
	unsigned int h;

	snprintf(r->name, sizeof r->name, "%s", what);
	r->self = handle_of(r);
	h = r->self;
	printf("%-18s %#14lx  handle %#010x%s\n", what, (unsigned long)r, h,
	       (uintptr_t)record_of(h) != (uintptr_t)r ? "  (high bits lost)" : "");
	record_of(h)->value = 42;	/* faults if the handle lost bits */
	if (r->value != 42) {
		printf("%s: the handle reached another record\n", what);
		exit(1);
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	use("malloc(32)", malloc(sizeof(struct record)));	/* brk heap */
	use("malloc(1 MiB)", malloc(1 << 20));			/* mmap area */
	puts("every handle ok");
	return 0;
}
