/*
 * corpus.c - build the valid minimal executable and one variant per case.
 * See corpus.h. Expected messages are substrings of what loader/elf_image.c
 * and loader/exec.c print; expected statuses follow what the kernel's
 * execve gives (KERNEL-FACTS §4): 126 for every refusal, 127 when the file
 * or its PT_INTERP interpreter does not exist.
 */
#include "corpus.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LDSO "/lib64/ld-linux-x86-64.so.2"

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		perror("realloc");
		exit(2);
	}
	return p;
}

static void resize(struct cbuf *b, size_t len)
{
	b->p = xrealloc(b->p, len);
	if (len > b->len)
		memset(b->p + b->len, 0, len - b->len);
	b->len = len;
}

static Elf64_Ehdr *eh(struct cbuf *b)
{
	return (Elf64_Ehdr *)b->p;
}

static Elf64_Phdr *ph(struct cbuf *b, int i)
{
	return (Elf64_Phdr *)(b->p + eh(b)->e_phoff) + i;
}

static char *path_in(const char *dir, const char *rel)
{
	char *p = xrealloc(NULL, strlen(dir) + strlen(rel) + 2);

	sprintf(p, "%s/%s", dir, rel);
	return p;
}

/*
 * The valid image:
 *   0x000 Elf64_Ehdr
 *   0x040 phdr[0] PT_LOAD R+X, offset 0 -> 0x400000, the whole file
 *   0x078 phdr[1] PT_GNU_STACK RW
 *   0x0b0 phdr[2] PT_INTERP (only with interp)
 *   0x0e8 room for a 4th phdr
 *   0x120 code: mov $60,%eax; xor %edi,%edi; syscall
 *   0x140 interpreter path
 */
void corpus_base(struct cbuf *b, const char *interp)
{
	static const unsigned char code[] = {
		0xb8, 0x3c, 0x00, 0x00, 0x00,	/* mov $60, %eax (exit) */
		0x31, 0xff,			/* xor %edi, %edi */
		0x0f, 0x05,			/* syscall */
	};
	size_t ilen = interp ? strlen(interp) + 1 : 0;
	Elf64_Ehdr *e;
	Elf64_Phdr *p;

	b->p = NULL;
	b->len = 0;
	resize(b, CORPUS_OFF_INTERP + ilen);
	e = eh(b);
	memcpy(e->e_ident, ELFMAG, SELFMAG);
	e->e_ident[EI_CLASS] = ELFCLASS64;
	e->e_ident[EI_DATA] = ELFDATA2LSB;
	e->e_ident[EI_VERSION] = EV_CURRENT;
	e->e_ident[EI_OSABI] = ELFOSABI_SYSV;
	e->e_type = ET_EXEC;
	e->e_machine = EM_X86_64;
	e->e_version = EV_CURRENT;
	e->e_entry = CORPUS_BASE_VADDR + CORPUS_OFF_CODE;
	e->e_phoff = sizeof(Elf64_Ehdr);
	e->e_ehsize = sizeof(Elf64_Ehdr);
	e->e_phentsize = sizeof(Elf64_Phdr);
	e->e_phnum = interp ? 3 : 2;
	e->e_shentsize = sizeof(Elf64_Shdr);

	p = ph(b, 0);
	p->p_type = PT_LOAD;
	p->p_flags = PF_R | PF_X;
	p->p_offset = 0;
	p->p_vaddr = p->p_paddr = CORPUS_BASE_VADDR;
	p->p_filesz = p->p_memsz = b->len;
	p->p_align = 0x1000;

	p = ph(b, 1);
	p->p_type = PT_GNU_STACK;
	p->p_flags = PF_R | PF_W;
	p->p_align = 16;

	if (interp) {
		p = ph(b, 2);
		p->p_type = PT_INTERP;
		p->p_flags = PF_R;
		p->p_offset = CORPUS_OFF_INTERP;
		p->p_vaddr = p->p_paddr = CORPUS_BASE_VADDR + CORPUS_OFF_INTERP;
		p->p_filesz = p->p_memsz = ilen;
		p->p_align = 1;
		memcpy(b->p + CORPUS_OFF_INTERP, interp, ilen);
	}
	memcpy(b->p + CORPUS_OFF_CODE, code, sizeof code);
}

