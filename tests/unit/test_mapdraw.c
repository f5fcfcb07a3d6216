/*
 * test_mapdraw.c - pictures of an address space: classification of the
 * regions, the SVG (well-formed, every region with its exact range, names
 * escaped, the 2 GiB / 4 GiB / TASK_SIZE lines), the text diagram, two
 * columns side by side, the bounds for huge maps, and the raw form's round
 * trip.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "vmload/mapdraw.h"

#define R PROT_READ
#define W PROT_WRITE
#define X PROT_EXEC

static const char *const exe = "/usr/bin/prog";
static const char *const libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
static const char *const ld = "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2";

/* A dynamic PIE in the 3g window, top-down, as vmload lays it out. */
static struct mapdraw_region topdown_regions[] = {
	{ 0x41000000, 0x41001000, 0, 42, 254, 0, R, 0, exe, 0 },
	{ 0x41001000, 0x41002000, 0x1000, 42, 254, 0, R | X, 0, exe, 0 },
	{ 0x41002000, 0x41003000, 0x2000, 42, 254, 0, R, 0, exe, 0 },
	{ 0x41003000, 0x41004000, 0x2000, 42, 254, 0, R | W, 0, exe, 0 },
	{ 0x41004000, 0x41006000, 0, 0, 0, 0, R | W, 0, NULL, 0 },
	{ 0x41c69000, 0x41c8a000, 0, 0, 0, 0, R | W, 0, "[heap]", 0 },
	{ 0xb7c00000, 0xb7c01000, 0, 0, 0, 0, 0, 0, NULL, 0 },
	{ 0xb7c01000, 0xb7d01000, 0, 0, 0, 0, R | W, 0, NULL, 0 },
	{ 0xb7d01000, 0xb7d27000, 0, 7, 254, 0, R, 0, libc, 0 },
	{ 0xb7d27000, 0xb7e7d000, 0x26000, 7, 254, 0, R | X, 0, libc, 0 },
	{ 0xb7e7d000, 0xb7ed0000, 0x17c000, 7, 254, 0, R, 0, libc, 0 },
	{ 0xb7ed0000, 0xb7ed4000, 0x1cf000, 7, 254, 0, R, 0, libc, 0 },
	{ 0xb7ed4000, 0xb7ed6000, 0x1d3000, 7, 254, 0, R | W, 0, libc, 0 },
	{ 0xb7ed6000, 0xb7ee3000, 0, 0, 0, 0, R | W, 0, NULL, 0 },
	{ 0xb7ee3000, 0xb7ee4000, 0, 0, 0, 0, R | W, 0, "[anon:tag & <x>]", 0 },
	{ 0xb7ee4000, 0xb7ee8000, 0, 0, 0, 0, R, 0, "[vvar]", 0 },
	{ 0xb7ee8000, 0xb7eea000, 0, 0, 0, 0, R | X, 0, "[vdso]", 0 },
	{ 0xb7eea000, 0xb7eeb000, 0, 9, 254, 0, R, 0, ld, 0 },
	{ 0xb7eeb000, 0xb7f11000, 0x1000, 9, 254, 0, R | X, 0, ld, 0 },
	{ 0xb7f11000, 0xb7f1b000, 0x27000, 9, 254, 0, R, 0, ld, 0 },
	{ 0xb7f1b000, 0xb7f1f000, 0x31000, 9, 254, 0, R | W, 0, ld, 0 },
	{ 0xbffde000, 0xbffff000, 0, 0, 0, 0, R | W, 0, NULL, 0 },
};

static struct mapdraw_space topdown;

static void setup(void)
{
	topdown = (struct mapdraw_space){
		.exe = exe, .end = "exit status 0", .pid = 77, .legacy = 0,
		.task_size = 0xc0000000, .mmap_min = 0x10000,
		.mmap_base = 0xb7f1f000, .start_brk = 0x41c69000,
		.brk = 0x41c8a000, .stack_top = 0xc0000000,
		.start_stack = 0xbfffe5b0, .regions = topdown_regions,
		.n = sizeof topdown_regions / sizeof topdown_regions[0],
	};
	mapdraw_classify(&topdown);
}

TestSuite(mapdraw, .init = setup, .timeout = 30);

/* Render into a malloc'd string. */
static char *render(int svg, const struct mapdraw_space *const *sp, int n,
		    const char *const *heads)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int r;

	cr_assert_not_null(f);
	r = svg ? mapdraw_svg(f, sp, n, heads) : mapdraw_txt(f, sp, n, heads);
	cr_assert_eq(r, 0, "render failed: %d", r);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

