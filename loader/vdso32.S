/*
 * vdso32.S - the vDSO an ia32 guest gets (DESIGN D12; KERNEL-FACTS §3, §5):
 * a complete ELF32 ET_DYN image, linked at 0, that exec32.c copies into
 * the [vdso] pages. It has the shape glibc's setup_vdso and
 * _dl_check_map_versions read in the kernel's vdso32 (soname
 * linux-gate.so.1, DT_HASH, versions LINUX_2.6 and LINUX_2.5, e_entry =
 * __kernel_vsyscall), so ld.so allocates for it exactly what it allocates
 * natively and everything mapped after it lands where the kernel puts it.
 *
 * It exports only the entry points a 32-bit process relies on:
 * __kernel_vsyscall (`int $0x80; ret`: a system call arrives as SIGSYS
 * like any other), __kernel_sigreturn and __kernel_rt_sigreturn (the byte
 * patterns libgcc and gdb recognise as signal frames). No __vdso_* time
 * functions: glibc then makes the system call, which vmload serves.
 *
 * Offsets are fixed (.org) so C can name them: exec32.h EXEC32_VDSO_*.
 * Assembled into the 64-bit loader as data; .code32 encodes the text.
 */
	.section .rodata.vdso32, "a"
	.balign	4096
	.globl	vdso32_image
	.globl	vdso32_image_end
vdso32_image:
#define OFF(x)	((x) - vdso32_image)

/* ---- Elf32_Ehdr */
	.byte	0x7f, 'E', 'L', 'F', 1 /* ELFCLASS32 */, 1 /* LSB */, 1, 0
	.byte	0, 0, 0, 0, 0, 0, 0, 0
	.short	3		/* ET_DYN */
	.short	3		/* EM_386 */
	.long	1		/* EV_CURRENT */
	.long	OFF(vsyscall)	/* e_entry: AT_SYSINFO */
	.long	OFF(phdrs)	/* e_phoff */
	.long	0		/* e_shoff: no sections */
	.long	0		/* e_flags */
	.short	52, 32, 2	/* e_ehsize, e_phentsize, e_phnum */
	.short	40, 0, 0	/* e_shentsize, e_shnum, e_shstrndx */

/* ---- Elf32_Phdr: the image, its dynamic section */
phdrs:
	.long	1, 0, 0, 0	/* PT_LOAD, offset, vaddr, paddr */
	.long	OFF(end), OFF(end), 5 /* R|X */, 4096
	.long	2, OFF(dynamic), OFF(dynamic), OFF(dynamic) /* PT_DYNAMIC */
	.long	OFF(dynamic_end) - OFF(dynamic), OFF(dynamic_end) - OFF(dynamic)
	.long	4 /* R */, 4

/* ---- DT_HASH: one bucket, the chain visits every symbol */
	.balign	4
hash:
	.long	1, 6		/* nbucket, nchain */
	.long	5		/* bucket[0] */
	.long	0, 0, 1, 2, 3, 4 /* chain[] */

/* ---- DT_SYMTAB: Elf32_Sym name, value, size, info, other, shndx */
dynsym:
	.long	0, 0, 0
	.byte	0, 0
	.short	0
	.long	OFF(s_vsyscall), OFF(vsyscall), vsyscall_end - vsyscall
	.byte	0x12, 0		/* GLOBAL FUNC */
	.short	1
	.long	OFF(s_sigreturn), OFF(sigreturn), sigreturn_end - sigreturn
	.byte	0x12, 0
	.short	1
	.long	OFF(s_rt_sigreturn), OFF(rt_sigreturn), rt_sigreturn_end - rt_sigreturn
	.byte	0x12, 0
	.short	1
	.long	OFF(s_v25), 0, 0
	.byte	0x11, 0		/* GLOBAL OBJECT: the version symbol */
	.short	0xfff1		/* SHN_ABS */
	.long	OFF(s_v26), 0, 0
	.byte	0x11, 0
	.short	0xfff1

/* ---- DT_STRTAB */
dynstr:
	.byte	0
s_soname:	.asciz	"linux-gate.so.1"
s_v26:		.asciz	"LINUX_2.6"
s_v25:		.asciz	"LINUX_2.5"
s_vsyscall:	.asciz	"__kernel_vsyscall"
s_sigreturn:	.asciz	"__kernel_sigreturn"
s_rt_sigreturn:	.asciz	"__kernel_rt_sigreturn"
dynstr_end:

/* ---- DT_VERSYM: index 1 base, 2 LINUX_2.6, 3 LINUX_2.5 */
	.balign	2
versym:
	.short	0, 3, 3, 3, 3, 2

/* ---- DT_VERDEF: Elf32_Verdef (20 bytes) + one Elf32_Verdaux (8) each;
 * vd_hash is the ELF hash of the name */
	.balign	4
verdef:
	.short	1, 1, 1, 1	/* version, VER_FLG_BASE, ndx 1, cnt */
	.long	0x0fcef091, 20, 28 /* hash("linux-gate.so.1"), aux, next */
	.long	s_soname - dynstr, 0
	.short	1, 0, 2, 1
	.long	0x03ae75f6, 20, 28 /* hash("LINUX_2.6") */
	.long	s_v26 - dynstr, 0
	.short	1, 0, 3, 1
	.long	0x03ae75f5, 20, 0 /* hash("LINUX_2.5") */
	.long	s_v25 - dynstr, 0

/* ---- DT_DYNAMIC */
	.balign	4
dynamic:
	.long	14, s_soname - dynstr	/* DT_SONAME */
	.long	4, OFF(hash)		/* DT_HASH */
	.long	5, OFF(dynstr)		/* DT_STRTAB */
	.long	6, OFF(dynsym)		/* DT_SYMTAB */
	.long	10, dynstr_end - dynstr	/* DT_STRSZ */
	.long	11, 16			/* DT_SYMENT */
	.long	0x6ffffffc, OFF(verdef)	/* DT_VERDEF */
	.long	0x6ffffffd, 3		/* DT_VERDEFNUM */
	.long	0x6ffffff0, OFF(versym)	/* DT_VERSYM */
	.long	0, 0			/* DT_NULL */
dynamic_end:

/* ---- text: compat-mode code (EXEC32_VDSO_* in exec32.h) */
	.code32
	.org	0x400
vsyscall:			/* __kernel_vsyscall */
	int	$0x80
	ret
vsyscall_end:
	.org	0x410
sigreturn:			/* __kernel_sigreturn: drop the signal number */
	popl	%eax
	movl	$119, %eax	/* __NR_sigreturn */
	int	$0x80
sigreturn_end:
	.org	0x420
rt_sigreturn:			/* __kernel_rt_sigreturn */
	movl	$173, %eax	/* __NR_rt_sigreturn */
	int	$0x80
rt_sigreturn_end:
	.code64
end:
vdso32_image_end:
	.section .note.GNU-stack,"",@progbits
