#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian unstable chroot in which modules for unstable's kernel are
# built: its headers need unstable's compiler, newer than Debian 12's.
#
#   unstable-chroot.sh root              create or refresh it; print its root
#   unstable-chroot.sh run DIR CMD...    run CMD in it, DIR bind-mounted at
#                                        its own path (and /proc mounted)
#   unstable-chroot.sh download DIR PKG...  fetch unstable's PKGs into DIR
#
# Created once with debootstrap (minbase, linux-headers-amd64, make: about
# 90 s), from the Debian mirror the host's apt uses, and refreshed when its
# package lists are a day old, so that the newest kernel is followed.  Runs
# as root.  The chroot lives in ${PATHSTATS_CACHE:-$HOME/.cache/pathstats}.
set -euo pipefail

CACHE=${PATHSTATS_CACHE:-$HOME/.cache/pathstats}
ROOT=$CACHE/unstable-chroot
PKGS=linux-headers-amd64,make

die() {
	echo "unstable-chroot.sh: $*" >&2
	exit 1
}

# The host's Debian mirror: the first URI of its apt sources.
mirror() {
	local uri

	uri=$(sed -n 's/^URIs: *\([^ ]*\/debian\)\/*$/\1/p' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
	[ -n "$uri" ] || uri=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\)\/* .*/\2/p' \
		/etc/apt/sources.list 2>/dev/null | head -n1)
	[ -n "$uri" ] || die "no Debian mirror in the host's apt sources"
	echo "$uri"
}

create() {
	local tmp

	[ "$(id -u)" = 0 ] || die "need root to create $ROOT"
	command -v debootstrap >/dev/null ||
		die "debootstrap missing: run scripts/install-deps.sh"
	echo "unstable-chroot.sh: creating $ROOT (debootstrap sid)" >&2
	tmp=$ROOT.new
	rm -rf "$tmp"
	debootstrap --variant=minbase --include="$PKGS" sid "$tmp" \
		"$(mirror)" >"$CACHE/unstable-chroot.log" 2>&1 ||
		die "debootstrap failed: see $CACHE/unstable-chroot.log"
	rm -rf "$tmp"/var/cache/apt/archives/*.deb
	mv "$tmp" "$ROOT"
}

# Newer package lists and the newest headers, when the lists are a day old.
refresh() {
	local lists=$ROOT/var/lib/apt/lists

	[ -z "$(find "$lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null)" ] ||
		return 0
	echo "unstable-chroot.sh: refreshing $ROOT" >&2
	chroot "$ROOT" apt-get update -qq >&2 || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive chroot "$ROOT" apt-get install -y -qq \
		--no-install-recommends ${PKGS//,/ } >&2 ||
		die "apt-get install failed"
	chroot "$ROOT" apt-get clean
}

# Holds the chroot's lock for the rest of the script.
lock() {
	mkdir -p "$CACHE"
	exec 8>"$CACHE/.lock-unstable-chroot"
	flock 8
}

ensure() {
	lock
	[ -x "$ROOT/usr/bin/apt-get" ] || create
	refresh
}

run() {
	local dir=${1:?} status=0

	shift
	dir=$(cd "$dir" && pwd -P)
	mkdir -p "$ROOT$dir"
	mountpoint -q "$ROOT$dir" || mount --bind "$dir" "$ROOT$dir" ||
		die "cannot bind-mount $dir"
	mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc" ||
		die "cannot mount /proc"
	chroot "$ROOT" "$@" || status=$?
	umount "$ROOT/proc"
	umount "$ROOT$dir"
	return $status
}

download() {
	local dir=${1:?} tmp

	shift
	tmp=$(mktemp -d "$ROOT/tmp/download.XXXXXX")
	(cd "$tmp" && chroot "$ROOT" sh -c "cd '${tmp#"$ROOT"}' &&
		apt-get download -q -o APT::Sandbox::User=root $*") >&2 ||
		{ rm -rf "$tmp"; return 1; }
	mv "$tmp"/*.deb "$dir"/
	rm -rf "$tmp"
}

case "${1:-}" in
root) ensure; echo "$ROOT" ;;
run) shift; ensure; run "$@" ;;
download) shift; ensure; download "$@" ;;
*) sed -n '6,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
