/*
 * thread_entry.S - the two instructions sequences the clone trampoline
 * needs outside C (DESIGN D7).
 *
 * long thread_clone_raw(flags, newsp, ptid, ctid, tls, start): the raw
 * clone. The child starts on newsp, a runtime stack whose first word is its
 * start record, and calls start(record), which never returns (r9 survives
 * the system call: the kernel restores every register but rax, rcx and
 * r11).
 *
 * void thread_jump(const greg_t *gregs): load the guest's registers from
 * an mcontext gregs array and continue at its RIP. RCX and R11 are what a
 * syscall instruction leaves in them (RIP and RFLAGS), as the guest's
 * clone would have left them.
 */
	.text
	.globl	thread_clone_raw
	.hidden	thread_clone_raw
	.type	thread_clone_raw, @function
thread_clone_raw:
	mov	%rcx, %r10
	mov	$56, %eax		/* clone */
	syscall
	test	%rax, %rax
	jnz	1f
	xor	%ebp, %ebp
	mov	(%rsp), %rdi
	call	*%r9
	ud2
1:	ret
	.size	thread_clone_raw, .-thread_clone_raw

/* greg_t indices (sys/ucontext.h): R8 0 .. R15 7, RDI 8, RSI 9, RBP 10,
 * RBX 11, RDX 12, RAX 13, RCX 14, RSP 15, RIP 16, EFL 17 */
	.globl	thread_jump
	.hidden	thread_jump
	.type	thread_jump, @function
thread_jump:
	mov	%rdi, %rax
	mov	0*8(%rax), %r8
	mov	1*8(%rax), %r9
	mov	2*8(%rax), %r10
	mov	4*8(%rax), %r12
	mov	5*8(%rax), %r13
	mov	6*8(%rax), %r14
	mov	7*8(%rax), %r15
	mov	9*8(%rax), %rsi
	mov	10*8(%rax), %rbp
	mov	11*8(%rax), %rbx
	mov	12*8(%rax), %rdx
	mov	16*8(%rax), %rcx	/* RIP */
	push	17*8(%rax)
	popfq
	mov	17*8(%rax), %r11	/* RFLAGS, as after syscall */
	mov	8*8(%rax), %rdi
	mov	15*8(%rax), %rsp
	mov	13*8(%rax), %rax
	jmp	*%rcx
	.size	thread_jump, .-thread_jump
	.section .note.GNU-stack,"",@progbits
