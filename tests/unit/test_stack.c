/*
 * test_stack.c - stack_build() against create_elf_tables (KERNEL-FACTS §5),
 * into a buffer standing for the guest stack below `top`.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stack.h"

#define TOP 0x7ffffffff000ULL
#define CAP (256u << 10)
#define FILL 0xA5

static unsigned char *buf;	/* [buf, buf + CAP + GUARD) */
#define GUARD 4096u		/* below the usable area: must stay FILL */
static unsigned char *mem;	/* host address of guest TOP */

static void setup(void)
{
	buf = malloc(CAP + GUARD);
	cr_assert_not_null(buf);
	memset(buf, FILL, CAP + GUARD);
	mem = buf + GUARD + CAP;
}

static void teardown(void)
{
	free(buf);
}

TestSuite(stack, .init = setup, .fini = teardown);

static unsigned char *host(uint64_t guest)
{
	cr_assert_leq(guest, TOP);
	cr_assert_geq(guest, TOP - CAP);
	return mem - (TOP - guest);
}

static uint64_t word(uint64_t guest)
{
	uint64_t v;

	memcpy(&v, host(guest), 8);
	return v;
}

static const char *str(uint64_t guest)
{
	return (const char *)host(guest);
}

static void base_spec(struct stack_spec *s, int argc, char *const *argv,
		      int envc, char *const *envp)
{
	memset(s, 0, sizeof *s);
	s->argc = argc;
	s->argv = argv;
	s->envc = envc;
	s->envp = envp;
	s->execfn = "./prog";
	s->platform = "x86_64";
	for (int i = 0; i < 16; i++)
		s->random[i] = (uint8_t)(0xc0 + i);
	s->top = TOP;
	s->jitter = 0;
}

static void add_aux(struct stack_spec *s, uint64_t type, uint64_t val)
{
	cr_assert_lt(s->naux, STACK_MAX_AUX);
	s->aux[s->naux].type = type;
	s->aux[s->naux].val = val;
	s->naux++;
}

/* The x86-64 order (§5), with placeholders for the filled-in values. */
static void kernel_auxv(struct stack_spec *s)
{
	add_aux(s, AT_SYSINFO_EHDR, 0x7ffff7fc1000ULL);
	add_aux(s, AT_MINSIGSTKSZ, 3376);
	add_aux(s, AT_HWCAP, 0x178bfbff);
	add_aux(s, AT_PAGESZ, 4096);
	add_aux(s, AT_CLKTCK, 100);
	add_aux(s, AT_PHDR, 0x555555554040ULL);
	add_aux(s, AT_PHENT, 56);
	add_aux(s, AT_PHNUM, 13);
	add_aux(s, AT_BASE, 0x7ffff7fc3000ULL);
	add_aux(s, AT_FLAGS, 0);
	add_aux(s, AT_ENTRY, 0x555555555060ULL);
	add_aux(s, AT_UID, 1000);
	add_aux(s, AT_EUID, 1000);
	add_aux(s, AT_GID, 1000);
	add_aux(s, AT_EGID, 1000);
	add_aux(s, AT_SECURE, 0);
	add_aux(s, AT_RANDOM, 0);
	add_aux(s, AT_HWCAP2, 2);
	add_aux(s, AT_EXECFN, 0);
	add_aux(s, AT_PLATFORM, 0);
}

static void check_guard(void)
{
	for (unsigned i = 0; i < GUARD; i++)
		cr_assert_eq(buf[i], FILL, "wrote below the stack area (%u)", i);
}

/*
 * Every rule of §5 for any spec: returns the checked result.
 */
