/*
 * test_trace.c - the text of trace lines (tracefmt.c, tracecall.c): name
 * tables, flag words, results, whole system call lines with their guest
 * strings read from this process through a test reader; and the fault
 * facts the pager hands the trace (pager_fault_ev), in the in-process
 * guest window of window_fixture.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "mm.h"
#include "pagetable.h"
#include "tracecall.h"
#include "tracecall32.h"
#include "tracefmt.h"
#include "vmload/mman.h"
#include "window_fixture.h"

#define L(x) ((long)(x))

static char out[2048];

/* ---- a reader over this process's memory; NULL-ish pointers fault ---- */

static int readable(uintptr_t p)
{
	return p >= 4096;
}

static long test_read_str(char *dst, uintptr_t src, size_t cap)
{
	const char *s = (const char *)src;

	if (!readable(src))
		return -14;
	for (size_t i = 0; i < cap; i++) {
		dst[i] = s[i];
		if (!s[i])
			return (long)i;
	}
	return -36;
}

static int test_read(void *dst, uintptr_t src, size_t len)
{
	if (!readable(src))
		return -14;
	memcpy(dst, (const void *)src, len);
	return 0;
}

static const struct tracecall_mem mem = { test_read_str, test_read };

static const char *call(long nr, long a0, long a1, long a2, long a3, long a4,
			long a5, long ret)
{
	long a[6] = { a0, a1, a2, a3, a4, a5 };
	struct tracefmt_buf b;

	tracefmt_init(&b, out, sizeof out);
	tracecall_format(&b, nr, a, ret, &mem);
	return out;
}

/* The same for an i386 call (registers and result as 32-bit values). */
static const char *call32(long nr, long a0, long a1, long a2, long a3, long a4,
			  long a5, long ret)
{
	long a[6] = { a0, a1, a2, a3, a4, a5 };
	struct tracefmt_buf b;

	tracefmt_init(&b, out, sizeof out);
	tracecall32_format(&b, nr, a, ret, &mem);
	return out;
}

static const char *sym(enum tracefmt_set set, unsigned long v)
{
	struct tracefmt_buf b;

	tracefmt_init(&b, out, sizeof out);
	tracefmt_sym(&b, set, v);
	return out;
}

static const char *result(long ret, enum tracefmt_ret kind)
{
	struct tracefmt_buf b;

	tracefmt_init(&b, out, sizeof out);
	tracefmt_result(&b, ret, kind);
	return out;
}

/* ---- names ---- */

Test(trace, syscall_names)
{
	cr_assert_str_eq(tracefmt_sysname(0), "read");
	cr_assert_str_eq(tracefmt_sysname(9), "mmap");
	cr_assert_str_eq(tracefmt_sysname(59), "execve");
	cr_assert_str_eq(tracefmt_sysname(231), "exit_group");
	cr_assert_str_eq(tracefmt_sysname(435), "clone3");
	/* newer than the build's headers */
	cr_assert_str_eq(tracefmt_sysname(462), "mseal");
	cr_assert_str_eq(tracefmt_sysname(469), "file_setattr");
	cr_assert_null(tracefmt_sysname(-1));
	cr_assert_null(tracefmt_sysname(100000));
}

Test(trace, i386_syscall_names)
{
	cr_assert_str_eq(tracefmt_sysname32(45), "brk");
	cr_assert_str_eq(tracefmt_sysname32(90), "mmap");
	cr_assert_str_eq(tracefmt_sysname32(192), "mmap2");
	cr_assert_str_eq(tracefmt_sysname32(120), "clone");
	cr_assert_str_eq(tracefmt_sysname32(243), "set_thread_area");
	cr_assert_str_eq(tracefmt_sysname32(102), "socketcall");
	cr_assert_str_eq(tracefmt_sysname32(11), "execve");
	/* newer than the build's headers: the numbers both tables share */
	cr_assert_str_eq(tracefmt_sysname32(462), "mseal");
	/* not x86-64's uretprobe: only 424 and up are shared */
	cr_assert_str_eq(tracefmt_sysname32(335), "rt_tgsigqueueinfo");
	cr_assert_null(tracefmt_sysname32(-1));
	cr_assert_null(tracefmt_sysname32(100000));
}

