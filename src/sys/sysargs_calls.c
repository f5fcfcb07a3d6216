/*
 * sysargs_calls.c - the irregular system calls of the argument table
 * (sysargs.c): those whose memory depends on another argument or on guest
 * data: ioctl, fcntl, prctl and arch_prctl sub-commands, futexes, msghdrs,
 * select and epoll, structs that carry their own size, and the rest.
 * Async-signal-safe zone: no libc, no errno, no allocation; guest data is
 * read with host_copy_in only after it was prepared for reading.
 */
#include "sysargs_int.h"

/* ---- ioctl, fcntl, prctl, arch_prctl: sub-command tables ---- */

struct sa_cmd {
	unsigned int cmd;
	uint8_t ptr;	/* register holding the pointer */
	uint8_t write;	/* 1: the kernel writes it (or reads and writes) */
	uint16_t size;
};

static int prepare_cmd(const struct sa_cmd *t, size_t n, unsigned int cmd,
		       const long *a)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].cmd == cmd) {
			prep((uintptr_t)a[t[i].ptr], t[i].size, t[i].write);
			return 1;
		}
	}
	return 0;
}

/*
 * ioctls older than the _IOC encoding (their numbers carry no direction
 * or size), plus the pty pair, which is encoded but listed for the reader.
 * termios here is the kernel's (36 bytes), not glibc's.
 */
static const struct sa_cmd ioctl_cmds[] = {
	{ TCGETS, 2, 1, sizeof(struct termios) },
	{ TCSETS, 2, 0, sizeof(struct termios) },
	{ TCSETSW, 2, 0, sizeof(struct termios) },
	{ TCSETSF, 2, 0, sizeof(struct termios) },
	{ TCGETA, 2, 1, sizeof(struct termio) },
	{ TCSETA, 2, 0, sizeof(struct termio) },
	{ TCSETAW, 2, 0, sizeof(struct termio) },
	{ TCSETAF, 2, 0, sizeof(struct termio) },
	{ TIOCGLCKTRMIOS, 2, 1, sizeof(struct termios) },
	{ TIOCSLCKTRMIOS, 2, 0, sizeof(struct termios) },
	{ TIOCGWINSZ, 2, 1, sizeof(struct winsize) },
	{ TIOCSWINSZ, 2, 0, sizeof(struct winsize) },
	{ TIOCGPGRP, 2, 1, sizeof(pid_t) },
	{ TIOCSPGRP, 2, 0, sizeof(pid_t) },
	{ TIOCGSID, 2, 1, sizeof(pid_t) },
	{ TIOCOUTQ, 2, 1, sizeof(int) },
	{ TIOCSTI, 2, 0, 1 },
	{ TIOCMGET, 2, 1, sizeof(int) },
	{ TIOCMBIS, 2, 0, sizeof(int) },
	{ TIOCMBIC, 2, 0, sizeof(int) },
	{ TIOCMSET, 2, 0, sizeof(int) },
	{ TIOCGSOFTCAR, 2, 1, sizeof(int) },
	{ TIOCSSOFTCAR, 2, 0, sizeof(int) },
	{ FIONREAD, 2, 1, sizeof(int) },
	{ TIOCPKT, 2, 0, sizeof(int) },
	{ FIONBIO, 2, 0, sizeof(int) },
	{ TIOCSETD, 2, 0, sizeof(int) },
	{ TIOCGETD, 2, 1, sizeof(int) },
	{ FIOASYNC, 2, 0, sizeof(int) },
	{ FIOQSIZE, 2, 1, sizeof(long long) },
	{ TIOCGPTN, 2, 1, sizeof(unsigned int) },
	{ TIOCSPTLCK, 2, 0, sizeof(int) },
	{ FIOSETOWN, 2, 0, sizeof(int) },
	{ SIOCSPGRP, 2, 0, sizeof(int) },
	{ FIOGETOWN, 2, 1, sizeof(int) },
	{ SIOCGPGRP, 2, 1, sizeof(int) },
	{ SIOCATMARK, 2, 1, sizeof(int) },
	{ SIOCGSTAMP_OLD, 2, 1, sizeof(struct timeval) },
	{ SIOCGSTAMPNS_OLD, 2, 1, sizeof(struct timespec) },
	/* struct ifreq: the kernel reads ifr_name, writes the answer */
	{ SIOCGIFNAME, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFFLAGS, 2, 1, sizeof(struct ifreq) },
	{ SIOCSIFFLAGS, 2, 0, sizeof(struct ifreq) },
	{ SIOCGIFADDR, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFDSTADDR, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFBRDADDR, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFNETMASK, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFMTU, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFHWADDR, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFINDEX, 2, 1, sizeof(struct ifreq) },
};

