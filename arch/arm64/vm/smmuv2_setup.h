/* SMMUv2 / MMU-500 half of the DMA policy (smmuv2_setup.c), called from smmu_setup.c. */
#ifndef BULKHEAD_ARCH_SMMUV2_SETUP_H
#define BULKHEAD_ARCH_SMMUV2_SETUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_inputs;
struct partition_rt;
struct platform;

/* Storage for every SMMUv2-family SMMU of the board, from the heap, before smmuv2_setup_one();
 * false (said) if the heap cannot hold it. */
bool smmuv2_setup_alloc(const struct platform *plat);
/* Take over platform SMMU `index` (an SMMUv2-family one smmu_programmable() accepts): every
 * stream faults, each owned stream translates through its partition's stage 2. False (logged)
 * when it cannot be set up: its streams are then not isolated. */
bool smmuv2_setup_one(size_t index, const struct boot_inputs *in, struct partition_rt *parts, size_t n_parts,
		      uint64_t irq_target);
/* Partition `p` stops or restarts: its streams fault and its VMID is invalidated on every
 * SMMUv2; resume: they translate again (smmu.h). */
void smmuv2_setup_quiesce(const struct partition_rt *p);
void smmuv2_setup_resume(const struct partition_rt *p);

#endif
