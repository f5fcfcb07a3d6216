/*
 * run.h - the runtime's life cycle, as the loader drives it: the one
 * entry point of the runtime (src/run/run.c). The loader is a client: it
 * reserves the window through run_reserve, maps the program through
 * mman.h, and hands the process over with run_start; it includes nothing
 * under src/.
 *
 * Both run in normal context, single-threaded, on the loader's glibc, and
 * return -errno with *what naming the step that failed.
 */
#ifndef VMLOAD_RUN_H
#define VMLOAD_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "vmload/config.h"
#include "vmload/layout.h"

/* vm.mmap_min_addr: the lowest address a guest may map (layout_init). */
uint64_t run_mmap_min_addr(void);

/* Does this host run 32-bit programs at all (IA-32 emulation on)? */
int run_host_runs_ia32(void);

/*
 * Make the runtime ready for the loader to map the guest: the arena, the
 * host's vDSO parked out of the way, the window reserved (the host's own
 * mappings inside it recorded as such), the address space, demand paging
 * (cfg's fault-around), the main thread's block and altstack, and the
 * fault handlers; loader_fault gets the faults of the loader itself until
 * run_start. From here guest memory is demand-paged: the loader's own
 * writes into it fault in through the pager too.
 */
int run_reserve(const struct vml_config *cfg, const struct vml_layout *l,
		void (*loader_fault)(int, siginfo_t *, void *),
		const char **what);

/* A stack top at or below top with need bytes under it that the host does
 * not occupy (only the 47-bit window has host mappings inside). */
uint64_t run_free_stack_top(uint64_t top, uint64_t need);

/* Where a new program was put, for VMLOAD_TRACE=exec. */
struct vml_exec_info {
	const char *path;	/* as given to execve or on the command line */
	const char *file;	/* the ELF file run (differs for a #! script) */
	const char *interp;	/* PT_INTERP, or NULL */
	const char *window;	/* "3g", "4g", "47" */
	uint64_t task_size;
	int legacy;		/* bottom-up mmap layout */
	uint64_t load_base;	/* lowest address of the program */
	uint64_t load_bias;	/* PIE: load_base - its first p_vaddr */
	uint64_t interp_base;
	uint64_t entry;		/* where the guest starts */
	uint64_t brk;
	uint64_t mmap_base;
	uint64_t stack_top;
};

/* The guest, mapped, with its initial stack written. */
struct run_guest {
	uint64_t entry;			/* the first instruction (ld.so's) */
	uint64_t sp;			/* the initial stack pointer */
	int ia32;			/* enter in compat mode */
	uint32_t sigreturn32;		/* ia32: the vDSO's __kernel_sigreturn */
	uint32_t rt_sigreturn32;	/* and __kernel_rt_sigreturn; 0: none */
	const char *exe;		/* what /proc/self/exe shows */
	uint64_t arg_start, arg_end, env_end;	/* argv and envp strings */
	char *const *exec_prefix;	/* options a guest's execve passes on */
	int filter_inherited;		/* a previous generation installed it */
	const struct vml_exec_info *info;	/* for the exec trace */
};

/*
 * Hand the process to the runtime: the guest's /proc views, the trace,
 * stats, crash report and picture as cfg asks, the trap installed, then
 * the jump to g->entry (the kernel's start_thread: every register zero).
 * The loader's fault handlers must be gone (their disposition is SIG_DFL
 * again). Returns only on failure.
 */
int run_start(const struct vml_config *cfg, const struct run_guest *g,
	      const char **what);

#endif
