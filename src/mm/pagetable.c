/*
 * pagetable.c - the runtime page table (async-signal-safe zone: arena
 * memory only, no system calls).
 *
 * Page number bits 34..0 of a 47-bit address: root index 34..27 (256),
 * then 26..18, 17..9 (512 each), and the leaf holds pages 8..0, 2 bits
 * each, in eight 64-bit words. An absent node means every page under it is
 * PT_NONE. Leaves that become all PT_NONE go to a free list for reuse.
 */
#include "pagetable.h"

#include <linux/errno.h>
#include <string.h>

#include "base.h"

#define PAGE_SHIFT 12
#define FAN 512
#define ROOT_FAN 256
#define LEAF_PAGES 512
#define LEAF_WORDS (LEAF_PAGES / 32)

struct leaf {
	uint64_t w[LEAF_WORDS];
};

struct node {
	void *slot[FAN];
};

static struct node *root[ROOT_FAN];
static struct leaf *free_leaves;	/* linked through w[0] */
static size_t bytes;

static unsigned idx(uint64_t pn, int level)
{
	/* level 0 = root ... level 2 = lowest interior node */
	static const int shift[3] = { 27, 18, 9 };

	return (unsigned)(pn >> shift[level]) & (level ? FAN - 1 : ROOT_FAN - 1);
}

/* The leaf for page number pn, or NULL (create: allocate missing nodes). */
static struct leaf *leaf_of(uint64_t pn, int create)
{
	struct node **n1 = &root[idx(pn, 0)], *n2;
	struct node **pn2;
	struct leaf **pl;

	if (!*n1) {
		if (!create || !(*n1 = arena_alloc(sizeof(struct node))))
			return NULL;
		bytes += sizeof(struct node);
	}
	pn2 = (struct node **)&(*n1)->slot[idx(pn, 1)];
	if (!*pn2) {
		if (!create || !(*pn2 = arena_alloc(sizeof(struct node))))
			return NULL;
		bytes += sizeof(struct node);
	}
	n2 = *pn2;
	pl = (struct leaf **)&n2->slot[idx(pn, 2)];
	if (!*pl && create) {
		if (free_leaves) {
			*pl = free_leaves;
			free_leaves = (struct leaf *)(uintptr_t)free_leaves->w[0];
			memset(*pl, 0, sizeof(struct leaf));
		} else if ((*pl = arena_alloc(sizeof(struct leaf))) != NULL) {
			bytes += sizeof(struct leaf);
		}
	}
	return *pl;
}

static void leaf_release_if_empty(uint64_t pn)
{
	struct node *n1 = root[idx(pn, 0)], *n2;
	struct leaf **pl, *l;

	if (!n1 || !(n2 = n1->slot[idx(pn, 1)]))
		return;
	pl = (struct leaf **)&n2->slot[idx(pn, 2)];
	l = *pl;
	if (!l)
		return;
	for (int i = 0; i < LEAF_WORDS; i++)
		if (l->w[i])
			return;
	*pl = NULL;
	l->w[0] = (uint64_t)(uintptr_t)free_leaves;
	free_leaves = l;
}

int pagetable_get(uintptr_t addr)
{
	uint64_t pn = addr >> PAGE_SHIFT;
	struct leaf *l = leaf_of(pn, 0);
	unsigned i = (unsigned)(pn & (LEAF_PAGES - 1));

	if (!l)
		return PT_NONE;
	return (int)((l->w[i / 32] >> (2 * (i % 32))) & 3);
}

int pagetable_set(uintptr_t lo, uintptr_t hi, int state)
{
	uint64_t pn = lo >> PAGE_SHIFT, end = hi >> PAGE_SHIFT;

	while (pn < end) {
		uint64_t lend = (pn | (LEAF_PAGES - 1)) + 1;
		struct leaf *l;

		if (lend > end)
			lend = end;
		l = leaf_of(pn, state != PT_NONE);
		if (!l) {
			if (state != PT_NONE)
				return -ENOMEM;
			pn = lend; /* absent: already all PT_NONE */
			continue;
		}
		for (uint64_t p = pn; p < lend; p++) {
			unsigned i = (unsigned)(p & (LEAF_PAGES - 1));
			unsigned sh = 2 * (i % 32);

			if ((i % 32) == 0 && p + 32 <= lend) {
				/* a whole word at once */
				uint64_t pat = 0x5555555555555555ULL * (uint64_t)state;

				l->w[i / 32] = pat;
				p += 31;
				continue;
			}
			l->w[i / 32] = (l->w[i / 32] & ~(3ULL << sh)) |
				       ((uint64_t)state << sh);
		}
		if (state == PT_NONE)
			leaf_release_if_empty(pn);
		pn = lend;
	}
	return 0;
}

/* Page number of the first page at or after pn (< end) whose state differs
 * from s, or end. */
static uint64_t run_end(uint64_t pn, uint64_t end, int s)
{
	uint64_t pat = 0x5555555555555555ULL * (uint64_t)s;

	while (pn < end) {
		struct node *n1 = root[idx(pn, 0)], *n2 = NULL;
		struct leaf *l = NULL;
		uint64_t span;

		if (!n1) {
			span = 1ULL << 27;
		} else if (!(n2 = n1->slot[idx(pn, 1)])) {
			span = 1ULL << 18;
		} else if (!(l = n2->slot[idx(pn, 2)])) {
			span = LEAF_PAGES;
		} else {
			unsigned i = (unsigned)(pn & (LEAF_PAGES - 1));
			uint64_t w = l->w[i / 32];

			if ((i % 32) == 0 && w == pat) {
				pn += 32;
				continue;
			}
			if ((int)((w >> (2 * (i % 32))) & 3) != s)
				return pn;
			pn++;
			continue;
		}
		/* an absent subtree: all PT_NONE */
		if (s != PT_NONE)
			return pn;
		pn = (pn & ~(span - 1)) + span;
	}
	return end;
}

uintptr_t pagetable_run(uintptr_t lo, uintptr_t hi, int *state)
{
	uint64_t pn = lo >> PAGE_SHIFT, end = hi >> PAGE_SHIFT, e;

	*state = pagetable_get(lo);
	e = run_end(pn, end, *state);
	if (e > end)
		e = end;
	return (uintptr_t)(e << PAGE_SHIFT);
}

int pagetable_move(uintptr_t from, uintptr_t to, size_t len)
{
	uintptr_t cur = from, end = from + len;

	while (cur < end) {
		int s;
		uintptr_t e = pagetable_run(cur, end, &s);

		if (pagetable_set(to + (cur - from), to + (e - from), s) < 0)
			return -ENOMEM;
		cur = e;
	}
	return pagetable_set(from, end, PT_NONE);
}

size_t pagetable_bytes(void)
{
	return bytes;
}

void pagetable_reset(void)
{
	memset(root, 0, sizeof root);
	free_leaves = NULL;
	bytes = 0;
}
