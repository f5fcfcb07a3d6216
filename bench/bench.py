#!/usr/bin/env python3
"""vmload benchmark harness (run it through bench/run.sh).

Every workload runs natively and under each available tool, interleaved in
rounds (native, vmload, setarch -R, setarch -L, peers..., then the next
round), after one warm-up run of each that also checks the output against the
native one. The machine is noisy, so what counts is the per-round ratio
tool/native, never an absolute time: each ratio pairs two samples taken
seconds apart.

A sample is one `repeat R COMMAND` process timed with perf_counter_ns:
repeat (bench/repeat.c) runs COMMAND R times back to back, so short programs
(startup: R = 200) add up to something measurable. All times reported are per
run of COMMAND (sample time / R).

Slow workloads run fewer rounds (Workload.rounds / peer_rounds) and may skip
tools (Workload.skip, with the reason printed in the report), so that the
default run stays near a quarter of an hour on a 2-core machine with every
peer installed.

After the timed rounds, vmload runs each workload once more (one run of
COMMAND, not R) with VMLOAD_STATS=1: its stats lines (one per process image
at exit or exec, each counting its own process: see sum_stats) are summed
into a second table,
with the peak RSS of that run against the native warm-up run's (ru_maxrss
from wait4 in bench/maxrss.c, covering the waited-for descendants), and the
largest host VMA count of any process of the run, sampled from
/proc/PID/maps every 10 ms.

Last, bench/unitcost.c times what vmload adds per trapped call, per demand
fault and per copy-on-write break, natively and under vmload in turns; with
the startup row's added time per exec, the closing note splits the added
time of each workload that misses its target into those parts.
"""
import argparse
import hashlib
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)

TIMEOUT = 600  # seconds for a single sample; a hang is reported, not waited out


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


# ---------------------------------------------------------------- tools


class Tool:
    def __init__(self, key, label, prefix, peer, inner_scale=1.0, note=""):
        self.key = key          # short id
        self.label = label      # shown in the tables
        self.prefix = prefix    # argv put in front of the workload's argv
        self.peer = peer        # peers run in fewer rounds (they are slow)
        self.inner_scale = inner_scale  # fewer repeats per sample for slow tools
        self.note = note


def detect_tools(vmload):
    tools = [Tool("native", "native", [], False),
             Tool("vmload", "vmload", [vmload], False)]
    missing = []
    if shutil.which("setarch"):
        tools.append(Tool("setarch-R", "setarch -R", ["setarch", "-R"], False))
        tools.append(Tool("setarch-L", "setarch -L", ["setarch", "-L"], False))
    else:
        missing += ["setarch -R", "setarch -L"]
    # Debian: qemu-user has qemu-x86_64, qemu-user-static qemu-x86_64-static
    qemu = shutil.which("qemu-x86_64") or shutil.which("qemu-x86_64-static")
    if qemu:
        tools.append(Tool("qemu", os.path.basename(qemu), [qemu], True, 0.1,
                          "does not follow execve"))
    else:
        missing.append("qemu-x86_64")
    if shutil.which("valgrind"):
        tools.append(Tool("valgrind", "valgrind --tool=none",
                          ["valgrind", "--tool=none", "-q", "--trace-children=yes"],
                          True, 0.1, "--trace-children=yes"))
    else:
        missing.append("valgrind")
    if shutil.which("proot"):
        tools.append(Tool("proot", "proot", ["proot"], True, 0.1))
    else:
        missing.append("proot")
    return tools, missing


# ---------------------------------------------------------------- workloads

class Workload:
    def __init__(self, key, label, argv, inner, target=None, startup=False,
                 check=None, env=None, note="", rounds=None, peer_rounds=None,
                 skip=None, digest=False, setup=None):
        self.key = key
        self.label = label
        self.argv = argv            # may contain {out} (per-tool output path)
        self.inner = inner          # repeats per sample (native, vmload, setarch)
        self.target = target        # ("ratio", 1.05) or ("added_ms", 1.0)
        self.startup = startup
        self.check = check          # fn(tool_key, stdout) -> normalized result
        self.env = env or {}
        self.note = note
        self.rounds = rounds        # at most this many rounds (slow workloads)
        self.peer_rounds = peer_rounds  # at most this many rounds for peers
        self.skip = skip or {}      # tool key -> why it is not run
        self.digest = digest        # compare the SHA-256 of stdout, not stdout
        self.setup = setup          # fn() run once before the warm-up: inputs


def build_helpers(tmp):
    """Compile the helper programs into tmp; returns a dict of paths."""
    p = {k: os.path.join(tmp, k) for k in ("repeat", "maxrss", "hello-static", "hello-dyn",
                                           "churn", "touch", "mmapchurn", "threads",
                                           "unitcost")}
    cmds = [
        ["gcc", "-O2", "-o", p["repeat"], os.path.join(BENCH, "repeat.c")],
        ["gcc", "-O2", "-static", "-o", p["maxrss"], os.path.join(BENCH, "maxrss.c")],
        ["gcc", "-O2", "-static", "-o", p["hello-static"], os.path.join(BENCH, "hello.c")],
        ["gcc", "-O2", "-o", p["hello-dyn"], os.path.join(BENCH, "hello.c")],
        ["gcc", "-O2", "-pthread", "-o", p["churn"], os.path.join(BENCH, "churn.c")],
        ["gcc", "-O2", "-o", p["touch"], os.path.join(BENCH, "touch.c")],
        ["gcc", "-O2", "-o", p["mmapchurn"], os.path.join(BENCH, "mmapchurn.c")],
        ["gcc", "-O2", "-pthread", "-o", p["threads"], os.path.join(BENCH, "threads.c")],
        ["gcc", "-O2", "-o", p["unitcost"], os.path.join(BENCH, "unitcost.c")],
    ]
    for c in cmds:
        r = subprocess.run(c, capture_output=True, text=True)
        if r.returncode:
            sys.exit("bench: build failed: %s\n%s" % (" ".join(c), r.stderr))
    return p


def python_binary():
    # the distribution's CPython if present (pyenv and similar install bash
    # shims as `python3`, which would put a shell script in the measurement)
    if os.access("/usr/bin/python3", os.X_OK):
        return "/usr/bin/python3"
    return sys.executable


# Generated inputs. Each generator is deterministic (random.Random with a
# fixed seed gives the same sequence in every Python 3), and returns a short
# description for the report.

XZ_SIZE = 50 << 20
SQL_ROWS = 200000
MAKE_MODULES = 15   # plus main.c: 16 files


