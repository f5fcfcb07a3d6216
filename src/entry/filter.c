/*
 * filter.c - the seccomp filter, both ABIs (entry_int.h; DESIGN D3;
 * normal context: built once, before the guest runs).
 *
 * A served number traps unless the instruction pointer is inside the
 * runtime's text, which is at a fixed link address: the same filter stays
 * right for every program the guest execs (the filter survives execve and
 * cannot be removed). Both ABIs are the same code over their own tables:
 * a binary search over runs of trapped numbers, then the argument test of
 * the number's run.
 */
#include "entry_int.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/errno.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "base.h"

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000u	/* asm/unistd.h */
#endif

#define LD(off) (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define JSET(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define JA(k) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, (k), 0, 0)
#define RET(k) (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (k))
#define OFF_NR offsetof(struct seccomp_data, nr)
#define OFF_ARCH offsetof(struct seccomp_data, arch)
#define OFF_IP_LO offsetof(struct seccomp_data, instruction_pointer)
#define OFF_IP_HI (OFF_IP_LO + 4)
#define OFF_ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))

struct prog {
	struct sock_filter insn[4096];
	int n;
};

static int emit(struct prog *p, struct sock_filter f)
{
	p->insn[p->n] = f;
	return p->n++;
}

/* Allow when the IP is in the runtime text; otherwise continue with the
 * instruction after this 6-instruction block. */
static void emit_ip_check(struct prog *p, uintptr_t lo, uintptr_t hi)
{
	emit(p, LD(OFF_IP_HI));
	emit(p, JEQ((uint32_t)(lo >> 32), 0, 4));
	emit(p, LD(OFF_IP_LO));
	emit(p, JGE((uint32_t)lo, 0, 2));
	emit(p, JGE((uint32_t)hi, 1, 0));
	emit(p, RET(SECCOMP_RET_ALLOW)); /* the runtime's own call */
}

/* The argument test of a served number, ending in its verdicts. */
/* fcntl commands with a pointer argument: F_GETLK, F_SETLK, F_SETLKW,
 * F_SETOWN_EX, F_GETOWN_EX, F_OFD_GETLK/SETLK/SETLKW, F_GET/SET_RW_HINT
 * (sysargs.c prepares the same ones) */
static const uint32_t fcntl_mem[] = {
	F_GETLK, F_SETLK, F_SETLKW, F_SETOWN_EX, F_GETOWN_EX, F_OFD_GETLK,
	F_OFD_SETLK, F_OFD_SETLKW, F_GET_RW_HINT, F_SET_RW_HINT,
};

static void emit_cond(struct prog *p, int cond)
{
	switch (cond) {
	case COND_FCNTL: /* only the commands that pass guest memory */
		emit(p, LD(OFF_ARG_LO(1)));
		for (size_t i = 0; i < sizeof fcntl_mem / sizeof fcntl_mem[0]; i++)
			emit(p, JEQ(fcntl_mem[i],
				    (uint8_t)(sizeof fcntl_mem / sizeof fcntl_mem[0] - i), 0));
		emit(p, RET(SECCOMP_RET_ALLOW));
		emit(p, RET(SECCOMP_RET_TRAP));
		return;
	case COND_FUTEX: /* a private wake touches no guest memory: the key
			    comes from the address alone and no word is
			    read (get_futex_key, futex_wake) */
		emit(p, LD(OFF_ARG_LO(1)));
		emit(p, JEQ(FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 2, 0));
		emit(p, JEQ(FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, 1, 0));
		emit(p, RET(SECCOMP_RET_TRAP));
		emit(p, RET(SECCOMP_RET_ALLOW));
		return;
	case COND_CLONE: /* trap all but vfork-like clones (CLONE_VM and
			    CLONE_VFORK: the child borrows the parent's
			    altstack while the parent waits) */
		emit(p, LD(OFF_ARG_LO(0)));
		emit(p, JSET(CLONE_VM, 0, 2));
		emit(p, JSET(CLONE_VFORK, 0, 1));
		emit(p, RET(SECCOMP_RET_ALLOW));
		emit(p, RET(SECCOMP_RET_TRAP));
		return;
	default:
		break;
	}
	emit(p, RET(SECCOMP_RET_TRAP));
}

/* Patch the JA at `at` to land on `to`. */
static void land(struct prog *p, int at, int to)
{
	p->insn[at].k = (uint32_t)(to - at - 1);
}

/* A run of consecutive trapped numbers with the same test. */
struct run {
	uint32_t lo, hi;	/* inclusive */
	int cond;
};

/* The trapped numbers v[0..nv) (sorted) as runs, in order; returns how
 * many. */
