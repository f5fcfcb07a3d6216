/*
 * entry_int.h - what the files of src/entry/ share (private to them): the
 * tables of served calls (systab.c), which the SIGSYS handlers dispatch
 * through and the filter (filter.c) is built from.
 */
#ifndef VMLOAD_ENTRY_INT_H
#define VMLOAD_ENTRY_INT_H

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#include "entry.h"
#include "sys.h"

/* Every system call number of either ABI is below this. */
#define ENTRY_MAX_NR 512

/* The argument test the filter applies to a trapped number. */
enum entry_cond {
	COND_NONE,	/* always trap (outside the runtime's text) */
	COND_CLONE,	/* trap unless vfork-like (CLONE_VM | CLONE_VFORK) */
	COND_FCNTL,	/* trap only the commands that pass guest memory */
	COND_FUTEX,	/* pass a private wake, which touches no memory */
	NCOND
};

/* A trapped number and its test, for the filter. */
struct systab_trap {
	int nr;
	int cond;
};

/* Normal context, once, before the filter is built: fill the tables. */
void systab_init(void);
/* The handler of a served x86-64 or i386 call, or NULL. */
sys_fn systab_fn64(long nr);
sys_fn systab_fn32(long nr);
/* An x86-64 number that traps only to have its memory prepared. */
int systab_prepared64(long nr);
/* Does call nr never sleep waiting for an event (no signal has to
 * interrupt it)? x86-64 numbers. */
int systab_never_blocks(long nr);
/* The trapped numbers of each ABI, ascending, with their tests: how many
 * (at most max). */
int systab_trapped64(struct systab_trap *out, int max);
int systab_trapped32(struct systab_trap *out, int max);

/* Build the filter for the runtime text [lo, hi) and install it. Normal
 * context, single-threaded. 0 or -errno. */
int filter_install(uintptr_t lo, uintptr_t hi);

/* The SIGSYS path of an int $0x80 trap (sigsys32.c): i386 call nr served,
 * its result written to EAX. */
void sigsys32_handle(int nr, ucontext_t *uc);

/* The host handlers (sigsys.c, fault.c) and their sa_restorer. */
void sigsys_handler(int sig, siginfo_t *si, void *ctx);
void fault_handler(int sig, siginfo_t *si, void *ctx);
void fault_async_handler(int sig, siginfo_t *si, void *ctx);
void entry_restorer(void);

#endif
