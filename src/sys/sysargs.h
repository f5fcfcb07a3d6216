/*
 * sysargs.h - the guest memory each system call reads or writes (DESIGN D5).
 *
 * The kernel never faults into user space on behalf of a system call: a
 * guest buffer that is not yet granted at host level makes the call fail
 * with EFAULT, return a short count or lose data. So every guest system
 * call that touches guest memory traps, and before the runtime issues it,
 * sysargs_prepare() hands each range the kernel will touch to the pager
 * (pager_prepare, pager_prepare_str, pager_pin). The table behind it says,
 * per x86-64 system call number, which arguments are buffers, structs,
 * strings, iovec arrays or msghdrs, and how long they are.
 *
 * Async-signal-safe zone: called from the SIGSYS handler on a guest thread.
 * No libc, no errno, no allocation; guest structures are read only through
 * host_copy_in, after they have been prepared for reading.
 */
#ifndef VMLOAD_SYSARGS_H
#define VMLOAD_SYSARGS_H

/*
 * The x86-64 system call numbers in the table, ascending: those that touch
 * guest memory and must therefore trap. Fills nrs with up to max of them
 * and returns how many there are in all (which may exceed max).
 */
int sysargs_numbers(int *nrs, int max);

/*
 * Prepare the guest memory system call nr will read or write, given its six
 * argument registers a[0..5] (rdi, rsi, rdx, r10, r8, r9). NULL pointers and
 * zero lengths prepare nothing; ranges the guest cannot access are left for
 * the kernel to refuse, as it would natively. Returns 0, or -ENOSYS when nr
 * is not in the table (nothing to prepare: the caller decides what that
 * means).
 */
int sysargs_prepare(long nr, const long *a);

#endif
