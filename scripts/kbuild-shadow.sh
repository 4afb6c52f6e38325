#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild-shadow.sh OUTDIR SRCDIR...
#
# Kbuild writes objects next to the sources of an external module, so one
# source tree cannot be built for two kernels at once.  Mirror the sources
# into OUTDIR as symlinks (each SRCDIR, with its subfolders, keeps its path
# relative to the repo root) and build there with M=OUTDIR.  Links are only added or removed
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
	while IFS= read -r f; do
		rel=${f#"$root/"}
		mkdir -p "$out/$(dirname "$rel")"
		link "$f" "$out/$rel"
	done < <(find "$root/$dir" \( -name '*.[ch]' -o -name Kbuild \) \
		 ! -name '*.mod.c')
	find "$out/$dir" -xtype l -delete
done
exit 0
