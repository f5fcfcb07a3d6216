/*
 * test_elf.c - Criterion suite for the ELF validator (loader/elf_image.c):
 * elf_image_parse_mem() on every corpus case (corpus.c), the parsed fields
 * of valid images, the task_size bound, and agreement with
 * elf_image_parse_fd().
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "corpus.h"
#include "elf_image.h"

#define DIR "/corpus"	/* where PT_INTERP cases point; never opened here */
#define LDSO "/lib64/ld-linux-x86-64.so.2"
#define TASK_3G 0xc0000000ULL

struct parsed {
	int r;
	char err[512];
	struct elf_image img;
	struct cbuf b;
};

static void parse_buf(struct parsed *p, uint64_t task)
{
	memset(&p->img, 0, sizeof p->img);
	memset(p->err, 0, sizeof p->err);
	p->r = elf_image_parse_mem(&p->img, p->b.p, p->b.len, task, p->err,
				   sizeof p->err);
}

static void parse_case(struct parsed *p, const char *name, uint64_t task)
{
	const struct corpus_case *c = corpus_find(name);

	cr_assert_not_null(c, "no corpus case %s", name);
	p->b.p = NULL;
	p->b.len = 0;
	corpus_build(c, DIR, &p->b);
	parse_buf(p, task);
}

static void done(struct parsed *p)
{
	elf_image_free(&p->img);
	free(p->b.p);
}

static Elf64_Ehdr *eh(struct parsed *p)
{
	return (Elf64_Ehdr *)p->b.p;
}

static Elf64_Phdr *ph(struct parsed *p, int i)
{
	return (Elf64_Phdr *)(p->b.p + eh(p)->e_phoff) + i;
}

#define ACCEPTED(p, name) \
	cr_assert_eq((p)->r, 0, "%s: rejected: %s", name, (p)->err)
#define REJECTED(p, name, sub) do { \
	cr_assert_eq((p)->r, -1, "%s: accepted, expected \"%s\"", name, sub); \
	cr_expect(strstr((p)->err, sub) != NULL, "%s: message \"%s\" lacks \"%s\"", \
		  name, (p)->err, sub); \
} while (0)

/* ---- every corpus case ---- */

ParameterizedTestParameters(elf, corpus_case)
{
	static size_t idx[128];

	for (size_t i = 0; i < corpus_ncases && i < 128; i++)
		idx[i] = i;
	return cr_make_param_array(size_t, idx, corpus_ncases);
}

ParameterizedTest(size_t *i, elf, corpus_case)
{
	const struct corpus_case *c = &corpus_cases[*i];
	struct parsed p;

	parse_case(&p, c->name, CORPUS_TASK_SIZE);
	if (c->parse_err) {
		REJECTED(&p, c->name, c->parse_err);
		cr_expect_null(p.img.interp, "%s: interp left allocated", c->name);
		cr_expect_null(strchr(p.err, '\n'), "%s: message is not one line",
			       c->name);
	} else {
		ACCEPTED(&p, c->name);
		cr_expect_geq(p.img.nload, 1, "%s", c->name);
	}
	done(&p);
}

/* parse_fd on the same bytes gives the same answer */
ParameterizedTestParameters(elf, corpus_case_fd)
{
	static size_t idx[128];

	for (size_t i = 0; i < corpus_ncases && i < 128; i++)
		idx[i] = i;
	return cr_make_param_array(size_t, idx, corpus_ncases);
}

ParameterizedTest(size_t *i, elf, corpus_case_fd)
{
	const struct corpus_case *c = &corpus_cases[*i];
	struct parsed p;
	struct elf_image fimg;
	char ferr[512] = "";
	int fd, fr;

	parse_case(&p, c->name, CORPUS_TASK_SIZE);
	fd = memfd_create(c->name, MFD_CLOEXEC);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, p.b.p, p.b.len), (ssize_t)p.b.len);
	memset(&fimg, 0, sizeof fimg);
	fr = elf_image_parse_fd(&fimg, fd, CORPUS_TASK_SIZE, ferr, sizeof ferr);
	cr_expect_eq(fr, p.r, "%s: parse_fd %d (%s), parse_mem %d (%s)", c->name,
		     fr, ferr, p.r, p.err);
	if (fr && p.r)
		cr_expect_str_eq(ferr, p.err, "%s", c->name);
	if (!fr && !p.r) {
		cr_expect_eq(fimg.fd, fd);
		cr_expect_eq(fimg.file_size, p.b.len);
		cr_expect_eq(fimg.phnum, p.img.phnum);
		cr_expect_eq(fimg.entry, p.img.entry);
		cr_expect_eq(fimg.nload, p.img.nload);
	}
	elf_image_free(&fimg);
	close(fd);
	done(&p);
}

