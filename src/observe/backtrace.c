/*
 * backtrace.c - unwinding a guest thread from its signal context
 * (backtrace.h). Terminal path only: libc, malloc, libelf and libdw.
 */
#include "backtrace.h"

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The DWARF register numbers of an ABI (0..nregs-1, each psABI's table),
 * the ucontext's gregs they come from, the frame pointer, stack pointer
 * and return address columns, and the stack word. */
#define NREGS 17
struct arch {
	int nregs, fp, sp, pc;
	unsigned word;
	int greg[NREGS];
};
static const struct arch x86_64 = { 17, 6, 7, 16, 8, {
	REG_RAX, REG_RDX, REG_RCX, REG_RBX, REG_RSI, REG_RDI, REG_RBP, REG_RSP,
	REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
	REG_RIP } };
/* compat mode: the low halves of the same registers */
static const struct arch i386 = { 9, 5, 4, 8, 4, {
	REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
	REG_RIP } };
#define COMPAT_CS 0x23		/* __USER32_CS */

struct walk {
	const struct backtrace_env *env;
	const struct arch *a;
	Dwarf_Word regs[NREGS];	/* the first frame libdwfl unwinds from */
	int first_is_call;	/* regs[DW_RIP] is a return address */
	struct backtrace_frame *frames;
	int base;		/* frames[base] is the first of libdwfl's */
	int n, max;
};

/* ---- libdwfl's callbacks ---- */

static int no_elf(Dwfl_Module *mod, void **userdata, const char *modname,
		  Dwarf_Addr base, char **file_name, Elf **elfp)
{
	(void)mod; (void)userdata; (void)modname; (void)base;
	(void)file_name; (void)elfp;
	return -1;
}

/* Separate debug files are not looked for: CFI is in the object itself
 * (.eh_frame), and the search would bring in debuginfod. */
static int no_debuginfo(Dwfl_Module *mod, void **userdata,
			const char *modname, Dwarf_Addr base,
			const char *file_name, const char *debuglink_file,
			GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	(void)mod; (void)userdata; (void)modname; (void)base; (void)file_name;
	(void)debuglink_file; (void)debuglink_crc; (void)debuginfo_file_name;
	return -1;
}

static const Dwfl_Callbacks dwfl_cbs = {
	.find_elf = no_elf,
	.find_debuginfo = no_debuginfo,
};

/* The one thread: the caller's. */
static pid_t next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	(void)dwfl;
	if (*thread_argp)
		return 0;
	*thread_argp = arg;
	return gettid();
}

/* One stack word of the walk's ABI, zero-extended: 0 or -errno. A 4-byte
 * one at the end of a mapping is the high half of the 8 bytes before. */
static int read_word(const struct walk *w, uint64_t addr, uint64_t *word)
{
	const struct backtrace_env *env = w->env;
	uint64_t v;

	if (w->a->word == 8)
		return env->read(env->ctx, (uintptr_t)addr, word);
	if (env->read(env->ctx, (uintptr_t)addr, &v) == 0)
		*word = (uint32_t)v;
	else if (addr >= 4 && env->read(env->ctx, (uintptr_t)addr - 4, &v) == 0)
		*word = v >> 32;
	else
		return -1;
	return 0;
}

static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result,
			void *arg)
{
	struct walk *w = arg;
	uint64_t v;

	(void)dwfl;
	if (read_word(w, addr, &v) < 0)
		return false;
	*result = v;
	return true;
}

static bool initial_registers(Dwfl_Thread *thread, void *arg)
{
	struct walk *w = arg;

	if (!dwfl_thread_state_registers(thread, 0, (unsigned)w->a->nregs,
					 w->regs))
		return false;
	dwfl_thread_state_register_pc(thread, w->regs[w->a->pc]);
	return true;
}

static const Dwfl_Thread_Callbacks thread_cbs = {
	.next_thread = next_thread,
	.memory_read = memory_read,
	.set_initial_registers = initial_registers,
};

/* Does an object reported to dwfl describe the frame at pc with CFI? */
static int has_cfi(Dwfl *dwfl, Dwarf_Addr pc)
{
	Dwfl_Module *mod = dwfl_addrmodule(dwfl, pc);
	Dwarf_Addr bias;
	Dwarf_CFI *cfi;
	Dwarf_Frame *frame;

	if (!mod)
		return 0;
	cfi = dwfl_module_eh_cfi(mod, &bias);
	if (!cfi || dwarf_cfi_addrframe(cfi, pc - bias, &frame) != 0) {
		cfi = dwfl_module_dwarf_cfi(mod, &bias);
		if (!cfi || dwarf_cfi_addrframe(cfi, pc - bias, &frame) != 0)
			return 0;
	}
	free(frame);
	return 1;
}

