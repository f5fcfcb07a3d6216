/* malloc/free churn: 1,000,000 operations, each a malloc or a free, with
 * sizes from 16 B to 256 KiB drawn from a fixed-seed PRNG (xorshift64*), so
 * every run does exactly the same calls.
 *
 * Live blocks sit in a table of SLOTS entries. The number of live blocks
 * the program aims for follows a triangle wave between 0 and SLOTS over
 * PERIOD operations, so the heap repeatedly grows and shrinks: the brk heap
 * is extended and trimmed (M_TRIM_THRESHOLD), and blocks of 128 KiB and more
 * go to mmap/munmap (M_MMAP_THRESHOLD is set explicitly, which also turns
 * off glibc's dynamic threshold that would otherwise move them to the heap).
 *
 * Size mix per malloc: 80% 16..512 B, 15% 512 B..16 KiB, 5% 16..256 KiB
 * (uniform within each class). Each block gets its first 16 bytes and its
 * last byte written; the program prints a checksum so a wrong result shows.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPS    1000000
#define SLOTS  8192
#define PERIOD 100000

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static size_t draw_size(void)
{
	unsigned c = next() % 100;
	if (c < 80)
		return 16 + next() % (512 - 16 + 1);
	if (c < 95)
		return 512 + next() % (16384 - 512 + 1);
	return 16384 + next() % (262144 - 16384 + 1);
}

int main(void)
{
	static unsigned char *blk[SLOTS];
	static size_t len[SLOTS];
	size_t live = 0, peak = 0, cur = 0, peak_bytes = 0;
	uint64_t sum = 0;

	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024);

	for (long op = 0; op < OPS; op++) {
		long ph = op % PERIOD;
		size_t target = ph < PERIOD / 2 ? (size_t)ph * 2 * SLOTS / PERIOD
		                                : (size_t)(PERIOD - ph) * 2 * SLOTS / PERIOD;
		/* grow with probability 3/4 below the target, 1/4 above */
		int grow = (next() % 4 < 3) == (live < target);
		if (live == 0)
			grow = 1;
		if (live == SLOTS)
			grow = 0;
		/* probe from a random slot for a free (grow) or live (shrink) one */
		size_t i = next() % SLOTS;
		while ((blk[i] != NULL) == grow)
			i = (i + 1) % SLOTS;
		if (grow) {
			size_t n = draw_size();
			unsigned char *p = malloc(n);
			if (!p) {
				fprintf(stderr, "churn: malloc(%zu) failed at op %ld\n", n, op);
				return 1;
			}
			memset(p, (int)(op & 0xff), 16);
			p[n - 1] = (unsigned char)i;
			blk[i] = p;
			len[i] = n;
			live++;
			cur += n;
			if (live > peak)
				peak = live;
			if (cur > peak_bytes)
				peak_bytes = cur;
		} else {
			unsigned char *p = blk[i];
			if (p[len[i] - 1] != (unsigned char)i) {
				fprintf(stderr, "churn: block %zu corrupted\n", i);
				return 1;
			}
			sum = sum * 31 + p[0] + p[15] + len[i];
			free(p);
			blk[i] = NULL;
			cur -= len[i];
			live--;
		}
	}
	printf("churn: %d ops, peak %zu live blocks, peak %zu KiB, checksum %016llx\n",
	       OPS, peak, peak_bytes / 1024, (unsigned long long)sum);
	return 0;
}
