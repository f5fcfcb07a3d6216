/*
 * restorer.S - sa_restorer for the handlers the runtime installs with the
 * raw rt_sigaction system call (x86-64 requires SA_RESTORER): return from
 * the handler through rt_sigreturn, from runtime text.
 */
#include <asm/unistd_64.h>

	.text
	.globl	entry_restorer
	.hidden	entry_restorer
	.type	entry_restorer, @function
entry_restorer:
	mov	$__NR_rt_sigreturn, %eax
	syscall
	ud2
	.size	entry_restorer, .-entry_restorer
	.section .note.GNU-stack,"",@progbits
