#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# linux-source.sh PATH...: extract PATHs (relative to the top of the kernel
# tree, wildcards allowed) from Debian's linux-source-6.12 tarball into
# build/linux-source/, once, and print that directory.  The kernel's own
# tools (checkpatch.pl, kernel-doc, the kselftest harness) are used from
# there, never copied into the repo.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1) || true
if [ -z "$tarball" ]; then
	echo "linux-source.sh: install linux-source-6.12 (scripts/install-deps.sh)" >&2
	exit 1
fi
dir=$root/build/linux-source
mkdir -p "$dir"

exec 9>"$dir/.lock"
flock 9
for path in "$@"; do
	stamp=$dir/.stamp-$(echo "$path" | tr '/*' '__')
	[ -e "$stamp" ] && [ "$stamp" -nt "$tarball" ] && continue
	tar -C "$dir" --strip-components=1 -xf "$tarball" --wildcards "*/$path"
	touch "$stamp"
done
echo "$dir"
