/*
 * tracefmt.h - the pure text of a trace line (VMLOAD_TRACE): system call,
 * errno and signal names, flag words in symbolic form, results as strace
 * prints them. No system calls, no guest memory, no state: unit-testable,
 * and async-signal-safe (formatting with log_vfmt into the caller's buffer).
 */
#ifndef VMLOAD_TRACEFMT_H
#define VMLOAD_TRACEFMT_H

#include <stddef.h>
#include <stdint.h>

/* A line being built: text never runs past cap - 1 (NUL kept), and once
 * full, further output is dropped and `full` is set. */
struct tracefmt_buf {
	char *p;
	size_t cap, len;
	int full;
};

void tracefmt_init(struct tracefmt_buf *b, char *p, size_t cap);
void tracefmt_put(struct tracefmt_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A guest string of n bytes as a C literal, quoted and escaped; "..."
 * follows the closing quote when cut (more than max bytes, or truncated:
 * the guest string went on past what was read). */
void tracefmt_str(struct tracefmt_buf *b, const char *s, size_t n, size_t max,
		  int truncated);

/* System call name for an x86-64 number, or NULL. */
const char *tracefmt_sysname(long nr);
/* The same for an i386 number (an ia32 guest's int $0x80). */
const char *tracefmt_sysname32(long nr);
/* "ENOENT" and "No such file or directory" for an errno, or NULL. */
const char *tracefmt_errname(int err);
const char *tracefmt_errmsg(int err);
/* "SIGSEGV", "SIGRTMIN+3", or the number, into tmp (at least 16 bytes). */
const char *tracefmt_signame(int sig, char *tmp);
/* "SEGV_MAPERR", "SI_USER"... for si_code of sig, or NULL. */
const char *tracefmt_sicode(int sig, int code);

/* Symbol sets: flag words (OR of names) and enumerated values. */
enum tracefmt_set {
	TF_OPEN,	/* O_RDONLY|O_CREAT|O_CLOEXEC (access mode first) */
	TF_OFLAGS,	/* O_* flags alone (pipe2, signalfd4, accept4) */
	TF_PROT,	/* PROT_READ|PROT_WRITE, PROT_NONE */
	TF_MMAP,	/* MAP_PRIVATE|MAP_ANONYMOUS (type first) */
	TF_MREMAP,	/* MREMAP_MAYMOVE|MREMAP_FIXED */
	TF_MSYNC,	/* MS_ASYNC|MS_INVALIDATE|MS_SYNC */
	TF_MADV,	/* MADV_DONTNEED (a value) */
	TF_CLONE,	/* CLONE_VM|...|SIGCHLD (exit signal in the low byte) */
	TF_SIGHOW,	/* SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK (a value) */
	TF_MLOCKALL,	/* MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT */
	TF_SHMAT,	/* SHM_RDONLY|SHM_RND|SHM_REMAP|SHM_EXEC */
	TF_AT,		/* AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH... */
};

/* v in symbolic form; bits or values without a name in hex. */
void tracefmt_sym(struct tracefmt_buf *b, enum tracefmt_set set,
		  unsigned long v);

/* How a call's result reads. */
enum tracefmt_ret {
	TF_RET_INT,	/* 3 */
	TF_RET_ADDR,	/* 0x7ffff7fc1000 */
	TF_RET_HEX,	/* 0x1f (rt_sigreturn: the restored RAX) */
	TF_RET_NONE,	/* ? (the call does not return) */
};

/* " = 3", " = 0x7ffff7fc1000", " = -1 ENOENT (No such file or
 * directory)", " = ?". ret is the raw kernel value (-errno on failure). */
void tracefmt_result(struct tracefmt_buf *b, long ret, enum tracefmt_ret kind);

#endif
