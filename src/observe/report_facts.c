/*
 * report_facts.c - the pure parts of the crash report (report.h): what a
 * signal and its si_code mean, the kind of access, and whether a faulting
 * address looks like a damaged pointer (async-signal-safe zone: no libc
 * beyond string functions, no malloc).
 */
#include "report.h"

#include <signal.h>
#include <sys/mman.h>

#include "base.h"

#define NULL_ZONE 0x10000UL	/* vm.mmap_min_addr's default: nothing
				   below it is ever mapped */
#define STACK_ZONE 0x10000UL	/* a push, call or frame allocation faults
				   this close to the stack pointer */
#define LOW32(a) ((uintptr_t)(a) & 0xffffffffUL)
#define FOUR_GIB (1UL << 32)

size_t report_span_find(const struct report_span *s, size_t n, uintptr_t a)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a < s[mid].start)
			hi = mid;
		else if (a >= s[mid].end)
			lo = mid + 1;
		else
			return mid;
	}
	return n;
}

/* The first span starting above a, or n. */
static size_t span_above(const struct report_span *s, size_t n, uintptr_t a)
{
	size_t i = 0;

	while (i < n && s[i].start <= a)
		i++;
	return i;
}

static int near_sp(uintptr_t addr, uintptr_t sp)
{
	return sp && addr + STACK_ZONE >= sp && addr <= sp + STACK_ZONE;
}

/* The lowest address at or above 4 GiB inside a span whose lower half is
 * low; 0 if none. */
static uintptr_t find_upper_alias(uintptr_t low, const struct report_span *s,
				  size_t n, size_t *idx)
{
	for (size_t i = 0; i < n; i++) {
		uintptr_t from = s[i].start > FOUR_GIB ? s[i].start : FOUR_GIB;
		uintptr_t x = (from & ~0xffffffffUL) | low;

		if (s[i].end <= FOUR_GIB)
			continue;
		if (x < from)
			x += FOUR_GIB;
		if (x >= from && x < s[i].end) {
			*idx = i;
			return x;
		}
	}
	return 0;
}

enum report_diag_kind report_classify(uintptr_t addr, uintptr_t sp,
				      const struct report_span *spans, size_t n,
				      struct report_diag *d)
{
	size_t i = report_span_find(spans, n, addr);

	d->kind = REPORT_DIAG_NONE;
	d->where = 0;
	d->span = n;
	/* inside a mapping the guest may use: a protection problem, not a
	 * damaged pointer */
	if (i < n && spans[i].prot != PROT_NONE)
		return d->kind;
	if (addr < NULL_ZONE)
		return d->kind = REPORT_DIAG_NULL;
	if (near_sp(addr, sp)) {
		d->span = span_above(spans, n, addr);
		return d->kind = REPORT_DIAG_STACK;
	}
	if (addr >> 32 == 0xffffffffUL) {
		d->span = report_span_find(spans, n, LOW32(addr));
		if (d->span < n) {
			d->where = LOW32(addr);
			return d->kind = REPORT_DIAG_SIGN_EXTENDED;
		}
		if (addr >= (uintptr_t)0 - NULL_ZONE)
			return d->kind = REPORT_DIAG_NULL;
		return d->kind;
	}
	if (addr >> 32 == 0) {
		d->where = find_upper_alias(addr, spans, n, &d->span);
		if (d->where)
			return d->kind = REPORT_DIAG_TRUNCATED;
	}
	return d->kind;
}

size_t report_span_text(const struct report_span *s, char *buf, size_t cap)
{
	return log_fmt(buf, cap, "%08lx-%08lx %c%c%c%c %08lx %s",
		       (unsigned long)s->start, (unsigned long)s->end,
		       s->prot & PROT_READ ? 'r' : '-',
		       s->prot & PROT_WRITE ? 'w' : '-',
		       s->prot & PROT_EXEC ? 'x' : '-', s->shared ? 's' : 'p',
		       (unsigned long)s->pgoff, s->name ? s->name : "[anon]");
}

