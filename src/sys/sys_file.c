/*
 * sys_file.c - trapped file system calls the runtime answers itself: the
 * guest sees its own /proc/self/maps, cmdline, environ and exe (DESIGN
 * D10); the rest of open and readlink passes through (sys.h;
 * async-signal-safe zone).
 */
#include "sys.h"

#include <fcntl.h>
#include <linux/errno.h>
#include <linux/memfd.h>
#include <string.h>
#include <sys/syscall.h>

#include "base.h"
#include "mm.h"
#include "vsig.h"

/* A passthrough that may block runs with the guest's own mask, so its
 * signals interrupt it as they would natively. */
long sys_passthrough(long nr, const long *a, ucontext_t *uc)
{
	long r;

	sysargs_prepare(nr, a);
	vsig_call_enter(uc);
	r = host_syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	vsig_call_leave();
	return r;
}

/* ---- /proc/self/maps and /proc/self/exe ---- */

/* The guest's cmdline or environ in a memfd. */
static long open_args(int flags, int what)
{
	int fd;

	if ((flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	fd = (int)host_sys2(SYS_memfd_create, what ? "environ" : "cmdline",
			    (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
	if (fd < 0)
		return fd;
	if (procfs_write_args(fd, what) < 0 ||
	    host_sys3(SYS_lseek, fd, 0, SEEK_SET) < 0) {
		host_close(fd);
		return -ENOMEM;
	}
	return fd;
}

/* A maps file rendered into a memfd: this process's (pid 0) or another
 * vmload process's; -ENOENT when pid is not one (then the caller passes the
 * open through). */
static long open_maps(int flags, int pid)
{
	int fd;

	if ((flags & O_ACCMODE) != O_RDONLY)
		return pid ? -ENOENT : -EACCES;
	fd = (int)host_sys2(SYS_memfd_create, "maps",
			    (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
	if (fd < 0)
		return fd;
	if ((pid ? procfs_write_maps_of(fd, pid) : procfs_write_maps(fd)) < 0 ||
	    host_sys3(SYS_lseek, fd, 0, SEEK_SET) < 0) {
		host_close(fd);
		return pid ? -ENOENT : -ENOMEM;
	}
	return fd;
}

/* Paths vmload answers itself are short; anything longer passes through. */
#define SHORT_PATH 64

static long open_common(int dirfd, uintptr_t upath, int flags, long nr,
			const long *a, ucontext_t *uc)
{
	char path[SHORT_PATH];
	long n = pager_copy_str(path, upath, sizeof path);

	if (n == -EFAULT)
		return -EFAULT;
	if (n >= 0 && (path[0] == '/' || dirfd == AT_FDCWD)) {
		int pid = procfs_other_maps_pid(path);
		long r;

		if (procfs_is_self_maps(path))
			return open_maps(flags, 0);
		if (procfs_self_args(path) >= 0)
			return open_args(flags, procfs_self_args(path));
		if (pid && (r = open_maps(flags, pid)) != -ENOENT)
			return r;
		if (procfs_is_self_exe(path) && procfs_exe()[0])
			return host_sys4(SYS_openat, AT_FDCWD, procfs_exe(),
					 flags, a[nr == SYS_open ? 2 : 3]);
	}
	return sys_passthrough(nr, a, uc);
}

long sys_open(const long *a, ucontext_t *uc)
{
	return open_common(AT_FDCWD, (uintptr_t)a[0], (int)a[1], SYS_open, a, uc);
}

long sys_openat(const long *a, ucontext_t *uc)
{
	return open_common((int)a[0], (uintptr_t)a[1], (int)a[2], SYS_openat, a,
			   uc);
}

static long readlink_common(int dirfd, uintptr_t upath, uintptr_t buf,
			    long size, long nr, const long *a)
{
	char path[SHORT_PATH];
	long n = pager_copy_str(path, upath, sizeof path);
	size_t len;

	if (n >= 0 && (path[0] == '/' || dirfd == AT_FDCWD) &&
	    procfs_is_self_exe(path) && procfs_exe()[0]) {
		if (size <= 0)
			return -EINVAL;
		len = strlen(procfs_exe());
		if (len > (size_t)size)
			len = (size_t)size;
		return pager_copy_out(buf, procfs_exe(), len) < 0 ? -EFAULT
								 : (long)len;
	}
	sysargs_prepare(nr, a);
	return host_syscall6(nr, a[0], a[1], a[2], a[3], 0, 0);
}

long sys_readlink(const long *a, ucontext_t *uc)
{
	(void)uc;
	return readlink_common(AT_FDCWD, (uintptr_t)a[0], (uintptr_t)a[1], a[2],
			       SYS_readlink, a);
}

long sys_readlinkat(const long *a, ucontext_t *uc)
{
	(void)uc;
	return readlink_common((int)a[0], (uintptr_t)a[1], (uintptr_t)a[2], a[3],
			       SYS_readlinkat, a);
}
