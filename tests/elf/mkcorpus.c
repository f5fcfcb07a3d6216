/*
 * mkcorpus DIR [STAMP] - write the broken-ELF corpus (corpus.h) into DIR:
 *   DIR/NAME.elf     one file per case, mode 0755
 *   DIR/aux/...      companion files that PT_INTERP cases point at
 *   DIR/MANIFEST     one line per case: NAME <TAB> STATUS <TAB> MESSAGE
 *                    (STATUS -1: unit-test-only case, not run by corpus.sh)
 * and then touch STAMP (for the build system). DIR is also the fuzz target's
 * seed corpus.
 */
#include "corpus.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what, const char *path)
{
	fprintf(stderr, "mkcorpus: %s: %s: %s\n", path, what, strerror(errno));
	exit(1);
}

static void write_file(const char *dir, const char *name, const void *buf,
		       size_t len, mode_t mode)
{
	char path[PATH_MAX + 64];
	const unsigned char *p = buf;
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die("cannot create", path);
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("write", path);
		}
		p += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, mode) < 0)	/* exact mode, whatever the umask */
		die("chmod", path);
	if (close(fd) < 0)
		die("close", path);
}

static void mkdir_p(const char *path)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *s = tmp + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			die("mkdir", tmp);
		*s = '/';
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		die("mkdir", tmp);
}

/* drop NAME.elf files of cases that no longer exist */
static void clean(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		die("opendir", dir);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (n > 4 && !strcmp(e->d_name + n - 4, ".elf") &&
		    unlinkat(dirfd(d), e->d_name, 0) < 0)
			die("unlink", e->d_name);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	char dir[PATH_MAX], name[PATH_MAX + 64];
	struct cbuf b;
	FILE *man;
	static const char not_elf[] = "this is a text file, not an ELF interpreter\n";

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: mkcorpus DIR [STAMP]\n");
		return 2;
	}
	mkdir_p(argv[1]);
	if (!realpath(argv[1], dir))
		die("realpath", argv[1]);
	clean(dir);
	snprintf(name, sizeof name, "%s/aux", dir);
	mkdir_p(name);

	/* companion files */
	write_file(dir, CORPUS_AUX_NOT_ELF, not_elf, sizeof not_elf - 1, 0755);
	write_file(dir, CORPUS_AUX_EMPTY, "", 0, 0755);
	corpus_base(&b, NULL);
	corpus_set_machine(&b, EM_AARCH64);
	write_file(dir, CORPUS_AUX_AARCH64, b.p, b.len, 0755);
	free(b.p);
	/* ET_DYN, so that as an interpreter it could be placed anywhere: only
	 * its missing execute permission may stop it */
	corpus_build(corpus_find("valid-et-dyn"), dir, &b);
	write_file(dir, CORPUS_AUX_STATIC_DYN, b.p, b.len, 0755);
	write_file(dir, CORPUS_AUX_NOEXEC, b.p, b.len, 0644);
	free(b.p);

	snprintf(name, sizeof name, "%s/MANIFEST", dir);
	man = fopen(name, "we");
	if (!man)
		die("cannot create", name);
	for (size_t i = 0; i < corpus_ncases; i++) {
		const struct corpus_case *c = &corpus_cases[i];

		b.p = NULL;
		b.len = 0;
		corpus_build(c, dir, &b);
		snprintf(name, sizeof name, "%s.elf", c->name);
		write_file(dir, name, b.p, b.len, 0755);
		free(b.p);
		fprintf(man, "%s\t%d\t%s\n", c->name, c->status, c->msg);
	}
	if (fclose(man) != 0)
		die("write", "MANIFEST");

	if (argc == 3) {
		FILE *f = fopen(argv[2], "we");

		if (!f || fprintf(f, "%zu cases in %s\n", corpus_ncases, dir) < 0 ||
		    fclose(f) != 0)
			die("cannot write", argv[2]);
	}
	return 0;
}