static int on_frame(Dwfl_Frame *state, void *arg)
{
	struct walk *w = arg;
	Dwarf_Addr pc;
	bool activation;

	if (w->n >= w->max || !dwfl_frame_pc(state, &pc, &activation) || !pc)
		return DWARF_CB_ABORT;
	w->frames[w->n].pc = (uintptr_t)pc;
	w->frames[w->n].call = !activation ||
			       (w->n == w->base && w->first_is_call);
	w->frames[w->n].cfi = has_cfi(dwfl_thread_dwfl(dwfl_frame_thread(state)),
				      pc - (w->frames[w->n].call ? 1 : 0));
	w->n++;
	return w->n < w->max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

/* libdwfl over every reported object of the thread's ABI (libdwfl takes
 * its backend from them); the frame count (0: it could not start). */
static int walk_cfi(struct walk *w)
{
	const struct backtrace_env *env = w->env;
	Dwfl *dwfl = dwfl_begin(&dwfl_cbs);

	if (!dwfl)
		return 0;
	dwfl_report_begin(dwfl);
	for (size_t i = 0; i < env->nobjs; i++) {
		const char *base = strrchr(env->objs[i].path, '/');

		if (env->objs[i].class32 != (w->a == &i386))
			continue;
		dwfl_report_elf(dwfl, base ? base + 1 : env->objs[i].path,
				env->objs[i].path, -1, env->objs[i].bias,
				/* add_p_vaddr = */ true);
	}
	/* dwfl_end is never called: the process is about to die, and it
	 * would bring in the debuginfod client */
	if (dwfl_report_end(dwfl, NULL, NULL) != 0 ||
	    !dwfl_attach_state(dwfl, NULL, getpid(), &thread_cbs, w))
		return 0;
	dwfl_getthread_frames(dwfl, gettid(), on_frame, w);
	return w->n - w->base;
}

/* The frame-pointer chain: [rbp] is the caller's rbp, [rbp + word] the
 * return address. */
static void walk_fp(struct walk *w)
{
	uint64_t fp = w->regs[w->a->fp], word = w->a->word;

	w->frames[w->n].pc = (uintptr_t)w->regs[w->a->pc];
	w->frames[w->n].call = w->first_is_call;
	w->frames[w->n].cfi = 0;
	w->n++;
	while (w->n < w->max) {
		uint64_t next, ret;

		if ((fp & (word - 1)) || read_word(w, fp, &next) < 0 ||
		    read_word(w, fp + word, &ret) < 0 || !ret ||
		    !w->env->is_code(w->env->ctx, ret))
			break;
		w->frames[w->n].pc = (uintptr_t)ret;
		w->frames[w->n].call = 1;
		w->frames[w->n].cfi = 0;
		w->n++;
		if (next <= fp)
			break;
		fp = next;
	}
}

int backtrace_walk(const ucontext_t *uc, const struct backtrace_env *env,
		   struct backtrace_frame *frames, int max,
		   enum backtrace_method *method)
{
	struct walk w = { .env = env, .frames = frames, .max = max };
	const struct arch *a = &x86_64;
	struct backtrace_frame fp[BACKTRACE_MAX];
	struct walk wfp;
	int cfi;

	*method = BACKTRACE_CFI;
	if (max > BACKTRACE_MAX)
		w.max = max = BACKTRACE_MAX;
	if (max <= 0)
		return 0;
	if ((uc->uc_mcontext.gregs[REG_CSGSFS] & 0xffff) == COMPAT_CS)
		a = &i386;
	w.a = a;
	for (int i = 0; i < a->nregs; i++) {
		w.regs[i] = (Dwarf_Word)uc->uc_mcontext.gregs[a->greg[i]];
		if (a->word == 4)
			w.regs[i] = (uint32_t)w.regs[i];
	}
	/* a call through a bad pointer: the caller's return address is on
	 * top of the stack */
	if (!env->is_code(env->ctx, (uintptr_t)w.regs[a->pc])) {
		uint64_t ret;

		frames[w.n].pc = (uintptr_t)w.regs[a->pc];
		frames[w.n].cfi = 0;
		frames[w.n++].call = 0;
		if (w.n >= max ||
		    read_word(&w, w.regs[a->sp], &ret) < 0 ||
		    !env->is_code(env->ctx, (uintptr_t)ret))
			return w.n;
		w.regs[a->pc] = ret;
		w.regs[a->sp] += a->word;
		w.first_is_call = 1;
	}
	w.base = w.n;
	cfi = walk_cfi(&w);
	if (cfi >= 2)
		return w.n;
	/* libdwfl could not start or stopped at once: the frame pointers,
	 * if they get further */
	wfp = w;
	wfp.frames = fp;
	wfp.n = w.base;
	walk_fp(&wfp);
	if (wfp.n - w.base <= cfi)
		return w.n;
	memcpy(frames + w.base, fp + w.base,
	       (size_t)(wfp.n - w.base) * sizeof *fp);
	*method = BACKTRACE_FP;
	return wfp.n;
}
