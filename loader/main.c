/*
 * main.c - command line and configuration; the only place that exits.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compare.h"
#include "diag.h"
#include "exec.h"
#include "hoststack.h"
#include "vmload/config.h"
#include "vmload/layout.h"

#ifndef VMLOAD_VERSION
#define VMLOAD_VERSION "0.1.0"
#endif

extern char **environ;

static void usage(FILE *f)
{
	fputs("usage: vmload [options] [--] PROGRAM [ARGS...]\n"
	      "Run PROGRAM with its address space laid out and managed by vmload.\n"
	      "\n"
	      "options (each has an environment variable, inherited by programs the\n"
	      "guest runs; options win over the environment):\n"
	      "  --layout=legacy|topdown  VMLOAD_LAYOUT  mmap area direction (topdown)\n"
	      "  --aspace=3g|4g|47        VMLOAD_ASPACE  guest TASK_SIZE: 0xC0000000,\n"
	      "                                          0xFFFFE000 or 0x7ffffffff000 (47)\n"
	      "  --aslr=0|1, -R           VMLOAD_ASLR    randomization (1); -R turns it off\n"
	      "  --seed=N                 VMLOAD_SEED    randomize from a seed: same seed,\n"
	      "                                          same layout\n"
	      "  --stack=SIZE             VMLOAD_STACK   stack limit used for the layout\n"
	      "                                          (default: RLIMIT_STACK)\n"
	      "  --fault-around=SIZE      VMLOAD_FAULT_AROUND  granted per demand\n"
	      "                                          fault (64K)\n"
	      "  --stats=0|1              VMLOAD_STATS   counters on stderr at exit (0)\n"
	      "  --place=high|low|kernel  VMLOAD_PLACE   put every allocation the program\n"
	      "                                          does not place itself above 2 GiB\n"
	      "                                          (4 GiB in the 47-bit window), or\n"
	      "                                          below 2 GiB (kernel)\n"
	      "  --kernel=6|2.6.9         VMLOAD_KERNEL  whose layout rules: this kernel's\n"
	      "                                          (6), or i386 2.6.9's (2004; needs\n"
	      "                                          --aspace=3g)\n"
	      "  --report=0|1|FILE        VMLOAD_REPORT  crash report on a fatal fault:\n"
	      "                                          on stderr (1), off, or to FILE\n"
	      "  --trace=LIST             VMLOAD_TRACE   one line per event, LIST from\n"
	      "                                          mm,fault,syscall,exec,signal|all\n"
	      "  --trace-file=FILE        VMLOAD_TRACE_FILE  trace there, not on stderr\n"
	      "  --map[=svg|txt|FILE]     VMLOAD_MAP     draw the address space at exit:\n"
	      "                                          vmload-map.svg, text on stderr,\n"
	      "                                          or FILE (.svg or .txt)\n"
	      "  --compare[=svg|txt|FILE]                run PROGRAM twice, legacy then\n"
	      "                                          top-down, and draw both side by\n"
	      "                                          side: vmload-compare.svg, text on\n"
	      "                                          stderr, or FILE (.svg or .txt);\n"
	      "                                          the status is the top-down run's\n"
	      "  -h, --help               this text\n"
	      "  -V, --version            version\n"
	      "\n"
	      "exit status: the program's; 127 if it is not found, 126 if it cannot run.\n",
	      f);
}

static int die_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "vmload: %s%s\n", msg, arg ? arg : "");
	fputs("Try 'vmload --help'.\n", stderr);
	return 2;
}

struct opts {
	struct vml_config cfg;
	char compare[VML_PATH_MAX];	/* --compare: "" off, "txt", or a file */
	int guest_exec;
	struct hoststack_state host;	/* --host-exec: a re-exec (hoststack.c) */
	int argi;	/* index of PROGRAM */
};

static int set_opt(struct opts *o, const char *key, const char *val)
{
	char err[256];

	if (config_set(&o->cfg, key, val, err, sizeof err) < 0)
		return die_usage(err, NULL);
	return 0;
}

