/*
 * stack.h - the initial process stack exactly as the kernel builds it
 * (fs/exec.c copy_strings + fs/binfmt_elf.c create_elf_tables; KERNEL-FACTS
 * §5). Pure: it writes into memory the caller names, so tests can use a
 * buffer standing in for guest addresses.
 */
#ifndef VMLOAD_STACK_H
#define VMLOAD_STACK_H

#include <stddef.h>
#include <stdint.h>

struct auxv_pair {
	uint64_t type, val;
};

#define STACK_MAX_AUX 32

struct stack_spec {
	int argc;
	char *const *argv;
	int envc;
	char *const *envp;
	const char *execfn;	/* AT_EXECFN string, pushed first */
	const char *platform;	/* AT_PLATFORM string: "x86_64" */
	uint8_t random[16];	/* AT_RANDOM bytes */
	struct auxv_pair aux[STACK_MAX_AUX]; /* without AT_NULL; AT_RANDOM,
						AT_EXECFN and AT_PLATFORM
						values are filled in */
	int naux;
	uint64_t top;		/* end of the stack VMA (guest address) */
	uint64_t jitter;	/* arch_align_stack() drop, 0..8191 */
	unsigned word;		/* bytes per argv/envp/auxv word: 8, or 4
				   for an ia32 program (0 means 8) */
};

struct stack_result {
	uint64_t sp;		/* address of argc: the entry stack pointer */
	uint64_t arg_start;	/* lowest string: argv[0] */
	uint64_t execfn, random, platform;
};

/* What the auxv says of the image itself. */
struct stack_image {
	uint64_t phdr, phent, phnum;	/* AT_PHDR, AT_PHENT, AT_PHNUM */
	uint64_t base, entry;		/* AT_BASE (0: no interpreter), AT_ENTRY */
};
/*
 * Append to s->aux, after what the caller put first (the architecture's
 * AT_SYSINFO/AT_SYSINFO_EHDR), every other entry in create_elf_tables'
 * order, from AT_MINSIGSTKSZ to the rseq ones; sets s->naux. AT_RANDOM,
 * AT_EXECFN and AT_PLATFORM get their values from stack_build.
 */
void stack_aux_tail(struct stack_spec *s, int n, const struct stack_image *im);

/* Bytes the strings and tables need (a bound), for -E2BIG decisions. */
size_t stack_size_needed(const struct stack_spec *s);
/*
 * Build it. mem is where guest address `top` corresponds (one past the
 * last byte); [top - cap, top) must be writable. 0, or -7 (E2BIG).
 */
int stack_build(const struct stack_spec *s, unsigned char *mem, size_t cap,
		struct stack_result *out);

#endif
