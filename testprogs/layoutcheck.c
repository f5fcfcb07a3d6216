/*
 * layoutcheck.c - a guest that inspects its own address space and compares
 * every number with what the Linux kernel would have produced for the
 * configuration named in its environment:
 *
 *   VMLOAD_ASPACE = 3g | 4g | 47        (default 47)
 *   VMLOAD_LAYOUT = legacy | topdown    (default topdown)
 *   VMLOAD_STACK  = 8M, 1G, unlimited.. (default: getrlimit(RLIMIT_STACK))
 *   VMLOAD_ASLR   must be 0: every expectation is the no-randomization one.
 *
 * The same source is built in several variants (testprogs/meson.build); the
 * variant is passed in at compile time so the expectations follow the kernel
 * rule for that kind of ELF image:
 *
 *   LC_PIE      1 for an ET_DYN image (PIE or static-pie)
 *   LC_INTERP   1 when the image has a PT_INTERP (dynamically linked)
 *   LC_LINK_BASE  for ET_EXEC images: the link address of the first segment
 *
 * Rules (KERNEL-FACTS.md §1-§6, §9):
 *   - stack VMA ends at STACK_TOP = TASK_SIZE; it spans the argument pages
 *     plus 128 KiB (132 KiB for small argv/env);
 *   - top-down mmap_base = PAGE_ALIGN(TASK_SIZE - clamp(rlim + 1 MiB guard,
 *     128 MiB, TASK_SIZE/6*5)); legacy base = PAGE_ALIGN(TASK_SIZE/3);
 *   - ld.so (and a static-pie image, mapped like ld.so run directly) ends at
 *     mmap_base in top-down and starts at the legacy base in legacy;
 *   - PIE base = PAGESTART((ELF_ET_DYN_BASE & ~(maxalign-1)) - first vaddr);
 *   - ET_EXEC at its link address; brk starts at the page-aligned end of bss,
 *     except ET_DYN without PT_INTERP: brk at PAGE_ALIGN(ELF_ET_DYN_BASE);
 *   - vDSO just below the lowest mmap-placed object in top-down, just above
 *     it in legacy (kernel >= 6.9);
 *   - initial stack: AT_EXECFN = STACK_TOP - 8 - strlen - 1, the platform
 *     string at (arg_start & ~15) - 7, AT_RANDOM 16 bytes below it, the
 *     argc word at ((AT_RANDOM - auxv) - (argc+envc+3)*8) & ~15;
 *   - the first anonymous mmap lands in the highest free gap below mmap_base
 *     (top-down) or the lowest free gap at/above the legacy base (legacy).
 *
 * Everything is printed as "ok"/"FAIL" with expected and actual values; the
 * exit status is 0 only if every check passed (2 on a usage error).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#ifndef LC_PIE
#error "build with -DLC_PIE=0|1"
#endif
#ifndef LC_INTERP
#error "build with -DLC_INTERP=0|1"
#endif
#ifndef LC_VARIANT
#define LC_VARIANT "layoutcheck"
#endif

#define PAGE 4096UL
#define PAGE_START(x) ((uintptr_t)(x) & ~(PAGE - 1))
#define PAGE_ALIGN(x) PAGE_START((uintptr_t)(x) + PAGE - 1)
#define MiB (1024UL * 1024UL)

extern char end[];		/* linker: end of bss */

static int nchecks, nfailed;

static void check(const char *what, uintptr_t expected, uintptr_t actual)
{
	nchecks++;
	if (expected == actual) {
		printf("ok   %-34s %#14lx\n", what, (unsigned long)actual);
	} else {
		nfailed++;
		printf("FAIL %-34s expected %#lx, actual %#lx\n", what,
		       (unsigned long)expected, (unsigned long)actual);
	}
}

static void check_true(const char *what, int cond, const char *detail)
{
	nchecks++;
	if (cond) {
		printf("ok   %-34s %s\n", what, detail);
	} else {
		nfailed++;
		printf("FAIL %-34s %s\n", what, detail);
	}
}

/* ------------------------------------------------------------------ maps */

struct vma {
	uintptr_t start, end;
	char perms[5];
	char name[256];
};

#define MAXVMA 512
static char mapsbuf[256 * 1024];

/* Read /proc/self/maps with plain syscalls (no malloc: the heap must not
 * move before it is measured) and parse it. Returns the VMA count. */
