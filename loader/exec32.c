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
 * The kernel's compat block on 6.18 (KERNEL-FACTS §3): [vvar] (4 pages),
 * [vvar_vclock] (2) and [vdso] (2), placed by get_unmapped_area(NULL, 0,
 * size) after the program and interpreter. The same block, named the same,
 * is mapped here; the vvar pages read as zeros (nothing in vdso32.S reads
 * them) and the [vdso] pages hold the image.
 */
#define VVAR_PAGES 4
#define VCLOCK_PAGES 2
#define VDSO_PAGES 2

extern const unsigned char vdso32_image[], vdso32_image_end[];

static int fill_vdso(uintptr_t vdso)
{
	size_t n = (size_t)(vdso32_image_end - vdso32_image);
	int r = mman_protect(vdso, VDSO_PAGES * VML_PAGE, PROT_READ | PROT_WRITE);

	if (r < 0)
		return r;
	memcpy((void *)vdso, vdso32_image, n);
	return mman_protect(vdso, VDSO_PAGES * VML_PAGE, PROT_READ | PROT_EXEC);
}

long exec32_map_vdso(void)
{
	long a = mman_map(0, (VVAR_PAGES + VCLOCK_PAGES + VDSO_PAGES) * VML_PAGE,
			  PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t vclock = (uintptr_t)a + VVAR_PAGES * VML_PAGE;
	uintptr_t vdso = vclock + VCLOCK_PAGES * VML_PAGE;
	int r;

	if (a < 0)
		return a;
	r = fill_vdso(vdso);
	if (r == 0)
		r = mman_name_special((uintptr_t)a, VVAR_PAGES * VML_PAGE, "[vvar]");
	if (r == 0)
		r = mman_name_special(vclock, VCLOCK_PAGES * VML_PAGE,
				      "[vvar_vclock]");
	if (r == 0)
		r = mman_name_special(vdso, VDSO_PAGES * VML_PAGE, "[vdso]");
	return r < 0 ? r : (long)vdso;
}

void exec32_fill_auxv(struct stack_spec *s, const struct exec32_aux *x)
{
	struct auxv_pair *a = s->aux;
	int n = 0;

#define AUX(t, v) (a[n].type = (t), a[n].val = (uint64_t)(v), n++)
	/* ARCH_DLINFO_IA32: both only with the vDSO mapped */
	if (x->vdso) {
		AUX(AT_SYSINFO, x->vdso + EXEC32_VDSO_VSYSCALL);
		AUX(AT_SYSINFO_EHDR, x->vdso);
	}
#undef AUX
	stack_aux_tail(s, n, &(struct stack_image){
		.phdr = x->phdr, .phent = sizeof(Elf32_Phdr), .phnum = x->phnum,
		.base = x->base, .entry = x->entry });
	s->word = 4;
	s->platform = EXEC32_PLATFORM;
}
