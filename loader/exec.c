/*
 * exec.c - the load_elf_binary sequence in user space. Phases:
 *   1. resolve the file (#! scripts, up to 4 levels) and validate the ELF
 *      and its interpreter: errors here are the exec's errors (126/127);
 *   2. lay out, reserve the window, build the stack VMA, map the program,
 *      the interpreter and the vDSO, place brk: from here the guest image
 *      is committed and failure only ends the run;
 *   3. write the initial stack, install the trap, jump.
 */
#include "exec.h"

#include <elf.h>
#include <stddef.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diag.h"
#include "elf_image.h"
#include "exec32.h"
#include "map_object.h"
#include "stack.h"
#include "vmload/layout.h"
#include "vmload/mman.h"
#include "vmload/run.h"

#define BINPRM_BUF_SIZE 256
#define MAX_SCRIPT_DEPTH 5

/* glibc's rseq ABI (2.35+): where this thread's area is, as registered */
extern const ptrdiff_t __rseq_offset;
extern const unsigned int __rseq_size;
#define RSEQ_SIG_X86 0x53053053u
#define RSEQ_FLAG_UNREGISTER 1

/*
 * vmload's own glibc registered an rseq area for this thread at startup;
 * a thread has at most one, so the guest's libc would get EBUSY/EINVAL and
 * run without rseq (sched_getcpu through a system call, __rseq_size 0).
 * The guest's thread starts as a fresh exec's: unregistered. glibc
 * registers sizeof(struct rseq_area) (32), reported as __rseq_size (20);
 * try both.
 */
static void release_rseq(void)
{
	char *area = (char *)__builtin_thread_pointer() + __rseq_offset;

	if (!__rseq_size)
		return;
	if (syscall(SYS_rseq, area, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG_X86))
		syscall(SYS_rseq, area, __rseq_size, RSEQ_FLAG_UNREGISTER,
			RSEQ_SIG_X86);
}

struct program {
	const char *execfn;	/* AT_EXECFN: the name first given */
	const char *file;	/* the ELF finally run */
	int argc;
	char **argv;
	struct elf_image img;
	struct elf_image interp;
	int have_interp;
};

static int fail(int status, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(int status, const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vmload: %s: ", path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

#define NO_IA32_MSG "cannot execute binary file: Exec format error " \
	"(this kernel runs no 32-bit programs: IA-32 emulation is off)"

#define E_UNREADABLE 1000 /* executable, but vmload cannot read it */

/* Open a file the kernel's open_exec would accept: fd, or -errno (EACCES
 * for a file that is not regular or not executable, EISDIR for a
 * directory). */
static int open_exec(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	if (fd < 0) {
		e = errno;
		return e == EACCES && access(path, X_OK) == 0 ? -E_UNREADABLE : -e;
	}
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode))
		e = EISDIR;
	else if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0)
		e = EACCES;
	else
		return fd;
	close(fd);
	return -e;
}

static int exec_status(int err)
{
	return err == ENOENT || err == ENOTDIR ? 127 : 126;
}

static const char *exec_strerror(int err)
{
	if (err == E_UNREADABLE)
		return "executable but not readable (vmload must read it to load it)";
	return strerror(err);
}

/* binfmt_script: "#!interp [arg]". New argv: interp, [arg], path, argv[1..].
 * Returns 0 and updates p, or an exit status. */
static int parse_script(struct program *p, const char *path, char *buf,
			size_t n, char **interp_out)
{
	char *s = buf + 2, *end, *interp, *arg = NULL;
	char **nargv;
	int k = 0;

	/* the kernel reads 256 bytes, zero-filled, and keeps the last as a
	 * terminator; without a newline the interpreter name must end before
	 * it, or it was cut off (ENOEXEC) */
	memset(buf + n, 0, BINPRM_BUF_SIZE + 1 - n);
	end = memchr(buf, '\n', BINPRM_BUF_SIZE - 1);
	if (!end) {
		char *t = s;

		end = buf + BINPRM_BUF_SIZE - 1;
		while (t < end && (*t == ' ' || *t == '\t'))
			t++;
		while (t < end && *t && *t != ' ' && *t != '\t')
			t++;
		if (t == end)
			return fail(126, path, "#! line: interpreter name too long "
				    "(cut off at %d bytes)", BINPRM_BUF_SIZE);
	}
	*end = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	if (!*s)
		return fail(126, path, "#! line names no interpreter");
	interp = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s) {
		*s++ = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s)
			arg = s;
	}
	nargv = calloc((size_t)p->argc + 3, sizeof *nargv);
	if (!nargv)
		return fail(126, path, "out of memory");
	nargv[k++] = strdup(interp);
	if (arg)
		nargv[k++] = strdup(arg);
	nargv[k++] = (char *)path;
	for (int i = 1; i < p->argc; i++)
		nargv[k++] = p->argv[i];
	p->argv = nargv;
	p->argc = k;
	*interp_out = nargv[0];
	return 0;
}

