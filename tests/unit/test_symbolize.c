/*
 * test_symbolize.c - naming code addresses from ELF files: this test
 * program itself (a PIE, with .symtab) and the C library (a stripped shared
 * object: .dynsym only), each found from its mappings in /proc/self/maps as
 * the crash report finds a guest's objects from its VMAs.
 */
#include <criterion/criterion.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "symbolize.h"

__attribute__((noinline, used)) int symbolize_probe_target(int x)
{
	return x * 3 + 1;
}

int symbolize_probe_data = 1;	/* in the writable segment, whose p_vaddr
				   and p_offset differ */

struct map {
	uintptr_t start, end;
	uint64_t off;
	char perms[5];
	char path[4096];
};

/* The nth mapping of /proc/self/maps that contains addr (nth = 0), or the
 * first one of the same file (first = 1). */
static int find_map(uintptr_t addr, int first, struct map *out)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4200];
	struct map m, hit = { 0 };
	int found = 0;

	cr_assert_not_null(f);
	while (fgets(line, sizeof line, f)) {
		m.path[0] = '\0';
		if (sscanf(line, "%lx-%lx %4s %lx %*s %*s %4095s", &m.start,
			   &m.end, m.perms, &m.off, m.path) < 4)
			continue;
		if (addr >= m.start && addr < m.end) {
			hit = m;
			found = 1;
		}
	}
	fclose(f);
	if (found && first) {
		f = fopen("/proc/self/maps", "r");
		while (fgets(line, sizeof line, f)) {
			if (sscanf(line, "%lx-%lx %4s %lx %*s %*s %4095s",
				   &m.start, &m.end, m.perms, &m.off, m.path) == 5 &&
			    !strcmp(m.path, hit.path)) {
				hit = m;
				break;
			}
		}
		fclose(f);
	}
	*out = hit;
	return found ? 0 : -1;
}

static struct symbolize_obj *open_at(uintptr_t addr, int first)
{
	struct map m;
	struct symbolize_obj *o;

	cr_assert_eq(find_map(addr, first, &m), 0, "no mapping at %#lx", addr);
	o = symbolize_open(m.path, m.start, m.off);
	cr_assert_not_null(o, "cannot open %s mapped at %#lx offset %#lx",
			   m.path, m.start, (unsigned long)m.off);
	return o;
}

static int main_bias(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	*(uintptr_t *)arg = info->dlpi_addr;
	return 1;	/* the first is the program itself */
}

Test(symbolize, names_a_function_of_this_program)
{
	uintptr_t a = (uintptr_t)&symbolize_probe_target, off = 99;
	struct symbolize_obj *o = open_at(a, 0);

	cr_assert_str_eq(symbolize_addr(o, a + 4, &off), "symbolize_probe_target");
	cr_assert_eq(off, 4);
	cr_assert_str_eq(symbolize_addr(o, a, &off), "symbolize_probe_target");
	cr_assert_eq(off, 0);
	cr_assert(symbolize_contains(o, a));
	cr_assert(!symbolize_contains(o, (uintptr_t)&fileno));
	symbolize_close(o);
}

Test(symbolize, bias_from_any_mapping_of_the_file)
{
	uintptr_t a = (uintptr_t)&symbolize_probe_target, bias = 0;
	struct symbolize_obj *text = open_at(a, 0), *head = open_at(a, 1);
	struct symbolize_obj *data = open_at((uintptr_t)&symbolize_probe_data, 0);
	struct map m;

	dl_iterate_phdr(main_bias, &bias);
	cr_assert_eq(symbolize_bias(text), bias);
	cr_assert_eq(symbolize_bias(head), bias);
	cr_assert_eq(symbolize_bias(data), bias);
	symbolize_close(data);
	/* the first mapping maps offset 0, the code a later one */
	cr_assert_eq(find_map(a, 1, &m), 0);
	cr_assert_eq(m.off, 0);
	cr_assert_eq(find_map(a, 0, &m), 0);
	cr_assert_neq(m.off, 0);
	symbolize_close(text);
	symbolize_close(head);
}

Test(symbolize, names_an_export_of_a_stripped_library)
{
	uintptr_t a = (uintptr_t)&fileno, off = 99;
	struct symbolize_obj *o = open_at(a, 0);

	cr_assert(strstr(symbolize_path(o), "libc.so"));
	cr_assert_str_eq(symbolize_addr(o, a + 1, &off), "fileno");
	cr_assert_eq(off, 1);
	symbolize_close(o);
}

Test(symbolize, nothing_before_the_first_function)
{
	uintptr_t a = (uintptr_t)&symbolize_probe_target, off;
	struct symbolize_obj *o = open_at(a, 0);

	cr_assert_null(symbolize_addr(o, symbolize_bias(o), &off));
	symbolize_close(o);
}

Test(symbolize, refuses_what_is_not_a_mapped_elf_object)
{
	char path[] = "/tmp/symbolize-XXXXXX";
	int fd = mkstemp(path);
	struct map m;

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "not an ELF file\n", 16), 16);
	close(fd);
	cr_assert_null(symbolize_open(path, 0x10000, 0));
	unlink(path);
	cr_assert_null(symbolize_open("/nonexistent/file", 0x10000, 0));
	/* an offset that no PT_LOAD maps */
	cr_assert_eq(find_map((uintptr_t)&symbolize_probe_target, 0, &m), 0);
	cr_assert_null(symbolize_open(m.path, m.start, 1UL << 40));
}
