/*
 * check.h - what the paging/ guest programs share: a table of named
 * checks and the main loop that runs them, the deadline, anonymous
 * mappings, forking and reaping children, and naming a wait status.
 *
 * Each program is a table of checks, each of which prints its own
 * "name: result" lines; main() calls check_start() and then check_run(),
 * which runs the checks named on the command line, or all of them.
 * Including it also brings in the libc headers every program uses.
 */
#ifndef PAGING_CHECK_H
#define PAGING_CHECK_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL

struct check {
	const char *name;
	void (*fn)(void);
};

/*
 * stdout line-buffered (nothing pending for a fork to copy), and a
 * deadline: a hung check dies by SIGALRM instead of blocking the suite.
 */
static inline void check_start(unsigned seconds)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(seconds);
}

/*
 * Runs checks[0..n) in order, or only those named in argv; after() (if
 * not NULL) follows each check that ran.
 */
static inline void check_run_n(const struct check *checks, size_t n,
			       int argc, char **argv, void (*after)(void))
{
	for (size_t i = 0; i < n; i++) {
		int run = argc < 2;

		for (int k = 1; k < argc; k++)
			run |= !strcmp(argv[k], checks[i].name);
		if (run) {
			checks[i].fn();
			if (after)
				after();
		}
	}
}

/* check_run(checks, argc, argv, after) for an array checks[] */
#define check_run(checks, argc, argv, after)                                  \
	check_run_n(checks, sizeof(checks) / sizeof((checks)[0]), argc, argv, \
		    after)

/*
 * An anonymous mapping of len bytes (flags: MAP_PRIVATE or MAP_SHARED and
 * any others); on failure the program exits 2.
 */
static inline char *check_map(size_t len, int prot, int flags)
{
	char *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

/*
 * fork() with stdout flushed; the child sets its own alarm(seconds): alarms
 * are not inherited, and a hung child must not outlive the test.
 */
static inline pid_t check_fork(unsigned seconds)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		alarm(seconds);
	return pid;
}

/* the wait status of child pid (-1 if it could not be waited for) */
static inline int check_reap(pid_t pid)
{
	int status = -1;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/*
 * A wait status as printed: "exit N", killed + the signal's abbreviation
 * (killed is e.g. "signal " or "killed by SIG"), or "status 0x..". The
 * result is static, overwritten by the next call.
 */
static inline const char *check_how(int status, const char *killed)
{
	static char buf[64];

	if (WIFEXITED(status))
		snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof buf, "%s%s", killed,
			 sigabbrev_np(WTERMSIG(status)));
	else
		snprintf(buf, sizeof buf, "status %#x", status);
	return buf;
}

#endif