Test(trace, errno_names_and_messages)
{
	cr_assert_str_eq(tracefmt_errname(2), "ENOENT");
	cr_assert_str_eq(tracefmt_errmsg(2), "No such file or directory");
	cr_assert_str_eq(tracefmt_errname(12), "ENOMEM");
	cr_assert_str_eq(tracefmt_errname(38), "ENOSYS");
	cr_assert_null(tracefmt_errname(0));
	cr_assert_null(tracefmt_errname(4000));
}

Test(trace, signal_names_and_codes)
{
	char tmp[16];

	cr_assert_str_eq(tracefmt_signame(SIGSEGV, tmp), "SIGSEGV");
	cr_assert_str_eq(tracefmt_signame(SIGUSR1, tmp), "SIGUSR1");
	cr_assert_str_eq(tracefmt_signame(32, tmp), "SIGRTMIN");
	cr_assert_str_eq(tracefmt_signame(34, tmp), "SIGRTMIN+2");
	cr_assert_str_eq(tracefmt_signame(99, tmp), "99");
	cr_assert_str_eq(tracefmt_sicode(SIGSEGV, 1), "SEGV_MAPERR");
	cr_assert_str_eq(tracefmt_sicode(SIGSEGV, 2), "SEGV_ACCERR");
	cr_assert_str_eq(tracefmt_sicode(SIGBUS, 2), "BUS_ADRERR");
	cr_assert_str_eq(tracefmt_sicode(SIGCHLD, 1), "CLD_EXITED");
	cr_assert_str_eq(tracefmt_sicode(SIGUSR1, 0), "SI_USER");
	cr_assert_str_eq(tracefmt_sicode(SIGUSR1, -6), "SI_TKILL");
	cr_assert_str_eq(tracefmt_sicode(SIGSEGV, 0x80), "SI_KERNEL");
	cr_assert_null(tracefmt_sicode(SIGUSR1, 1), "no codes > 0 for SIGUSR1");
	cr_assert_null(tracefmt_sicode(SIGSEGV, 99));
}

/* ---- flag words ---- */

Test(trace, open_flags)
{
	cr_assert_str_eq(sym(TF_OPEN, O_RDONLY | O_CLOEXEC), "O_RDONLY|O_CLOEXEC");
	cr_assert_str_eq(sym(TF_OPEN, O_WRONLY | O_CREAT | O_TRUNC),
			 "O_WRONLY|O_CREAT|O_TRUNC");
	/* multi-bit flags win over the bits they include */
	cr_assert_str_eq(sym(TF_OPEN, O_RDWR | O_TMPFILE), "O_RDWR|O_TMPFILE");
	cr_assert_str_eq(sym(TF_OPEN, O_WRONLY | O_SYNC), "O_WRONLY|O_SYNC");
	cr_assert_str_eq(sym(TF_OPEN, O_RDONLY | O_DSYNC), "O_RDONLY|O_DSYNC");
	/* the kernel's O_LARGEFILE (glibc's macro is 0 on x86-64) */
	cr_assert_str_eq(sym(TF_OPEN, 0100000), "O_RDONLY|O_LARGEFILE");
	cr_assert_str_eq(sym(TF_OPEN, O_RDONLY | 040000000),
			 "O_RDONLY|0x800000");
	cr_assert_str_eq(sym(TF_OFLAGS, O_CLOEXEC | O_NONBLOCK),
			 "O_NONBLOCK|O_CLOEXEC");
	cr_assert_str_eq(sym(TF_OFLAGS, 0), "0");
}

