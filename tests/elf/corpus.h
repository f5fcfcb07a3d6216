/*
 * corpus.h - the broken-ELF corpus, shared by the generator (mkcorpus), the
 * Criterion suite (test_elf.c) and, through the generated files, the e2e
 * script (corpus.sh) and the fuzz seed corpus.
 *
 * Every case starts from one valid minimal ELF64 x86-64 executable built
 * here (ET_EXEC at 0x400000, one R+X PT_LOAD covering the whole file, a
 * PT_GNU_STACK, code `exit(0)`) and changes one thing.
 */
#ifndef VMLOAD_TEST_CORPUS_H
#define VMLOAD_TEST_CORPUS_H

#include <stddef.h>
#include <stdint.h>

/* TASK_SIZE of the default (47-bit) guest address space */
#define CORPUS_TASK_SIZE 0x7ffffffff000ULL

#define CORPUS_BASE_VADDR 0x400000ULL
#define CORPUS_OFF_CODE 0x120	/* entry point: exit(0) */
#define CORPUS_OFF_INTERP 0x140	/* PT_INTERP string, when there is one */

/* Companion files the generator writes under DIR/aux/, that PT_INTERP
 * cases name by absolute path. */
#define CORPUS_AUX_NOT_ELF "aux/not-elf.txt"	/* text, mode 0755 */
#define CORPUS_AUX_AARCH64 "aux/aarch64.elf"	/* valid but EM_AARCH64, 0755 */
#define CORPUS_AUX_NOEXEC "aux/noexec.elf"	/* valid static ET_DYN, mode 0644 */
#define CORPUS_AUX_STATIC_DYN "aux/static-dyn.elf" /* valid static ET_DYN, 0755 */
#define CORPUS_AUX_EMPTY "aux/empty"		/* 0 bytes, 0755 */
#define CORPUS_MISSING_INTERP "/nonexistent/vmload-corpus/ld.so"

struct cbuf {
	unsigned char *p;
	size_t len;
};

struct corpus_case {
	const char *name;	/* file name (NAME.elf) and test name */
	void (*build)(struct cbuf *b, const char *dir);
	/* elf_image_parse_mem(): NULL when the image must be accepted, else a
	 * substring of the error message */
	const char *parse_err;
	/* `vmload DIR/NAME.elf`: exit status, and a substring of the single
	 * stderr line. Status 0: the file is valid and must run exactly as it
	 * does natively (exit 0, nothing on stderr). */
	int status;
	const char *msg;
};

extern const struct corpus_case corpus_cases[];
extern const size_t corpus_ncases;

/* Build case c into a malloc'd buffer. dir is the corpus directory
 * (absolute) that PT_INTERP paths to companion files point into. */
void corpus_build(const struct corpus_case *c, const char *dir, struct cbuf *b);
/* The valid image, optionally with a PT_INTERP naming interp */
void corpus_base(struct cbuf *b, const char *interp);
void corpus_set_machine(struct cbuf *b, uint16_t machine);
const struct corpus_case *corpus_find(const char *name);

#endif
