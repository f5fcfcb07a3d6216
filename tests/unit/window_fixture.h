/*
 * window_fixture.h - a guest window inside the test process, for the suites
 * that exercise mman and the pager: the 3g window (TASK_SIZE 0xC0000000,
 * no randomization, 8 MiB stack rlimit) reserved at host level, the
 * address space initialized, and demand paging live, so the test's own
 * accesses to guest memory fault in like a guest's.
 */
#ifndef VMLOAD_WINDOW_FIXTURE_H
#define VMLOAD_WINDOW_FIXTURE_H

#include "vmload/layout.h"

/* Criterion asserts on failure; returns the layout it computed. */
struct vml_layout window_fixture(int legacy);
/* The same with a VMLOAD_PLACE placement (enum vml_place). */
struct vml_layout window_fixture_place(int legacy, int place);

#endif
