/*
 * Starting the guest as the kernel's start_thread / start_thread_ia32 do:
 * every general register zero (ELF_PLAT_INIT; rdx/edx = 0 means no
 * rtld_fini), FS base zero, then the entry point. Neither returns.
 *
 * run_enter(entry, sp): a 64-bit guest, rsp = sp.
 * run_enter32(entry, sp): an ia32 guest: compat code segment __USER32_CS
 * (0x23), data segments __USER_DS (0x2b) (a 64-bit process runs with null
 * DS/ES, which 32-bit code cannot use), esp = sp, eflags IF. One iretq
 * switches CS, SS and the stack together.
 */
	/* r12 = entry, r13 = sp; arch_prctl(ARCH_SET_FS, 0) */
	.macro	enter_prologue
	mov	%rdi, %r12
	mov	%rsi, %r13
	mov	$158, %eax
	mov	$0x1002, %edi
	xor	%esi, %esi
	syscall
	.endm

	.macro	clear_gprs
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
	.endm

	.text
	.globl	run_enter
	.type	run_enter, @function
run_enter:
	enter_prologue
	mov	%r13, %rsp
	push	%r12
	clear_gprs
	ret				/* pops entry; rsp back to sp */
	.size	run_enter, .-run_enter

	.globl	run_enter32
	.type	run_enter32, @function
run_enter32:
	enter_prologue
	mov	$0x2b, %eax
	mov	%eax, %ds
	mov	%eax, %es
	pushq	$0x2b			/* ss */
	push	%r13			/* esp */
	pushq	$0x202			/* eflags: IF */
	pushq	$0x23			/* cs: compat mode */
	push	%r12			/* eip */
	clear_gprs
	iretq
	.size	run_enter32, .-run_enter32
	.section .note.GNU-stack,"",@progbits