static char *svg_of(const struct mapdraw_space *s)
{
	const struct mapdraw_space *one[1] = { s };

	return render(1, one, 1, NULL);
}

static char *txt_of(const struct mapdraw_space *s)
{
	const struct mapdraw_space *one[1] = { s };

	return render(0, one, 1, NULL);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/*
 * A small XML check: every tag closed in order, every '&' an entity,
 * no '<' or '>' inside attribute values or text. Returns NULL or why.
 */
static const char *xml_check(const char *s)
{
	static const char *const entities[] = { "&amp;", "&lt;", "&gt;",
						"&quot;", "&apos;" };
	const char *stack[64];
	size_t stack_len[64];
	int depth = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '&') {
			size_t i;

			for (i = 0; i < 5; i++)
				if (!strncmp(p, entities[i], strlen(entities[i])))
					break;
			if (i == 5)
				return "bare '&'";
			continue;
		}
		if (*p == '>')
			return "'>' outside a tag";
		if (*p != '<')
			continue;
		if (p[1] == '?' || p[1] == '!') {
			p = strchr(p, '>');
			if (!p)
				return "unterminated declaration";
			continue;
		}
		int closing = p[1] == '/';
		const char *name = p + 1 + closing;
		size_t nlen = strcspn(name, " \t\n/>");
		const char *end = name + nlen;
		char quote = 0;

		for (; *end && (quote || *end != '>'); end++) {
			if (*end == '"' || *end == '\'')
				quote = quote == *end ? 0 : quote ? quote : *end;
			else if (*end == '<')
				return "'<' inside a tag";
		}
		if (!*end)
			return "unterminated tag";
		if (closing) {
			if (!depth || stack_len[depth - 1] != nlen ||
			    strncmp(stack[depth - 1], name, nlen))
				return "mismatched closing tag";
			depth--;
		} else if (end[-1] != '/') {
			if (depth == 64)
				return "too deep";
			stack[depth] = name;
			stack_len[depth++] = nlen;
		}
		p = end;
	}
	return depth ? "unclosed tag" : NULL;
}

/* ---- classification ---- */

Test(mapdraw, classify_program_segments)
{
	struct mapdraw_region *r = topdown_regions;

	cr_assert_eq(r[0].kind, MAPDRAW_RODATA);
	cr_assert_eq(r[1].kind, MAPDRAW_TEXT);
	cr_assert_eq(r[2].kind, MAPDRAW_RODATA);
	cr_assert_eq(r[3].kind, MAPDRAW_DATA);
	cr_assert_eq(r[4].kind, MAPDRAW_BSS, "the anonymous VMA after data");
}

Test(mapdraw, classify_heap_stack_special)
{
	struct mapdraw_region *r = topdown_regions;

	cr_assert_eq(r[5].kind, MAPDRAW_HEAP);
	cr_assert_eq(r[15].kind, MAPDRAW_VVAR);
	cr_assert_eq(r[16].kind, MAPDRAW_VDSO);
	cr_assert_eq(r[21].kind, MAPDRAW_STACK, "unnamed, holds start_stack");
	cr_assert_eq(r[14].kind, MAPDRAW_ANON, "[anon:...] is mmap area");
}

Test(mapdraw, classify_libraries_and_their_bss)
{
	struct mapdraw_region *r = topdown_regions;

	for (int i = 8; i <= 12; i++)
		cr_assert_eq(r[i].kind, MAPDRAW_LIB, "region %d", i);
	cr_assert_eq(r[13].kind, MAPDRAW_LIB, "libc's bss belongs to libc");
	cr_assert_eq(r[6].kind, MAPDRAW_GUARD);
	cr_assert_eq(r[7].kind, MAPDRAW_ANON);
	for (int i = 17; i <= 20; i++)
		cr_assert_eq(r[i].kind, MAPDRAW_LIB, "region %d", i);
}

Test(mapdraw, classify_heap_by_brk_range_without_name)
{
	struct mapdraw_region r[] = {
		{ 0x400000, 0x401000, 0, 1, 1, 1, R | X, 0, exe, 0 },
		{ 0x800000, 0x821000, 0, 0, 0, 0, R | W, 0, NULL, 0 },
	};
	struct mapdraw_space s = { .exe = exe, .task_size = 0xc0000000,
				   .start_brk = 0x800000, .brk = 0x821000,
				   .regions = r, .n = 2 };

	mapdraw_classify(&s);
	cr_assert_eq(r[1].kind, MAPDRAW_HEAP);
}

