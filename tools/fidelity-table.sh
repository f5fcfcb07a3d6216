#!/bin/sh
# Regenerate the README's fidelity table (between the fidelity-table
# markers) from a run of tests/e2e/fidelity.sh: the kernel's numbers next to
# vmload's, never typed by hand. The e2e test checks the table is current.
#   sh tools/fidelity-table.sh [BUILDDIR]    (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VMLOAD=$build/loader/vmload TESTPROGS=$build/testprogs SRCDIR=$root \
	bash "$root/tests/e2e/fidelity.sh" --table-only "$tmp/table.md" >"$tmp/log" ||
	{ cat "$tmp/log"; echo "fidelity-table: the differential run failed" >&2; exit 1; }
awk -v t="$tmp/table.md" '
	/<!-- fidelity-table end -->/ { skip = 0 }
	!skip { print }
	/<!-- fidelity-table begin -->/ {
		while ((getline l < t) > 0) print l
		skip = 1
	}' "$root/README.md" >"$tmp/README.md"
grep -q '<!-- fidelity-table begin -->' "$tmp/README.md" ||
	{ echo "fidelity-table: README.md has no fidelity-table markers" >&2; exit 1; }
cat "$tmp/README.md" >"$root/README.md"
echo "README.md: fidelity table regenerated ($(($(wc -l <"$tmp/table.md") - 2)) rows)"
