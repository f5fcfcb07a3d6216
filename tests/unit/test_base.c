/*
 * test_base.c - unit tests of src/base/: the formatter, the panic path, the
 * counters of a process and its vfork child, the FPU-state size of a
 * signal context.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base.h"

Test(base, fmt_formats_like_printf_for_what_it_knows)
{
	char buf[128];
	size_t n = log_fmt(buf, sizeof buf, "%08lx-%lx %c%s %d %u %-5s|%5d",
			   0x400000UL, 0x401000UL, 'r', "-xp", -12, 7U, "ab", 42);

	cr_assert_str_eq(buf, "00400000-401000 r-xp -12 7 ab   |   42");
	cr_assert_eq(n, strlen(buf));
}

Test(base, fmt_truncates_and_returns_the_full_length)
{
	char buf[8];
	size_t n = log_fmt(buf, sizeof buf, "%s", "0123456789");

	cr_assert_str_eq(buf, "0123456");
	cr_assert_eq(n, 10);
}

Test(base, panic_says_internal_error_and_aborts, .signal = SIGABRT)
{
	log_panic("the VMA tree is broken: %s", "test");
}

Test(base, counters_of_a_vfork_child_are_its_own)
{
	struct vml_counters *parent;

	counters_split(getpid());
	parent = counters_mine();
	counters_clear(parent);
	parent->traps = 5;
	/* another pid sharing the memory counts apart */
	counters_split(getpid() + 1);
	cr_assert_neq(counters_mine(), parent);
	cr_assert_eq(counters_mine()->traps, 0);
	counters_split(0);
	cr_assert_eq(counters_mine(), parent);
	cr_assert_eq(parent->traps, 5);
}

Test(base, fpstate_size_from_the_software_bytes)
{
	struct _fpstate fx;
	struct _fpx_sw_bytes sw = { .magic1 = FP_XSTATE_MAGIC1,
				    .extended_size = 2696 };

	memset(&fx, 0, sizeof fx);
	cr_assert_eq(kctx_fpstate_size(NULL), 0);
	cr_assert_eq(kctx_fpstate_size(&fx), 512, "fxsave alone");
	memcpy((char *)&fx + 464, &sw, sizeof sw);
	cr_assert_eq(kctx_fpstate_size(&fx), 2696, "xsave, its extended size");
	sw.extended_size = 128 * 1024;
	memcpy((char *)&fx + 464, &sw, sizeof sw);
	cr_assert_eq(kctx_fpstate_size(&fx), 512, "an absurd size is not trusted");
}

static int in_text(void)
{
	return 1;
}

Test(base, text_range_is_this_executables_code)
{
	uintptr_t lo, hi;
	static int data;

	host_text_range(&lo, &hi);
	cr_assert_lt(lo, hi);
	cr_assert(host_text_contains((uintptr_t)in_text), "a function of ours");
	cr_assert_not(host_text_contains((uintptr_t)&data), "static data");
	cr_assert_not(host_text_contains(0), "NULL");
}
