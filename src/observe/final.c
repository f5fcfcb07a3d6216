/*
 * final.c - entering the terminal path (final.h).
 */
#include "observe.h"

#include <stdint.h>

#include "base.h"

static int owner;		/* tid inside the terminal path, or 0 */
static uint64_t saved_fs;	/* the owner's FS base before final_enter */

int final_enter(void)
{
	int tid = host_gettid(), expect = 0;

	if (!current_thread())
		return 0;
	if (!__atomic_compare_exchange_n(&owner, &expect, tid, 0,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED) &&
	    expect != tid)
		return 0;
	saved_fs = fsbase_use_libc_tls(0);
	return 1;
}

void final_leave(void)
{
	fsbase_use_libc_tls(saved_fs);
	__atomic_store_n(&owner, 0, __ATOMIC_RELEASE);
}
