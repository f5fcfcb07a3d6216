/*
 * entry.c - installing the entries (entry.h; normal context, before the
 * guest runs).
 */
#include "entry_int.h"

#include <linux/errno.h>
#include <signal.h>

#include "base.h"
#include "vsig.h"

int entry_install_faults(void (*fallback)(int, siginfo_t *, void *))
{
	struct vsig_entries e = {
		.fault = fault_handler, .async = fault_async_handler,
		.restorer = entry_restorer, .fallback = fallback,
	};
	/* on the runtime's per-thread altstack (base.h current), which is
	 * how the handler finds its thread block; SIGSYS stays deliverable,
	 * a fault inside the runtime's own handling of a trap */
	struct ksigaction sa = {
		.handler = (uintptr_t)fault_handler,
		.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_RESTORER,
		.restorer = (uintptr_t)entry_restorer,
		.mask = ~SIG_BIT(SIGSYS),
	};

	vsig_init(&e);
	if (host_sigaction(SIGSEGV, &sa, NULL) < 0 ||
	    host_sigaction(SIGBUS, &sa, NULL) < 0)
		return -EINVAL;
	return 0;
}

int entry_install_traps(int filter_inherited)
{
	/* every asynchronous signal blocked while a call is served; a fault
	 * on the way (the pager) and the synchronous signals stay
	 * deliverable; SA_NODEFER: a SIGSYS raised by the guest's handler
	 * while this one runs is not held back */
	struct ksigaction sa = {
		.handler = (uintptr_t)sigsys_handler,
		.flags = SA_SIGINFO | SA_NODEFER | SA_RESTART | SA_ONSTACK |
			 SA_RESTORER,
		.restorer = (uintptr_t)entry_restorer,
		.mask = ~SYNC_SIGS,
	};
	uintptr_t lo, hi;
	int r;

	systab_init();
	r = host_sigaction(SIGSYS, &sa, NULL);
	if (r < 0 || filter_inherited)
		return r;
	host_text_range(&lo, &hi);
	return filter_install(lo, hi);
}
