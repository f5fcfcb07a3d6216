/*
 * diag.c - loader crash reports. The handler runs on a private altstack and
 * is only ever reached on the fatal path, where the process is about to die
 * anyway: it walks the stack with libgcc's unwinder (the .eh_frame tables)
 * and names each frame from vmload's own symbol table, read with libelf.
 *
 * (Debian's libunwind.a is built without -fPIC, so it cannot be linked into
 * the runtime at its fixed high address; see tools/link-static.sh.)
 */
#include "diag.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <unwind.h>

static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
static char altstack[64 * 1024];

/* The function symbol of vmload containing ip, or NULL. */
static const char *symbolize(Elf *e, unsigned long ip, unsigned long *off)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(e, scn))) {
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;

			if (!gelf_getsym(d, (int)i, &sym) ||
			    GELF_ST_TYPE(sym.st_info) != STT_FUNC)
				continue;
			if (ip >= sym.st_value && ip < sym.st_value + sym.st_size) {
				*off = ip - sym.st_value;
				return elf_strptr(e, sh.sh_link, sym.st_name);
			}
		}
	}
	return NULL;
}

struct walk {
	Elf *elf;
	int depth;
};

static _Unwind_Reason_Code frame(struct _Unwind_Context *ctx, void *arg)
{
	struct walk *w = arg;
	unsigned long ip = (unsigned long)_Unwind_GetIP(ctx), off = 0;
	const char *name = w->elf ? symbolize(w->elf, ip, &off) : NULL;

	fprintf(stderr, "  #%-2d %#lx %s+%#lx\n", w->depth++, ip,
		name ? name : "??", off);
	return w->depth < 32 ? _URC_NO_REASON : _URC_END_OF_STACK;
}

void diag_fatal(int sig, siginfo_t *si, void *uc)
{
	struct walk w = { NULL, 0 };
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	(void)uc;
	fprintf(stderr, "vmload: internal error: %s at address %p while loading "
			"the program; backtrace:\n",
		strsignal(sig), si->si_addr);
	elf_version(EV_CURRENT);
	if (fd >= 0)
		w.elf = elf_begin(fd, ELF_C_READ, NULL);
	_Unwind_Backtrace(frame, &w);
	signal(sig, SIG_DFL);
	raise(sig);
}

void diag_install(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
	struct sigaction sa;

	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = diag_fatal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &sa, NULL);
}

/* SIGSEGV and SIGBUS are the pager's by now (run_reserve); the altstack
 * is the runtime's per-thread one. */
void diag_uninstall(void)
{
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		if (fatal[i] != SIGSEGV && fatal[i] != SIGBUS)
			signal(fatal[i], SIG_DFL);
}
