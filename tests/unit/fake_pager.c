/*
 * fake_pager.c - records pager calls instead of granting pages (see
 * fake_pager.h). Linked into a unit executable ahead of the runtime
 * library, so the real pager is never pulled in.
 */
#include "fake_pager.h"

#include "mm.h"

struct fake_pager_call fake_pager_calls[FAKE_PAGER_MAX];
int fake_pager_n;

void fake_pager_reset(void)
{
	fake_pager_n = 0;
}

static void record(enum fake_pager_op op, uintptr_t addr, size_t len,
		   int write)
{
	if (fake_pager_n < FAKE_PAGER_MAX)
		fake_pager_calls[fake_pager_n] = (struct fake_pager_call){
			op, addr, len, write };
	fake_pager_n++;
}

void pager_prepare(uintptr_t addr, size_t len, int write)
{
	record(FP_PREPARE, addr, len, write);
}

void pager_prepare_str(uintptr_t addr, size_t cap)
{
	record(FP_PREPARE_STR, addr, cap, 0);
}

void pager_pin(uintptr_t addr, size_t len)
{
	record(FP_PIN, addr, len, 1);
}
