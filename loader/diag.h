/*
 * diag.h - vmload's own crash reports while it loads a program: a fault in
 * the loader itself prints what happened and a symbolized backtrace
 * (libunwind), then vmload dies by the same signal. Removed before the guest
 * runs: from then on faults are the guest's.
 */
#ifndef VMLOAD_DIAG_H
#define VMLOAD_DIAG_H

#include <signal.h>

void diag_install(void);
/* The crash report itself (a fault handler's fallback). */
void diag_fatal(int sig, siginfo_t *si, void *uc);
void diag_uninstall(void);

#endif