def sha_prefix(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()[:16]


def gen_xz_input(path):
    """50 MiB of web-server-like log lines: clients in sessions of 6 requests
    (host, address, user agent fixed per session, a path drawn from 2 of 240,
    a response size from 2 of 200), status codes and clock steps random."""
    r = random.Random(50)
    hosts = ["web%02d" % i for i in range(24)]
    paths = ["/api/v1/%s/%d" % (w, i) for w in ("users", "items", "orders", "search", "cart", "auth")
             for i in range(40)]
    agents = (["Mozilla/5.0 (X11; Linux x86_64) Firefox/%d.0" % v for v in range(100, 120)]
              + ["curl/7.%d.0" % v for v in range(60, 88)])
    codes = [200] * 40 + [304] * 5 + [404] * 3 + [500]
    ips = ["10.%d.%d.%d" % (r.randrange(4), r.randrange(256), r.randrange(256)) for _ in range(64)]
    sizes = [r.randrange(100000) for _ in range(200)]
    total, t, n = 0, 1700000000, 0
    with open(path, "wb") as f:
        while total < XZ_SIZE:
            parts = []
            for _ in range(5000):
                t += r.randrange(3)
                s = n // 6
                parts.append('%s %s - - [%d] "GET %s HTTP/1.1" %d %d "%s"\n' % (
                    hosts[s % 24], ips[s % 64], t, paths[(s * 7 + n % 3) % 240],
                    r.choice(codes), sizes[(s + n % 2) % 200], agents[s % 48]))
                n += 1
            b = "".join(parts).encode()
            f.write(b)
            total += len(b)
        f.truncate(XZ_SIZE)
    return "%d MiB, sha256 %s…" % (XZ_SIZE >> 20, sha_prefix(path))


def gen_sql(path):
    """The sqlite3 script: a fresh table, 200,000 single-row INSERTs in one
    transaction, then two aggregate queries."""
    r = random.Random(6)
    words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta",
             "iota", "kappa", "lambda", "mu"]
    with open(path, "w") as f:
        f.write("PRAGMA synchronous=OFF;\n"
                "DROP TABLE IF EXISTS t;\n"
                "CREATE TABLE t(id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, val REAL);\n"
                "CREATE INDEX t_grp ON t(grp);\n"
                "BEGIN;\n")
        for _ in range(SQL_ROWS):
            f.write("INSERT INTO t(grp,name,val) VALUES(%d,'%s-%d',%d.%02d);\n" % (
                r.randrange(1000), r.choice(words), r.randrange(100000),
                r.randrange(10000), r.randrange(100)))
        f.write("COMMIT;\n"
                "SELECT count(*), count(DISTINCT grp), sum(val), max(length(name)) FROM t;\n"
                "SELECT grp, count(*), round(avg(val),2) FROM t GROUP BY grp "
                "ORDER BY 2 DESC, 1 LIMIT 3;\n")
    return "%.1f MB, sha256 %s…" % (os.path.getsize(path) / 1e6, sha_prefix(path))


def describe_find_tree(top="/usr"):
    """What find walks: entries and *.h names under top (it changes with
    what is installed, so the report says)."""
    n = h = 0
    for _d, dirs, files in os.walk(top):
        n += len(dirs) + len(files)
        h += sum(1 for f in files + dirs if f.endswith(".h"))
    return "%s: %d entries, %d named *.h, on this machine" % (top, n, h)


def gen_make_project(d):
    """main.c and MAKE_MODULES modules of 12 functions each (loops over a
    struct array with a switch), a header and a Makefile (one object per
    source, OUT and OBJDIR settable)."""
    os.makedirs(d, exist_ok=True)
    hdr = ["#include <stdint.h>", "#include <stddef.h>"]
    hdr += ["uint64_t mod%d_run(uint64_t seed);" % m for m in range(MAKE_MODULES)]
    with open(os.path.join(d, "proj.h"), "w") as f:
        f.write("\n".join(hdr) + "\n")
    for m in range(MAKE_MODULES):
        L = ['#include "proj.h"', "#include <string.h>", "",
             "struct rec%d { uint32_t a, b; uint64_t c; char name[24]; };" % m]
        for k in range(12):
            L.append("""static uint64_t f%d_%d(uint64_t x, struct rec%d *r, size_t n)
{
	uint64_t acc = x ^ %du;
	for (size_t i = 0; i < n; i++) {
		r[i].a = (uint32_t)(acc * %du + i);
		r[i].b = r[i].a >> %d;
		r[i].c += acc;
		switch ((acc + i) %% 7) {
		case 0: acc = acc * 31 + r[i].a; break;
		case 1: acc ^= r[i].b << 3; break;
		case 2: acc += (uint64_t)r[i].c * %du; break;
		case 3: memcpy(r[i].name, &acc, sizeof acc); acc += r[i].name[2]; break;
		case 4: acc = (acc >> 7) | (acc << 57); break;
		case 5: acc -= r[i].b * (i + 1); break;
		default: acc += i * i;
		}
	}
	return acc;
}""" % (m, k, m, m * 1000 + k + 1, 2654435761 + k, k % 13 + 1, k * 7 + 3))
        L.append("uint64_t mod%d_run(uint64_t seed)\n{\n\tstatic struct rec%d r[64];\n"
                 "\tuint64_t acc = seed;" % (m, m))
        L += ["\tacc = f%d_%d(acc, r, 64);" % (m, k) for k in range(12)]
        L.append("\treturn acc;\n}")
        with open(os.path.join(d, "mod%02d.c" % m), "w") as f:
            f.write("\n".join(L) + "\n")
    M = ["#include <stdio.h>", '#include "proj.h"', "", "int main(void)\n{\n\tuint64_t acc = 1;"]
    M += ["\tacc = mod%d_run(acc);" % m for m in range(MAKE_MODULES)]
    M.append('\tprintf("proj %016llx\\n", (unsigned long long)acc);\n\treturn 0;\n}')
    with open(os.path.join(d, "main.c"), "w") as f:
        f.write("\n".join(M) + "\n")
    with open(os.path.join(d, "Makefile"), "w") as f:
        f.write("OUT ?= proj\n"
                "OBJDIR ?= obj\n"
                "SRCS := main.c $(wildcard mod*.c)\n"
                "OBJS := $(SRCS:%.c=$(OBJDIR)/%.o)\n"
                "$(OUT): $(OBJS)\n"
                "\t$(CC) -o $@ $(OBJS)\n"
                "$(OBJDIR)/%.o: %.c proj.h | $(OBJDIR)\n"
                "\t$(CC) -O2 -Wall -c -o $@ $<\n"
                "$(OBJDIR):\n"
                "\tmkdir -p $@\n")
    return "%d C files" % (MAKE_MODULES + 1)


SLOW = 5   # rounds for the workloads of about a second per run and more
FORK_N = 1000