void corpus_set_machine(struct cbuf *b, uint16_t machine)
{
	eh(b)->e_machine = machine;
}

/* the valid image with a PT_INTERP naming DIR/rel */
static void interp_to(struct cbuf *b, const char *dir, const char *rel)
{
	char *p = path_in(dir, rel);

	corpus_base(b, p);
	free(p);
}

/* ---- valid images ---- */

static void c_valid_static(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
}

/* static-PIE style: ET_DYN at vaddr 0, no interpreter */
static void c_valid_et_dyn(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_type = ET_DYN;
	ph(b, 0)->p_vaddr = ph(b, 0)->p_paddr = 0;
	eh(b)->e_entry = CORPUS_OFF_CODE;
}

/* the largest table load_elf_phdrs accepts: 73 * 56 <= 4096 */
static void c_valid_73_phdrs(struct cbuf *b, const char *dir)
{
	size_t off;

	(void)dir;
	corpus_base(b, NULL);
	off = (b->len + 7) & ~(size_t)7;
	resize(b, off + 73 * sizeof(Elf64_Phdr));
	memcpy(b->p + off, b->p + eh(b)->e_phoff, 2 * sizeof(Elf64_Phdr));
	eh(b)->e_phoff = off;
	eh(b)->e_phnum = 73;	/* the other 71 are PT_NULL */
	ph(b, 0)->p_filesz = ph(b, 0)->p_memsz = b->len;
}

static void c_valid_interp(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, LDSO);
}

/* the kernel reads the first PT_INTERP only: a broken second one is ignored */
static void c_valid_first_interp_wins(struct cbuf *b, const char *dir)
{
	Elf64_Phdr *p;

	(void)dir;
	corpus_base(b, LDSO);
	eh(b)->e_phnum = 4;
	p = ph(b, 3);
	*p = *ph(b, 2);
	p->p_filesz = 1;	/* out of range if it were read */
}

/* the last PT_GNU_STACK wins: this one asks for an executable stack */
static void c_valid_gnu_stack_last_wins(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_phnum = 3;
	*ph(b, 2) = *ph(b, 1);
	ph(b, 2)->p_flags = PF_R | PF_W | PF_X;
}

/* an interpreter that is a plain static ET_DYN: its entry runs exit(0) */
static void c_valid_interp_et_dyn(struct cbuf *b, const char *dir)
{
	interp_to(b, dir, CORPUS_AUX_STATIC_DYN);
}

/* binfmt_elf never looks at e_ident[EI_VERSION], e_version, the section
 * header table or e_ehsize: the kernel runs these */
static void c_valid_ei_version_0(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_ident[EI_VERSION] = 0;
}

static void c_valid_e_version_0(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_version = 0;
}

static void c_valid_shoff_garbage(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_shoff = 0xdeadbeef000ULL;
	eh(b)->e_shnum = 7;
	eh(b)->e_shstrndx = 3;
}

static void c_valid_ehsize_0(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_ehsize = 0;
}

/* the program header table at an odd offset, after the code */
static void c_valid_phoff_unaligned(struct cbuf *b, const char *dir)
{
	size_t off;

	(void)dir;
	corpus_base(b, NULL);
	off = b->len + 1;
	resize(b, off + 2 * sizeof(Elf64_Phdr));
	memcpy(b->p + off, b->p + eh(b)->e_phoff, 2 * sizeof(Elf64_Phdr));
	memset(b->p + eh(b)->e_phoff, 0, 2 * sizeof(Elf64_Phdr));
	eh(b)->e_phoff = off;
	/* ph() would be misaligned: patch the copy bytewise */
	{
		Elf64_Phdr p0;

		memcpy(&p0, b->p + off, sizeof p0);
		p0.p_filesz = p0.p_memsz = b->len;
		memcpy(b->p + off, &p0, sizeof p0);
	}
}

