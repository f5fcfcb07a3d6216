/*
 * vml_enter(entry, sp): start the guest as the kernel's start_thread does:
 * rsp = sp, every general register zero (ELF_PLAT_INIT; rdx = 0 means no
 * rtld_fini), FS base zero, then jump to the entry point. Never returns.
 */
	.text
	.globl	vml_enter
	.type	vml_enter, @function
vml_enter:
	mov	%rdi, %r12		/* entry */
	mov	%rsi, %r13		/* sp */
	mov	$158, %eax		/* arch_prctl(ARCH_SET_FS, 0) */
	mov	$0x1002, %edi
	xor	%esi, %esi
	syscall
	mov	%r13, %rsp
	push	%r12
	xor	%eax, %eax
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	ret				/* pops entry; rsp back to sp */
	.size	vml_enter, .-vml_enter
	.section .note.GNU-stack,"",@progbits
