/*
 * fake_pager.h - a stand-in for the pager (src/pager.h) in unit suites that
 * only need to see what would be prepared: every pager_prepare,
 * pager_prepare_str and pager_pin call is recorded, in order, and nothing
 * else happens.
 */
#ifndef VMLOAD_FAKE_PAGER_H
#define VMLOAD_FAKE_PAGER_H

#include <stddef.h>
#include <stdint.h>

enum fake_pager_op { FP_PREPARE, FP_PREPARE_STR, FP_PIN };

struct fake_pager_call {
	enum fake_pager_op op;
	uintptr_t addr;
	size_t len;	/* cap for FP_PREPARE_STR */
	int write;	/* FP_PREPARE only; 1 for FP_PIN, 0 for strings */
};

#define FAKE_PAGER_MAX 4096

extern struct fake_pager_call fake_pager_calls[FAKE_PAGER_MAX];
extern int fake_pager_n;	/* calls recorded (may exceed the array) */

void fake_pager_reset(void);

#endif
