/*
 * observe.h - the face of src/observe/: what a user sees of the runtime at
 * work. The trace (VMLOAD_TRACE), the stats lines (VMLOAD_STATS), the crash
 * report (VMLOAD_REPORT) and the picture of the address space
 * (VMLOAD_MAP), and the terminal path they share.
 *
 * These are event hooks, called from where the events happen (entry/,
 * signal/, sys/, the fault path), the way the kernel's trace events and
 * printk are callable from every layer: observe/ itself uses only base/
 * and mm/. The hooks are in the async-signal-safe zone; what needs libc
 * (the report, the picture) runs behind final_enter().
 */
#ifndef VMLOAD_OBSERVE_H
#define VMLOAD_OBSERVE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

#include "vmload/config.h"
#include "vmload/run.h"

/* ==== trace: VMLOAD_TRACE ================================================= */

/*
 * One line per event, on stderr or in VMLOAD_TRACE_FILE (appended, one
 * write(2) per line).
 *
 *   category  event                                        hook
 *   syscall   every trapped system call, decoded           entry/sigsys*.c
 *   mm        the brk/mmap family (also with syscall)      entry/sigsys*.c
 *   exec      a guest execve, and the new layout           sys/sys_exec.c, run/
 *   fault     a SIGSEGV the runtime handles, and outcome   entry/fault.c
 *   signal    a signal delivered to the guest              signal/vsig.c
 *
 * Each hook is guarded by trace_on(), a single predicted-not-taken test of
 * a word that is set before the guest runs and never changes after.
 * Async-signal-safe zone, except trace_init.
 */

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
void trace_layout(const struct vml_exec_info *l);

/* ==== stats: VMLOAD_STATS ================================================= */

/* Report the counters (base.h counters_mine) when the program exits or
 * execs. Normal context, before the guest runs. */
void stats_set(int on);
/* Write the calling process's counters (a vfork child's own, not its
 * parent's) to the stderr vmload started with, if asked for, and start
 * them again from zero. why: "exit", "exec". */
void stats_report(const char *why);
/* A fork child counts from zero. */
void stats_fork_child(void);

/* ==== final: the terminal path (DESIGN D6) =============================== */

/*
 * Once a process has decided to end (the guest's exit_group, or a fatal
 * signal about to kill it), the code that writes the crash report and the
 * map may use libc, libelf and libdw. final_enter() makes that safe: one
 * thread at a time, on the loader's glibc TLS, which nothing else uses
 * after the guest starts (the runtime's malloc lives on the host brk and is
 * never entered from a handler).
 *
 *   if (final_enter()) {
 *           ... libc allowed ...
 *           final_leave();
 *   }
 */
/* 1: this thread may run terminal code now (until final_leave); 0: another
 * thread of this process got there first, or the guest has not started. */
int final_enter(void);
/* Back to the thread block's TCB; the next final_enter in this thread
 * succeeds again. */
void final_leave(void);

/* ==== report: the crash report (VMLOAD_REPORT) =========================== */

/*
 * When the guest dies of a fault it does not handle (SIGSEGV, SIGBUS,
 * SIGILL or SIGFPE raised by the CPU or the kernel, not sent with kill),
 * vmload writes what it knows before dying by the same signal: the signal
 * and si_code in words, the address and the kind of access, the
 * instruction pointer with its object and symbol, the VMA at the address
 * or its neighbours, a diagnosis when the address looks like a damaged
 * pointer, and a symbolized backtrace. It runs on the terminal path.
 */
/* VMLOAD_REPORT: on (1) or off (0); file: "" for stderr, else an absolute
 * path the report is appended to. Normal context, before the guest runs. */
void report_set(int on, const char *file);
/*
 * The guest thread interrupted in uc dies of sig (si_code code, si_addr
 * addr as the guest would see them): write the report, if it is on and no
 * other thread is already on the terminal path. Called from a handler just
 * before the default action; returns with nothing changed for the guest.
 */
void report_crash(int sig, int code, uintptr_t addr, const ucontext_t *uc);

/* ==== mapshot: the picture when the program ends (VMLOAD_MAP) ============ */

/*
 * Only the process vmload started draws: it keeps its pid across the
 * guest's execve, and the options a guest's exec carries name it (the
 * map owner). Forked children, and programs they exec, never overwrite
 * the picture. The at_* calls run in a handler: their checks are
 * async-signal-safe; the drawing itself runs on the terminal path, once
 * per process.
 *
 * Normal context, before the guest runs. dest: "" (off), "txt" (the text
 * diagram on stderr), or an absolute file name ending in .svg, .txt or
 * .maps (the raw form, mapdraw_dump_write). owner: the pid that draws; 0
 * means this process.
 */
void mapshot_configure(const char *dest, int owner);
/* The guest's exit_group(status). */
void mapshot_at_exit(int status);
/* The guest's exit(status) of one thread: draws if no other lives. */
void mapshot_at_thread_exit(int status);
/* The process is about to die of sig. */
void mapshot_at_signal(int sig);

#endif
