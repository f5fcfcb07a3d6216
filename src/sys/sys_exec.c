/*
 * sys_exec.c - the guest's execve and execveat (sys.h; DESIGN D9;
 * async-signal-safe zone): what the kernel would refuse before its point of
 * no return is refused here with its errno; then the new program runs
 * under a new vmload, given the options this run was started with.
 */
#include "sys.h"

#include <fcntl.h>
#include <linux/errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "base.h"
#include "mm.h"
#include "observe.h"
#include "vsig.h"

#define PATH_CAP 4096

/* The options a guest's exec passes on, NULL-terminated: immutable after
 * sys_exec_set_prefix. */
static char *const *exec_prefix;

void sys_exec_set_prefix(char *const *prefix)
{
	exec_prefix = prefix;
}

static int check_access(const char *path, int mode)
{
	long r = host_sys4(SYS_faccessat2, AT_FDCWD, path, mode, AT_EACCESS);

	if (r == -ENOSYS)
		r = host_sys3(SYS_faccessat, AT_FDCWD, path, mode);
	return (int)r;
}

/* "#!interp": does the interpreter exist and may it run? */
static int check_script(const char *buf, long n)
{
	char interp[256];
	long i = 2, k = 0;

	while (i < n && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	while (i < n && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' &&
	       buf[i] && k < (long)sizeof interp - 1)
		interp[k++] = buf[i++];
	interp[k] = '\0';
	if (k == 0)
		return -ENOEXEC;
	return check_access(interp, X_OK);
}

static int check_elf(const unsigned char *b, long n)
{
	/* ELFCLASS64 with EM_X86_64, or ELFCLASS32 with EM_386/EM_486 (an
	 * ia32 program: exec32.c) */
	int class32 = n >= 52 && b[4] == 1;

	if ((n < 64 && !class32) || (b[4] != 2 && !class32) || b[5] != 1)
		return -ENOEXEC;
	if ((b[16] != 2 && b[16] != 3) || b[17] != 0) /* ET_EXEC, ET_DYN */
		return -ENOEXEC;
	if (b[19] != 0 || (class32 ? b[18] != 3 && b[18] != 6 : b[18] != 62))
		return -ENOEXEC;
	if (class32 && !host_runs_ia32())
		return -ENOEXEC;
	return 0;
}

/* What the kernel would refuse before its point of no return. */
static int exec_preflight(const char *path, int nofollow)
{
	unsigned char buf[256];
	struct stat st;
	long n;
	int fd, r;

	fd = host_open(path, O_RDONLY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0), 0);
	if (fd < 0)
		return fd;
	r = (int)host_sys2(SYS_fstat, fd, &st);
	if (r == 0 && !S_ISREG(st.st_mode))
		r = -EACCES;
	if (r == 0)
		r = check_access(path, X_OK);
	n = r == 0 ? host_read(fd, buf, sizeof buf) : 0;
	host_close(fd);
	if (r < 0)
		return r;
	if (n >= 2 && buf[0] == '#' && buf[1] == '!')
		return check_script((const char *)buf, n);
	if (n >= 4 && !memcmp(buf, "\177ELF", 4))
		return check_elf(buf, n);
	return -ENOEXEC;
}

/* Number of entries of a guest NULL-terminated pointer array. */
static long count_vector(uintptr_t v)
{
	long n = 0;
	uintptr_t chunk[64];

	if (!v)
		return 0;
	for (;;) {
		if (pager_copy_in(chunk, v + (uintptr_t)n * 8, sizeof chunk) < 0) {
			/* the array may end just before an unreadable page */
			uintptr_t one;

			if (pager_copy_in(&one, v + (uintptr_t)n * 8, 8) < 0)
				return -EFAULT;
			if (!one)
				return n;
			n++;
			continue;
		}
		for (int i = 0; i < 64; i++, n++)
			if (!chunk[i])
				return n;
		if (n > (1L << 21))
			return -E2BIG;
	}
}

#define MAX_ARG_STRLEN (32 * 4096)
#define STR_CHUNK 32	/* strings looked at with one read */
#define STR_PEEK 256	/* bytes of each, at most to its page's end */

/*
 * Make the strings at p[0..n) present for reading (n at most STR_CHUNK).
 * Each one's first bytes are prepared and read back together, with one
 * system call for the lot; only a string that goes on past them is
 * prepared further, page by page (pager_prepare_str). An unreadable string
 * is left for the kernel to refuse.
 */
