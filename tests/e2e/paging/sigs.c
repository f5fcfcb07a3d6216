/*
 * sigs.c - the guest's own SIGSEGV/SIGBUS handling (DESIGN D8,
 * HARD-PROBLEMS section 5): si_signo, si_code and si_addr as Linux gives
 * them (SEGV_MAPERR where no mapping is, SEGV_ACCERR where the protection
 * forbids, BUS_ADRERR past the end of a file), the page-fault error code in
 * the ucontext, recovery by siglongjmp, by returning after mprotect, and by
 * editing the ucontext; sigaction and sigaltstack read back; handlers on the
 * alternate stack; stack overflow; a blocked, ignored or absent handler
 * means death by the signal.
 *
 * Prints one "name: result" line per check, addresses only relative to the
 * expected one; exits 0. "sigs NAME..." runs only the named checks;
 * "sigs die_segv" and "sigs die_bus" fault with no handler (the suite
 * checks the shell's status 139 / 135).
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "check.h"

#define ALTSZ (64 * 1024)

static sigjmp_buf jb;
static char *alt;	/* the sigaltstack, ALTSZ bytes */

static volatile struct got {
	int n, signo, code;
	uintptr_t addr;
	long err, trapno;
	int on_alt, ss_onstack, segv_blocked, usr1_blocked;
	pid_t pid, tid;
	int value;
} got;

static const char *code_name(int signo, int code)
{
	static char buf[32];

	switch (code) {
	case SI_USER: return "SI_USER";
	case SI_KERNEL: return "SI_KERNEL";
	case SI_TKILL: return "SI_TKILL";
	case SI_QUEUE: return "SI_QUEUE";
	}
	if (signo == SIGSEGV && code == SEGV_MAPERR) return "SEGV_MAPERR";
	if (signo == SIGSEGV && code == SEGV_ACCERR) return "SEGV_ACCERR";
	if (signo == SIGSEGV && code == SEGV_PKUERR) return "SEGV_PKUERR";
	if (signo == SIGBUS && code == BUS_ADRALN) return "BUS_ADRALN";
	if (signo == SIGBUS && code == BUS_ADRERR) return "BUS_ADRERR";
	if (signo == SIGBUS && code == BUS_OBJERR) return "BUS_OBJERR";
	snprintf(buf, sizeof buf, "code %d", code);
	return buf;
}

static int in_alt(const void *p)
{
	return (const char *)p >= alt && (const char *)p < alt + ALTSZ;
}

static void record(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	stack_t ss;
	sigset_t m;
	char local;

	got.n++;
	got.signo = sig;
	got.code = si->si_code;
	got.addr = (uintptr_t)si->si_addr;
	got.pid = si->si_pid;
	got.value = si->si_value.sival_int;
	got.err = uc->uc_mcontext.gregs[REG_ERR];
	got.trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
	got.on_alt = in_alt(&local);
	got.tid = (pid_t)syscall(SYS_gettid);
	sigaltstack(NULL, &ss);
	got.ss_onstack = !!(ss.ss_flags & SS_ONSTACK);
	sigprocmask(SIG_BLOCK, NULL, &m);
	got.segv_blocked = sigismember(&m, SIGSEGV);
	got.usr1_blocked = sigismember(&m, SIGUSR1);
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	record(sig, si, uc);
	siglongjmp(jb, 1);
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR1);
	sigaction(sig, &sa, NULL);
}

static void handlers(int flags)
{
	install(SIGSEGV, on_fault, SA_SIGINFO | flags);
	install(SIGBUS, on_fault, SA_SIGINFO | flags);
}

enum access { READ, WRITE, EXEC };

/* 1 if the access faulted (got holds what the handler saw) */
static int try(enum access how, volatile char *p)
{
	memset((void *)&got, 0, sizeof got);
	if (sigsetjmp(jb, 1))
		return 1;
	switch (how) {
	case READ:
		(void)*p;
		break;
	case WRITE:
		*p = 1;
		break;
	case EXEC:
		((void (*)(void))(uintptr_t)p)();
		break;
	}
	return 0;
}

