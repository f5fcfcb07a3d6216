/*
 * window_fixture.c - see window_fixture.h.
 */
#include "window_fixture.h"

#include <criterion/criterion.h>

#include "base.h"
#include "mm_int.h"
#include "entry.h"
#include "vmload/config.h"
#include "vmload/mman.h"
#include "vsig.h"
#include "window.h"

struct vml_layout window_fixture(int legacy)
{
	return window_fixture_place(legacy, VML_PLACE_KERNEL);
}

struct vml_layout window_fixture_place(int legacy, int place)
{
	struct vml_config cfg;
	struct vml_layout l;
	struct vml_rng rng = { 1 };
	struct window_zone zones[WINDOW_MAX_ZONES];
	int n = 0;

	config_defaults(&cfg);
	cfg.aspace = VML_ASPACE_3G;
	cfg.aslr = 0;
	cfg.legacy = legacy;
	cfg.place = place;
	cfg.stack_rlim = 8UL << 20;
	cr_assert_eq(arena_init(), 0);
	layout_init(&l, &cfg, 0x10000, &rng);
	cr_assert_eq(window_init(&l, zones, &n), 0);
	as_init(&l);
	cr_assert_eq(current_init_main(), 0);
	cr_assert_eq(entry_install_faults(NULL), 0);
	vsig_guest_started();
	for (int i = 0; i < n; i++)
		cr_assert_eq(mman_add_host_zone(zones[i].lo, zones[i].hi), 0);
	return l;
}
