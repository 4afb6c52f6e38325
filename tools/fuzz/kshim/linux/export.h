/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/export.h> for module/ code in userspace: see ../kshim.h.  The
 * Makefile defines EXPORT_SYMBOL_GPL() away.
 */
#include "../kshim.h"
