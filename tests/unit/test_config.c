/*
 * test_config.c - VMLOAD_* settings: config_set, config_from_env,
 * config_parse_size.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "vmload/config.h"

static struct vml_config cfg;
static char err[256];

static void setup(void)
{
	config_defaults(&cfg);
	memset(err, 0, sizeof err);
}

TestSuite(config, .init = setup);

/* ---- defaults ---- */

Test(config, defaults)
{
	cr_assert_eq(cfg.aspace, VML_ASPACE_47);
	cr_assert_eq(cfg.legacy, 0);
	cr_assert_eq(cfg.aslr, 1);
	cr_assert_eq(cfg.have_seed, 0);
	cr_assert_eq(cfg.have_stack, 0);
}

Test(config, aspace_names)
{
	cr_assert_str_eq(config_aspace_name(VML_ASPACE_3G), "3g");
	cr_assert_str_eq(config_aspace_name(VML_ASPACE_4G), "4g");
	cr_assert_str_eq(config_aspace_name(VML_ASPACE_47), "47");
}

/* ---- config_set: valid values ---- */

static void set_ok(const char *key, const char *val)
{
	err[0] = '\0';
	cr_assert_eq(config_set(&cfg, key, val, err, sizeof err), 0,
		     "%s=%s rejected: %s", key, val, err);
}

static void set_bad(const char *key, const char *val)
{
	memset(err, 0, sizeof err);
	cr_assert_eq(config_set(&cfg, key, val, err, sizeof err), -1,
		     "%s=%s accepted", key, val);
	cr_assert_neq(err[0], '\0', "no message for %s=%s", key, val);
	cr_assert_lt(strlen(err), sizeof err);
}

Test(config, set_layout)
{
	set_ok("layout", "legacy");
	cr_assert_eq(cfg.legacy, 1);
	set_ok("layout", "topdown");
	cr_assert_eq(cfg.legacy, 0);
	set_ok("layout", "legacy");
	set_ok("layout", "top-down");
	cr_assert_eq(cfg.legacy, 0);
}

Test(config, set_aspace)
{
	set_ok("aspace", "3g");
	cr_assert_eq(cfg.aspace, VML_ASPACE_3G);
	set_ok("aspace", "4G");
	cr_assert_eq(cfg.aspace, VML_ASPACE_4G);
	set_ok("aspace", "3G");
	cr_assert_eq(cfg.aspace, VML_ASPACE_3G);
	set_ok("aspace", "47");
	cr_assert_eq(cfg.aspace, VML_ASPACE_47);
	set_ok("aspace", "4g");
	cr_assert_eq(cfg.aspace, VML_ASPACE_4G);
	set_ok("aspace", "64");
	cr_assert_eq(cfg.aspace, VML_ASPACE_47);
}

Test(config, set_aslr)
{
	const char *off[] = { "0", "off", "no" }, *on[] = { "1", "on", "yes" };

	for (int i = 0; i < 3; i++) {
		set_ok("aslr", off[i]);
		cr_assert_eq(cfg.aslr, 0, "%s", off[i]);
		set_ok("aslr", on[i]);
		cr_assert_eq(cfg.aslr, 1, "%s", on[i]);
	}
}

Test(config, set_seed)
{
	set_ok("seed", "12345");
	cr_assert_eq(cfg.have_seed, 1);
	cr_assert_eq(cfg.seed, 12345);
	set_ok("seed", "0x10");
	cr_assert_eq(cfg.seed, 16);
	set_ok("seed", "18446744073709551615");
	cr_assert_eq(cfg.seed, UINT64_MAX);
	set_ok("seed", "0");
	cr_assert_eq(cfg.seed, 0);
	cr_assert_eq(cfg.have_seed, 1, "seed 0 is still a given seed");
}

Test(config, set_stack)
{
	set_ok("stack", "8M");
	cr_assert_eq(cfg.have_stack, 1);
	cr_assert_eq(cfg.stack_rlim, 8UL << 20);
	set_ok("stack", "unlimited");
	cr_assert_eq(cfg.stack_rlim, VML_RLIM_INFINITY);
	set_ok("stack", "1g");
	cr_assert_eq(cfg.stack_rlim, 1UL << 30);
	set_ok("stack", "65536");
	cr_assert_eq(cfg.stack_rlim, 65536);
	cr_assert_eq(cfg.have_stack, 1);
}

/* ---- config_set: invalid values ---- */

Test(config, bad_layout)
{
	set_bad("layout", "sideways");
	set_bad("layout", "");
	set_bad("layout", "Legacy ");
	cr_assert_eq(cfg.legacy, 0, "value unchanged");
}

Test(config, bad_aspace)
{
	set_bad("aspace", "5g");
	set_bad("aspace", "32");
	set_bad("aspace", "");
	set_bad("aspace", "3gb");
	cr_assert_eq(cfg.aspace, VML_ASPACE_47, "value unchanged");
}

