/*
 * as.c - the process-wide address-space object and its lock
 * (async-signal-safe zone).
 */
#include "as.h"

#include "arena.h"
#include "host.h"

struct vml_as vml_as;

void as_init(const struct vml_layout *l)
{
	vml_as.layout = *l;
	vma_tree_init(&vml_as.tree, arena_vma_alloc, arena_vma_release, NULL);
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

void as_unlock(void)
{
	if (__sync_fetch_and_sub(&vml_as.lock, 1) != 1) {
		vml_as.lock = 0;
		host_futex_wake(&vml_as.lock, 1);
	}
}
