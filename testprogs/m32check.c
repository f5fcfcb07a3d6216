/*
 * m32check.c - a 32-bit (-m32) program exercising what vmload serves for
 * ia32 guests (tests/e2e/i386.sh): the ia32 auxv, brk and mmap through
 * int $0x80 (malloc small and large, mmap/mprotect/mremap/munmap), reads
 * into memory never touched before (the kernel writing unpopulated guest
 * pages), /proc/self/maps, stat64, a pipe, a signal to a 32-bit handler,
 * fork and exec (`m32check maps` prints its /proc/self/maps instead);
 * the kernel writing messages, control data, System V IPC buffers and
 * extended attributes into pages never touched (sendmsg/recvmsg, glibc's
 * socket and IPC wrappers, which use socketcall and ipc on i386,
 * getxattr/listxattr); the legacy sigprocmask, sigpending and sigsuspend
 * (numbers 126, 73, 72) with SIGSEGV in the mask, then memory touched for
 * the first time.
 * Output has no addresses: it is compared with the native
 * run of the same program. Exit status 0 when every check holds.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

static char maps[1 << 16];	/* bss never touched before the read */
static int fails;
static volatile sig_atomic_t got;

static void check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok  " : "FAIL", what);
	if (!cond)
		fails++;
}

static void on_usr1(int sig)
{
	got = sig;
}