static int load_interp(struct program *p, uint64_t task_size)
{
	char err[512];
	int fd = open_exec(p->img.interp);

	if (fd < 0)
		return fail(exec_status(-fd), p->file, "interpreter %s: %s",
			    p->img.interp, exec_strerror(-fd));
	if (elf_image_parse_fd(&p->interp, fd, task_size, err, sizeof err) < 0) {
		close(fd);
		return fail(126, p->file, "interpreter %s: %s", p->img.interp, err);
	}
	p->have_interp = 1;
	return 0;
}

/* An error about `path`: its own when it was named on the command line or
 * by execve, else reported against the script whose #! line named it. */
static int fail_file(const char *script, const char *path, int status,
		     const char *msg)
{
	if (!script)
		return fail(status, path, "%s", msg);
	return fail(status, script, "bad interpreter %s: %s", path, msg);
}

/* Phase 1. 0, or an exit status. */
static int resolve(struct program *p, const char *path, uint64_t task_size)
{
	char buf[BINPRM_BUF_SIZE + 1], err[512];
	const char *script = NULL;
	int depth = 0;

	for (;;) {
		int fd = open_exec(path);
		ssize_t n;

		if (fd < 0)
			return fail_file(script, path, exec_status(-fd),
					 exec_strerror(-fd));
		n = pread(fd, buf, BINPRM_BUF_SIZE, 0);
		if (n < 0)
			n = 0;
		if (n >= 2 && buf[0] == '#' && buf[1] == '!') {
			char *interp = NULL;
			int r;

			close(fd);
			/* exec_binprm(): more than 5 handlers is ELOOP */
			if (++depth > MAX_SCRIPT_DEPTH)
				return fail(126, p->execfn,
					    "too many levels of #! interpreters");
			r = parse_script(p, path, buf, (size_t)n, &interp);
			if (r)
				return r;
			script = path;
			path = interp;
			continue;
		}
		/* elf_check_arch() of the compat binfmt: ENOEXEC where the
		 * kernel runs no 32-bit code */
		if (n >= 20 && elf_image_is_elf(buf, (size_t)n) &&
		    buf[EI_CLASS] == ELFCLASS32 && buf[19] == 0 &&
		    (buf[18] == EM_386 || buf[18] == 6 /* EM_486 */) &&
		    !run_host_runs_ia32()) {
			close(fd);
			return fail_file(script, path, 126, NO_IA32_MSG);
		}
		if (elf_image_parse_fd(&p->img, fd, task_size, err, sizeof err) < 0) {
			char msg[sizeof err + 32];

			close(fd);
			snprintf(msg, sizeof msg, "%s%s",
				 n < 4 || !elf_image_is_elf(buf, (size_t)n)
					 ? "cannot execute: " : "", err);
			return fail_file(script, path, 126, msg);
		}
		p->file = path;
		return p->img.interp ? load_interp(p, task_size) : 0;
	}
}

static uint64_t stack_rlimit(const struct vml_config *cfg)
{
	return cfg->stack_rlim;
}

static void fill_auxv(struct stack_spec *s, const struct program *p,
		      const struct mapped *m, const struct mapped *mi,
		      uint64_t vdso)
{
	struct auxv_pair *a = s->aux;
	int n = 0;

#define AUX(t, v) (a[n].type = (t), a[n].val = (uint64_t)(v), n++)
	if (vdso)
		AUX(AT_SYSINFO_EHDR, vdso);
#undef AUX
	stack_aux_tail(s, n, &(struct stack_image){
		.phdr = m->phdr, .phent = sizeof(Elf64_Phdr),
		.phnum = p->img.phnum, .base = p->have_interp ? mi->base : 0,
		.entry = m->entry });
}

