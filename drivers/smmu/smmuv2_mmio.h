/* The SMMUv2 driver's register access on hardware (hypervisor only): one Device-mapped window
 * per instance, reached at its physical address (the hypervisor maps devices 1:1). */
#ifndef BULKHEAD_DRIVERS_SMMU_SMMUV2_MMIO_H
#define BULKHEAD_DRIVERS_SMMU_SMMUV2_MMIO_H

#include <stdint.h>

#include "drivers/smmu/smmuv2.h"

struct smmuv2_mmio {
	uintptr_t base[SMMUV2_MAX_INSTANCES];
};

/* ctx is a struct smmuv2_mmio. */
extern const struct smmuv2_ops smmuv2_mmio_ops;

#endif
