#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install, as Debian packages, everything needed to build, test, lint and
# demo pathstats on Debian 12.  Idempotent: packages already present are
# left alone.  Kernel versions are resolved through the metapackages, never
# pinned, so an archive that moves on to a newer ABI is followed.
set -euo pipefail

# The kernels are resolved through their metapackages' candidates
# (scripts/kernel.sh): an installed metapackage that the archive has moved
# past points at headers that are not there, so it counts as missing.
KERNEL_METAS=(linux-headers-amd64 linux-headers-6.12-amd64
	linux-headers-6.12-rt-amd64)

PKGS=(
	build-essential make gcc pkg-config bc flex bison kmod cpio xz-utils
	zstd binutils perl
	python3 busybox-static qemu-system-x86 qemu-utils
	"${KERNEL_METAS[@]}" linux-source-6.12 debootstrap
	libelf-dev libssl-dev
	libyaml-dev libcmocka-dev libyajl-dev libmicrohttpd-dev libcrypt-dev
	libfuse3-dev
	protobuf-c-compiler libprotobuf-c-dev protobuf-compiler python3-protobuf
	clang-14 libclang-rt-14-dev
	sparse prometheus openssl curl crun
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing+=("$p")
done
# The kernel metapackages installed at a version older than the archive's
# candidate (read in the C locale: apt translates its labels).
lagging() {
	local p installed candidate
	for p in "${KERNEL_METAS[@]}"; do
		installed=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null) ||
			continue
		candidate=$(LC_ALL=C apt-cache policy "$p" |
			sed -n 's/^ *Candidate: *//p')
		case "$candidate" in ''|'(none)') continue ;; esac
		if dpkg --compare-versions "$installed" lt "$candidate"; then
			echo "$p"
		fi
	done
}
mapfile -t behind < <(lagging)
missing+=("${behind[@]}")

# The VM runner downloads kernel images with apt-get download, which needs
# package lists even when every package above is installed.
need_update=
apt-cache policy linux-image-amd64 2>/dev/null | grep -q 'Candidate: [0-9]' ||
	need_update=1

if [ ${#missing[@]} -gt 0 ] || [ -n "$need_update" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-deps: need root to install: ${missing[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# The fresh lists may show metapackages the old ones did not.
	mapfile -t behind < <(lagging)
	apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		"${behind[@]}"
fi