static void report(const char *name, int faulted, uintptr_t want)
{
	char where[48];

	if (!faulted) {
		printf("%s: no fault\n", name);
		return;
	}
	if (got.addr == want)
		snprintf(where, sizeof where, "expected");
	else
		snprintf(where, sizeof where, "expected%+ld",
			 (long)(got.addr - want));
	/*
	 * The page-fault error code without its present bit (which tells
	 * whether a page table entry existed, not what the guest did): write
	 * 0x2, user 0x4, instruction fetch 0x10.
	 */
	printf("%s: %s %s si_addr=%s err=%#lx trapno=%ld\n", name,
	       sigabbrev_np(got.signo), code_name(got.signo, got.code), where,
	       got.err & 0x16, got.trapno);
}

static char *map(size_t pages, int prot)
{
	return check_map(pages * PAGE, prot, MAP_PRIVATE);
}

static void t_null(void)
{
	handlers(0);
	report("NULL read", try(READ, NULL), 0);
	report("write to 0x1000", try(WRITE, (char *)0x1000), 0x1000);
}

static void t_ro(void)
{
	char *p = map(2, PROT_READ);

	handlers(0);
	report("write to untouched PROT_READ", try(WRITE, p + 123),
	       (uintptr_t)p + 123);
	(void)*(volatile char *)(p + PAGE);
	report("write to read PROT_READ", try(WRITE, p + PAGE + 5),
	       (uintptr_t)p + PAGE + 5);
	report("read from PROT_READ", try(READ, p + 7), 0);
}

static void t_guard(void)
{
	char *p = map(3, PROT_READ | PROT_WRITE);

	handlers(0);
	memset(p, 1, 3 * PAGE);
	mprotect(p + PAGE, PAGE, PROT_NONE);
	report("read guard page (touched before)", try(READ, p + PAGE + 8),
	       (uintptr_t)p + PAGE + 8);
	p = map(3, PROT_READ | PROT_WRITE);
	mprotect(p + PAGE, PAGE, PROT_NONE);
	report("write guard page (never touched)", try(WRITE, p + 2 * PAGE - 1),
	       (uintptr_t)p + 2 * PAGE - 1);
	report("write next to guard page", try(WRITE, p + 2 * PAGE), 0);
	p = map(1, PROT_NONE);
	report("read PROT_NONE mapping", try(READ, p + 100), (uintptr_t)p + 100);
}

static void t_hole(void)
{
	char *p = map(3, PROT_READ | PROT_WRITE);

	handlers(0);
	memset(p, 1, 3 * PAGE);
	munmap(p + PAGE, PAGE);
	report("read munmap hole", try(READ, p + PAGE + 16),
	       (uintptr_t)p + PAGE + 16);
	p = map(4, PROT_READ | PROT_WRITE);
	munmap(p, 4 * PAGE);
	report("write unmapped (never touched)", try(WRITE, p + 3 * PAGE + 1),
	       (uintptr_t)p + 3 * PAGE + 1);
	report("read unmapped low address 0x10000",
	       try(READ, (char *)0x10000), 0x10000);
}

static void t_exec(void)
{
	char *p = map(1, PROT_READ | PROT_WRITE);

	handlers(0);
	p[0] = (char)0xc3;	/* ret */
	report("execute PROT_READ|PROT_WRITE page", try(EXEC, p), (uintptr_t)p);
	mprotect(p, PAGE, PROT_READ | PROT_EXEC);
	report("execute after mprotect PROT_EXEC", try(EXEC, p), 0);
}