static void prepare_string_chunk(const uintptr_t *p, int n)
{
	char buf[STR_CHUNK][STR_PEEK];
	struct iovec l[STR_CHUNK], r[STR_CHUNK];
	long got;

	if (n <= 0)
		return;
	for (int i = 0; i < n; i++) {
		size_t len = 4096 - (p[i] & 4095);

		if (len > STR_PEEK)
			len = STR_PEEK;
		pager_prepare(p[i], len, 0);
		l[i] = (struct iovec){ buf[i], len };
		r[i] = (struct iovec){ (void *)p[i], len };
	}
	got = host_copy_in_vec(l, r, n);
	for (int i = 0; i < n; i++) {
		size_t len = l[i].iov_len;
		int whole = got >= (long)len;

		got = whole ? got - (long)len : 0;
		if (whole && memchr(buf[i], '\0', len))
			continue;
		if (whole)
			pager_prepare_str(p[i] + len, MAX_ARG_STRLEN - len);
		else
			pager_prepare_str(p[i], MAX_ARG_STRLEN);
	}
}

/* The kernel reads every string of the vector: make them present. */
static void prepare_strings(uintptr_t v, long n)
{
	uintptr_t p[STR_CHUNK];

	for (long done = 0; done < n; done += STR_CHUNK) {
		int k = n - done < STR_CHUNK ? (int)(n - done) : STR_CHUNK;

		if (pager_copy_in(p, v + (uintptr_t)done * 8, (size_t)k * 8) < 0)
			return;
		prepare_string_chunk(p, k);
	}
}

static long exec_common(int dirfd, uintptr_t upath, uintptr_t uargv,
			uintptr_t uenvp, int flags, long nr, const long *a,
			ucontext_t *uc)
{
	char path[PATH_CAP + 32], given[PATH_CAP];
	long argc, npre = 0, n, r;
	char **nargv;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	n = pager_copy_str(given, upath, sizeof given);
	if (n < 0)
		return n;
	if (given[0] == '\0') {
		if (!(flags & AT_EMPTY_PATH))
			return -ENOENT;
		log_fmt(path, sizeof path, "/dev/fd/%d", dirfd);
	} else if (given[0] == '/' || dirfd == AT_FDCWD) {
		memcpy(path, given, (size_t)n + 1);
	} else {
		log_fmt(path, sizeof path, "/dev/fd/%d/%s", dirfd, given);
	}
	r = exec_preflight(path, flags & AT_SYMLINK_NOFOLLOW);
	if (r < 0)
		return r;
	argc = count_vector(uargv);
	if (argc < 0)
		return argc;
	n = count_vector(uenvp);
	if (n < 0)
		return -EFAULT;
	prepare_strings(uargv, argc);
	prepare_strings(uenvp, n);
	while (exec_prefix[npre])
		npre++;
	nargv = arena_alloc((size_t)(npre + argc + 3) * sizeof *nargv);
	if (!nargv)
		return -ENOMEM;
	memcpy(nargv, exec_prefix, (size_t)npre * sizeof *nargv);
	nargv[npre] = "--";
	nargv[npre + 1] = path;
	if (argc && pager_copy_in(nargv + npre + 2, uargv, (size_t)argc * 8) < 0) {
		r = -EFAULT;
		goto out_free_nargv;
	}
	nargv[npre + 2 + argc] = NULL;
	if (trace_on(VML_TRACE_EXEC | VML_TRACE_SYSCALL))
		trace_exec_commit(nr, a, vsig_compat(uc));
	stats_report("exec");
	vsig_call_enter(uc);
	r = host_sys3(SYS_execve, "/proc/self/exe", nargv, uenvp);
	vsig_call_leave();
out_free_nargv:	/* only a failed exec comes back here */
	arena_free_last(nargv, (size_t)(npre + argc + 3) * sizeof *nargv);
	return r;
}

long sys_execve(const long *a, ucontext_t *uc)
{
	return exec_common(AT_FDCWD, (uintptr_t)a[0], (uintptr_t)a[1],
			   (uintptr_t)a[2], 0, SYS_execve, a, uc);
}

long sys_execveat(const long *a, ucontext_t *uc)
{
	return exec_common((int)a[0], (uintptr_t)a[1], (uintptr_t)a[2],
			   (uintptr_t)a[3], (int)a[4], SYS_execveat, a, uc);
}
