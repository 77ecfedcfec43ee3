/* MPIDR_EL1's affinity fields (Arm ARM D17.2.101). Bit 31 is RES1, bit 30 (U) and bit 24 (MT)
 * are not affinity: none of them may reach PSCI CPU_ON or a GIC routing register. */
#ifndef BULKHEAD_CORE_MPIDR_H
#define BULKHEAD_CORE_MPIDR_H

#include "core/base/bitfield.h"

#define MPIDR_AFF0 GENMASK64(7, 0)
#define MPIDR_AFF1 GENMASK64(15, 8)
#define MPIDR_AFF2 GENMASK64(23, 16)
#define MPIDR_AFF3 GENMASK64(39, 32)
#define MPIDR_AFFINITY_MASK (MPIDR_AFF0 | MPIDR_AFF1 | MPIDR_AFF2 | MPIDR_AFF3)

#endif
