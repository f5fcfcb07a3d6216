/*
 * counters.c - the event counts VMLOAD_STATS reports (base.h;
 * async-signal-safe zone). The counts themselves are incremented where
 * the events happen (entry/, mm/); the line is written by observe/stats.c.
 */
#include "base.h"

#include <string.h>

static struct vml_counters mine, vfork_child;
static int owner;	/* counters_split: 0, or the pid counted in `mine` */

struct vml_counters *counters_mine(void)
{
	if (owner && host_getpid() != owner)
		return &vfork_child;
	return &mine;
}

void counters_split(int pid)
{
	owner = pid;
}

void counters_clear(struct vml_counters *c)
{
	memset(c, 0, sizeof *c);
}

void counters_fork_child(void)
{
	counters_clear(&mine);
	counters_clear(&vfork_child);
	if (owner)
		owner = host_getpid();
}
