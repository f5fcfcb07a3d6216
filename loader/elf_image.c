/*
 * elf_image.c - ELF validation with libelf (gelf), one check per condition.
 */
#include "elf_image.h"

#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE 4096UL
#define IA32_TASK_SIZE 0xFFFFE000UL /* IA32_PAGE_OFFSET */
#define PATH_MAX_ 4096

struct src {
	int fd;
	const unsigned char *mem;
	size_t size;
};

/* Read exactly len bytes at off; -1 when they are not all in the file. */
static int src_read(const struct src *s, uint64_t off, void *dst, size_t len)
{
	if (off > s->size || len > s->size - off)
		return -1;
	if (s->mem) {
		memcpy(dst, s->mem + off, len);
		return 0;
	}
	return pread(s->fd, dst, len, (off_t)off) == (ssize_t)len ? 0 : -1;
}

int elf_image_is_elf(const void *buf, size_t len)
{
	return len >= 4 && !memcmp(buf, ELFMAG, SELFMAG);
}

static const char *type_name(int t)
{
	switch (t) {
	case ET_NONE: return "no file type";
	case ET_REL: return "a relocatable object";
	case ET_CORE: return "a core file";
	default: return "of an unknown type";
	}
}

/* The ELF header's size for a class: 64 bytes, or 52 for ELFCLASS32. */
static size_t ehdr_size(unsigned char cls)
{
	return cls == ELFCLASS32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
}

/* e_ident checks that come before libelf sees the file. */
static int check_ident(const unsigned char *id, size_t have, uint64_t size,
		       char *err, size_t cap)
{
	if (have < SELFMAG) {
		snprintf(err, cap, "file too short to be an executable (%llu bytes)",
			 (unsigned long long)size);
		return -1;
	}
	if (memcmp(id, ELFMAG, SELFMAG)) {
		snprintf(err, cap, "not an ELF executable (bad magic)");
		return -1;
	}
	if (have < EI_NIDENT) {
		snprintf(err, cap, "truncated ELF header (%llu bytes)",
			 (unsigned long long)size);
		return -1;
	}
	if (id[EI_CLASS] != ELFCLASS64 && id[EI_CLASS] != ELFCLASS32) {
		snprintf(err, cap, "bad ELF class %u", id[EI_CLASS]);
		return -1;
	}
	if (size < ehdr_size(id[EI_CLASS])) {
		snprintf(err, cap, "truncated ELF header (%llu bytes): "
			 "ELFCLASS%d needs %zu", (unsigned long long)size,
			 id[EI_CLASS] == ELFCLASS32 ? 32 : 64,
			 ehdr_size(id[EI_CLASS]));
		return -1;
	}
	if (id[EI_DATA] != ELFDATA2LSB) {
		snprintf(err, cap, "not a little-endian ELF file (EI_DATA %u)",
			 id[EI_DATA]);
		return -1;
	}
	return 0;
}

static int check_ehdr(struct elf_image *img, const GElf_Ehdr *eh,
		      uint64_t size, char *err, size_t cap)
{
	size_t phent = img->class32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);

	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
		snprintf(err, cap, "not an executable: e_type %u (%s)",
			 eh->e_type, type_name(eh->e_type));
		return -1;
	}
	if (!img->class32 && eh->e_machine != EM_X86_64) {
		snprintf(err, cap, "wrong machine: e_machine %u, expected %u (x86-64)",
			 eh->e_machine, EM_X86_64);
		return -1;
	}
	/* the compat elf_check_arch: EM_386 or EM_486 */
	if (img->class32 && eh->e_machine != EM_386 && eh->e_machine != 6) {
		snprintf(err, cap, "wrong machine for an ELFCLASS32 file: e_machine "
			 "%u, expected %u (i386)", eh->e_machine, EM_386);
		return -1;
	}
	if (eh->e_phentsize != phent) {
		snprintf(err, cap, "e_phentsize is %u, expected %zu",
			 eh->e_phentsize, phent);
		return -1;
	}
	if (eh->e_phnum == 0) {
		snprintf(err, cap, "no program headers (e_phnum 0)");
		return -1;
	}
	if ((uint64_t)eh->e_phnum * phent > PAGE) {
		snprintf(err, cap, "program header table too large (%u entries)",
			 eh->e_phnum);
		return -1;
	}
	if (eh->e_phoff > size ||
	    (uint64_t)eh->e_phnum * phent > size - eh->e_phoff) {
		snprintf(err, cap, "program headers beyond end of file "
				   "(e_phoff %#llx, file size %llu)",
			 (unsigned long long)eh->e_phoff,
			 (unsigned long long)size);
		return -1;
	}
	img->type = eh->e_type;
	img->entry = eh->e_entry;
	img->phoff = eh->e_phoff;
	img->phnum = eh->e_phnum;
	return 0;
}

