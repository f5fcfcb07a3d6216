/*
 * vma_fixture.c - see vma_fixture.h.
 */
#include "vma_fixture.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

struct pool pool;
struct vma_tree tree;
struct vml_file *file_a, *file_b;

static struct vma *pool_alloc(void *ctx)
{
	struct pool *p = ctx;

	if (p->fail_after == 0)
		return NULL;
	if (p->fail_after > 0)
		p->fail_after--;
	p->live++;
	return calloc(1, sizeof(struct vma));
}

static void pool_release(void *ctx, struct vma *v)
{
	struct pool *p = ctx;

	p->live--;
	memset(v, 0x5a, sizeof *v); /* catch use after release */
	free(v);
}

static struct vml_file *mkfile(const char *path, uint64_t ino)
{
	struct vml_file *f = calloc(1, sizeof *f + strlen(path) + 1);

	cr_assert_not_null(f);
	f->dev_major = 8;
	f->ino = ino;
	strcpy(f->path, path);
	return f;
}

void vma_fixture_setup(void)
{
	pool.live = 0;
	pool.fail_after = -1;
	vma_tree_init(&tree, pool_alloc, pool_release, &pool);
	file_a = mkfile("/lib/a.so", 11);
	file_b = mkfile("/lib/b.so", 12);
}

struct vma tmpl(uintptr_t s, uintptr_t e, int prot, unsigned flags,
		const struct vml_file *f, uint64_t pgoff)
{
	struct vma v;

	memset(&v, 0, sizeof v);
	v.start = s;
	v.end = e;
	v.prot = prot;
	v.flags = flags;
	v.file = f;
	v.pgoff = pgoff;
	return v;
}

struct vma *ins(uintptr_t s, uintptr_t e, int prot, unsigned flags,
		const struct vml_file *f, uint64_t pgoff)
{
	struct vma t = tmpl(s, e, prot, flags, f, pgoff);
	struct vma *v = vma_insert(&tree, &t);

	cr_assert_not_null(v);
	return v;
}

struct vma *ins_anon(uintptr_t s, uintptr_t e, int prot, unsigned flags)
{
	return ins(s, e, prot, flags, NULL, s);
}

void check_tree(void)
{
	const char *why = "";

	cr_assert_eq(vma_check(&tree, &why), 0, "vma_check: %s", why);
	cr_assert_eq((size_t)pool.live, tree.count, "leaked or lost nodes");
}