Test(mapdraw, sizes_and_windows)
{
	char b[32];

	cr_assert_str_eq(mapdraw_size(4096, b, sizeof b), "4 KiB");
	cr_assert_str_eq(mapdraw_size(132 << 10, b, sizeof b), "132 KiB");
	cr_assert_str_eq(mapdraw_size(3ULL << 29, b, sizeof b), "1.5 GiB");
	cr_assert_str_eq(mapdraw_size(1000, b, sizeof b), "1000 B");
	cr_assert_str_eq(mapdraw_size((1 << 30) - 4096, b, sizeof b), "1.0 GiB");
	cr_assert_str_eq(mapdraw_size(1023 << 20, b, sizeof b), "1023 MiB");
	cr_assert_str_eq(mapdraw_size(0x7ffffffff000ULL, b, sizeof b), "128 TiB");
	cr_assert_str_eq(mapdraw_window_name(0xc0000000), "3g window");
	cr_assert_str_eq(mapdraw_window_name(0xffffe000), "4g window");
	cr_assert_str_eq(mapdraw_window_name(0x7ffffffff000ULL), "47-bit window");
}

/* ---- SVG ---- */

Test(mapdraw, svg_is_well_formed)
{
	char *svg = svg_of(&topdown);
	const char *why = xml_check(svg);

	cr_assert_null(why, "not well-formed: %s", why);
	cr_assert(!strncmp(svg, "<?xml", 5));
	cr_assert_not_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	cr_assert_eq(count(svg, "<svg"), 1);
	free(svg);
}

Test(mapdraw, svg_has_every_region_with_its_range_and_maps_line)
{
	char *svg = svg_of(&topdown);

	for (size_t i = 0; i < topdown.n; i++) {
		char want[128];

		snprintf(want, sizeof want, "data-start=\"%#llx\" data-end=\"%#llx\"><title>%08llx-%08llx",
			 (unsigned long long)topdown_regions[i].start,
			 (unsigned long long)topdown_regions[i].end,
			 (unsigned long long)topdown_regions[i].start,
			 (unsigned long long)topdown_regions[i].end);
		cr_assert_not_null(strstr(svg, want), "region %zu missing: %s", i, want);
	}
	cr_assert_eq(count(svg, "class=\"vma\""), topdown.n);
	cr_assert_not_null(strstr(svg, "<title>b7d27000-b7e7d000 r-xp 00026000 fe:00 7 "));
	free(svg);
}

Test(mapdraw, svg_labels_and_lines)
{
	char *svg = svg_of(&topdown);

	cr_assert_not_null(strstr(svg, ">libc.so.6<"));
	cr_assert_not_null(strstr(svg, ">ld-linux-x86-64.so.2<"));
	cr_assert_not_null(strstr(svg, ">heap<"));
	cr_assert_not_null(strstr(svg, ">stack<"));
	cr_assert_not_null(strstr(svg, ">text<"));
	cr_assert_not_null(strstr(svg, ">bss<"));
	cr_assert_not_null(strstr(svg, ">2 GiB</text>"));
	cr_assert_not_null(strstr(svg, ">TASK_SIZE</text>"));
	cr_assert_null(strstr(svg, ">4 GiB</text>"), "4 GiB is outside 3g");
	cr_assert_not_null(strstr(svg, "mmap area grows down"));
	cr_assert_not_null(strstr(svg, "\xe2\x80\xa6 1.8 GiB free \xe2\x80\xa6"),
			   "the gap between the heap and the mmap area, broken");
	free(svg);
}

Test(mapdraw, svg_escapes_names)
{
	struct mapdraw_region r[] = {
		{ 0x10000, 0x11000, 0, 1, 1, 1, R, 0, "/tmp/a&b<c>\"d'e", 0 },
		{ 0x11000, 0x12000, 0, 1, 1, 2, R, 0, "/tmp/ctl\x01\xff\xc3(", 0 },
	};
	struct mapdraw_space s = { .exe = "/tmp/<exe>", .task_size = 0xc0000000,
				   .regions = r, .n = 2 };
	char *svg;
	const char *why;

	mapdraw_classify(&s);
	svg = svg_of(&s);
	why = xml_check(svg);
	cr_assert_null(why, "not well-formed: %s", why);
	cr_assert_not_null(strstr(svg, "a&amp;b&lt;c&gt;&quot;d&apos;e"));
	cr_assert_not_null(strstr(svg, "/tmp/ctl??\?("), "control and bad UTF-8");
	cr_assert_null(strstr(svg, "<c>"));
	cr_assert_not_null(strstr(svg, "&lt;exe&gt;"));
	free(svg);
}