Test(config, bad_aslr)
{
	set_bad("aslr", "2");
	set_bad("aslr", "true");
	set_bad("aslr", "");
	set_bad("aslr", "01");
	cr_assert_eq(cfg.aslr, 1, "value unchanged");
}

Test(config, bad_seed)
{
	set_bad("seed", "abc");
	set_bad("seed", "12x");
	set_bad("seed", "-1");
	set_bad("seed", "");
	set_bad("seed", " 1");
	cr_assert_eq(cfg.have_seed, 0, "no seed recorded");
}

Test(config, bad_stack)
{
	set_bad("stack", "8X");
	set_bad("stack", "");
	set_bad("stack", "-8M");
	set_bad("stack", "M");
	set_bad("stack", "lots");
	cr_assert_eq(cfg.have_stack, 0);
}

Test(config, unknown_key)
{
	set_bad("colour", "blue");
	cr_assert(strstr(err, "colour"), "message names the key: %s", err);
	set_bad("", "1");
	set_bad("Aslr", "1");
}

Test(config, message_names_value_and_fits_small_buffer)
{
	char small[12];

	cr_assert_eq(config_set(&cfg, "aspace", "9g", err, sizeof err), -1);
	cr_assert(strstr(err, "9g"), "message quotes the value: %s", err);
	cr_assert(strstr(err, "aspace"), "message names the key: %s", err);
	memset(small, 'x', sizeof small);
	cr_assert_eq(config_set(&cfg, "aspace", "9g", small, sizeof small), -1);
	cr_assert_lt(strnlen(small, sizeof small), sizeof small,
		     "truncated message stays NUL-terminated");
	cr_assert_neq(small[0], '\0');
}

/* ---- config_from_env ---- */

Test(config, from_env_applies_every_variable)
{
	char *env[] = { "PATH=/bin",	      "VMLOAD_ASPACE=3g",
			"VMLOAD_ASLR=0",      "VMLOAD_STACK=unlimited",
			"VMLOAD_SEED=42",     "VMLOAD_LAYOUT=legacy",
			"HOME=/root",	      NULL };

	cr_assert_eq(config_from_env(&cfg, env, err, sizeof err), 0, "%s", err);
	cr_assert_eq(cfg.aspace, VML_ASPACE_3G);
	cr_assert_eq(cfg.aslr, 0);
	cr_assert_eq(cfg.stack_rlim, VML_RLIM_INFINITY);
	cr_assert_eq(cfg.have_stack, 1);
	cr_assert_eq(cfg.seed, 42);
	cr_assert_eq(cfg.have_seed, 1);
	cr_assert_eq(cfg.legacy, 1);
}

Test(config, from_env_ignores_others)
{
	char *env[] = { "VMLOAD_ASPACEX=3g", "XVMLOAD_ASPACE=3g",
			"VMLOAD_UNKNOWN=1", "VMLOAD_ASPACE", "vmload_aspace=3g",
			NULL };

	cr_assert_eq(config_from_env(&cfg, env, err, sizeof err), 0, "%s", err);
	cr_assert_eq(cfg.aspace, VML_ASPACE_47);
	cr_assert_eq(config_from_env(&cfg, NULL, err, sizeof err), 0);
	{
		char *empty[] = { NULL };

		cr_assert_eq(config_from_env(&cfg, empty, err, sizeof err), 0);
	}
}

Test(config, from_env_later_variable_wins)
{
	char *env[] = { "VMLOAD_ASPACE=3g", "VMLOAD_ASPACE=4g", NULL };

	cr_assert_eq(config_from_env(&cfg, env, err, sizeof err), 0);
	cr_assert_eq(cfg.aspace, VML_ASPACE_4G);
}

Test(config, from_env_rejects_bad_value)
{
	char *env[] = { "VMLOAD_ASLR=0", "VMLOAD_STACK=8Q", NULL };

	cr_assert_eq(config_from_env(&cfg, env, err, sizeof err), -1);
	cr_assert_neq(err[0], '\0');
	cr_assert(strstr(err, "8Q"), "message quotes the value: %s", err);
}

/* ---- config_parse_size ---- */

static uint64_t size_ok(const char *s)
{
	uint64_t v = 0xdeadbeef;

	cr_assert_eq(config_parse_size(s, &v), 0, "'%s' rejected", s);
	return v;
}

static void size_bad(const char *s)
{
	uint64_t v = 0xdeadbeef;

	cr_assert_eq(config_parse_size(s, &v), -1, "'%s' accepted as %#lx", s,
		     (unsigned long)v);
	cr_assert_eq(v, 0xdeadbeef, "'%s': output written on error", s);
}