Test(trace, mmap_prot_and_flags)
{
	cr_assert_str_eq(sym(TF_PROT, PROT_NONE), "PROT_NONE");
	cr_assert_str_eq(sym(TF_PROT, PROT_READ | PROT_EXEC), "PROT_READ|PROT_EXEC");
	cr_assert_str_eq(sym(TF_PROT, PROT_READ | 0x10), "PROT_READ|0x10");
	cr_assert_str_eq(sym(TF_MMAP, MAP_PRIVATE | MAP_ANONYMOUS),
			 "MAP_PRIVATE|MAP_ANONYMOUS");
	cr_assert_str_eq(sym(TF_MMAP, MAP_SHARED | MAP_FIXED | MAP_NORESERVE),
			 "MAP_SHARED|MAP_FIXED|MAP_NORESERVE");
	cr_assert_str_eq(sym(TF_MMAP, MAP_PRIVATE | MAP_FIXED_NOREPLACE |
			     MAP_STACK), "MAP_PRIVATE|MAP_STACK|MAP_FIXED_NOREPLACE");
	cr_assert_str_eq(sym(TF_MMAP, 0), "0");
	cr_assert_str_eq(sym(TF_MREMAP, 3), "MREMAP_MAYMOVE|MREMAP_FIXED");
	cr_assert_str_eq(sym(TF_MSYNC, MS_SYNC | MS_INVALIDATE),
			 "MS_INVALIDATE|MS_SYNC");
}

Test(trace, enumerated_values)
{
	cr_assert_str_eq(sym(TF_MADV, MADV_DONTNEED), "MADV_DONTNEED");
	cr_assert_str_eq(sym(TF_MADV, 0), "MADV_NORMAL");
	cr_assert_str_eq(sym(TF_MADV, 25), "MADV_COLLAPSE");
	cr_assert_str_eq(sym(TF_MADV, 999), "999");
	cr_assert_str_eq(sym(TF_SIGHOW, SIG_SETMASK), "SIG_SETMASK");
}

