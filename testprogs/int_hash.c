/*
 * int_hash.c - a table keyed on `(int)p`. Legacy code indexes objects by
 * their address squeezed into an int. Two objects collide only if their
 * addresses differ by a multiple of 4 GiB, which cannot happen in a 32-bit
 * address space and happens as soon as a program's objects span more than
 * 4 GiB: here an arena allocator in the style of a garbage-collected heap
 * reserves 8 GiB and hands out 256 MiB regions (only the first page of each
 * is used), where it fits; in a 3 or 4 GiB window the reservation shrinks
 * to what fits and every key stays unique.
 *
 * Exit status 0 if every lookup found its own object, 1 at the first
 * collision (the lookup returns another object).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define REGION (256UL << 20)
#define SLOTS 1024

struct object {
	int id;
};

static struct { int key; struct object *obj; } table[SLOTS];

static struct object *lookup(int key)
{
	for (unsigned i = (unsigned)key % SLOTS;; i = (i + 1) % SLOTS) {
		if (!table[i].obj || table[i].key == key)
			return table[i].obj;
	}
}

static void insert(struct object *o)
{
	int key = (int)(intptr_t)o;
	unsigned i = (unsigned)key % SLOTS;

	while (table[i].obj && table[i].key != key)
		i = (i + 1) % SLOTS;
	table[i].key = key;	/* a colliding key overwrites the entry */
	table[i].obj = o;
}

int main(void)
{
	size_t size = 8UL << 30;
	char *arena = MAP_FAILED;
	unsigned n, i;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (; size >= REGION; size /= 2) {
		arena = mmap(NULL, size, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (arena != MAP_FAILED)
			break;
	}
	if (arena == MAP_FAILED)
		return 2;
	n = (unsigned)(size / REGION);
	printf("arena %#lx, %u regions of 256 MiB\n", (unsigned long)arena, n);
	for (i = 0; i < n; i++) {
		struct object *o = (struct object *)(arena + i * REGION);

		if (mprotect(o, 4096, PROT_READ | PROT_WRITE))
			return 2;
		o->id = (int)i;
		insert(o);
	}
	for (i = 0; i < n; i++) {
		struct object *o = (struct object *)(arena + i * REGION);
		struct object *found = lookup((int)(intptr_t)o);

		if (found != o) {
			printf("object %u at %p: key %#x finds object %d at %p\n",
			       i, (void *)o, (unsigned)(int)(intptr_t)o,
			       found ? found->id : -1, (void *)found);
			return 1;
		}
	}
	printf("%u objects, every key unique\n", n);
	return 0;
}
