#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild-shadow.sh OUTDIR SRCDIR...
#
# Kbuild writes objects next to the sources of an external module, so one
# source tree cannot be built for two kernels at once.  Mirror the sources
# into OUTDIR as symlinks (each SRCDIR keeps its path relative to the repo
# root) and build there with M=OUTDIR.  Stale links are removed, so a
# deleted source file does not linger in the build.
set -euo pipefail

out=$1
shift
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

mkdir -p "$out"
find "$out" -type l -delete
ln -sfn "$root/include" "$out/include"
[ -e "$root/Kbuild" ] && ln -sf "$root/Kbuild" "$out/Kbuild"
for dir in "$@"; do
	mkdir -p "$out/$dir"
	for f in "$root/$dir"/*.c "$root/$dir"/*.h "$root/$dir/Kbuild"; do
		[ -e "$f" ] && ln -sf "$f" "$out/$dir/"
	done
done
exit 0
