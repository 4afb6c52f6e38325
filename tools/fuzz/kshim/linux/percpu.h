/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/percpu.h> for module/config.c in userspace: see ../kshim.h. */
#include "../kshim.h"
