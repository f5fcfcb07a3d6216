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

/* VMLOAD_PLACE: where the allocations the program does not place itself go */
enum vml_place {
	VML_PLACE_KERNEL,	/* where the kernel puts them */
	VML_PLACE_HIGH,		/* at or above 2 GiB (3g/4g), 4 GiB (47-bit) */
	VML_PLACE_LOW,		/* below 2 GiB while they fit */
};

/* VMLOAD_KERNEL: whose layout rules */
enum vml_kernel {
	VML_KERNEL_CURRENT,	/* this kernel's (6.x): "6", "current" */
	VML_KERNEL_2_6_9,	/* i386 2.6.9 (2004), the 3g window only: no
				   randomization, legacy also for an unlimited
				   stack, ELF_ET_DYN_BASE TASK_SIZE/3*2,
				   mmap_base without the guard pad, no vDSO */
};

/* VMLOAD_TRACE categories */
#define VML_TRACE_MM		0x01u	/* brk/mmap family: call and result */
#define VML_TRACE_FAULT		0x02u	/* demand faults and their outcome */
#define VML_TRACE_SYSCALL	0x04u	/* every trapped call, decoded */
#define VML_TRACE_EXEC		0x08u	/* execve: the program and layout */
#define VML_TRACE_SIGNAL	0x10u	/* signals delivered to the guest */
#define VML_TRACE_ALL		0x1fu

#define VML_PATH_MAX 512

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
	int place;		/* enum vml_place */
	int kernel;		/* enum vml_kernel */
	int report;		/* 1: crash report for a fatal fault (default) */
	char report_file[VML_PATH_MAX];	/* "": stderr */
	unsigned trace;		/* VML_TRACE_* */
	char trace_file[VML_PATH_MAX];	/* "": stderr */
	char map[VML_PATH_MAX];	/* "": no picture; "txt": text on stderr;
				   else a file, .svg or .txt by its name
				   (.maps: the raw form, for --compare) */
	int map_owner;		/* pid of the process that draws the map
				   (carried across guest exec); 0: this one */
};

#define VML_RLIM_INFINITY UINT64_MAX

void config_defaults(struct vml_config *cfg);
/*
 * Set one setting by name: "layout", "aspace", "aslr", "seed", "stack",
 * "fault_around", "stats", "place", "kernel", "report", "trace", "trace_file",
 * "map". "kernel" takes "6" or "current" (the default) or "2.6.9".
 * "report" takes 0/1 or a file name (the report goes there); "map" takes
 * "svg" (the file vmload-map.svg), "txt" (stderr) or a file name ending in
 * .svg or .txt (or .maps, the raw form --compare reads); "map_owner" a pid
 * (internal: carried by a guest's exec); "trace" a comma-separated subset of mm, fault, syscall,
 * exec, signal (or "all", or "0"/"" for none).
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
const char *config_place_name(int place);
const char *config_kernel_name(int kernel);
/* "mm,fault" for a trace mask, into buf; "0" when empty. */
const char *config_trace_name(unsigned trace, char *buf, size_t cap);

#endif
