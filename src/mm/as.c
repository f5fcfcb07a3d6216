/*
 * as.c - the process-wide address-space object, its lock and the VMA
 * nodes (mm.h; async-signal-safe zone).
 */
#include "mm_int.h"

#include <string.h>

#include "base.h"
#include "vma.h"

struct vml_as vml_as;

/* Host VMAs kept for the runtime's own mappings (DESIGN D4: the host's
 * vm.max_map_count is shared with the runtime). */
#define RUNTIME_MAPS 512

static size_t read_max_map_count(void)
{
	char buf[32];
	size_t n = 0;
	int fd = host_open("/proc/sys/vm/max_map_count", 0, 0);
	long r = fd < 0 ? -1 : host_read(fd, buf, sizeof buf - 1);

	if (fd >= 0)
		host_close(fd);
	for (long i = 0; i < r && buf[i] >= '0' && buf[i] <= '9'; i++)
		n = n * 10 + (size_t)(buf[i] - '0');
	return n ? n : 65530;
}

void as_init(const struct vml_layout *l)
{
	size_t max = read_max_map_count();

	vml_as.layout = *l;
	vml_as.max_map_count = max > 2 * RUNTIME_MAPS ? max - RUNTIME_MAPS
						      : max / 2;
	vma_tree_init(&vml_as.tree, as_node_alloc, as_node_release, NULL);
	vml_as.magic = VML_AS_MAGIC;
}

void as_lock(void)
{
	int c = __sync_val_compare_and_swap(&vml_as.lock, 0, 1);

	if (c == 0)
		return;
	if (c != 2)
		c = __sync_lock_test_and_set(&vml_as.lock, 2);
	while (c != 0) {
		host_futex_wait(&vml_as.lock, 2);
		c = __sync_lock_test_and_set(&vml_as.lock, 2);
	}
}

int as_trylock(void)
{
	return __sync_bool_compare_and_swap(&vml_as.lock, 0, 1);
}

/* -Dinvariants=true (STYLE rule 19): the tree is checked whole at every
 * release of the lock, so a broken invariant is caught by the operation
 * that broke it. */
#ifndef VMLOAD_INVARIANTS
#define VMLOAD_INVARIANTS 0
#endif

static void check_locked(void)
{
	const char *why = NULL;

	if (vma_check(&vml_as.tree, &why) < 0)
		log_panic("the VMA tree is broken: %s", why ? why : "?");
}

void as_unlock(void)
{
	if (VMLOAD_INVARIANTS)
		check_locked();
	if (__sync_fetch_and_sub(&vml_as.lock, 1) != 1) {
		vml_as.lock = 0;
		host_futex_wake(&vml_as.lock, 1);
	}
}

/* ---- VMA nodes: arena memory, recycled through a free list linked by
 * their parent pointers; the tree's users hold as.lock ---- */

static struct vma *free_nodes;
static long fail_after = -1;

struct vma *as_node_alloc(void *ctx)
{
	struct vma *v = free_nodes;

	(void)ctx;
	if (fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	if (!v)
		return arena_alloc(sizeof *v);
	free_nodes = v->parent;
	memset(v, 0, sizeof *v);
	return v;
}

void as_node_release(void *ctx, struct vma *v)
{
	(void)ctx;
	v->parent = free_nodes;
	free_nodes = v;
}

void as_node_fail_after(long n)
{
	fail_after = n;
}
