/*
 * thread32.h - threads of ia32 guests (DESIGN D7, D12): the i386 clone
 * with CLONE_VM, started through the same kind of trampoline as x86-64
 * threads (thread.h). Async-signal-safe zone.
 */
#ifndef VMLOAD_THREAD32_H
#define VMLOAD_THREAD32_H

#include <ucontext.h>

/*
 * SIGSYS handler, i386 clone (nr 120) with CLONE_VM and not CLONE_VFORK:
 * a = flags, newsp, parent_tid, tls (a struct user_desc *), child_tid, as
 * the guest passed them. Returns the child's tid or -errno; the child
 * resumes the guest after its int $0x80 with EAX 0, ESP newsp (or the
 * parent's) and, with CLONE_SETTLS, its own TLS descriptor in the GDT.
 */
long thread32_clone(const long *a, ucontext_t *uc);

#endif
