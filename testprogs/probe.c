/*
 * probe - print the landmarks of the address space the kernel (or vmload)
 * gave this program, one "key value" line each, for the differential
 * fidelity harness (tests/e2e/fidelity.sh). Built 64-bit and 32-bit, static,
 * static-pie, PIE and non-PIE; also run through ld.so directly.
 *
 *   entry phdr base  the auxiliary vector (AT_ENTRY, AT_PHDR, AT_BASE)
 *   execfn random    AT_EXECFN, AT_RANDOM
 *   brk              the break when main starts (brk(0))
 *   mmap             the first anonymous 4 KiB mmap
 *   bigmmap          a 256 MiB anonymous mmap (PROT_NONE, not touched)
 *   sp               the initial stack pointer (where argc is)
 *   stack            the [stack] VMA, lo-hi
 *   vdso vvar        AT_SYSINFO_EHDR and the [vvar] VMA's start
 *
 * "probe brief" prints only what randomization moves, for the ASLR range
 * runs: phdr, heap (the [heap] VMA's start: start_brk), mmap, stack (the top
 * of [stack]), vvar and vdso_end (the [vvar] start, the [vdso] end).
 * Nothing here allocates before the numbers are taken.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct vma {
	unsigned long lo, hi;
};

static char maps[1 << 16];

static void read_maps(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	size_t n = 0;
	ssize_t r;

	if (fd < 0)
		return;
	while (n < sizeof maps - 1 &&
	       (r = read(fd, maps + n, sizeof maps - 1 - n)) > 0)
		n += (size_t)r;
	maps[n] = '\0';
	close(fd);
}

/* The first VMA whose line ends in name. */
static struct vma find_vma(const char *name)
{
	struct vma v = { 0, 0 };
	size_t nlen = strlen(name);

	for (char *l = maps; *l;) {
		char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);

		if (len >= nlen && !memcmp(l + len - nlen, name, nlen) &&
		    sscanf(l, "%lx-%lx", &v.lo, &v.hi) == 2)
			return v;
		if (!e)
			break;
		l = e + 1;
	}
	return v;
}

int main(int argc, char **argv)
{
	/* argc sits one word below argv on the initial stack */
	unsigned long sp = (unsigned long)(uintptr_t)argv - sizeof(void *);
	unsigned long brk = (unsigned long)syscall(SYS_brk, 0);
	void *small = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *big = mmap(NULL, 256UL << 20, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct vma stack, vvar, vdso, heap;

	read_maps();
	stack = find_vma("[stack]");
	vvar = find_vma("[vvar]");
	vdso = find_vma("[vdso]");
	heap = find_vma("[heap]");
	if (argc > 1 && !strcmp(argv[1], "brief")) {
		printf("phdr %#lx\nheap %#lx\nmmap %#lx\nstack %#lx\n"
		       "vvar %#lx\nvdso_end %#lx\n",
		       getauxval(AT_PHDR), heap.lo,
		       (unsigned long)(uintptr_t)small, stack.hi, vvar.lo,
		       vdso.hi);
		return 0;
	}
	printf("entry %#lx\nphdr %#lx\nbase %#lx\n", getauxval(AT_ENTRY),
	       getauxval(AT_PHDR), getauxval(AT_BASE));
	printf("execfn %#lx\nrandom %#lx\n", getauxval(AT_EXECFN),
	       getauxval(AT_RANDOM));
	printf("brk %#lx\nmmap %#lx\nbigmmap %#lx\n", brk,
	       (unsigned long)(uintptr_t)small, (unsigned long)(uintptr_t)big);
	printf("sp %#lx\nstack %#lx-%#lx\n", sp, stack.lo, stack.hi);
	printf("vdso %#lx\nvvar %#lx\n", getauxval(AT_SYSINFO_EHDR), vvar.lo);
	return 0;
}