static int read_interp(struct elf_image *img, const struct src *s,
		       const GElf_Phdr *ph, char *err, size_t cap)
{
	char *p;

	if (ph->p_filesz < 2 || ph->p_filesz > PATH_MAX_) {
		snprintf(err, cap, "PT_INTERP size %llu out of range [2, %d]",
			 (unsigned long long)ph->p_filesz, PATH_MAX_);
		return -1;
	}
	p = malloc(ph->p_filesz);
	if (!p) {
		snprintf(err, cap, "out of memory");
		return -1;
	}
	if (src_read(s, ph->p_offset, p, ph->p_filesz) < 0) {
		snprintf(err, cap, "PT_INTERP beyond end of file");
		free(p);
		return -1;
	}
	if (p[ph->p_filesz - 1] != '\0') {
		snprintf(err, cap, "PT_INTERP is not NUL-terminated");
		free(p);
		return -1;
	}
	img->interp = p;
	return 0;
}

static int check_load(const GElf_Phdr *ph, int i, uint64_t task_size,
		      char *err, size_t cap)
{
	if (ph->p_filesz > ph->p_memsz) {
		snprintf(err, cap, "PT_LOAD %d: p_filesz %#llx > p_memsz %#llx", i,
			 (unsigned long long)ph->p_filesz,
			 (unsigned long long)ph->p_memsz);
		return -1;
	}
	if (ph->p_vaddr >= task_size || ph->p_memsz > task_size ||
	    task_size - ph->p_memsz < ph->p_vaddr) {
		snprintf(err, cap, "PT_LOAD %d: [%#llx, +%#llx) does not fit below "
				   "TASK_SIZE %#llx", i,
			 (unsigned long long)ph->p_vaddr,
			 (unsigned long long)ph->p_memsz,
			 (unsigned long long)task_size);
		return -1;
	}
	if ((ph->p_offset - ph->p_vaddr) & (PAGE - 1)) {
		snprintf(err, cap, "PT_LOAD %d: p_offset %#llx and p_vaddr %#llx "
				   "differ modulo the page size", i,
			 (unsigned long long)ph->p_offset,
			 (unsigned long long)ph->p_vaddr);
		return -1;
	}
	if (ph->p_offset + ph->p_filesz < ph->p_offset) {
		snprintf(err, cap, "PT_LOAD %d: file range overflows", i);
		return -1;
	}
	return 0;
}

static int check_overlaps(const struct elf_image *img, char *err, size_t cap)
{
	for (int i = 0; i < img->phnum; i++) {
		const GElf_Phdr *a = &img->phdr[i];

		if (a->p_type != PT_LOAD || a->p_memsz == 0)
			continue;
		for (int j = i + 1; j < img->phnum; j++) {
			const GElf_Phdr *b = &img->phdr[j];

			if (b->p_type != PT_LOAD || b->p_memsz == 0)
				continue;
			if (a->p_vaddr < b->p_vaddr + b->p_memsz &&
			    b->p_vaddr < a->p_vaddr + a->p_memsz) {
				snprintf(err, cap, "PT_LOAD %d and PT_LOAD %d overlap",
					 i, j);
				return -1;
			}
		}
	}
	return 0;
}

static int scan_phdrs(struct elf_image *img, Elf *e, const struct src *s,
		      uint64_t task_size, char *err, size_t cap)
{
	int have_interp = 0;

	img->exec_stack = EXSTACK_DEFAULT;
	for (int i = 0; i < img->phnum; i++) {
		GElf_Phdr *ph = &img->phdr[i];

		if (!gelf_getphdr(e, i, ph)) {
			snprintf(err, cap, "cannot read program header %d: %s", i,
				 elf_errmsg(-1));
			return -1;
		}
		switch (ph->p_type) {
		case PT_INTERP:
			if (!have_interp && read_interp(img, s, ph, err, cap) < 0)
				return -1;
			have_interp = 1;
			break;
		case PT_GNU_STACK:
			img->exec_stack = (ph->p_flags & PF_X) ? EXSTACK_ENABLE_X
							       : EXSTACK_DISABLE_X;
			break;
		case PT_LOAD:
			if (check_load(ph, i, task_size, err, cap) < 0)
				return -1;
			img->nload++;
			if (ph->p_align && !(ph->p_align & (ph->p_align - 1)) &&
			    ph->p_align > img->max_align)
				img->max_align = ph->p_align;
			break;
		default:
			break;
		}
	}
	if (img->nload == 0) {
		snprintf(err, cap, "no PT_LOAD segment");
		return -1;
	}
	return check_overlaps(img, err, cap);
}

