#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh FILE...: run the kernel's checkpatch.pl over whole files.
# The script comes from Debian's linux-source-6.12 package and is
# extracted, with the data files it reads, into the build directory.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=$("$root/scripts/linux-source.sh" scripts/checkpatch.pl \
	scripts/spelling.txt scripts/const_structs.checkpatch)

# --no-tree: we are not inside a kernel tree.  Three exceptions, each to
# one place: an out-of-tree module must test the kernel version somewhere,
# and module/compat.h is that place; userspace has no __printf() but the
# one tools/compiler.h defines; cmocka's API is CamelCase.
status=0
for f in "$@"; do
	ignore=FILE_PATH_CHANGES
	case "$f" in
	*module/compat.h) ignore=$ignore,LINUX_VERSION_CODE ;;
	*tools/compiler.h) ignore=$ignore,PREFER_DEFINED_ATTRIBUTE_MACRO ;;
	*tools/tests/*) ignore=$ignore,CAMELCASE ;;
	esac
	# Kernel code gets the stricter checks kernel maintainers apply too.
	strict=
	case "$f" in
	*module/*|*include/*) strict=--strict ;;
	esac
	perl "$dir/scripts/checkpatch.pl" --no-tree --quiet $strict \
		--ignore "$ignore" -f "$f" || status=1
done
exit $status
