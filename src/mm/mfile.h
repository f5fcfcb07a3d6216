/*
 * mfile.h - identities of mapped files, interned for the life of the process
 * so VMAs can point at them (async-signal-safe zone; caller holds as.lock).
 */
#ifndef VMLOAD_MFILE_H
#define VMLOAD_MFILE_H

#include <stdint.h>

#include "vma.h"

struct stat;

/* Identity of an open fd whose fstat is st: device, inode and path
 * (" (deleted)" kept). The path is read once per inode. */
int mfile_from_fd_locked(int fd, const struct stat *st,
			 const struct vml_file **out);
const struct vml_file *mfile_intern_locked(unsigned major, unsigned minor,
					   uint64_t ino, const char *path);

#endif