Test(mapdraw, svg_47bit_marks_both_lines)
{
	struct mapdraw_region r[] = {
		{ 0x555555554000, 0x555555555000, 0, 1, 1, 1, R | X, 0, exe, 0 },
		{ 0x7ffffffde000, 0x7ffffffff000, 0, 0, 0, 0, R | W, 0, "[stack]", 0 },
	};
	struct mapdraw_space s = { .exe = exe, .task_size = 0x7ffffffff000,
				   .mmap_min = 0x10000,
				   .mmap_base = 0x7ffff7fff000, .regions = r, .n = 2 };
	char *svg;

	mapdraw_classify(&s);
	svg = svg_of(&s);
	cr_assert_not_null(strstr(svg, ">2 GiB</text>"));
	cr_assert_not_null(strstr(svg, ">4 GiB</text>"));
	cr_assert_not_null(strstr(svg, "47-bit window"));
	free(svg);
}

/* ---- text ---- */

Test(mapdraw, txt_has_labels_lines_and_arrows)
{
	char *t = txt_of(&topdown);

	cr_assert_not_null(strstr(t, "| heap "));
	cr_assert_not_null(strstr(t, "| stack "));
	cr_assert_not_null(strstr(t, "| text (prog) "));
	cr_assert_not_null(strstr(t, "| bss (prog) "));
	cr_assert_not_null(strstr(t, "| libc.so.6 (6 maps) "));
	cr_assert_not_null(strstr(t, "v grows down"));
	cr_assert_not_null(strstr(t, "^ grows up"));
	cr_assert_not_null(strstr(t, " brk ^ "));
	cr_assert_not_null(strstr(t, " mmap_base v mmap area "));
	cr_assert_not_null(strstr(t, "0x80000000 "));
	cr_assert_not_null(strstr(t, " 2 GiB\n"));
	cr_assert_not_null(strstr(t, "0xc0000000 "));
	cr_assert_not_null(strstr(t, " TASK_SIZE\n"));
	cr_assert_not_null(strstr(t, "~ 1.8 GiB free ~"));
	cr_assert_not_null(strstr(t, "top-down layout, 3g window"));
	free(t);
}

Test(mapdraw, txt_is_ascii_and_high_addresses_first)
{
	char *t = txt_of(&topdown);
	const char *stack = strstr(t, "| stack "), *heap = strstr(t, "| heap ");

	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		cr_assert(*p == '\n' || (*p >= 0x20 && *p < 0x7f),
			  "byte %#x at %zu", *p, (size_t)(p - (const unsigned char *)t));
	cr_assert(stack && heap && stack < heap);
	free(t);
}

Test(mapdraw, txt_legacy_mmap_grows_up)
{
	topdown.legacy = 1;
	topdown.mmap_base = 0xb7c00000;
	char *t = txt_of(&topdown);

	cr_assert_not_null(strstr(t, " mmap_base ^ mmap area "));
	cr_assert_not_null(strstr(t, "legacy layout"));
	free(t);
}

/* ---- two columns ---- */

Test(mapdraw, compare_shares_one_axis)
{
	struct mapdraw_region lr[] = {
		{ 0x40000000, 0x40026000, 0, 7, 254, 0, R, 0, libc, 0 },
		{ 0x41000000, 0x41001000, 0, 42, 254, 0, R | X, 0, exe, 0 },
		{ 0xbffde000, 0xbffff000, 0, 0, 0, 0, R | W, 0, "[stack]", 0 },
	};
	struct mapdraw_space legacy = topdown;
	const struct mapdraw_space *both[2] = { &legacy, &topdown };
	const char *heads[2] = { "legacy layout", "top-down layout" };
	char *t, *svg;
	const char *why;

	legacy.legacy = 1;
	legacy.mmap_base = 0x40000000;
	legacy.regions = lr;
	legacy.n = 3;
	mapdraw_classify(&legacy);
	t = render(0, both, 2, heads);
	cr_assert_not_null(strstr(t, "legacy layout"));
	cr_assert_not_null(strstr(t, "top-down layout"));
	cr_assert_eq(count(t, " 2 GiB\n"), 1, "one line across both columns");
	cr_assert_not_null(strstr(t, " mmap_base ^ "));
	cr_assert_not_null(strstr(t, " mmap_base v "));
	svg = render(1, both, 2, heads);
	why = xml_check(svg);
	cr_assert_null(why, "not well-formed: %s", why);
	cr_assert_eq(count(svg, "class=\"vma\" "), topdown.n + legacy.n);
	cr_assert_eq(count(svg, "data-col=\"1\" data-kind=\"library\""), 12);
	cr_assert_eq(count(svg, "class=\"block\" data-col=\"0\" data-kind=\"library\""), 1);
	free(t);
	free(svg);
}

