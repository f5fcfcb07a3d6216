/*
 * trap32.h - the i386 half of syscall interception (DESIGN D3, D12): the
 * filter's part for arch AUDIT_ARCH_I386 and the SIGSYS path of an
 * `int $0x80` trap.
 */
#ifndef VMLOAD_TRAP32_H
#define VMLOAD_TRAP32_H

#include <linux/filter.h>
#include <stdint.h>
#include <ucontext.h>

/*
 * Write the filter's i386 part into out (at most max instructions),
 * entered with the accumulator holding seccomp_data.arch: self-contained,
 * every path ends in a RET. i386 calls from the runtime text [lo, hi) pass
 * (the runtime issues the guest's ia32 calls with int $0x80); the served
 * numbers trap; every other number passes. Returns the length, or -1 when
 * max is too small. Normal context.
 */
int trap32_filter(struct sock_filter *out, int max, uintptr_t lo,
		  uintptr_t hi);
/* Serve trapped i386 call nr; its result is written to EAX. SIGSYS
 * context, as the x86-64 path. */
void trap32_handle(int nr, ucontext_t *uc);

#endif
