#!/bin/sh
# Quick start, step 2: the whole test suite (unit, end-to-end, real
# programs, broken ELF corpus). Ends with a line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
sh tools/setup.sh >/dev/null || exit 1
meson test -C build --num-processes 2 --print-errorlogs
status=$?
python3 - build/meson-logs/testlog.json <<'PY'
# Count individual checks: TAP lines of the Criterion suites, the final
# "N passed, N failed" line of each end-to-end script; a suite that printed
# neither counts as one check with its own result.
import json, re, sys
ok = bad = skip = suites = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    suites += 1
    bad_before = bad
    out = r.get("stdout", "")
    tap = re.findall(r"^(ok|not ok) (?:\d+|-)", out, re.M)
    tail = re.findall(r"^(\d+) passed, (\d+) failed", out, re.M)
    if tap:
        ok += sum(t == "ok" for t in tap)
        bad += sum(t == "not ok" for t in tap)
    elif tail:
        ok += int(tail[-1][0])
        bad += int(tail[-1][1])
    elif r["result"] in ("OK", "EXPECTEDFAIL"):
        ok += 1
    elif r["result"] == "SKIP":
        skip += 1
    else:
        bad += 1
    failed = r["result"] not in ("OK", "EXPECTEDFAIL", "SKIP")
    if failed and (tap or tail) and bad == bad_before:
        bad += 1   # it failed although every check it printed passed
print(f"{suites} suites")
print(f"{ok} passed, {bad} failed" + (f", {skip} skipped" if skip else ""))
PY
exit $status