static void t_file_eof(void)
{
	char path[] = "/tmp/paging-sigs.XXXXXX", buf[100];
	int fd = mkstemp(path);
	char *p;

	handlers(0);
	memset(buf, 'f', sizeof buf);
	write(fd, buf, sizeof buf);
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	unlink(path);
	close(fd);
	printf("file mapping: byte 99=%c byte 100..4095 zero=%s\n", p[99],
	       !p[100] && !p[PAGE - 1] ? "yes" : "no");
	report("read past EOF page of file mapping", try(READ, p + PAGE + 10),
	       (uintptr_t)p + PAGE + 10);
	report("write past EOF page of file mapping",
	       try(WRITE, p + 2 * PAGE - 1), (uintptr_t)p + 2 * PAGE - 1);
}

/* the classic sigsetjmp probe of readable addresses */
static void t_probe(void)
{
	char *rw = map(4, PROT_READ | PROT_WRITE), *ro = map(1, PROT_READ);
	char stackvar = 1;
	char path[] = "/tmp/paging-sigs.XXXXXX";
	int fd = mkstemp(path);
	char *f;
	struct { const char *name; const void *p; } list[] = {
		{ "stack", &stackvar },
		{ "text", (void *)(uintptr_t)t_probe },
		{ "NULL", NULL },
		{ "rw untouched", rw + 10 },
		{ "rw guard", rw + PAGE + 10 },
		{ "rw hole", rw + 2 * PAGE + 10 },
		{ "rw last", rw + 4 * PAGE - 1 },
		{ "ro untouched", ro },
		{ "file in EOF page", NULL },
		{ "file past EOF", NULL },
		{ "non-canonical", (void *)0x8000000000000000UL },
		{ "last user page", (void *)0x7ffffffff000UL },
	};

	handlers(0);
	write(fd, "x", 1);
	f = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	unlink(path);
	close(fd);
	list[8].p = f + 1;
	list[9].p = f + PAGE;
	mprotect(rw + PAGE, PAGE, PROT_NONE);
	munmap(rw + 2 * PAGE, PAGE);
	printf("probe readable:");
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		printf(" %s=%s", list[i].name,
		       try(READ, (volatile char *)list[i].p) ? "no" : "yes");
	printf("\n");
	report("non-canonical address", try(READ, (char *)0x8000000000000000UL),
	       0);
}

static volatile uintptr_t lowest;
static uintptr_t guard_lo, guard_hi;
static volatile int in_thread;

static void on_overflow(int sig, siginfo_t *si, void *uc)
{
	char msg[160];
	uintptr_t a = (uintptr_t)si->si_addr;
	int near;

	record(sig, si, uc);
	if (in_thread)
		near = a >= guard_lo && a < guard_hi;
	else
		near = a < lowest && lowest - a < 64 * 1024;
	snprintf(msg, sizeof msg, "%s: %s %s near stack end=%s on altstack=%s\n",
		 in_thread ? "stack overflow in thread" :
		 "stack overflow in main thread", sigabbrev_np(sig),
		 code_name(sig, si->si_code), near ? "yes" : "no",
		 got.on_alt ? "yes" : "no");
	write(1, msg, strlen(msg));
	_exit(0);
}

static int recurse(int n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	lowest = (uintptr_t)pad;
	if (n < 0)	/* never: keeps the compiler quiet */
		return 0;
	return recurse(n + 1) + pad[0];
}

static void *overflow_thread(void *arg)
{
	pthread_attr_t a;
	void *lo;
	size_t sz, gsz;
	stack_t ss = { .ss_sp = alt, .ss_size = ALTSZ };

	(void)arg;
	sigaltstack(&ss, NULL);	/* not inherited by threads */
	pthread_getattr_np(pthread_self(), &a);
	pthread_attr_getstack(&a, &lo, &sz);
	pthread_attr_getguardsize(&a, &gsz);
	guard_lo = (uintptr_t)lo - gsz;
	guard_hi = (uintptr_t)lo;
	in_thread = 1;
	recurse(0);
	return NULL;
}

/* "exit N" or "killed by SIGNAME" */
static const char *how(int status)
{
	return check_how(status, "killed by SIG");
}

