/*
 * host.h - raw system calls for the runtime.
 *
 * Async-signal-safe zone: every function here is a bare syscall that never
 * touches errno or any libc state, so it may run in the SIGSYS handler on a
 * guest thread whose %fs points at the guest's TLS. Results follow the
 * kernel convention: a value in [-4095, -1] is -errno.
 */
#ifndef VMLOAD_HOST_H
#define VMLOAD_HOST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define IS_ERR_VAL(x) ((unsigned long)(x) >= (unsigned long)-4095L)

static inline long host_syscall6(long nr, long a1, long a2, long a3, long a4,
				 long a5, long a6)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define host_sys0(nr) host_syscall6(nr, 0, 0, 0, 0, 0, 0)
#define host_sys1(nr, a) host_syscall6(nr, (long)(a), 0, 0, 0, 0, 0)
#define host_sys2(nr, a, b) host_syscall6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define host_sys3(nr, a, b, c) \
	host_syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define host_sys4(nr, a, b, c, d) \
	host_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define host_sys5(nr, a, b, c, d, e) \
	host_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

long host_mmap(uintptr_t addr, size_t len, int prot, int flags, int fd,
	       off_t off);
int host_munmap(uintptr_t addr, size_t len);
int host_mprotect(uintptr_t addr, size_t len, int prot);
long host_mremap(uintptr_t old, size_t oldlen, size_t newlen, int flags,
		 uintptr_t newaddr);
long host_read(int fd, void *buf, size_t len);
long host_pread(int fd, void *buf, size_t len, off_t off);
long host_write(int fd, const void *buf, size_t len);
int host_write_all(int fd, const void *buf, size_t len);
int host_open(const char *path, int flags, int mode);
int host_close(int fd);
int host_getpid(void);
int host_gettid(void);
/* Copy between the runtime and guest memory without ever faulting:
 * -EFAULT when the guest range is not readable/writable. */
int host_copy_in(void *dst, uintptr_t src, size_t len);
int host_copy_out(uintptr_t dst, const void *src, size_t len);
/* n guest ranges into n runtime buffers of the same lengths with one
 * process_vm_readv (n at most 1024): the bytes read, -errno when none. The
 * ranges are read in order and each one whole or not at all, so the bytes
 * read say which of the first ranges arrived. */
struct iovec;
long host_copy_in_vec(const struct iovec *local, const struct iovec *remote,
		      int n);
/* The same from another process (process_vm_readv): 0 or -errno. */
int host_copy_from(int pid, void *dst, uintptr_t src, size_t len);
/* Copy a NUL-terminated guest string of at most cap bytes (with NUL):
 * length, -EFAULT, or -ENAMETOOLONG. */
long host_copy_str(char *dst, uintptr_t src, size_t cap);
void host_futex_wait(int *word, int val);
/* Does this host run 32-bit (compat mode) code, int $0x80 included? A
 * kernel without IA-32 emulation refuses i386 programs with ENOEXEC. Asks
 * a throwaway child the first time (a clone and a wait), then remembers. */
int host_runs_ia32(void);
void host_futex_wake(int *word, int n);

#endif