/* SIOCGIFCONF: struct ifconf read and written back, then ifc_len bytes of
 * ifc_buf written (a NULL buffer asks only for the length). */
static void prepare_ifconf(uintptr_t p)
{
	struct ifconf ifc;

	prep(p, sizeof ifc, 1);
	if (!p || host_copy_in(&ifc, p, sizeof ifc) < 0)
		return;
	prep((uintptr_t)ifc.ifc_buf, nonneg(ifc.ifc_len), 1);
}

void sysargs_prepare_ioctl(const long *a)
{
	unsigned int req = (unsigned int)a[1];
	size_t size = _IOC_SIZE(req);

	if (prepare_cmd(ioctl_cmds, NELEM(ioctl_cmds), req, a))
		return;
	if (req == SIOCGIFCONF) {
		prepare_ifconf((uintptr_t)a[2]);
		return;
	}
	/* _IOC_READ: the kernel writes to user memory; _IOC_WRITE: reads */
	if (_IOC_DIR(req) & _IOC_READ)
		prep((uintptr_t)a[2], size, 1);
	else if (_IOC_DIR(req) & _IOC_WRITE)
		prep((uintptr_t)a[2], size, 0);
}

static const struct sa_cmd fcntl_cmds[] = {
	{ F_GETLK, 2, 1, sizeof(struct flock) },
	{ F_SETLK, 2, 0, sizeof(struct flock) },
	{ F_SETLKW, 2, 0, sizeof(struct flock) },
	{ F_OFD_GETLK, 2, 1, sizeof(struct flock) },
	{ F_OFD_SETLK, 2, 0, sizeof(struct flock) },
	{ F_OFD_SETLKW, 2, 0, sizeof(struct flock) },
	{ F_GETOWN_EX, 2, 1, sizeof(struct f_owner_ex) },
	{ F_SETOWN_EX, 2, 0, sizeof(struct f_owner_ex) },
	{ F_GET_RW_HINT, 2, 1, sizeof(uint64_t) },
	{ F_SET_RW_HINT, 2, 0, sizeof(uint64_t) },
};

void sysargs_prepare_fcntl(const long *a)
{
	prepare_cmd(fcntl_cmds, NELEM(fcntl_cmds), (unsigned int)a[1], a);
}

static const struct sa_cmd prctl_cmds[] = {
	{ PR_SET_NAME, 1, 0, 16 },	/* TASK_COMM_LEN */
	{ PR_GET_NAME, 1, 1, 16 },
	{ PR_GET_TID_ADDRESS, 1, 1, sizeof(int *) },
	{ PR_GET_PDEATHSIG, 1, 1, sizeof(int) },
	{ PR_GET_CHILD_SUBREAPER, 1, 1, sizeof(int) },
	{ PR_GET_TSC, 1, 1, sizeof(int) },
};

void sysargs_prepare_prctl(const long *a)
{
	prepare_cmd(prctl_cmds, NELEM(prctl_cmds), (unsigned int)a[0], a);
}

