/*
 * compare.h - `vmload --compare PROGRAM`: run the program twice, under the
 * legacy and the top-down layout (each a fresh vmload with the same other
 * settings), and draw both address spaces side by side, as they were when
 * each run ended.
 */
#ifndef VMLOAD_COMPARE_H
#define VMLOAD_COMPARE_H

#include "vmload/config.h"

/*
 * opts: the options each run gets (exec_prefix() without its first two
 * entries, NULL-terminated); argv: PROGRAM and its arguments; dest: "txt"
 * (the text diagram on stderr) or an absolute file name ending in .svg or
 * .txt. The runs are sequential, legacy first. Returns the top-down run's
 * wait status (as waitpid gives it), or -1 when it could not be started.
 */
int compare_run(const struct vml_config *cfg, char *const *opts,
		char **argv, const char *dest);

#endif
