/*
 * vma.c - AVL tree of VMAs with gap augmentation (async-signal-safe zone:
 * no system calls, no allocation but the caller's pool).
 *
 * Each node caches, for its subtree: sub_min (lowest start), sub_max
 * (highest end) and sub_gap (largest hole strictly between two VMAs of the
 * subtree). A gap search descends only into subtrees whose bound says a
 * hole of the requested size may be there.
 */
#include "vma.h"

#include <linux/errno.h>
#include <string.h>


static int height(const struct vma *v)
{
	return v ? v->height : 0;
}

static uintptr_t umax(uintptr_t a, uintptr_t b)
{
	return a > b ? a : b;
}

static void update(struct vma *v)
{
	uintptr_t gap = 0;

	v->height = 1 + (height(v->left) > height(v->right) ? height(v->left)
							    : height(v->right));
	v->sub_min = v->left ? v->left->sub_min : v->start;
	v->sub_max = v->right ? v->right->sub_max : v->end;
	if (v->left)
		gap = umax(v->left->sub_gap, v->start - v->left->sub_max);
	if (v->right)
		gap = umax(gap, umax(v->right->sub_gap,
				     v->right->sub_min - v->end));
	v->sub_gap = gap;
}

static void replace_child(struct vma_tree *t, struct vma *parent,
			  struct vma *old, struct vma *new)
{
	if (!parent)
		t->root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
	if (new)
		new->parent = parent;
}

/* Rotate x's child up into x's place; returns the new subtree root. */
static struct vma *rotate_left(struct vma_tree *t, struct vma *x)
{
	struct vma *y = x->right;

	replace_child(t, x->parent, x, y);
	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->left = x;
	x->parent = y;
	update(x);
	update(y);
	return y;
}

static struct vma *rotate_right(struct vma_tree *t, struct vma *x)
{
	struct vma *y = x->left;

	replace_child(t, x->parent, x, y);
	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->right = x;
	x->parent = y;
	update(x);
	update(y);
	return y;
}

static struct vma *rebalance_one(struct vma_tree *t, struct vma *v)
{
	int bal = height(v->left) - height(v->right);

	if (bal > 1) {
		if (height(v->left->left) < height(v->left->right))
			rotate_left(t, v->left);
		return rotate_right(t, v);
	}
	if (bal < -1) {
		if (height(v->right->right) < height(v->right->left))
			rotate_right(t, v->right);
		return rotate_left(t, v);
	}
	update(v);
	return v;
}

/* Restore balance and augmentation from v up to the root. */
static void fixup(struct vma_tree *t, struct vma *v)
{
	while (v) {
		v = rebalance_one(t, v);
		v = v->parent;
	}
}

void vma_tree_init(struct vma_tree *t, struct vma *(*alloc)(void *),
		   void (*release)(void *, struct vma *), void *ctx)
{
	t->root = NULL;
	t->count = 0;
	t->alloc = alloc;
	t->release = release;
	t->ctx = ctx;
}

struct vma *vma_find(const struct vma_tree *t, uintptr_t addr)
{
	struct vma *v = t->root, *best = NULL;

	while (v) {
		if (v->end > addr) {
			best = v;
			if (v->start <= addr)
				break;
			v = v->left;
		} else {
			v = v->right;
		}
	}
	return best;
}

struct vma *vma_lookup(const struct vma_tree *t, uintptr_t addr)
{
	struct vma *v = vma_find(t, addr);

	return v && v->start <= addr ? v : NULL;
}

struct vma *vma_first(const struct vma_tree *t)
{
	struct vma *v = t->root;

	while (v && v->left)
		v = v->left;
	return v;
}

struct vma *vma_next(const struct vma *v)
{
	if (v->right) {
		v = v->right;
		while (v->left)
			v = v->left;
		return (struct vma *)v;
	}
	while (v->parent && v->parent->right == v)
		v = v->parent;
	return v->parent;
}

struct vma *vma_prev(const struct vma *v)
{
	if (v->left) {
		v = v->left;
		while (v->right)
			v = v->right;
		return (struct vma *)v;
	}
	while (v->parent && v->parent->left == v)
		v = v->parent;
	return v->parent;
}

int vma_overlaps(const struct vma_tree *t, uintptr_t lo, uintptr_t hi)
{
	struct vma *v = vma_find(t, lo);

	return v && v->start < hi;
}

