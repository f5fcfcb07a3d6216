/*
 * backtrace.h - the call stack of a guest thread stopped in a signal
 * handler. Terminal path only (final.h): it opens files and allocates.
 *
 * The unwinder is elfutils' libdwfl, driven from the outside: the guest's
 * objects are reported to it by file and load bias, it reads their CFI
 * (.eh_frame, .debug_frame) from the files, the first frame's registers
 * come from the signal context and every read of guest memory goes
 * through the caller's reader, which never faults. (Debian's libunwind.a is
 * not position-independent, so it cannot be linked into vmload at its high
 * fixed address; libdw.a is.) When libdwfl gets nowhere, the frame-pointer
 * chain is walked instead.
 *
 * A thread stopped in compat mode (CS 0x23: a 32-bit guest, DESIGN D12) is
 * unwound as i386: only the ELFCLASS32 objects are reported (so libdwfl
 * picks its i386 backend), the registers are the ucontext's low halves in
 * the i386 DWARF numbering, and stack words are 4 bytes.
 */
#ifndef VMLOAD_BACKTRACE_H
#define VMLOAD_BACKTRACE_H

#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

/* One ELF object the guest mapped. */
struct backtrace_object {
	const char *path;
	uintptr_t bias;		/* load bias */
	int class32;		/* an i386 object (a 32-bit guest's) */
};

struct backtrace_env {
	const struct backtrace_object *objs;
	size_t nobjs;
	/* One 8-byte word of memory: 0, or -errno when it is not readable
	 * (never a fault). A 4-byte word is read as the low half of the
	 * 8-byte one at its address, or the high half of the one before. */
	int (*read)(void *ctx, uintptr_t addr, uint64_t *word);
	/* Is addr inside guest code (an executable mapping)? */
	int (*is_code)(void *ctx, uintptr_t addr);
	void *ctx;
};

struct backtrace_frame {
	uintptr_t pc;
	int call;		/* pc is a return address: the call is just
				   before it (symbolize pc - 1) */
	int cfi;		/* the object has call-frame information for
				   pc: its caller was found from it, not from
				   the frame pointer */
};

#define BACKTRACE_MAX 256	/* frames backtrace_walk gives at most */

enum backtrace_method {
	BACKTRACE_CFI,		/* libdwfl, from the objects' CFI */
	BACKTRACE_FP,		/* the frame-pointer chain */
};

/*
 * The frames of the thread interrupted in uc, innermost first: at most max.
 * A first pc outside guest code (a call through a bad function pointer) is
 * frame 0 and unwinding goes on from the return address on the stack.
 * Returns the number of frames; *method says who found them (libdwfl uses
 * the frame pointer itself where an object has no CFI: see frames[].cfi).
 */
int backtrace_walk(const ucontext_t *uc, const struct backtrace_env *env,
		   struct backtrace_frame *frames, int max,
		   enum backtrace_method *method);

#endif