/* ---- the parsed fields of valid images ---- */

Test(elf, valid_static_fields)
{
	struct parsed p;

	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "valid-static");
	cr_expect_eq(p.img.fd, -1);
	cr_expect_eq(p.img.file_size, p.b.len);
	cr_expect_eq(p.img.type, ET_EXEC);
	cr_expect_eq(p.img.entry, CORPUS_BASE_VADDR + CORPUS_OFF_CODE);
	cr_expect_eq(p.img.phoff, sizeof(Elf64_Ehdr));
	cr_expect_eq(p.img.phnum, 2);
	cr_expect_null(p.img.interp);
	cr_expect_eq(p.img.exec_stack, EXSTACK_DISABLE_X);
	cr_expect_eq(p.img.nload, 1);
	cr_expect_eq(p.img.max_align, 0x1000);
	cr_expect_eq(p.img.phdr[0].p_type, PT_LOAD);
	cr_expect_eq(p.img.phdr[0].p_vaddr, CORPUS_BASE_VADDR);
	cr_expect_eq(p.img.phdr[0].p_filesz, p.b.len);
	cr_expect_eq(p.img.phdr[0].p_flags, PF_R | PF_X);
	cr_expect_eq(p.img.phdr[1].p_type, PT_GNU_STACK);
	done(&p);
}

Test(elf, valid_et_dyn_fields)
{
	struct parsed p;

	parse_case(&p, "valid-et-dyn", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "valid-et-dyn");
	cr_expect_eq(p.img.type, ET_DYN);
	cr_expect_eq(p.img.entry, CORPUS_OFF_CODE);
	cr_expect_eq(p.img.phdr[0].p_vaddr, 0);
	cr_expect_null(p.img.interp);
	done(&p);
}

Test(elf, valid_interp_fields)
{
	struct parsed p;

	parse_case(&p, "valid-interp", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "valid-interp");
	cr_expect_eq(p.img.phnum, 3);
	cr_assert_not_null(p.img.interp);
	cr_expect_str_eq(p.img.interp, LDSO);
	cr_expect_eq(p.img.nload, 1);
	done(&p);
}

/* the interpreter string is a copy: the buffer may go away */
Test(elf, interp_is_copied)
{
	struct parsed p;

	parse_case(&p, "valid-interp", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "valid-interp");
	cr_assert_not_null(p.img.interp);
	cr_expect((void *)p.img.interp < (void *)p.b.p ||
		  (void *)p.img.interp >= (void *)(p.b.p + p.b.len));
	memset(p.b.p, 0x55, p.b.len);
	cr_expect_str_eq(p.img.interp, LDSO);
	done(&p);
}

Test(elf, first_interp_wins)
{
	struct parsed p;

	parse_case(&p, "valid-first-interp-wins", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "valid-first-interp-wins");
	cr_assert_not_null(p.img.interp);
	cr_expect_str_eq(p.img.interp, LDSO);
	done(&p);
}

Test(elf, interp_paths_of_companion_cases)
{
	static const struct { const char *name, *interp; } t[] = {
		{ "interp-missing", CORPUS_MISSING_INTERP },
		{ "interp-not-elf", DIR "/" CORPUS_AUX_NOT_ELF },
		{ "interp-wrong-arch", DIR "/" CORPUS_AUX_AARCH64 },
		{ "interp-noexec", DIR "/" CORPUS_AUX_NOEXEC },
		{ "interp-empty", DIR "/" CORPUS_AUX_EMPTY },
		{ "interp-directory", "/" },
		{ "valid-interp-et-dyn", DIR "/" CORPUS_AUX_STATIC_DYN },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct parsed p;

		parse_case(&p, t[i].name, CORPUS_TASK_SIZE);
		ACCEPTED(&p, t[i].name);
		cr_assert_not_null(p.img.interp, "%s", t[i].name);
		cr_expect_str_eq(p.img.interp, t[i].interp, "%s", t[i].name);
		done(&p);
	}
}

Test(elf, interp_4096_bytes_accepted)
{
	struct parsed p;

	parse_case(&p, "interp-name-too-long", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "interp-name-too-long");
	cr_assert_not_null(p.img.interp);
	cr_expect_eq(strlen(p.img.interp), 4095);
	done(&p);
}

Test(elf, valid_73_phdrs)
{
	struct parsed p;

	parse_case(&p, "valid-73-phdrs", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "valid-73-phdrs");
	cr_expect_eq(p.img.phnum, 73);
	cr_expect_eq(p.img.nload, 1);
	cr_expect_eq(p.img.phdr[72].p_type, PT_NULL);
	done(&p);
}

