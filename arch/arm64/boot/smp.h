/* Secondary CPUs (smp.c). */
#ifndef BULKHEAD_ARCH_SMP_H
#define BULKHEAD_ARCH_SMP_H

#include "core/platform/platform.h"

/* Start every other CPU of the board through PSCI CPU_ON; returns how many are online. */
unsigned smp_start_secondaries(const struct platform *plat, unsigned boot_index);
/* Where a secondary starts (boot.S). */
extern void secondary_entry(void);

#endif
