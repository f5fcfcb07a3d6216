/*
 * map_object.c - reserve, then overlay: the first PT_LOAD is mapped with the
 * whole image's size (reserving the span, as elf_map does with total_size)
 * and its tail trimmed; later PT_LOADs are overlaid with MAP_FIXED; each bss
 * gets its partial page zeroed and anonymous memory for the rest.
 */
#include "map_object.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "vmload/mman.h"

#define PAGE VML_PAGE
#define PSTART(x) VML_PAGE_START(x)
#define PALIGN(x) VML_PAGE_ALIGN(x)
#define POFF(x) ((x) & (PAGE - 1))

static int seg_prot(const GElf_Phdr *ph)
{
	return ((ph->p_flags & PF_R) ? PROT_READ : 0) |
	       ((ph->p_flags & PF_W) ? PROT_WRITE : 0) |
	       ((ph->p_flags & PF_X) ? PROT_EXEC : 0);
}

/* total_mapping_size: from the first PT_LOAD's page to the highest end. */
static uint64_t total_size(const struct elf_image *img)
{
	uint64_t lo = UINT64_MAX, hi = 0;

	for (int i = 0; i < img->phnum; i++) {
		const GElf_Phdr *ph = &img->phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		if (PSTART(ph->p_vaddr) < lo)
			lo = PSTART(ph->p_vaddr);
		if (ph->p_vaddr + ph->p_memsz > hi)
			hi = ph->p_vaddr + ph->p_memsz;
	}
	return hi - lo;
}

/* elf_load's bss: zero the tail of the last file page, then anonymous
 * memory (rw, +x if the segment is executable) up to p_memsz. */
static int map_bss(const GElf_Phdr *ph, uint64_t addr, char *err, size_t cap)
{
	uint64_t zero_start = addr + ph->p_filesz;
	uint64_t zero_end = addr + ph->p_memsz;
	long r;

	if (ph->p_memsz <= ph->p_filesz)
		return 0;
	if (ph->p_filesz == 0)
		zero_start = PSTART(addr);
	else if (POFF(zero_start) && (ph->p_flags & PF_W))
		memset((void *)zero_start, 0, PAGE - POFF(zero_start));
	if (PALIGN(zero_start) >= PALIGN(zero_end))
		return 0;
	r = mman_map(PALIGN(zero_start), PALIGN(zero_end) - PALIGN(zero_start),
		     PROT_READ | PROT_WRITE | ((ph->p_flags & PF_X) ? PROT_EXEC : 0),
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (r < 0) {
		snprintf(err, cap, "cannot map bss at %#llx: %s",
			 (unsigned long long)PALIGN(zero_start), strerror((int)-r));
		return -1;
	}
	return 0;
}

/* The bias before mapping, and whether the first segment is placed fixed. */
static uint64_t initial_bias(const struct elf_image *img,
			     const struct vml_layout *l, enum map_role role,
			     const GElf_Phdr *first, int *fixed)
{
	uint64_t bias = 0;

	*fixed = img->type == ET_EXEC;
	if (img->type == ET_DYN && role == MAP_ROLE_MAIN &&
	    (img->interp || l->et_dyn_base_all)) {
		uint64_t align = PALIGN(img->max_align ? img->max_align : PAGE);

		bias = l->et_dyn_base + l->pie_rnd;
		bias &= ~(align - 1);
		bias = PSTART(bias - first->p_vaddr);
		*fixed = 1;
	}
	return bias;
}

static int map_first(const struct elf_image *img, const GElf_Phdr *ph,
		     uint64_t *bias, int fixed, int exec_type, char *err,
		     size_t cap)
{
	uint64_t total = PALIGN(total_size(img));
	uint64_t want = PSTART(*bias + ph->p_vaddr);
	uint64_t seg = PALIGN(ph->p_filesz + POFF(ph->p_vaddr));
	int flags = MAP_PRIVATE | (fixed ? MAP_FIXED_NOREPLACE : 0);
	long r;

	(void)exec_type;
	if (ph->p_filesz == 0)
		r = mman_map(want, total, PROT_NONE, flags | MAP_ANONYMOUS, -1, 0);
	else
		r = mman_map(want, total, seg_prot(ph), flags, img->fd,
			     ph->p_offset - POFF(ph->p_vaddr));
	if (r < 0) {
		snprintf(err, cap, "cannot map the image at %#llx (%#llx bytes): %s",
			 (unsigned long long)want, (unsigned long long)total,
			 strerror((int)-r));
		return -1;
	}
	/* the reservation beyond this segment goes; later segments overlay */
	if (total > seg)
		mman_unmap((uint64_t)r + seg, total - seg);
	*bias += (uint64_t)r - want;
	return 0;
}

static int map_later(const struct elf_image *img, const GElf_Phdr *ph,
		     uint64_t bias, char *err, size_t cap)
{
	uint64_t addr = PSTART(bias + ph->p_vaddr);
	uint64_t len = PALIGN(ph->p_filesz + POFF(ph->p_vaddr));
	long r;

	if (ph->p_filesz == 0)
		return 0;
	r = mman_map(addr, len, seg_prot(ph), MAP_PRIVATE | MAP_FIXED, img->fd,
		     ph->p_offset - POFF(ph->p_vaddr));
	if (r < 0) {
		snprintf(err, cap, "cannot map segment at %#llx: %s",
			 (unsigned long long)addr, strerror((int)-r));
		return -1;
	}
	return 0;
}

static void account(const struct elf_image *img, const GElf_Phdr *ph,
		    uint64_t bias, struct mapped *out)
{
	if (img->phoff >= ph->p_offset &&
	    img->phoff - ph->p_offset < ph->p_filesz)
		out->phdr = img->phoff - ph->p_offset + ph->p_vaddr + bias;
	if (ph->p_vaddr + bias > out->start_data)
		out->start_data = ph->p_vaddr + bias;
	if (ph->p_vaddr + ph->p_filesz + bias > out->end_data)
		out->end_data = ph->p_vaddr + ph->p_filesz + bias;
	if (ph->p_vaddr + ph->p_memsz + bias > out->elf_brk)
		out->elf_brk = ph->p_vaddr + ph->p_memsz + bias;
}

int map_object(const struct elf_image *img, const struct vml_layout *l,
	       enum map_role role, struct mapped *out, char *err, size_t cap)
{
	uint64_t bias = 0;
	int first = 1, fixed = 0;

	memset(out, 0, sizeof *out);
	for (int i = 0; i < img->phnum; i++) {
		const GElf_Phdr *ph = &img->phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		if (first) {
			bias = initial_bias(img, l, role, ph, &fixed);
			if (map_first(img, ph, &bias, fixed, img->type, err, cap) < 0)
				return -1;
			out->base = PSTART(bias + ph->p_vaddr);
			first = 0;
		} else if (map_later(img, ph, bias, err, cap) < 0) {
			return -1;
		}
		if (map_bss(ph, bias + ph->p_vaddr, err, cap) < 0)
			return -1;
		account(img, ph, bias, out);
	}
	if (!out->phdr)
		out->phdr = bias; /* no segment holds the phdrs: 0 + load_bias */
	out->load_bias = bias;
	out->entry = img->entry + bias;
	if (out->entry >= l->task_size) {
		snprintf(err, cap, "entry point %#llx outside the address space",
			 (unsigned long long)out->entry);
		return -1;
	}
	return 0;
}