size_t report_diag_text(const struct report_diag *d, uintptr_t addr,
			uintptr_t sp, const struct report_span *spans,
			size_t n, char *buf, size_t cap)
{
	char span[600];

	if (d->span < n)
		report_span_text(&spans[d->span], span, sizeof span);
	else
		log_fmt(span, sizeof span, "nothing mapped");
	switch (d->kind) {
	case REPORT_DIAG_NULL:
		if (addr < NULL_ZONE)
			return log_fmt(buf, cap, "looks like a NULL pointer "
				       "dereference (NULL + 0x%lx)",
				       (unsigned long)addr);
		return log_fmt(buf, cap, "looks like a NULL pointer "
			       "dereference (NULL - 0x%lx)",
			       (unsigned long)(0 - addr));
	case REPORT_DIAG_STACK:
		return log_fmt(buf, cap, "looks like a stack overflow (stack "
			       "pointer 0x%lx; the stack above: %s)",
			       (unsigned long)sp, span);
	case REPORT_DIAG_SIGN_EXTENDED:
		return log_fmt(buf, cap, "looks like a pointer stored in a "
			       "32-bit int and sign-extended (0x%lx is in %s)",
			       (unsigned long)d->where, span);
	case REPORT_DIAG_TRUNCATED:
		return log_fmt(buf, cap, "looks like a pointer truncated to "
			       "32 bits (0x%lx is in %s)",
			       (unsigned long)d->where, span);
	default:
		if (cap)
			buf[0] = '\0';
		return 0;
	}
}

const char *report_signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGILL: return "SIGILL";
	case SIGFPE: return "SIGFPE";
	default: return NULL;
	}
}

/* si_code texts, indexed by code - 1 (include/uapi/asm-generic/siginfo.h) */
static const char *const segv_codes[] = {
	"SEGV_MAPERR: address not mapped to object",
	"SEGV_ACCERR: invalid permissions for mapped object",
	"SEGV_BNDERR: failed address bound checks",
	"SEGV_PKUERR: access denied by a protection key",
	"SEGV_ACCADI: ADI not enabled for mapped object",
	"SEGV_ADIDERR: disrupting MCD error",
	"SEGV_ADIPERR: precise MCD exception",
	"SEGV_MTEAERR: asynchronous MTE error",
	"SEGV_MTESERR: synchronous MTE tag check fault",
	"SEGV_CPERR: control protection fault",
};
static const char *const bus_codes[] = {
	"BUS_ADRALN: invalid address alignment",
	"BUS_ADRERR: nonexistent physical address (past the end of a "
	"mapped file?)",
	"BUS_OBJERR: object-specific hardware error",
	"BUS_MCEERR_AR: hardware memory error, action required",
	"BUS_MCEERR_AO: hardware memory error, action optional",
};
static const char *const ill_codes[] = {
	"ILL_ILLOPC: illegal opcode",
	"ILL_ILLOPN: illegal operand",
	"ILL_ILLADR: illegal addressing mode",
	"ILL_ILLTRP: illegal trap",
	"ILL_PRVOPC: privileged opcode",
	"ILL_PRVREG: privileged register",
	"ILL_COPROC: coprocessor error",
	"ILL_BADSTK: internal stack error",
	"ILL_BADIADDR: unimplemented instruction address",
};
static const char *const fpe_codes[] = {
	"FPE_INTDIV: integer divide by zero",
	"FPE_INTOVF: integer overflow",
	"FPE_FLTDIV: floating-point divide by zero",
	"FPE_FLTOVF: floating-point overflow",
	"FPE_FLTUND: floating-point underflow",
	"FPE_FLTRES: floating-point inexact result",
	"FPE_FLTINV: invalid floating-point operation",
	"FPE_FLTSUB: subscript out of range",
};

#define PICK(tab, code) \
	((code) >= 1 && (size_t)(code) <= sizeof(tab) / sizeof(tab[0]) \
	 ? (tab)[(code) - 1] : NULL)

const char *report_code_text(int sig, int code)
{
	const char *s = NULL;

	if (code == SI_KERNEL)
		return "SI_KERNEL: raised by the kernel (a general protection "
		       "fault, e.g. a non-canonical address, or a signal frame "
		       "that could not be written)";
	if (code <= 0)
		return "sent by a process";
	if (sig == SIGSEGV)
		s = PICK(segv_codes, code);
	else if (sig == SIGBUS)
		s = PICK(bus_codes, code);
	else if (sig == SIGILL)
		s = PICK(ill_codes, code);
	else if (sig == SIGFPE)
		s = PICK(fpe_codes, code);
	return s ? s : "unknown si_code";
}

const char *report_access(unsigned long trapno, unsigned long err)
{
	if (trapno != 14)	/* X86_TRAP_PF */
		return NULL;
	if (err & 0x10)		/* X86_PF_INSTR */
		return "exec";
	return err & 0x2 ? "write" : "read";	/* X86_PF_WRITE */
}