/* the main thread's overflow must not eat gigabytes under ulimit -s unlimited */
static void cap_stack(void)
{
	struct rlimit rl;

	getrlimit(RLIMIT_STACK, &rl);
	if (rl.rlim_cur > 8 << 20) {
		rl.rlim_cur = 8 << 20;
		setrlimit(RLIMIT_STACK, &rl);
	}
}

static void t_overflow(void)
{
	stack_t ss = { .ss_sp = alt, .ss_size = ALTSZ };
	pid_t pid;
	int status;

	pid = check_fork(10);
	if (pid == 0) {
		cap_stack();
		sigaltstack(&ss, NULL);
		install(SIGSEGV, on_overflow, SA_SIGINFO | SA_ONSTACK);
		recurse(0);
		_exit(1);
	}
	status = check_reap(pid);
	printf("stack overflow in main thread: child %s\n", how(status));

	pid = check_fork(10);
	if (pid == 0) {
		pthread_t t;
		pthread_attr_t a;

		install(SIGSEGV, on_overflow, SA_SIGINFO | SA_ONSTACK);
		pthread_attr_init(&a);
		pthread_attr_setstacksize(&a, 256 * 1024);
		pthread_create(&t, &a, overflow_thread, NULL);
		pthread_join(t, NULL);
		_exit(1);
	}
	status = check_reap(pid);
	printf("stack overflow in thread: child %s\n", how(status));

	/* a handler but no alternate stack: the frame cannot be pushed */
	pid = check_fork(10);
	if (pid == 0) {
		cap_stack();
		install(SIGSEGV, on_overflow, SA_SIGINFO | SA_ONSTACK);
		recurse(0);
		_exit(1);
	}
	status = check_reap(pid);
	printf("stack overflow without altstack: child %s\n", how(status));
}

/* low addresses nothing maps, opaque to the compiler */
static volatile int *volatile bad8 = (int *)8, *volatile bad16 = (int *)16;

static void fault_now(void)
{
	*bad8 = 1;
}

static void *fault_thread(void *arg)
{
	(void)arg;
	fault_now();
	return NULL;
}

/* SIGSEGV blocked, ignored or left default: the fault kills */
static void t_deadly(void)
{
	static const char *const what[] = {
		"no handler", "handler but SIGSEGV blocked",
		"SIGSEGV blocked, no handler", "SIGSEGV ignored",
		"blocked in a thread",
	};

	for (int k = 0; k < 5; k++) {
		pid_t pid;
		sigset_t m;

		pid = check_fork(10);
		if (pid == 0) {
			sigemptyset(&m);
			sigaddset(&m, SIGSEGV);
			if (k == 0 || k == 2 || k == 4)
				signal(SIGSEGV, SIG_DFL);
			else
				handlers(0);
			if (k == 3)
				signal(SIGSEGV, SIG_IGN);
			if (k == 1 || k == 2)
				sigprocmask(SIG_BLOCK, &m, NULL);
			if (k == 4) {
				pthread_t t;

				pthread_sigmask(SIG_BLOCK, &m, NULL);
				pthread_create(&t, NULL, fault_thread, NULL);
				pthread_join(t, NULL);
			}
			fault_now();
			_exit(0);
		}
		printf("fault with %s: %s\n", what[k], how(check_reap(pid)));
	}
}

