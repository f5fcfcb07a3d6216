/*
 * exec.h - run one program in a fresh guest address space: resolve #!
 * scripts, validate the ELF and its interpreter, lay out and map, build the
 * stack, install the trap, and jump. Returns only on failure, with the exit
 * status a shell would give (126 or 127) after printing the reason.
 */
#ifndef VMLOAD_EXEC_H
#define VMLOAD_EXEC_H

#include "vmload/config.h"

struct exec_args {
	const char *path;	/* file to run, as given to execve */
	int argc;
	char **argv;
	char **envp;
	int filter_inherited;	/* this is a guest's execve: filter is on */
	char *const *exec_prefix; /* options re-passed on guest execve */
};

int exec_run(const struct vml_config *cfg, const struct exec_args *a);

#endif
