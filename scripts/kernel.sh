#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Resolve and cache the kernels pathstats is tested against:
#
#   6.1       Debian 12's linux-image-amd64
#   6.12      Debian 12's linux-image-6.12-amd64
#   6.12-rt   Debian 12's linux-image-6.12-rt-amd64 (PREEMPT_RT)
#   unstable  Debian unstable's linux-image-amd64, whose headers need
#             unstable's compiler: modules for it are built in a cached
#             unstable chroot (unstable-chroot.sh)
#   debug     Debian 12's linux-source-6.12 built with PREEMPT_RT, KASAN,
#             lockdep, kmemleak and UBSAN (debug-kernel.sh)
#
#   kernel.sh abi KERNEL        ABI string, e.g. 6.1.0-57-amd64
#   kernel.sh headers KERNEL    kernel build dir, as "kernel.sh make" sees it
#   kernel.sh make KERNEL ARG.. make -C <build dir> ARG..., where the
#                               kernel's modules are built (M= paths must be
#                               under the repository or the cache)
#   kernel.sh image KERNEL      unpacked image: boot/ and lib/modules/<abi>/
#   kernel.sh initramfs KERNEL  initramfs (cpio) for scripts/vm.sh
#   kernel.sh vm KERNEL         abi, image and initramfs, one a line
#
# The ABI is resolved through the metapackages at every call, never pinned,
# so an archive that moves on to a newer ABI is followed.  The cache lives
# outside the repo in ${PATHSTATS_CACHE:-$HOME/.cache/pathstats}/kernels/.
set -euo pipefail

SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${PATHSTATS_CACHE:-$HOME/.cache/pathstats}
KCACHE=$CACHE/kernels
# Modules the initramfs needs to mount the host's root over 9p.
INITRD_MODULES="virtio_pci 9pnet_virtio 9p"

die() {
	echo "kernel.sh: $*" >&2
	exit 1
}

KERNELS="6.1 6.12 6.12-rt unstable debug"

usage() {
	echo "usage: kernel.sh abi|headers|make|image|initramfs|vm KERNEL" >&2
	echo "       KERNEL: ${KERNELS// /|}" >&2
	exit 2
}

# The system config may disable apt's package cache (Docker images do):
# then every apt-cache call parses all lists, about 1 s.  Keep our own.
apt_cache() {
	mkdir -p "$CACHE/apt"
	apt-cache -o Dir::Cache::pkgcache="$CACHE/apt/pkgcache.bin" \
		-o Dir::Cache::srcpkgcache="$CACHE/apt/srcpkgcache.bin" "$@"
}

metapkg() {
	case "$1" in
	6.1|unstable) echo linux-image-amd64 ;;
	6.12) echo linux-image-6.12-amd64 ;;
	6.12-rt) echo linux-image-6.12-rt-amd64 ;;
	*) die "unknown kernel '$1' (want ${KERNELS// / or })" ;;
	esac
}

# The unstable chroot's root, created or refreshed by unstable-chroot.sh.
unstable_root() {
	UNSTABLE=$("$SCRIPTS/unstable-chroot.sh" root)
}

# Sets ABI.
abi() {
	local meta dep
	if [ "$1" = debug ]; then
		ABI=$("$SCRIPTS/debug-kernel.sh" abi)
		return
	fi
	meta=$(metapkg "$1")
	# First "Depends: linux-image-<abi>" of the metapackage's candidate.
	if [ "$1" = unstable ]; then
		unstable_root
		dep=$(chroot "$UNSTABLE" apt-cache depends "$meta" 2>/dev/null)
	else
		dep=$(apt_cache depends "$meta" 2>/dev/null)
	fi
	dep=$(sed -n '/^ *|\{0,1\}Depends: linux-image-\(.*-amd64\)$/{s//\1/p;q}' \
		<<<"$dep")
	[ -n "$dep" ] || die "cannot resolve $meta for $1 (apt-get update? scripts/install-deps.sh?)"
	ABI=$dep
}

# Candidate version of a package, empty if apt does not know it.
candidate() {
	apt_cache policy "$1" 2>/dev/null |
		sed -n 's/^ *Candidate: *//p' | grep -v '^(none)$' || true
}

# Take an exclusive lock for the rest of the script: concurrent runs
# (parallel CI jobs) must not unpack into the same directory.
lock() {
	[ -z "${LOCKED:-}" ] || return 0
	mkdir -p "$KCACHE"
	exec 9>"$KCACHE/.lock-$1"
	flock 9
	LOCKED=1
}

