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
 *
 * `churn N` runs N threads at once, each doing the whole 1,000,000
 * operations on its own table with its own PRNG seed (glibc gives each thread
 * its own arena: mmap'd heaps grown with mprotect and trimmed with madvise);
 * it prints one line per thread, in thread order. Without an argument the
 * program runs the single sequence in the main thread, as it always did.
 */
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPS    1000000
#define SLOTS  8192
#define PERIOD 100000

struct churn {
	int id;
	uint64_t rng;
	unsigned char *blk[SLOTS];
	size_t len[SLOTS];
	size_t peak, peak_bytes;
	uint64_t sum;
	int failed;
};

static uint64_t next(uint64_t *rng)
{
	*rng ^= *rng >> 12;
	*rng ^= *rng << 25;
	*rng ^= *rng >> 27;
	return *rng * 0x2545f4914f6cdd1dull;
}

static size_t draw_size(uint64_t *rng)
{
	unsigned c = next(rng) % 100;
	if (c < 80)
		return 16 + next(rng) % (512 - 16 + 1);
	if (c < 95)
		return 512 + next(rng) % (16384 - 512 + 1);
	return 16384 + next(rng) % (262144 - 16384 + 1);
}

static void *run(void *arg)
{
	struct churn *c = arg;
	unsigned char **blk = c->blk;
	size_t *len = c->len;
	size_t live = 0, cur = 0;

	for (long op = 0; op < OPS; op++) {
		long ph = op % PERIOD;
		size_t target = ph < PERIOD / 2 ? (size_t)ph * 2 * SLOTS / PERIOD
		                                : (size_t)(PERIOD - ph) * 2 * SLOTS / PERIOD;
		/* grow with probability 3/4 below the target, 1/4 above */
		int grow = (next(&c->rng) % 4 < 3) == (live < target);
		if (live == 0)
			grow = 1;
		if (live == SLOTS)
			grow = 0;
		/* probe from a random slot for a free (grow) or live (shrink) one */
		size_t i = next(&c->rng) % SLOTS;
		while ((blk[i] != NULL) == grow)
			i = (i + 1) % SLOTS;
		if (grow) {
			size_t n = draw_size(&c->rng);
			unsigned char *p = malloc(n);
			if (!p) {
				fprintf(stderr, "churn: malloc(%zu) failed at op %ld\n", n, op);
				c->failed = 1;
				return NULL;
			}
			memset(p, (int)(op & 0xff), 16);
			p[n - 1] = (unsigned char)i;
			blk[i] = p;
			len[i] = n;
			live++;
			cur += n;
			if (live > c->peak)
				c->peak = live;
			if (cur > c->peak_bytes)
				c->peak_bytes = cur;
		} else {
			unsigned char *p = blk[i];
			if (p[len[i] - 1] != (unsigned char)i) {
				fprintf(stderr, "churn: block %zu corrupted\n", i);
				c->failed = 1;
				return NULL;
			}
			c->sum = c->sum * 31 + p[0] + p[15] + len[i];
			free(p);
			blk[i] = NULL;
			cur -= len[i];
			live--;
		}
	}
	return NULL;
}

static void print(const struct churn *c, int threads)
{
	if (threads)
		printf("churn thread %d: ", c->id);
	else
		printf("churn: ");
	printf("%d ops, peak %zu live blocks, peak %zu KiB, checksum %016llx\n",
	       OPS, c->peak, c->peak_bytes / 1024, (unsigned long long)c->sum);
}

int main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 0;

	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024);

	if (threads <= 0) {
		static struct churn c = { .rng = 0x9e3779b97f4a7c15ull };
		run(&c);
		if (c.failed)
			return 1;
		print(&c, 0);
		return 0;
	}
	struct churn *c = calloc(threads, sizeof *c);
	pthread_t *t = calloc(threads, sizeof *t);
	int failed = 0;
	if (!c || !t)
		return 1;
	for (int i = 0; i < threads; i++) {
		c[i].id = i;
		c[i].rng = 0x9e3779b97f4a7c15ull + 0x1000193ull * i;
		if (pthread_create(&t[i], NULL, run, &c[i])) {
			fprintf(stderr, "churn: pthread_create failed\n");
			return 1;
		}
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		failed |= c[i].failed;
	}
	if (failed)
		return 1;
	for (int i = 0; i < threads; i++)
		print(&c[i], 1);
	return 0;
}
