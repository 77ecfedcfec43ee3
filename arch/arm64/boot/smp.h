/* Secondary CPUs (smp.c). */
#ifndef BULKHEAD_ARCH_SMP_H
#define BULKHEAD_ARCH_SMP_H

#include <stdbool.h>

#include "core/config/config.h"
#include "core/platform/platform.h"

/* Start every other CPU of the board through PSCI CPU_ON; returns how many are online. */
unsigned smp_start_secondaries(const struct platform *plat, unsigned boot_index);
/* Is every CPU a partition of `map` runs on online? Each one that is not is named (partition,
 * MPIDR, node). Validation cannot know: a CPU the board lists may fail CPU_ON or never report. */
bool smp_partition_cpus_online(const struct partition_map *map, const struct platform *plat);
/* Where a secondary starts (boot.S). */
extern void secondary_entry(void);

#endif
