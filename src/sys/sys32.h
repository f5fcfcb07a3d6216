/*
 * sys32.h - handlers of trapped i386 system calls (DESIGN D12): the
 * arguments are ebx, ecx, edx, esi, edi, ebp zero-extended; the result goes
 * to EAX. Memory calls are served by the same mman code as x86-64 ones,
 * with the i386 argument layouts. Async-signal-safe zone.
 */
#ifndef VMLOAD_SYS32_H
#define VMLOAD_SYS32_H

#include <ucontext.h>

#include "sys.h"

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
long sys32_enosys(const long *a, ucontext_t *uc);

/* The call itself, issued with int $0x80 from the runtime's text (the
 * filter lets that through): ia32 semantics, ia32 structures. */
long sys32_host(long nr, const long *a);

#endif
