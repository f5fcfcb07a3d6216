/* mmap/munmap churn: 100,000 small private anonymous mappings (1 to 16
 * pages, sizes from a fixed-seed PRNG), each written in its first byte right
 * after the mmap. Mappings sit in a table of 64 slots: each step picks a
 * slot, unmaps what is there (checking the byte) and maps a new one, so about
 * 64 are alive at any time and the address space is reused over and over.
 * Every 8th mapping is made read-only after the write (mprotect), so the
 * neighbours cannot simply merge. Prints a checksum.
 *
 *   mmapchurn [COUNT]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rng.h"

#define SLOTS 64

int main(int argc, char **argv)
{
	long count = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *map[SLOTS] = { 0 };
	size_t len[SLOTS];
	uint64_t sum = 0;

	for (long i = 0; i < count; i++) {
		size_t s = next() % SLOTS;
		if (map[s]) {
			sum = sum * 31 + map[s][0] + len[s];
			if (munmap(map[s], len[s])) {
				perror("mmapchurn: munmap");
				return 1;
			}
		}
		len[s] = (1 + next() % 16) * pg;
		map[s] = mmap(NULL, len[s], PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (map[s] == MAP_FAILED) {
			perror("mmapchurn: mmap");
			return 1;
		}
		map[s][0] = (unsigned char)i;
		if (i % 8 == 0 && mprotect(map[s], len[s], PROT_READ)) {
			perror("mmapchurn: mprotect");
			return 1;
		}
	}
	for (size_t s = 0; s < SLOTS; s++)
		if (map[s]) {
			sum = sum * 31 + map[s][0];
			munmap(map[s], len[s]);
		}
	printf("mmapchurn: %ld mappings, checksum %016llx\n", count,
	       (unsigned long long)sum);
	return 0;
}
