/*
 * tracefmt.c - the pure text of trace lines (async-signal-safe zone: no
 * libc beyond the string-free helpers here, no errno, no allocation).
 *
 * The name tables come from the build (tools/gen_tracetab.c): system call
 * names from the UAPI header plus the newer numbers, errno names and
 * glibc's messages, signal names. Flag words are decoded from the kernel's
 * ABI values written out here, not from glibc's macros (on x86-64 glibc
 * defines O_LARGEFILE as 0, and older headers lack the newer MADV_ and
 * MAP_ values).
 */
#include "tracefmt.h"

#include <linux/errno.h>
#include <stdarg.h>

#include "base.h"
#include "trace_tables.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

/* ---- the line buffer ---- */

void tracefmt_init(struct tracefmt_buf *b, char *p, size_t cap)
{
	b->p = p;
	b->cap = cap;
	b->len = 0;
	b->full = 0;
	if (cap)
		p[0] = '\0';
}

void tracefmt_put(struct tracefmt_buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (b->full || b->cap == 0)
		return;
	va_start(ap, fmt);
	n = log_vfmt(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (b->len + n >= b->cap) {
		b->len = b->cap - 1;
		b->full = 1;
	} else {
		b->len += n;
	}
}

static void put_char(struct tracefmt_buf *b, char c)
{
	if (b->full || b->len + 1 >= b->cap) {
		b->full = 1;
		return;
	}
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void tracefmt_str(struct tracefmt_buf *b, const char *s, size_t n, size_t max,
		  int truncated)
{
	static const char oct[] = "01234567";

	if (n > max) {
		n = max;
		truncated = 1;
	}
	put_char(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			put_char(b, '\\');
			put_char(b, (char)c);
		} else if (c == '\n' || c == '\t' || c == '\r') {
			put_char(b, '\\');
			put_char(b, c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
		} else if (c < 0x20 || c >= 0x7f) {
			put_char(b, '\\');
			put_char(b, oct[c >> 6]);
			put_char(b, oct[(c >> 3) & 7]);
			put_char(b, oct[c & 7]);
		} else {
			put_char(b, (char)c);
		}
	}
	put_char(b, '"');
	if (truncated)
		tracefmt_put(b, "...");
}

/* ---- names ---- */

const char *tracefmt_sysname(long nr)
{
	if (nr < 0 || nr >= TT_NSYS)
		return NULL;
	return tt_sysname[nr];
}

const char *tracefmt_sysname32(long nr)
{
	if (nr < 0 || nr >= TT_NSYS)
		return NULL;
	return tt_sysname32[nr];
}

const char *tracefmt_errname(int err)
{
	return err > 0 && err < TT_NERR ? tt_errname[err] : NULL;
}

const char *tracefmt_errmsg(int err)
{
	return err > 0 && err < TT_NERR ? tt_errmsg[err] : NULL;
}

const char *tracefmt_signame(int sig, char *tmp)
{
	if (sig > 0 && sig < TT_NSIG && tt_signame[sig])
		return tt_signame[sig];
	if (sig >= 32 && sig <= 64)	/* the kernel's SIGRTMIN is 32 */
		log_fmt(tmp, 16, sig == 32 ? "SIGRTMIN" : "SIGRTMIN+%d", sig - 32);
	else
		log_fmt(tmp, 16, "%d", sig);
	return tmp;
}

/* si_code names per signal (include/uapi/asm-generic/siginfo.h), index =
 * code - 1. */
static const char *const segv_codes[] = {
	"SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR",
	"SEGV_ACCADI", "SEGV_ADIDERR", "SEGV_ADIPERR", "SEGV_MTEAERR",
	"SEGV_MTESERR", "SEGV_CPERR",
};
static const char *const bus_codes[] = {
	"BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR",
	"BUS_MCEERR_AO",
};
static const char *const ill_codes[] = {
	"ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP", "ILL_PRVOPC",
	"ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK", "ILL_BADIADDR",
};
static const char *const fpe_codes[] = {
	"FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF", "FPE_FLTUND",
	"FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB",
};
static const char *const trap_codes[] = {
	"TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT", "TRAP_UNK",
	"TRAP_PERF",
};
static const char *const cld_codes[] = {
	"CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED", "CLD_STOPPED",
	"CLD_CONTINUED",
};
static const char *const poll_codes[] = {
	"POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI", "POLL_HUP",
};
static const char *const sys_codes[] = { "SYS_SECCOMP", "SYS_USER_DISPATCH" };

/* Codes any signal may carry (sent, not raised by a fault), index = -code. */
static const char *const si_codes[] = {
	"SI_USER", "SI_QUEUE", "SI_TIMER", "SI_MESGQ", "SI_ASYNCIO",
	"SI_SIGIO", "SI_TKILL", "SI_DETHREAD",
};

#define CODES(t) { t, NELEM(t) }

const char *tracefmt_sicode(int sig, int code)
{
	static const struct {
		const char *const *names;
		size_t n;
	} per_sig[32] = {
		[4] = CODES(ill_codes),  [5] = CODES(trap_codes),
		[7] = CODES(bus_codes),  [8] = CODES(fpe_codes),
		[11] = CODES(segv_codes), [17] = CODES(cld_codes),
		[29] = CODES(poll_codes), [31] = CODES(sys_codes),
	};

	if (code == SI_KERNEL)
		return "SI_KERNEL";
	if (code == SI_ASYNCNL)
		return "SI_ASYNCNL";
	if (code <= 0)
		return (size_t)-code < NELEM(si_codes) ? si_codes[-code] : NULL;
	if (sig <= 0 || sig >= 32 || (size_t)code > per_sig[sig].n)
		return NULL;
	return per_sig[sig].names[code - 1];
}

/* ---- flag words ---- */

struct sym {
	unsigned long v;
	const char *name;
};

/* Multi-bit names come before the single bits they include. */
static const struct sym open_flags[] = {
	{ 020200000, "O_TMPFILE" }, { 04010000, "O_SYNC" },
	{ 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
	{ 01000, "O_TRUNC" }, { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" },
	{ 010000, "O_DSYNC" }, { 020000, "O_ASYNC" }, { 040000, "O_DIRECT" },
	{ 0100000, "O_LARGEFILE" }, { 0200000, "O_DIRECTORY" },
	{ 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" },
	{ 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" },
};
static const struct sym prot_flags[] = {
	{ 0x1, "PROT_READ" }, { 0x2, "PROT_WRITE" }, { 0x4, "PROT_EXEC" },
	{ 0x8, "PROT_SEM" }, { 0x01000000, "PROT_GROWSDOWN" },
	{ 0x02000000, "PROT_GROWSUP" },
};
static const struct sym mmap_flags[] = {
	{ 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" }, { 0x40, "MAP_32BIT" },
	{ 0x100, "MAP_GROWSDOWN" }, { 0x800, "MAP_DENYWRITE" },
	{ 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" },
	{ 0x4000, "MAP_NORESERVE" }, { 0x8000, "MAP_POPULATE" },
	{ 0x10000, "MAP_NONBLOCK" }, { 0x20000, "MAP_STACK" },
	{ 0x40000, "MAP_HUGETLB" }, { 0x80000, "MAP_SYNC" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" }, { 0x4000000, "MAP_UNINITIALIZED" },
};
static const struct sym mmap_types[] = {
	{ 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" }, { 3, "MAP_SHARED_VALIDATE" },
};
static const struct sym mremap_flags[] = {
	{ 1, "MREMAP_MAYMOVE" }, { 2, "MREMAP_FIXED" }, { 4, "MREMAP_DONTUNMAP" },
};
static const struct sym msync_flags[] = {
	{ 1, "MS_ASYNC" }, { 2, "MS_INVALIDATE" }, { 4, "MS_SYNC" },
};
static const struct sym madv_values[] = {
	{ 0, "MADV_NORMAL" }, { 1, "MADV_RANDOM" }, { 2, "MADV_SEQUENTIAL" },
	{ 3, "MADV_WILLNEED" }, { 4, "MADV_DONTNEED" }, { 8, "MADV_FREE" },
	{ 9, "MADV_REMOVE" }, { 10, "MADV_DONTFORK" }, { 11, "MADV_DOFORK" },
	{ 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" },
	{ 14, "MADV_HUGEPAGE" }, { 15, "MADV_NOHUGEPAGE" },
	{ 16, "MADV_DONTDUMP" }, { 17, "MADV_DODUMP" },
	{ 18, "MADV_WIPEONFORK" }, { 19, "MADV_KEEPONFORK" },
	{ 20, "MADV_COLD" }, { 21, "MADV_PAGEOUT" },
	{ 22, "MADV_POPULATE_READ" }, { 23, "MADV_POPULATE_WRITE" },
	{ 24, "MADV_DONTNEED_LOCKED" }, { 25, "MADV_COLLAPSE" },
	{ 100, "MADV_HWPOISON" }, { 101, "MADV_SOFT_OFFLINE" },
	{ 102, "MADV_GUARD_INSTALL" }, { 103, "MADV_GUARD_REMOVE" },
};
static const struct sym clone_flags[] = {
	{ 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" },
	{ 0x800, "CLONE_SIGHAND" }, { 0x1000, "CLONE_PIDFD" },
	{ 0x2000, "CLONE_PTRACE" }, { 0x4000, "CLONE_VFORK" },
	{ 0x8000, "CLONE_PARENT" }, { 0x10000, "CLONE_THREAD" },
	{ 0x20000, "CLONE_NEWNS" }, { 0x40000, "CLONE_SYSVSEM" },
	{ 0x80000, "CLONE_SETTLS" }, { 0x100000, "CLONE_PARENT_SETTID" },
	{ 0x200000, "CLONE_CHILD_CLEARTID" }, { 0x400000, "CLONE_DETACHED" },
	{ 0x800000, "CLONE_UNTRACED" }, { 0x1000000, "CLONE_CHILD_SETTID" },
	{ 0x2000000, "CLONE_NEWCGROUP" }, { 0x4000000, "CLONE_NEWUTS" },
	{ 0x8000000, "CLONE_NEWIPC" }, { 0x10000000, "CLONE_NEWUSER" },
	{ 0x20000000, "CLONE_NEWPID" }, { 0x40000000, "CLONE_NEWNET" },
	{ 0x80000000UL, "CLONE_IO" },
};
static const struct sym sighow_values[] = {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" },
};
static const struct sym mlockall_flags[] = {
	{ 1, "MCL_CURRENT" }, { 2, "MCL_FUTURE" }, { 4, "MCL_ONFAULT" },
};
static const struct sym shmat_flags[] = {
	{ 010000, "SHM_RDONLY" }, { 020000, "SHM_RND" }, { 040000, "SHM_REMAP" },
	{ 0100000, "SHM_EXEC" },
};
static const struct sym at_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },
	{ 0x400, "AT_SYMLINK_FOLLOW" }, { 0x800, "AT_NO_AUTOMOUNT" },
	{ 0x1000, "AT_EMPTY_PATH" }, { 0x2000, "AT_STATX_FORCE_SYNC" },
	{ 0x4000, "AT_STATX_DONT_SYNC" }, { 0x8000, "AT_RECURSIVE" },
};

/* The names of the bits of v found in t, OR-ed, then what is left in hex.
 * sep: whether something was printed before. Returns whether anything was
 * printed. */
static int put_bits(struct tracefmt_buf *b, const struct sym *t, size_t n,
		    unsigned long v, int sep)
{
	for (size_t i = 0; i < n && v; i++) {
		if ((v & t[i].v) != t[i].v)
			continue;
		tracefmt_put(b, "%s%s", sep ? "|" : "", t[i].name);
		v &= ~t[i].v;
		sep = 1;
	}
	if (v) {
		tracefmt_put(b, "%s0x%lx", sep ? "|" : "", v);
		sep = 1;
	}
	return sep;
}

/* The name of value v in t, else v as a number. */
static void put_value(struct tracefmt_buf *b, const struct sym *t, size_t n,
		      unsigned long v)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].v == v) {
			tracefmt_put(b, "%s", t[i].name);
			return;
		}
	}
	tracefmt_put(b, "%ld", (long)v);
}

/* A flag word that may be 0 ("0", or zero_name). */
static void put_flags(struct tracefmt_buf *b, const struct sym *t, size_t n,
		      unsigned long v, const char *zero_name)
{
	if (v == 0)
		tracefmt_put(b, "%s", zero_name);
	else
		put_bits(b, t, n, v, 0);
}

static void put_open(struct tracefmt_buf *b, unsigned long v)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR",
					   "O_ACCMODE" };

	tracefmt_put(b, "%s", acc[v & 3]);
	put_bits(b, open_flags, NELEM(open_flags), v & ~3UL, 1);
}

static void put_mmap(struct tracefmt_buf *b, unsigned long v)
{
	int sep = 0;

	if (v & 0xf) {
		put_value(b, mmap_types, NELEM(mmap_types), v & 0xf);
		sep = 1;
	}
	if (!put_bits(b, mmap_flags, NELEM(mmap_flags), v & ~0xfUL, sep))
		tracefmt_put(b, "0");
}

static void put_clone(struct tracefmt_buf *b, unsigned long v)
{
	char tmp[16];
	int sep = put_bits(b, clone_flags, NELEM(clone_flags), v & ~0xffUL, 0);

	if (v & 0xff)
		tracefmt_put(b, "%s%s", sep ? "|" : "",
			     tracefmt_signame((int)(v & 0xff), tmp));
	else if (!sep)
		tracefmt_put(b, "0");
}

void tracefmt_sym(struct tracefmt_buf *b, enum tracefmt_set set,
		  unsigned long v)
{
#define FLAGS(t, zero) put_flags(b, t, NELEM(t), v, zero)
	switch (set) {
	case TF_OPEN:
		put_open(b, v);
		break;
	case TF_OFLAGS:
		FLAGS(open_flags, "0");
		break;
	case TF_PROT:
		FLAGS(prot_flags, "PROT_NONE");
		break;
	case TF_MMAP:
		put_mmap(b, v);
		break;
	case TF_MREMAP:
		FLAGS(mremap_flags, "0");
		break;
	case TF_MSYNC:
		FLAGS(msync_flags, "0");
		break;
	case TF_MADV:
		put_value(b, madv_values, NELEM(madv_values), v);
		break;
	case TF_CLONE:
		put_clone(b, v);
		break;
	case TF_SIGHOW:
		put_value(b, sighow_values, NELEM(sighow_values), v);
		break;
	case TF_MLOCKALL:
		FLAGS(mlockall_flags, "0");
		break;
	case TF_SHMAT:
		FLAGS(shmat_flags, "0");
		break;
	case TF_AT:
		FLAGS(at_flags, "0");
		break;
	}
#undef FLAGS
}

/* ---- results ---- */

void tracefmt_result(struct tracefmt_buf *b, long ret, enum tracefmt_ret kind)
{
	if (kind == TF_RET_NONE) {
		tracefmt_put(b, " = ?");
		return;
	}
	if ((unsigned long)ret >= (unsigned long)-4095L) {
		int err = (int)-ret;
		const char *name = tracefmt_errname(err);

		if (name)
			tracefmt_put(b, " = -1 %s (%s)", name, tracefmt_errmsg(err));
		else
			tracefmt_put(b, " = -1 errno %d", err);
		return;
	}
	if (kind == TF_RET_INT)
		tracefmt_put(b, " = %ld", ret);
	else
		tracefmt_put(b, " = 0x%lx", (unsigned long)ret);
}
