/*
 * compare.c - both layouts side by side (compare.h).
 *
 * Each run is `vmload OPTS --layout=L --map=TMP.maps -- PROGRAM ARGS`: the
 * runtime of that run leaves its address space in TMP in the raw form
 * (mapdraw_dump_write) when the program ends, even by a crash; this
 * process reads both and draws them with the same renderer as --map.
 */
#include "compare.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vmload/mapdraw.h"

#define NRUNS 2

static const char *const layouts[NRUNS] = { "legacy", "topdown" };

/* A temporary file name for a run's raw map; "" on failure. */
static void temp_name(char *buf, size_t cap)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(buf, cap, "%s/vmload-compare-XXXXXX.maps",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemps(buf, 5);
	if (fd < 0)
		buf[0] = '\0';
	else
		close(fd);
}

/* Run the program under one layout; its wait status, or -1. */
static int run_one(const struct vml_config *cfg, char *const *opts,
		   char **argv, int legacy, const char *tmp)
{
	char layout[32], map[2 * VML_PATH_MAX + 16], seed[40];
	char **v;
	size_t n = 0, nopts = 0, nargs = 0;
	int st;
	pid_t pid;

	while (opts[nopts])
		nopts++;
	while (argv[nargs])
		nargs++;
	v = calloc(nopts + nargs + 8, sizeof *v);
	if (!v)
		return -1;
	snprintf(layout, sizeof layout, "--layout=%s", layouts[!legacy]);
	snprintf(map, sizeof map, "--map=%s", tmp);
	/* the user's own seed, not the one derived for an exec'd child */
	snprintf(seed, sizeof seed, "--seed=%llu", (unsigned long long)cfg->seed);
	v[n++] = "vmload";
	memcpy(v + n, opts, nopts * sizeof *v);
	n += nopts;
	v[n++] = layout;
	v[n++] = map;
	v[n++] = "--map-owner=0";
	if (cfg->have_seed)
		v[n++] = seed;
	v[n++] = "--";
	memcpy(v + n, argv, nargs * sizeof *v);
	fflush(NULL);
	/* glibc's fork() does not link into the static runtime (its atfork
	 * hooks); the child only execs */
	pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
	if (pid == 0) {
		int pers = personality(0xffffffff);

		/* setarch -L would turn the top-down run legacy too */
		if (!legacy && pers != -1 && (pers & ADDR_COMPAT_LAYOUT))
			personality((unsigned long)pers & ~ADDR_COMPAT_LAYOUT);
		execv("/proc/self/exe", v);
		fprintf(stderr, "vmload: --compare: cannot run vmload: %s\n",
			strerror(errno));
		_exit(126);
	}
	free(v);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void describe(char *buf, size_t cap, int st)
{
	if (st == -1)
		snprintf(buf, cap, "did not start");
	else if (WIFSIGNALED(st))
		snprintf(buf, cap, "was killed by signal %d", WTERMSIG(st));
	else
		snprintf(buf, cap, "exited with status %d", WEXITSTATUS(st));
}

/* Read a run's raw map; 0, or -1 after saying why. */
static int load(const char *tmp, struct mapdraw_space *s, int legacy, int st)
{
	FILE *f = tmp[0] ? fopen(tmp, "re") : NULL;
	char how[64];
	int r = f ? mapdraw_dump_read(f, s) : -ENOENT;

	if (f)
		fclose(f);
	if (r == 0) {
		mapdraw_classify(s);
		return 0;
	}
	describe(how, sizeof how, st);
	fprintf(stderr, "vmload: --compare: the %s run left no map (it %s)\n",
		layouts[!legacy], how);
	return -1;
}

static int draw(const char *dest, const struct mapdraw_space *const *sp,
		int n, const char *const *heads)
{
	size_t len = strlen(dest);
	int txt = !strcmp(dest, "txt") || (len > 4 && !strcmp(dest + len - 4, ".txt"));
	FILE *f = strcmp(dest, "txt") ? fopen(dest, "we") : stderr;
	int r;

	if (!f) {
		fprintf(stderr, "vmload: --compare: %s: %s\n", dest, strerror(errno));
		return -1;
	}
	r = txt ? mapdraw_txt(f, sp, n, heads) : mapdraw_svg(f, sp, n, heads);
	if (f != stderr && fclose(f) != 0)
		r = -EIO;
	if (r < 0)
		fprintf(stderr, "vmload: --compare: %s: %s\n", dest, strerror(-r));
	return r;
}

int compare_run(const struct vml_config *cfg, char *const *opts,
		char **argv, const char *dest)
{
	static const char *const names[NRUNS] = { "legacy layout",
						  "top-down layout" };
	struct mapdraw_space s[NRUNS];
	const struct mapdraw_space *cols[NRUNS];
	const char *heads[NRUNS];
	char tmp[NRUNS][VML_PATH_MAX];
	int st[NRUNS], n = 0;

	for (int i = 0; i < NRUNS; i++) {
		temp_name(tmp[i], sizeof tmp[i]);
		st[i] = tmp[i][0] ? run_one(cfg, opts, argv, i == 0, tmp[i]) : -1;
		if (load(tmp[i], &s[i], i == 0, st[i]) == 0) {
			cols[n] = &s[i];
			heads[n++] = names[i];
		} else {
			s[i].owned = 0;
		}
		if (tmp[i][0])
			unlink(tmp[i]);
	}
	if (n)
		draw(dest, cols, n, heads);
	for (int i = 0; i < NRUNS; i++)
		mapdraw_space_free(&s[i]);
	return st[NRUNS - 1];
}
