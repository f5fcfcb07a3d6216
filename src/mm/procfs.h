/*
 * procfs.h - the guest's own /proc views (DESIGN D10).
 */
#ifndef VMLOAD_PROCFS_H
#define VMLOAD_PROCFS_H

#include <stddef.h>
#include <stdint.h>

/* Does this path name the calling process's maps file? */
int procfs_is_self_maps(const char *path);
/* Write the guest's /proc/<pid>/maps in the kernel's format to fd. */
int procfs_write_maps(int fd);
/* /proc/<pid>/maps (or .../task/<tid>/maps) of another process: its pid,
 * else 0. */
int procfs_other_maps_pid(const char *path);
/* The guest view of another process running vmload: 0, or -1 when pid is
 * not such a process or cannot be read (the caller falls back). */
int procfs_write_maps_of(int fd, int pid);
/* Format one maps line into buf (for tests); returns its length. */
size_t procfs_format_line(char *buf, size_t cap, unsigned long lo,
			  unsigned long hi, int prot, int shared,
			  unsigned long off, unsigned major, unsigned minor,
			  unsigned long ino, const char *name);

struct vma;
/* The name /proc/<pid>/maps shows for v ("[heap]", a path...), or NULL.
 * This process's VMA (a copy will do: file identities are never freed). */
const char *procfs_vma_name(const struct vma *v);

/* Where the guest's argument and environment strings are (set at exec). */
void procfs_set_args(uintptr_t arg_start, uintptr_t arg_end,
		     uintptr_t env_end);
/* /proc/self/cmdline (what = 0) or environ (1) of the guest, read from its
 * memory as the kernel reads them, written to fd. 0 or -errno. */
int procfs_write_args(int fd, int what);
/* Does this path name the calling process's cmdline (0) or environ (1)
 * file? -1 if neither. */
int procfs_self_args(const char *path);

/* The guest's executable, as its /proc/self/exe link shows it. */
void procfs_set_exe(const char *path);
const char *procfs_exe(void);
/* Does this path name /proc/<own pid>/exe? */
int procfs_is_self_exe(const char *path);

/* The guest is an ia32 program: its maps show no [vsyscall] line.
 * Normal context, before the guest runs. */
void procfs_set_compat(int on);

#endif
