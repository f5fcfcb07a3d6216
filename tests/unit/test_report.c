/*
 * test_report.c - the pure parts of the crash report: the damaged-pointer
 * diagnosis (report_classify, report_diag_text), the words for signals,
 * si_codes and accesses, the one-line VMA text.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

#include "report.h"

#define RW (PROT_READ | PROT_WRITE)
#define RX (PROT_READ | PROT_EXEC)

/* A 3 GiB top-down guest: program, heap, a mapping above 2 GiB, a PROT_NONE
 * guard page under a thread stack, the main stack. */
static const struct report_span low[] = {
	{ 0x08048000, 0x0804a000, RX, 0, 0, 0, "/bin/prog", "/bin/prog" },
	{ 0x41000000, 0x41021000, RW, 0, 0, 0, NULL, "[heap]" },
	{ 0xb7c00000, 0xb7d00000, RW, 0, 0, 0, NULL, NULL },
	{ 0xb7e00000, 0xb7e01000, PROT_NONE, 0, 0, 0, NULL, NULL },
	{ 0xb7e01000, 0xb7f01000, RW, 0, 0, 0, NULL, NULL },
	{ 0xbffdf000, 0xc0000000, RW, 0, 1, 0, NULL, "[stack]" },
};
#define NLOW (sizeof low / sizeof low[0])

/* A 47-bit guest: program low, two anonymous mappings near the top. */
static const struct report_span high[] = {
	{ 0x400000, 0x401000, RX, 0, 0, 0, "/bin/prog", "/bin/prog" },
	{ 0x7f5a12300000UL, 0x7f5a12400000UL, RW, 0, 0, 0, NULL, NULL },
	{ 0x7f6a12300000UL, 0x7f6a12400000UL, RW, 0, 0, 0, NULL, NULL },
	{ 0x7ffd00000000UL, 0x7ffd00021000UL, RW, 0, 1, 0, NULL, "[stack]" },
};
#define NHIGH (sizeof high / sizeof high[0])
#define SP_LOW 0xbfffe000UL
#define SP_HIGH 0x7ffd00020000UL

static struct report_diag d;
static char text[1024];

static enum report_diag_kind classify_low(uintptr_t addr)
{
	return report_classify(addr, SP_LOW, low, NLOW, &d);
}

static enum report_diag_kind classify_high(uintptr_t addr)
{
	return report_classify(addr, SP_HIGH, high, NHIGH, &d);
}

static const char *diag_text(uintptr_t addr, uintptr_t sp,
			     const struct report_span *s, size_t n)
{
	report_diag_text(&d, addr, sp, s, n, text, sizeof text);
	return text;
}

/* ---- NULL ---- */

Test(report, null_plus_offset)
{
	cr_assert_eq(classify_low(0x10), REPORT_DIAG_NULL);
	cr_assert_str_eq(diag_text(0x10, SP_LOW, low, NLOW),
			 "looks like a NULL pointer dereference (NULL + 0x10)");
	cr_assert_eq(classify_high(0), REPORT_DIAG_NULL);
	cr_assert_eq(classify_high(0xffff), REPORT_DIAG_NULL);
}

Test(report, null_minus_offset)
{
	cr_assert_eq(classify_high((uintptr_t)-8), REPORT_DIAG_NULL);
	cr_assert_str_eq(diag_text((uintptr_t)-8, SP_HIGH, high, NHIGH),
			 "looks like a NULL pointer dereference (NULL - 0x8)");
}

Test(report, beyond_null_zone_is_not_null)
{
	cr_assert_eq(classify_low(0x10000), REPORT_DIAG_NONE);
	cr_assert_eq(classify_high((uintptr_t)-0x10001), REPORT_DIAG_NONE);
}

/* ---- sign extension ---- */

Test(report, sign_extended_into_a_mapping)
{
	cr_assert_eq(classify_low(0xffffffffb7c01010UL),
		     REPORT_DIAG_SIGN_EXTENDED);
	cr_assert_eq(d.where, 0xb7c01010UL);
	cr_assert_eq(d.span, 2);
	cr_assert_str_eq(diag_text(0xffffffffb7c01010UL, SP_LOW, low, NLOW),
			 "looks like a pointer stored in a 32-bit int and "
			 "sign-extended (0xb7c01010 is in b7c00000-b7d00000 "
			 "rw-p 00000000 [anon])");
}

Test(report, sign_extended_stack_pointer)
{
	cr_assert_eq(classify_low(0xffffffffbffff010UL),
		     REPORT_DIAG_SIGN_EXTENDED);
	cr_assert_eq(d.span, 5);
}

Test(report, upper_half_ones_but_nothing_there)
{
	cr_assert_eq(classify_low(0xffffffffa0000000UL), REPORT_DIAG_NONE);
	cr_assert_eq(classify_high(0xffffffff80000010UL), REPORT_DIAG_NONE);
}

Test(report, upper_half_neither_zero_nor_ones)
{
	cr_assert_eq(classify_low(0x00ffffffb7c01010UL), REPORT_DIAG_NONE);
}

/* ---- truncation ---- */

Test(report, truncated_has_an_alias_above_4g)
{
	cr_assert_eq(classify_high(0x12345678), REPORT_DIAG_TRUNCATED);
	/* the lowest alias wins */
	cr_assert_eq(d.where, 0x7f5a12345678UL);
	cr_assert_eq(d.span, 1);
	cr_assert_str_eq(diag_text(0x12345678, SP_HIGH, high, NHIGH),
			 "looks like a pointer truncated to 32 bits "
			 "(0x7f5a12345678 is in 7f5a12300000-7f5a12400000 "
			 "rw-p 00000000 [anon])");
}

