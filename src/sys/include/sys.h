/*
 * sys.h - the face of src/sys/: the system calls the runtime serves, both
 * ABIs. Each handler takes the six argument registers and the interrupted
 * context and returns the value for RAX (-errno on failure); the entry
 * (src/entry/) decides which number goes where. For an i386 guest the
 * arguments are ebx, ecx, edx, esi, edi, ebp zero-extended and the result
 * goes to EAX; its memory calls are served by the same mm code, with the
 * i386 argument layouts.
 *
 * Called from the SIGSYS handler or a fast-call entry with every
 * asynchronous signal blocked (async-signal-safe zone).
 */
#ifndef VMLOAD_SYS_H
#define VMLOAD_SYS_H

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

typedef long (*sys_fn)(const long *a, ucontext_t *uc);

/* ==== x86-64 calls ======================================================== */

/* memory (sys_mm.c) */
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

/* files the runtime answers itself (sys_file.c) */
long sys_open(const long *a, ucontext_t *uc);
long sys_openat(const long *a, ucontext_t *uc);
long sys_readlink(const long *a, ucontext_t *uc);
long sys_readlinkat(const long *a, ucontext_t *uc);
/* Any call nr, its guest memory prepared (sysargs_prepare), issued with
 * the guest's signal mask so that a signal interrupts it as natively. */
long sys_passthrough(long nr, const long *a, ucontext_t *uc);

/* exec (sys_exec.c) */
long sys_execve(const long *a, ucontext_t *uc);
long sys_execveat(const long *a, ucontext_t *uc);
/* The options a guest's exec passes on to the next vmload, NULL-terminated
 * (kept, not copied). Normal context, before the guest runs. */
void sys_exec_set_prefix(char *const *prefix);

/* signals (sys_signal.c) */
long sys_rt_sigaction(const long *a, ucontext_t *uc);
long sys_rt_sigprocmask(const long *a, ucontext_t *uc);
long sys_sigaltstack(const long *a, ucontext_t *uc);
long sys_rt_sigreturn(const long *a, ucontext_t *uc);

/* processes and threads (sys_proc.c) */
long sys_clone(const long *a, ucontext_t *uc);
long sys_clone3(const long *a, ucontext_t *uc);
long sys_fork(const long *a, ucontext_t *uc);
long sys_exit(const long *a, ucontext_t *uc) __attribute__((noreturn));
long sys_exit_group(const long *a, ucontext_t *uc) __attribute__((noreturn));
long sys_arch_prctl(const long *a, ucontext_t *uc);

/* ==== i386 calls (sys32.c) =============================================== */

long sys32_mmap_old(const long *a, ucontext_t *uc);
long sys32_mmap2(const long *a, ucontext_t *uc);
long sys32_mremap(const long *a, ucontext_t *uc);
long sys32_execve(const long *a, ucontext_t *uc);
long sys32_execveat(const long *a, ucontext_t *uc);
long sys32_clone(const long *a, ucontext_t *uc);
long sys32_ipc(const long *a, ucontext_t *uc);
long sys32_shmat(const long *a, ucontext_t *uc);
long sys32_rt_sigaction(const long *a, ucontext_t *uc);
long sys32_sigaction(const long *a, ucontext_t *uc);
long sys32_signal(const long *a, ucontext_t *uc);
long sys32_sigprocmask(const long *a, ucontext_t *uc);
long sys32_sigsuspend(const long *a, ucontext_t *uc);
long sys32_rt_sigsuspend(const long *a, ucontext_t *uc);
long sys32_sigreturn(const long *a, ucontext_t *uc);
long sys32_rt_sigreturn(const long *a, ucontext_t *uc);
long sys32_sigaltstack(const long *a, ucontext_t *uc);
long sys32_enosys(const long *a, ucontext_t *uc);
/* The call itself, issued with int $0x80 from the runtime's text (the
 * filter lets that through): ia32 semantics, ia32 structures. */
long sys32_host(long nr, const long *a);
/* Any i386 call nr, its guest memory prepared (sysargs32_prepare), issued
 * with the guest's signal mask. */
long sys32_passthrough(long nr, const long *a, ucontext_t *uc);

/* ==== the guest memory each call touches (DESIGN D5) ===================== */

/*
 * The kernel never faults into user space on behalf of a system call: a
 * guest buffer that is not yet granted at host level makes the call fail
 * with EFAULT, return a short count or lose data. So every guest system
 * call that touches guest memory traps, and before the runtime issues it,
 * sysargs_prepare() hands each range the kernel will touch to the pager
 * (pager_prepare, pager_prepare_str, pager_pin). One table per ABI, in one
 * dialect (sysargs_int.h), says which arguments are buffers, structs,
 * strings, iovec arrays or msghdrs, and how long they are.
 */

/* The numbers in the table, ascending: those that touch guest memory and
 * must therefore trap. Fills nrs with up to max of them and returns how
 * many there are in all (which may exceed max). */
int sysargs_numbers(int *nrs, int max);
int sysargs32_numbers(int *nrs, int max);
/*
 * Prepare the guest memory call nr will read or write, given its six
 * argument registers. NULL pointers and zero lengths prepare nothing;
 * ranges the guest cannot access are left for the kernel to refuse, as it
 * would natively. 0, or -ENOSYS when nr is not in the table.
 */
int sysargs_prepare(long nr, const long *a);
int sysargs32_prepare(long nr, const long *a);

#endif
