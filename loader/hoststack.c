/*
 * hoststack.c - the kernel gives vmload its stack near the top of the 47-bit
 * address space, anywhere in the 16 GiB STACK_RND_MASK range below
 * 0x7ffffffff000 (exactly at 0x7ffffffde000 under setarch -R). The guest's
 * kernel layout wants the same addresses: its stack top 0x7ffffffff000 and
 * mmap_base 0x7ffff7fff000 with the mappings below it. The host stack holds
 * vmload's argv, environment and auxiliary vector (glibc keeps pointers into
 * it), so it cannot simply be dropped; instead vmload, before it touches
 * anything, checks where the stack landed and, if it is in the guest's way,
 * execs itself again. Host randomization is forced on for that exec (the
 * user's ADDR_NO_RANDOMIZE and ADDR_COMPAT_LAYOUT are carried as an option
 * and given back to the process at once, so the guest and its children see
 * the personality they were given); each try keeps the stack out of the way
 * with a probability of about 7/8.
 */
#include "hoststack.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/personality.h>
#include <unistd.h>

#include "vmload/layout.h"

#define MAX_TRIES 16
#define GUEST_HEADROOM (1UL << 30)  /* guest mappings below mmap_base */
#define STACK_CLAIM_MAX (1UL << 30) /* guest stack growth considered */
#define HOST_STACK_ROOM (1UL << 20) /* host stack growth below sp */

int hoststack_parse(struct hoststack_state *h, const char *val)
{
	char *end;

	h->tries = (int)strtol(val, &end, 10);
	if (*end != ':' || h->tries < 0)
		return -1;
	h->pers = strtol(end + 1, &end, 0);
	return *end ? -1 : 0;
}

void hoststack_restore_personality(const struct hoststack_state *h)
{
	if (h->pers >= 0)
		personality((unsigned long)h->pers);
}

/* The lowest address the guest's kernel layout is expected to use near the
 * top of the window: its stack growth and what sits below mmap_base. */
static uint64_t guest_claim_lo(const struct vml_config *cfg)
{
	uint64_t top = layout_task_size(cfg->aspace);
	uint64_t rlim = cfg->stack_rlim < STACK_CLAIM_MAX ? cfg->stack_rlim
							  : STACK_CLAIM_MAX;
	uint64_t lo = top - rlim - VML_STACK_GUARD_GAP;
	uint64_t base = layout_mmap_base(top, cfg->stack_rlim, 0, 0, 0);

	if (!cfg->legacy && base < lo && base > top / 2)
		lo = base;
	return lo - GUEST_HEADROOM;
}

/* [lo, hi) of the host stack: from below the current frame to the page
 * above AT_EXECFN, the highest string the kernel put there. */
static int host_stack_overlaps(uint64_t lo, uint64_t hi)
{
	uint64_t sp = (uint64_t)(uintptr_t)__builtin_frame_address(0);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	uint64_t top = execfn ? VML_PAGE_ALIGN((uintptr_t)execfn +
					       strlen(execfn) + 8)
			      : sp + HOST_STACK_ROOM;

	return sp - HOST_STACK_ROOM < hi && top > lo;
}

void hoststack_reexec_if_in_the_way(const struct vml_config *cfg,
				    const struct hoststack_state *h,
				    int argc, char **argv)
{
	long pers = personality(0xffffffff);
	char **v, opt[64];
	int n = 0, guest = argc > 1 && !strcmp(argv[1], "--guest-exec");
	int first = guest ? 2 : 1;

	if (cfg->aspace != VML_ASPACE_47 || h->tries >= MAX_TRIES ||
	    !host_stack_overlaps(guest_claim_lo(cfg),
				 layout_task_size(cfg->aspace)))
		return;
	v = calloc((size_t)argc + 2, sizeof *v);
	if (!v)
		return;
	snprintf(opt, sizeof opt, HOSTSTACK_OPT "%d:%#lx", h->tries + 1,
		 pers == -1 ? 0UL : (unsigned long)pers);
	v[n++] = argv[0];
	if (guest)
		v[n++] = argv[1];
	v[n++] = opt;
	/* a previous try's option sits first */
	if (first < argc &&
	    !strncmp(argv[first], HOSTSTACK_OPT, strlen(HOSTSTACK_OPT)))
		first++;
	for (int i = first; i < argc; i++)
		v[n++] = argv[i];
	if (pers != -1)
		personality((unsigned long)pers &
			    ~(unsigned long)(ADDR_NO_RANDOMIZE | ADDR_COMPAT_LAYOUT));
	execv("/proc/self/exe", v);
	if (pers != -1)
		personality((unsigned long)pers);
	free(v);
}
