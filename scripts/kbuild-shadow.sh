#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild-shadow.sh OUTDIR SRCDIR...
#
# Kbuild writes objects next to the sources of an external module, so one
# source tree cannot be built for two kernels at once.  Mirror the sources
# into OUTDIR as symlinks (each SRCDIR keeps its path relative to the repo
# root) and build there with M=OUTDIR.  Links are only added or removed
# where they differ, so a build running in OUTDIR at the same time never
# sees a source vanish; a deleted source file does not linger.
set -euo pipefail

out=$1
shift
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

link() {	# link TARGET NAME: make NAME a symlink to TARGET if it is not
	[ "$(readlink "$2" 2>/dev/null)" = "$1" ] || ln -sfn "$1" "$2"
}

mkdir -p "$out"
link "$root/include" "$out/include"
link "$root/Kbuild" "$out/Kbuild"
for dir in "$@"; do
	mkdir -p "$out/$dir"
	for f in "$root/$dir"/*.c "$root/$dir"/*.h "$root/$dir/Kbuild"; do
		# An in-tree build leaves kbuild's *.mod.c for its kernel.
		case "$f" in *.mod.c) continue ;; esac
		[ -e "$f" ] && link "$f" "$out/$dir/$(basename "$f")"
	done
	for l in "$out/$dir"/*; do
		[ -L "$l" ] && [ ! -e "$l" ] && rm -f "$l"
	done
done
exit 0
