/*
 * sys.h - handlers of trapped guest system calls. Each takes the six
 * argument registers and the interrupted context and returns the value for
 * RAX (-errno on failure). Called from the SIGSYS handler with every
 * asynchronous signal blocked (async-signal-safe zone).
 */
#ifndef VMLOAD_SYS_H
#define VMLOAD_SYS_H

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

typedef long (*sys_fn)(const long *a, ucontext_t *uc);

long sys_brk(const long *a, ucontext_t *uc);
long sys_mmap(const long *a, ucontext_t *uc);
long sys_munmap(const long *a, ucontext_t *uc);
long sys_mprotect(const long *a, ucontext_t *uc);
long sys_pkey_mprotect(const long *a, ucontext_t *uc);
long sys_mremap(const long *a, ucontext_t *uc);
long sys_madvise(const long *a, ucontext_t *uc);
long sys_msync(const long *a, ucontext_t *uc);
long sys_mincore(const long *a, ucontext_t *uc);
long sys_shmat(const long *a, ucontext_t *uc);
long sys_shmdt(const long *a, ucontext_t *uc);
long sys_mseal(const long *a, ucontext_t *uc);
long sys_map_shadow_stack(const long *a, ucontext_t *uc);

long sys_open(const long *a, ucontext_t *uc);
long sys_openat(const long *a, ucontext_t *uc);
long sys_readlink(const long *a, ucontext_t *uc);
long sys_readlinkat(const long *a, ucontext_t *uc);
long sys_execve(const long *a, ucontext_t *uc);
long sys_execveat(const long *a, ucontext_t *uc);
long sys_rt_sigaction(const long *a, ucontext_t *uc);
long sys_rt_sigprocmask(const long *a, ucontext_t *uc);
/*
 * The trapped thread's blocked mask, edited as sigprocmask() does (how:
 * SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK; set NULL: only read it): the host
 * part in uc's frame, the runtime's own signals (SYS_VIRT_SIGS) only in
 * the thread's virtual mask. *old gets the mask before. 0 or -EINVAL.
 */
long sys_sigmask_update(int how, const uint64_t *set, uint64_t *old,
			ucontext_t *uc);
#define SYS_VIRT_SIGS ((1ULL << (SIGSEGV - 1)) | (1ULL << (SIGBUS - 1)) | \
		       (1ULL << (SIGSYS - 1)))
long sys_clone(const long *a, ucontext_t *uc);
long sys_fork(const long *a, ucontext_t *uc);
long sys_sigaltstack(const long *a, ucontext_t *uc);
long sys_exit(const long *a, ucontext_t *uc) __attribute__((noreturn));
long sys_exit_group(const long *a, ucontext_t *uc) __attribute__((noreturn));
long sys_clone3(const long *a, ucontext_t *uc);
long sys_rt_sigreturn(const long *a, ucontext_t *uc);
long sys_arch_prctl(const long *a, ucontext_t *uc);

/* Serve a guest-raised SIGSYS (not a seccomp trap) per the guest's own
 * disposition of it. */
void sys_deliver_sigsys(siginfo_t *si, ucontext_t *uc);
/* Blocked-mask helpers around calls that may sleep. */
void sys_enter_guest_mask(ucontext_t *uc);
void sys_leave_guest_mask(void);

#endif
