/*
 * sysargs32.h - the guest memory each i386 system call reads or writes
 * (DESIGN D5 for ia32 guests): the same job as sysargs.h, with the i386
 * numbers and the compat layouts (4-byte pointers and longs, struct
 * stat64, compat iovec, 32-bit time_t for the old time calls).
 *
 * Async-signal-safe zone: called from the SIGSYS handler on a guest thread.
 */
#ifndef VMLOAD_SYSARGS32_H
#define VMLOAD_SYSARGS32_H

/* The i386 numbers in the table, ascending; as sysargs_numbers. */
int sysargs32_numbers(int *nrs, int max);

/* Prepare what i386 call nr will touch, given ebx, ecx, edx, esi, edi,
 * ebp (zero-extended). 0, or -ENOSYS when nr is not in the table. */
int sysargs32_prepare(long nr, const long *a);

#endif
