/* What a partition's devices reach through the board's SMMUs (smmu_dma_map.c). */
#ifndef BULKHEAD_ARCH_SMMU_DMA_MAP_H
#define BULKHEAD_ARCH_SMMU_DMA_MAP_H

#include <stdbool.h>

#include "core/mm/pgtable.h"
#include "core/partition/part_maps.h"

struct partition_rt;

/* The MSI doorbell of p's devices: false when p has no virtual ITS. */
bool smmu_doorbell_of(const struct partition_rt *p, struct part_doorbell *db);
/* p's devices' own stage 2 (the VTCR of the partitions' stage 2, stage2.h), built at the first
 * call and kept: NULL after printing why it cannot be. */
const struct pgtable *smmu_dma_stage2(const struct partition_rt *p);

#endif