static int parse(struct elf_image *img, Elf *e, const struct src *s,
		 uint64_t task_size, char *err, size_t cap)
{
	unsigned char id[EI_NIDENT];
	size_t have = s->size < EI_NIDENT ? s->size : EI_NIDENT;
	GElf_Ehdr eh;

	if (src_read(s, 0, id, have) < 0) {
		snprintf(err, cap, "cannot read the ELF header");
		return -1;
	}
	if (check_ident(id, have, s->size, err, cap) < 0)
		return -1;
	img->class32 = id[EI_CLASS] == ELFCLASS32;
	if (img->class32 && task_size > IA32_TASK_SIZE)
		task_size = IA32_TASK_SIZE;
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh)) {
		snprintf(err, cap, "malformed ELF header: %s", elf_errmsg(-1));
		return -1;
	}
	if (check_ehdr(img, &eh, s->size, err, cap) < 0)
		return -1;
	return scan_phdrs(img, e, s, task_size, err, cap);
}

/*
 * libelf refuses a file whose EI_VERSION is not EV_CURRENT; the kernel never
 * looks at it. Such a file is handed to libelf as a copy of its headers with
 * that byte set right (everything else is still read through src).
 */
static Elf *open_patched(const struct src *s, unsigned char **copy)
{
	Elf64_Ehdr eh;
	size_t len = sizeof eh;

	*copy = NULL;
	if (src_read(s, 0, &eh, sizeof eh) < 0 || eh.e_ident[EI_VERSION] == EV_CURRENT)
		return NULL;
	if (eh.e_phoff <= s->size && eh.e_phentsize == sizeof(Elf64_Phdr) &&
	    eh.e_phnum * sizeof(Elf64_Phdr) <= PAGE &&
	    eh.e_phnum * sizeof(Elf64_Phdr) <= s->size - eh.e_phoff)
		len = eh.e_phoff + eh.e_phnum * sizeof(Elf64_Phdr);
	if (len < sizeof eh)
		len = sizeof eh;
	*copy = calloc(1, len);
	if (!*copy || src_read(s, 0, *copy, len < s->size ? len : s->size) < 0)
		return NULL;
	(*copy)[EI_VERSION] = EV_CURRENT;
	return elf_memory((char *)*copy, len);
}

static int parse_src(struct elf_image *img, const struct src *s, Elf *e,
		     uint64_t task_size, char *err, size_t cap)
{
	unsigned char *copy = NULL;
	int r;

	if (s->size >= sizeof(Elf64_Ehdr) && (!e || elf_kind(e) != ELF_K_ELF)) {
		Elf *p = open_patched(s, &copy);

		if (p) {
			if (e)
				elf_end(e);
			e = p;
		}
	}

	img->fd = s->fd;
	img->file_size = s->size;
	img->interp = NULL;
	img->nload = 0;
	img->max_align = 0;
	r = parse(img, e, s, task_size, err, cap);
	if (e)
		elf_end(e);
	free(copy);
	if (r < 0)
		elf_image_free(img);
	return r;
}

int elf_image_parse_mem(struct elf_image *img, const void *buf, size_t len,
			uint64_t task_size, char *err, size_t errcap)
{
	struct src s = { -1, buf, len };
	Elf *e = NULL;

	elf_version(EV_CURRENT);
	if (len >= sizeof(Elf32_Ehdr))	/* shorter: check_ident says so */
		e = elf_memory((char *)buf, len);
	return parse_src(img, &s, e, task_size, err, errcap);
}

int elf_image_parse_fd(struct elf_image *img, int fd, uint64_t task_size,
		       char *err, size_t errcap)
{
	struct stat st;
	struct src s = { fd, NULL, 0 };
	Elf *e = NULL;

	if (fstat(fd, &st) < 0) {
		snprintf(err, errcap, "cannot stat");
		return -1;
	}
	s.size = (size_t)st.st_size;
	elf_version(EV_CURRENT);
	if (s.size >= sizeof(Elf32_Ehdr))	/* shorter: check_ident says so */
		e = elf_begin(fd, ELF_C_READ, NULL);
	return parse_src(img, &s, e, task_size, err, errcap);
}

void elf_image_free(struct elf_image *img)
{
	free(img->interp);
	img->interp = NULL;
}