static int make_runs(const struct systab_trap *v, int nv, struct run *r)
{
	int n = 0;

	for (int i = 0; i < nv; i++) {
		uint32_t nr = (uint32_t)v[i].nr;

		if (n && nr <= r[n - 1].hi)
			continue;	/* listed twice */
		if (n && nr == r[n - 1].hi + 1 && v[i].cond == r[n - 1].cond)
			r[n - 1].hi = nr;
		else
			r[n++] = (struct run){ nr, nr, v[i].cond };
	}
	return n;
}

/*
 * A binary search over the runs r[lo, hi): a number inside a run jumps
 * (through a JA, whose offset is not limited to 255) to the block for the
 * run's test; numbers in no run are allowed without looking at the
 * instruction pointer or the arguments, so the kernel's constant-action
 * cache keeps them on its fast path. Runs rather than single numbers keep
 * the filter short (under 400 instructions instead of 680), and the
 * kernel's cost of installing it, at every vmload start, with it. The JA
 * slots are recorded in fix[] for patching.
 */
static void emit_search(struct prog *p, const struct run *r, int lo, int hi,
			int *fix)
{
	if (hi - lo <= 4) {
		for (int i = lo; i < hi; i++) {
			if (r[i].lo == r[i].hi) {
				emit(p, JEQ(r[i].lo, 0, 1));
			} else {
				/* below this run is below the later ones too */
				emit(p, JGE(r[i].lo, 1, 0));
				emit(p, RET(SECCOMP_RET_ALLOW));
				emit(p, JGE(r[i].hi + 1, 1, 0));
			}
			fix[i] = emit(p, JA(0));
		}
		emit(p, RET(SECCOMP_RET_ALLOW));
		return;
	}
	int mid = (lo + hi) / 2, ja;

	emit(p, JGE(r[mid].lo, 0, 1));
	ja = emit(p, JA(0));
	emit_search(p, r, lo, mid, fix);
	land(p, ja, p->n);
	emit_search(p, r, mid, hi, fix);
}

/*
 * One ABI's part: a binary search over its trapped numbers in runs, then
 * one block per argument test that the search lands on. Entered with the
 * accumulator free; every path ends in a RET.
 */
static void emit_abi(struct prog *p, const struct systab_trap *v, int nv,
		     uintptr_t lo, uintptr_t hi)
{
	int fix[ENTRY_MAX_NR], block[NCOND], nruns;
	struct run runs[ENTRY_MAX_NR];

	emit(p, LD(OFF_NR));
	nruns = make_runs(v, nv, runs);
	emit_search(p, runs, 0, nruns, fix);
	for (int c = COND_NONE; c < NCOND; c++) {
		block[c] = p->n;
		emit_ip_check(p, lo, hi);
		emit_cond(p, c);
	}
	for (int i = 0; i < nruns; i++)
		land(p, fix[i], block[runs[i].cond]);
}

/*
 * The architecture first: x86-64, where x32 numbers get ENOSYS; i386 (an
 * ia32 guest's int $0x80, and the runtime issuing its calls for it); any
 * other arch cannot occur on x86-64 and is allowed. Within an ABI, numbers
 * vmload never serves are allowed before anything else is looked at, so
 * the kernel's constant-action cache keeps them on its fast path.
 */
static void build_filter(struct prog *p, uintptr_t lo, uintptr_t hi)
{
	struct systab_trap v[ENTRY_MAX_NR];
	int ja_32, nv;

	p->n = 0;
	emit(p, LD(OFF_ARCH));
	emit(p, JEQ(AUDIT_ARCH_X86_64, 3, 0));
	emit(p, JEQ(AUDIT_ARCH_I386, 1, 0));
	emit(p, RET(SECCOMP_RET_ALLOW));	/* no other arch on x86-64 */
	ja_32 = emit(p, JA(0));
	/* x86-64 */
	emit(p, LD(OFF_NR));
	emit(p, JGE(__X32_SYSCALL_BIT, 0, 1));
	emit(p, RET(SECCOMP_RET_ERRNO | ENOSYS));
	nv = systab_trapped64(v, ENTRY_MAX_NR);
	emit_abi(p, v, nv, lo, hi);
	/* i386 */
	land(p, ja_32, p->n);
	nv = systab_trapped32(v, ENTRY_MAX_NR);
	emit_abi(p, v, nv, lo, hi);
}

int filter_install(uintptr_t lo, uintptr_t hi)
{
	static struct prog p;	/* 32 KiB: not on the loader's stack */
	struct sock_fprog fp;

	if ((lo >> 32) != ((hi - 1) >> 32))
		return -EINVAL; /* the IP check compares one high word */
	build_filter(&p, lo, hi);
	fp.len = (unsigned short)p.n;
	fp.filter = p.insn;
	if (host_sys5(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -EPERM;
	return (int)host_sys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp);
}