Test(config, parse_size_valid)
{
	cr_assert_eq(size_ok("8M"), 8UL << 20);
	cr_assert_eq(size_ok("8m"), 8UL << 20);
	cr_assert_eq(size_ok("1g"), 1UL << 30);
	cr_assert_eq(size_ok("1G"), 1UL << 30);
	cr_assert_eq(size_ok("65536"), 65536);
	cr_assert_eq(size_ok("4k"), 4096);
	cr_assert_eq(size_ok("4K"), 4096);
	cr_assert_eq(size_ok("0"), 0);
	cr_assert_eq(size_ok("8MiB"), 8UL << 20);
	cr_assert_eq(size_ok("8MB"), 8UL << 20);
	cr_assert_eq(size_ok("0x1000"), 4096);
	cr_assert_eq(size_ok("16777215G"), 16777215UL << 30);
	cr_assert_eq(size_ok("unlimited"), VML_RLIM_INFINITY);
	cr_assert_eq(size_ok("infinity"), VML_RLIM_INFINITY);
}

Test(config, parse_size_invalid)
{
	size_bad("");
	size_bad("M");
	size_bad("-1");
	size_bad("-8M");
	size_bad("8X");
	size_bad("8MM");
	size_bad("8 M");
	size_bad(" 8");
	size_bad("8M ");
	size_bad("unlimitedx");
	size_bad("Unlimited");
	size_bad("8.5M");
	size_bad("1T");
	size_bad("8Mi");
}

Test(config, parse_size_rejects_shift_overflow)
{
	size_bad("17179869184G");	/* 2^34 GiB = 2^64 */
	size_bad("18014398509481984M");	/* 2^54 MiB */
	size_bad("18014398509481984k");	/* 2^54 KiB */
}

/*
 * A plain number that does not fit in 64 bits must be rejected, not turned
 * into ULLONG_MAX (which would silently mean "unlimited").
 */
Test(config, parse_size_rejects_number_overflow)
{
	size_bad("18446744073709551616");	/* 2^64 */
	size_bad("99999999999999999999999");
	size_bad("99999999999999999999999M");
}

/* ---- map: the picture's destination and the process that draws it ---- */

Test(config, set_map)
{
	set_ok("map", "svg");
	cr_assert_str_eq(cfg.map, "vmload-map.svg");
	set_ok("map", "txt");
	cr_assert_str_eq(cfg.map, "txt");
	set_ok("map", "/tmp/a.svg");
	cr_assert_str_eq(cfg.map, "/tmp/a.svg");
	set_ok("map", "/tmp/run.maps");	/* the raw form, for --compare */
	cr_assert_str_eq(cfg.map, "/tmp/run.maps");
	set_ok("map", "0");
	cr_assert_str_eq(cfg.map, "");
	set_bad("map", "/tmp/a.png");
	set_bad("map", ".svg");
}

Test(config, set_map_owner)
{
	cr_assert_eq(cfg.map_owner, 0);
	set_ok("map_owner", "4242");
	cr_assert_eq(cfg.map_owner, 4242);
	set_ok("map_owner", "0");
	cr_assert_eq(cfg.map_owner, 0);
	set_bad("map_owner", "-1");
	set_bad("map_owner", "12x");
	set_bad("map_owner", "99999999999");
}

/* ---- VMLOAD_KERNEL ---- */

Test(config, kernel_values)
{
	cr_assert_eq(cfg.kernel, VML_KERNEL_CURRENT);
	cr_assert_eq(config_set(&cfg, "kernel", "2.6.9", err, sizeof err), 0);
	cr_assert_eq(cfg.kernel, VML_KERNEL_2_6_9);
	cr_assert_str_eq(config_kernel_name(cfg.kernel), "2.6.9");
	cr_assert_eq(config_set(&cfg, "kernel", "6", err, sizeof err), 0);
	cr_assert_eq(cfg.kernel, VML_KERNEL_CURRENT);
	cr_assert_eq(config_set(&cfg, "kernel", "2.6.9", err, sizeof err), 0);
	cr_assert_eq(config_set(&cfg, "kernel", "current", err, sizeof err), 0);
	cr_assert_eq(cfg.kernel, VML_KERNEL_CURRENT);
	cr_assert_str_eq(config_kernel_name(cfg.kernel), "current");
}

Test(config, bad_kernel)
{
	cr_assert_eq(config_set(&cfg, "kernel", "2.6", err, sizeof err), -1);
	cr_assert(strstr(err, "kernel") != NULL);
	cr_assert(strstr(err, "2.6.9") != NULL);
	cr_assert_eq(cfg.kernel, VML_KERNEL_CURRENT);
}

Test(config, kernel_from_env)
{
	char *env[] = { "VMLOAD_KERNEL=2.6.9", "VMLOAD_ASPACE=3g", NULL };

	cr_assert_eq(config_from_env(&cfg, env, err, sizeof err), 0);
	cr_assert_eq(cfg.kernel, VML_KERNEL_2_6_9);
	cr_assert_eq(cfg.aspace, VML_ASPACE_3G);
}
