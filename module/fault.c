// SPDX-License-Identifier: GPL-2.0
/*
 * Injected failures of the steps of a configuration load.
 *
 * Debian's kernels are built without CONFIG_FAULT_INJECTION, so the
 * kernel's fault attributes are not there to use.  The module parameter
 * fail_load_step, writable by root only, makes the Nth step of every
 * later load fail as if it had run out of memory; 0 (the default) never
 * fails.  A test walks N from 1 up until a load succeeds, and checks after
 * each failure that the configuration in force still counts.  Loads are
 * serialised by the control device's lock, which covers the step count.
 *
 * fail_tree_registers, a bit mask, makes the Kth registration of a
 * statsfs tree in each later load fail (bit K, from 0): also those that
 * put the old tree back after a failure, and those after the point where
 * a load can no longer fail, which no step count reaches.
 */

#include <linux/bits.h>
#include <linux/moduleparam.h>
#include <linux/statsfs.h>

#include "fault.h"

static unsigned int fail_load_step;
module_param(fail_load_step, uint, 0600);
MODULE_PARM_DESC(fail_load_step,
		 "tests only: fail the Nth step of each configuration load (0: none)");

static unsigned int fail_tree_registers;
module_param(fail_tree_registers, uint, 0600);
MODULE_PARM_DESC(fail_tree_registers,
		 "tests only: bit K fails the Kth statsfs tree registration of each configuration load");

static unsigned int fault_load_steps;
static unsigned int fault_tree_registers;

/**
 * pathstats_fault_load_begin - a configuration load starts
 *
 * Called with the control device's lock held.
 */
void pathstats_fault_load_begin(void)
{
	fault_load_steps = 0;
	fault_tree_registers = 0;
}

/**
 * pathstats_fault_load_step - a step of a load that can fail is taken
 *
 * Called with the control device's lock held, at each step of a load
 * that allocates or attaches something.
 *
 * Return: true if this step is to fail.
 */
bool pathstats_fault_load_step(void)
{
	unsigned int step = READ_ONCE(fail_load_step);

	return step && ++fault_load_steps == step;
}

/**
 * pathstats_fault_source_register - statsfs_source_register(), unless a
 *	test makes this registration fail
 * @src: the root of a configuration's statsfs tree
 *
 * Called with the control device's lock held, or at module init.
 *
 * Return: as statsfs_source_register().
 */
int pathstats_fault_source_register(struct statsfs_source *src)
{
	unsigned int k = fault_tree_registers++;

	if (k < 32 && READ_ONCE(fail_tree_registers) & BIT(k))
		return -ENOMEM;
	return statsfs_source_register(src);
}
