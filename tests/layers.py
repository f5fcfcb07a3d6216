#!/usr/bin/env python3
"""layers.py - the runtime's layering, checked (docs/ARCHITECTURE.md).

    layers.py SRCDIR BUILDDIR

1. Includes: every #include "..." in src/ and loader/ names a header of the
   file's own folder, the face (include/<name>.h) of a folder it may use,
   a public header (include/vmload/), or a header generated for it. No
   "../" paths.
2. References: from the object files (nm), no symbol of a folder is used
   by a folder it may not use, and the loader uses only what the public
   headers of include/vmload/ declare.
3. Cycles: the graph of files (an edge where one object uses a symbol
   another defines) has no cycle.

Prints one line per check and "N passed, N failed" last.
"""
import os
import re
import subprocess
import sys

# What each folder may use besides itself, lowest first.
USES = {
    "base": set(),
    "mm": {"base"},
    "observe": {"base", "mm"},
    "signal": {"base", "mm", "observe"},
    "thread": {"base", "mm"},
    "sys": {"base", "mm", "observe", "signal", "thread"},
    "entry": {"base", "mm", "observe", "signal", "thread", "sys"},
    "run": {"base", "mm", "observe", "signal", "thread", "sys", "entry"},
}
FACE = {"base": "base.h", "mm": "mm.h", "observe": "observe.h",
        "signal": "vsig.h", "thread": "thread.h", "sys": "sys.h",
        "entry": "entry.h"}
GENERATED = {"trace_tables.h": {"observe"}, "nr32.h": set(USES)}

passed = failed = 0


def ok(msg):
    global passed
    passed += 1
    print("ok  ", msg)


def bad(msg, details=()):
    global failed
    failed += 1
    print("FAIL", msg)
    for d in details:
        print("     |", d)


def sources(root):
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith((".c", ".h", ".S")):
                yield os.path.join(d, f)


def folder_of(srcdir, path):
    rel = os.path.relpath(path, srcdir).split(os.sep)
    if rel[0] == "loader":
        return "loader"
    if rel[0] == "src" and rel[1] in USES:
        return rel[1]
    return None


def check_includes(srcdir):
    pub = set(os.listdir(os.path.join(srcdir, "include", "vmload")))
    problems = []
    nfiles = 0
    for top in ("src", "loader"):
        for path in sources(os.path.join(srcdir, top)):
            nfiles += 1
            folder = folder_of(srcdir, path)
            here = os.path.dirname(path)
            for n, line in enumerate(open(path, errors="replace"), 1):
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m:
                    continue
                inc = m.group(1)
                where = "%s:%d: %s" % (os.path.relpath(path, srcdir), n, inc)
                if ".." in inc.split("/"):
                    problems.append(where + " (a relative path out of the folder)")
                elif inc.startswith("vmload/") and inc[7:] in pub:
                    continue
                elif "/" not in inc and os.path.exists(os.path.join(here, inc)):
                    continue  # beside it: its own folder's header
                elif folder == "loader":
                    problems.append(where + " (the loader includes only include/vmload/)")
                elif inc in GENERATED and folder in GENERATED[inc]:
                    continue
                elif folder in USES and any(
                        FACE[f] == inc for f in USES[folder] | {folder}
                        if f in FACE):
                    continue
                else:
                    problems.append(where + " (not this folder's, nor the face of a folder it may use)")
    if problems:
        bad("includes: %d of them break the layering" % len(problems), problems)
    else:
        ok("includes: every #include of %d files is its folder's own, a lower face or public" % nfiles)


def nm(obj, *flags):
    out = subprocess.run(["nm", *flags, obj], capture_output=True, text=True,
                         check=True).stdout
    return out.splitlines()


def objects(builddir):
    """object path -> (folder, file name)"""
    res = {}
    for d, _, files in os.walk(builddir):
        # the objects of the runtime's and the loader's libraries only
        if not os.path.basename(d).startswith(("libvml-", "libvmload-")):
            continue
        for f in files:
            if not f.endswith(".o"):
                continue
            p = os.path.join(d, f)
            rel = os.path.relpath(p, builddir).split(os.sep)
            if rel[0] == "src" and rel[1] in USES:
                res[p] = (rel[1], f[:-2])
            elif rel[0] == "loader":
                res[p] = ("loader", f[:-2])
    return res


def public_names(srcdir):
    """Every identifier declared in include/vmload/*.h."""
    names = set()
    d = os.path.join(srcdir, "include", "vmload")
    for f in os.listdir(d):
        names |= set(re.findall(r"\b([a-z_][a-z0-9_]*)\s*\(",
                                open(os.path.join(d, f)).read()))
    return names


def check_references(srcdir, builddir):
    objs = objects(builddir)
    if not objs:
        bad("references: no object files under %s" % builddir)
        return
    defs = {}
    undef = {}
    for p, who in objs.items():
        undef[p] = set()
        for line in nm(p):
            parts = line.split()
            if len(parts) == 3 and parts[1] in "TDBRCGSVW":
                defs.setdefault(parts[2], p)
            elif len(parts) == 2 and parts[0] == "U":
                undef[p].add(parts[1])
    public = public_names(srcdir)
    problems = []
    edges = {p: set() for p in objs}
    for p, syms in undef.items():
        folder, name = objs[p]
        for s in sorted(syms):
            q = defs.get(s)
            if not q or q == p:
                continue
            tf, tname = objs[q]
            edges[p].add(q)
            if folder == "loader":
                if tf != "loader" and s not in public:
                    problems.append("loader/%s uses %s (src/%s/%s), not in include/vmload/"
                                    % (name, s, tf, tname))
            elif tf != folder and tf not in USES[folder]:
                problems.append("src/%s/%s uses %s of src/%s/%s"
                                % (folder, name, s, tf, tname))
    if problems:
        bad("references: %d break the layering" % len(problems), problems)
    else:
        ok("references: %d objects, no folder uses a higher one or a peer, "
           "the loader only include/vmload/" % len(objs))
    return objs, edges


def check_cycles(objs, edges):
    index, low, stack, on, sccs = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            sccs.append(comp)

    for v in edges:
        if v not in index:
            visit(v)
    cycles = [c for c in sccs if len(c) > 1]
    if cycles:
        bad("cycles: %d between files" % len(cycles),
            [" <-> ".join("%s/%s" % objs[p] for p in c) for c in cycles])
    else:
        ok("cycles: none among the %d files' references" % len(edges))


def main():
    srcdir, builddir = sys.argv[1], sys.argv[2]
    check_includes(srcdir)
    r = check_references(srcdir, builddir)
    if r:
        check_cycles(*r)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
