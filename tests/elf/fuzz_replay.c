/*
 * fuzz_replay [-m] FILE|DIR... - feed files to the fuzz target
 * (LLVMFuzzerTestOneInput in fuzz_elf.c) without libFuzzer, so that the
 * validator meets the corpus, crash reproducers and real binaries in every
 * `meson test` run, compiled with gcc. Directories are read one level deep.
 *
 * -m also feeds deterministic mutations: every prefix shorter than 512
 * bytes, and for files up to 64 KiB every single-bit flip in the first 512
 * bytes and boundary values written over each aligned 8- and 2-byte field
 * of the header and of a program header table right after it. A file that does not exist is reported
 * and skipped (real binaries differ between systems); any other error and
 * any invariant failure (abort) fail the run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long runs, files;
static int mutate;

static void feed(const uint8_t *data, size_t size)
{
	/* a fresh heap copy of exactly size bytes: ASan sees any overread */
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy) {
		perror("fuzz_replay: malloc");
		exit(2);
	}
	memcpy(copy, data, size);
	LLVMFuzzerTestOneInput(copy, size);
	free(copy);
	runs++;
}

static void mutations(const uint8_t *data, size_t size)
{
	static const uint64_t vals[] = {
		0, 1, 0x38, 0x40, 0xfff, 0x1000, 0x7fffffff, 0x80000000,
		0xc0000000, 0x7ffffffff000ULL, 0x800000000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL,
		0xfffffffffffff000ULL, 0xffffffffffffffffULL,
	};
	size_t lim = size < 512 ? size : 512, hdr;
	uint8_t *m;

	for (size_t n = 0; n < lim; n++)
		feed(data, n);
	if (size > (64 << 10))
		return;
	m = malloc(size ? size : 1);
	if (!m) {
		perror("fuzz_replay: malloc");
		exit(2);
	}
	for (size_t i = 0; i < lim; i++)
		for (int bit = 0; bit < 8; bit++) {
			memcpy(m, data, size);
			m[i] ^= (uint8_t)(1u << bit);
			feed(m, size);
		}
	/* the ELF header and a table of up to 8 phdrs right after it */
	hdr = size < 64 + 8 * 56 ? size : 64 + 8 * 56;
	for (size_t off = 0; off + 8 <= hdr; off += 8)
		for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
			memcpy(m, data, size);
			memcpy(m + off, &vals[v], 8);
			feed(m, size);
			/* and as a 16-bit field (e_phnum, e_phentsize, ...) */
			for (size_t h = 0; h < 8; h += 2) {
				uint16_t x = (uint16_t)vals[v];

				memcpy(m, data, size);
				memcpy(m + off + h, &x, 2);
				feed(m, size);
			}
		}
	free(m);
}

static int replay_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT) {
			printf("# skip %s: not on this system\n", path);
			return 0;
		}
		fprintf(stderr, "fuzz_replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		fprintf(stderr, "fuzz_replay: %s: out of memory\n", path);
		return -1;
	}
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	feed(buf, n);
	if (mutate)
		mutations(buf, n);
	free(buf);
	files++;
	return 0;
}

static int replay_dir(const char *path)
{
	struct dirent **ents;
	int n = scandir(path, &ents, NULL, alphasort), rc = 0;

	if (n < 0) {
		fprintf(stderr, "fuzz_replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *p;

		if (ents[i]->d_name[0] != '.' &&
		    asprintf(&p, "%s/%s", path, ents[i]->d_name) >= 0) {
			struct stat st;

			if (stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
			    replay_file(p) < 0)
				rc = -1;
			free(p);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0, i = 1;
	struct stat st;

	if (i < argc && !strcmp(argv[i], "-m")) {
		mutate = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: fuzz_replay [-m] FILE|DIR...\n");
		return 2;
	}
	for (; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc |= replay_dir(argv[i]) < 0;
		else
			rc |= replay_file(argv[i]) < 0;
	}
	printf("fuzz_replay: %lu files, %lu inputs%s\n", files, runs,
	       rc ? ", some files could not be read" : ", no crash");
	return rc ? 1 : 0;
}
