/*
 * vma_fixture.h - the tree every vma test works on: malloc-backed nodes
 * counted by a pool that can be told to fail, and two fake files.
 */
#ifndef VMLOAD_TEST_VMA_FIXTURE_H
#define VMLOAD_TEST_VMA_FIXTURE_H

#include <stdint.h>
#include <sys/mman.h>

#include "vma.h"

#define PG 4096UL
#define MiB (1UL << 20)
#define RW (PROT_READ | PROT_WRITE)
#define A(x) ((uintptr_t)(x))

struct pool {
	long live;
	long fail_after; /* -1: never */
};

extern struct pool pool;
extern struct vma_tree tree;
extern struct vml_file *file_a, *file_b;

/* The suite's .init: an empty tree. */
void vma_fixture_setup(void);
struct vma tmpl(uintptr_t s, uintptr_t e, int prot, unsigned flags,
		const struct vml_file *f, uint64_t pgoff);
/* Insert (asserting success), without merging. */
struct vma *ins(uintptr_t s, uintptr_t e, int prot, unsigned flags,
		const struct vml_file *f, uint64_t pgoff);
/* Private anonymous memory: vm_pgoff is the address it was created at. */
struct vma *ins_anon(uintptr_t s, uintptr_t e, int prot, unsigned flags);
/* vma_check() passes and no node leaked. */
void check_tree(void);

#endif
