#!/bin/sh
# Quick start, step 1: install what vmload needs (Debian 12 packages), build
# it, and run a short demo. Safe to run again.
set -eu
cd "$(dirname "$0")/.."
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
pkgs="gcc make meson ninja-build pkg-config libelf-dev zlib1g-dev liblzma-dev \
libdw-dev libbz2-dev libunwind-dev libcriterion-dev gcc-multilib python3 perl sqlite3 git golang-go"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
echo "Built ./vmload. Demo: the same program in the classic 3 GiB window,"
echo "under the legacy layout and under the top-down layout:"
for layout in legacy topdown; do
	echo
	echo "\$ VMLOAD_ASPACE=3g VMLOAD_LAYOUT=$layout ./vmload build/testprogs/where"
	VMLOAD_ASPACE=3g VMLOAD_LAYOUT=$layout ./vmload build/testprogs/where
done