/* <asm/prctl.h> codes; that header clashes with glibc's. */
static const struct sa_cmd arch_prctl_cmds[] = {
	{ 0x1003 /* ARCH_GET_FS */, 1, 1, sizeof(uint64_t) },
	{ 0x1004 /* ARCH_GET_GS */, 1, 1, sizeof(uint64_t) },
	{ 0x1021 /* ARCH_GET_XCOMP_SUPP */, 1, 1, sizeof(uint64_t) },
	{ 0x1022 /* ARCH_GET_XCOMP_PERM */, 1, 1, sizeof(uint64_t) },
	{ 0x1024 /* ARCH_GET_XCOMP_GUEST_PERM */, 1, 1, sizeof(uint64_t) },
};

void sysargs_prepare_arch_prctl(const long *a)
{
	prepare_cmd(arch_prctl_cmds, NELEM(arch_prctl_cmds),
		    (unsigned int)a[0], a);
}

/* landlock_add_rule: the rule's struct depends on its type. */
static const struct sa_cmd landlock_rules[] = {
	{ 1 /* LANDLOCK_RULE_PATH_BENEATH */, 2, 0, 12 /* packed */ },
	{ 2 /* LANDLOCK_RULE_NET_PORT */, 2, 0, 16 },
};

void sysargs_prepare_landlock_add_rule(const long *a)
{
	prepare_cmd(landlock_rules, NELEM(landlock_rules), (unsigned int)a[1],
		    a);
}

/* ---- futexes ---- */

/*
 * A futex word: get_futex_key tries write access first and falls back to
 * read for the read-only operations, so prepare it the same way.
 */
static void prep_futex_word(uintptr_t p)
{
	prep_rw_or_ro(p, sizeof(uint32_t));
}

void sysargs_prepare_futex(const long *a)
{
	int cmd = (int)a[1] & FUTEX_CMD_MASK;

	prep_futex_word((uintptr_t)a[0]);
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
		/* futex_cmd_has_timeout: a[3] is a pointer only for these */
		prep((uintptr_t)a[3], TS, 0);
		break;
	case FUTEX_WAIT_REQUEUE_PI:
		prep((uintptr_t)a[3], TS, 0);
		prep_futex_word((uintptr_t)a[4]);
		break;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
	case FUTEX_CMP_REQUEUE_PI:
		prep_futex_word((uintptr_t)a[4]);
		break;
	case FUTEX_WAKE_OP:
		/* the operation is applied to uaddr2 */
		prep((uintptr_t)a[4], sizeof(uint32_t), 1);
		break;
	}
}

/* futex_waitv: the waiter array, then each waiter's (u32) word. */
void sysargs_prepare_futex_waitv(const long *a)
{
	struct futex_waitv w[8];
	uintptr_t vec = (uintptr_t)a[0];
	unsigned int cnt = (unsigned int)a[1], done, n, i;

	if (!vec || cnt == 0 || cnt > FUTEX_WAITV_MAX)
		return;
	prep(vec, cnt * sizeof(struct futex_waitv), 0);
	for (done = 0; done < cnt; done += n) {
		n = cnt - done < NELEM(w) ? cnt - done : NELEM(w);
		if (host_copy_in(w, vec + done * sizeof(struct futex_waitv),
				 n * sizeof(struct futex_waitv)) < 0)
			return;
		for (i = 0; i < n; i++)
			prep_futex_word((uintptr_t)w[i].uaddr);
	}
}

/* set_robust_list: the kernel walks the list at thread exit; it refuses a
 * head of any other size. */
void sysargs_prepare_set_robust_list(const long *a)
{
	if ((size_t)a[1] == sizeof(struct robust_list_head))
		pin((uintptr_t)a[0], sizeof(struct robust_list_head));
}

/* rseq: registering makes the kernel write the area at every return to
 * user space from then on; unregistering writes it once, now. */
void sysargs_prepare_rseq(const long *a)
{
	uint32_t len = (uint32_t)a[1];

	if ((int)a[2] & RSEQ_FLAG_UNREGISTER)
		prep((uintptr_t)a[0], len, 1);
	else
		pin((uintptr_t)a[0], len);
}

/* ---- sockets: msghdr ---- */

