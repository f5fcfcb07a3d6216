/*
 * vsig_restorer.S - sa_restorer for the handlers the runtime installs with
 * the raw rt_sigaction system call (x86-64 requires SA_RESTORER): return
 * from the handler through rt_sigreturn, from runtime text.
 */
	.text
	.globl	vsig_restorer
	.hidden	vsig_restorer
	.type	vsig_restorer, @function
vsig_restorer:
	mov	$15, %eax		/* rt_sigreturn */
	syscall
	ud2
	.size	vsig_restorer, .-vsig_restorer
	.section .note.GNU-stack,"",@progbits