def make_workloads(helpers, tmp, quick):
    gccproj = os.path.join(BENCH, "gccproj")
    srcs = [os.path.join(gccproj, f) for f in ("main.c", "matrix.c", "strbuf.c", "table.c")]
    xz_in = os.path.join(tmp, "xz-input.log")
    sql = os.path.join(tmp, "insert.sql")
    mkproj = os.path.join(tmp, "makeproj")

    def run_binary(tool_key, _stdout):
        # the gcc and make workloads' output is the program they built: run
        # that natively and compare what it prints
        exe = os.path.join(tmp, "proj-" + tool_key)
        r = subprocess.run([exe], capture_output=True, text=True)
        return "exit %d: %s" % (r.returncode, r.stdout)

    startup_n = 200
    slow_valgrind = "skipped: about %s per sample under valgrind, too slow for the run's time budget"
    return [
        Workload("hello-static", "startup: static hello", [helpers["hello-static"]],
                 startup_n, ("added_ms", 1.0), startup=True),
        Workload("hello-dyn", "startup: dynamic hello", [helpers["hello-dyn"]],
                 startup_n, ("added_ms", 1.0), startup=True),
        Workload("python", "python3 dict+hash loop",
                 [python_binary(), os.path.join(BENCH, "pywork.py")], 1, ("ratio", 1.05),
                 rounds=SLOW, peer_rounds=1),
        Workload("perl", "perl md5+hash+regex loop",
                 ["perl", os.path.join(BENCH, "perlwork.pl")], 1, ("ratio", 1.05),
                 rounds=SLOW, peer_rounds=1),
        Workload("sqlite", "sqlite3: 200k INSERTs in a transaction + aggregates",
                 ["sqlite3", "{out}.db", ".read " + sql], 1, None,
                 rounds=SLOW, peer_rounds=1, setup=lambda: gen_sql(sql)),
        Workload("gcc", "gcc -O2, 4 files, compile+link",
                 ["gcc", "-O2", "-Wall", "-o", "{out}"] + srcs, 4, ("ratio", 1.3),
                 check=run_binary, peer_rounds=1),
        Workload("make", "make -j2, 16 C files, from scratch",
                 ["make", "-s", "-B", "-j2", "-C", mkproj, "OUT={out}", "OBJDIR={out}.obj"],
                 1, ("ratio", 1.3), check=run_binary, rounds=SLOW,
                 skip={"valgrind": slow_valgrind % "1 min (about 50 compiler processes, "
                       "each ~100x slower: see the gcc row)"},
                 setup=lambda: gen_make_project(mkproj)),
        Workload("find", "find /usr -name '*.h'",
                 ["find", "/usr", "-name", "*.h"], 2, ("ratio", 2.0), peer_rounds=1,
                 skip={"proot": "skipped in --quick: about 30 s per run under proot "
                       "(a ptrace stop per system call)"} if quick else None,
                 setup=describe_find_tree),
        Workload("xz", "xz -T1 -c, 50 MiB of generated logs",
                 ["xz", "-T1", "-c", xz_in], 1, ("ratio", 1.05), digest=True, rounds=3,
                 skip={"setarch-R": "skipped: about 10 s per sample, too slow for the run's time budget",
                       "setarch-L": "skipped: about 10 s per sample, too slow for the run's time budget",
                       "valgrind": slow_valgrind % "25 s",
                       "qemu": slow_valgrind.replace("valgrind", "qemu") % "a minute",
                       "proot": "skipped: about 10 s per sample, too slow for the run's time budget"},
                 setup=lambda: gen_xz_input(xz_in)),
        Workload("churn", "malloc/free churn (1M ops)", [helpers["churn"]], 4,
                 ("ratio", 1.5)),
        Workload("churn4", "malloc/free churn, 4 threads (4 x 1M ops)",
                 [helpers["churn"], "4"], 1, ("ratio", 1.5)),
        Workload("threads", "8 threads allocating and freeing",
                 [helpers["threads"]], 2, None),
        Workload("touch-seq", "first touch of 1 GiB, sequential",
                 [helpers["touch"], "seq"], 1, ("ratio", 1.3)),
        Workload("touch-rand", "first touch of 1 GiB, random order",
                 [helpers["touch"], "rand"], 1, ("ratio", 3.0)),
        Workload("mmapchurn", "mmap/munmap churn, 100k small mappings",
                 [helpers["mmapchurn"]], 1, None, rounds=SLOW),
        Workload("forkexec", "fork+exec /bin/true x%d from a bash loop" % FORK_N,
                 ["bash", "-c", "for ((i = 0; i < %d; i++)); do /bin/true; done" % FORK_N],
                 1, ("ratio", 2.0), rounds=SLOW,
                 skip={"valgrind": slow_valgrind % "3 min (%d valgrind startups)" % FORK_N}),
    ]


# ---------------------------------------------------------------- running

class Failure(Exception):
    pass


def argv_for(tool, wl, tmp):
    out = os.path.join(tmp, "proj-" + tool.key)
    argv = [a.replace("{out}", out) for a in wl.argv]
    # the program by its full path, the same for every tool: qemu-x86_64
    # does not search PATH
    argv[0] = shutil.which(argv[0]) or argv[0]
    return tool.prefix + argv


def inner_for(tool, wl):
    return max(1, int(round(wl.inner * tool.inner_scale)))


def run_env(wl):
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    env.update(wl.env)
    return env