static void t_readback(void)
{
	struct sigaction old, old2;
	stack_t ss = { .ss_sp = alt, .ss_size = ALTSZ }, back;
	const int want = SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER;

	install(SIGSEGV, on_fault, want);
	install(SIGBUS, on_fault, SA_SIGINFO);
	sigaction(SIGSEGV, NULL, &old);
	printf("sigaction(SIGSEGV) readback: handler=%s flags=%s "
	       "mask has SIGUSR1=%s\n",
	       old.sa_sigaction == on_fault ? "same" : "different",
	       (old.sa_flags & (want | SA_RESETHAND)) == want ? "same" :
	       "different", sigismember(&old.sa_mask, SIGUSR1) ? "yes" : "no");
	signal(SIGSEGV, SIG_DFL);
	install(SIGBUS, on_fault, SA_SIGINFO);
	sigaction(SIGBUS, &(struct sigaction){ .sa_handler = SIG_IGN }, &old);
	sigaction(SIGBUS, NULL, &old2);
	printf("sigaction(SIGBUS) old value=%s, now SIG_IGN=%s\n",
	       old.sa_sigaction == on_fault && (old.sa_flags & SA_SIGINFO) ?
	       "previous handler" : "wrong",
	       old2.sa_handler == SIG_IGN ? "yes" : "no");
	signal(SIGBUS, SIG_DFL);
	sigaltstack(&ss, NULL);
	sigaltstack(NULL, &back);
	printf("sigaltstack readback: %s\n",
	       back.ss_sp == alt && back.ss_size == ALTSZ && back.ss_flags == 0 ?
	       "same" : "different");
}

static void t_altstack(void)
{
	stack_t ss = { .ss_sp = alt, .ss_size = ALTSZ };
	char *p = map(1, PROT_NONE);

	sigaltstack(&ss, NULL);
	handlers(SA_ONSTACK);
	try(READ, p);
	printf("SA_ONSTACK: handler on altstack=%s, SS_ONSTACK inside=%s\n",
	       got.on_alt ? "yes" : "no", got.ss_onstack ? "yes" : "no");
	handlers(0);
	try(READ, p);
	printf("no SA_ONSTACK: handler on altstack=%s, SS_ONSTACK inside=%s\n",
	       got.on_alt ? "yes" : "no", got.ss_onstack ? "yes" : "no");
}

static void t_masks(void)
{
	char *p = map(1, PROT_NONE);
	struct sigaction sa;
	sigset_t m;

	handlers(0);
	try(READ, p);
	sigprocmask(SIG_BLOCK, NULL, &m);
	printf("mask in handler: SIGSEGV blocked=%s sa_mask SIGUSR1 blocked=%s;"
	       " after siglongjmp SIGSEGV blocked=%s\n",
	       got.segv_blocked ? "yes" : "no", got.usr1_blocked ? "yes" : "no",
	       sigismember(&m, SIGSEGV) ? "yes" : "no");
	handlers(SA_NODEFER);
	try(READ, p);
	printf("SA_NODEFER: SIGSEGV blocked in handler=%s\n",
	       got.segv_blocked ? "yes" : "no");
	handlers(SA_RESETHAND);
	try(READ, p);
	sigaction(SIGSEGV, NULL, &sa);
	printf("SA_RESETHAND: handler ran=%s, reset to SIG_DFL=%s\n",
	       got.n == 1 ? "yes" : "no", sa.sa_handler == SIG_DFL ? "yes" : "no");
}

/* signals sent, not faults: si_code from the sender */
static void t_sent(void)
{
	handlers(0);
	memset((void *)&got, 0, sizeof got);
	if (!sigsetjmp(jb, 1))
		raise(SIGSEGV);
	printf("raise(SIGSEGV): %s %s pid=%s\n", sigabbrev_np(got.signo),
	       code_name(got.signo, got.code),
	       got.pid == getpid() ? "self" : "other");
	memset((void *)&got, 0, sizeof got);
	if (!sigsetjmp(jb, 1))
		kill(getpid(), SIGBUS);
	printf("kill(SIGBUS): %s %s pid=%s\n", sigabbrev_np(got.signo),
	       code_name(got.signo, got.code),
	       got.pid == getpid() ? "self" : "other");
	memset((void *)&got, 0, sizeof got);
	if (!sigsetjmp(jb, 1))
		sigqueue(getpid(), SIGSEGV, (union sigval){ .sival_int = 42 });
	printf("sigqueue(SIGSEGV, 42): %s %s value=%d\n",
	       sigabbrev_np(got.signo), code_name(got.signo, got.code),
	       got.value);
}

static char *gc_page;
static volatile int gc_faults;