Test(elf, gnu_stack)
{
	struct parsed p;

	parse_case(&p, "valid-gnu-stack-last-wins", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "last wins");
	cr_expect_eq(p.img.exec_stack, EXSTACK_ENABLE_X);
	done(&p);

	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	ph(&p, 1)->p_flags = PF_R | PF_W | PF_X;
	parse_buf(&p, CORPUS_TASK_SIZE);
	ACCEPTED(&p, "PF_X");
	cr_expect_eq(p.img.exec_stack, EXSTACK_ENABLE_X);
	done(&p);

	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	ph(&p, 1)->p_type = PT_NULL;
	parse_buf(&p, CORPUS_TASK_SIZE);
	ACCEPTED(&p, "no PT_GNU_STACK");
	cr_expect_eq(p.img.exec_stack, EXSTACK_DEFAULT);
	done(&p);
}

/* max_align: the largest power-of-two p_align of the PT_LOADs */
Test(elf, max_align)
{
	struct parsed p;

	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	eh(&p)->e_phnum = 4;
	*ph(&p, 2) = *ph(&p, 0);
	ph(&p, 2)->p_vaddr = 0x600000;
	ph(&p, 2)->p_align = 0x200000;
	*ph(&p, 3) = *ph(&p, 0);
	ph(&p, 3)->p_vaddr = 0x800000;
	ph(&p, 3)->p_align = 0x300000;	/* not a power of two: ignored */
	parse_buf(&p, CORPUS_TASK_SIZE);
	ACCEPTED(&p, "three PT_LOADs");
	cr_expect_eq(p.img.nload, 3);
	cr_expect_eq(p.img.max_align, 0x200000);
	done(&p);

	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	ph(&p, 0)->p_align = 0;
	parse_buf(&p, CORPUS_TASK_SIZE);
	ACCEPTED(&p, "p_align 0");
	cr_expect_eq(p.img.max_align, 0);
	done(&p);

	/* a non-PT_LOAD p_align does not count */
	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	ph(&p, 1)->p_align = 0x400000;
	parse_buf(&p, CORPUS_TASK_SIZE);
	ACCEPTED(&p, "PT_GNU_STACK align");
	cr_expect_eq(p.img.max_align, 0x1000);
	done(&p);
}

/* PT_LOADs that touch are not overlapping; memsz 0 never overlaps */
Test(elf, overlap_edges)
{
	struct parsed p;

	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	eh(&p)->e_phnum = 3;
	*ph(&p, 2) = *ph(&p, 0);
	ph(&p, 0)->p_memsz = 0x1000;
	ph(&p, 2)->p_vaddr = CORPUS_BASE_VADDR + 0x1000;	/* adjacent */
	parse_buf(&p, CORPUS_TASK_SIZE);
	ACCEPTED(&p, "adjacent");
	cr_expect_eq(p.img.nload, 2);
	done(&p);

	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	eh(&p)->e_phnum = 3;
	*ph(&p, 2) = *ph(&p, 0);
	ph(&p, 2)->p_filesz = ph(&p, 2)->p_memsz = 0;	/* empty, same place */
	parse_buf(&p, CORPUS_TASK_SIZE);
	ACCEPTED(&p, "memsz 0");
	done(&p);

	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	eh(&p)->e_phnum = 3;
	*ph(&p, 2) = *ph(&p, 0);	/* identical */
	parse_buf(&p, CORPUS_TASK_SIZE);
	REJECTED(&p, "identical", "overlap");
	done(&p);

	/* the later one lower: order does not matter */
	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	eh(&p)->e_phnum = 3;
	*ph(&p, 2) = *ph(&p, 0);
	ph(&p, 0)->p_vaddr = CORPUS_BASE_VADDR + 0x1000;
	ph(&p, 2)->p_memsz = 0x1001;
	parse_buf(&p, CORPUS_TASK_SIZE);
	REJECTED(&p, "one byte", "overlap");
	done(&p);
}

