#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The debug kernel of the test matrix: Debian 12's linux-source-6.12,
# configured with allnoconfig, kvm_guest.config and debug-kernel.config
# (what the VM uses; PREEMPT_RT, DEBUG_ATOMIC_SLEEP, lockdep, KASAN,
# kmemleak, UBSAN), built once and cached.
#
#   debug-kernel.sh build    build it if needed; print its build dir, the
#                            KDIR modules for it are built against
#   debug-kernel.sh abi      its release string
#   debug-kernel.sh image    its image root: boot/ and lib/modules/<abi>/
#
# A build takes about 17 minutes on 2 cores; it is redone when the source
# package, the config fragment, the compiler or the build function below
# change.  The cache lives in
# ${PATHSTATS_CACHE:-$HOME/.cache/pathstats}/debug-kernel/.
set -euo pipefail
# Called from make -j2 --output-sync (make check): the flags it passes
# down would print "Entering directory" into the release printed below,
# and this script runs its own make with its own job count.
unset MAKEFLAGS MFLAGS MAKELEVEL

SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${PATHSTATS_CACHE:-$HOME/.cache/pathstats}
DIR=$CACHE/debug-kernel
SRC=$DIR/linux
IMG=$DIR/image
FRAGMENT=$SCRIPTS/debug-kernel.config

die() {
	echo "debug-kernel.sh: $*" >&2
	exit 1
}

tarball() {
	ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1
}

# What the build is made of: a new one when it changes.  The recipe is
# the build function as bash prints it, without comments, so an edit
# elsewhere in this script does not cost a 17-minute rebuild.
want() {
	{
		dpkg-query -W -f='${Version}\n' linux-source-6.12
		cat "$FRAGMENT"
		declare -f build
		gcc --version | head -n1
	} | sha256sum | cut -d' ' -f1
}

build() {
	local tb w jobs abi

	mkdir -p "$DIR"
	exec 7>"$DIR/.lock"
	flock 7
	w=$(want)
	if [ -f "$DIR/.stamp" ] && [ "$(cat "$DIR/.stamp")" = "$w" ]; then
		return 0
	fi
	tb=$(tarball)
	[ -n "$tb" ] || die "install linux-source-6.12 (scripts/install-deps.sh)"
	echo "debug-kernel.sh: building the debug kernel (about 17 min)" >&2
	rm -rf "$SRC" "$IMG" "$DIR/.stamp"
	mkdir -p "$SRC"
	tar -C "$SRC" --strip-components=1 -xf "$tb"
	jobs=$(nproc)
	# Each step stops the build: errexit does not work inside a
	# subshell whose status is tested.
	(
		cd "$SRC" || exit 1
		make -s allnoconfig || exit 1
		scripts/kconfig/merge_config.sh -m .config \
			kernel/configs/kvm_guest.config "$FRAGMENT" || exit 1
		make -s olddefconfig || exit 1
		# Every line of the fragment must have taken: an option that
		# a dependency dropped would be a check silently missing.
		grep -E '^CONFIG_[A-Z0-9_]+=' "$FRAGMENT" | while IFS= read -r l; do
			case "$l" in
			*=n) ! grep -q "^${l%=n}=" .config ;;
			*) grep -qx "$l" .config ;;
			esac || { echo "config: $l did not take"; exit 1; }
		done || exit 1
		make -s -j"$jobs" bzImage vmlinux modules || exit 1
		make -s modules_install INSTALL_MOD_PATH="$IMG" \
			INSTALL_MOD_STRIP=1 DEPMOD=/sbin/depmod || exit 1
	) >"$DIR/build.log" 2>&1 || die "build failed: see $DIR/build.log"
	abi=$(make -s -C "$SRC" kernelrelease)
	mkdir -p "$IMG/boot"
	cp "$SRC/vmlinux" "$IMG/boot/vmlinux-$abi"
	cp "$SRC/arch/x86/boot/bzImage" "$IMG/boot/vmlinuz-$abi"
	rm -f "$IMG/lib/modules/$abi/build" "$IMG/lib/modules/$abi/source"
	echo "$w" >"$IMG/.pathstats-version"
	echo "$w" >"$DIR/.stamp"
}

case "${1:-}" in
build) build; echo "$SRC" ;;
abi) build; make -s -C "$SRC" kernelrelease ;;
image) build; echo "$IMG" ;;
*) sed -n '10,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