Test(trace, clone_flags_with_exit_signal)
{
	cr_assert_str_eq(sym(TF_CLONE, 0x1200000 | SIGCHLD),
			 "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
	cr_assert_str_eq(sym(TF_CLONE, 0x100 | 0x4000), "CLONE_VM|CLONE_VFORK");
	cr_assert_str_eq(sym(TF_CLONE, SIGCHLD), "SIGCHLD");
	cr_assert_str_eq(sym(TF_CLONE, 0), "0");
}

/* ---- results ---- */

Test(trace, results)
{
	cr_assert_str_eq(result(3, TF_RET_INT), " = 3");
	cr_assert_str_eq(result(-2, TF_RET_INT),
			 " = -1 ENOENT (No such file or directory)");
	cr_assert_str_eq(result(0x7ffff7fc1000L, TF_RET_ADDR), " = 0x7ffff7fc1000");
	cr_assert_str_eq(result(-12, TF_RET_ADDR),
			 " = -1 ENOMEM (Cannot allocate memory)");
	cr_assert_str_eq(result(0x1f, TF_RET_HEX), " = 0x1f");
	cr_assert_str_eq(result(0, TF_RET_NONE), " = ?");
	cr_assert_str_eq(result(-512, TF_RET_INT), " = -1 errno 512");
	/* a large positive value is not an error */
	cr_assert_str_eq(result(-5000, TF_RET_INT), " = -5000");
}

/* ---- strings and the line buffer ---- */

Test(trace, strings_are_escaped_and_cut)
{
	struct tracefmt_buf b;
	const char s[] = "a\"b\\\n\001\377";

	tracefmt_init(&b, out, sizeof out);
	tracefmt_str(&b, s, sizeof s - 1, 64, 0);
	cr_assert_str_eq(out, "\"a\\\"b\\\\\\n\\001\\377\"");
	tracefmt_init(&b, out, sizeof out);
	tracefmt_str(&b, "abcdef", 6, 3, 0);
	cr_assert_str_eq(out, "\"abc\"...");
	tracefmt_init(&b, out, sizeof out);
	tracefmt_str(&b, "ab", 2, 3, 1);
	cr_assert_str_eq(out, "\"ab\"...");
}

Test(trace, full_buffer_stays_terminated)
{
	struct tracefmt_buf b;
	char small[8];

	tracefmt_init(&b, small, sizeof small);
	tracefmt_put(&b, "%s", "0123456789");
	cr_assert(b.full);
	cr_assert_eq(b.len, 7);
	cr_assert_str_eq(small, "0123456");
	tracefmt_put(&b, "x");
	cr_assert_str_eq(small, "0123456");
}

/* ---- whole calls ---- */

Test(trace, mmap_line)
{
	cr_assert_str_eq(call(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, 0x7ffff7fc1000L),
			 "mmap(NULL, 8192, PROT_READ|PROT_WRITE, "
			 "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7ffff7fc1000");
	cr_assert_str_eq(call(SYS_mmap, 0x10000, 4096, PROT_READ, MAP_SHARED, 3,
			      0x2000, -22),
			 "mmap(0x10000, 4096, PROT_READ, MAP_SHARED, 3, 0x2000) = "
			 "-1 EINVAL (Invalid argument)");
	cr_assert_str_eq(call(SYS_madvise, 0x10000, 8192, MADV_DONTNEED, 0, 0, 0,
			      0), "madvise(0x10000, 8192, MADV_DONTNEED) = 0");
	cr_assert_str_eq(call(SYS_brk, 0, 0, 0, 0, 0, 0, 0x555555559000L),
			 "brk(NULL) = 0x555555559000");
}

Test(trace, openat_decodes_the_path)
{
	static const char path[] = "/etc/passwd";

	cr_assert_str_eq(call(SYS_openat, -100, L(path), O_RDONLY | O_CLOEXEC,
			      0, 0, 0, 3),
			 "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3");
	/* the mode only when the call creates */
	cr_assert_str_eq(call(SYS_openat, 5, L("x"), O_WRONLY | O_CREAT, 0644,
			      0, 0, -13),
			 "openat(5, \"x\", O_WRONLY|O_CREAT, 0644) = -1 EACCES "
			 "(Permission denied)");
	/* a pointer the reader cannot follow shows as an address */
	cr_assert_str_eq(call(SYS_open, 16, O_RDONLY, 0, 0, 0, 0, -14),
			 "open(0x10, O_RDONLY) = -1 EFAULT (Bad address)");
}

Test(trace, long_path_is_cut)
{
	static char path[3000];

	memset(path, 'p', sizeof path - 1);
	call(SYS_unlink, L(path), 0, 0, 0, 0, 0, 0);
	cr_assert(strstr(out, "\"...) = 0"), "got %s", out);
	cr_assert_lt(strlen(out), 1100);
}

Test(trace, execve_argv_and_environment)
{
	static const char *argv[] = { "sh", "-c", "exec /bin/true", NULL };
	static const char *envp[] = { "A=1", "B=2", NULL };
	char want[256];

	call(SYS_execve, L("/bin/sh"), L(argv), L(envp), 0, 0, 0, 0);
	snprintf(want, sizeof want, "execve(\"/bin/sh\", [\"sh\", \"-c\", "
		 "\"exec /bin/true\"], %p /* 2 vars */) = 0", (void *)envp);
	cr_assert_str_eq(out, want);
	cr_assert_eq(tracecall_category(SYS_execve), TRACECALL_EXEC);
	cr_assert_eq(tracecall_category(SYS_execveat), TRACECALL_EXEC);
}

Test(trace, calls_that_do_not_return)
{
	cr_assert_str_eq(call(SYS_exit_group, 7, 0, 0, 0, 0, 0, 0),
			 "exit_group(7) = ?");
	cr_assert(tracecall_noreturn(SYS_exit_group));
	cr_assert(tracecall_noreturn(SYS_exit));
	cr_assert_not(tracecall_noreturn(SYS_execve));
	cr_assert_not(tracecall_noreturn(SYS_rt_sigreturn));
}

Test(trace, clone_and_signals)
{
	cr_assert_str_eq(call(SYS_clone, 0x1200000 | SIGCHLD, 0, 0, 0x7f0000001000L,
			      0, 0, 1234),
			 "clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
			 "NULL, NULL, 0x7f0000001000, NULL) = 1234");
	cr_assert_str_eq(call(SYS_rt_sigaction, SIGUSR1, 0x1000, 0, 8, 0, 0, 0),
			 "rt_sigaction(SIGUSR1, 0x1000, NULL, 8) = 0");
	cr_assert_str_eq(call(SYS_rt_sigprocmask, SIG_BLOCK, 0x1000, 0x2000, 8, 0,
			      0, 0),
			 "rt_sigprocmask(SIG_BLOCK, 0x1000, 0x2000, 8) = 0");
}

Test(trace, unknown_calls_show_six_registers)
{
	cr_assert_str_eq(call(500, 1, 2, 3, 4, 5, 6, -38),
			 "syscall_500(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS "
			 "(Function not implemented)");
}

Test(trace, categories)
{
	static const long mm[] = { SYS_brk, SYS_mmap, SYS_munmap, SYS_mprotect,
				   SYS_mremap, SYS_madvise, SYS_msync,
				   SYS_shmat, SYS_shmdt, SYS_mlock, SYS_mlockall };

	for (size_t i = 0; i < sizeof mm / sizeof mm[0]; i++)
		cr_assert_eq(tracecall_category(mm[i]), TRACECALL_MM, "nr %ld",
			     mm[i]);
	cr_assert_eq(tracecall_category(SYS_openat), TRACECALL_OTHER);
	cr_assert_eq(tracecall_category(SYS_read), TRACECALL_OTHER);
	cr_assert_eq(tracecall_category(9999), TRACECALL_OTHER);
}

/* ---- i386 calls ---- */

/* Memory below 4 GiB, where an i386 guest's pointers can reach. */
static char *low_page(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	cr_assert_neq(p, MAP_FAILED);
	return p;
}

Test(trace, i386_mmap2_and_old_mmap)
{
	uint32_t *w = (uint32_t *)(void *)low_page();

	/* the result is eax: 0xf7fc4000 is an address, 0xfffffff4 -ENOMEM */
	cr_assert_str_eq(call32(192, 0, 8192, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, 0xffffffffL, 0,
				0xf7fc4000L),
			 "mmap2(NULL, 8192, PROT_READ|PROT_WRITE, "
			 "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xf7fc4000");
	cr_assert_str_eq(call32(192, 0, 4096, PROT_READ, MAP_PRIVATE, 3, 0x22,
				0xfffffff4L),
			 "mmap2(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0x22) = -1 "
			 "ENOMEM (Cannot allocate memory)");
	/* old mmap: its six words, read from the guest */
	w[0] = 0; w[1] = 4096; w[2] = PROT_READ; w[3] = MAP_SHARED;
	w[4] = 5; w[5] = 0x3000;
	cr_assert_str_eq(call32(90, L(w), 0, 0, 0, 0, 0, 0x5655a000L),
			 "mmap(NULL, 4096, PROT_READ, MAP_SHARED, 5, 0x3000) = "
			 "0x5655a000");
	cr_assert_str_eq(call32(45, 0, 0, 0, 0, 0, 0, 0x56a00000L),
			 "brk(NULL) = 0x56a00000");
	cr_assert_eq(tracecall32_category(90), TRACECALL_MM);
	cr_assert_eq(tracecall32_category(192), TRACECALL_MM);
	cr_assert_eq(tracecall32_category(45), TRACECALL_MM);
	cr_assert_eq(tracecall32_category(125), TRACECALL_MM);
	cr_assert_eq(tracecall32_category(5), TRACECALL_OTHER);
	munmap(w, 4096);
}

Test(trace, i386_paths_vectors_and_clone)
{
	char *p = low_page();
	uint32_t *argv = (uint32_t *)(void *)(p + 256);
	uint32_t *envp = (uint32_t *)(void *)(p + 512);
	char want[256];

	strcpy(p, "/etc/passwd");
	strcpy(p + 32, "-l");
	cr_assert_str_eq(call32(295, 0xffffff9cL, L(p), O_RDONLY, 0, 0, 0, 3),
			 "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3");
	cr_assert_str_eq(call32(5, L(p), O_RDONLY, 0, 0, 0, 0, 0xfffffffeL),
			 "open(\"/etc/passwd\", O_RDONLY) = -1 ENOENT (No such "
			 "file or directory)");
	argv[0] = (uint32_t)(uintptr_t)p;
	argv[1] = (uint32_t)(uintptr_t)(p + 32);
	argv[2] = 0;
	envp[0] = (uint32_t)(uintptr_t)(p + 32);
	envp[1] = 0;
	call32(11, L(p), L(argv), L(envp), 0, 0, 0, 0xfffffffeL);
	snprintf(want, sizeof want, "execve(\"/etc/passwd\", [\"/etc/passwd\", "
		 "\"-l\"], %p /* 1 var */) = -1 ENOENT (No such file or "
		 "directory)", (void *)envp);
	cr_assert_str_eq(out, want);
	cr_assert_eq(tracecall32_category(11), TRACECALL_EXEC);
	cr_assert_str_eq(call32(120, 0x1200000 | SIGCHLD, 0, 0, 0, 0x9000, 0,
				1234),
			 "clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
			 "NULL, NULL, NULL, 0x9000) = 1234");
	cr_assert_str_eq(call32(1, 3, 0, 0, 0, 0, 0, 0), "exit(3) = ?");
	cr_assert(tracecall32_noreturn(1));
	cr_assert(tracecall32_noreturn(252));
	cr_assert_not(tracecall32_noreturn(11));
	munmap(p, 4096);
}

/* ---- the pager's facts about a fault ---- */

#define P 4096UL
#define A 0x50000000UL

static void window_setup(void)
{
	window_fixture(0);
	pager_set_fault_around(64 << 10);
}

Test(trace, fault_event_demand_zero_then_cow, .init = window_setup,
     .timeout = 30)
{
	struct pager_event ev;

	cr_assert_eq(mman_map(A, 32 * P, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		     (long)A);
	cr_assert_eq(pager_fault_ev(A + 3 * P, PAGER_READ, &ev), 0);
	cr_assert(ev.found);
	cr_assert_eq(ev.vma.start, A);
	cr_assert_eq(ev.vma.end, A + 32 * P);
	cr_assert_eq(ev.from, PT_NONE);
	cr_assert_eq(ev.lo, A);
	cr_assert_eq(ev.hi, A + 16 * P);
	cr_assert_not(ev.grew);
	cr_assert_not(ev.coarsened);
	cr_assert_eq(pager_fault_ev(A + 3 * P, PAGER_WRITE, &ev), 0);
	cr_assert_eq(ev.from, PT_RO, "a write to the zero page is a COW break");
	cr_assert_eq(ev.hi - ev.lo, 16 * P);
}

Test(trace, fault_event_refusals, .init = window_setup, .timeout = 30)
{
	struct pager_event ev;

	cr_assert_eq(mman_map(A, 4 * P, PROT_READ,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		     (long)A);
	cr_assert_eq(pager_fault_ev(A, PAGER_WRITE, &ev), PAGER_ACCERR);
	cr_assert(ev.found, "the VMA that refused is reported");
	cr_assert_eq(ev.vma.prot, PROT_READ);
	cr_assert_eq(ev.lo, ev.hi);
	cr_assert_eq(pager_fault_ev(A + 8 * P, PAGER_READ, &ev), PAGER_MAPERR);
	cr_assert_not(ev.found);
	/* without an event the result is the same */
	cr_assert_eq(pager_fault(A + 8 * P, PAGER_READ), PAGER_MAPERR);
}
