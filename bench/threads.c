/* Multi-threaded allocation: 8 threads allocate and free at once, and hand
 * blocks to each other, so frees often happen in another thread (and arena)
 * than the malloc. Four generations: each starts 8 threads (stacks: mmap with
 * a guard page, which glibc keeps in its stack cache after the join and
 * reuses) that do 100,000 steps each; a step mallocs a block of 16 B .. 8 KiB
 * (every 64th: 128 KiB .. 1 MiB, which glibc serves with mmap/munmap),
 * writes its ends, and then either (3 in 4) puts it in one of 512 own slots,
 * freeing the block that was there, or (1 in 4) passes it to the next
 * thread's mailbox (mutex-protected; when the mailbox is full the sender
 * frees it). Each thread frees what its mailbox holds every 32 steps. Sizes
 * come from a fixed-seed PRNG per thread and generation; the checksum
 * printed does not depend on the scheduling.
 *
 *   threads [THREADS [GENERATIONS]]
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEPS 100000
#define KEEP  512    /* own live blocks per thread */
#define BOX   1024   /* mailbox capacity */

struct box {
	pthread_mutex_t lock;
	unsigned char *blk[BOX];
	size_t len[BOX];
	int n;
};

struct worker {
	int id, nthreads;
	uint64_t rng;
	uint64_t sum;    /* over the blocks this thread allocated */
	int failed;
};

static struct box *boxes;
static struct worker *workers;

static uint64_t next(uint64_t *rng)
{
	*rng ^= *rng >> 12;
	*rng ^= *rng << 25;
	*rng ^= *rng >> 27;
	return *rng * 0x2545f4914f6cdd1dull;
}

static int drain(struct worker *w, struct box *b)
{
	pthread_mutex_lock(&b->lock);
	for (int i = 0; i < b->n; i++) {
		if (b->blk[i][b->len[i] - 1] != (unsigned char)b->len[i]) {
			pthread_mutex_unlock(&b->lock);
			fprintf(stderr, "threads: corrupted block in mailbox %d\n", w->id);
			return -1;
		}
		free(b->blk[i]);
	}
	b->n = 0;
	pthread_mutex_unlock(&b->lock);
	return 0;
}

static void *run(void *arg)
{
	struct worker *w = arg;
	unsigned char *own[KEEP] = { 0 };
	size_t ownlen[KEEP];
	struct box *mine = &boxes[w->id], *peer = &boxes[(w->id + 1) % w->nthreads];

	for (long s = 0; s < STEPS; s++) {
		uint64_t r = next(&w->rng);
		size_t n = r % 64 == 0 ? (128 << 10) + next(&w->rng) % (896 << 10)
		                       : 16 + next(&w->rng) % (8 << 10);
		unsigned char *p = malloc(n);
		if (!p) {
			fprintf(stderr, "threads: malloc(%zu) failed\n", n);
			w->failed = 1;
			return NULL;
		}
		p[0] = (unsigned char)s;
		p[n - 1] = (unsigned char)n;
		w->sum = w->sum * 31 + n + p[0];
		if ((r >> 8) % 4 == 0) {
			/* to the next thread; if its mailbox is full, free it here */
			pthread_mutex_lock(&peer->lock);
			if (peer->n < BOX) {
				peer->blk[peer->n] = p;
				peer->len[peer->n++] = n;
				p = NULL;
			}
			pthread_mutex_unlock(&peer->lock);
			free(p);
		} else {
			size_t k = (r >> 16) % KEEP;
			if (own[k]) {
				if (own[k][ownlen[k] - 1] != (unsigned char)ownlen[k]) {
					fprintf(stderr, "threads: corrupted block\n");
					w->failed = 1;
					return NULL;
				}
				free(own[k]);
			}
			own[k] = p;
			ownlen[k] = n;
		}
		if (s % 32 == 31 && drain(w, mine)) {
			w->failed = 1;
			return NULL;
		}
	}
	for (size_t k = 0; k < KEEP; k++)
		free(own[k]);
	return NULL;
}

int main(int argc, char **argv)
{
	int nthreads = argc > 1 ? atoi(argv[1]) : 8;
	int gens = argc > 2 ? atoi(argv[2]) : 4;
	pthread_t *t = calloc(nthreads, sizeof *t);
	uint64_t total = 0;

	boxes = calloc(nthreads, sizeof *boxes);
	workers = calloc(nthreads, sizeof *workers);
	if (!t || !boxes || !workers)
		return 1;
	for (int i = 0; i < nthreads; i++)
		pthread_mutex_init(&boxes[i].lock, NULL);
	for (int g = 0; g < gens; g++) {
		for (int i = 0; i < nthreads; i++) {
			workers[i] = (struct worker){ .id = i, .nthreads = nthreads,
				.rng = 0x9e3779b97f4a7c15ull + 0x1000193ull * (g * nthreads + i) };
			if (pthread_create(&t[i], NULL, run, &workers[i])) {
				fprintf(stderr, "threads: pthread_create failed\n");
				return 1;
			}
		}
		for (int i = 0; i < nthreads; i++)
			pthread_join(t[i], NULL);
		for (int i = 0; i < nthreads; i++) {
			if (workers[i].failed || drain(&workers[i], &boxes[i]))
				return 1;
			total = total * 31 + workers[i].sum;
		}
	}
	printf("threads: %d threads x %d generations x %d steps, checksum %016llx\n",
	       nthreads, gens, STEPS, (unsigned long long)total);
	return 0;
}
