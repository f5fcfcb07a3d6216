/*
 * vml_enter32(entry, sp): start an ia32 guest as start_thread_ia32 does:
 * compat code segment __USER32_CS (0x23), data segments __USER_DS (0x2b)
 * (a 64-bit process runs with null DS/ES, which 32-bit code cannot use),
 * esp = sp, every general register zero (ELF_PLAT_INIT: edx = 0, no
 * rtld_fini), FS base zero, eflags IF. One iretq switches CS, SS and the
 * stack together. Never returns.
 */
	.text
	.globl	vml_enter32
	.type	vml_enter32, @function
vml_enter32:
	mov	%rdi, %r12		/* entry */
	mov	%rsi, %r13		/* sp */
	mov	$158, %eax		/* arch_prctl(ARCH_SET_FS, 0) */
	mov	$0x1002, %edi
	xor	%esi, %esi
	syscall
	mov	$0x2b, %eax
	mov	%eax, %ds
	mov	%eax, %es
	pushq	$0x2b			/* ss */
	push	%r13			/* esp */
	pushq	$0x202			/* eflags: IF */
	pushq	$0x23			/* cs: compat mode */
	push	%r12			/* eip */
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
	iretq
	.size	vml_enter32, .-vml_enter32
	.section .note.GNU-stack,"",@progbits