static void check_layout(const struct stack_spec *s,
			 const struct stack_result *r)
{
	uint64_t p, sp = r->sp, cur;
	uint64_t items = (uint64_t)s->argc + 1 + (uint64_t)s->envc + 1 + 1;
	uint64_t auxv_end;

	/* strings: execfn ends 8 bytes below top; env below it; argv lowest */
	cr_assert_eq(r->execfn + strlen(s->execfn) + 1, s->top - 8);
	cr_assert_str_eq(str(r->execfn), s->execfn);
	cur = r->arg_start;
	/* argc, argv pointers at sp */
	cr_assert_eq(word(sp), (uint64_t)s->argc);
	for (int i = 0; i < s->argc; i++) {
		uint64_t a = word(sp + 8 + 8 * (uint64_t)i);

		cr_assert_eq(a, cur, "argv[%d] at %#lx, expected %#lx", i,
			     (unsigned long)a, (unsigned long)cur);
		cr_assert_str_eq(str(a), s->argv[i]);
		cur += strlen(s->argv[i]) + 1;
	}
	cr_assert_eq(word(sp + 8 + 8 * (uint64_t)s->argc), 0, "argv NULL");
	p = sp + 8 + 8 * ((uint64_t)s->argc + 1);
	for (int i = 0; i < s->envc; i++) {
		uint64_t a = word(p + 8 * (uint64_t)i);

		cr_assert_eq(a, cur, "envp[%d]", i);
		cr_assert_str_eq(str(a), s->envp[i]);
		cur += strlen(s->envp[i]) + 1;
	}
	cr_assert_eq(word(p + 8 * (uint64_t)s->envc), 0, "envp NULL");
	cr_assert_eq(cur, r->execfn, "env block ends at the execfn string");

	/* below arg_start: alignment, platform, random bytes */
	p = (r->arg_start - s->jitter) & ~15ULL;
	cr_assert_eq(r->platform, p - (strlen(s->platform) + 1));
	cr_assert_str_eq(str(r->platform), s->platform);
	cr_assert_eq(r->random, r->platform - 16);
	cr_assert_eq(memcmp(host(r->random), s->random, 16), 0);

	/* the final sp: 16-byte aligned, tables end <16 bytes below random */
	cr_assert_eq(sp & 15, 0, "sp %#lx not 16-byte aligned",
		     (unsigned long)sp);
	cr_assert_eq(sp, (r->random - 16 * ((uint64_t)s->naux + 1) -
			  8 * items) & ~15ULL);
	auxv_end = sp + 8 * (items + 2 * ((uint64_t)s->naux + 1));
	cr_assert_leq(auxv_end, r->random);
	cr_assert_lt(r->random - auxv_end, 16);

	/* auxv: order and values kept, three filled in, AT_NULL last */
	p = sp + 8 * ((uint64_t)s->argc + 1 + (uint64_t)s->envc + 1 + 1);
	for (int i = 0; i < s->naux; i++, p += 16) {
		uint64_t t = word(p), v = word(p + 8);

		cr_assert_eq(t, s->aux[i].type, "auxv[%d] type", i);
		switch (t) {
		case AT_RANDOM:
			cr_assert_eq(v, r->random);
			break;
		case AT_EXECFN:
			cr_assert_eq(v, r->execfn);
			break;
		case AT_PLATFORM:
			cr_assert_eq(v, r->platform);
			break;
		default:
			cr_assert_eq(v, s->aux[i].val, "auxv[%d] value", i);
		}
	}
	cr_assert_eq(word(p), AT_NULL);
	cr_assert_eq(word(p + 8), 0);
	cr_assert_eq(p + 16, auxv_end);
	check_guard();
}

static void build(const struct stack_spec *s, struct stack_result *r)
{
	cr_assert_eq(stack_build(s, mem, CAP, r), 0);
	check_layout(s, r);
}

/* ---- exact addresses for one case, computed by hand ---- */

Test(stack, exact_layout_small)
{
	char *argv[] = { "./prog", "a", "bc" };
	char *envp[] = { "X=1", "HOME=/root" };
	struct stack_spec s;
	struct stack_result r;

	base_spec(&s, 3, argv, 2, envp);
	add_aux(&s, AT_PAGESZ, 4096);
	add_aux(&s, AT_RANDOM, 0);
	add_aux(&s, AT_ENTRY, 0x401000);
	add_aux(&s, AT_EXECFN, 0);
	add_aux(&s, AT_PLATFORM, 0);
	add_aux(&s, AT_SECURE, 0);
	cr_assert_eq(stack_build(&s, mem, CAP, &r), 0);

	/* "./prog\0" ends at top - 8 */
	cr_assert_eq(r.execfn, TOP - 15);
	/* env: "X=1\0" "HOME=/root\0" (15 bytes) below it */
	/* argv: "./prog\0" "a\0" "bc\0" (12 bytes) below that */
	cr_assert_eq(r.arg_start, TOP - 42);
	/* arch_align_stack(top - 42) with no jitter: top - 48 */
	cr_assert_eq(r.platform, TOP - 48 - 7);
	cr_assert_eq(r.random, TOP - 55 - 16);
	/* 7 auxv pairs (112 bytes) + 8 words: (top - 247) & ~15 */
	cr_assert_eq(r.sp, TOP - 256);

	cr_assert_eq(word(TOP - 256), 3);
	cr_assert_eq(word(TOP - 248), TOP - 42);
	cr_assert_eq(word(TOP - 240), TOP - 35);
	cr_assert_eq(word(TOP - 232), TOP - 33);
	cr_assert_eq(word(TOP - 224), 0);
	cr_assert_eq(word(TOP - 216), TOP - 30);
	cr_assert_eq(word(TOP - 208), TOP - 26);
	cr_assert_eq(word(TOP - 200), 0);
	cr_assert_eq(word(TOP - 192), AT_PAGESZ);
	cr_assert_eq(word(TOP - 184), 4096);
	cr_assert_eq(word(TOP - 176), AT_RANDOM);
	cr_assert_eq(word(TOP - 168), TOP - 71);
	cr_assert_eq(word(TOP - 160), AT_ENTRY);
	cr_assert_eq(word(TOP - 152), 0x401000);
	cr_assert_eq(word(TOP - 144), AT_EXECFN);
	cr_assert_eq(word(TOP - 136), TOP - 15);
	cr_assert_eq(word(TOP - 128), AT_PLATFORM);
	cr_assert_eq(word(TOP - 120), TOP - 55);
	cr_assert_eq(word(TOP - 112), AT_SECURE);
	cr_assert_eq(word(TOP - 104), 0);
	cr_assert_eq(word(TOP - 96), AT_NULL);
	cr_assert_eq(word(TOP - 88), 0);
	/* 9 bytes of padding between AT_NULL and the random bytes */
	cr_assert_str_eq(str(TOP - 42), "./prog");
	cr_assert_str_eq(str(TOP - 35), "a");
	cr_assert_str_eq(str(TOP - 33), "bc");
	cr_assert_str_eq(str(TOP - 30), "X=1");
	cr_assert_str_eq(str(TOP - 26), "HOME=/root");
	cr_assert_str_eq(str(TOP - 15), "./prog");
	cr_assert_str_eq(str(TOP - 55), "x86_64");
	for (int i = 0; i < 16; i++)
		cr_assert_eq(host(TOP - 71)[i], 0xc0 + i);
	check_layout(&s, &r);
}