/*
 * What one msghdr names, the header itself already prepared: the address
 * (clamped to sockaddr_storage as copy_msghdr_from_user does), the iovec
 * array and its buffers, and the control buffer; all written for receive,
 * read for send.
 */
static void prepare_msg_data(uintptr_t m, int write)
{
	struct msghdr h;
	size_t namelen;

	if (!m || host_copy_in(&h, m, sizeof h) < 0)
		return;
	namelen = nonneg((int)h.msg_namelen);	/* an int in user_msghdr */
	if (namelen > SOCKADDR_MAX)
		namelen = SOCKADDR_MAX;
	prep((uintptr_t)h.msg_name, namelen, write);
	prepare_iov((uintptr_t)h.msg_iov, h.msg_iovlen, write);
	if (h.msg_control)
		prep((uintptr_t)h.msg_control, h.msg_controllen, write);
}

/* recvmsg also writes back msg_namelen, msg_controllen and msg_flags. */
void sysargs_prepare_recvmsg(const long *a)
{
	prep((uintptr_t)a[1], sizeof(struct msghdr), 1);
	prepare_msg_data((uintptr_t)a[1], 1);
}

void sysargs_prepare_sendmsg(const long *a)
{
	prep((uintptr_t)a[1], sizeof(struct msghdr), 0);
	prepare_msg_data((uintptr_t)a[1], 0);
}

/* sendmmsg and recvmmsg: the kernel caps vlen at UIO_MAXIOV and writes
 * each entry's msg_len in both directions. */
static void prepare_mmsg(uintptr_t vec, unsigned int vlen, int write)
{
	unsigned int i;

	if (!vec)
		return;
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	prep(vec, (size_t)vlen * MMSGHDR, 1);
	for (i = 0; i < vlen; i++)
		prepare_msg_data(vec + i * MMSGHDR, write);
}

void sysargs_prepare_recvmmsg(const long *a)
{
	prepare_mmsg((uintptr_t)a[1], (unsigned int)a[2], 1);
}

void sysargs_prepare_sendmmsg(const long *a)
{
	prepare_mmsg((uintptr_t)a[1], (unsigned int)a[2], 0);
}

/* ---- select, epoll, sleeps ---- */

/* select and pselect6: three fd_sets of n bits in longs, read and written
 * back (core_sys_select; n < 0 is EINVAL). */
void sysargs_prepare_select(const long *a)
{
	int n = (int)a[0];
	size_t len;
	int i;

	if (n < 0)
		return;
	len = ((size_t)n + 63) / 64 * sizeof(long);
	for (i = 1; i <= 3; i++)
		prep((uintptr_t)a[i], len, 1);
}

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; }. */
void sysargs_prepare_pselect6(const long *a)
{
	struct {
		uintptr_t ss;
		size_t len;
	} sig;

	sysargs_prepare_select(a);
	if (!a[5])
		return;
	prep((uintptr_t)a[5], sizeof sig, 0);
	if (host_copy_in(&sig, (uintptr_t)a[5], sizeof sig) == 0)
		prep(sig.ss, KSIGSET_SIZE, 0);
}

/* EPOLL_CTL_DEL takes no event (ep_op_has_event). */
void sysargs_prepare_epoll_ctl(const long *a)
{
	if ((int)a[1] != EPOLL_CTL_DEL)
		prep((uintptr_t)a[3], sizeof(struct epoll_event), 0);
}

/* clock_nanosleep writes the remaining time only for a relative sleep. */
void sysargs_prepare_clock_nanosleep(const long *a)
{
	if (!((int)a[1] & TIMER_ABSTIME))
		prep((uintptr_t)a[3], TS, 1);
}

/* ---- structs that carry their own size or version ---- */

/*
 * A struct holding its own u32 size at off (sched_attr, perf_event_attr):
 * the kernel reads size bytes, 0 meaning its first published size, and
 * writes its own size back into the word when it refuses the caller's.
 */