struct vma *vma_insert(struct vma_tree *t, const struct vma *tmpl)
{
	struct vma *n = t->alloc(t->ctx), *p = NULL, **link = &t->root;

	if (!n)
		return NULL;
	*n = *tmpl;
	n->left = n->right = NULL;
	while (*link) {
		p = *link;
		link = n->start < p->start ? &p->left : &p->right;
	}
	*link = n;
	n->parent = p;
	update(n);
	t->count++;
	fixup(t, p);
	return n;
}

void vma_remove(struct vma_tree *t, struct vma *v)
{
	struct vma *start_fix;

	if (v->left && v->right) {
		/* swap in the successor, which has no left child */
		struct vma *s = v->right;

		while (s->left)
			s = s->left;
		start_fix = s->parent == v ? s : s->parent;
		if (s->parent != v) {
			replace_child(t, s->parent, s, s->right);
			s->right = v->right;
			s->right->parent = s;
		}
		replace_child(t, v->parent, v, s);
		s->left = v->left;
		s->left->parent = s;
	} else {
		struct vma *c = v->left ? v->left : v->right;

		start_fix = v->parent;
		replace_child(t, v->parent, v, c);
	}
	t->count--;
	t->release(t->ctx, v);
	fixup(t, start_fix);
}

static void refresh_path(struct vma *v)
{
	for (; v; v = v->parent)
		update(v);
}

void vma_set_range(struct vma_tree *t, struct vma *v, uintptr_t start,
		   uintptr_t end)
{
	(void)t;
	v->pgoff += start - v->start;
	v->start = start;
	v->end = end;
	refresh_path(v);
}

struct vma *vma_split(struct vma_tree *t, struct vma *v, uintptr_t addr)
{
	struct vma hi = *v;
	struct vma *n;

	hi.start = addr;
	hi.pgoff = v->pgoff + (addr - v->start);
	/* shrink first so the insert sees a free range */
	v->end = addr;
	refresh_path(v);
	n = vma_insert(t, &hi);
	if (!n) {
		v->end = hi.end;
		refresh_path(v);
	}
	return n;
}

int vma_mergeable(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->prot != b->prot || a->flags != b->flags)
		return 0;
	if ((a->flags & (VMA_HOST | VMA_SPECIAL | VMA_SHM)) || a->name != b->name)
		return 0;
	if (a->file != b->file)
		return 0;
	/* anonymous VMAs too: their offset is the address they were made at,
	 * kept when mremap moves them */
	if (a->pgoff + (a->end - a->start) != b->pgoff)
		return 0;
	/* is_mergeable_anon_vma() */
	if (a->anon && b->anon && a->anon != b->anon)
		return 0;
	return 1;
}

struct vma *vma_merge(struct vma_tree *t, struct vma *v)
{
	struct vma *p = vma_prev(v), *n = vma_next(v);

	if (n && vma_mergeable(v, n)) {
		uintptr_t end = n->end;

		if (!v->anon)
			v->anon = n->anon;
		vma_remove(t, n);
		v->end = end;
		refresh_path(v);
	}
	if (p && vma_mergeable(p, v)) {
		uintptr_t end = v->end;

		if (!p->anon)
			p->anon = v->anon;
		vma_remove(t, v);
		p->end = end;
		refresh_path(p);
		v = p;
	}
	return v;
}

/* ---- gap search ----
 *
 * The kernel's vm_unmapped_area(): find the highest (lowest) hole of the
 * raw size between VMAs, then look at the VMA after it. If that one is a
 * stack whose guard gap reaches into the candidate, the search limit moves
 * past it and the search starts again (unmapped_area_topdown() and
 * unmapped_area() in mm/mmap.c). This skips every hole in between, which
 * is what the kernel does.
 */

static long try_gap_td(uintptr_t lo, const struct vma *succ,
		       const struct vma_gap_req *q)
{
	uintptr_t gs = lo > q->low ? lo : q->low, a;
	uintptr_t ge = succ && succ->start < q->high ? succ->start : q->high;

	if (ge < gs || ge - gs < q->len)
		return -ENOMEM;
	a = ge - q->len;
	a = ((a - q->align_off) & ~(q->align - 1)) + q->align_off;
	if (a > ge - q->len || a < gs)
		return -ENOMEM;
	return (long)a;
}