/* Bytes of strings copy_strings puts above arg_start. */
static uint64_t strings_bytes(const struct stack_spec *s)
{
	uint64_t n = strlen(s->execfn) + 1;

	for (int i = 0; i < s->argc; i++)
		n += strlen(s->argv[i]) + 1;
	for (int i = 0; i < s->envc; i++)
		n += strlen(s->envp[i]) + 1;
	return n;
}

/* bprm_stack_limits: strings and pointers within a quarter of the stack
 * limit (at most 6 MiB, at least ARG_MAX). */
static int check_arg_limit(const struct stack_spec *s, uint64_t rlim)
{
	uint64_t limit = rlim / 4, need;

	if (limit > (6UL << 20))
		limit = 6UL << 20;
	if (limit < (128UL << 10))
		limit = 128UL << 10;
	need = strings_bytes(s) + ((uint64_t)s->argc + s->envc + 2) * 8;
	return need > limit ? -1 : 0;
}

/* The window and the runtime, before anything is mapped. */
static int setup_window(const struct vml_layout *l,
			const struct vml_config *cfg, const char *path)
{
	const char *what;
	int r = run_reserve(cfg, l, diag_fatal, &what);

	if (r < 0 && !strcmp(what, "cannot reserve the guest window"))
		return fail(126, path, "%s [%#lx, %#lx): %s", what,
			    (unsigned long)l->mmap_min,
			    (unsigned long)l->task_size, strerror(-r));
	if (r < 0)
		return fail(126, path, "%s: %s", what, strerror(-r));
	return 0;
}

/*
 * What the kernel's exec records about the program: its name (comm, the
 * basename of the path given to execve) and where its arguments and
 * environment are (/proc/<pid>/cmdline and environ). The name is ours to
 * set. Moving the argument range needs CAP_SYS_RESOURCE: the guest's own
 * reads of those files are served from the range (procfs.c) in any case,
 * other processes see the guest's only with the capability.
 */
static void name_process(const char *path, const struct stack_spec *s,
			 const struct stack_result *sr, struct run_guest *g)
{
	const char *base = strrchr(path, '/');
	unsigned long arg_end = sr->arg_start, env_end;

	prctl(PR_SET_NAME, base ? base + 1 : path, 0, 0, 0);
	for (int i = 0; i < s->argc; i++)
		arg_end += strlen(s->argv[i]) + 1;
	env_end = arg_end;
	for (int i = 0; i < s->envc; i++)
		env_end += strlen(s->envp[i]) + 1;
	g->arg_start = sr->arg_start;
	g->arg_end = arg_end;
	g->env_end = env_end;
	/* the end first: the kernel wants start < end at every step */
	if (prctl(PR_SET_MM, PR_SET_MM_ARG_END, arg_end, 0, 0) == 0)
		prctl(PR_SET_MM, PR_SET_MM_ARG_START, sr->arg_start, 0, 0);
	if (prctl(PR_SET_MM, PR_SET_MM_ENV_END, env_end, 0, 0) == 0)
		prctl(PR_SET_MM, PR_SET_MM_ENV_START, arg_end, 0, 0);
}

/* For VMLOAD_TRACE=exec: where the program was put (the runtime adds the
 * brk). */
static void exec_info(struct vml_exec_info *t, const struct vml_config *cfg,
		      const char *path, const struct program *p,
		      const struct vml_layout *l, const struct mapped *m,
		      const struct mapped *mi, uint64_t top)
{
	*t = (struct vml_exec_info){
		.path = path, .file = p->file,
		.interp = p->have_interp ? p->img.interp : NULL,
		.window = config_aspace_name(cfg->aspace),
		.task_size = l->task_size, .legacy = l->legacy,
		.load_base = m->base, .load_bias = m->load_bias,
		.interp_base = mi->base, .entry = m->entry,
		.mmap_base = l->mmap_base, .stack_top = top,
	};
}