# Sets HEADERS: the build dir, as "kernel.sh make" sees it.
headers() {
	local a
	if [ "$1" = debug ]; then
		HEADERS=$("$SCRIPTS/debug-kernel.sh" build)
		return
	fi
	abi "$1"
	a=$ABI
	HEADERS=/usr/src/linux-headers-$a
	if [ "$1" = unstable ]; then
		[ -f "$UNSTABLE$HEADERS/Makefile" ] ||
			die "$UNSTABLE$HEADERS missing (unstable-chroot.sh refresh)"
		return
	fi
	[ -f "$HEADERS/Makefile" ] ||
		die "$HEADERS missing: install linux-headers-$a (scripts/install-deps.sh)"
}

# make -C <build dir> "$@" where the kernel's modules build.  In the
# unstable chroot, the repository and the cache are bind-mounted at their
# own paths, for as long as the build runs.
kmake() {
	local k=$1 repo
	shift
	headers "$k"
	[ "$k" = unstable ] || exec make -C "$HEADERS" "$@"
	repo=$(cd "$SCRIPTS/.." && pwd -P)
	exec "$SCRIPTS/unstable-chroot.sh" run "$repo" make -C "$HEADERS" "$@"
}

# Decompress vmlinuz into an ELF vmlinux, which qemu boots through its PVH
# entry point: this skips the in-guest decompression (seconds under TCG).
# Best effort: vm.sh falls back to vmlinuz.
extract_vmlinux() {
	local z=$1 out=$2 magic dec off
	for magic in $'\xfd7zXZ\x00':xz $'\x28\xb5\x2f\xfd':zstd $'\x1f\x8b\x08':gzip; do
		dec=${magic##*:}
		off=$(LC_ALL=C grep -abo -m1 "${magic%:*}" "$z" | LC_ALL=C sed -n '1s/:.*//p')
		[ -n "$off" ] || continue
		# Trailing data after the stream makes the decompressor complain.
		tail -c +$((off + 1)) "$z" | $dec -dc >"$out.tmp" 2>/dev/null || true
		if LC_ALL=C readelf -n "$out.tmp" 2>/dev/null |
			grep -q 'Xen.*(0x00000012)'; then
			mv "$out.tmp" "$out"
			return
		fi
	done
	rm -f "$out.tmp"
	echo "kernel.sh: no PVH vmlinux in $z, vm.sh boots vmlinuz" >&2
	return 1
}

# Sets IMAGE (the unpacked package's root).
image() {
	local a pkg ver root stamp tmp deb
	if [ "$1" = debug ]; then
		IMAGE=$("$SCRIPTS/debug-kernel.sh" image)
		ABI=$("$SCRIPTS/debug-kernel.sh" abi)
		return
	fi
	abi "$1"
	a=$ABI
	root=$KCACHE/$a
	stamp=$root/.pathstats-version
	if [ "$1" = unstable ]; then
		# No -unsigned package: the image is linux-binary-<abi>, its
		# modules linux-modules-<abi>, modules.builtin linux-base-<abi>,
		# all under /usr/lib/modules.
		pkg="linux-binary-$a linux-modules-$a linux-base-$a"
		ver=$(chroot "$UNSTABLE" apt-cache policy "linux-binary-$a" |
			sed -n 's/^ *Candidate: *//p' | grep -v '^(none)$' || true)
	else
		pkg=linux-image-$a-unsigned
		ver=$(candidate "$pkg")
	fi
	[ -n "$ver" ] || die "apt knows no $pkg (apt-get update?)"
	lock "$a"
	IMAGE=$root
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$ver" ]; then
		# Caches from before vmlinux extraction: add it.
		[ -e "$root/boot/vmlinux-$a" ] || [ -e "$root/boot/.no-vmlinux" ] ||
			extract_vmlinux "$root/boot/vmlinuz-$a" "$root/boot/vmlinux-$a" ||
			touch "$root/boot/.no-vmlinux"
		return
	fi
	echo "kernel.sh: fetching $pkg $ver" >&2
	tmp=$(mktemp -d "$KCACHE/.new-$a.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	mkdir "$tmp/root"
	if [ "$1" = unstable ]; then
		"$SCRIPTS/unstable-chroot.sh" download "$tmp" $pkg ||
			die "downloading $pkg from unstable failed"
	else
		# As root apt would warn about dropping privileges to _apt.
		(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root \
			"$pkg=$ver" >&2) || die "apt-get download $pkg=$ver failed"
	fi
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$tmp/root"
	done
	if [ -f "$tmp/root/usr/lib/modules/$a/vmlinuz" ]; then
		mkdir -p "$tmp/root/boot" "$tmp/root/lib"
		mv "$tmp/root/usr/lib/modules" "$tmp/root/lib/modules"
		mv "$tmp/root/lib/modules/$a/vmlinuz" "$tmp/root/boot/vmlinuz-$a"
	fi
	[ -f "$tmp/root/boot/vmlinuz-$a" ] || die "$pkg has no vmlinuz for $a"
	depmod -b "$tmp/root" "$a"
	extract_vmlinux "$tmp/root/boot/vmlinuz-$a" "$tmp/root/boot/vmlinux-$a" ||
		touch "$tmp/root/boot/.no-vmlinux"
	echo "$ver" >"$tmp/root/.pathstats-version"
	# Swap in atomically enough: the stamp is written last, in the new tree.
	rm -rf "$root.old"
	[ ! -e "$root" ] || mv "$root" "$root.old"
	mv "$tmp/root" "$root"
	rm -rf "$root.old" "$tmp"
}

# The initramfs: busybox-static, an init script and just the modules needed
# for virtio-9p (decompressed, so busybox need not support xz/zstd).  It is
# rebuilt whenever one of its inputs changes.  Sets INITRAMFS.
initramfs() {
	local a root out stamp want tmp m mods deps load init busybox
	image "$1"
	root=$IMAGE
	a=$ABI
	out=$KCACHE/$a-initramfs.cpio
	stamp=$KCACHE/$a-initramfs.stamp
	init=$SCRIPTS/vm-initramfs-init.sh
	busybox=/bin/busybox
	[ -x "$busybox" ] || die "$busybox missing: install busybox-static"
	# The initramfs has no libc: a dynamic busybox would not run there.
	! LC_ALL=C readelf -l "$busybox" 2>/dev/null | grep -q INTERP ||
		die "$busybox is not static: install busybox-static"
	lock "$a"
	want=$(cat "$root/.pathstats-version" "$init" "$busybox" "$0" \
		<(echo "$INITRD_MODULES") | sha256sum | cut -d' ' -f1)
	INITRAMFS=$out
	[ -f "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		return
	tmp=$(mktemp -d "$KCACHE/.initramfs-$a.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	mkdir -p "$tmp"/{bin,dev,proc,sys,newroot,etc} "$tmp/lib/modules/$a"
	cp "$busybox" "$tmp/bin/busybox"
	for m in sh mount umount mkdir modprobe insmod switch_root cat sleep \
		stty hostname ip uname ln \
		echo ls grep; do
		ln -s busybox "$tmp/bin/$m"
	done
	install -m 0755 "$init" "$tmp/init"
	# kmod resolves dependencies (and built-ins) from the package's own
	# modules.dep; copy the closure, decompressed.
	# (one name per call: kmod takes further words as module parameters).
	# Built-in ones (virtio_pci on 6.12) are left out of the list to load.
	mods=
	load=
	for m in $INITRD_MODULES; do
		deps=$(modprobe -d "$root" -S "$a" --show-depends "$m") ||
			die "cannot resolve $m in $root"
		mods+=$deps$'\n'
		case "$(tail -n1 <<<"$deps")" in
		builtin*) ;;
		*) load+="$m " ;;
		esac
	done
	while read -r kind path _; do
		[ "$kind" = insmod ] || continue
		m=$(basename "$path")
		case "$m" in
		*.ko.xz) xz -dc "$path" >"$tmp/lib/modules/$a/${m%.xz}" ;;
		*.ko.zst) zstd -qdc "$path" >"$tmp/lib/modules/$a/${m%.zst}" ;;
		*.ko.gz) gzip -dc "$path" >"$tmp/lib/modules/$a/${m%.gz}" ;;
		*.ko) cp "$path" "$tmp/lib/modules/$a/" ;;
		*) die "unexpected module $path" ;;
		esac
	done <<<"$mods"
	cp "$root/lib/modules/$a/modules.builtin"* "$tmp/lib/modules/$a/"
	(cd "$tmp/lib/modules/$a" && printf '%s\n' *.ko >modules.order)
	depmod -b "$tmp" "$a"
	echo "$load" >"$tmp/etc/pathstats-modules"
	# Uncompressed: the kernel unpacks it faster than it would inflate it.
	(cd "$tmp" && find . |
		LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$tmp.cpio"
	mv "$tmp.cpio" "$out"
	echo "$want" >"$stamp"
	rm -rf "$tmp"
}

[ $# -ge 2 ] || usage
case " $KERNELS " in
*" $2 "*) ;;
*) die "unknown kernel '$2' (want ${KERNELS// / or })" ;;
esac
[ $# -eq 2 ] || [ "$1" = make ] || usage
case "$1" in
abi) abi "$2"; echo "$ABI" ;;
headers) headers "$2"; echo "$HEADERS" ;;
make) k=$2; shift 2; kmake "$k" "$@" ;;
image) image "$2"; echo "$IMAGE" ;;
initramfs) initramfs "$2"; echo "$INITRAMFS" ;;
vm) initramfs "$2"; printf '%s\n' "$ABI" "$IMAGE" "$INITRAMFS" ;;
*) usage ;;
esac
