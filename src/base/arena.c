/*
 * arena.c - runtime memory for handlers (base.h; async-signal-safe zone).
 *
 * One MAP_NORESERVE region: pages materialize only when touched. A spinlock
 * guards the bump pointer; handlers run with async signals
 * blocked, so the holder is never interrupted by another handler on the
 * same thread.
 */
#include "base.h"

#include <string.h>
#include <sys/mman.h>


#define ARENA_SIZE (4UL << 30)
#define PARK_SIZE (1UL << 20)
/* Inside the 64 GiB the runtime keeps for itself above its link address
 * (tools/link-static.sh), past the room left for its heap. */
#define ARENA_HINT 0x3ff800000000UL

static char *arena_base, *arena_next, *arena_end;
static int arena_spin;

static void spin_lock(void)
{
	while (__sync_lock_test_and_set(&arena_spin, 1))
		__builtin_ia32_pause();
}

static void spin_unlock(void)
{
	__sync_lock_release(&arena_spin);
}

int arena_init(void)
{
	long p;

	if (arena_base)
		return 0;
	p = host_mmap(ARENA_HINT, ARENA_SIZE + PARK_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		      MAP_FIXED_NOREPLACE, -1, 0);
	if (IS_ERR_VAL(p))
		p = host_mmap(0, ARENA_SIZE + PARK_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (IS_ERR_VAL(p))
		return (int)p;
	arena_base = arena_next = (char *)p;
	arena_end = arena_base + ARENA_SIZE;
	return 0;
}

void *arena_alloc(size_t size)
{
	char *p = NULL;

	size = (size + 15) & ~15UL;
	spin_lock();
	if (arena_base && (size_t)(arena_end - arena_next) >= size) {
		p = arena_next;
		arena_next += size;
	}
	spin_unlock();
	return p; /* fresh anonymous pages are already zero */
}

int arena_free_last(void *p, size_t size)
{
	int done = 0;

	size = (size + 15) & ~15UL;
	spin_lock();
	if (p && (char *)p + size == arena_next) {
		memset(p, 0, size);
		arena_next = p;
		done = 1;
	}
	spin_unlock();
	return done;
}

void *arena_alloc_aligned(size_t size, size_t align)
{
	char *p = NULL;
	uintptr_t a;

	spin_lock();
	if (arena_base) {
		a = ((uintptr_t)arena_next + align - 1) & ~(uintptr_t)(align - 1);
		if (a + size <= (uintptr_t)arena_end && a + size > a) {
			p = (char *)a;
			arena_next = p + size;
		}
	}
	spin_unlock();
	return p;
}

int arena_contains(uintptr_t addr)
{
	return addr >= (uintptr_t)arena_base && addr < (uintptr_t)arena_end;
}

uintptr_t arena_park_area(void)
{
	return (uintptr_t)arena_end;
}