class VmaSampler:
    """Largest host VMA count (lines of /proc/PID/maps) of any process in the
    tree under root, sampled every `interval` seconds from a thread.
    Processes still running one of `exclude` (this Python between fork and
    exec, the maxrss helper) are not counted."""

    def __init__(self, root, exclude, interval=0.01):
        self.root = root
        self.interval = interval
        self.max = None
        self.samples = 0
        self._stop = threading.Event()
        self._exclude = {os.path.realpath(e) for e in exclude}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join()

    def _tree(self):
        children = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % d, "rb") as f:
                    st = f.read()
                ppid = int(st[st.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(d))
        out, todo = [], [self.root]
        while todo:
            q = todo.pop()
            out.append(q)
            todo.extend(children.get(q, []))
        return out

    def _run(self):
        while True:
            for q in self._tree():
                try:
                    if os.readlink("/proc/%d/exe" % q) in self._exclude:
                        continue
                    with open("/proc/%d/maps" % q, "rb") as f:
                        n = f.read().count(b"\n")
                except OSError:
                    continue
                if n:
                    self.samples += 1
                    if self.max is None or n > self.max:
                        self.max = n
            if self._stop.wait(self.interval):
                return


MAXRSS = None   # path of the built bench/maxrss.c helper, set in main()


def run_measured(argv, env, out_path, err_path, tmp, sample=False):
    """Run argv once, untimed, through the maxrss helper, with stdout and
    stderr in files (stdin /dev/null). Returns (exit code, wall seconds, pid
    of the program, peak RSS in KiB, max host VMAs or None)."""
    res_path = os.path.join(tmp, "maxrss.result")
    with open(out_path, "wb") as o, open(err_path, "wb") as e:
        t0 = time.perf_counter_ns()
        p = subprocess.Popen([MAXRSS, res_path] + argv, stdin=subprocess.DEVNULL,
                             stdout=o, stderr=e, env=env, start_new_session=True)
    sampler = VmaSampler(p.pid, ["/proc/self/exe", MAXRSS]) if sample else None
    if sampler:
        sampler.start()
    try:
        p.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        raise Failure("timed out after %d s" % TIMEOUT)
    finally:
        if sampler:
            sampler.stop()
    t1 = time.perf_counter_ns()
    try:
        with open(res_path) as f:
            pid, status, rss = (int(x) for x in f.read().split())
        os.unlink(res_path)
    except (OSError, ValueError):
        with open(err_path, "rb") as f:
            raise Failure("maxrss helper failed (status %d): %s" % (
                p.returncode, f.read().decode(errors="replace").strip()[-400:]))
    return (os.waitstatus_to_exitcode(status), (t1 - t0) / 1e9, pid, rss,
            sampler.max if sampler else None)


def checked_run(tool, wl, tmp):
    """Warm-up: one run with output captured. Returns (normalized result,
    stderr, peak RSS KiB, max host VMAs or None). Host VMAs are sampled in
    the native run only (vmload's come from the stats run)."""
    argv = argv_for(tool, wl, tmp)
    out_path = os.path.join(tmp, "warmup-%s.out" % tool.key)
    err_path = os.path.join(tmp, "warmup-%s.err" % tool.key)
    rc, _, _, rss, vmas = run_measured(argv, run_env(wl), out_path, err_path, tmp,
                                       sample=tool.key == "native")
    with open(out_path, "rb") as f:
        raw = f.read()
    with open(err_path, "rb") as f:
        err = f.read().decode(errors="replace")
    os.unlink(out_path)
    os.unlink(err_path)
    if rc != 0:
        raise Failure("exit status %d; stderr: %s" % (rc, err.strip()[-400:]))
    if wl.digest:
        out = "%d bytes, sha256 %s" % (len(raw), hashlib.sha256(raw).hexdigest())
    else:
        out = raw.decode(errors="replace")
    if wl.check:
        out = wl.check(tool.key, out)
    return out, err, rss, vmas


STATS_RE = re.compile(
    r"vmload: stats: pid (\d+) (\S+): (\d+) trapped system calls, (\d+) demand faults "
    r"\((\d+) pages\), (\d+) copy-on-write breaks \((\d+) pages\), page table (\d+) KiB")


def sum_stats(lines):
    """Sum the stats lines of one run. Each line counts what its process
    did since its previous line (or since it started: a fresh vmload after
    exec, a fork child, or a vfork child, which vmload counts apart from the
    parent whose memory it borrows), so the lines add up."""
    c = {"lines": len(lines), "exits": 0, "execs": 0, "traps": 0,
         "faults": 0, "fault_pages": 0, "cow": 0, "cow_pages": 0, "pt_max": 0}
    for _pid, why, traps, faults, fpages, cow, cpages, pt in lines:
        if why == "exit":
            c["exits"] += 1
        else:
            c["execs"] += 1
        c["traps"] += traps
        c["faults"] += faults
        c["fault_pages"] += fpages
        c["cow"] += cow
        c["cow_pages"] += cpages
        c["pt_max"] = max(c["pt_max"], pt)
    return c


def stats_run(vmload_tool, wl, tmp):
    """One run of the workload's command under vmload with VMLOAD_STATS=1
    (the same output path as the timed vmload runs, so that e.g. sqlite3
    finds its database in the same state); the stats lines summed."""
    env = run_env(wl)
    env["VMLOAD_STATS"] = "1"
    err_path = os.path.join(tmp, "stats-%s.err" % wl.key)
    c = {"failed": None}
    try:
        rc, wall, _pid, rss, vmas = run_measured(argv_for(vmload_tool, wl, tmp), env,
                                                 os.devnull, err_path, tmp, sample=True)
    except Failure as e:
        c["failed"] = str(e)
        return c
    with open(err_path, "rb") as f:
        err = f.read().decode(errors="replace")
    os.unlink(err_path)
    if rc != 0:
        c["failed"] = "exit status %d" % rc
    lines = [(int(g[0]), g[1]) + tuple(int(x) for x in g[2:]) for g in STATS_RE.findall(err)]
    c.update(sum_stats(lines))
    c.update({"wall": wall, "rss": rss, "vmas": vmas})
    if not lines and not c["failed"]:
        c["failed"] = "no stats line"
    return c


def timed_sample(tool, wl, tmp, repeat):
    """One timed sample; returns seconds per run."""
    n = inner_for(tool, wl)
    argv = [repeat, str(n)] + argv_for(tool, wl, tmp)
    t0 = time.perf_counter_ns()
    try:
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           env=run_env(wl), timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failure("timed sample timed out after %d s" % TIMEOUT)
    t1 = time.perf_counter_ns()
    if r.returncode != 0:
        raise Failure("timed sample failed: %s" % r.stderr.decode(errors="replace").strip()[-400:])
    return (t1 - t0) / 1e9 / n


def shell_quote(argv):
    import shlex
    return " ".join(shlex.quote(a) for a in argv)


def workload_rounds(wl, rounds, peer_rounds):
    # start-up samples take a fraction of a second and are the ones a busy
    # machine disturbs most: twice the rounds, less one
    r = 2 * rounds - 1 if wl.startup else min(rounds, wl.rounds or rounds)
    pr = min(r, peer_rounds, peer_rounds if wl.peer_rounds is None else wl.peer_rounds)
    return r, pr


def bench_workload(wl, tools, rounds, peer_rounds, tmp, repeat, problems, log, costs=True):
    rounds, peer_rounds = workload_rounds(wl, rounds, peer_rounds)
    res = {"_rounds": (rounds, peer_rounds), "_skipped": {}}
    if wl.setup:
        log("== %s: generating the input" % wl.label)
        wl.note = wl.setup()
    log("== %s (%d rounds, peers %d)" % (wl.label, rounds, peer_rounds))
    active = []
    expected = expected_err = None
    for tool in tools:
        if tool.key in wl.skip:
            res["_skipped"][tool.key] = wl.skip[tool.key]
            continue
        try:
            out, err, rss, vmas = checked_run(tool, wl, tmp)
        except Failure as e:
            if tool.key == "native":
                sys.exit("bench: %s fails natively: %s" % (wl.label, e))
            problems.append((wl, tool, str(e), argv_for(tool, wl, tmp)))
            log("   %-22s FAILED: %s" % (tool.label, e))
            continue
        if tool.key == "native":
            expected, expected_err = out, err
            res["_native_rss"], res["_native_vmas"] = rss, vmas
        elif out != expected:
            problems.append((wl, tool, "output differs from native:\n  native: %r\n  %s: %r"
                             % (expected[:300], tool.label, out[:300]), argv_for(tool, wl, tmp)))
            log("   %-22s WRONG OUTPUT" % tool.label)
            continue
        elif err != expected_err:
            # still timed: the result is right, but the tool said something
            problems.append((wl, tool, "stderr differs from native (output is right):\n"
                             "  native: %r\n  %s: %r" % (expected_err[-300:], tool.label, err[-300:]),
                             argv_for(tool, wl, tmp)))
            log("   %-22s stderr differs" % tool.label)
        active.append(tool)
    samples = {t.key: [] for t in active}  # per round: seconds per run, or None
    failed = set()
    for rnd in range(rounds):
        for tool in active:
            if tool.key in failed or (tool.peer and rnd >= peer_rounds):
                samples[tool.key].append(None)
                continue
            try:
                samples[tool.key].append(timed_sample(tool, wl, tmp, repeat))
            except Failure as e:
                if tool.key == "native":
                    sys.exit("bench: %s fails natively: %s" % (wl.label, e))
                failed.add(tool.key)
                problems.append((wl, tool, str(e), [repeat, str(inner_for(tool, wl))]
                                 + argv_for(tool, wl, tmp)))
                samples[tool.key].append(None)
        log("   round %d/%d: %s" % (rnd + 1, rounds, "  ".join(
            "%s %s" % (t.key, fmt_time(samples[t.key][-1], wl)) for t in active)))
    nat = samples["native"]
    for tool in active:
        if tool.key == "native" or tool.key in failed:
            continue
        pairs = [(n, s) for n, s in zip(nat, samples[tool.key]) if s is not None]
        if not pairs:
            continue
        ratios = [s / n for n, s in pairs]
        added = [(s - n) * 1e3 for n, s in pairs]
        res[tool.key] = {
            "native_med": statistics.median(n for n, _ in pairs),
            "tool_med": statistics.median(s for _, s in pairs),
            "rmin": min(ratios), "rmed": statistics.median(ratios), "rmax": max(ratios),
            "added_med": statistics.median(added), "added_min": min(added),
            "added_max": max(added), "n": len(pairs), "inner": inner_for(tool, wl),
        }
    res["native"] = {"inner": inner_for(tools[0], wl)}
    vm = [t for t in active if t.key == "vmload"]
    if costs and vm:
        c = stats_run(vm[0], wl, tmp)
        res["_costs"] = c
        if c["failed"] and not c.get("lines"):
            log("   stats run: FAILED: %s" % c["failed"])
        else:
            log("   stats run: %d lines, %d trapped calls, %d demand faults, "
                "%d COW breaks, page tables %d KiB, peak RSS %d KiB (native %d), "
                "host VMAs %s (native %s)" % (
                    c["lines"], c["traps"], c["faults"], c["cow"], c["pt_max"], c["rss"],
                    res["_native_rss"], c["vmas"], res["_native_vmas"]))
    return res


# ---------------------------------------------------------------- unit costs

# unitcost mode -> events per run (each run well under a second natively)
UNITS = {"trap": 100000, "fault": 4000, "cow": 2000}


def measure_units(vmload, unitcost, rounds, log):
    """What vmload adds per trapped call, demand fault and copy-on-write
    break: bench/unitcost.c natively and under vmload in turns, `rounds`
    times; the median of the per-round differences, in seconds."""
    out = {}
    for kind, n in UNITS.items():
        diffs = []
        for _ in range(rounds):
            t = []
            for prefix in ([], [vmload]):
                r = subprocess.run(prefix + [unitcost, kind, str(n)], capture_output=True,
                                   text=True, timeout=TIMEOUT)
                if r.returncode:
                    log("   unit cost %s: failed: %s" % (kind, r.stderr.strip()[-200:]))
                    break
                t.append(float(r.stdout))
            if len(t) == 2:
                diffs.append(t[1] - t[0])
        if diffs:
            out[kind] = statistics.median(diffs)
            log("   unit cost %s: +%.2f us (%d rounds)" % (kind, out[kind] * 1e6, len(diffs)))
    return out


# Where the time goes and what would fix it, per workload: shown in the
# closing note only for a workload that misses its target. The numbers
# beside it come from this run (unit costs x counts of the stats run).
WHY = {
    "startup": (
        "Most of a vmload start is fixed work before the guest's first instruction: vmload's "
        "own static glibc start (its CPU-feature and cache-size detection executes about 70 "
        "CPUID instructions, each a VM exit of about 4 µs on this machine: some 0.28 ms, as "
        "much as a whole native static hello), installing the seccomp filter (first "
        "generation only), reading /proc/self/maps, parking the vDSO and moving it into the "
        "guest layout, then the demand faults and trapped calls of loading (ld.so's mmaps and "
        "mprotects for a dynamic program). What would fix it: a runtime whose C library "
        "start does not probe the CPU (a freestanding libc for the loader, or the result "
        "handed down across guest execs), and granting the initial stack, bss and ld.so's "
        "relocated pages at load instead of faulting them in one by one."),
    "compile": (
        "Every compiler pass (cc1, as, collect2, ld) is a fresh vmload, so each pays the "
        "start-up cost above, and the passes trap a lot: gcc resolves its install paths with "
        "realpath, thousands of readlink calls that all trap because /proc/self/exe is "
        "answered by vmload, plus openat/newfstatat/read on headers and objects. What would "
        "fix it: rewriting the guest's `syscall` instruction sites to call the runtime "
        "directly (about 0.1 µs instead of a SIGSYS round trip), and an exec that stays in "
        "the process instead of starting a new vmload."),
    "find": (
        "Nearly all of the added time is traps: newfstatat, getdents64 and openat write or "
        "read guest memory, so each one traps to have that memory granted first (DESIGN D5); "
        "a trap is a SIGSYS delivery and a sigreturn, with the AVX-512 register state saved "
        "and restored, and openat additionally switches to the guest's signal mask and back "
        "around the call, since opening a FIFO can block. What would fix it: rewriting "
        "syscall sites to direct calls into the runtime; a seccomp filter cannot tell that a "
        "buffer is already granted (classic BPF cannot read memory)."),
    "churn": (
        "Each block of 128 KiB or more is an mmap and a munmap (two traps, each served with "
        "host calls that split and merge the window's reservation) and at least one demand "
        "fault (a SIGSEGV round trip and an mprotect that splits a host VMA), with a second "
        "fault when the block's last byte lies outside the first 64 KiB; the 4-thread run "
        "adds glibc's arena growth by mprotect and trimming by madvise, both trapped. What "
        "would fix it: syscall-site rewriting for the traps; granting small fresh anonymous "
        "mappings whole at their first fault (fewer faults, coarser fault counts)."),
    "forkexec": (
        "Each iteration starts a fresh vmload for /bin/true (the start-up cost above, plus "
        "loading its dynamic libraries under demand paging), and bash's fork costs more: "
        "vmload takes write access away from every writable page before the fork so that "
        "copy-on-write breaks are seen and counted, and about 20 such breaks follow in the "
        "parent and the child, each a SIGSEGV round trip; about 50 calls trap per iteration "
        "(bash's signal-mask and disposition changes around the fork, ld.so's mmaps). What "
        "would fix it: an exec served inside the process (the runtime replacing the guest "
        "image itself), and counting copy-on-write breaks without revoking write access at "
        "fork (for instance from the host's page flags), which would drop the downgrade and "
        "the breaks' faults."),
    "compute": (
        "The program makes few system calls and few faults after its start; a miss here is "
        "within this machine's noise (see min/max) or the start-up cost on a short run."),
    "touch": (
        "Each 64 KiB block of a fresh mapping is one demand fault (SIGSEGV round trip and an "
        "mprotect); in random order each fault also splits host VMAs. What would fix it: a "
        "larger fault-around block for big fresh anonymous mappings."),
}
WHY_KEY = {"hello-static": "startup", "hello-dyn": "startup", "gcc": "compile",
           "make": "compile", "find": "find", "churn": "churn", "churn4": "churn",
           "threads": "churn", "forkexec": "forkexec", "python": "compute", "perl": "compute",
           "sqlite": "find", "xz": "compute", "touch-seq": "touch", "touch-rand": "touch",
           "mmapchurn": "churn"}


def start_cost(results, u):
    """What a vmload start adds before the guest runs: the static hello
    row's added time less what its own trapped calls and faults cost."""
    r = results.get("hello-static", {}).get("vmload")
    c = results.get("hello-static", {}).get("_costs") or {}
    if not r:
        return None
    t = r["added_med"] / 1e3
    if "traps" in c and "trap" in u and "fault" in u:
        t -= c["traps"] * u["trap"] + c["faults"] * u["fault"] + c["cow"] * u.get("cow", 0)
    return t


def closing_note(results, workloads, meta):
    """The closing note: each missed target, by how much, and where the
    added time goes (unit costs x the stats run's counts), with what would
    fix it."""
    missed = []
    for wl in workloads:
        r = results[wl.key].get("vmload")
        if r and wl.target and verdict(wl, r)[1].startswith("MISS"):
            missed.append((wl, r))
    L = ["## Closing note: missed targets", ""]
    if not missed:
        L += ["Every workload with a target met it in this run.", ""]
        return L
    u = meta.get("units") or {}
    u_exec = start_cost(results, u)
    if u:
        L.append("Unit costs measured in this run (bench/unitcost.c natively and under vmload, "
                 "median of the per-round differences): a trapped call +%s, a demand fault +%s, "
                 "a copy-on-write break +%s%s. The split below multiplies them by the counts of "
                 "the stats run (one run of the command); \"other\" is the rest of the added "
                 "time: forks, host calls inside handlers, the larger address space, and noise." % (
                     fmt_us(u.get("trap")), fmt_us(u.get("fault")), fmt_us(u.get("cow")),
                     ", a vmload start +%s (the static hello row's added time less its own "
                     "traps and faults; a guest exec's start skips the filter install)" %
                     fmt_us(u_exec) if u_exec else ""))
        L.append("")
    L.append("| workload | median | target | missed by | added per run | traps | demand faults "
             "| COW breaks | vmload starts | other |")
    L.append("|---|---|---|---|---|---|---|---|---|---|")
    for wl, r in missed:
        tgt, res = verdict(wl, r)
        added = r["added_med"] / 1e3
        c = results[wl.key].get("_costs") or {}
        parts = []
        if "traps" in c and u:
            starts = c["execs"] + 1
            split = [(c["traps"], u.get("trap")), (c["faults"], u.get("fault")),
                     (c["cow"], u.get("cow")), (starts, u_exec)]
            for n, unit in split:
                parts.append(None if unit is None else n * unit)
            known = sum(p for p in parts if p is not None)
            cells = ["%d: %s (%.0f%%)" % (n, fmt_time(p), 100 * p / added) if p is not None
                     else "%d" % n for (n, _), p in zip(split, parts)]
            cells.append("%s (%.0f%%)" % (fmt_signed(added - known), 100 * (added - known) / added))
        else:
            cells = ["–"] * 5
        med = ("%+.3f ms" % r["added_med"]) if wl.target[0] == "added_ms" else "%.3fx" % r["rmed"]
        L.append("| %s | %s | %s | %s | %s | %s |" % (
            wl.label, med, tgt, res.split(" ", 1)[1].strip("()"), fmt_time(added),
            " | ".join(cells)))
    L.append("")
    seen = set()
    for wl, _r in missed:
        k = WHY_KEY.get(wl.key)
        if k and k not in seen:
            seen.add(k)
            names = ", ".join(w.label for w, _ in missed if WHY_KEY.get(w.key) == k)
            L.append("- **%s**: %s" % (names, WHY[k]))
    L.append("")
    return L


# ---------------------------------------------------------------- output


def fmt_us(sec):
    return "–" if sec is None else "%.2f µs" % (sec * 1e6)


def fmt_signed(sec):
    return ("+" if sec >= 0 else "-") + fmt_time(abs(sec))


def fmt_time(sec, wl=None):
    if sec is None:
        return "-"
    if sec < 0.1:
        return "%.3f ms" % (sec * 1e3)
    return "%.3f s" % sec


def verdict(wl, r):
    """(target text, result text): PASS/MISS and, in brackets, how far the
    median is from the target (ratios: percent of the target)."""
    if not wl.target:
        return "—", "—"
    kind, limit = wl.target
    if kind == "ratio":
        ok = r["rmed"] <= limit
        return "≤ %.2fx" % limit, "%s (%+.0f%%)" % ("PASS" if ok else "MISS",
                                                    (r["rmed"] / limit - 1) * 100)
    ok = r["added_med"] <= limit
    return "≤ %g ms added" % limit, "%s (%+.2f ms)" % ("PASS" if ok else "MISS",
                                                       r["added_med"] - limit)


def ratio_cell(r):
    return "%.3f / **%.3f** / %.3f" % (r["rmin"], r["rmed"], r["rmax"])


def added_cell(wl, r):
    if not wl.startup:
        return ""
    return "%+.3f ms (%+.3f … %+.3f)" % (r["added_med"], r["added_min"], r["added_max"])


def fmt_count(n):
    if n is None:
        return "–"
    if n >= 10_000_000:
        return "%.1fM" % (n / 1e6)
    if n >= 10_000:
        return "%.0fk" % (n / 1e3)
    return "%d" % n


def fmt_kib(k):
    if k is None:
        return "–"
    if k >= 10 * 1024:
        return "%.0f MiB" % (k / 1024)
    return "%.1f MiB" % (k / 1024)


def rounds_note(results, workloads, meta):
    """The header's sentence on the workloads that run fewer rounds or skip tools."""
    groups = {}
    for wl in workloads:
        r, pr = results[wl.key]["_rounds"]
        skipped = sorted(results[wl.key]["_skipped"])
        peers = [t for t in meta["tools"] if t.peer and t.key not in skipped]
        if (r, pr) == (meta["rounds"], meta["peer_rounds"]) and not skipped:
            continue
        desc = "%d rounds" % r + (" (peers %d)" % pr if peers else "")
        if skipped:
            desc += ", without " + ", ".join(t.label for t in meta["tools"] if t.key in skipped)
        groups.setdefault(desc, []).append(wl.key)
    if not groups:
        return ""
    return ("Rounds differ from the %d (peers %d) of the others where a workload says so: "
            "the start-up rows run twice as many less one (short samples, the most "
            "disturbed by a busy machine), and the slow workloads run fewer or leave tools "
            "out, to keep the default run near a quarter of an hour on this machine: %s." % (
                meta["rounds"], meta["peer_rounds"],
                "; ".join("%s: %s" % (", ".join(ks), d) for d, ks in groups.items())))


def report(results, workloads, tools, missing, problems, meta):
    L = []
    L.append("# vmload benchmarks")
    L.append("")
    L.append("Produced by `%s` on %s (total %.0f s)." % (meta["command"], meta["date"], meta["elapsed"]))
    note = rounds_note(results, workloads, meta)
    if note:
        L.append(note)
    L.append("")
    L.append("## Machine")
    L.append("")
    for k in ("kernel", "cpu", "nproc", "memory", "load average at the start",
              "load average at the end", "date", "vmload",
              "gcc", "python", "perl", "sqlite3", "xz", "make", "bash", "valgrind", "qemu", "proot"):
        if meta.get(k):
            L.append("- %s: %s" % (k, meta[k]))
    L.append("")
    L.append("## Method")
    L.append("")
    L.append("Each workload runs natively and under each tool, interleaved in rounds "
             "(native, vmload, setarch -R, setarch -L, peers, next round), after one "
             "warm-up run of each whose output is checked against the native run. "
             "Rounds: %d for native/vmload/setarch, %d for the slow peers, fewer for the "
             "slow workloads (the n column; see above). "
             "A sample times `repeat R CMD` (bench/repeat.c runs CMD R times back to back) "
             "with `time.perf_counter_ns`; times below are per run of CMD (sample / R). "
             "The ratio is tool/native for samples of the same round: min / **median** / max. "
             "Startup rows also give the added time per run, tool minus native "
             "(median, and min … max over the rounds). The result compares the median with "
             "the target; in brackets, how far the median is from the target (percent of "
             "the target ratio, or ms)." % (meta["rounds"], meta["peer_rounds"]))
    L.append("")
    L.append("## vmload against native")
    L.append("")
    L.append("| workload | R | n | native (median) | vmload (median) | vmload/native min / median / max | added per run | target | result |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    for wl in workloads:
        r = results[wl.key].get("vmload")
        if not r:
            L.append("| %s | %d | | | | vmload failed (see below) | | %s | MISS |" % (
                wl.label, wl.inner, verdict(wl, {"rmed": 1e9, "added_med": 1e9})[0]))
            continue
        tgt, res = verdict(wl, r)
        L.append("| %s | %d | %d | %s | %s | %s | %s | %s | %s |" % (
            wl.label, r["inner"], r["n"], fmt_time(r["native_med"]), fmt_time(r["tool_med"]),
            ratio_cell(r), added_cell(wl, r), tgt, res))
    L.append("")
    if meta["costs"]:
        L.append("## vmload's own costs")
        L.append("")
        L.append("From one more run of CMD (once, not R times) under vmload with `VMLOAD_STATS=1` "
                 "after the timed rounds: the `vmload: stats:` lines (one per process image, at "
                 "exit or exec) summed over the run. Each line counts what its process did since "
                 "its previous line or its start; a vfork child, which borrows its parent's "
                 "memory, is counted apart from the parent. The lines go to the stderr vmload "
                 "started with (a close-on-exec duplicate of it), so a program that closes its "
                 "stderr before it exits (find in gnulib's close_stdout, xz) still has its line. "
                 "Trapped calls per second divides by the median vmload time per run of the "
                 "timed rounds. Page tables: the largest of the run's processes. "
                 "Peak RSS: ru_maxrss from wait4, the largest resident set of any one process "
                 "of the run (not a sum), native warm-up run against the stats run; both are "
                 "started by the static helper bench/maxrss.c, as the kernel carries the "
                 "parent's peak into an exec'd program's. Host VMAs: the largest line count of "
                 "`/proc/PID/maps` seen in any process of the run, read from outside every 10 ms "
                 "(– when the run ended before a sample).")
        L.append("")
        L.append("| workload | stats lines: exits + execs | trapped calls | "
                 "trapped calls/s | demand faults (pages) | COW breaks (pages) | page tables max | "
                 "peak RSS native → vmload | host VMAs native → vmload |")
        L.append("|---|---|---|---|---|---|---|---|---|")
        for wl in workloads:
            res = results[wl.key]
            c = res.get("_costs")
            if not c:
                continue
            if c["failed"] and "traps" not in c:
                L.append("| %s | stats run failed: %s | | | | | | | |" % (wl.label, c["failed"]))
                continue
            per = res.get("vmload", {}).get("tool_med") or c["wall"]
            rss_n, rss_v = res.get("_native_rss"), c["rss"]
            if not c["lines"]:
                L.append("| %s | %s | – | – | – | – | – | %s → %s (%+.1f MiB) | %s → %s |" % (
                    wl.label, c["failed"], fmt_kib(rss_n), fmt_kib(rss_v), (rss_v - rss_n) / 1024,
                    fmt_count(res.get("_native_vmas")), fmt_count(c["vmas"])))
                continue
            L.append("| %s | %d + %d | %s | %s | %s (%s) | %s (%s) | %d KiB | %s → %s (%+.1f MiB) | %s → %s |%s" % (
                wl.label, c["exits"], c["execs"], fmt_count(c["traps"]),
                fmt_count(round(c["traps"] / per)), fmt_count(c["faults"]),
                fmt_count(c["fault_pages"]), fmt_count(c["cow"]), fmt_count(c["cow_pages"]),
                c["pt_max"], fmt_kib(rss_n), fmt_kib(rss_v), (rss_v - rss_n) / 1024,
                fmt_count(res.get("_native_vmas")), fmt_count(c["vmas"]),
                " stats run: %s |" % c["failed"] if c["failed"] else ""))
        L.append("")
    others = [t for t in tools if t.key not in ("native", "vmload")]
    L.append("## Layout-flipping alternatives and peers")
    L.append("")
    if others:
        L.append("| workload | tool | R | native (median) | tool (median) | tool/native min / median / max | added per run | rounds |")
        L.append("|---|---|---|---|---|---|---|---|")
        for wl in workloads:
            for t in others:
                r = results[wl.key].get(t.key)
                label = t.label + (" (%s)" % t.note if t.note else "")
                why = results[wl.key]["_skipped"].get(t.key)
                if why:
                    L.append("| %s | %s | | | | %s | | |" % (wl.label, label, why))
                    continue
                if not r:
                    L.append("| %s | %s | | | | failed (see below) | | |" % (wl.label, label))
                    continue
                L.append("| %s | %s | %d | %s | %s | %s | %s | %d |" % (
                    wl.label, label, r["inner"], fmt_time(r["native_med"]),
                    fmt_time(r["tool_med"]), ratio_cell(r), added_cell(wl, r), r["n"]))
        L.append("")
    pkg = {"qemu-x86_64": "qemu-user", "valgrind": "valgrind", "proot": "proot",
           "setarch -R": "util-linux", "setarch -L": "util-linux"}
    for m in missing:
        L.append("- %s: not installed (Debian package %s; the harness installs nothing)"
                 % (m, pkg.get(m, "?")))
    if missing:
        L.append("")
    L.append("## Problems")
    L.append("")
    if not problems:
        L.append("None: every tool's output matched the native run in every workload, "
                 "and no timed run failed.")
    for wl, tool, what, argv in problems:
        L.append("- **%s** under %s: %s" % (wl.label, tool.label, what.replace("\n", "  \n")))
        L.append("  reproduce (from the repository root; helpers kept in %s): `%s`"
                 % (meta["tmp"], shell_quote([os.path.relpath(a, ROOT) if a.startswith(ROOT + "/") else a
                                              for a in argv])))
    L.append("")
    L.append("## Workloads")
    L.append("")
    keys = {wl.key: wl for wl in workloads}
    desc = [
        ("hello-static", "startup: `bench/hello.c` built with `gcc -O2 -static` and with `gcc -O2` "
         "(dynamic); R = 200 runs per sample."),
        ("python", "python3: `bench/pywork.py` (dict insert/lookup/delete keyed by blake2b "
         "digests, about 1 s natively) run by %s." % python_binary()),
        ("perl", "perl: `bench/perlwork.pl` (MD5 hex digests, hash insert/lookup/delete, regex "
         "captures and substitutions, about 1 s natively)."),
        ("sqlite", "sqlite3: `sqlite3 DB '.read SCRIPT'` on a database file in /tmp (one per "
         "tool, kept between runs): the generated script (%s) sets `PRAGMA synchronous=OFF` "
         "(no fsync noise), drops and recreates an indexed table, inserts %d rows with one "
         "INSERT statement each in one transaction, then runs a count/sum/distinct aggregate "
         "and a GROUP BY; the query results are compared." % (
             keys["sqlite"].note if "sqlite" in keys else "", SQL_ROWS)),
        ("gcc", "gcc: `gcc -O2 -Wall -o OUT` on the four files of `bench/gccproj/` "
         "(driver, cc1, as, collect2, ld); the built program is run and its output compared."),
        ("make", "make: `make -s -B -j2` (everything rebuilt) of a generated project "
         "(%s: main.c and modules of 12 loop-and-switch functions, one object each, "
         "compiled with `cc -O2 -Wall`, then linked); the built program is run and its output "
         "compared." % (keys["make"].note if "make" in keys else "16 C files")),
        ("find", "find: `find /usr -name '*.h'`, stdout to /dev/null (%s)." % (
            keys["find"].note if "find" in keys else "")),
        ("xz", "xz: `xz -T1 -c FILE` (default preset -6), stdout to /dev/null, on a generated "
         "log file (%s; web-server-like lines, clients in sessions, about 24:1 compressible), "
         "generated once per harness run; the SHA-256 of the compressed output is compared." % (
             keys["xz"].note if "xz" in keys else "50 MiB")),
        ("churn", "churn: `bench/churn.c`, 1,000,000 malloc/free with sizes 16 B … 256 KiB from a "
         "fixed-seed PRNG and a live-block window that grows and shrinks "
         "(brk grows and is trimmed; blocks ≥ 128 KiB go to mmap/munmap). "
         "`churn 4`: four threads at once, each doing the same kind of 1,000,000 operations "
         "with its own seed, in its own glibc arena (mmap'd heaps grown with mprotect)."),
        ("threads", "threads: `bench/threads.c`, 4 generations of 8 threads × 100,000 steps: "
         "malloc 16 B … 8 KiB (every 64th 128 KiB … 1 MiB, mmap'd), keep it in one of 512 "
         "slots (freeing the previous block) or pass it to the next thread, which frees it "
         "(cross-thread frees through a mutex-protected mailbox)."),
        ("touch-seq", "first touch: `bench/touch.c seq|rand`: mmap 1 GiB private anonymous, "
         "write one byte in each of its 262,144 pages in address order or in a fixed-seed "
         "shuffled order (the permutation is made before the mmap), read back every 64th "
         "page, munmap."),
        ("mmapchurn", "mmap churn: `bench/mmapchurn.c`, 100,000 mmaps of 1 … 16 pages, each "
         "written in its first byte, about 64 alive at a time (a random slot's mapping is "
         "unmapped and replaced); every 8th is made read-only with mprotect."),
        ("forkexec", "fork+exec: `bash -c 'for ((i = 0; i < %d; i++)); do /bin/true; done'`: "
         "bash forks and the child execs /bin/true, %d times (under vmload both bash and every "
         "/bin/true run under vmload)." % (FORK_N, FORK_N)),
    ]
    also = {"hello-static": ["hello-dyn"], "churn": ["churn4"], "touch-seq": ["touch-rand"]}
    for key, text in desc:
        if any(k in keys for k in [key] + also.get(key, [])):
            L.append("- " + text)
    L.append("- peers with `--trace-children`/execve-following where the tool has it "
             "(qemu-x86_64 does not follow execve: a program it starts runs natively); "
             "they run %d round%s (fewer where a workload says so) and fewer repeats per "
             "sample (R shown)." % (meta["peer_rounds"], "" if meta["peer_rounds"] == 1 else "s"))
    L.append("")
    if "vmload" in [t.key for t in tools]:
        L += closing_note(results, workloads, meta)
    return "\n".join(L)


# ---------------------------------------------------------------- main

def proot_version():
    # `proot --version` draws a banner; the version ends its fourth line
    m = re.search(r"(\d+\.\d+(\.\d+)?)\s*$", sh("proot --version 2>&1 | sed -n 4p"))
    acc = sh("proot --version 2>&1 | grep accelerators")
    return "proot %s%s" % (m.group(1) if m else "?", " (%s)" % acc if acc else "")


def tool_version(cmd):
    return sh(cmd + " 2>&1 | head -1")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 rounds instead of 7")
    ap.add_argument("--rounds", type=int, help="rounds for native/vmload/setarch (default 7, --quick 3)")
    ap.add_argument("--peer-rounds", type=int, help="rounds for qemu/valgrind/proot (default 3, --quick 1)")
    ap.add_argument("--only", help="comma-separated workload keys (hello-static,hello-dyn,python,perl,"
                    "sqlite,gcc,make,find,xz,churn,churn4,threads,touch-seq,touch-rand,"
                    "mmapchurn,forkexec)")
    ap.add_argument("--no-costs", action="store_true",
                    help="skip the extra VMLOAD_STATS=1 run per workload (vmload's costs table)")
    ap.add_argument("--no-write", action="store_true", help="do not write docs/bench.md")
    ap.add_argument("--vmload", default=os.path.join(ROOT, "vmload"))
    args = ap.parse_args()
    rounds = args.rounds or (3 if args.quick else 7)
    if args.peer_rounds is None:
        args.peer_rounds = 1 if args.quick else 3
    peer_rounds = min(rounds, args.peer_rounds)

    vmload = os.path.abspath(args.vmload)
    if not os.access(vmload, os.X_OK):
        sys.exit("bench: %s not found; build it first (meson setup build; ninja -C build)" % vmload)

    def log(s):
        print(s, file=sys.stderr, flush=True)

    start = time.time()
    load_start = "%.2f %.2f %.2f" % os.getloadavg()
    problems = []
    tmp = tempfile.mkdtemp(prefix="vmload-bench.")
    try:
        helpers = build_helpers(tmp)
        global MAXRSS
        MAXRSS = helpers["maxrss"]
        tools, missing = detect_tools(vmload)
        workloads = make_workloads(helpers, tmp, args.quick)
        if args.only:
            keep = args.only.split(",")
            unknown = set(keep) - {w.key for w in workloads}
            if unknown:
                sys.exit("bench: unknown workload key(s): %s (known: %s)" % (
                    ", ".join(sorted(unknown)), ",".join(w.key for w in workloads)))
            workloads = [w for w in workloads if w.key in keep]
        if peer_rounds == 0:
            tools = [t for t in tools if not t.peer]
        log("bench: %d rounds (peers %d); tools: %s; not installed: %s" % (
            rounds, peer_rounds, ", ".join(t.label for t in tools), ", ".join(missing) or "-"))
        results = {}
        for wl in workloads:
            results[wl.key] = bench_workload(wl, tools, rounds, peer_rounds, tmp,
                                             helpers["repeat"], problems, log,
                                             costs=not args.no_costs)
        units = {}
        if not args.no_costs:
            log("== unit costs (bench/unitcost.c)")
            units = measure_units(vmload, helpers["unitcost"], rounds, log)
    finally:
        # keep the helpers when something failed: the report's reproduction
        # commands name them (the large generated inputs go in any case)
        for f in ("xz-input.log", "insert.sql"):
            try:
                os.unlink(os.path.join(tmp, f))
            except OSError:
                pass
        if problems:
            log("bench: helpers kept in %s for the reproduction commands" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    cmd = "bench/run.sh" + (" --quick" if args.quick else "")
    extra = [a for a in sys.argv[1:] if a != "--quick"]
    if extra:
        cmd += " " + " ".join(extra)
    mem = sh("free -g | awk '/^Mem:/ {print $2}'")
    meta = {
        "command": cmd,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "elapsed": time.time() - start,
        "kernel": "Linux " + platform.release() + " " + platform.machine(),
        "cpu": cpu_model(),
        "nproc": sh("nproc"),
        "memory": "%s GiB" % mem if mem else "",
        "load average at the end": "%.2f %.2f %.2f" % os.getloadavg(),
        "vmload": sh(shell_quote([vmload, "-V"])),
        "gcc": sh("gcc --version | head -1"),
        "python": sh(python_binary() + " --version"),
        "perl": sh("perl -e 'printf \"perl %vd\", $^V'"),
        "sqlite3": "sqlite3 " + sh("sqlite3 --version").split(" ")[0],
        "xz": tool_version("xz --version"),
        "make": tool_version("make --version"),
        "bash": tool_version("bash --version"),
        "valgrind": sh("valgrind --version") if shutil.which("valgrind") else "",
        "qemu": tool_version(shell_quote(next(t.prefix for t in tools if t.key == "qemu")) + " --version")
        if any(t.key == "qemu" for t in tools) else "",
        "proot": proot_version() if shutil.which("proot") else "",
        "rounds": rounds, "peer_rounds": peer_rounds, "tmp": tmp, "tools": tools,
        "costs": not args.no_costs, "units": units,
        "load average at the start": load_start,
    }
    text = report(results, workloads, tools, missing, problems, meta)
    print(text)
    if not args.no_write and not args.only:
        path = os.path.join(ROOT, "docs", "bench.md")
        with open(path, "w") as f:
            f.write(text)
        log("bench: wrote %s" % path)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
