/*
 * heap_into_mmap.c - grow the brk heap until brk refuses, and say where it
 * stopped and what it ran into. In the classic i386 legacy layout the heap
 * (above a non-PIE program's bss) runs into the mmap area at 1 GiB, where
 * ld.so sits: brk stops one page below 0x40000000. With the top-down layout
 * the mmap area is just below the stack and the heap grows far past 1 GiB.
 *
 * Usage: heap_into_mmap [MAX_GIB]   (default 16: stop growing there; the
 * 47-bit window would otherwise take tens of millions of steps)
 *
 * It grows in 1 MiB steps, then page by page, until brk fails, and prints
 *   brk_start=0x...   the brk at startup
 *   brk_end=0x...     where it stopped
 *   next=0x... NAME   the first mapping above the heap
 *   limit=brk|cap     why it stopped
 * Exit status 0, or 2 if something unexpected happened.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char maps[256 * 1024];

int main(int argc, char **argv)
{
	uintptr_t start = (uintptr_t)sbrk(0), cur, cap;
	unsigned long max_gib = argc > 1 ? strtoul(argv[1], NULL, 0) : 16;
	const char *why = "brk";
	long step;

	cap = start + (max_gib << 30);
	cur = start;
	for (step = 1L << 20; step >= 4096; step = step == 4096 ? 0 : 4096) {
		for (;;) {
			if (cur + (uintptr_t)step > cap) {
				why = "cap";
				goto out;
			}
			if (sbrk(step) == (void *)-1)
				break;
			cur += (uintptr_t)step;
		}
	}
out:
	if ((uintptr_t)sbrk(0) != cur) {
		fprintf(stderr, "heap_into_mmap: sbrk(0) %p, expected %#lx\n",
			sbrk(0), (unsigned long)cur);
		return 2;
	}
	printf("brk_start=%#lx\n", (unsigned long)start);
	printf("brk_end=%#lx\n", (unsigned long)cur);
	printf("grown=%lu MiB\n", (unsigned long)((cur - start) >> 20));

	/* the first mapping above the heap, from /proc/self/maps (read with
	 * plain syscalls: malloc would need the heap) */
	{
		int fd = open("/proc/self/maps", O_RDONLY);
		size_t len = 0;
		ssize_t n;
		char *line, *nl;

		if (fd < 0) {
			perror("/proc/self/maps");
			return 2;
		}
		while (len < sizeof(maps) - 1 &&
		       (n = read(fd, maps + len, sizeof(maps) - 1 - len)) > 0)
			len += (size_t)n;
		close(fd);
		maps[len] = 0;
		for (line = maps; *line; line = nl + 1) {
			unsigned long s, e;
			int off = 0;

			nl = strchr(line, '\n');
			if (!nl)
				break;
			*nl = 0;
			if (sscanf(line, "%lx-%lx %*s %*s %*s %*s%n", &s, &e, &off) >= 2 &&
			    s >= cur) {
				char *name = line + off;

				while (*name == ' ')
					name++;
				printf("next=%#lx %s\n", s, *name ? name : "[anon]");
				break;
			}
		}
	}
	printf("limit=%s\n", why);
	return 0;
}
