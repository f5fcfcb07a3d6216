/*
 * mfile.c - interned file identities (async-signal-safe zone).
 */
#include "mfile.h"

#include <linux/errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "base.h"

#define MFILE_BUCKETS 1024

struct mfile_node {
	struct mfile_node *next;
	struct vml_file f; /* flexible: must stay last */
};

static struct mfile_node *buckets[MFILE_BUCKETS];

static unsigned hash(unsigned major, unsigned minor, uint64_t ino)
{
	uint64_t h = (ino * 0x9e3779b97f4a7c15ULL) ^ (major * 131u + minor);

	return (unsigned)(h >> 20) % MFILE_BUCKETS;
}

const struct vml_file *mfile_intern_locked(unsigned major, unsigned minor,
					   uint64_t ino, const char *path)
{
	unsigned b = hash(major, minor, ino);
	struct mfile_node *n;
	size_t len = strlen(path);

	for (n = buckets[b]; n; n = n->next)
		if (n->f.ino == ino && n->f.dev_major == major &&
		    n->f.dev_minor == minor && !strcmp(n->f.path, path))
			return &n->f;
	n = arena_alloc(sizeof *n + len + 1);
	if (!n)
		return NULL;
	n->f.dev_major = major;
	n->f.dev_minor = minor;
	n->f.ino = ino;
	memcpy(n->f.path, path, len + 1);
	n->next = buckets[b];
	buckets[b] = n;
	return &n->f;
}

static const struct vml_file *find_inode(unsigned major, unsigned minor,
					 uint64_t ino)
{
	for (struct mfile_node *n = buckets[hash(major, minor, ino)]; n; n = n->next)
		if (n->f.ino == ino && n->f.dev_major == major &&
		    n->f.dev_minor == minor && !strstr(n->f.path, " (deleted)"))
			return &n->f;
	return NULL;
}

int mfile_from_fd_locked(int fd, const struct stat *st,
			 const struct vml_file **out)
{
	char link[64], path[4096];
	long n;

	*out = find_inode(major(st->st_dev), minor(st->st_dev), st->st_ino);
	if (*out)
		return 0;
	log_fmt(link, sizeof link, "/proc/self/fd/%d", fd);
	n = host_sys4(SYS_readlinkat, -100, link, path, sizeof path - 1);
	if (n < 0)
		n = 0;
	path[n] = '\0';
	*out = mfile_intern_locked(major(st->st_dev), minor(st->st_dev),
				   st->st_ino, path);
	return *out ? 0 : -ENOMEM;
}
