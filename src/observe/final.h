/*
 * final.h - the terminal path (DESIGN D6): once a process has decided to
 * end (the guest's exit_group, or a fatal signal about to kill it), the
 * code that writes the crash report and the map may use libc, libelf and
 * libunwind. final_enter() makes that safe: one thread at a time, on the
 * loader's glibc TLS, which nothing else uses after the guest starts (the
 * runtime's malloc lives on the host brk and is never entered from a
 * handler).
 *
 *   if (final_enter()) {
 *           ... libc allowed ...
 *           final_leave();
 *   }
 */
#ifndef VMLOAD_FINAL_H
#define VMLOAD_FINAL_H

/* 1: this thread may run terminal code now (until final_leave); 0: another
 * thread of this process got there first, or the guest has not started. */
int final_enter(void);
/* Back to the thread block's TCB; the next final_enter in this thread
 * succeeds again. */
void final_leave(void);

#endif
