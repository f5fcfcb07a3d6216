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
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
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
    if shutil.which("qemu-x86_64"):
        tools.append(Tool("qemu", "qemu-x86_64", ["qemu-x86_64"], True, 0.1,
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
                 check=None, env=None, note=""):
        self.key = key
        self.label = label
        self.argv = argv            # may contain {out} (per-tool output path)
        self.inner = inner          # repeats per sample (native, vmload, setarch)
        self.target = target        # ("ratio", 1.05) or ("added_ms", 1.0)
        self.startup = startup
        self.check = check          # fn(tool_key, stdout) -> normalized result
        self.env = env or {}
        self.note = note


def build_helpers(tmp):
    """Compile the helper programs into tmp; returns a dict of paths."""
    p = {k: os.path.join(tmp, k) for k in ("repeat", "hello-static", "hello-dyn", "churn")}
    cmds = [
        ["gcc", "-O2", "-o", p["repeat"], os.path.join(BENCH, "repeat.c")],
        ["gcc", "-O2", "-static", "-o", p["hello-static"], os.path.join(BENCH, "hello.c")],
        ["gcc", "-O2", "-o", p["hello-dyn"], os.path.join(BENCH, "hello.c")],
        ["gcc", "-O2", "-o", p["churn"], os.path.join(BENCH, "churn.c")],
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


def make_workloads(helpers, tmp, quick):
    gccproj = os.path.join(BENCH, "gccproj")
    srcs = [os.path.join(gccproj, f) for f in ("main.c", "matrix.c", "strbuf.c", "table.c")]

    def run_binary(tool_key, _stdout):
        # the gcc workload's output is the program it built: run that
        # natively and compare what it prints
        exe = os.path.join(tmp, "proj-" + tool_key)
        r = subprocess.run([exe], capture_output=True, text=True)
        return "exit %d: %s" % (r.returncode, r.stdout)

    startup_n = 200
    return [
        Workload("hello-static", "startup: static hello", [helpers["hello-static"]],
                 startup_n, ("added_ms", 1.0), startup=True),
        Workload("hello-dyn", "startup: dynamic hello", [helpers["hello-dyn"]],
                 startup_n, None, startup=True),
        Workload("python", "python3 dict+hash loop",
                 [python_binary(), os.path.join(BENCH, "pywork.py")], 1, ("ratio", 1.05)),
        Workload("gcc", "gcc -O2, 4 files, compile+link",
                 ["gcc", "-O2", "-Wall", "-o", "{out}"] + srcs, 4, ("ratio", 1.3),
                 check=run_binary),
        Workload("find", "find /usr/include -name '*.h'",
                 ["find", "/usr/include", "-name", "*.h"], 20, ("ratio", 1.5)),
        Workload("churn", "malloc/free churn (1M ops)", [helpers["churn"]], 4,
                 ("ratio", 1.5)),
    ]


# ---------------------------------------------------------------- running

class Failure(Exception):
    pass


def argv_for(tool, wl, tmp):
    out = os.path.join(tmp, "proj-" + tool.key)
    return tool.prefix + [a.replace("{out}", out) for a in wl.argv]


def inner_for(tool, wl):
    return max(1, int(round(wl.inner * tool.inner_scale)))


def run_env(wl):
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    env.update(wl.env)
    return env


def checked_run(tool, wl, tmp):
    """Warm-up: one run with output captured. Returns (normalized result, stderr)."""
    argv = argv_for(tool, wl, tmp)
    try:
        r = subprocess.run(argv, capture_output=True, env=run_env(wl), timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failure("timed out after %d s" % TIMEOUT)
    if r.returncode != 0:
        raise Failure("exit status %d; stderr: %s" % (
            r.returncode, r.stderr.decode(errors="replace").strip()[-400:]))
    out = r.stdout.decode(errors="replace")
    if wl.check:
        out = wl.check(tool.key, out)
    return out, r.stderr.decode(errors="replace")


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


def bench_workload(wl, tools, rounds, peer_rounds, tmp, repeat, problems, log):
    log("== %s" % wl.label)
    active = []
    expected = expected_err = None
    for tool in tools:
        try:
            out, err = checked_run(tool, wl, tmp)
        except Failure as e:
            if tool.key == "native":
                sys.exit("bench: %s fails natively: %s" % (wl.label, e))
            problems.append((wl, tool, str(e), argv_for(tool, wl, tmp)))
            log("   %-22s FAILED: %s" % (tool.label, e))
            continue
        if tool.key == "native":
            expected, expected_err = out, err
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
    res = {}
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
    return res


# ---------------------------------------------------------------- output

def fmt_time(sec, wl=None):
    if sec is None:
        return "-"
    if sec < 0.1:
        return "%.3f ms" % (sec * 1e3)
    return "%.3f s" % sec


def verdict(wl, r):
    if not wl.target:
        return "—", "—"
    kind, limit = wl.target
    if kind == "ratio":
        ok = r["rmed"] <= limit
        return "≤ %.2fx" % limit, "PASS" if ok else "MISS"
    ok = r["added_med"] < limit
    return "< %g ms added" % limit, "PASS" if ok else "MISS"


def ratio_cell(r):
    return "%.3f / **%.3f** / %.3f" % (r["rmin"], r["rmed"], r["rmax"])


def added_cell(wl, r):
    if not wl.startup:
        return ""
    return "%+.3f ms (%+.3f … %+.3f)" % (r["added_med"], r["added_min"], r["added_max"])


def report(results, workloads, tools, missing, problems, meta):
    L = []
    L.append("# vmload benchmarks")
    L.append("")
    L.append("Produced by `%s` on %s (total %.0f s)." % (meta["command"], meta["date"], meta["elapsed"]))
    L.append("")
    L.append("## Machine")
    L.append("")
    for k in ("kernel", "cpu", "nproc", "load average at the end", "date", "vmload", "gcc", "python", "valgrind"):
        if meta.get(k):
            L.append("- %s: %s" % (k, meta[k]))
    L.append("")
    L.append("## Method")
    L.append("")
    L.append("Each workload runs natively and under each tool, interleaved in rounds "
             "(native, vmload, setarch -R, setarch -L, peers, next round), after one "
             "warm-up run of each whose output is checked against the native run. "
             "Rounds: %d for native/vmload/setarch, %d for the slow peers. "
             "A sample times `repeat R CMD` (bench/repeat.c runs CMD R times back to back) "
             "with `time.perf_counter_ns`; times below are per run of CMD (sample / R). "
             "The ratio is tool/native for samples of the same round: min / **median** / max. "
             "Startup rows also give the added time per run, tool minus native "
             "(median, and min … max over the rounds)." % (meta["rounds"], meta["peer_rounds"]))
    L.append("")
    L.append("## vmload against native")
    L.append("")
    L.append("| workload | R | native (median) | vmload (median) | vmload/native min / median / max | added per run | target | result |")
    L.append("|---|---|---|---|---|---|---|---|")
    for wl in workloads:
        r = results[wl.key].get("vmload")
        if not r:
            L.append("| %s | %d | | | vmload failed (see below) | | %s | MISS |" % (
                wl.label, wl.inner, verdict(wl, {"rmed": 1e9, "added_med": 1e9})[0]))
            continue
        tgt, res = verdict(wl, r)
        L.append("| %s | %d | %s | %s | %s | %s | %s | %s |" % (
            wl.label, r["inner"], fmt_time(r["native_med"]), fmt_time(r["tool_med"]),
            ratio_cell(r), added_cell(wl, r), tgt, res))
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
                if not r:
                    L.append("| %s | %s | | | | failed (see below) | | |" % (wl.label, label))
                    continue
                L.append("| %s | %s | %d | %s | %s | %s | %s | %d |" % (
                    wl.label, label, r["inner"], fmt_time(r["native_med"]),
                    fmt_time(r["tool_med"]), ratio_cell(r), added_cell(wl, r), r["n"]))
        L.append("")
    for m in missing:
        L.append("- %s: not installed" % m)
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
    L.append("- startup: `bench/hello.c` built with `gcc -O2 -static` and with `gcc -O2` (dynamic); "
             "R = 200 runs per sample.")
    L.append("- python3: `bench/pywork.py` (dict insert/lookup/delete keyed by blake2b digests, "
             "about 1 s natively) run by %s." % python_binary())
    L.append("- gcc: `gcc -O2 -Wall -o OUT` on the four files of `bench/gccproj/` "
             "(driver, cc1, as, collect2, ld); the built program is run and its output compared.")
    L.append("- find: `find /usr/include -name '*.h'`, stdout to /dev/null.")
    L.append("- churn: `bench/churn.c`, 1,000,000 malloc/free with sizes 16 B … 256 KiB from a "
             "fixed-seed PRNG and a live-block window that grows and shrinks "
             "(brk grows and is trimmed; blocks ≥ 128 KiB go to mmap/munmap).")
    L.append("- peers with `--trace-children`/execve-following where the tool has it; "
             "they run %d round%s and fewer repeats per sample (R shown)."
             % (meta["peer_rounds"], "" if meta["peer_rounds"] == 1 else "s"))
    L.append("")
    return "\n".join(L)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 rounds instead of 7")
    ap.add_argument("--rounds", type=int, help="rounds for native/vmload/setarch (default 7, --quick 3)")
    ap.add_argument("--peer-rounds", type=int, help="rounds for qemu/valgrind/proot (default 3, --quick 1)")
    ap.add_argument("--only", help="comma-separated workload keys (hello-static,hello-dyn,python,gcc,find,churn)")
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
    problems = []
    tmp = tempfile.mkdtemp(prefix="vmload-bench.")
    try:
        helpers = build_helpers(tmp)
        tools, missing = detect_tools(vmload)
        workloads = make_workloads(helpers, tmp, args.quick)
        if args.only:
            keep = set(args.only.split(","))
            workloads = [w for w in workloads if w.key in keep]
        if peer_rounds == 0:
            tools = [t for t in tools if not t.peer]
        log("bench: %d rounds (peers %d); tools: %s; not installed: %s" % (
            rounds, peer_rounds, ", ".join(t.label for t in tools), ", ".join(missing) or "-"))
        results = {}
        for wl in workloads:
            results[wl.key] = bench_workload(wl, tools, rounds, peer_rounds, tmp,
                                             helpers["repeat"], problems, log)
    finally:
        # keep the helpers when something failed: the report's reproduction
        # commands name them
        if problems:
            log("bench: helpers kept in %s for the reproduction commands" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    cmd = "bench/run.sh" + (" --quick" if args.quick else "")
    extra = [a for a in sys.argv[1:] if a != "--quick"]
    if extra:
        cmd += " " + " ".join(extra)
    meta = {
        "command": cmd,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "elapsed": time.time() - start,
        "kernel": "Linux " + platform.release() + " " + platform.machine(),
        "cpu": cpu_model(),
        "nproc": sh("nproc"),
        "load average at the end": "%.2f %.2f %.2f" % os.getloadavg(),
        "vmload": sh(shell_quote([vmload, "-V"])),
        "gcc": sh("gcc --version | head -1"),
        "python": sh(python_binary() + " --version"),
        "valgrind": sh("valgrind --version") if shutil.which("valgrind") else "",
        "rounds": rounds, "peer_rounds": peer_rounds, "tmp": tmp,
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