/* ---- broken headers ---- */

static void c_empty(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	b->len = 0;
}

static void trunc_to(struct cbuf *b, size_t n)
{
	corpus_base(b, NULL);
	b->len = n;
}

static void c_trunc_3(struct cbuf *b, const char *dir) { (void)dir; trunc_to(b, 3); }
static void c_trunc_10(struct cbuf *b, const char *dir) { (void)dir; trunc_to(b, 10); }
static void c_trunc_40(struct cbuf *b, const char *dir) { (void)dir; trunc_to(b, 40); }
static void c_trunc_63(struct cbuf *b, const char *dir) { (void)dir; trunc_to(b, 63); }

static void c_bad_magic(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	b->p[EI_MAG3] = 'G';
}

static void set_ident(struct cbuf *b, int i, unsigned char v)
{
	corpus_base(b, NULL);
	b->p[i] = v;
}

static void c_class_32(struct cbuf *b, const char *dir) { (void)dir; set_ident(b, EI_CLASS, ELFCLASS32); }
static void c_class_7(struct cbuf *b, const char *dir) { (void)dir; set_ident(b, EI_CLASS, 7); }
static void c_class_none(struct cbuf *b, const char *dir) { (void)dir; set_ident(b, EI_CLASS, ELFCLASSNONE); }
static void c_data_msb(struct cbuf *b, const char *dir) { (void)dir; set_ident(b, EI_DATA, ELFDATA2MSB); }
static void c_data_none(struct cbuf *b, const char *dir) { (void)dir; set_ident(b, EI_DATA, ELFDATANONE); }

static void c_type_rel(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_type = ET_REL;
}

static void c_type_core(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_type = ET_CORE;
}

static void c_type_none(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_type = ET_NONE;
}

static void c_machine_386(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	corpus_set_machine(b, EM_386);
}

static void c_machine_aarch64(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	corpus_set_machine(b, EM_AARCH64);
}

static void c_phentsize_32(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_phentsize = sizeof(Elf32_Phdr);
}

static void c_phentsize_0(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_phentsize = 0;
}

static void c_phnum_0(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_phnum = 0;
}

/* 74 entries, all present in the file: too large all the same */
static void c_phnum_74(struct cbuf *b, const char *dir)
{
	c_valid_73_phdrs(b, dir);
	resize(b, b->len + sizeof(Elf64_Phdr));
	eh(b)->e_phnum = 74;
	ph(b, 0)->p_filesz = ph(b, 0)->p_memsz = b->len;
}

static void c_phnum_xnum(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_phnum = PN_XNUM;
}

static void c_phoff_past_eof(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_phoff = b->len - 8;
}

static void c_phoff_huge(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_phoff = 0xffffffffffffffc0ULL;	/* phoff + size wraps */
}

static void c_phnum_past_eof(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_phnum = 10;	/* 0x40 + 10 * 56 > file size 0x140 */
}

/* ---- broken PT_LOADs ---- */

static void c_load_filesz_gt_memsz(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	ph(b, 0)->p_memsz = ph(b, 0)->p_filesz - 1;
}

/* p_vaddr + p_memsz wraps around 2^64 */
static void c_load_memsz_overflow(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	ph(b, 0)->p_memsz = 0xfffffffffffff000ULL;
}

static void c_load_vaddr_past_task_size(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	ph(b, 0)->p_vaddr = ph(b, 0)->p_paddr = 0x800000000000ULL;
	eh(b)->e_entry = 0x800000000000ULL + CORPUS_OFF_CODE;
}

/* starts below TASK_SIZE, ends one page above it */
static void c_load_end_past_task_size(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	ph(b, 0)->p_vaddr = ph(b, 0)->p_paddr = CORPUS_TASK_SIZE - 0x1000;
	ph(b, 0)->p_memsz = 0x2000;
	eh(b)->e_entry = CORPUS_TASK_SIZE - 0x1000 + CORPUS_OFF_CODE;
}

