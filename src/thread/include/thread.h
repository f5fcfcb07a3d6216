/*
 * thread.h - the face of src/thread/: guest threads started through a
 * trampoline (DESIGN D7). A guest clone with CLONE_VM is not passed through
 * from inside the SIGSYS handler: the child would inherit the handler's
 * blocked mask, have no altstack and return into the runtime on a guest
 * stack that may not even be present (HARD-PROBLEMS §3). Instead the
 * runtime issues the clone with a runtime stack of its own; the child
 * installs its altstack, its thread block (base.h) and the guest's signal
 * mask, restores the guest's FPU state and registers, and jumps to the
 * instruction after the guest's syscall.
 *
 * Async-signal-safe zone: called from the SIGSYS handler.
 */
#ifndef VMLOAD_THREAD_H
#define VMLOAD_THREAD_H

#include <ucontext.h>

/* Guest clone with CLONE_VM (not CLONE_VFORK), x86-64 arguments a[]:
 * flags, newsp, parent_tid, child_tid, tls. The child's tid or -errno. */
long thread_clone(const long *a, ucontext_t *uc);
/* Guest exit of one thread: its pins dropped, its block left for reuse.
 * Never returns. */
void thread_exit(int status) __attribute__((noreturn));

/*
 * The i386 clone (nr 120) with CLONE_VM and not CLONE_VFORK: a = flags,
 * newsp, parent_tid, tls (a struct user_desc *), child_tid, as the guest
 * passed them. Returns the child's tid or -errno; the child resumes the
 * guest after its int $0x80 with EAX 0, ESP newsp (or the parent's) and,
 * with CLONE_SETTLS, its own TLS descriptor in the GDT.
 */
long thread32_clone(const long *a, ucontext_t *uc);

#endif