static void auxv(void)
{
	const char *plat = (const char *)getauxval(AT_PLATFORM);

	check(sizeof(void *) == 4, "4-byte pointers");
	check(getauxval(AT_PHENT) == 32, "AT_PHENT 32");
	check(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ 4096");
	check(plat && !strcmp(plat, "i686"), "AT_PLATFORM i686");
	check(getauxval(AT_RANDOM) != 0, "AT_RANDOM");
}

static void memory(void)
{
	char *small = malloc(100), *big = malloc(4 << 20), *m, *r;

	check(small && big, "malloc small and large");
	memset(small, 1, 100);
	memset(big, 2, 4 << 20);
	check(big[(4 << 20) - 1] == 2, "large block written");
	m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(m != MAP_FAILED && m[12345] == 0, "mmap 1 MiB, zero-filled");
	m[0] = 'x';
	r = mremap(m, 1 << 20, 2 << 20, MREMAP_MAYMOVE);
	check(r != MAP_FAILED && r[0] == 'x', "mremap keeps the contents");
	check(mprotect(r, 4096, PROT_READ) == 0, "mprotect");
	check(munmap(r, 2 << 20) == 0, "munmap");
	check(sbrk(0) != (void *)-1 && sbrk(8192) != (void *)-1, "sbrk");
	free(big);
	free(small);
}

static void files(void)
{
	int fd = open("/proc/self/maps", O_RDONLY), n = 0, k;
	struct stat st;
	int p[2];
	char buf[8] = "";

	while (fd >= 0 && (k = (int)read(fd, maps + n, sizeof maps - 1 - n)) > 0)
		n += k;
	close(fd);
	check(n > 0 && strstr(maps, "[stack]") != NULL, "/proc/self/maps has [stack]");
	check(strstr(maps, "m32check") != NULL, "/proc/self/maps names the program");
	check(stat("/", &st) == 0 && S_ISDIR(st.st_mode), "stat64 /");
	check(pipe(p) == 0 && write(p[1], "pipe", 5) == 5 &&
	      read(p[0], buf, sizeof buf) == 5 && !strcmp(buf, "pipe"), "pipe");
	close(p[0]);
	close(p[1]);
}

static void processes(const char *self)
{
	struct sigaction sa;
	struct timeval tv;
	struct timespec ts;
	pid_t pid;
	int status = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	check(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction SIGUSR1");
	raise(SIGUSR1);
	check(got == SIGUSR1, "SIGUSR1 reached the 32-bit handler");
	sa.sa_handler = on_usr1;
	check(sigaction(SIGUSR2, &sa, NULL) == 0, "sigaction SIGUSR2");
	check(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 0, "gettimeofday");
	check(clock_gettime(CLOCK_MONOTONIC, &ts) == 0, "clock_gettime");
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(7);
	check(pid > 0 && waitpid(pid, &status, 0) == pid &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 7, "fork, child status 7");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl(self, self, "child", (char *)NULL);
		_exit(127);
	}
	check(pid > 0 && waitpid(pid, &status, 0) == pid &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 0, "exec of itself");
}

/* n pages no one has touched: the kernel's write is the first access */
static char *fresh(size_t n)
{
	char *p = mmap(NULL, n * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void messages(void)
{
	char *data = fresh(1), *ctl = fresh(1), *name = fresh(1);
	char out[] = "hello", *rbuf = fresh(1);
	struct iovec iov = { out, sizeof out }, riov;
	struct msghdr m;
	struct cmsghdr *c;
	int sv[2], fd = -1;
	ssize_t n;

	check(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair");
	/* a descriptor as SCM_RIGHTS, built in an untouched page (written
	 * by us first: the kernel only reads it) */
	memset(&m, 0, sizeof m);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = data;
	m.msg_controllen = CMSG_SPACE(sizeof(int));
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &sv[0], sizeof(int));
	check(sendmsg(sv[1], &m, 0) == (ssize_t)sizeof out, "sendmsg with SCM_RIGHTS");
	/* received into three pages never touched: data, control, name */
	riov.iov_base = rbuf;
	riov.iov_len = 64;
	memset(&m, 0, sizeof m);
	m.msg_iov = &riov;
	m.msg_iovlen = 1;
	m.msg_control = ctl;
	m.msg_controllen = 64;
	m.msg_name = name;
	m.msg_namelen = 64;
	n = recvmsg(sv[0], &m, 0);
	c = n > 0 ? CMSG_FIRSTHDR(&m) : NULL;
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof fd);
	check(n == (ssize_t)sizeof out && !strcmp(rbuf, "hello"),
	      "recvmsg into untouched memory");
	check(fd >= 0 && fd != sv[0], "recvmsg: a descriptor in untouched control data");
	close(fd);
	/* recvfrom/send through glibc's i386 wrappers */
	rbuf = fresh(1);
	check(send(sv[1], "again", 6, 0) == 6 &&
	      recv(sv[0], rbuf, 64, 0) == 6 && !strcmp(rbuf, "again"),
	      "send/recv into untouched memory");
	/* the direct calls (glibc's wrappers use socketcall) */
	rbuf = fresh(1);
	memset(&m, 0, sizeof m);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	riov.iov_base = rbuf;
	check(syscall(SYS_sendmsg, sv[1], &m, 0) == (long)sizeof out,
	      "sendmsg (370)");
	m.msg_iov = &riov;
	m.msg_control = fresh(1);
	m.msg_controllen = 64;
	check(syscall(SYS_recvmsg, sv[0], &m, 0) == (long)sizeof out &&
	      !strcmp(rbuf, "hello"), "recvmsg (372) into untouched memory");
	close(sv[0]);
	close(sv[1]);
}

static void sysv_ipc(void)
{
	struct { long type; char text[16]; } msg = { 1, "queued" };
	struct { long type; char text[16]; } *rmsg = (void *)fresh(1);
	struct msqid_ds *mds = (void *)fresh(1);
	struct shmid_ds *sds = (void *)fresh(1);
	struct semid_ds *semds = (void *)fresh(1);
	unsigned short *vals = (void *)fresh(1);
	struct sembuf op = { 0, 1, 0 };
	int q = msgget(IPC_PRIVATE, 0600), shm = shmget(IPC_PRIVATE, 4096, 0600);
	int sem = semget(IPC_PRIVATE, 3, 0600);

	check(q >= 0 && msgsnd(q, &msg, sizeof msg.text, 0) == 0, "msgsnd");
	check(msgrcv(q, rmsg, sizeof rmsg->text, 0, 0) == (ssize_t)sizeof msg.text &&
	      !strcmp(rmsg->text, "queued"), "msgrcv into untouched memory");
	check(msgctl(q, IPC_STAT, mds) == 0 && mds->msg_qnum == 0,
	      "msgctl IPC_STAT into untouched memory");
	check(shm >= 0 && shmctl(shm, IPC_STAT, sds) == 0 && sds->shm_segsz == 4096,
	      "shmctl IPC_STAT into untouched memory");
	check(sem >= 0 && semop(sem, &op, 1) == 0, "semop");
	check(semctl(sem, 0, IPC_STAT, semds) == 0 && semds->sem_nsems == 3,
	      "semctl IPC_STAT into untouched memory");
	check(semctl(sem, 0, GETALL, vals) == 0 && vals[0] == 1 && vals[2] == 0,
	      "semctl GETALL into untouched memory");
	msgctl(q, IPC_RMID, NULL);
	shmctl(shm, IPC_RMID, NULL);
	semctl(sem, 0, IPC_RMID);
}

static void xattrs(void)
{
	char *value = fresh(1), *list = fresh(1);
	ssize_t r = getxattr("/", "user.vmload-none", value, 4096);

	printf("getxattr / into untouched memory: %zd %s\n", r,
	       r < 0 ? strerror(errno) : "");
	r = listxattr("/proc/self/exe", list, 4096);
	printf("listxattr into untouched memory: %s\n",
	       r >= 0 ? "ok" : strerror(errno));
}

/* the pre-rt calls (old_sigset_t: the first 32 signals), SIGSEGV in the
 * mask: a guest can block it, but the runtime still pages memory in */
static void old_masks(void)
{
	uint32_t set = 1u << (SIGSEGV - 1) | 1u << (SIGUSR2 - 1), old = 0;
	uint32_t *pend = (uint32_t *)(void *)fresh(1);
	char *late = fresh(4);

	check(syscall(SYS_sigprocmask, SIG_BLOCK, &set, NULL) == 0,
	      "sigprocmask (126) blocks SIGSEGV and SIGUSR2");
	late[0] = 1;
	late[3 * 4096] = 2;
	check(late[0] + late[3 * 4096] == 3, "first touch with SIGSEGV blocked");
	check(syscall(SYS_sigprocmask, SIG_BLOCK, NULL, &old) == 0 &&
	      (old & set) == set, "sigprocmask (126) reports SIGSEGV blocked");
	raise(SIGUSR2);
	check(syscall(SYS_sigpending, pend) == 0 && (*pend & 1u << (SIGUSR2 - 1)),
	      "sigpending (73) into untouched memory");
	got = 0;
	check(syscall(SYS_sigsuspend, 0, 0, 1u << (SIGSEGV - 1)) == -1 &&
	      errno == EINTR && got == SIGUSR2, "sigsuspend (72) lets SIGUSR2 in");
	late = fresh(1);
	late[100] = 3;
	check(late[100] == 3, "first touch after sigsuspend");
	check(syscall(SYS_sigprocmask, SIG_SETMASK, &old, NULL) == 0 &&
	      syscall(SYS_sigprocmask, SIG_UNBLOCK, &set, &old) == 0 &&
	      (old & set) == set, "sigprocmask (126) unblocks");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "maps")) {	/* its own maps, raw */
		int fd = open("/proc/self/maps", O_RDONLY), n = 0, k;

		while (fd >= 0 && (k = (int)read(fd, maps + n, sizeof maps - 1 - n)) > 0)
			n += k;
		fputs(maps, stdout);
		return n > 0 ? 0 : 1;
	}
	if (argc > 1 && !strcmp(argv[1], "child")) {
		printf("child: argc %d, pointer size %zu\n", argc, sizeof(void *));
		return getauxval(AT_PHENT) == 32 ? 0 : 1;
	}
	auxv();
	memory();
	files();
	processes(argv[0]);
	messages();
	sysv_ipc();
	xattrs();
	old_masks();
	printf("%d failed\n", fails);
	return fails != 0;
}
