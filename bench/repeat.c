/* repeat N PROG [ARGS...]: run PROG N times, one after the other, with
 * stdout on /dev/null, and fail (exit 1) if any run does not exit 0.
 * bench/run.sh times one `repeat` process per sample, so process-start
 * costs of a few hundred microseconds add up to something measurable and
 * the harness's own (Python) spawn cost is paid once per sample, not once
 * per run. repeat itself always runs natively. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: repeat N PROG [ARGS...]\n");
		return 2;
	}
	long n = strtol(argv[1], NULL, 10);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	for (long i = 0; i < n; i++) {
		pid_t pid;
		int st;
		int e = posix_spawnp(&pid, argv[2], &fa, NULL, argv + 2, environ);
		if (e) {
			fprintf(stderr, "repeat: %s: spawn failed (%d)\n", argv[2], e);
			return 1;
		}
		if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
			fprintf(stderr, "repeat: run %ld of %s: status 0x%x\n", i, argv[2], st);
			return 1;
		}
	}
	return 0;
}
