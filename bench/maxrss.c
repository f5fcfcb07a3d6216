/* maxrss FILE PROG [ARGS...]: run PROG (looked up in PATH) once with this
 * process's stdin, stdout and stderr, wait for it with wait4 and write
 * "PID STATUS MAXRSS" to FILE: the child's pid, its wait status and its
 * ru_maxrss in KiB (the largest resident set of the child and of the
 * descendants it waited for). Exits with the child's status (128 + signal
 * when killed).
 *
 * bench/bench.py runs its untimed measurement runs through this helper,
 * built -static: at execve the kernel carries the old address space's peak
 * RSS into the new program's, so a program started directly from Python
 * would report at least the harness's own RSS (~20 MiB); started from this
 * helper it inherits only the helper's few hundred KiB. */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	pid_t pid;
	struct rusage ru;
	int st, e;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: maxrss FILE PROG [ARGS...]\n");
		return 2;
	}
	e = posix_spawnp(&pid, argv[2], NULL, NULL, argv + 2, environ);
	if (e) {
		fprintf(stderr, "maxrss: %s: %s\n", argv[2], strerror(e));
		return 127;
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("maxrss: wait4");
		return 1;
	}
	f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%d %d %ld\n", (int)pid, st, ru.ru_maxrss) < 0 || fclose(f)) {
		perror("maxrss: write");
		return 1;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