/* ends exactly at TASK_SIZE: valid, and the kernel runs it */
static void c_load_end_at_task_size(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	ph(b, 0)->p_vaddr = ph(b, 0)->p_paddr = CORPUS_TASK_SIZE - 0x1000;
	ph(b, 0)->p_memsz = 0x1000;
	eh(b)->e_entry = CORPUS_TASK_SIZE - 0x1000 + CORPUS_OFF_CODE;
}

static void c_load_misaligned(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	ph(b, 0)->p_vaddr = ph(b, 0)->p_paddr = CORPUS_BASE_VADDR + 0x100;
	eh(b)->e_entry += 0x100;
}

static void c_load_offset_overflow(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	ph(b, 0)->p_offset = 0xfffffffffffff000ULL;	/* == p_vaddr mod 4096 */
	ph(b, 0)->p_filesz = ph(b, 0)->p_memsz = 0x2000;
}

/* a second PT_LOAD inside the first: [0x400100, 0x400140) */
static void c_load_overlap(struct cbuf *b, const char *dir)
{
	Elf64_Phdr *p;

	(void)dir;
	corpus_base(b, NULL);
	eh(b)->e_phnum = 3;
	p = ph(b, 2);
	*p = *ph(b, 0);
	p->p_flags = PF_R;
	p->p_offset = 0x100;
	p->p_vaddr = p->p_paddr = CORPUS_BASE_VADDR + 0x100;
	p->p_filesz = p->p_memsz = 0x40;
}

static void c_no_load(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, NULL);
	ph(b, 0)->p_type = PT_NOTE;
}

/* ---- broken PT_INTERP ---- */

static void c_interp_no_nul(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, LDSO);
	ph(b, 2)->p_filesz = strlen(LDSO);
}

static void c_interp_size_0(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, LDSO);
	ph(b, 2)->p_filesz = 0;
}

static void c_interp_size_1(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, LDSO);
	b->p[CORPUS_OFF_INTERP] = '\0';
	ph(b, 2)->p_filesz = 1;
}

/* 4096 'a' and a NUL, all in the file */
static void c_interp_size_4097(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, LDSO);
	resize(b, CORPUS_OFF_INTERP + 4097);
	memset(b->p + CORPUS_OFF_INTERP, 'a', 4096);
	b->p[CORPUS_OFF_INTERP + 4096] = '\0';
	ph(b, 2)->p_filesz = ph(b, 2)->p_memsz = 4097;
}

/* 4096 bytes is in range, but the name is too long to open */
static void c_interp_name_too_long(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, LDSO);
	resize(b, CORPUS_OFF_INTERP + 4096);
	b->p[CORPUS_OFF_INTERP] = '/';
	memset(b->p + CORPUS_OFF_INTERP + 1, 'a', 4094);
	b->p[CORPUS_OFF_INTERP + 4095] = '\0';
	ph(b, 2)->p_filesz = ph(b, 2)->p_memsz = 4096;
}

static void c_interp_beyond_eof(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, LDSO);
	ph(b, 2)->p_offset = b->len + 64;
}

static void c_interp_offset_overflow(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, LDSO);
	ph(b, 2)->p_offset = 0xfffffffffffffff8ULL;	/* offset + size wraps */
}

static void c_interp_missing(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, CORPUS_MISSING_INTERP);
}

static void c_interp_not_elf(struct cbuf *b, const char *dir) { interp_to(b, dir, CORPUS_AUX_NOT_ELF); }
static void c_interp_wrong_arch(struct cbuf *b, const char *dir) { interp_to(b, dir, CORPUS_AUX_AARCH64); }
static void c_interp_noexec(struct cbuf *b, const char *dir) { interp_to(b, dir, CORPUS_AUX_NOEXEC); }
static void c_interp_empty(struct cbuf *b, const char *dir) { interp_to(b, dir, CORPUS_AUX_EMPTY); }