/* --key=value or --key value; returns 0, or an exit status. */
static int parse_long(struct opts *o, int argc, char **argv, int *i)
{
	/* option name, config key */
	static const char *const keys[][2] = {
		{ "layout", "layout" }, { "aspace", "aspace" }, { "aslr", "aslr" },
		{ "seed", "seed" }, { "stack", "stack" },
		{ "fault-around", "fault_around" }, { "stats", "stats" },
		{ "place", "place" }, { "kernel", "kernel" },
		{ "report", "report" },
		{ "trace", "trace" }, { "trace-file", "trace_file" },
		{ "map", "map" }, { "map-owner", "map_owner" },
	};
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
	size_t klen = eq ? (size_t)(eq - arg) : strlen(arg);

	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		if (strlen(keys[k][0]) != klen || strncmp(arg, keys[k][0], klen))
			continue;
		if (eq)
			return set_opt(o, keys[k][1], eq + 1);
		if (!strcmp(keys[k][1], "map"))	/* its value is optional */
			return set_opt(o, "map", "svg");
		if (*i + 1 >= argc)
			return die_usage("missing value for ", argv[*i]);
		return set_opt(o, keys[k][1], argv[++*i]);
	}
	return die_usage("unknown option ", argv[*i]);
}

/* --compare[=svg|txt|FILE]; 0 or an exit status. */
static int set_compare(struct opts *o, const char *a)
{
	const char *val = a[9] == '=' ? a + 10 : "svg";
	size_t n = strlen(val);

	if (!strcmp(val, "svg") || !strcmp(val, "1"))
		val = "vmload-compare.svg";
	else if (strcmp(val, "txt") &&
		 (n < 5 || (strcmp(val + n - 4, ".svg") && strcmp(val + n - 4, ".txt"))))
		return die_usage("--compare: expected svg, txt, or a file name "
				 "ending in .svg or .txt, not ", val);
	if (strlen(val) >= sizeof o->compare)
		return die_usage("--compare: file name too long", NULL);
	strcpy(o->compare, val);
	return 0;
}

static int parse_opts(struct opts *o, int argc, char **argv)
{
	int i, r;

	/* a guest's exec: carried options first, its environment may override */
	o->guest_exec = argc > 1 && !strcmp(argv[argc > 1 ? 1 : 0], "--guest-exec");
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (!strcmp(a, "--guest-exec"))
			continue;
		if (!strncmp(a, HOSTSTACK_OPT, strlen(HOSTSTACK_OPT))) {
			if (hoststack_parse(&o->host, a + strlen(HOSTSTACK_OPT)))
				return die_usage("bad internal option ", a);
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		}
		if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("vmload %s\n", VMLOAD_VERSION);
			exit(0);
		}
		if (!strcmp(a, "-R")) {
			o->cfg.aslr = 0;
			continue;
		}
		if (a[1] != '-')
			return die_usage("unknown option ", a);
		if (!strncmp(a, "--compare", 9) && (a[9] == '\0' || a[9] == '='))
			r = set_compare(o, a);
		else
			r = parse_long(o, argc, argv, &i);
		if (r)
			return r;
	}
	o->argi = i;
	return 0;
}

/* PATH search as a shell does: the first executable regular file wins. */
static char *search_path(const char *name, int *status)
{
	const char *path = getenv("PATH");
	int found_nonexec = 0;

	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (1) {
		const char *colon = strchr(path, ':');
		size_t dlen = colon ? (size_t)(colon - path) : strlen(path);
		char *cand;
		struct stat st;

		if (asprintf(&cand, "%.*s%s%s", (int)dlen, dlen ? path : ".",
			     "/", name) < 0)
			break;
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(cand, X_OK) == 0)
				return cand;
			found_nonexec = 1;
		}
		free(cand);
		if (!colon)
			break;
		path = colon + 1;
	}
	*status = found_nonexec ? 126 : 127;
	fprintf(stderr, "vmload: %s: %s\n", name,
		found_nonexec ? "Permission denied" : "command not found");
	return NULL;
}