static int read_maps(struct vma *v, int max)
{
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;
	int count = 0;
	char *line, *nl;

	if (fd < 0)
		return -1;
	while (len < sizeof(mapsbuf) - 1 &&
	       (n = read(fd, mapsbuf + len, sizeof(mapsbuf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	mapsbuf[len] = 0;

	for (line = mapsbuf; *line && count < max; line = nl + 1) {
		unsigned long s, e;
		int off = 0;
		char *p;

		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		if (sscanf(line, "%lx-%lx %4s %*s %*s %*s%n", &s, &e,
			   v[count].perms, &off) < 3)
			break;
		v[count].start = s;
		v[count].end = e;
		p = line + off;
		while (p < nl && *p == ' ')
			p++;
		snprintf(v[count].name, sizeof(v[count].name), "%.*s",
			 (int)(nl - p), p);
		count++;
		if (!*nl)
			break;
	}
	return count;
}

static const struct vma *find_name(const struct vma *v, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

static const struct vma *find_addr(const struct vma *v, int n, uintptr_t a)
{
	for (int i = 0; i < n; i++)
		if (v[i].start <= a && a < v[i].end)
			return &v[i];
	return NULL;
}

/* Lowest start and highest end of all the VMAs of one file. */
static int file_span(const struct vma *v, int n, const char *name,
		     uintptr_t *lo, uintptr_t *hi)
{
	int found = 0;

	*lo = UINTPTR_MAX;
	*hi = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(v[i].name, name))
			continue;
		found = 1;
		if (v[i].start < *lo)
			*lo = v[i].start;
		if (v[i].end > *hi)
			*hi = v[i].end;
	}
	return found;
}

/* Where the kernel's gap search would put an anonymous, unhinted mapping of
 * len bytes, given the current VMAs (sorted, as /proc/self/maps is). */
static uintptr_t predict_mmap(const struct vma *v, int n, int topdown,
			      uintptr_t base, uintptr_t task_size, size_t len,
			      uintptr_t low_limit)
{
	uintptr_t best = 0;
	uintptr_t prev_end = low_limit;

	for (int i = 0; i <= n; i++) {
		uintptr_t gs, ge;

		if (i < n && v[i].start >= task_size)
			break;	/* [vsyscall] and friends */
		gs = prev_end;
		if (i < n) {
			ge = v[i].start;
			/* vm_start_gap(): 1 MiB guard below a grows-down VMA */
			if (!strcmp(v[i].name, "[stack]"))
				ge = ge > MiB ? ge - MiB : 0;
		} else {
			ge = task_size;
		}
		if (i < n && v[i].end > prev_end)
			prev_end = v[i].end;
		if (topdown) {
			if (ge > base)
				ge = base;
			if (gs < ge && ge - gs >= len)
				best = ge - len;	/* keep the highest */
		} else {
			if (gs < base)
				gs = base;
			if (gs < ge && ge - gs >= len)
				return gs;		/* the lowest */
		}
		if (i < n && v[i].start >= base && topdown)
			break;
	}
	return best;
}

/* ---------------------------------------------------------------- config */

static uint64_t parse_size(const char *s, int *ok)
{
	char *e;
	unsigned long long x;

	*ok = 1;
	if (!strcmp(s, "unlimited") || !strcmp(s, "infinity"))
		return RLIM_INFINITY;
	errno = 0;
	x = strtoull(s, &e, 0);
	if (errno || e == s) {
		*ok = 0;
		return 0;
	}
	switch (*e) {
	case 'k': case 'K': x <<= 10; e++; break;
	case 'm': case 'M': x <<= 20; e++; break;
	case 'g': case 'G': x <<= 30; e++; break;
	default: break;
	}
	if (*e == 'i' && e[1] == 'B')
		e += 2;
	else if (*e == 'B')
		e++;
	if (*e)
		*ok = 0;
	return x;
}

int main(int argc, char **argv, char **envp)
{
	/* First thing: the brk as the program found it. */
	uintptr_t sbrk0 = (uintptr_t)sbrk(0);
	static struct vma v1[MAXVMA], v2[MAXVMA];
	const char *aspace = getenv("VMLOAD_ASPACE");
	const char *layout = getenv("VMLOAD_LAYOUT");
	const char *aslr = getenv("VMLOAD_ASLR");
	const char *stack = getenv("VMLOAD_STACK");
	uintptr_t task_size, legacy_base, et_dyn_base, mmap_base, base;
	uint64_t rlim;
	int topdown, n1, n2;
	char msg[512];

	if (!aspace || !*aspace)
		aspace = "47";
	if (!layout || !*layout)
		layout = "topdown";
	if (!aslr || strcmp(aslr, "0")) {
		fprintf(stderr, "layoutcheck: run with VMLOAD_ASLR=0 "
			"(the expectations are the no-randomization ones)\n");
		return 2;
	}
	if (!strcmp(aspace, "3g")) {
		task_size = 0xC0000000UL;
	} else if (!strcmp(aspace, "4g")) {
		task_size = 0xFFFFE000UL;
	} else if (!strcmp(aspace, "47")) {
		task_size = 0x7ffffffff000UL;
	} else {
		fprintf(stderr, "layoutcheck: unknown VMLOAD_ASPACE '%s'\n", aspace);
		return 2;
	}
	if (!strcmp(layout, "topdown")) {
		topdown = 1;
	} else if (!strcmp(layout, "legacy")) {
		topdown = 0;
	} else {
		fprintf(stderr, "layoutcheck: unknown VMLOAD_LAYOUT '%s'\n", layout);
		return 2;
	}
	if (stack && *stack) {
		int ok;

		rlim = parse_size(stack, &ok);
		if (!ok) {
			fprintf(stderr, "layoutcheck: bad VMLOAD_STACK '%s'\n", stack);
			return 2;
		}
	} else {
		struct rlimit rl;

		getrlimit(RLIMIT_STACK, &rl);
		rlim = rl.rlim_cur;
	}

	/* §1: the constants of the window. */
	legacy_base = PAGE_ALIGN(task_size / 3);
	if (task_size == 0x7ffffffff000UL)
		et_dyn_base = task_size / 3 * 2;	/* DEFAULT_MAP_WINDOW/3*2 */
	else
		et_dyn_base = legacy_base + 0x1000000;	/* COMPAT_ELF_ET_DYN_BASE */
	/* §2: mmap_base (no randomization: no stack pad, rnd = 0). */
	{
		uint64_t gap = rlim, pad = MiB;	/* stack_guard_gap */
		uint64_t max_gap = task_size / 6 * 5;

		if (gap + pad > gap)
			gap += pad;
		if (gap < 128 * MiB)
			gap = 128 * MiB;
		if (gap > max_gap)
			gap = max_gap;
		mmap_base = PAGE_ALIGN(task_size - gap);
	}
	base = topdown ? mmap_base : legacy_base;

	printf("layoutcheck %s: VMLOAD_ASPACE=%s VMLOAD_LAYOUT=%s stack rlimit %#llx\n",
	       LC_VARIANT, aspace, layout, (unsigned long long)rlim);
	printf("  TASK_SIZE %#lx, mmap base %#lx (%s), ELF_ET_DYN_BASE %#lx\n",
	       (unsigned long)task_size, (unsigned long)base,
	       topdown ? "top-down" : "legacy, bottom-up",
	       (unsigned long)et_dyn_base);

	/* The first mmap: predict it from the maps as the kernel's gap search
	 * would, before anything else allocates. */
	n1 = read_maps(v1, MAXVMA);
	{
		uintptr_t want = n1 > 0 ? predict_mmap(v1, n1, topdown, base,
						       task_size, PAGE, PAGE) : 0;
		void *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		check_true("read /proc/self/maps", n1 > 0, n1 > 0 ? "" : "cannot read");
		check("first mmap(4 KiB)", want, (uintptr_t)m);
	}
	/* Make the brk heap exist (a static binary already has one: glibc
	 * puts its TLS block there). */
	{
		void *volatile p = malloc(1000);

		(void)p;
	}
	n2 = read_maps(v2, MAXVMA);

	/* ---- the image itself: read its ELF header from AT_EXECFN */
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	uintptr_t at_phdr = getauxval(AT_PHDR), at_entry = getauxval(AT_ENTRY);
	uintptr_t at_base = getauxval(AT_BASE);
	Elf64_Ehdr eh;
	Elf64_Phdr ph[64];
	int fd, nph;

	if (!execfn) {
		check_true("AT_EXECFN present", 0, "missing");
		goto done;
	}
	fd = open(execfn, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_phnum > 64 ||
	    pread(fd, ph, eh.e_phnum * sizeof(Elf64_Phdr), (off_t)eh.e_phoff) !=
	    (ssize_t)(eh.e_phnum * sizeof(Elf64_Phdr))) {
		snprintf(msg, sizeof(msg), "cannot read the ELF headers of %s", execfn);
		check_true("read own ELF file", 0, msg);
		goto done;
	}
	if (fd >= 0)
		close(fd);
	nph = eh.e_phnum;

	uintptr_t first_vaddr = UINTPTR_MAX, last_end = 0, maxalign = PAGE;
	int has_interp = 0;

	for (int i = 0; i < nph; i++) {
		if (ph[i].p_type == PT_INTERP)
			has_interp = 1;
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_vaddr < first_vaddr)
			first_vaddr = ph[i].p_vaddr;
		if (ph[i].p_vaddr + ph[i].p_memsz > last_end)
			last_end = ph[i].p_vaddr + ph[i].p_memsz;
		/* maximum_alignment(): powers of two only */
		if (ph[i].p_align && !(ph[i].p_align & (ph[i].p_align - 1)) &&
		    ph[i].p_align > maxalign)
			maxalign = ph[i].p_align;
	}
	check("ELF e_type (variant sanity)", LC_PIE ? ET_DYN : ET_EXEC, eh.e_type);
	check("PT_INTERP (variant sanity)", LC_INTERP, has_interp);

	/* ---- where the image should be (load bias) */
	uintptr_t total = PAGE_ALIGN(last_end) - PAGE_START(first_vaddr);
	uintptr_t bias;
	const char *why;

	if (!LC_PIE) {
		bias = 0;
		why = "ET_EXEC: link address";
	} else if (LC_INTERP) {
		bias = PAGE_START((et_dyn_base & ~(maxalign - 1)) - first_vaddr);
		why = "PIE: ELF_ET_DYN_BASE";
	} else if (topdown) {
		bias = mmap_base - total - PAGE_START(first_vaddr);
		why = "static-pie: ends at mmap_base";
	} else {
		bias = legacy_base - PAGE_START(first_vaddr);
		why = "static-pie: at the legacy base";
	}
	uintptr_t img_lo = PAGE_START(first_vaddr) + bias;
	uintptr_t img_hi = img_lo + total;
	printf("  image %#lx-%#lx (%s)\n", (unsigned long)img_lo,
	       (unsigned long)img_hi, why);
#ifdef LC_LINK_BASE
	check("ET_EXEC link address", LC_LINK_BASE, PAGE_START(first_vaddr));
#endif

	/* the image as /proc/self/maps shows it */
	const struct vma *self = n2 > 0 ? find_addr(v2, n2, at_phdr) : NULL;
	uintptr_t self_lo = 0, self_hi = 0;
	char self_name[256] = "";

	if (self) {
		snprintf(self_name, sizeof(self_name), "%s", self->name);
		file_span(v2, n2, self_name, &self_lo, &self_hi);
		/* bss beyond the file's last page is an anonymous VMA: the
		 * image ends with the VMA holding its last byte */
		{
			const struct vma *last = find_addr(v2, n2, img_hi - 1);

			if (last && last->end > self_hi)
				self_hi = last->end;
		}
		{
			char rp[PATH_MAX];

			if (realpath(execfn, rp))
				check_true("maps names the executable",
					   !strcmp(rp, self_name), self_name);
		}
	} else {
		check_true("AT_PHDR inside a mapping", 0, "no VMA contains AT_PHDR");
	}
	check("image start (maps)", img_lo, self_lo);
	/* AT_PHDR: e_phoff translated through the PT_LOAD that contains it */
	{
		uintptr_t want = bias + eh.e_phoff;

		for (int i = 0; i < nph; i++)
			if (ph[i].p_type == PT_LOAD &&
			    ph[i].p_offset <= eh.e_phoff &&
			    eh.e_phoff < ph[i].p_offset + ph[i].p_filesz) {
				want = bias + eh.e_phoff - ph[i].p_offset +
				       ph[i].p_vaddr;
				break;
			}
		check("AT_PHDR", want, at_phdr);
	}
	check("AT_ENTRY", eh.e_entry + bias, at_entry);

	/* ---- ld.so */
	uintptr_t lowest_mmapped = 0, highest_mmapped = 0;	/* for the vDSO */
	int have_mmapped = 0;

	if (LC_INTERP) {
		const struct vma *ld = at_base ? find_addr(v2, n2, at_base) : NULL;
		uintptr_t lo, hi;

		if (!ld) {
			snprintf(msg, sizeof(msg), "AT_BASE %#lx not mapped",
				 (unsigned long)at_base);
			check_true("ld.so mapped at AT_BASE", 0, msg);
		} else {
			file_span(v2, n2, ld->name, &lo, &hi);
			printf("  ld.so %s %#lx-%#lx\n", ld->name,
			       (unsigned long)lo, (unsigned long)hi);
			check("AT_BASE = ld.so start (maps)", lo, at_base);
			if (topdown)
				check("ld.so end = mmap_base", mmap_base, hi);
			else
				check("ld.so start = legacy base", legacy_base, lo);
			lowest_mmapped = lo;
			highest_mmapped = hi;
			have_mmapped = 1;
		}
	} else {
		check("AT_BASE (no interpreter)", 0, at_base);
		if (LC_PIE) {
			/* a static-pie is placed by the mmap allocator */
			if (topdown)
				check("static-pie end = mmap_base", mmap_base, self_hi);
			else
				check("static-pie start = legacy base", legacy_base, self_lo);
			lowest_mmapped = self_lo;
			highest_mmapped = self_hi;
			have_mmapped = 1;
		}
	}

	/* ---- vDSO: just below the lowest mmap-placed object in top-down,
	 * just above it in legacy (or at the base when there is none) */
	{
		const struct vma *vdso = find_name(v2, n2, "[vdso]");
		const struct vma *vvar = find_name(v2, n2, "[vvar]");
		uintptr_t ehdr = getauxval(AT_SYSINFO_EHDR);

		if (!vdso) {
			check_true("[vdso] mapped", 0, "no [vdso] line");
		} else {
			uintptr_t vlo = vvar && vvar->start < vdso->start ?
					vvar->start : vdso->start;

			check("AT_SYSINFO_EHDR = [vdso]", vdso->start, ehdr);
			if (topdown)
				check("vDSO block end",
				      have_mmapped ? lowest_mmapped : mmap_base,
				      vdso->end);
			else
				check("vDSO block start",
				      have_mmapped ? highest_mmapped : legacy_base,
				      vlo);
		}
	}

	/* ---- brk */
	{
		uintptr_t want_brk;
		const struct vma *heap = find_name(v2, n2, "[heap]");

		if (LC_PIE && !LC_INTERP)
			want_brk = PAGE_ALIGN(et_dyn_base);	/* brk moved */
		else
			want_brk = PAGE_ALIGN(last_end + bias);
		printf("  &end %#lx, brk start expected %#lx, sbrk(0) at start %#lx\n",
		       (unsigned long)(uintptr_t)end, (unsigned long)want_brk,
		       (unsigned long)sbrk0);
		if (!(LC_PIE && !LC_INTERP))
			check("PAGE_ALIGN(&end) = brk start", want_brk,
			      PAGE_ALIGN((uintptr_t)end));
		if (LC_INTERP) {
			check("sbrk(0) at startup", want_brk, sbrk0);
		} else {
			/* static glibc allocates its TLS block with sbrk first */
			snprintf(msg, sizeof(msg), "%#lx in [%#lx, +1 MiB)",
				 (unsigned long)sbrk0, (unsigned long)want_brk);
			check_true("sbrk(0) at startup (after TLS)",
				   sbrk0 >= want_brk && sbrk0 < want_brk + MiB, msg);
		}
		check("[heap] start", want_brk, heap ? heap->start : 0);
	}

	/* ---- stack */
	{
		const struct vma *st = find_name(v2, n2, "[stack]");
		uintptr_t arg_start = (uintptr_t)argv[0];
		uintptr_t vm_start = PAGE_START(arg_start), want_lo;
		uint64_t r = rlim == RLIM_INFINITY ? rlim : (rlim & ~(PAGE - 1));
		uintptr_t plat = getauxval(AT_PLATFORM), rnd = getauxval(AT_RANDOM);
		uintptr_t *ap = (uintptr_t *)envp;
		unsigned long envc = 0, nauxv;

		if (task_size - vm_start + 128 * 1024 > r)
			want_lo = task_size - r;
		else
			want_lo = vm_start - 128 * 1024;
		check("[stack] end = STACK_TOP", task_size, st ? st->end : 0);
		check("[stack] start", want_lo, st ? st->start : 0);
		printf("  [stack] size %#lx\n",
		       st ? (unsigned long)(st->end - st->start) : 0UL);
		check("AT_EXECFN", task_size - 8 - strlen(execfn) - 1,
		      (uintptr_t)execfn);
		check_true("AT_EXECFN = argv[0]", !strcmp(execfn, argv[0]), execfn);
		check("AT_PLATFORM", (arg_start & ~15UL) - 7, plat);
		if (plat)
			check_true("platform string", !strcmp((char *)plat, "x86_64"),
				   (char *)plat);
		check("AT_RANDOM", plat - 16, rnd);
		while (ap[envc])
			envc++;
		ap += envc + 1;
		for (nauxv = 1; ap[2 * (nauxv - 1)] != AT_NULL; nauxv++)
			;
		check("argc word (initial sp)",
		      ((rnd - nauxv * 16) - ((unsigned long)argc + envc + 3) * 8) & ~15UL,
		      (uintptr_t)(argv - 1));
		check("AT_PAGESZ", PAGE, getauxval(AT_PAGESZ));
	}

done:
	printf("layoutcheck %s %s %s: %d checks, %d failed\n", LC_VARIANT,
	       aspace, layout, nchecks, nfailed);
	return nfailed ? 1 : 0;
}