/* a write barrier: unprotect the page and let the access restart */
static void on_barrier(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	gc_faults++;
	if ((uintptr_t)si->si_addr - (uintptr_t)gc_page < PAGE)
		mprotect(gc_page, PAGE, PROT_READ | PROT_WRITE);
	else
		_exit(3);
}

static void on_fill(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	gc_faults++;
	if ((uintptr_t)si->si_addr - (uintptr_t)gc_page < PAGE)
		mmap(gc_page, PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	else
		_exit(3);
}

/* skip the faulting load: set RIP past it, with a result in RAX */
static void on_skip(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_RIP] = uc->uc_mcontext.gregs[REG_RDX];
	uc->uc_mcontext.gregs[REG_RAX] = 0x77;
}

static void t_resume(void)
{
	long v;

	gc_page = map(1, PROT_READ);
	gc_faults = 0;
	install(SIGSEGV, on_barrier, SA_SIGINFO);
	gc_page[10] = 5;
	printf("handler mprotects and returns: faults=%d value=%d\n",
	       gc_faults, gc_page[10]);
	gc_page = map(1, PROT_READ | PROT_WRITE);
	munmap(gc_page, PAGE);
	gc_faults = 0;
	install(SIGSEGV, on_fill, SA_SIGINFO);
	gc_page[20] = 6;
	printf("handler maps the hole and returns: faults=%d value=%d\n",
	       gc_faults, gc_page[20]);
	install(SIGSEGV, on_skip, SA_SIGINFO);
	asm volatile("lea 1f(%%rip), %%rdx\n\t"
		     "movq (%%rax), %%rax\n"
		     "1:"
		     : "=a"(v)
		     : "a"(0x10)
		     : "rdx", "memory");
	printf("handler edits ucontext (rip, rax): result=%#lx\n", v);
	signal(SIGSEGV, SIG_DFL);
}

static void *thread_fault(void *arg)
{
	got.tid = 0;
	try(READ, arg);
	return (void *)(long)(got.tid == (pid_t)syscall(SYS_gettid));
}

static void t_thread(void)
{
	char *p = map(1, PROT_NONE);
	pthread_t t;
	void *same;

	handlers(0);
	pthread_create(&t, NULL, thread_fault, p + 1);
	pthread_join(t, &same);
	report("fault in a thread", 1, (uintptr_t)p + 1);
	printf("fault in a thread: handled on the faulting thread=%s\n",
	       same ? "yes" : "no");
}

static void die(int sig)
{
	signal(sig, SIG_DFL);
	if (sig == SIGSEGV) {
		*bad16 = 0;
	} else {
		char path[] = "/tmp/paging-sigs.XXXXXX";
		int fd = mkstemp(path);
		char *p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);

		unlink(path);
		(void)*(volatile char *)p;
	}
	_exit(0);
}

static const struct check checks[] = {
	{ "null", t_null },		{ "ro", t_ro },
	{ "guard", t_guard },		{ "hole", t_hole },
	{ "exec", t_exec },		{ "file_eof", t_file_eof },
	{ "probe", t_probe },		{ "overflow", t_overflow },
	{ "deadly", t_deadly },		{ "readback", t_readback },
	{ "altstack", t_altstack },	{ "masks", t_masks },
	{ "sent", t_sent },		{ "resume", t_resume },
	{ "thread", t_thread },
};

/* each check starts from default dispositions */
static void reset(void)
{
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
	sigaltstack(&(stack_t){ .ss_flags = SS_DISABLE }, NULL);
}

int main(int argc, char **argv)
{
	check_start(30);
	if (argc == 2 && !strcmp(argv[1], "die_segv"))
		die(SIGSEGV);
	if (argc == 2 && !strcmp(argv[1], "die_bus"))
		die(SIGBUS);
	alt = map(ALTSZ / PAGE, PROT_READ | PROT_WRITE);
	check_run(checks, argc, argv, reset);
	return 0;
}