static void c_interp_directory(struct cbuf *b, const char *dir)
{
	(void)dir;
	corpus_base(b, "/");
}

/*
 * status 0: valid; corpus.sh runs it natively and under vmload, both must
 * exit 0. status -1: not run by corpus.sh (unit test only): valid-interp and
 * valid-first-interp-wins name the real ld.so, which crashes (natively too)
 * on a program without PT_DYNAMIC; they are for the parser.
 *
 * vmload is deliberately stricter than the kernel in places: binfmt_elf
 * never looks at EI_CLASS or EI_DATA (a 64-bit kernel runs class-32,
 * class-7 and data-msb above as x86-64 code), PT_LOAD errors kill the
 * process after the point of no return instead of failing the exec, and
 * since mid-2025 mainline takes up to 64 KiB of program headers (1170), not
 * 4096 bytes (73): vmload follows 6.1 there (ELF_MAX_PHDRS).
 */
const struct corpus_case corpus_cases[] = {
	/* name                       build                        parse_err         status msg */
	{ "valid-static",              c_valid_static,              NULL, 0, "" },
	{ "valid-et-dyn",              c_valid_et_dyn,              NULL, 0, "" },
	{ "valid-73-phdrs",            c_valid_73_phdrs,            NULL, 0, "" },
	{ "valid-interp",              c_valid_interp,              NULL, -1, "" },
	{ "valid-first-interp-wins",   c_valid_first_interp_wins,   NULL, -1, "" },
	{ "valid-gnu-stack-last-wins", c_valid_gnu_stack_last_wins, NULL, 0, "" },
	{ "valid-interp-et-dyn",       c_valid_interp_et_dyn,       NULL, 0, "" },
	{ "valid-ei-version-0",        c_valid_ei_version_0,        NULL, 0, "" },
	{ "valid-e-version-0",         c_valid_e_version_0,         NULL, 0, "" },
	{ "valid-shoff-garbage",       c_valid_shoff_garbage,       NULL, 0, "" },
	{ "valid-ehsize-0",            c_valid_ehsize_0,            NULL, 0, "" },
	{ "valid-phoff-unaligned",     c_valid_phoff_unaligned,     NULL, 0, "" },
	{ "load-end-at-task-size",     c_load_end_at_task_size,     NULL, 0, "" },

	{ "empty",            c_empty,            "too short", 126, "too short" },
	{ "trunc-3",          c_trunc_3,          "too short", 126, "too short" },
	{ "trunc-10",         c_trunc_10,         "truncated ELF header (10 bytes)", 126, "truncated ELF header" },
	{ "trunc-40",         c_trunc_40,         "truncated ELF header (40 bytes)", 126, "truncated ELF header" },
	{ "trunc-63",         c_trunc_63,         "truncated ELF header (63 bytes)", 126, "truncated ELF header" },
	{ "bad-magic",        c_bad_magic,        "bad magic", 126, "bad magic" },
	{ "class-32",         c_class_32,         "ELFCLASS32", 126, "ELFCLASS32" },
	{ "class-7",          c_class_7,          "bad ELF class 7", 126, "bad ELF class 7" },
	{ "class-none",       c_class_none,       "bad ELF class 0", 126, "bad ELF class 0" },
	{ "data-msb",         c_data_msb,         "little-endian", 126, "little-endian" },
	{ "data-none",        c_data_none,        "little-endian", 126, "little-endian" },
	{ "type-rel",         c_type_rel,         "e_type 1", 126, "e_type 1" },
	{ "type-core",        c_type_core,        "e_type 4", 126, "e_type 4" },
	{ "type-none",        c_type_none,        "e_type 0", 126, "e_type 0" },
	{ "machine-386",      c_machine_386,      "e_machine 3,", 126, "e_machine 3," },
	{ "machine-aarch64",  c_machine_aarch64,  "e_machine 183", 126, "e_machine 183" },
	{ "phentsize-32",     c_phentsize_32,     "e_phentsize is 32", 126, "e_phentsize" },
	{ "phentsize-0",      c_phentsize_0,      "e_phentsize is 0", 126, "e_phentsize" },
	{ "phnum-0",          c_phnum_0,          "e_phnum 0", 126, "e_phnum 0" },
	{ "phnum-74",         c_phnum_74,         "too large (74 entries)", 126, "program header table too large" },
	{ "phnum-xnum",       c_phnum_xnum,       "too large (65535 entries)", 126, "program header table too large" },
	{ "phoff-past-eof",   c_phoff_past_eof,   "program headers beyond end of file", 126, "beyond end of file" },
	{ "phoff-huge",       c_phoff_huge,       "program headers beyond end of file", 126, "beyond end of file" },
	{ "phnum-past-eof",   c_phnum_past_eof,   "program headers beyond end of file", 126, "beyond end of file" },

	{ "load-filesz-gt-memsz",      c_load_filesz_gt_memsz,      "p_filesz", 126, "p_filesz" },
	{ "load-memsz-overflow",       c_load_memsz_overflow,       "TASK_SIZE", 126, "TASK_SIZE" },
	{ "load-vaddr-past-task-size", c_load_vaddr_past_task_size, "TASK_SIZE", 126, "TASK_SIZE" },
	{ "load-end-past-task-size",   c_load_end_past_task_size,   "TASK_SIZE", 126, "TASK_SIZE" },
	{ "load-misaligned",           c_load_misaligned,           "modulo the page size", 126, "modulo the page size" },
	{ "load-offset-overflow",      c_load_offset_overflow,      "file range overflows", 126, "overflows" },
	{ "load-overlap",              c_load_overlap,              "PT_LOAD 0 and PT_LOAD 2 overlap", 126, "overlap" },
	{ "no-load",                   c_no_load,                   "no PT_LOAD", 126, "no PT_LOAD" },

	{ "interp-no-nul",          c_interp_no_nul,          "not NUL-terminated", 126, "PT_INTERP is not NUL-terminated" },
	{ "interp-size-0",          c_interp_size_0,          "PT_INTERP size 0 ", 126, "PT_INTERP size 0 " },
	{ "interp-size-1",          c_interp_size_1,          "PT_INTERP size 1 ", 126, "PT_INTERP size 1 " },
	{ "interp-size-4097",       c_interp_size_4097,       "PT_INTERP size 4097", 126, "PT_INTERP size 4097" },
	{ "interp-beyond-eof",      c_interp_beyond_eof,      "PT_INTERP beyond end of file", 126, "PT_INTERP beyond end of file" },
	{ "interp-offset-overflow", c_interp_offset_overflow, "PT_INTERP beyond end of file", 126, "PT_INTERP beyond end of file" },
	{ "interp-name-too-long",   c_interp_name_too_long,   NULL, 126, "File name too long" },
	{ "interp-missing",         c_interp_missing,         NULL, 127, "interpreter " CORPUS_MISSING_INTERP ": No such file or directory" },
	{ "interp-not-elf",         c_interp_not_elf,         NULL, 126, "bad magic" },
	{ "interp-wrong-arch",      c_interp_wrong_arch,      NULL, 126, "e_machine 183" },
	{ "interp-noexec",          c_interp_noexec,          NULL, 126, "Permission denied" },
	{ "interp-empty",           c_interp_empty,           NULL, 126, "too short" },
	{ "interp-directory",       c_interp_directory,       NULL, 126, "interpreter /: " },
};
const size_t corpus_ncases = sizeof corpus_cases / sizeof corpus_cases[0];

void corpus_build(const struct corpus_case *c, const char *dir, struct cbuf *b)
{
	c->build(b, dir);
}

const struct corpus_case *corpus_find(const char *name)
{
	for (size_t i = 0; i < corpus_ncases; i++)
		if (!strcmp(corpus_cases[i].name, name))
			return &corpus_cases[i];
	return NULL;
}
