/*
 * hoststack.h - keep the host's own stack out of the guest's 47-bit layout
 * (DESIGN D2; README "The 47-bit window and the host").
 */
#ifndef VMLOAD_HOSTSTACK_H
#define VMLOAD_HOSTSTACK_H

#include "vmload/config.h"

/* The internal option a re-exec carries: "--host-exec=TRIES:PERSONALITY". */
#define HOSTSTACK_OPT "--host-exec="

struct hoststack_state {
	int tries;	/* re-execs so far */
	long pers;	/* the personality vmload was started with; -1: the live one */
};

/* Parse the value of HOSTSTACK_OPT (after the '='). 0 or -1. */
int hoststack_parse(struct hoststack_state *h, const char *val);
/* In a re-exec'd vmload: give the process back the personality the user
 * started vmload with (setarch -R/-L around it), before anything reads it. */
void hoststack_restore_personality(const struct hoststack_state *h);
/*
 * If the kernel put vmload's stack where the guest's layout will want the
 * addresses (the top of the 47-bit window, down to below mmap_base), exec
 * vmload again, with host randomization on, until it lands elsewhere.
 * Returns only when there is nothing to do or the exec failed.
 */
void hoststack_reexec_if_in_the_way(const struct vml_config *cfg,
				    const struct hoststack_state *h,
				    int argc, char **argv);

#endif