/* ---- bounds ---- */

Test(mapdraw, huge_maps_are_bounded)
{
	size_t n = 20000;
	struct mapdraw_region *r = calloc(n, sizeof *r);
	struct mapdraw_space s = { .exe = exe, .task_size = 0x7ffffffff000,
				   .mmap_min = 0x10000, .regions = r, .n = n };
	char *svg, *t;

	for (size_t i = 0; i < n; i++)
		r[i] = (struct mapdraw_region){ 0x100000000 + i * 0x2000,
						0x100001000 + i * 0x2000, 0, 0, 0,
						0, R | W, 0, NULL, 0 };
	mapdraw_classify(&s);
	svg = svg_of(&s);
	cr_assert_null(xml_check(svg));
	cr_assert_leq(count(svg, "class=\"block\""), MAPDRAW_BLOCKS_MAX);
	cr_assert_not_null(strstr(svg, "not drawn one by one"));
	cr_assert_eq(count(svg, "class=\"vma\""), 0);
	cr_assert_lt(strlen(svg), 1u << 20);
	t = txt_of(&s);
	cr_assert_lt(count(t, "\n"), 4 * MAPDRAW_BLOCKS_MAX + 64);
	cr_assert_not_null(strstr(t, "20000 maps"));
	cr_assert_not_null(strstr(t, " maps) "), "merged blocks say how many");
	free(svg);
	free(t);
	free(r);
}

/* ---- the raw form ---- */

Test(mapdraw, dump_round_trip)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct mapdraw_space back;

	cr_assert_eq(mapdraw_dump_write(f, &topdown), 0);
	fclose(f);
	f = fmemopen(buf, len, "r");
	cr_assert_eq(mapdraw_dump_read(f, &back), 0);
	fclose(f);
	cr_assert_str_eq(back.exe, exe);
	cr_assert_str_eq(back.end, "exit status 0");
	cr_assert_eq(back.pid, 77);
	cr_assert_eq(back.task_size, 0xc0000000);
	cr_assert_eq(back.mmap_base, topdown.mmap_base);
	cr_assert_eq(back.brk, topdown.brk);
	cr_assert_eq(back.start_stack, topdown.start_stack);
	cr_assert_eq(back.n, topdown.n);
	for (size_t i = 0; i < back.n; i++) {
		const struct mapdraw_region *a = &topdown_regions[i], *b = &back.regions[i];

		cr_assert_eq(a->start, b->start);
		cr_assert_eq(a->end, b->end);
		cr_assert_eq(a->prot, b->prot);
		cr_assert_eq(a->off, b->off);
		cr_assert_eq(a->ino, b->ino);
		cr_assert_eq(a->minor, b->minor);
		if (a->name)
			cr_assert_str_eq(a->name, b->name);
		else
			cr_assert_null(b->name);
	}
	mapdraw_classify(&back);
	cr_assert_eq(back.regions[4].kind, MAPDRAW_BSS);
	mapdraw_space_free(&back);
	free(buf);
}

static int read_str(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct mapdraw_space s;
	int r = mapdraw_dump_read(f, &s);

	fclose(f);
	if (r == 0)
		mapdraw_space_free(&s);
	return r;
}

Test(mapdraw, dump_rejects_malformed)
{
	cr_assert_eq(read_str("not a map\n"), -22);
	cr_assert_eq(read_str("vmload-map 1\nmaps 2\n"
			      "00010000-00011000 r--p 00000000 00:00 0\n"), -22,
		     "fewer lines than announced");
	cr_assert_eq(read_str("vmload-map 1\nmaps 2\n"
			      "00010000-00012000 r--p 00000000 00:00 0\n"
			      "00011000-00013000 r--p 00000000 00:00 0\n"), -22,
		     "overlap");
	cr_assert_eq(read_str("vmload-map 1\nmaps 1\n"
			      "00012000-00011000 r--p 00000000 00:00 0\n"), -22,
		     "start after end");
	cr_assert_eq(read_str("vmload-map 1\nmaps 99999999\n"), -22);
	cr_assert_eq(read_str("vmload-map 1\nmaps 1\n"
			      "00010000-00011000 r--p 00000000 00:00 0 [heap]\n"), 0);
}
