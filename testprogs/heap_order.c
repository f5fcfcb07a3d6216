/*
 * heap_order.c - code that assumes where the heap is: a legacy allocator
 * that frees a block with free() when it lies below the mmap area and with
 * munmap() otherwise ("the heap is below the mappings"), and a conservative
 * scanner that takes anything above the program break for a stack address
 * ("the heap is below the stack"). Both hold in the i386 layouts and in the
 * x86-64 top-down layout; the x86-64 legacy layout puts the mmap area at
 * TASK_SIZE/3 (0x2aaaaaaab000), below a PIE's heap, and placements that
 * move the heap (VMLOAD_PLACE) break them too.
 *
 * It prints the three regions in address order and each assumption's
 * verdict. Exit status 0 if both hold, 1 if one is broken (the allocator
 * would munmap a heap block, or the scanner would miss the stack).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static uintptr_t mmap_floor = UINTPTR_MAX; /* lowest mapping handed out */

static void *legacy_map(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED && (uintptr_t)p < mmap_floor)
		mmap_floor = (uintptr_t)p;
	return p == MAP_FAILED ? NULL : p;
}

/* the legacy rule: below the lowest mapping means from the heap */
static int from_heap(const void *p)
{
	return (uintptr_t)p < mmap_floor;
}

/* the legacy scanner's rule: above the break means on the stack */
static int on_stack(const void *p)
{
	return (uintptr_t)p > (uintptr_t)sbrk(0);
}

int main(void)
{
	char *heap = malloc(64), *map = legacy_map(1 << 20);
	int local = 0, broken = 0;

	if (!heap || !map)
		return 2;
	printf("heap  %#14lx\nmmap  %#14lx\nstack %#14lx\n",
	       (unsigned long)heap, (unsigned long)map, (unsigned long)&local);
	if (from_heap(heap) && !from_heap(map)) {
		puts("heap below the mmap area: free()/munmap() chosen right");
	} else {
		printf("heap block %p taken for a mapping: would munmap() it\n",
		       (void *)heap);
		broken = 1;
	}
	if (on_stack(&local) && !on_stack(heap)) {
		puts("heap below the stack: the scanner finds the stack");
	} else {
		printf("stack variable %p is below the break %p: the scanner "
		       "misses the stack\n", (void *)&local, sbrk(0));
		broken = 1;
	}
	free(heap);
	munmap(map, 1 << 20);
	return broken;
}
