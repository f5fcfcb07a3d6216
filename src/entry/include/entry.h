/*
 * entry.h - the face of src/entry/: how control enters the runtime from
 * guest code (DESIGN D3, D6, D8). A seccomp filter traps the served system
 * calls of both ABIs unless they come from the runtime's own text, and the
 * SIGSYS handler dispatches them to sys/; the SIGSEGV and SIGBUS handlers
 * hand faults to the pager and what it does not consume to signal/; every
 * handler runs on the thread's runtime altstack, through the FS switch.
 *
 * Async-signal-safe zone, except entry_install.
 */
#ifndef VMLOAD_ENTRY_H
#define VMLOAD_ENTRY_H

#include <signal.h>

/*
 * Install the fault handlers (SIGSEGV, SIGBUS; fallback, if not NULL, gets
 * the faults of the loader before the guest starts), the SIGSYS handler
 * and, unless inherited from a previous generation, the filter. Normal
 * context, single-threaded. 0 or -errno.
 */
int entry_install_faults(void (*fallback)(int, siginfo_t *, void *));
int entry_install_traps(int filter_inherited);

#endif
