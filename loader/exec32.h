/*
 * exec32.h - what an ia32 (ELFCLASS32/EM_386) program gets that an x86-64
 * one does not (DESIGN D12; KERNEL-FACTS §1, §5): the compat window, the
 * compat vDSO (vdso32.S), the ia32 auxv, and the entry
 * into compat mode.
 */
#ifndef VMLOAD_EXEC32_H
#define VMLOAD_EXEC32_H

#include <stdint.h>

#include "stack.h"
#include "vmload/config.h"

#define EXEC32_PLATFORM "i686"	/* COMPAT_ELF_PLATFORM */

/* The window of an ia32 program: 3g when asked for (ADDR_LIMIT_3GB),
 * else 4g, the compat TASK_SIZE (47 means nothing to a 32-bit program). */
void exec32_config(struct vml_config *cfg);

/* Offsets in the vDSO image (vdso32.S .org): AT_SYSINFO is
 * [vdso] + EXEC32_VDSO_VSYSCALL; a signal frame without SA_RESTORER
 * returns to [vdso] + EXEC32_VDSO_SIGRETURN / _RT_SIGRETURN. */
#define EXEC32_VDSO_VSYSCALL		0x400
#define EXEC32_VDSO_SIGRETURN		0x410
#define EXEC32_VDSO_RT_SIGRETURN	0x420

/* Map the compat vDSO block ([vvar], [vvar_vclock], [vdso], the kernel's
 * sizes) where the kernel maps it: after the program and interpreter, by
 * get_unmapped_area. The [vdso] address, or -errno. */
long exec32_map_vdso(void);

/* The auxv of ARCH_DLINFO_IA32 + create_elf_tables, without AT_NULL. */
struct exec32_aux {
	uint64_t vdso, phdr, phnum, base, entry;	/* vdso: 0 = none */
};
void exec32_fill_auxv(struct stack_spec *s, const struct exec32_aux *x);


#endif