Test(report, truncated_needs_the_same_low_half)
{
	cr_assert_eq(classify_high(0x12400000), REPORT_DIAG_NONE);
	cr_assert_eq(classify_high(0x122fffff), REPORT_DIAG_NONE);
}

Test(report, no_truncation_below_4g_only)
{
	/* a 3g guest has nothing above 4 GiB to have been truncated */
	cr_assert_eq(classify_low(0x12345678), REPORT_DIAG_NONE);
}

Test(report, alias_spanning_a_4g_boundary)
{
	static const struct report_span s[] = {
		{ 0x1fff00000UL, 0x200100000UL, RW, 0, 0, 0, NULL, NULL },
	};

	cr_assert_eq(report_classify(0x00080000, 0, s, 1, &d),
		     REPORT_DIAG_TRUNCATED);
	cr_assert_eq(d.where, 0x200080000UL);
	cr_assert_eq(report_classify(0xfff80000, 0, s, 1, &d),
		     REPORT_DIAG_TRUNCATED);
	cr_assert_eq(d.where, 0x1fff80000UL);
}

/* ---- the stack ---- */

Test(report, stack_overflow_below_the_stack)
{
	cr_assert_eq(report_classify(0xbffdeff8, 0xbffdf000, low, NLOW, &d),
		     REPORT_DIAG_STACK);
	cr_assert_eq(d.span, 5);
	cr_assert(strstr(diag_text(0xbffdeff8, 0xbffdf000, low, NLOW),
			 "stack overflow"));
}

Test(report, stack_overflow_into_a_guard_page)
{
	cr_assert_eq(report_classify(0xb7e00ff0, 0xb7e01008, low, NLOW, &d),
		     REPORT_DIAG_STACK);
	cr_assert_eq(d.span, 4);
}

Test(report, far_from_the_stack_pointer_is_not_overflow)
{
	cr_assert_eq(report_classify(0xb7e00ff0, 0xbffdf000, low, NLOW, &d),
		     REPORT_DIAG_NONE);
}

/* ---- addresses inside a usable mapping ---- */

Test(report, inside_a_mapping_is_no_damaged_pointer)
{
	cr_assert_eq(classify_low(0x41000010), REPORT_DIAG_NONE);
	cr_assert_eq(classify_low(0x08048000), REPORT_DIAG_NONE);
	cr_assert_eq(d.span, NLOW);
	cr_assert_eq(report_diag_text(&d, 0x08048000, SP_LOW, low, NLOW, text,
				      sizeof text), 0);
	cr_assert_str_eq(text, "");
}

Test(report, span_find)
{
	cr_assert_eq(report_span_find(low, NLOW, 0x08048000), 0);
	cr_assert_eq(report_span_find(low, NLOW, 0x08049fff), 0);
	cr_assert_eq(report_span_find(low, NLOW, 0x0804a000), NLOW);
	cr_assert_eq(report_span_find(low, NLOW, 0xbfffffff), 5);
	cr_assert_eq(report_span_find(low, 0, 0xbfffffff), 0);
}

/* ---- words ---- */

Test(report, span_text)
{
	struct report_span s = { 0x7f0000001000UL, 0x7f0000003000UL,
				 PROT_READ | PROT_EXEC, 1, 0, 0x2000,
				 "/lib/x.so", "/lib/x.so" };

	report_span_text(&s, text, sizeof text);
	cr_assert_str_eq(text, "7f0000001000-7f0000003000 r-xs 00002000 /lib/x.so");
	report_span_text(&low[3], text, sizeof text);
	cr_assert_str_eq(text, "b7e00000-b7e01000 ---p 00000000 [anon]");
}

Test(report, signal_names)
{
	cr_assert_str_eq(report_signal_name(SIGSEGV), "SIGSEGV");
	cr_assert_str_eq(report_signal_name(SIGBUS), "SIGBUS");
	cr_assert_str_eq(report_signal_name(SIGILL), "SIGILL");
	cr_assert_str_eq(report_signal_name(SIGFPE), "SIGFPE");
	cr_assert_null(report_signal_name(SIGABRT));
}

Test(report, code_words)
{
	cr_assert_str_eq(report_code_text(SIGSEGV, SEGV_MAPERR),
			 "SEGV_MAPERR: address not mapped to object");
	cr_assert_str_eq(report_code_text(SIGSEGV, SEGV_ACCERR),
			 "SEGV_ACCERR: invalid permissions for mapped object");
	cr_assert(!strncmp(report_code_text(SIGBUS, BUS_ADRERR), "BUS_ADRERR:", 11));
	cr_assert_str_eq(report_code_text(SIGILL, ILL_ILLOPN),
			 "ILL_ILLOPN: illegal operand");
	cr_assert_str_eq(report_code_text(SIGFPE, FPE_INTDIV),
			 "FPE_INTDIV: integer divide by zero");
	cr_assert(!strncmp(report_code_text(SIGSEGV, SI_KERNEL), "SI_KERNEL:", 10));
	cr_assert_str_eq(report_code_text(SIGSEGV, 99), "unknown si_code");
	cr_assert_str_eq(report_code_text(SIGFPE, SI_USER), "sent by a process");
}

Test(report, access_from_the_error_code)
{
	cr_assert_str_eq(report_access(14, 0x4), "read");
	cr_assert_str_eq(report_access(14, 0x6), "write");
	cr_assert_str_eq(report_access(14, 0x15), "exec");
	cr_assert_null(report_access(13, 0));	/* #GP: no page fault */
}