/* The options a guest's execve passes to the next vmload. */
static char **exec_prefix(const struct vml_config *cfg)
{
	char **v = calloc(24, sizeof *v);
	char tr[64];
	int n = 0;

	v[n++] = "vmload";
	v[n++] = "--guest-exec";
	if (asprintf(&v[n++], "--layout=%s", cfg->legacy ? "legacy" : "topdown") < 0 ||
	    asprintf(&v[n++], "--aspace=%s", config_aspace_name(cfg->aspace)) < 0 ||
	    asprintf(&v[n++], "--aslr=%d", cfg->aslr) < 0)
		exit(126);
	if (cfg->have_stack &&
	    asprintf(&v[n++], "--stack=%llu", (unsigned long long)cfg->stack_rlim) < 0)
		exit(126);
	if (asprintf(&v[n++], "--fault-around=%llu",
		     (unsigned long long)cfg->fault_around) < 0)
		exit(126);
	if (cfg->stats && !(v[n++] = strdup("--stats=1")))
		exit(126);
	if (asprintf(&v[n++], "--place=%s", config_place_name(cfg->place)) < 0 ||
	    asprintf(&v[n++], "--kernel=%s", config_kernel_name(cfg->kernel)) < 0 ||
	    asprintf(&v[n++], "--report=%s", cfg->report_file[0] ? cfg->report_file
				 : cfg->report ? "1" : "0") < 0 ||
	    asprintf(&v[n++], "--trace=%s",
		     config_trace_name(cfg->trace, tr, sizeof tr)) < 0 ||
	    (cfg->trace_file[0] &&
	     asprintf(&v[n++], "--trace-file=%s", cfg->trace_file) < 0) ||
	    (cfg->map[0] && asprintf(&v[n++], "--map=%s", cfg->map) < 0) ||
	    /* the process vmload started draws, not a forked child's exec */
	    (cfg->map[0] && asprintf(&v[n++], "--map-owner=%d",
				     cfg->map_owner ? cfg->map_owner : getpid()) < 0))
		exit(126);
	if (cfg->have_seed) {
		/* each generation draws the next seed from its own */
		struct vml_rng r = { cfg->seed ^ 0x5eed5eedULL };

		if (asprintf(&v[n++], "--seed=%llu",
			     (unsigned long long)layout_rand(&r)) < 0)
			exit(126);
	}
	v[n] = NULL;
	return v;
}

static long read_sysctl(const char *path, long dflt)
{
	FILE *f = fopen(path, "re");
	long v = dflt;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = dflt;
		fclose(f);
	}
	return v;
}

/*
 * The kernel's own switches apply as they would to a native exec:
 * ADDR_NO_RANDOMIZE (setarch -R) and kernel.randomize_va_space=0 turn
 * randomization off; ADDR_COMPAT_LAYOUT (setarch -L) and
 * vm.legacy_va_layout select the legacy layout.
 */
static void apply_kernel_switches(struct vml_config *cfg)
{
	int pers = personality(0xffffffff);

	if (pers != -1 && (pers & ADDR_NO_RANDOMIZE))
		cfg->aslr = 0;
	if (pers != -1 && (pers & ADDR_COMPAT_LAYOUT))
		cfg->legacy = 1;
	if (read_sysctl("/proc/sys/kernel/randomize_va_space", 2) == 0)
		cfg->aslr = 0;
	if (read_sysctl("/proc/sys/vm/legacy_va_layout", 0) != 0)
		cfg->legacy = 1;
}

/* A file named relative to the directory vmload started in stays there
 * when the guest changes directory. */
