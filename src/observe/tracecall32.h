/*
 * tracecall32.h - an ia32 guest's int $0x80 call as a trace line: the i386
 * name and number, its arguments decoded (ebx, ecx, edx, esi, edi, ebp, as
 * 32-bit values) with the x86-64 format of the same call where the
 * arguments are laid out alike, and an i386 one where they are not (old
 * mmap's struct, mmap2's page offset, 4-byte argv/envp vectors), and its
 * 32-bit result:
 *
 *   mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xf7fc4000
 *
 * Async-signal-safe zone, as tracecall.h.
 */
#ifndef VMLOAD_TRACECALL32_H
#define VMLOAD_TRACECALL32_H

#include "tracecall.h"

/* As tracecall_category/tracecall_noreturn, for i386 number nr. */
enum tracecall_cat tracecall32_category(long nr);
int tracecall32_noreturn(long nr);

/*
 * "name(args) = result" for i386 call nr with argument registers a[0..5]
 * (zero-extended) and result ret as the guest's eax holds it (its low 32
 * bits count: -4095..-1 is an error, anything else an unsigned value).
 */
void tracecall32_format(struct tracefmt_buf *b, long nr, const long *a,
			long ret, const struct tracecall_mem *m);

#endif
