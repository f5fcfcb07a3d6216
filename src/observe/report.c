/*
 * report.c - writing the crash report (report.h). Everything here but
 * report_set runs on the terminal path (final.h), entered from a fault
 * handler once the guest's death is decided: libc, malloc, libelf and
 * libdw are allowed. The guest's memory is read only through the pager
 * (pager_copy_in), which never faults; the VMA tree is copied once, under
 * as_trylock, since the dying thread may itself hold the lock.
 *
 * Format: a block of "vmload: KEY  value" lines between two rulers, one
 * fact per line (README "Crash reports").
 */
#include "report.h"

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "mm.h"
#include "backtrace.h"
#include "observe.h"
#include "base.h"
#include "symbolize.h"

#define MAX_OBJS 1024
#define MAX_FRAMES 64
#define LOCK_WAIT_MS 2000	/* then the report goes on without the VMAs */
#define RULER 64		/* the width of the first and last lines */
#define DASHES "------------------------------------------------------------" \
	       "------"

static int report_on = 1;
static char report_file[4096];	/* "": stderr */

void report_set(int on, const char *file)
{
	size_t n = file ? strlen(file) : 0;

	report_on = on;
	if (n >= sizeof report_file)
		n = 0;
	memcpy(report_file, file, n);
	report_file[n] = '\0';
}

/* Everything the report knows, gathered once. */
struct crash {
	int sig, code;
	uintptr_t addr;
	const ucontext_t *uc;
	int in_runtime;			/* the fault is in vmload's own code */
	int fd;
	struct report_span *spans;	/* NULL: the VMA tree was busy */
	size_t nspans;
	struct symbolize_obj *objs[MAX_OBJS];
	size_t nobjs;
};