static long try_gap_bu(uintptr_t lo, const struct vma *succ,
		       const struct vma_gap_req *q)
{
	uintptr_t gs = lo > q->low ? lo : q->low, a;
	uintptr_t ge = succ && succ->start < q->high ? succ->start : q->high;

	if (ge < gs || ge - gs < q->len)
		return -ENOMEM;
	a = ((gs - q->align_off + q->align - 1) & ~(q->align - 1)) + q->align_off;
	if (a < gs || a > ge || ge - a < q->len)
		return -ENOMEM;
	return (long)a;
}

/* Could the holes of n's subtree, bounded by lo below and succ above,
 * hold the request at all? */
static int may_fit(const struct vma *n, uintptr_t lo, const struct vma *succ,
		   const struct vma_gap_req *q)
{
	uintptr_t hi = succ ? succ->start : q->high;

	if (hi <= q->low || lo >= q->high)
		return 0;
	return n->sub_gap >= q->len || n->sub_min - lo >= q->len ||
	       hi - n->sub_max >= q->len;
}

static long search(const struct vma *n, uintptr_t lo, const struct vma *succ,
		   const struct vma_gap_req *q, int topdown)
{
	long r;

	if (!n)
		return topdown ? try_gap_td(lo, succ, q) : try_gap_bu(lo, succ, q);
	if (!may_fit(n, lo, succ, q))
		return -ENOMEM;
	if (topdown) {
		r = search(n->right, n->end, succ, q, 1);
		if (r >= 0)
			return r;
		return search(n->left, lo, n, q, 1);
	}
	r = search(n->left, lo, n, q, 0);
	if (r >= 0)
		return r;
	return search(n->right, n->end, succ, q, 0);
}

/* vm_start_gap(): where a stack's guard gap begins */
static uintptr_t start_gap(const struct vma *v, uintptr_t guard)
{
	if (!(v->flags & VMA_GROWSDOWN))
		return v->start;
	return v->start > guard ? v->start - guard : 0;
}

long vma_gap_topdown(const struct vma_tree *t, const struct vma_gap_req *req)
{
	struct vma_gap_req q = *req;

	if (q.len == 0)
		return -ENOMEM;
	while (q.high > q.low) {
		long r = search(t->root, 0, NULL, &q, 1);
		const struct vma *next;
		uintptr_t gap_end;

		if (r < 0)
			return r;
		next = vma_find(t, (uintptr_t)r);
		gap_end = next && next->start < q.high ? next->start : q.high;
		if (!next || start_gap(next, q.guard) >= gap_end)
			return r;
		q.high = start_gap(next, q.guard);
	}
	return -ENOMEM;
}

long vma_gap_bottomup(const struct vma_tree *t, const struct vma_gap_req *req)
{
	struct vma_gap_req q = *req;

	if (q.len == 0)
		return -ENOMEM;
	while (q.high > q.low) {
		long r = search(t->root, 0, NULL, &q, 0);
		const struct vma *next;

		if (r < 0)
			return r;
		next = vma_find(t, (uintptr_t)r);
		if (!next || start_gap(next, q.guard) >= (uintptr_t)r + q.len - 1)
			return r;
		q.low = next->end;
	}
	return -ENOMEM;
}

/* ---- invariants ---- */

static int check_node(const struct vma *v, const char **why)
{
	struct vma tmp = *v;

	if (v->start >= v->end || (v->start | v->end) & 4095) {
		*why = "bad range";
		return -1;
	}
	if ((v->left && v->left->parent != v) ||
	    (v->right && v->right->parent != v)) {
		*why = "bad parent link";
		return -1;
	}
	update(&tmp);
	if (tmp.height != v->height || tmp.sub_min != v->sub_min ||
	    tmp.sub_max != v->sub_max || tmp.sub_gap != v->sub_gap) {
		*why = "stale augmentation";
		return -1;
	}
	if (height(v->left) - height(v->right) > 1 ||
	    height(v->right) - height(v->left) > 1) {
		*why = "unbalanced";
		return -1;
	}
	return 0;
}

int vma_check(const struct vma_tree *t, const char **why)
{
	const struct vma *v, *prev = NULL;
	size_t n = 0;

	if (t->root && t->root->parent) {
		*why = "root has a parent";
		return -1;
	}
	for (v = vma_first(t); v; prev = v, v = vma_next(v), n++) {
		if (check_node(v, why) < 0)
			return -1;
		if (prev && prev->end > v->start) {
			*why = "overlap or misorder";
			return -1;
		}
	}
	if (n != t->count) {
		*why = "count mismatch";
		return -1;
	}
	return 0;
}
