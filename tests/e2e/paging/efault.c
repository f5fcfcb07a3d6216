/*
 * efault.c - the kernel touching guest memory the guest never touched
 * (DESIGN D5, HARD-PROBLEMS section 1).
 *
 * Natively the kernel faults such pages in itself. Under a demand-paging
 * runtime they are still host PROT_NONE (or read-only for copy-on-write),
 * and a system call that reads or writes them gets EFAULT, a short count,
 * or loses data, unless the runtime prepares the buffer first. Each check
 * uses memory no instruction of this program has accessed before: a fresh
 * anonymous mapping, the far part of a large malloc, or a MAP_PRIVATE
 * mapping of a file whose bytes were prepared with write() (for arguments
 * that must hold data: iovec arrays, msghdr, pollfd, path strings).
 * The last checks are the other side: where the guest itself could not
 * access the memory, the system call must still fail as it does natively.
 *
 * Prints one "name: result" line per check, nothing that varies between
 * runs; exits 0. "efault NAME..." runs only the named checks.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>

#include "check.h"

static char tmpdir[128];

/* a result as printed: the number, or the errno name when it failed */
static const char *err(long r)
{
	static char buf[4][24];
	static int k;
	char *b = buf[k++ % 4];

	if (r < 0)
		return strerrorname_np(errno);
	snprintf(b, sizeof buf[0], "%ld", r);
	return b;
}

/* A fresh private anonymous mapping: untouched until the check uses it. */
static char *fresh(size_t pages)
{
	return check_map(pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
}

/*
 * A MAP_PRIVATE, writable mapping of a file holding bytes[0..n) at offset
 * off: memory with content that this process has never touched.
 */
static char *map_bytes(const void *bytes, size_t n, size_t off)
{
	char path[256];
	size_t len = (off + n + PAGE - 1) & ~(PAGE - 1);
	int fd;
	char *p;

	snprintf(path, sizeof path, "%s/bytes", tmpdir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)len) ||
	    pwrite(fd, bytes, n, (off_t)off) != (ssize_t)n) {
		perror("map_bytes");
		exit(2);
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap file");
		exit(2);
	}
	close(fd);
	unlink(path);
	return p + off;
}

static void fill(char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)('a' + (i * 7 + seed) % 26);
}

static int check_fill(const char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (char)('a' + (i * 7 + seed) % 26))
			return 0;
	return 1;
}

/* bytes left in a non-blocking read end */
static long pending(int fd)
{
	char sink[8192];
	long n = 0, r;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	while ((r = read(fd, sink, sizeof sink)) > 0)
		n += r;
	return n;
}

static void read_pipe_into(const char *name, char *buf, size_t n)
{
	int pfd[2];
	char src[8192];
	const char *e;
	ssize_t r;

	pipe(pfd);
	fill(src, n, 1);
	write(pfd[1], src, n);
	r = read(pfd[0], buf, n);
	e = err(r);
	printf("%s: ret=%s data=%s", name, e,
	       r == (ssize_t)n && check_fill(buf, n, 1) ? "ok" : "bad");
	printf(" left=%ld\n", pending(pfd[0]));
	close(pfd[0]);
	close(pfd[1]);
}

static void t_read_pipe(void)
{
	char *big = malloc(4 << 20);

	read_pipe_into("read pipe into fresh mmap", fresh(4), 3 * PAGE);
	read_pipe_into("read pipe straddling untouched pages",
		       fresh(4) + PAGE - 100, 200);
	/* the header page of the chunk is touched by malloc; 1 MiB in is not */
	read_pipe_into("read pipe into large malloc", big + (1 << 20) + 16,
		       5000);
	free(big);
}

