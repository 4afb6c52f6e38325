#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh [KERNEL]: boot a VM with pathstats.ko and show what it offers.
# Run through "make demo", which builds everything first.
set -euo pipefail

kernel=${1:-6.12}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
exec scripts/vm.sh --kernel "$kernel" --smp 2 \
	--module "build/$kernel/module/pathstats.ko" -- scripts/demo-guest.sh