static void say(const struct crash *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(const struct crash *c, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	int n;

	memcpy(line, "vmload: ", 8);
	va_start(ap, fmt);
	n = vsnprintf(line + 8, sizeof line - 9, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	n += 8;
	if (n > (int)sizeof line - 2)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	host_write_all(c->fd, line, (size_t)n);
}

/* ---- gathering ---- */

/* A fault in runtime code may have struck with as.lock held by this very
 * thread: one try then. Guest code never holds it: wait for the holder. */
static int lock_vmas(const struct crash *c)
{
	struct timespec ms = { 0, 1000 * 1000 };

	for (int i = 0;; i++) {
		if (as_trylock())
			return 0;
		if (c->in_runtime || i == LOCK_WAIT_MS)
			return -1;
		nanosleep(&ms, NULL);
	}
}

/* A copy of the guest's VMAs, with their names, in address order. */
static void snapshot(struct crash *c)
{
	const struct vma *v;
	size_t n = 0;

	if (lock_vmas(c) < 0)
		return;
	c->spans = malloc((vml_as.tree.count + 1) * sizeof *c->spans);
	for (v = vma_first(&vml_as.tree); c->spans && v; v = vma_next(v)) {
		struct report_span *s = &c->spans[n];

		if (v->flags & VMA_HOST)
			continue;
		s->start = v->start;
		s->end = v->end;
		s->prot = v->prot;
		s->shared = (v->flags & VMA_SHARED) != 0;
		s->growsdown = (v->flags & VMA_GROWSDOWN) != 0;
		s->pgoff = v->file ? v->pgoff : 0;
		s->path = v->file ? v->file->path : NULL;
		s->name = procfs_vma_name(v);
		n++;
	}
	c->nspans = n;
	as_unlock();
}

static struct symbolize_obj *object_at(const struct crash *c, uintptr_t a)
{
	for (size_t i = 0; i < c->nobjs; i++)
		if (symbolize_contains(c->objs[i], a))
			return c->objs[i];
	return NULL;
}

/* Every ELF object the guest mapped, opened once (by its first VMA), and
 * vmload itself, for a fault in the runtime (linked at its address: the
 * first PT_LOAD maps offset 0 at __executable_start). */
static void open_objects(struct crash *c)
{
	const char *failed = NULL;
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	uintptr_t text_lo, text_hi;

	host_text_range(&text_lo, &text_hi);
	if (n > 0) {
		self[n] = '\0';
		c->objs[0] = symbolize_open(self, text_lo, 0);
		c->nobjs = c->objs[0] != NULL;
	}

	for (size_t i = 0; i < c->nspans && c->nobjs < MAX_OBJS; i++) {
		const struct report_span *s = &c->spans[i];
		struct symbolize_obj *o;

		if (!s->path || s->path == failed)
			continue;
		o = object_at(c, s->start);
		if (o && !strcmp(symbolize_path(o), s->path))
			continue;
		o = symbolize_open(s->path, s->start, s->pgoff);
		if (o)
			c->objs[c->nobjs++] = o;
		else
			failed = s->path;
	}
}

/* ---- naming addresses ---- */

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/* What pc is: "sym+0xoff" or "??", and where: the object (its path, or
 * base name when !full; "+0xoff" from its link address when there is no
 * symbol), a named mapping, or NULL for no mapping. call: pc is a return
 * address, the call before it is what to name. */
static const char *name_pc(const struct crash *c, uintptr_t pc, int call,
			   int full, char *sym, size_t symcap, char *where,
			   size_t wcap)
{
	uintptr_t at = pc - (uintptr_t)(call != 0), off = 0;
	struct symbolize_obj *o = object_at(c, at);
	const char *name = o ? symbolize_addr(o, at, &off) : NULL;
	size_t i;

	if (name)
		snprintf(sym, symcap, "%s+0x%lx", name,
			 (unsigned long)(off + (pc - at)));
	else
		snprintf(sym, symcap, "??");
	if (o) {
		const char *path = symbolize_path(o);

		if (name)
			snprintf(where, wcap, "%s", full ? path : base_name(path));
		else
			snprintf(where, wcap, "%s+0x%lx", full ? path : base_name(path),
				 (unsigned long)(pc - symbolize_bias(o)));
		return where;
	}
	i = c->spans ? report_span_find(c->spans, c->nspans, at) : c->nspans;
	if (i >= c->nspans)
		return NULL;
	snprintf(where, wcap, "%s", c->spans[i].name ? c->spans[i].name
						     : "[anon]");
	return where;
}

/* ---- the lines ---- */

static void say_signal(const struct crash *c)
{
	const greg_t *g = c->uc->uc_mcontext.gregs;
	const char *access = report_access((unsigned long)g[REG_TRAPNO],
					   (unsigned long)g[REG_ERR]);

	say(c, "signal     %s (%s)", report_signal_name(c->sig),
	    report_code_text(c->sig, c->code));
	if (c->sig != SIGSEGV && c->sig != SIGBUS)
		return;
	if (c->code == SI_KERNEL)
		say(c, "address    unknown (the kernel gives none for this fault)");
	else if (access)
		say(c, "address    0x%lx (%s)", (unsigned long)c->addr, access);
	else
		say(c, "address    0x%lx", (unsigned long)c->addr);
}

static void say_ip(const struct crash *c)
{
	uintptr_t ip = (uintptr_t)c->uc->uc_mcontext.gregs[REG_RIP];
	char sym[512], where[4096];

	say(c, "program    %s (pid %d, tid %d)", procfs_exe(), host_getpid(),
	    host_gettid());
	if (name_pc(c, ip, 0, 1, sym, sizeof sym, where, sizeof where))
		say(c, "ip         0x%lx in %s (%s)", (unsigned long)ip, where,
		    sym);
	else
		say(c, "ip         0x%lx, in no mapping (a jump or call through "
		    "a bad pointer?)", (unsigned long)ip);
	if (c->in_runtime)
		say(c, "note       the fault is in vmload itself, not in the "
		    "program: a vmload bug");
}

static void say_span(const struct crash *c, const char *key, size_t i,
		     const char *rel)
{
	char text[4200];

	if (i >= c->nspans) {
		say(c, "%-10s none", key);
		return;
	}
	report_span_text(&c->spans[i], text, sizeof text);
	if (rel)
		say(c, "%-10s %s (%s)", key, text, rel);
	else
		say(c, "%-10s %s", key, text);
}

/* The VMA at the address, or the nearest ones below and above it. */
static void say_vmas(const struct crash *c)
{
	size_t i, above;
	char rel[64] = "";

	if (!c->spans) {
		say(c, "vma        unknown (the address space is busy)");
		return;
	}
	i = report_span_find(c->spans, c->nspans, c->addr);
	if (i < c->nspans) {
		say_span(c, "vma", i, NULL);
		return;
	}
	say(c, "vma        none");
	for (above = 0; above < c->nspans && c->spans[above].start <= c->addr;)
		above++;
	if (above > 0)
		snprintf(rel, sizeof rel, "ends 0x%lx bytes below the address",
			 (unsigned long)(c->addr - c->spans[above - 1].end));
	say_span(c, "below", above > 0 ? above - 1 : c->nspans, rel);
	if (above < c->nspans)
		snprintf(rel, sizeof rel, "starts 0x%lx bytes above the address",
			 (unsigned long)(c->spans[above].start - c->addr));
	say_span(c, "above", above, rel);
}

static void say_diagnosis(const struct crash *c)
{
	uintptr_t sp = (uintptr_t)c->uc->uc_mcontext.gregs[REG_RSP];
	struct report_diag d;
	char text[4400];

	if (!c->spans || c->code == SI_KERNEL ||
	    report_classify(c->addr, sp, c->spans, c->nspans, &d) ==
	    REPORT_DIAG_NONE)
		return;
	report_diag_text(&d, c->addr, sp, c->spans, c->nspans, text,
			 sizeof text);
	say(c, "diagnosis  %s", text);
}

/* ---- the backtrace ---- */

/* Guest memory through the pager (granted as a guest read would be);
 * anything else, the runtime's own stacks included, only where the host
 * has it readable. Neither faults. */
static int read_word(void *ctx, uintptr_t addr, uint64_t *word)
{
	const struct crash *c = ctx;

	if (c->spans && report_span_find(c->spans, c->nspans, addr) < c->nspans)
		return pager_copy_in(word, addr, sizeof *word);
	return host_copy_in(word, addr, sizeof *word);
}

static int is_code(void *ctx, uintptr_t addr)
{
	const struct crash *c = ctx;
	size_t i;

	if (host_text_contains(addr))
		return 1;
	if (!c->spans)
		return 1;
	i = report_span_find(c->spans, c->nspans, addr);
	return i < c->nspans && (c->spans[i].prot & PROT_EXEC);
}

/* How the callers were found: from each frame but the last, by its CFI
 * or by the frame pointer. */
static const char *method_text(enum backtrace_method how,
			       const struct backtrace_frame *f, int n)
{
	int cfi = 0;

	for (int i = 0; i + 1 < n; i++)
		cfi += f[i].cfi;
	if (how == BACKTRACE_FP)
		return "from the frame-pointer chain (libdwfl found no caller)";
	if (n <= 1 || cfi == n - 1)
		return "unwound by libdwfl from the DWARF CFI";
	if (cfi == 0)
		return "unwound by libdwfl from the frame pointers (no CFI)";
	return "unwound by libdwfl from the DWARF CFI and, where there is "
	       "none, the frame pointers";
}

static void say_backtrace(struct crash *c)
{
	struct backtrace_object *objs = calloc(c->nobjs + 1, sizeof *objs);
	struct backtrace_env env = { objs, objs ? c->nobjs : 0, read_word,
				     is_code, c };
	struct backtrace_frame f[MAX_FRAMES];
	enum backtrace_method how;
	int n;

	for (size_t i = 0; i < env.nobjs; i++) {
		objs[i].path = symbolize_path(c->objs[i]);
		objs[i].bias = symbolize_bias(c->objs[i]);
		objs[i].class32 = symbolize_is32(c->objs[i]);
	}
	n = backtrace_walk(c->uc, &env, f, MAX_FRAMES, &how);
	say(c, "backtrace  %d frame%s%s, %s", n, n == 1 ? "" : "s",
	    n == MAX_FRAMES ? " (the innermost)" : "", method_text(how, f, n));
	for (int i = 0; i < n; i++) {
		char sym[512], where[4096];

		if (!name_pc(c, f[i].pc, f[i].call, 0, sym, sizeof sym, where,
			     sizeof where))
			snprintf(where, sizeof where, "no mapping");
		say(c, "  #%-2d 0x%lx in %s (%s)", i, (unsigned long)f[i].pc,
		    sym, where);
	}
	free(objs);
}

/* ---- the sequence ---- */

static int open_output(void)
{
	int fd;

	if (!report_file[0])
		return 2;
	fd = open(report_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd >= 0)
		return fd;
	dprintf(2, "vmload: cannot write the crash report to %s: %m\n",
		report_file);
	return 2;
}

static void write_report(struct crash *c)
{
	/* Phase 1: the facts that need no file, then the address space */
	say(c, "%.*s", RULER, "crash report " DASHES);
	say_signal(c);
	snapshot(c);
	open_objects(c);
	/* Phase 2: where it happened and what the address looks like */
	say_ip(c);
	if ((c->sig == SIGSEGV || c->sig == SIGBUS) && c->code != SI_KERNEL) {
		say_vmas(c);
		say_diagnosis(c);
	}
	/* Phase 3: how it got there */
	say_backtrace(c);
	say(c, "%.*s", RULER, "end of crash report " DASHES);
}

void report_crash(int sig, int code, uintptr_t addr, const ucontext_t *uc)
{
	struct crash *c;

	if (!report_on || !report_signal_name(sig) || !final_enter())
		return;
	c = calloc(1, sizeof *c);
	if (c) {
		c->sig = sig;
		c->code = code;
		c->addr = addr;
		c->uc = uc;
		c->in_runtime = host_text_contains((uintptr_t)uc->uc_mcontext.gregs[REG_RIP]);
		c->fd = open_output();
		write_report(c);
		if (c->fd != 2)
			close(c->fd);
		for (size_t i = 0; i < c->nobjs; i++)
			symbolize_close(c->objs[i]);
		free(c->spans);
		free(c);
	}
	final_leave();
}