static int tmpfile_with(size_t n, unsigned seed)
{
	char path[256], buf[3 * 4096];
	int fd;

	snprintf(path, sizeof path, "%s/data", tmpdir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	fill(buf, n, seed);
	write(fd, buf, n);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void t_read_file(void)
{
	int fd = tmpfile_with(3 * PAGE, 2);
	char *b = fresh(4);
	ssize_t r = read(fd, b + 10, 3 * PAGE);

	printf("read file into fresh mmap: ret=%s data=%s\n", err(r),
	       r == 3 * PAGE && check_fill(b + 10, 3 * PAGE, 2) ? "ok" : "bad");
	b = fresh(2);
	r = pread(fd, b + PAGE - 100, 200, 0);
	printf("pread straddling two untouched pages: ret=%s data=%s\n", err(r),
	       r == 200 && check_fill(b + PAGE - 100, 200, 2) ? "ok" : "bad");
	/* after a free of a mmapped chunk glibc serves this from the brk heap */
	b = malloc(4 << 20);
	r = pread(fd, b + (2 << 20) + 8, 3 * PAGE, 0);
	printf("read file into large malloc: ret=%s data=%s\n", err(r),
	       r == 3 * PAGE && check_fill(b + (2 << 20) + 8, 3 * PAGE, 2) ?
	       "ok" : "bad");
	free(b);
	close(fd);
}

static void t_read_socketpair(void)
{
	int sv[2];
	char src[6000], *b = fresh(3);
	ssize_t r = 0, got = 0;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	fill(src, sizeof src, 3);
	write(sv[0], src, sizeof src);
	while (got < (ssize_t)sizeof src &&
	       (r = recv(sv[1], b + 50 + got, sizeof src - got,
			 MSG_DONTWAIT)) > 0)
		got += r;
	printf("read socketpair into fresh mmap: got=%zd%s%s data=%s\n", got,
	       r < 0 ? " then " : "", r < 0 ? err(r) : "",
	       check_fill(b + 50, sizeof src, 3) ? "ok" : "bad");
	close(sv[0]);
	close(sv[1]);
}

static void t_udp(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	int rx = socket(AF_INET, SOCK_DGRAM, 0);
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	char *b1 = fresh(2), *b2 = fresh(1), *from = fresh(1);
	char ip[32];
	ssize_t r;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(rx, (struct sockaddr *)&a, sizeof a);
	getsockname(rx, (struct sockaddr *)&a, &alen);
	sendto(tx, "first", 5, 0, (struct sockaddr *)&a, sizeof a);
	sendto(tx, "second", 6, 0, (struct sockaddr *)&a, sizeof a);
	/* loopback datagrams are queued when sendto returns */
	r = recv(rx, b1 + PAGE - 3, 64, MSG_DONTWAIT);
	printf("udp recv into untouched: ret=%s \"%.*s\"\n",
	       err(r), (int)(r > 0 ? r : 0), b1 + PAGE - 3);
	alen = sizeof(struct sockaddr_in);
	r = recvfrom(rx, b2 + 100, 64, MSG_DONTWAIT,
		     (struct sockaddr *)(from + 8), &alen);
	inet_ntop(AF_INET, &((struct sockaddr_in *)(from + 8))->sin_addr, ip,
		  sizeof ip);
	printf("udp recvfrom into untouched: ret=%s \"%.*s\" from=%s\n",
	       err(r), (int)(r > 0 ? r : 0), b2 + 100,
	       r > 0 ? ip : "-");
	r = recv(rx, b2, 64, MSG_DONTWAIT);
	printf("udp nothing else queued: %s\n", err(r));
	close(rx);
	close(tx);
}

/* readv and recvmsg with the iovec array (and the msghdr) untouched */
static void t_iovec(void)
{
	char *b1 = fresh(1), *b2 = fresh(1);
	struct iovec iov[2] = { { b1 + PAGE - 3, 3 }, { b2, 100 } };
	struct iovec *uiov = (struct iovec *)map_bytes(iov, sizeof iov, 64);
	struct msghdr mh = { .msg_iov = NULL, .msg_iovlen = 2 }, *umh;
	int pfd[2], sv[2];
	ssize_t r;

	pipe(pfd);
	write(pfd[1], "hello world", 11);
	r = readv(pfd[0], uiov, 2);
	printf("readv with untouched iovec: ret=%s \"%.3s|%.8s\"\n",
	       err(r), b1 + PAGE - 3, r > 3 ? b2 : "");

	b1 = fresh(1);
	b2 = fresh(1);
	iov[0].iov_base = b1 + 7;
	iov[1].iov_base = b2 + PAGE - 50;
	uiov = (struct iovec *)map_bytes(iov, sizeof iov, PAGE - 20);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send(sv[0], "datagram one", 12, 0);
	mh.msg_iov = uiov;
	r = recvmsg(sv[1], &mh, MSG_DONTWAIT);
	printf("recvmsg with untouched iovec: ret=%s \"%.3s|%.9s\"\n",
	       err(r), b1 + 7, r > 3 ? b2 + PAGE - 50 : "");

	/* the msghdr itself in untouched memory (the kernel writes it back) */
	b1 = fresh(1);
	b2 = fresh(1);
	iov[0].iov_base = b1 + 100;
	iov[1].iov_base = b2 + 100;
	uiov = (struct iovec *)map_bytes(iov, sizeof iov, 0);
	mh.msg_iov = uiov;
	mh.msg_flags = 0x5555;
	umh = (struct msghdr *)map_bytes(&mh, sizeof mh, PAGE - 24);
	send(sv[0], "datagram two", 12, 0);
	r = recvmsg(sv[1], umh, MSG_DONTWAIT);
	printf("recvmsg with untouched msghdr: ret=%s \"%.3s|%.9s\" flags=%d\n",
	       err(r), b1 + 100, r > 3 ? b2 + 100 : "",
	       umh->msg_flags);
	close(sv[0]);
	close(sv[1]);
	close(pfd[0]);
	close(pfd[1]);
}

static void t_stat(void)
{
	char path[256];
	struct stat want, *st = (struct stat *)(fresh(2) + PAGE - 72);
	int fd = tmpfile_with(1000, 4), r;

	snprintf(path, sizeof path, "%s/data", tmpdir);
	stat(path, &want);
	r = stat(path, st);
	printf("stat into untouched: ret=%s same=%s\n", err(r),
	       !r && st->st_ino == want.st_ino && st->st_size == 1000 &&
	       st->st_mode == want.st_mode ? "yes" : "no");
	st = (struct stat *)(fresh(1) + 8);
	r = fstat(fd, st);
	printf("fstat into untouched: ret=%s same=%s\n", err(r),
	       !r && st->st_ino == want.st_ino && st->st_size == 1000 ?
	       "yes" : "no");
	close(fd);
}

static void t_getdents(void)
{
	char path[320], dir[256], *b = fresh(3);
	int fd, n = 0;
	long r;

	snprintf(dir, sizeof dir, "%s/dir", tmpdir);
	mkdir(dir, 0700);
	for (int i = 0; i < 40; i++) {
		snprintf(path, sizeof path, "%s/entry-with-a-long-name-%02d",
			 dir, i);
		close(open(path, O_CREAT | O_WRONLY, 0600));
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	/* small buffer: several calls, each into new untouched memory */
	while ((r = syscall(SYS_getdents64, fd, b, 600)) > 0) {
		for (long off = 0; off < r;
		     off += *(unsigned short *)(b + off + 16))
			n++;
		b += 700;
	}
	printf("getdents64 into untouched: ret=%s entries=%d\n", err(r), n);
	close(fd);
	for (int i = 0; i < 40; i++) {
		snprintf(path, sizeof path, "%s/entry-with-a-long-name-%02d",
			 dir, i);
		unlink(path);
	}
	rmdir(dir);
}

static void t_futex(void)
{
	struct timespec ms = { 0, 1000000 };
	int *w = (int *)(fresh(1) + 64);
	long r;

	r = syscall(SYS_futex, w, FUTEX_WAIT, 0, &ms, NULL, 0);
	printf("futex wait, untouched word == val: %s\n", err(r));
	w = (int *)(fresh(1) + 128);
	r = syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, 1, &ms, NULL, 0);
	printf("futex wait private, untouched word != val: %s\n", err(r));
	w = (int *)(fresh(1) + 256);
	r = syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
	printf("futex wake shared, untouched word: %s\n", err(r));
	/* the timeout itself in untouched memory: zero, so it expires */
	w = (int *)fresh(1);
	r = syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, 0,
		    (struct timespec *)(w + 100), NULL, 0);
	printf("futex wait, untouched zero timeout: %s\n", err(r));
}

static void t_misc_out(void)
{
	char *b = fresh(8), cwd[4096];
	struct timespec *ts = (struct timespec *)(b + PAGE - 8);
	struct utsname *u = (struct utsname *)(b + 2 * PAGE - 100);
	struct rlimit *rl = (struct rlimit *)(b + 3 * PAGE - 8), want;
	int *fds = (int *)(b + 4 * PAGE - 4), n;
	long r;

	r = syscall(SYS_clock_gettime, CLOCK_REALTIME, ts);
	printf("clock_gettime syscall into untouched: ret=%s sane=%s\n",
	       err(r), !r && ts->tv_sec > 1000000000 ? "yes" : "no");
	r = uname(u);
	printf("uname into untouched: ret=%s sysname=%s\n", err(r),
	       r ? "-" : u->sysname);
	getrlimit(RLIMIT_NOFILE, &want);
	r = getrlimit(RLIMIT_NOFILE, rl);
	printf("getrlimit into untouched: ret=%s same=%s\n", err(r),
	       !r && rl->rlim_cur == want.rlim_cur ? "yes" : "no");
	r = pipe2(fds, O_CLOEXEC);
	printf("pipe2 into untouched int[2]: ret=%s fds=%s\n", err(r),
	       !r && fcntl(fds[0], F_GETFD) == FD_CLOEXEC &&
	       write(fds[1], "x", 1) == 1 ? "valid" : "bad");
	close(fds[0]);
	close(fds[1]);
	fds = (int *)(b + 5 * PAGE - 4);
	r = socketpair(AF_UNIX, SOCK_STREAM, 0, fds);
	printf("socketpair into untouched int[2]: ret=%s fds=%s\n", err(r),
	       !r && write(fds[0], "x", 1) == 1 ? "valid" : "bad");
	close(fds[0]);
	close(fds[1]);
	getcwd(cwd, sizeof cwd);
	r = getcwd(b + 6 * PAGE - 10, 4096) ? 0 : -1;
	printf("getcwd into untouched: ret=%s same=%s\n", err(r),
	       !r && !strcmp(cwd, b + 6 * PAGE - 10) ? "yes" : "no");
	r = getrandom(b + 7 * PAGE - 128, 256, 0);
	n = 0;
	for (int i = 0; r == 256 && i < 256; i++)
		n += b[7 * PAGE - 128 + i] != 0;
	printf("getrandom into untouched: ret=%s random=%s\n", err(r),
	       n > 200 ? "yes" : "no");
}

static void t_more_out(void)
{
	char *b = fresh(8), want[4096];
	cpu_set_t *set = (cpu_set_t *)(b + PAGE - 64), wset;
	sigset_t *old = (sigset_t *)(b + 2 * PAGE - 4);
	struct sigaction *oa = (struct sigaction *)(b + 3 * PAGE - 40);
	int *status = (int *)(b + 4 * PAGE - 2), r;
	ssize_t n, m;
	pid_t pid;

	sched_getaffinity(0, sizeof wset, &wset);
	r = sched_getaffinity(0, sizeof *set, set);
	printf("sched_getaffinity into untouched: ret=%s same=%s\n", err(r),
	       !r && CPU_EQUAL(set, &wset) ? "yes" : "no");
	r = sigprocmask(SIG_BLOCK, NULL, old);
	printf("sigprocmask old set into untouched: ret=%s empty=%s\n",
	       err(r), !r && !sigismember(old, SIGUSR1) ? "yes" : "no");
	r = sigaction(SIGSEGV, NULL, oa);
	printf("sigaction(SIGSEGV) old into untouched: ret=%s dfl=%s\n",
	       err(r), !r && oa->sa_handler == SIG_DFL ? "yes" : "no");
	oa = (struct sigaction *)(b + 3 * PAGE + 1000);
	r = sigaction(SIGUSR2, NULL, oa);
	printf("sigaction(SIGUSR2) old into untouched: ret=%s dfl=%s\n",
	       err(r), !r && oa->sa_handler == SIG_DFL ? "yes" : "no");
	m = readlink("/proc/self/exe", want, sizeof want);
	n = readlink("/proc/self/exe", b + 5 * PAGE - 10, 4096);
	printf("readlink /proc/self/exe into untouched: same=%s\n",
	       n == m && n > 0 && !memcmp(want, b + 5 * PAGE - 10, n) ?
	       "yes" : "no");
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(7);
	r = waitpid(pid, status, 0) == pid ? 0 : -1;
	printf("waitpid status into untouched: ret=%s exit=%d\n", err(r),
	       r ? -1 : WEXITSTATUS(*status));
}

static void t_mincore(void)
{
	char *m = fresh(4);
	unsigned char *vec = (unsigned char *)fresh(1) + PAGE - 2, v2[4];
	int r;

	m[2 * PAGE] = 1;
	r = mincore(m + 2 * PAGE, 2 * PAGE, vec);
	mincore(m + 2 * PAGE, 2 * PAGE, v2);
	printf("mincore vec into untouched: ret=%s same=%s first=%d\n", err(r),
	       !r && vec[0] == v2[0] && vec[1] == v2[1] ? "yes" : "no",
	       vec[0] & 1);
}

static void t_write_from(void)
{
	char *b = fresh(3), back[8192];
	int pfd[2], zero = 1;
	ssize_t r, got = 0, n;

	pipe(pfd);
	memset(back, 0xff, sizeof back);
	r = write(pfd[1], b + 100, 6000);
	printf("write from untouched buffer: ret=%s", err(r));
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	while (got < 6000 && (n = read(pfd[0], back + got, 6000 - got)) > 0)
		got += n;
	for (int i = 0; i < 6000; i++)
		zero &= back[i] == 0;
	printf(" back=%zd zeros=%s\n", got, zero ? "yes" : "no");
	close(pfd[0]);
	close(pfd[1]);
}

static void t_path(void)
{
	char path[256], buf[32] = "";
	int fd = tmpfile_with(26, 5), fd2;
	char *p;
	ssize_t r;

	close(fd);
	snprintf(path, sizeof path, "%s/data", tmpdir);
	/* the path string crosses from one untouched page to the next */
	p = map_bytes(path, strlen(path) + 1, PAGE - 5);
	fd2 = open(p, O_RDONLY);
	r = fd2 < 0 ? -1 : read(fd2, buf, sizeof buf);
	printf("open with untouched path: fd=%s read=%zd data=%s\n",
	       fd2 < 0 ? strerrorname_np(errno) : "ok", r,
	       r == 26 && check_fill(buf, 26, 5) ? "ok" : "bad");
	if (fd2 >= 0)
		close(fd2);
	p = map_bytes(path, strlen(path) + 1, 100);
	r = access(p, R_OK);
	printf("access with untouched path: %s\n", err(r));
}

static void t_exec(void)
{
	const char *strs = "/bin/sh\0sh\0-c\0exit 5";
	char *s = map_bytes(strs, 21, PAGE - 10);
	char *argv[] = { s + 8, s + 11, s + 14, NULL };
	char **uargv = (char **)map_bytes(argv, sizeof argv, 200);
	int status;
	pid_t pid;

	pid = check_fork(10);
	if (pid == 0) {
		execve(s, uargv, (char **)map_bytes((char *[]){ NULL },
						    sizeof(char *), 0));
		_exit(99);
	}
	status = check_reap(pid);
	printf("execve with untouched path/argv/envp: exit=%d\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void t_poll(void)
{
	int pfd[2];
	struct pollfd want[3];
	struct pollfd *p;
	fd_set *sets = (fd_set *)fresh(1);
	struct timeval tv = { 0, 0 };
	int r;

	pipe(pfd);
	write(pfd[1], "x", 1);
	want[0] = (struct pollfd){ pfd[0], POLLIN, 0x55 };
	want[1] = (struct pollfd){ pfd[1], POLLOUT, 0x55 };
	want[2] = (struct pollfd){ -1, POLLIN, 0x55 };
	p = (struct pollfd *)map_bytes(want, sizeof want, PAGE - 12);
	r = poll(p, 3, 0);
	printf("poll with untouched pollfd array: ret=%s revents=%d,%d,%d\n",
	       err(r), p[0].revents, p[1].revents, p[2].revents);
	r = select(pfd[1] + 1, &sets[0], &sets[1], &sets[2], &tv);
	printf("select with untouched (empty) fd_sets: ret=%s\n", err(r));
	close(pfd[0]);
	close(pfd[1]);
}

/* Memory the kernel writes into after the guest only read it. */
static void t_cow(void)
{
	char *b = fresh(2), src[100];
	volatile char sink;
	int fd = tmpfile_with(2 * PAGE, 6), pfd[2];
	char *f;
	ssize_t r;

	sink = b[0];
	sink = b[PAGE + 5];
	(void)sink;
	r = pread(fd, b + PAGE - 50, 100, 0);
	printf("pread into read-only-touched anon pages: ret=%s data=%s\n",
	       err(r), r == 100 && check_fill(b + PAGE - 50, 100, 6) ? "ok" : "bad");
	f = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	sink = f[10];
	pipe(pfd);
	fill(src, 100, 7);
	write(pfd[1], src, 100);
	r = read(pfd[0], f + 10, 100);
	printf("read into read-touched private file page: ret=%s data=%s "
	       "file=%s\n", err(r),
	       r == 100 && check_fill(f + 10, 100, 7) ? "ok" : "bad",
	       pread(fd, src, 100, 10) == 100 && check_fill(src, 100, 6 + 70) ?
	       "unchanged" : "changed");
	close(pfd[0]);
	close(pfd[1]);
	close(fd);
}

/* Where the guest could not access the memory itself, the call fails. */
static void t_still_efault(void)
{
	char *none = mmap(NULL, 2 * PAGE, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	char *half = fresh(2), *hole = fresh(3);
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	int pfd[2], fd = tmpfile_with(300, 8), rx, tx;
	ssize_t r;
	char buf[128] = "";

	pipe(pfd);
	write(pfd[1], buf, 100);
	r = read(pfd[0], none, 100);
	printf("read into PROT_NONE: %s", err(r));
	printf(" left=%ld\n", pending(pfd[0]));
	write(pfd[1], buf, 100);
	r = read(pfd[0], ro, 100);
	printf("read into PROT_READ: %s", err(r));
	printf(" left=%ld\n", pending(pfd[0]));
	mprotect(half + PAGE, PAGE, PROT_NONE);
	r = pread(fd, half + PAGE - 100, 200, 0);
	printf("pread straddling RW|PROT_NONE: ret=%s\n", err(r));
	munmap(hole + PAGE, PAGE);
	r = pread(fd, hole + PAGE - 100, 200, 0);
	printf("pread straddling RW|hole: ret=%s\n", err(r));
	r = stat("/", (struct stat *)(hole + PAGE + 8));
	printf("stat into hole: %s\n", err(r));
	r = syscall(SYS_futex, none, FUTEX_WAIT, 0, NULL, NULL, 0);
	printf("futex wait on PROT_NONE: %s\n", err(r));
	r = open(none + 10, O_RDONLY);
	printf("open with PROT_NONE path: %s\n", err(r));

	rx = socket(AF_INET, SOCK_DGRAM, 0);
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(rx, (struct sockaddr *)&a, sizeof a);
	getsockname(rx, (struct sockaddr *)&a, &alen);
	sendto(tx, "first", 5, 0, (struct sockaddr *)&a, sizeof a);
	sendto(tx, "second", 6, 0, (struct sockaddr *)&a, sizeof a);
	r = recv(rx, none, 64, 0);
	printf("udp recv into PROT_NONE: %s\n", err(r));
	r = recv(rx, buf, sizeof buf, MSG_DONTWAIT);
	printf("udp next recv: \"%.*s\"\n", (int)(r > 0 ? r : 0), buf);
	close(rx);
	close(tx);
	close(pfd[0]);
	close(pfd[1]);
	close(fd);
}

static const struct check checks[] = {
	{ "read_pipe", t_read_pipe },	{ "read_file", t_read_file },
	{ "socketpair", t_read_socketpair }, { "udp", t_udp },
	{ "iovec", t_iovec },		{ "stat", t_stat },
	{ "getdents", t_getdents },	{ "futex", t_futex },
	{ "misc_out", t_misc_out },	{ "more_out", t_more_out },
	{ "mincore", t_mincore },	{ "write_from", t_write_from },
	{ "path", t_path },		{ "exec", t_exec },
	{ "poll", t_poll },		{ "cow", t_cow },
	{ "still_efault", t_still_efault },
};

int main(int argc, char **argv)
{
	check_start(30);
	/* the suite points TMPDIR at a directory it removes */
	snprintf(tmpdir, sizeof tmpdir, "%s/paging-efault.XXXXXX",
		 getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 80 ?
		 getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	check_run(checks, argc, argv, NULL);
	{
		char path[256];

		snprintf(path, sizeof path, "%s/data", tmpdir);
		unlink(path);
		rmdir(tmpdir);
	}
	return 0;
}