/* ---- properties ---- */

Test(stack, kernel_auxv_order_preserved)
{
	char *argv[] = { "/usr/bin/true" };
	char *envp[] = { "A=1", "B=22", "C=333" };
	struct stack_spec s;
	struct stack_result r;

	base_spec(&s, 1, argv, 3, envp);
	s.execfn = "/usr/bin/true";
	kernel_auxv(&s);
	build(&s, &r);
	cr_assert_eq(word(r.sp), 1);
}

Test(stack, spec_is_not_modified)
{
	char *argv[] = { "x" };
	struct stack_spec s, copy;
	struct stack_result r;

	base_spec(&s, 1, argv, 0, NULL);
	kernel_auxv(&s);
	copy = s;
	build(&s, &r);
	cr_assert_eq(s.naux, copy.naux);
	cr_assert_eq(memcmp(s.aux, copy.aux, sizeof s.aux), 0,
		     "AT_RANDOM/AT_EXECFN/AT_PLATFORM filled in a copy only");
	cr_assert_eq(s.top, copy.top);
	cr_assert_eq(s.jitter, copy.jitter);
}

Test(stack, empty_environment)
{
	char *argv[] = { "prog", "-x" };
	struct stack_spec s;
	struct stack_result r;

	base_spec(&s, 2, argv, 0, NULL);
	add_aux(&s, AT_RANDOM, 0);
	build(&s, &r);
	/* argv NULL immediately followed by envp NULL */
	cr_assert_eq(word(r.sp + 24), 0);
	cr_assert_eq(word(r.sp + 32), 0);
	cr_assert_eq(word(r.sp + 40), AT_RANDOM);
}

Test(stack, empty_strings_take_one_byte)
{
	char *argv[] = { "", "", "z" };
	char *envp[] = { "" };
	struct stack_spec s;
	struct stack_result r;

	base_spec(&s, 3, argv, 1, envp);
	build(&s, &r);
	cr_assert_eq(word(r.sp + 8), r.arg_start);
	cr_assert_eq(word(r.sp + 16), r.arg_start + 1);
	cr_assert_eq(word(r.sp + 24), r.arg_start + 2);
	cr_assert_eq(r.arg_start + 4 + 1, r.execfn);
}

Test(stack, no_auxv_entries_still_terminated)
{
	char *argv[] = { "p" };
	struct stack_spec s;
	struct stack_result r;

	base_spec(&s, 1, argv, 0, NULL);
	build(&s, &r);
	/* argc, argv[0], NULL, envp NULL, then AT_NULL */
	cr_assert_eq(word(r.sp + 8), r.arg_start);
	cr_assert_eq(word(r.sp + 16), 0);
	cr_assert_eq(word(r.sp + 24), 0);
	cr_assert_eq(word(r.sp + 32), AT_NULL);
	cr_assert_eq(word(r.sp + 40), 0);
}