static void prepare_sized(uintptr_t p, size_t off, uint32_t first)
{
	uint32_t size;

	if (!p)
		return;
	prep_rw_or_ro(p + off, sizeof size);
	if (host_copy_in(&size, p + off, sizeof size) < 0)
		return;
	if (size == 0)
		size = first;
	if (size <= PAGE)
		prep(p, size, 0);
}

void sysargs_prepare_sched_setattr(const long *a)
{
	prepare_sized((uintptr_t)a[1], 0, 48 /* SCHED_ATTR_SIZE_VER0 */);
}

void sysargs_prepare_perf_event_open(const long *a)
{
	prepare_sized((uintptr_t)a[0], 4, 64 /* PERF_ATTR_SIZE_VER0 */);
}

/* capget/capset: the data array holds one or two 12-byte sets by header
 * version; the header's version word is written back when unknown. */
static size_t cap_data_size(uintptr_t hdr)
{
	uint32_t version;

	if (!hdr || host_copy_in(&version, hdr, sizeof version) < 0)
		return 0;
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		return sizeof(struct __user_cap_data_struct);
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		return 2 * sizeof(struct __user_cap_data_struct);
	}
	return 0;
}

void sysargs_prepare_capget(const long *a)
{
	prep_rw_or_ro((uintptr_t)a[0], sizeof(struct __user_cap_header_struct));
	prep((uintptr_t)a[1], cap_data_size((uintptr_t)a[0]), 1);
}

void sysargs_prepare_capset(const long *a)
{
	prep_rw_or_ro((uintptr_t)a[0], sizeof(struct __user_cap_header_struct));
	prep((uintptr_t)a[1], cap_data_size((uintptr_t)a[0]), 0);
}

/* struct file_handle: a header naming handle_bytes more (at most
 * MAX_HANDLE_SZ); name_to_handle_at writes the header back even when it
 * refuses the size. */
static void prep_file_handle(uintptr_t p, int write)
{
	struct file_handle fh;

	if (!p)
		return;
	prep(p, sizeof fh, write);
	if (host_copy_in(&fh, p, sizeof fh) < 0 ||
	    fh.handle_bytes > MAX_HANDLE_SZ)
		return;
	prep(p, sizeof fh + fh.handle_bytes, write);
}

void sysargs_prepare_name_to_handle_at(const long *a)
{
	prep_file_handle((uintptr_t)a[2], 1);
	prep((uintptr_t)a[3], ((int)a[4] & AT_HANDLE_MNT_ID_UNIQUE) ?
	     sizeof(uint64_t) : sizeof(int), 1);
}

void sysargs_prepare_open_by_handle_at(const long *a)
{
	prep_file_handle((uintptr_t)a[1], 0);
}

/* ---- the rest of the irregular calls ---- */

/* vmsplice copies the guest's memory into a pipe it can write, else from
 * a pipe it can only read into the guest's memory (fs/splice.c). */
void sysargs_prepare_vmsplice(const long *a)
{
	long fl = host_sys2(SYS_fcntl, a[0], F_GETFL);

	if (IS_ERR_VAL(fl))
		return;
	prepare_iov((uintptr_t)a[1], (unsigned long)a[2],
		    (fl & O_ACCMODE) == O_RDONLY);
}

/* msgsnd/msgrcv: a long mtype, then msgsz bytes of text. */
void sysargs_prepare_msgsnd(const long *a)
{
	if (a[2] >= 0)
		prep((uintptr_t)a[1], sizeof(long) + (size_t)a[2], 0);
}

void sysargs_prepare_msgrcv(const long *a)
{
	if (a[2] >= 0)
		prep((uintptr_t)a[1], sizeof(long) + (size_t)a[2], 1);
}

/*
 * The table. execve/execveat, clone/clone3/fork/vfork, the mmap family,
 * rt_sigaction, rt_sigprocmask and sigaltstack are served by the runtime
 * itself and are not here; neither are ptrace, seccomp, bpf, io_uring and
 * the AIO submission calls.
 */
