/*
 * stack.c - strings, AT_RANDOM, platform, argc/argv/envp/auxv, laid out as
 * create_elf_tables does, with the kernel's 16-byte alignment.
 */
#include "stack.h"

#include <linux/errno.h>
#include <elf.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static size_t strings_size(int n, char *const *v)
{
	size_t sz = 0;

	for (int i = 0; i < n; i++)
		sz += strlen(v[i]) + 1;
	return sz;
}

size_t stack_size_needed(const struct stack_spec *s)
{
	size_t words = (size_t)s->argc + (size_t)s->envc + 3 +
		       2 * ((size_t)s->naux + 1);

	return 8 + strlen(s->execfn) + 1 + strings_size(s->argc, s->argv) +
	       strings_size(s->envc, s->envp) + 8192 + 16 +
	       strlen(s->platform) + 1 + 16 + words * 8 + 16;
}

struct writer {
	unsigned char *mem;	/* host address of guest `top` */
	uint64_t top;
	unsigned word;		/* 8, or 4 (ia32) */
};

static void put(const struct writer *w, uint64_t addr, const void *src,
		size_t len)
{
	memcpy(w->mem - (w->top - addr), src, len);
}

static void put_word(const struct writer *w, uint64_t addr, uint64_t v)
{
	uint32_t v32 = (uint32_t)v;

	if (w->word == 4)
		put(w, addr, &v32, sizeof v32);
	else
		put(w, addr, &v, sizeof v);
}

/* Push a block of strings ending at `end`, in natural ascending order;
 * record each string's address in addrs. Returns the block start. */
static uint64_t push_strings(const struct writer *w, uint64_t end, int n,
			     char *const *v, uint64_t *addrs)
{
	uint64_t p = end - strings_size(n, v);
	uint64_t cur = p;

	for (int i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;

		put(w, cur, v[i], len);
		if (addrs)
			addrs[i] = cur;
		cur += len;
	}
	return p;
}

static void fill_aux(struct stack_spec *s, const struct stack_result *r)
{
	for (int i = 0; i < s->naux; i++) {
		switch (s->aux[i].type) {
		case AT_RANDOM: s->aux[i].val = r->random; break;
		case AT_EXECFN: s->aux[i].val = r->execfn; break;
		case AT_PLATFORM: s->aux[i].val = r->platform; break;
		default: break;
		}
	}
}

int stack_build(const struct stack_spec *spec, unsigned char *mem, size_t cap,
		struct stack_result *out)
{
	struct stack_spec s = *spec;
	unsigned ws = s.word == 4 ? 4 : 8;
	struct writer w = { mem, s.top, ws };
	uint64_t argp[s.argc + 1], envpp[s.envc + 1];
	char *const fn[1] = { (char *)s.execfn };
	uint64_t p, sp, items;
	size_t plat = strlen(s.platform) + 1;

	if (stack_size_needed(&s) > cap)
		return -E2BIG;
	/* bprm->p starts one pointer below the top: filename, env, args */
	p = push_strings(&w, s.top - 8, 1, fn, &out->execfn);
	p = push_strings(&w, p, s.envc, s.envp, envpp);
	p = push_strings(&w, p, s.argc, s.argv, argp);
	out->arg_start = p;

	p = (p - s.jitter) & ~15ULL;	/* arch_align_stack */
	p -= plat;
	put(&w, p, s.platform, plat);
	out->platform = p;
	p -= 16;
	put(&w, p, s.random, 16);
	out->random = p;

	fill_aux(&s, out);
	sp = p - ws * 2 * ((uint64_t)s.naux + 1);
	items = (uint64_t)s.argc + 1 + (uint64_t)s.envc + 1 + 1;
	sp = (sp - items * ws) & ~15ULL;
	out->sp = sp;

	put_word(&w, sp, (uint64_t)s.argc);
	sp += ws;
	for (int i = 0; i < s.argc; i++, sp += ws)
		put_word(&w, sp, argp[i]);
	put_word(&w, sp, 0);
	sp += ws;
	for (int i = 0; i < s.envc; i++, sp += ws)
		put_word(&w, sp, envpp[i]);
	put_word(&w, sp, 0);
	sp += ws;
	for (int i = 0; i < s.naux; i++, sp += 2 * ws) {
		put_word(&w, sp, s.aux[i].type);
		put_word(&w, sp + ws, s.aux[i].val);
	}
	put_word(&w, sp, AT_NULL);
	put_word(&w, sp + ws, 0);
	return 0;
}

void stack_aux_tail(struct stack_spec *s, int n, const struct stack_image *im)
{
	struct auxv_pair *a = s->aux;

#define AUX(t, v) (a[n].type = (t), a[n].val = (uint64_t)(v), n++)
	AUX(AT_MINSIGSTKSZ, getauxval(AT_MINSIGSTKSZ));
	AUX(AT_HWCAP, getauxval(AT_HWCAP));
	AUX(AT_PAGESZ, 4096);
	AUX(AT_CLKTCK, getauxval(AT_CLKTCK));
	AUX(AT_PHDR, im->phdr);
	AUX(AT_PHENT, im->phent);
	AUX(AT_PHNUM, im->phnum);
	AUX(AT_BASE, im->base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, im->entry);
	AUX(AT_UID, getuid());
	AUX(AT_EUID, geteuid());
	AUX(AT_GID, getgid());
	AUX(AT_EGID, getegid());
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, 0);
	AUX(AT_HWCAP2, getauxval(AT_HWCAP2));
	AUX(AT_EXECFN, 0);
	AUX(AT_PLATFORM, 0);
	if (getauxval(27))
		AUX(27 /* AT_RSEQ_FEATURE_SIZE */, getauxval(27));
	if (getauxval(28))
		AUX(28 /* AT_RSEQ_ALIGN */, getauxval(28));
#undef AUX
	s->naux = n;
}
