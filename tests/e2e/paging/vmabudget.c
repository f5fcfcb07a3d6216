/*
 * vmabudget.c - the host's VMA budget and large sparse memory (DESIGN D4,
 * HARD-PROBLEMS section 7). vm.max_map_count (65530) bounds the host VMAs
 * of the whole process, the runtime's included; a runtime that grants
 * access page by page, or splits host mappings for copy-on-write, runs out
 * of it where the native program does not.
 *
 *   vma:       mprotect every other page of 1 GiB to PROT_READ until the
 *              kernel says ENOMEM (natively after about 32k calls), then
 *              keep touching memory, restore, unmap, map again
 *   forkstorm: 50 forks of a 64 MiB heap, each child writing random pages
 *   4g:        first touch of one byte in each 64 KiB block of 4 GiB, in
 *              random order (65536 touches)
 *   huge:      a 2^42-byte MAP_NORESERVE mapping touched in 16 places
 *
 * Prints one "name: result" line per check, counts only as buckets; exits
 * 0. "vmabudget PART..." runs only those parts (vma and forkstorm fit in a
 * 3 GiB window; 4g and huge do not).
 */
#include <stdint.h>

#include "check.h"

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static long maps_lines(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (!f)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/* resident set in KiB, from /proc/self/statm */
static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, rss = 0;

	if (f) {
		if (fscanf(f, "%ld %ld", &size, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * (long)(PAGE / 1024);
}

static char *map_noreserve(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	/* 4 KiB pages natively too: the RSS figures stay comparable */
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

static void t_vma(void)
{
	const size_t len = 1UL << 30, pages = len / PAGE;
	char *p = map_noreserve(len), *q;
	long count = 0, lines, bad = 0;
	int e = 0, r;

	if (!p) {
		printf("1 GiB mapping: %s\n", strerrorname_np(errno));
		return;
	}
	for (size_t i = 0; i < pages; i += 2) {
		if (mprotect(p + i * PAGE, PAGE, PROT_READ)) {
			e = errno;
			break;
		}
		count++;
	}
	printf("alternating mprotect over 1 GiB: failed=%s count>=30000=%s "
	       "count<=32765=%s\n", e ? strerrorname_np(e) : "no",
	       yesno(count >= 30000), yesno(count <= 32765));
	lines = maps_lines();
	printf("maps lines at the limit >=60000: %s\n", yesno(lines >= 60000));
	r = mprotect(p + (pages - 2) * PAGE, PAGE, PROT_READ);
	printf("one more split: %s\n", r ? strerrorname_np(errno) : "0");
	/* touch: write the writable pages, read the read-only ones */
	for (size_t i = 0; i < pages; i += 7) {
		char *a = p + i * PAGE + (i * 61) % PAGE;

		if ((i & 1) || i >= 2 * (size_t)count)
			*a = (char)i;
		else
			bad += *(volatile char *)a != 0;
	}
	for (size_t i = 0; i < pages; i += 7) {
		char *a = p + i * PAGE + (i * 61) % PAGE;

		if ((i & 1) || i >= 2 * (size_t)count)
			bad += *a != (char)i;
	}
	printf("touch 1 page in 7 at the limit: %s\n", bad ? "bad" : "ok");
	r = mprotect(p, len, PROT_READ | PROT_WRITE);
	lines = maps_lines();
	/*
	 * Natively a few thousand VMAs stay: pages written under different
	 * anon_vmas do not merge again. A bucket, not the number.
	 */
	printf("mprotect all back to RW: %s, maps lines<30000=%s\n",
	       r ? strerrorname_np(errno) : "0", yesno(lines < 30000));
	for (size_t i = 0; i < pages; i += 7)
		bad += p[i * PAGE + (i * 61) % PAGE] !=
		       (((i & 1) || i >= 2 * (size_t)count) ? (char)i : 0);
	printf("contents after restore: %s\n", bad ? "bad" : "ok");
	r = munmap(p, len);
	q = map_noreserve(64 << 20);
	if (q)
		memset(q, 1, 64 << 20);
	printf("munmap: %s, new 64 MiB mapping touched: %s\n",
	       r ? strerrorname_np(errno) : "0", q ? "ok" : "failed");
	if (q)
		munmap(q, 64 << 20);
}

static void t_forkstorm(void)
{
	const size_t len = 64 << 20, pages = len / PAGE;
	char *p = map_noreserve(len);
	int ok = 0, bad = 0;

	for (size_t i = 0; i < pages; i += 3)
		p[i * PAGE] = (char)(i | 1);
	for (int k = 0; k < 50; k++) {
		pid_t pid = check_fork(20);
		int status;

		if (pid == 0) {
			int fine = 1;

			for (int j = 0; j < 200; j++) {
				size_t i = next() % pages;

				fine &= p[i * PAGE] == (i % 3 ? 0 : (char)(i | 1));
			}
			for (int j = 0; j < 200; j++) {
				size_t i = next() % pages;

				p[i * PAGE] = (char)0xee;
				p[i * PAGE + PAGE - 1] = (char)0xee;
			}
			_exit(fine ? 0 : 1);
		}
		for (int j = 0; j < 50; j++)	/* the parent writes too */
			p[(next() % pages) * PAGE + 1] = (char)0x11;
		status = check_reap(pid);
		ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	for (size_t i = 0; i < pages; i++)
		bad += p[i * PAGE] != (i % 3 ? 0 : (char)(i | 1)) ||
		       p[i * PAGE + PAGE - 1] != 0;
	printf("fork storm, 50 children writing 200 random pages: children "
	       "ok %d/50, parent's memory %s, maps lines<1000=%s\n", ok,
	       bad ? "CHANGED" : "intact", yesno(maps_lines() < 1000));
	munmap(p, len);
}

static void t_4g(void)
{
	const size_t len = 4UL << 30, nblk = len >> 16;
	uint32_t *order = malloc(nblk * sizeof *order);
	char *p = map_noreserve(len);
	long rss0 = rss_kib(), grew, bad = 0;

	if (!p || !order) {
		printf("4 GiB mapping: %s\n", strerrorname_np(errno));
		return;
	}
	for (uint32_t i = 0; i < nblk; i++)
		order[i] = i;
	for (size_t i = nblk - 1; i > 0; i--) {
		size_t j = next() % (i + 1);
		uint32_t t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (size_t i = 0; i < nblk; i++) {
		size_t b = order[i];

		p[(b << 16) + (b * 4099) % 65536] = (char)(b | 1);
	}
	grew = rss_kib() - rss0;
	for (size_t b = 0; b < nblk; b++)
		bad += p[(b << 16) + (b * 4099) % 65536] != (char)(b | 1);
	printf("random first touch of 4 GiB, 65536 blocks: %s, RSS growth "
	       "200-400 MiB=%s, maps lines<1000=%s\n", bad ? "bad" : "done",
	       yesno(grew >= 200 * 1024 && grew <= 400 * 1024),
	       yesno(maps_lines() < 1000));
	munmap(p, len);
	free(order);
}

static void t_huge(void)
{
	const size_t len = 1UL << 42;
	char *p = map_noreserve(len);
	long rss0 = rss_kib(), grew;
	int bad = 0;

	if (!p) {
		printf("2^42-byte MAP_NORESERVE mapping: %s\n",
		       strerrorname_np(errno));
		return;
	}
	for (size_t i = 0; i < 16; i++)
		p[i * (len / 16) + i * 12345] = (char)(i + 1);
	for (size_t i = 0; i < 16; i++)
		bad += p[i * (len / 16) + i * 12345] != (char)(i + 1);
	bad += p[len - 1] != 0;
	grew = rss_kib() - rss0;
	printf("2^42-byte MAP_NORESERVE mapping: ok, 16 touches %s, "
	       "RSS growth<64 MiB=%s\n", bad ? "bad" : "ok",
	       yesno(grew < 64 * 1024));
	printf("munmap 2^42 bytes: %s\n",
	       munmap(p, len) ? strerrorname_np(errno) : "0");
}

static const struct check checks[] = {
	{ "vma", t_vma },
	{ "forkstorm", t_forkstorm },
	{ "4g", t_4g },
	{ "huge", t_huge },
};

int main(int argc, char **argv)
{
	check_start(60);
	check_run(checks, argc, argv, NULL);
	return 0;
}
