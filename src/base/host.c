/*
 * host.c - raw system calls (base.h; async-signal-safe zone: no errno, no
 * libc state).
 */
#include "base.h"

#include <linux/errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <sys/uio.h>

long host_mmap(uintptr_t addr, size_t len, int prot, int flags, int fd,
	       off_t off)
{
	return host_syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd,
			     (long)off);
}

int host_munmap(uintptr_t addr, size_t len)
{
	return (int)host_sys2(SYS_munmap, addr, len);
}

int host_mprotect(uintptr_t addr, size_t len, int prot)
{
	return (int)host_sys3(SYS_mprotect, addr, len, prot);
}

long host_mremap(uintptr_t old, size_t oldlen, size_t newlen, int flags,
		 uintptr_t newaddr)
{
	return host_sys5(SYS_mremap, old, oldlen, newlen, flags, newaddr);
}

long host_read(int fd, void *buf, size_t len)
{
	return host_sys3(SYS_read, fd, buf, len);
}

long host_pread(int fd, void *buf, size_t len, off_t off)
{
	return host_sys4(SYS_pread64, fd, buf, len, off);
}

long host_write(int fd, const void *buf, size_t len)
{
	return host_sys3(SYS_write, fd, buf, len);
}

int host_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		long n = host_write(fd, p, len);

		if (n == -EINTR)
			continue;
		if (n < 0)
			return (int)n;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int host_open(const char *path, int flags, int mode)
{
	return (int)host_sys4(SYS_openat, AT_FDCWD, path, flags, mode);
}

int host_close(int fd)
{
	return (int)host_sys1(SYS_close, fd);
}

int host_getpid(void)
{
	return (int)host_sys0(SYS_getpid);
}

int host_gettid(void)
{
	return (int)host_sys0(SYS_gettid);
}

/* process_vm_readv/writev on ourselves: the kernel reports an unreadable
 * range as EFAULT instead of raising SIGSEGV in the handler. */
static long host_vm_copy_pid(long nr, int pid, void *local, uintptr_t remote,
			     size_t len)
{
	struct iovec l = { local, len };
	struct iovec r = { (void *)remote, len };
	long n;

	if (len == 0)
		return 0;
	n = host_syscall6(nr, pid, (long)&l, 1, (long)&r, 1, 0);
	if (n < 0)
		return n == -ESRCH ? -EFAULT : n;
	return (size_t)n == len ? 0 : -EFAULT;
}

int host_copy_in(void *dst, uintptr_t src, size_t len)
{
	return (int)host_vm_copy_pid(SYS_process_vm_readv, host_getpid(), dst,
				     src, len);
}

long host_copy_in_vec(const struct iovec *local, const struct iovec *remote,
		      int n)
{
	long r;

	if (n <= 0)
		return 0;
	r = host_syscall6(SYS_process_vm_readv, host_getpid(), (long)local, n,
			  (long)remote, n, 0);
	return r == -ESRCH ? -EFAULT : r;
}

int host_copy_out(uintptr_t dst, const void *src, size_t len)
{
	return (int)host_vm_copy_pid(SYS_process_vm_writev, host_getpid(),
				     (void *)src, dst, len);
}

int host_copy_from(int pid, void *dst, uintptr_t src, size_t len)
{
	return (int)host_vm_copy_pid(SYS_process_vm_readv, pid, dst, src, len);
}

long host_copy_str(char *dst, uintptr_t src, size_t cap)
{
	size_t got = 0;

	while (got < cap) {
		/* never read across a page we have not checked */
		size_t chunk = 4096 - ((src + got) & 4095);
		size_t i;

		if (chunk > cap - got)
			chunk = cap - got;
		if (host_copy_in(dst + got, src + got, chunk) < 0)
			return -EFAULT;
		for (i = 0; i < chunk; i++)
			if (dst[got + i] == '\0')
				return (long)(got + i);
		got += chunk;
	}
	return -ENAMETOOLONG;
}

void host_futex_wait(int *word, int val)
{
	host_sys4(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, 0);
}

void host_futex_wake(int *word, int n)
{
	host_sys3(SYS_futex, word, FUTEX_WAKE_PRIVATE, n);
}

int host_sigaction(int sig, const struct ksigaction *act,
		   struct ksigaction *old)
{
	return (int)host_sys4(SYS_rt_sigaction, sig, act, old, KSIGSET_SIZE);
}

/* the linker's: the runtime is linked as one static executable */
extern char __executable_start[], etext[];

void host_text_range(uintptr_t *lo, uintptr_t *hi)
{
	*lo = (uintptr_t)__executable_start;
	*hi = (uintptr_t)etext;
}

int host_text_contains(uintptr_t ip)
{
	return ip >= (uintptr_t)__executable_start && ip < (uintptr_t)etext;
}
