#!/bin/sh
# Quick start, step 2: the whole test suite (unit, end-to-end, real
# programs, broken ELF corpus). Ends with a line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
sh tools/setup.sh >/dev/null || exit 1
meson test -C build --num-processes 2 --print-errorlogs
status=$?
python3 - build/meson-logs/testlog.json <<'PY'
import json, sys
ok = bad = skip = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): ok += 1
    elif r == "SKIP": skip += 1
    else: bad += 1
print(f"{ok} passed, {bad} failed" + (f", {skip} skipped" if skip else ""))
PY
exit $status
