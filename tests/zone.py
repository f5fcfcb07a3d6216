#!/usr/bin/env python3
"""zone.py - the async-signal-safe zone, checked (src/base/include/base.h).

    zone.py BUILDDIR

Every object file of the zone (src/base, mm, signal, thread, sys, entry,
and observe's hooks) may reference only symbols the runtime defines itself
and the pure functions of the allowed list: no malloc, no stdio, no errno,
no locale, no libelf/libdw. The terminal path (the crash report, the
picture) is outside the zone; the zone reaches it only through its entry
points, which run behind final_enter().

Prints one line per object and "N passed, N failed" last.
"""
import os
import subprocess
import sys

ZONE_FOLDERS = {"base", "mm", "signal", "thread", "sys", "entry", "observe"}
# observe/'s terminal path: libc allowed, entered only behind final_enter()
TERMINAL = {"report", "backtrace", "symbolize", "mapdraw", "mapdraw_dump",
            "mapdraw_svg", "mapdraw_txt", "mapshot_draw"}
# what the zone may call of it
TERMINAL_ENTRIES = {"report_crash", "mapshot_draw"}
# pure functions without state (and the linker's symbols)
ALLOWED = {"memcpy", "memset", "memmove", "memcmp", "memchr", "strlen",
           "strnlen", "strcmp", "strncmp", "strchr", "strrchr", "strstr",
           "strncpy", "__executable_start", "etext", "_GLOBAL_OFFSET_TABLE_"}


def nm(obj):
    return subprocess.run(["nm", obj], capture_output=True, text=True,
                          check=True).stdout.splitlines()


def main():
    build = sys.argv[1]
    objs = {}
    for d, _, files in os.walk(os.path.join(build, "src")):
        if not os.path.basename(d).startswith("libvml-"):
            continue  # build tools are not the runtime
        for f in files:
            if f.endswith(".o"):
                folder = os.path.relpath(d, os.path.join(build, "src")).split(os.sep)[0]
                objs[os.path.join(d, f)] = (folder, f[:-len(".c.o")] if f.endswith(".c.o") else f[:-len(".S.o")])
    defined, terminal_defs = set(), set()
    undef = {}
    for p, (folder, name) in objs.items():
        undef[p] = []
        for line in nm(p):
            parts = line.split()
            if len(parts) == 3 and parts[1] in "TDBRCGSVW":
                defined.add(parts[2])
                if folder == "observe" and name in TERMINAL:
                    terminal_defs.add(parts[2])
            elif len(parts) == 2 and parts[0] == "U":
                undef[p].append(parts[1])
    passed = failed = 0
    for p in sorted(objs, key=lambda p: objs[p]):
        folder, name = objs[p]
        if folder not in ZONE_FOLDERS or (folder == "observe" and name in TERMINAL):
            continue
        bad = sorted(s for s in undef[p]
                     if (s not in defined and s not in ALLOWED) or
                     (s in terminal_defs and s not in TERMINAL_ENTRIES))
        if bad:
            failed += 1
            print("FAIL %s/%s references %s" % (folder, name, ", ".join(bad)))
        else:
            passed += 1
            print("ok   %s/%s: only the runtime and pure functions" % (folder, name))
    if passed == 0:
        failed += 1
        print("FAIL no object of the zone under %s/src" % build)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
