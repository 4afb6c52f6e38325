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
 */

#include <linux/moduleparam.h>

#include "fault.h"

static unsigned int fail_load_step;
module_param(fail_load_step, uint, 0600);
MODULE_PARM_DESC(fail_load_step,
		 "tests only: fail the Nth step of each configuration load (0: none)");

static unsigned int fault_load_steps;

/**
 * pathstats_fault_load_begin - a configuration load starts
 *
 * Called with the control device's lock held.
 */
void pathstats_fault_load_begin(void)
{
	fault_load_steps = 0;
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
