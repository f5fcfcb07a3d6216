/*
 * layout.h - the guest address-space layout as data (DESIGN D1).
 *
 * layout_init() turns a configuration and a random source into every number
 * the kernel would compute at exec time (arch/x86/mm/mmap.c, fs/binfmt_elf.c,
 * mm/util.c); nothing else recomputes them. All fields are immutable after
 * layout_init. Windows of 4 GiB or less use the ia32 constants, the 47-bit
 * window the x86-64 ones.
 */
#ifndef VMLOAD_LAYOUT_H
#define VMLOAD_LAYOUT_H

#include <stdint.h>

#include "vmload/config.h"

#define VML_PAGE 4096UL
#define VML_PAGE_ALIGN(x) (((x) + VML_PAGE - 1) & ~(VML_PAGE - 1))
#define VML_PAGE_START(x) ((x) & ~(VML_PAGE - 1))
#define VML_SZ_128M (128UL << 20)
#define VML_STACK_GUARD_GAP (256UL * VML_PAGE) /* stack_guard_gap: 1 MiB */
#define VML_STACK_EXPAND (128UL << 10)	       /* setup_arg_pages */

/* A deterministic random source (splitmix64). */
struct vml_rng {
	uint64_t state;
};

uint64_t layout_rand(struct vml_rng *r);

struct vml_layout {
	uint64_t task_size;	  /* TASK_SIZE: end of the window */
	uint64_t mmap_min;	  /* vm.mmap_min_addr: start of the window */
	int ia32;		  /* ia32 constants (window <= 4 GiB) */
	int legacy;		  /* bottom-up allocation */
	int randomize;		  /* PF_RANDOMIZE */
	uint64_t stack_rlim;	  /* RLIMIT_STACK snapshot */
	uint64_t mmap_base;	  /* where the search starts (per direction) */
	uint64_t mmap_topdown_base;	  /* mmap_base() of the kernel */
	uint64_t mmap_legacy_base; /* TASK_UNMAPPED_BASE + rnd */
	uint64_t et_dyn_base;	  /* ELF_ET_DYN_BASE */
	uint64_t pie_rnd;	  /* arch_mmap_rnd() added to a PIE's bias */
	uint64_t stack_top;	  /* end of the stack VMA */
	uint64_t stack_jitter;	  /* arch_align_stack() drop before tables */
	uint64_t brk_rnd_range;	  /* arch_randomize_brk range */
	uint64_t brk_rnd;	  /* the drawn offset, page-aligned, < range */
	/* rules that changed since 2.6.9 (VMLOAD_KERNEL) */
	int static_pie_brk_moved; /* an ET_DYN without PT_INTERP gets its heap
				     at ELF_ET_DYN_BASE (kernels of 2024+) */
	int et_dyn_base_all;	  /* every ET_DYN program at ELF_ET_DYN_BASE
				     (2.6.9), not only one with PT_INTERP */
	int vdso;		  /* the guest gets a vDSO (2.6.9: none in the
				     window; i386's page sat above TASK_SIZE) */
	uint64_t map32_base;	  /* MAP_32BIT search start */
	uint64_t map32_end;
	/* VMLOAD_PLACE (enum vml_place). Every allocation the program does not
	 * place itself (no MAP_FIXED, no MAP_32BIT in the 47-bit window) goes
	 * in [place_lo, place_hi): the whole window for KERNEL, from
	 * VML_PLACE_HIGH_32/_64 up for HIGH, below VML_PLACE_LOW_CEIL for LOW.
	 * The bases above are already moved into that range; the kernel's own
	 * bases are kept for LOW, which falls back to them when a mapping does
	 * not fit below the ceiling (equal to the moved ones for KERNEL). */
	int place;
	uint64_t place_lo, place_hi;
	uint64_t kernel_topdown_base;
	uint64_t kernel_legacy_base;
};

#define VML_PLACE_HIGH_32 0x80000000UL	/* 3g/4g: negative as an int */
#define VML_PLACE_HIGH_64 0x100000000UL	/* 47: truncation to 32 bits */
#define VML_PLACE_LOW_CEIL 0x80000000UL	/* low: positive as an int */

/* Task size of a window. */
uint64_t layout_task_size(enum vml_aspace a);
/*
 * Compute the layout. mmap_min is vm.mmap_min_addr. Random numbers are
 * drawn from rng in a fixed order, so one seed gives one layout.
 */
void layout_init(struct vml_layout *l, const struct vml_config *cfg,
		 uint64_t mmap_min, struct vml_rng *rng);
/* Internal consistency of a computed layout: 0 or -1. */
int layout_valid(const struct vml_layout *l);
/* The kernel's mmap_base(rnd, task_size, rlim) for the top-down layout. */
uint64_t layout_mmap_base(uint64_t task_size, uint64_t rlim, uint64_t rnd,
			  int ia32, int randomize);
/* Is [addr, addr+len) where a non-fixed allocation may go? */
int layout_in_place(const struct vml_layout *l, uint64_t addr, uint64_t len);
/* brk start for a program whose highest p_vaddr+p_memsz is elf_brk. A heap
 * that would start outside [place_lo, place_hi) starts at ELF_ET_DYN_BASE,
 * as the kernel moves a static PIE's. */
uint64_t layout_brk_start(const struct vml_layout *l, uint64_t elf_brk,
			  int static_pie);

#endif
