/*
 * trace.h - VMLOAD_TRACE: one line per event, on stderr or in
 * VMLOAD_TRACE_FILE (appended, one write(2) per line).
 *
 *   category  event                                        hook
 *   syscall   every trapped system call, decoded           trap.c, trap32.c
 *   mm        the brk/mmap family (also with syscall)      trap.c, trap32.c
 *   exec      a guest execve, and the new layout           sys_proc.c, exec.c
 *   fault     a SIGSEGV the runtime handles, and outcome   vsig.c
 *   signal    a signal delivered to the guest              vsig.c
 *
 * Each hook is guarded by trace_on(), a single predicted-not-taken test of
 * a word that is set before the guest runs and never changes after.
 * Async-signal-safe zone, except trace_init.
 */
#ifndef VMLOAD_TRACE_H
#define VMLOAD_TRACE_H

#include <signal.h>
#include <stdint.h>

#include "vmload/config.h"

/* VML_TRACE_* being traced; immutable after trace_init. */
extern unsigned trace_mask;

static inline int trace_on(unsigned categories)
{
	return __builtin_expect((trace_mask & categories) != 0, 0);
}

/* The categories the system call hooks serve. */
#define TRACE_CALLS (VML_TRACE_SYSCALL | VML_TRACE_MM | VML_TRACE_EXEC)

/*
 * Normal context, before the guest runs: start tracing mask (VML_TRACE_*)
 * to file (an absolute path, opened O_APPEND and created if needed) or,
 * with "", to fd 2. 0, or -errno when the file cannot be opened (then
 * nothing is traced).
 */
int trace_init(unsigned mask, const char *file);

/* SIGSYS handler, around the dispatch of system call nr with arguments
 * a[0..5]. enter prints the calls that do not return (exit, exit_group:
 * " = ?"); done prints the others with their result. */
void trace_syscall_enter(long nr, const long *a);
void trace_syscall_done(long nr, const long *a, long ret);
/* The same for an ia32 guest's int $0x80 call: i386 number nr, arguments
 * ebx..ebp zero-extended, ret as eax holds it; the line's prefix says
 * "i386". */
void trace_syscall32_enter(long nr, const long *a);
void trace_syscall32_done(long nr, const long *a, long ret);
/* A guest execve/execveat (x86-64 number nr; i386: an ia32 guest's, its
 * vectors widened by the runtime) has passed every check and the runtime
 * is about to exec the next vmload: its line, " = 0", since success never
 * comes back (a failure after this point prints a second line, with the
 * error). */
void trace_exec_commit(long nr, const long *a, int i386);

struct pager_event;
/* SIGSEGV handler: the guest's access to addr (PAGER_READ/WRITE/EXEC)
 * and what pager_fault_ev made of it (its result r and *ev). */
void trace_fault(uintptr_t addr, int access, int r,
		 const struct pager_event *ev);

/*
 * A signal about to be delivered to the guest: sig with si_code code and
 * address addr (faults), host the siginfo it came with, handler the
 * guest's disposition (SIG_DFL, SIG_IGN or an address); fatal: forced
 * while blocked, so it kills whatever the disposition.
 */
void trace_signal(int sig, int code, uintptr_t addr, const siginfo_t *host,
		  uintptr_t handler, int fatal);

/* The address space a new program was given (exec category). */
struct trace_layout {
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
void trace_layout(const struct trace_layout *l);

#endif
