/*
 * thread32_entry.S - the instruction sequences of the ia32 clone
 * trampoline (thread32.c, DESIGN D7, D12).
 *
 * long thread32_clone_raw(flags, ptid, tls, ctid, sp, start): the i386
 * clone (nr 120: ebx flags, ecx newsp, edx parent_tid, esi tls, edi
 * child_tid) with int $0x80 from the runtime, newsp 0. The child returns
 * on the parent's stack, which is in use: it moves to sp (its block's
 * stack, whose first word is its start record) before touching memory, and
 * calls start(record), which never returns. r12 and r13 survive the
 * int $0x80 (only r8-r11 are cleared).
 *
 * void thread32_resume(sp, fs): set the FS base to fs (arch_prctl, before
 * any C code could read %fs:0x28 again) and rt_sigreturn with the stack
 * pointer at sp, 8 bytes above a struct rt_sigframe.
 */
	.text
	.globl	thread32_clone_raw
	.hidden	thread32_clone_raw
	.type	thread32_clone_raw, @function
thread32_clone_raw:
	push	%rbx
	push	%r12
	push	%r13
	mov	%r8, %r12		/* the child's stack */
	mov	%r9, %r13		/* its start function */
	mov	%rdi, %rbx		/* flags */
	mov	%rcx, %rdi		/* child_tid */
	mov	%rdx, %rax
	mov	%rsi, %rdx		/* parent_tid */
	mov	%rax, %rsi		/* tls: the user_desc */
	xor	%ecx, %ecx		/* newsp 0: the parent's */
	mov	$120, %eax
	int	$0x80
	test	%eax, %eax
	jnz	1f
	mov	%r12, %rsp
	xor	%ebp, %ebp
	mov	(%rsp), %rdi
	call	*%r13
	ud2
1:	cltq
	pop	%r13
	pop	%r12
	pop	%rbx
	ret
	.size	thread32_clone_raw, .-thread32_clone_raw

	.globl	thread32_resume
	.hidden	thread32_resume
	.type	thread32_resume, @function
thread32_resume:
	mov	%rdi, %r12
	mov	$158, %eax		/* arch_prctl(ARCH_SET_FS, fs) */
	mov	$0x1002, %edi
	syscall
	mov	%r12, %rsp
	mov	$15, %eax		/* rt_sigreturn */
	syscall
	ud2
	.size	thread32_resume, .-thread32_resume
	.section .note.GNU-stack,"",@progbits