static void absolute(char *path)
{
	char cwd[VML_PATH_MAX], *abs;

	if (!path[0] || path[0] == '/' || !strcmp(path, "txt") ||
	    !getcwd(cwd, sizeof cwd))
		return;
	if (asprintf(&abs, "%s/%s", cwd, path) < 0)
		return;
	if (strlen(abs) < VML_PATH_MAX)
		strcpy(path, abs);
	free(abs);
}

static void finish_config(struct vml_config *cfg)
{
	struct rlimit rl;

	absolute(cfg->report_file);
	absolute(cfg->trace_file);
	absolute(cfg->map);
	apply_kernel_switches(cfg);
	if (!cfg->have_stack) {
		getrlimit(RLIMIT_STACK, &rl);
		cfg->stack_rlim = rl.rlim_cur == RLIM_INFINITY ? VML_RLIM_INFINITY
							       : rl.rlim_cur;
	}
	if (!cfg->have_seed &&
	    getrandom(&cfg->seed, sizeof cfg->seed, 0) != sizeof cfg->seed)
		cfg->seed = (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL;
}

/* The top-down run's status as vmload's own: its exit status, or death
 * by the same signal. */
static int compare_status(int st)
{
	if (st == -1)
		return 126;
	if (WIFSIGNALED(st)) {
		signal(WTERMSIG(st), SIG_DFL);
		raise(WTERMSIG(st));
		return 128 + WTERMSIG(st);
	}
	return WEXITSTATUS(st);
}

int main(int argc, char **argv)
{
	struct opts o = { .host = { .pers = -1 } };
	struct exec_args ea = { 0 };
	char err[256], *path;
	char *empty_argv[] = { "", NULL };
	int r, status = 127;

	/* after the window exists the runtime may only grow its break */
	mallopt(M_MMAP_MAX, 0);
	diag_install();
	config_defaults(&o.cfg);
	o.guest_exec = argc > 1 && !strcmp(argv[1], "--guest-exec");
	if (!o.guest_exec && config_from_env(&o.cfg, environ, err, sizeof err) < 0)
		return die_usage(err, NULL);
	r = parse_opts(&o, argc, argv);
	if (r)
		return r;
	if (o.guest_exec && config_from_env(&o.cfg, environ, err, sizeof err) < 0)
		return die_usage(err, NULL);
	hoststack_restore_personality(&o.host);
	if (o.argi >= argc)
		return die_usage("no program given", NULL);
	/* the 2004 rules are i386's: a 3 GiB TASK_SIZE */
	if (o.cfg.kernel == VML_KERNEL_2_6_9 && o.cfg.aspace != VML_ASPACE_3G)
		return die_usage("kernel 2.6.9 needs the 3g window "
				 "(--aspace=3g, VMLOAD_ASPACE=3g)", NULL);
	finish_config(&o.cfg);
	if (o.compare[0] && !o.guest_exec) {
		absolute(o.compare);
		return compare_status(compare_run(&o.cfg, exec_prefix(&o.cfg) + 2,
						  argv + o.argi, o.compare));
	}

	/* before anything of the guest exists: may exec vmload again */
	hoststack_reexec_if_in_the_way(&o.cfg, &o.host, argc, argv);
	path = argv[o.argi];
	if (!o.guest_exec && !strchr(path, '/')) {
		path = search_path(path, &status);
		if (!path)
			return status;
	}
	ea.path = path;
	/* a guest exec passes the file first, then the program's own argv */
	ea.argv = argv + o.argi + (o.guest_exec ? 1 : 0);
	ea.argc = argc - o.argi - (o.guest_exec ? 1 : 0);
	if (ea.argc == 0) { /* the kernel pushes "" for an empty argv */
		ea.argv = empty_argv;
		ea.argc = 1;
	}
	ea.envp = environ;
	ea.filter_inherited = o.guest_exec && prctl(PR_GET_SECCOMP) == 2;
	ea.exec_prefix = exec_prefix(&o.cfg);
	return exec_run(&o.cfg, &ea);
}
