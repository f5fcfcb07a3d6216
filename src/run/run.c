/*
 * run.c - the runtime's life cycle (include/vmload/run.h): the only file
 * that sees every folder, and the one entry point the loader calls. Normal
 * context: it runs on the loader's glibc, before the guest.
 */
#include "vmload/run.h"

#include <linux/errno.h>
#include <string.h>
#include <sys/auxv.h>

#include "base.h"
#include "entry.h"
#include "mm.h"
#include "observe.h"
#include "sys.h"
#include "vsig.h"

/* enter.S: the kernel's start_thread / start_thread_ia32. */
void run_enter(uint64_t entry, uint64_t sp) __attribute__((noreturn));
void run_enter32(uint64_t entry, uint64_t sp) __attribute__((noreturn));

/* AT_HWCAP2: the kernel allows rdfsbase/wrfsbase (HWCAP2_FSGSBASE). */
#define HWCAP2_FSGSBASE (1UL << 1)

uint64_t run_mmap_min_addr(void)
{
	return window_mmap_min_addr();
}

int run_host_runs_ia32(void)
{
	return host_runs_ia32();
}

int run_reserve(const struct vml_config *cfg, const struct vml_layout *l,
		void (*loader_fault)(int, siginfo_t *, void *),
		const char **what)
{
	struct window_zone z[WINDOW_MAX_ZONES];
	int nz = 0, r;

	*what = "cannot reserve the guest window";
	r = arena_init();
	if (r == 0 && window_park_vdso(arena_park_area()) < 0)
		r = 0; /* it stays where it is: a host zone like any other */
	if (r == 0)
		r = window_init(l, z, &nz);
	if (r < 0)
		return r;
	as_init(l);
	pager_set_fault_around(cfg->fault_around);
	fsbase_set_fsgsbase((getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) != 0);
	*what = "cannot set up the fault handler";
	r = current_init_main();
	if (r == 0)
		r = entry_install_faults(loader_fault);
	if (r < 0)
		return r;
	for (int i = 0; i < nz; i++)
		mman_add_host_zone(z[i].lo, z[i].hi);
	return 0;
}

uint64_t run_free_stack_top(uint64_t top, uint64_t need)
{
	struct vma *v;

	for (int tries = 0; tries < 64; tries++) {
		v = vma_find(&vml_as.tree, top - need);
		if (!v || v->start >= top)
			return top;
		top = VML_PAGE_START(v->start - VML_STACK_GUARD_GAP);
	}
	return top;
}

static void trace_exec_layout(const struct vml_exec_info *i)
{
	struct vml_exec_info t = *i;

	t.brk = vml_as.start_brk;
	trace_layout(&t);
}

int run_start(const struct vml_config *cfg, const struct run_guest *g,
	      const char **what)
{
	int r;

	vml_as.start_stack = g->sp;
	procfs_set_args(g->arg_start, g->arg_end, g->env_end);
	procfs_set_exe(g->exe);
	procfs_set_compat(g->ia32);
	if (g->ia32)	/* for frames without SA_RESTORER */
		vsig_set_restorers32(g->sigreturn32, g->rt_sigreturn32);
	*what = "cannot open the trace file";
	r = trace_init(cfg->trace, cfg->trace_file);
	if (r < 0)
		return r;
	if (trace_on(VML_TRACE_EXEC) && g->info)
		trace_exec_layout(g->info);
	sys_exec_set_prefix(g->exec_prefix);
	stats_set(cfg->stats);
	report_set(cfg->report, cfg->report_file);
	mapshot_configure(cfg->map, cfg->map_owner);
	/* From here faults are the guest's. */
	vsig_guest_started();
	*what = "cannot install the seccomp filter";
	r = entry_install_traps(g->filter_inherited);
	if (r < 0)
		return r;
	if (g->ia32)
		run_enter32(g->entry, g->sp);
	run_enter(g->entry, g->sp);
}
