#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh FILE...: run the kernel's checkpatch.pl over whole files.
# The script comes from Debian's linux-source-6.12 package and is
# extracted, with the data files it reads, into the build directory.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)
[ -n "$tarball" ] || { echo "checkpatch.sh: install linux-source-6.12 (scripts/install-deps.sh)" >&2; exit 1; }
dir=$root/build/checkpatch
if [ ! -x "$dir/scripts/checkpatch.pl" ] || [ "$tarball" -nt "$dir/scripts/checkpatch.pl" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -C "$dir" --strip-components=1 -xf "$tarball" \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	touch "$dir/scripts/checkpatch.pl"
fi

# --no-tree: we are not inside a kernel tree.  An out-of-tree module must
# test the kernel version somewhere: module/compat.h is that one place, so
# only there is LINUX_VERSION_CODE allowed.
status=0
for f in "$@"; do
	ignore=FILE_PATH_CHANGES
	[ "$(basename "$f")" = compat.h ] && ignore=$ignore,LINUX_VERSION_CODE
	perl "$dir/scripts/checkpatch.pl" --no-tree --quiet --strict \
		--ignore "$ignore" -f "$f" || status=1
done
exit $status
