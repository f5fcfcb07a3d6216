/*
 * trap.h - syscall interception (DESIGN D3): a seccomp filter that traps the
 * served system calls unless they come from the runtime's own text, and the
 * SIGSYS handler that serves them.
 */
#ifndef VMLOAD_TRAP_H
#define VMLOAD_TRAP_H

#include <stdint.h>

/* Arguments the SIGSYS handler passes when the guest execs: the runtime's
 * options, NULL-terminated, copied by the caller's arrangement (immutable
 * after trap_install). */
void trap_set_exec_prefix(char *const *prefix);
/*
 * Install the SIGSYS handler and, unless inherited from a previous
 * generation, the filter. Normal context, single-threaded. 0 or -errno.
 */
int trap_install(int filter_inherited);
/* VMLOAD_STATS: report the counters when the program exits or execs.
 * Normal context, before trap_install. */
void trap_set_stats(int on);
/* Write the calling process's counters (a vfork child's own, not its
 * parent's) to the stderr vmload started with, if asked for, and start
 * them again from zero (async-signal-safe). */
void trap_report_stats(const char *why);
/* A fork child counts from zero. */
void trap_fork_child(void);
/* The runtime text range the filter exempts (for tests and messages). */
void trap_runtime_text(uintptr_t *lo, uintptr_t *hi);

#endif