int exec_run(const struct vml_config *cfg, const struct exec_args *a)
{
	struct program p = { .execfn = a->path, .argc = a->argc, .argv = a->argv };
	struct vml_layout l;
	struct vml_config ecfg = *cfg;	/* this program's: ia32 gets 3g/4g */
	struct vml_rng rng = { cfg->seed };
	struct mapped m, mi = { 0 };
	struct stack_spec s = { 0 };
	struct stack_result sr;
	char err[512];
	struct run_guest g = { 0 };
	struct vml_exec_info info;
	uint64_t top, vma_lo, rlim = stack_rlimit(cfg), vdso;
	const char *what;
	char *real;
	int r;

	/* Phase 1: what the exec would refuse */
	r = resolve(&p, a->path, layout_task_size(cfg->aspace));
	if (r)
		return r;
	if (p.have_interp && p.interp.class32 != p.img.class32)
		return fail(126, a->path, "interpreter %s: ELF class differs from "
			    "the program's", p.img.interp);
	if (p.img.class32)
		exec32_config(&ecfg);
	layout_init(&l, &ecfg, run_mmap_min_addr(), &rng);
	s.argc = p.argc;
	s.argv = p.argv;
	while (a->envp && a->envp[s.envc])
		s.envc++;
	s.envp = a->envp;
	s.execfn = p.execfn;
	s.platform = p.img.class32 ? EXEC32_PLATFORM : "x86_64";
	if (check_arg_limit(&s, rlim) < 0)
		return fail(126, a->path, "Argument list too long");

	/* Phase 2: point of no return for the guest image */
	r = setup_window(&l, cfg, a->path);
	if (r)
		return r;
	top = run_free_stack_top(l.stack_top, rlim < (1UL << 30) ? rlim : 1UL << 30);
	vma_lo = VML_PAGE_START(top - 8 - strings_bytes(&s)) - VML_STACK_EXPAND;
	if (top - vma_lo > (rlim & ~(VML_PAGE - 1)) && rlim >= VML_PAGE)
		vma_lo = top - (rlim & ~(VML_PAGE - 1));
	r = mman_stack_setup(vma_lo, top, rlim,
			     p.img.exec_stack == EXSTACK_ENABLE_X, 0);
	if (r < 0)
		return fail(126, a->path, "cannot map the stack: %s", strerror(-r));
	if (map_object(&p.img, &l, MAP_ROLE_MAIN, &m, err, sizeof err) < 0)
		return fail(126, a->path, "%s", err);
	if (p.have_interp &&
	    map_object(&p.interp, &l, MAP_ROLE_INTERP, &mi, err, sizeof err) < 0)
		return fail(126, a->path, "interpreter %s: %s", p.img.interp, err);
	vdso = (uint64_t)(p.img.class32 ? exec32_map_vdso()
			  : l.vdso ? mman_vdso_setup() : 0);
	if ((long)vdso < 0)
		vdso = 0;
	mman_brk_setup(layout_brk_start(&l, m.elf_brk,
					p.img.type == ET_DYN && !p.img.interp),
		       m.end_data - m.start_data);

	/* Phase 3: the initial stack, the trap, the jump */
	if (p.img.class32)
		exec32_fill_auxv(&s, &(struct exec32_aux){ vdso, m.phdr,
			p.img.phnum, p.have_interp ? mi.base : 0, m.entry });
	else
		fill_auxv(&s, &p, &m, &mi, vdso);
	if (getrandom(s.random, sizeof s.random, 0) != sizeof s.random || cfg->have_seed)
		for (int i = 0; i < 16; i++)
			s.random[i] = (uint8_t)layout_rand(&rng);
	s.top = top;
	s.jitter = l.stack_jitter;
	if (stack_build(&s, (unsigned char *)top, top - vma_lo, &sr) < 0)
		return fail(126, a->path, "Argument list too long");
	g.entry = p.have_interp ? mi.entry : m.entry;
	g.sp = sr.sp;
	g.ia32 = p.img.class32;
	if (g.ia32 && vdso) {	/* for frames without SA_RESTORER */
		g.sigreturn32 = (uint32_t)vdso + EXEC32_VDSO_SIGRETURN;
		g.rt_sigreturn32 = (uint32_t)vdso + EXEC32_VDSO_RT_SIGRETURN;
	}
	name_process(a->path, &s, &sr, &g);
	real = realpath(p.file, NULL);
	g.exe = real ? real : p.file;
	close(p.img.fd);
	if (p.have_interp)
		close(p.interp.fd);
	exec_info(&info, &ecfg, a->path, &p, &l, &m, &mi, top);
	g.info = &info;
	g.exec_prefix = a->exec_prefix;
	g.filter_inherited = a->filter_inherited;
	diag_uninstall(); /* from here faults are the guest's */
	fflush(NULL);
	release_rseq();
	r = run_start(cfg, &g, &what);
	if (!strcmp(what, "cannot open the trace file"))
		return fail(126, a->path, "%s %s: %s", what, cfg->trace_file,
			    strerror(-r));
	return fail(126, a->path, "%s: %s", what, strerror(-r));
}
