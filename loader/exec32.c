/*
 * exec32.c - the ia32 parts of the exec (see exec32.h).
 */
#include "exec32.h"

#include <elf.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmload/layout.h"
#include "vmload/mman.h"

void exec32_config(struct vml_config *cfg)
{
	if (cfg->aspace != VML_ASPACE_3G)
		cfg->aspace = VML_ASPACE_4G;
}

/*
 * The kernel's compat block is [vvar] (4 pages), [vvar_vclock] (2) and
 * [vdso] (2): the same 8 pages are taken here, so that everything mapped
 * after it lands where it does natively; the trampoline starts the last
 * two. (They show as anonymous mappings, not by those names.)
 */
#define VVAR_PAGES 6
#define VDSO_PAGES 2

long exec32_map_sysinfo(void)
{
	/* __kernel_vsyscall without sysenter: int $0x80; ret */
	static const unsigned char code[] = { 0xcd, 0x80, 0xc3 };
	long a = mman_map(0, (VVAR_PAGES + VDSO_PAGES) * VML_PAGE, PROT_READ,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t vdso = (uintptr_t)a + VVAR_PAGES * VML_PAGE;
	int r;

	if (a < 0)
		return a;
	r = mman_protect(vdso, VDSO_PAGES * VML_PAGE, PROT_READ | PROT_WRITE);
	if (r < 0)
		return r;
	memcpy((void *)vdso, code, sizeof code);
	r = mman_protect(vdso, VDSO_PAGES * VML_PAGE, PROT_READ | PROT_EXEC);
	return r < 0 ? r : (long)vdso;
}

void exec32_fill_auxv(struct stack_spec *s, const struct exec32_aux *x)
{
	struct auxv_pair *a = s->aux;
	int n = 0;

#define AUX(t, v) (a[n].type = (t), a[n].val = (uint64_t)(v), n++)
	/* ARCH_DLINFO_IA32: AT_SYSINFO; no AT_SYSINFO_EHDR (no vDSO image) */
	if (x->sysinfo)
		AUX(AT_SYSINFO, x->sysinfo);
	AUX(AT_MINSIGSTKSZ, getauxval(AT_MINSIGSTKSZ));
	AUX(AT_HWCAP, getauxval(AT_HWCAP));
	AUX(AT_PAGESZ, 4096);
	AUX(AT_CLKTCK, getauxval(AT_CLKTCK));
	AUX(AT_PHDR, x->phdr);
	AUX(AT_PHENT, sizeof(Elf32_Phdr));
	AUX(AT_PHNUM, x->phnum);
	AUX(AT_BASE, x->base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, x->entry);
	AUX(AT_UID, getuid());
	AUX(AT_EUID, geteuid());
	AUX(AT_GID, getgid());
	AUX(AT_EGID, getegid());
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, 0);
	AUX(AT_HWCAP2, getauxval(AT_HWCAP2));
	AUX(AT_EXECFN, 0);
	AUX(AT_PLATFORM, 0);
	if (getauxval(27))
		AUX(27 /* AT_RSEQ_FEATURE_SIZE */, getauxval(27));
	if (getauxval(28))
		AUX(28 /* AT_RSEQ_ALIGN */, getauxval(28));
#undef AUX
	s->naux = n;
	s->word = 4;
	s->platform = EXEC32_PLATFORM;
}
