/*
 * symbolize.c - function names for guest addresses from the guest's ELF
 * files (symbolize.h). Terminal path only: libc, malloc and libelf.
 */
#include "symbolize.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE_START(x) ((x) & ~(uint64_t)4095)

struct sym {
	uint64_t value, size;	/* link-time */
	const char *name;	/* in the ELF's string table */
	int rank;		/* among aliases: lower is preferred */
};

struct symbolize_obj {
	char *path;
	int fd;
	Elf *elf;
	uintptr_t bias;
	uint64_t lo, hi;	/* link-time span of the PT_LOADs */
	int class32;		/* ELFCLASS32 (EM_386), else ELFCLASS64 */
	int loaded;		/* symbols read (or found missing) */
	struct sym *syms;	/* function symbols, by value */
	size_t nsyms;
};

/* The PT_LOAD that maps file offset pgoff gives the bias; every PT_LOAD
 * widens the span. -1 when none maps pgoff. */
static int scan_phdrs(struct symbolize_obj *o, uintptr_t vma_start,
		      uint64_t pgoff)
{
	size_t n;
	int found = 0;

	if (elf_getphdrnum(o->elf, &n) != 0)
		return -1;
	o->lo = UINT64_MAX;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(o->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (PAGE_START(ph.p_vaddr) < o->lo)
			o->lo = PAGE_START(ph.p_vaddr);
		if (ph.p_vaddr + ph.p_memsz > o->hi)
			o->hi = ph.p_vaddr + ph.p_memsz;
		if (found || ph.p_filesz == 0 || pgoff < PAGE_START(ph.p_offset) ||
		    pgoff >= ph.p_offset + ph.p_filesz)
			continue;
		o->bias = vma_start - pgoff - (uintptr_t)(ph.p_vaddr - ph.p_offset);
		found = 1;
	}
	return found && o->lo < o->hi ? 0 : -1;
}

struct symbolize_obj *symbolize_open(const char *path, uintptr_t vma_start,
				     uint64_t pgoff)
{
	struct symbolize_obj *o = calloc(1, sizeof *o);
	GElf_Ehdr eh;

	if (!o)
		return NULL;
	elf_version(EV_CURRENT);
	o->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (o->fd < 0)
		goto out_free;
	o->elf = elf_begin(o->fd, ELF_C_READ_MMAP, NULL);
	if (!o->elf || elf_kind(o->elf) != ELF_K_ELF)
		goto out_close;
	if (!gelf_getehdr(o->elf, &eh))
		goto out_close;
	/* an x86-64 object, or an i386 one (a 32-bit guest's, DESIGN D12) */
	o->class32 = eh.e_ident[EI_CLASS] == ELFCLASS32;
	if (o->class32 ? eh.e_machine != EM_386 :
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64)
		goto out_close;
	if (scan_phdrs(o, vma_start, pgoff) < 0)
		goto out_close;
	o->path = strdup(path);
	if (!o->path)
		goto out_close;
	return o;
out_close:
	if (o->elf)
		elf_end(o->elf);
	close(o->fd);
out_free:
	free(o);
	return NULL;
}

void symbolize_close(struct symbolize_obj *o)
{
	if (!o)
		return;
	free(o->syms);
	free(o->path);
	elf_end(o->elf);
	close(o->fd);
	free(o);
}

const char *symbolize_path(const struct symbolize_obj *o)
{
	return o->path;
}

uintptr_t symbolize_bias(const struct symbolize_obj *o)
{
	return o->bias;
}

int symbolize_is32(const struct symbolize_obj *o)
{
	return o->class32;
}

int symbolize_contains(const struct symbolize_obj *o, uintptr_t addr)
{
	uint64_t a = addr - o->bias;

	return a >= o->lo && a < o->hi;
}

/* Aliases at one address: a sized symbol first, then the name with fewer
 * leading underscores (the public puts before _IO_puts), then a global
 * one. */
static int alias_rank(const GElf_Sym *s, const char *name)
{
	int r = 0;

	if (s->st_size == 0)
		r += 1000;
	while (*name++ == '_')
		r += 10;
	if (GELF_ST_BIND(s->st_info) != STB_GLOBAL)
		r++;
	return r;
}

static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (strlen(x->name) != strlen(y->name))	/* fileno, not fileno_unlocked */
		return strlen(x->name) < strlen(y->name) ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Append the function symbols of one symbol table section. */
static int read_table(struct symbolize_obj *o, Elf_Scn *scn,
		      const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;
	struct sym *v;

	if (!d || n == 0)
		return 0;
	v = realloc(o->syms, (o->nsyms + n) * sizeof *v);
	if (!v)
		return -1;
	o->syms = v;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym s;
		const char *name;
		int type;

		if (!gelf_getsym(d, (int)i, &s))
			break;
		type = GELF_ST_TYPE(s.st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
		    s.st_shndx == SHN_UNDEF || s.st_value == 0)
			continue;
		name = elf_strptr(o->elf, sh->sh_link, s.st_name);
		if (!name || !*name)
			continue;
		v[o->nsyms].value = s.st_value;
		v[o->nsyms].size = s.st_size;
		v[o->nsyms].name = name;
		v[o->nsyms].rank = alias_rank(&s, name);
		o->nsyms++;
	}
	return 0;
}

/* .symtab when it has functions, else .dynsym. */
static void load_symbols(struct symbolize_obj *o)
{
	static const unsigned types[] = { SHT_SYMTAB, SHT_DYNSYM };

	o->loaded = 1;
	for (size_t t = 0; t < 2 && o->nsyms == 0; t++) {
		Elf_Scn *scn = NULL;
		GElf_Shdr sh;

		while ((scn = elf_nextscn(o->elf, scn)))
			if (gelf_getshdr(scn, &sh) && sh.sh_type == types[t] &&
			    read_table(o, scn, &sh) < 0)
				return;
	}
	if (o->nsyms)
		qsort(o->syms, o->nsyms, sizeof *o->syms, sym_cmp);
}

const char *symbolize_addr(struct symbolize_obj *o, uintptr_t addr,
			   uintptr_t *off)
{
	uint64_t a = addr - o->bias;
	size_t lo = 0, hi;
	const struct sym *s;

	if (!o->loaded)
		load_symbols(o);
	/* the last symbol at or below a, then the first of its aliases */
	hi = o->nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->syms[mid].value <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	s = &o->syms[lo - 1];
	while (s > o->syms && s[-1].value == s->value)
		s--;
	/* past a sized symbol's end: some function without a symbol */
	if (s->size && a >= s->value + s->size)
		return NULL;
	*off = (uintptr_t)(a - s->value);
	return s->name;
}
