/*
 * ia32probe.c - can this host run 32-bit code at all? (base.h;
 * async-signal-safe zone: raw system calls only)
 *
 * A kernel built without IA32_EMULATION, booted with ia32_emulation=off,
 * or running under a hypervisor that gives user space no compat mode (PVM)
 * refuses an i386 execve with ENOEXEC; its compat code segment does not
 * work (the far return into it faults) or int $0x80 does nothing useful.
 * No file says which: a throwaway child tries it. It enters compat mode
 * with the iretq vml_enter32 uses and makes one i386 system call; SIGILL
 * from the ud2 after it (or SIGSYS, a seccomp filter having seen an i386
 * call) means compat mode and int $0x80 both work.
 */
#include "base.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <linux/errno.h>

/* mov $20 (getpid), %eax; int $0x80; test %eax, %eax; js 1f; ud2; 1: hlt */
static const unsigned char probe_code[] = {
	0xb8, 0x14, 0x00, 0x00, 0x00, 0xcd, 0x80, 0x85, 0xc0, 0x78, 0x02,
	0x0f, 0x0b, 0xf4,
};

static void __attribute__((noreturn)) probe_child(void)
{
	static const int sigs[] = { SIGILL, SIGSEGV, SIGBUS, SIGSYS };
	struct ksigaction dfl = { 0 };
	uint64_t unblock = SIG_BIT(SIGILL) | SIG_BIT(SIGSEGV) |
			   SIG_BIT(SIGBUS) | SIG_BIT(SIGSYS);
	struct rlimit none = { 0, 0 };
	long page;

	/* the child's death must stay silent: no handler, no core file */
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		host_sigaction(sigs[i], &dfl, NULL);
	host_sys4(SYS_rt_sigprocmask, SIG_UNBLOCK, &unblock, 0, KSIGSET_SIZE);
	host_sys2(SYS_prctl, PR_SET_DUMPABLE, 0);
	host_sys4(SYS_prlimit64, 0, RLIMIT_CORE, &none, 0);
	page = host_mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (IS_ERR_VAL(page))	/* a private copy that dies at once */
		page = host_mmap(0x100000, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (!IS_ERR_VAL(page)) {
		for (unsigned i = 0; i < sizeof probe_code; i++)
			((unsigned char *)page)[i] = probe_code[i];
		/* ss, esp, eflags (IF), cs (__USER32_CS), eip */
		__asm__ volatile("pushq $0x2b\n\t"
				 "pushq %0\n\t"
				 "pushq $0x202\n\t"
				 "pushq $0x23\n\t"
				 "pushq %1\n\t"
				 "iretq"
				 :
				 : "r"((uint64_t)page + 4096 - 16),
				   "r"((uint64_t)page)
				 : "memory");
	}
	for (;;)
		host_sys1(SYS_exit, 0);
}

static int probe(void)
{
	int status = 0;
	long pid, r;

	/* no exit signal: the guest's SIGCHLD handler never hears of it */
	pid = host_sys5(SYS_clone, 0, 0, 0, 0, 0);
	if (pid == 0)
		probe_child();
	if (pid < 0)
		return 0;
	do
		r = host_sys4(SYS_wait4, pid, &status, __WCLONE, 0);
	while (r == -EINTR);
	if (r != pid || !WIFSIGNALED(status))
		return 0;
	return WTERMSIG(status) == SIGILL || WTERMSIG(status) == SIGSYS;
}

int host_runs_ia32(void)
{
	static int answer = -1;	/* racing threads both probe: same answer */

	if (answer < 0)
		answer = probe();
	return answer;
}
