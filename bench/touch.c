/* First touch: mmap SIZE (default 1 GiB) of private anonymous memory, write
 * one byte in every page, then munmap. `touch seq` goes through the pages in
 * address order, `touch rand` in an order shuffled by a fixed-seed PRNG
 * (Fisher-Yates over the page numbers, done before the mmap), so every run
 * writes the same pages in the same order. Each page gets its number's low
 * byte at an offset that moves with the page number; the program reads back
 * every 64th page and prints a checksum so a wrong result shows.
 *
 *   touch seq|rand [MiB]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rng.h"

int main(int argc, char **argv)
{
	if (argc < 2 || (strcmp(argv[1], "seq") && strcmp(argv[1], "rand"))) {
		fprintf(stderr, "usage: touch seq|rand [MiB]\n");
		return 2;
	}
	int shuffled = !strcmp(argv[1], "rand");
	size_t mib = argc > 2 ? strtoul(argv[2], NULL, 10) : 1024;
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t size = mib << 20, npages = size / pg;
	uint32_t *order = NULL;

	if (shuffled) {
		order = malloc(npages * sizeof *order);
		if (!order)
			return 1;
		for (size_t i = 0; i < npages; i++)
			order[i] = (uint32_t)i;
		for (size_t i = npages - 1; i > 0; i--) {
			size_t j = next() % (i + 1);
			uint32_t t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
	}
	unsigned char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("touch: mmap");
		return 1;
	}
	for (size_t i = 0; i < npages; i++) {
		size_t n = shuffled ? order[i] : i;
		p[n * pg + (n * 8) % pg] = (unsigned char)n;
	}
	uint64_t sum = 0;
	for (size_t n = 0; n < npages; n += 64)
		sum = sum * 31 + p[n * pg + (n * 8) % pg] + p[n * pg + (n * 8 + 1) % pg];
	if (munmap(p, size)) {
		perror("touch: munmap");
		return 1;
	}
	printf("touch %s: %zu pages, checksum %016llx\n", argv[1], npages,
	       (unsigned long long)sum);
	free(order);
	return 0;
}