Test(stack, jitter_moves_platform_and_keeps_alignment)
{
	char *argv[] = { "./prog", "one" };
	char *envp[] = { "K=V" };
	struct stack_spec s;
	struct stack_result r, r0;
	uint64_t jit[] = { 0, 1, 15, 16, 17, 4095, 4096, 8000, 8191 };

	base_spec(&s, 2, argv, 1, envp);
	kernel_auxv(&s);
	build(&s, &r0);
	for (size_t i = 0; i < sizeof jit / sizeof jit[0]; i++) {
		memset(buf, FILL, CAP + GUARD);
		s.jitter = jit[i];
		build(&s, &r);
		cr_assert_eq(r.arg_start, r0.arg_start, "strings do not move");
		cr_assert_eq(r.execfn, r0.execfn);
		cr_assert_eq(r.platform,
			     ((r.arg_start - jit[i]) & ~15ULL) - 7,
			     "jitter %lu", (unsigned long)jit[i]);
		cr_assert_leq(r.sp, r0.sp);
		cr_assert_geq(r0.sp - r.sp, jit[i] & ~15ULL,
			      "the whole table moves down");
	}
}

Test(stack, alignment_over_many_shapes)
{
	static char pool[64][40];
	char *argv[64], *envp[64];
	uint64_t seed = 12345;

	for (int i = 0; i < 64; i++) {
		argv[i] = pool[i];
		envp[i] = pool[63 - i];
	}
	for (int round = 0; round < 400; round++) {
		struct stack_spec s;
		struct stack_result r;
		int argc, envc;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		argc = 1 + (int)((seed >> 33) % 20);
		envc = (int)((seed >> 40) % 20);
		for (int i = 0; i < 64; i++) {
			size_t len = (size_t)((seed >> (i % 32)) + (uint64_t)i * 7) % 39;

			memset(pool[i], 'a' + i % 26, len);
			pool[i][len] = '\0';
		}
		base_spec(&s, argc, argv, envc, envp);
		s.platform = round & 1 ? "x86_64" : "i686";
		s.execfn = round & 2 ? "/bin/sh" : "a";
		s.jitter = (seed >> 20) % 8192;
		if (round & 4)
			kernel_auxv(&s);
		memset(buf, FILL, CAP + GUARD);
		build(&s, &r);
	}
}

Test(stack, many_arguments)
{
	enum { N = 2000 };
	static char strs[N][12];
	static char *argv[N];
	struct stack_spec s;
	struct stack_result r;

	for (int i = 0; i < N; i++) {
		snprintf(strs[i], sizeof strs[i], "arg%d", i);
		argv[i] = strs[i];
	}
	base_spec(&s, N, argv, N, argv);
	kernel_auxv(&s);
	s.jitter = 8191;
	build(&s, &r);
	cr_assert_eq(word(r.sp), N);
	cr_assert_str_eq(str(word(r.sp + 8 * N)), "arg1999");
}

/* ---- -E2BIG ---- */

Test(stack, too_small_is_e2big)
{
	char *argv[] = { "./prog", "a" };
	char *envp[] = { "A=1" };
	struct stack_spec s;
	struct stack_result r;
	size_t need;

	base_spec(&s, 2, argv, 1, envp);
	kernel_auxv(&s);
	need = stack_size_needed(&s);
	cr_assert_gt(need, 0);
	cr_assert_eq(stack_build(&s, mem, need - 1, &r), -7);
	cr_assert_eq(stack_build(&s, mem, 64, &r), -7);
	cr_assert_eq(stack_build(&s, mem, 0, &r), -7);
	/* nothing written on failure */
	for (unsigned i = 0; i < CAP + GUARD; i++)
		cr_assert_eq(buf[i], FILL, "byte %u written", i);
}

/* With exactly the advertised room, the build fits in [top - cap, top). */
Test(stack, size_needed_is_a_real_bound)
{
	char *argv[] = { "./a-much-longer-program-name", "--flag", "value" };
	char *envp[] = { "PATH=/usr/bin:/bin", "LANG=C.UTF-8" };
	struct stack_spec s;
	struct stack_result r;
	size_t need;

	base_spec(&s, 3, argv, 2, envp);
	kernel_auxv(&s);
	s.jitter = 8191;
	need = stack_size_needed(&s);
	cr_assert_lt(need, CAP);
	cr_assert_eq(stack_build(&s, mem, need, &r), 0);
	cr_assert_geq(r.sp, TOP - need);
	check_layout(&s, &r);
	/* everything below top - need is untouched */
	for (unsigned char *p = buf; p < mem - need; p++)
		cr_assert_eq(*p, FILL, "wrote at top - %#lx",
			     (unsigned long)(mem - p));
}
