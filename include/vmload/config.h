/*
 * config.h - the run configuration: what the user asked for, before any
 * number is computed. Filled from VMLOAD_* variables, then options; passed
 * unchanged to every program the guest execs.
 */
#ifndef VMLOAD_CONFIG_H
#define VMLOAD_CONFIG_H

#include <stddef.h>
#include <stdint.h>

enum vml_aspace {
	VML_ASPACE_3G,	/* TASK_SIZE 0xC0000000, ia32 constants */
	VML_ASPACE_4G,	/* TASK_SIZE 0xFFFFE000, ia32 constants */
	VML_ASPACE_47,	/* TASK_SIZE 0x7ffffffff000, x86-64 constants */
};

struct vml_config {
	enum vml_aspace aspace;
	int legacy;		/* 1: bottom-up from TASK_UNMAPPED_BASE */
	int aslr;		/* 0: as under setarch -R */
	int have_seed;		/* seed given by the user: reproducible */
	uint64_t seed;
	int have_stack;		/* stack limit given by the user */
	uint64_t stack_rlim;	/* RLIM_INFINITY = UINT64_MAX */
	uint64_t fault_around;	/* bytes granted per demand fault (64 KiB) */
	int stats;		/* 1: counters on stderr when a program ends */
};

#define VML_RLIM_INFINITY UINT64_MAX

void config_defaults(struct vml_config *cfg);
/*
 * Set one setting by name: "layout", "aspace", "aslr", "seed", "stack",
 * "fault_around", "stats".
 * Returns 0, or -1 with a message in err.
 */
int config_set(struct vml_config *cfg, const char *key, const char *val,
	       char *err, size_t errcap);
/* Apply every VMLOAD_* variable found in envp. Same return as config_set. */
int config_from_env(struct vml_config *cfg, char *const *envp, char *err,
		    size_t errcap);
/* Parse "8M", "1g", "65536", "unlimited" (bytes). -1 on error. */
int config_parse_size(const char *s, uint64_t *out);
const char *config_aspace_name(enum vml_aspace a);

#endif