/* task_size is the bound for every segment */
Test(elf, task_size_bound)
{
	struct parsed p;

	parse_case(&p, "valid-static", TASK_3G);
	ACCEPTED(&p, "0x400000 under 3g");
	done(&p);

	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	ph(&p, 0)->p_vaddr = TASK_3G - 0x1000;
	ph(&p, 0)->p_memsz = 0x1000;
	parse_buf(&p, TASK_3G);
	ACCEPTED(&p, "ends at 3g");
	ph(&p, 0)->p_memsz = 0x1001;
	parse_buf(&p, TASK_3G);
	REJECTED(&p, "one byte past 3g", "TASK_SIZE 0xc0000000");
	parse_buf(&p, CORPUS_TASK_SIZE);
	ACCEPTED(&p, "the same under 47-bit");
	ph(&p, 0)->p_vaddr = TASK_3G;
	parse_buf(&p, TASK_3G);
	REJECTED(&p, "at 3g", "TASK_SIZE");
	done(&p);

	parse_case(&p, "load-end-at-task-size", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "ends at TASK_SIZE");
	done(&p);
	parse_case(&p, "load-end-past-task-size", CORPUS_TASK_SIZE);
	REJECTED(&p, "one page past", "TASK_SIZE");
	done(&p);
}

/* the first bad PT_LOAD is named by its index */
Test(elf, load_index_in_message)
{
	struct parsed p;

	parse_case(&p, "valid-static", CORPUS_TASK_SIZE);
	eh(&p)->e_phnum = 4;
	*ph(&p, 3) = *ph(&p, 0);
	ph(&p, 3)->p_vaddr = 0x600000;
	ph(&p, 3)->p_memsz = ph(&p, 3)->p_filesz - 1;
	parse_buf(&p, CORPUS_TASK_SIZE);
	REJECTED(&p, "PT_LOAD 3", "PT_LOAD 3: p_filesz");
	done(&p);
}

/* a failure after PT_INTERP was read frees it */
Test(elf, interp_freed_on_later_error)
{
	struct parsed p;

	parse_case(&p, "valid-interp", CORPUS_TASK_SIZE);
	eh(&p)->e_phnum = 4;
	*ph(&p, 3) = *ph(&p, 0);
	ph(&p, 3)->p_type = PT_LOAD;
	ph(&p, 3)->p_vaddr += 0x123;	/* not congruent */
	parse_buf(&p, CORPUS_TASK_SIZE);
	REJECTED(&p, "bad PT_LOAD after PT_INTERP", "PT_LOAD 3");
	cr_expect_null(p.img.interp);
	done(&p);
}

/* a short error buffer truncates the message, never overflows */
Test(elf, small_error_buffer)
{
	struct cbuf b = { 0 };
	struct elf_image img;
	char err[16];

	corpus_build(corpus_find("phoff-huge"), DIR, &b);
	memset(err, 'x', sizeof err);
	memset(&img, 0, sizeof img);
	cr_assert_eq(elf_image_parse_mem(&img, b.p, b.len, CORPUS_TASK_SIZE, err, 8), -1);
	cr_expect_eq(strlen(err), 7);
	cr_expect_eq(err[8], 'x');
	cr_expect_eq(err[15], 'x');
	free(b.p);
}

Test(elf, free_is_idempotent)
{
	struct parsed p;

	parse_case(&p, "valid-interp", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "valid-interp");
	elf_image_free(&p.img);
	cr_expect_null(p.img.interp);
	elf_image_free(&p.img);
	done(&p);
}

Test(elf, is_elf)
{
	cr_expect(elf_image_is_elf("\177ELF", 4));
	cr_expect(elf_image_is_elf("\177ELF\002\001\001", 7));
	cr_expect_not(elf_image_is_elf("\177EL", 3));
	cr_expect_not(elf_image_is_elf("\177ELG", 4));
	cr_expect_not(elf_image_is_elf("#!/bin/sh\n", 10));
	cr_expect_not(elf_image_is_elf("", 0));
}

/* every prefix of a valid image is handled (and rejected) */
Test(elf, every_truncation)
{
	struct parsed p;
	size_t len;

	parse_case(&p, "valid-interp", CORPUS_TASK_SIZE);
	ACCEPTED(&p, "whole file");
	elf_image_free(&p.img);
	len = p.b.len;
	for (size_t n = 0; n < len; n++) {
		struct elf_image img;
		char err[512] = "";
		/* an exact-size heap copy, so overreads are real overreads */
		unsigned char *c = malloc(n ? n : 1);
		int r;

		memcpy(c, p.b.p, n);
		memset(&img, 0, sizeof img);
		r = elf_image_parse_mem(&img, c, n, CORPUS_TASK_SIZE, err, sizeof err);
		/* the PT_INTERP string is the last thing in the file */
		cr_expect_eq(r, -1, "prefix of %zu bytes accepted", n);
		cr_expect_neq(err[0], '\0', "prefix of %zu bytes: no message", n);
		cr_expect_null(img.interp);
		elf_image_free(&img);
		free(c);
	}
	done(&p);
}
