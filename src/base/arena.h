/*
 * arena.h - runtime memory outside the guest window, usable from signal
 * handlers: a bump allocator and a VMA node pool, both over one region
 * reserved by arena_init() before the window exists.
 */
#ifndef VMLOAD_ARENA_H
#define VMLOAD_ARENA_H

#include <stddef.h>
#include <stdint.h>

#include "vma.h"

/* Reserve the arena. Normal context, before window_init. 0 or -errno. */
int arena_init(void);
/* Zeroed, 16-byte aligned, never freed. NULL when exhausted. */
void *arena_alloc(size_t size);
/* Give back p, size bytes from arena_alloc, if nothing was allocated after
 * it (the memory of an operation that failed, freed newest first); it is
 * zeroed again. 1 when given back, 0 when it stays allocated. */
int arena_free_last(void *p, size_t size);
/* The same at a power-of-two alignment (size a multiple of it). */
void *arena_alloc_aligned(size_t size, size_t align);
/* Is addr arena memory? */
int arena_contains(uintptr_t addr);
struct vma *arena_vma_alloc(void *ctx);
void arena_vma_release(void *ctx, struct vma *v);
/* 1 MiB of runtime address space after the arena where host mappings that
 * must leave the window (the vDSO) can wait. */
uintptr_t arena_park_area(void);
/* Test hook: make the next n node allocations fail (-1: never). */
void arena_fail_after(long n);

#endif
