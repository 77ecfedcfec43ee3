/* Each partition's stage-2 translation (stage2.c). */
#ifndef BULKHEAD_ARCH_STAGE2_H
#define BULKHEAD_ARCH_STAGE2_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/vm/partition.h"

/* VTCR_EL2 of every partition (and of the SMMUs' stage 2), once stage2_setup_vtcr succeeded. */
extern uint64_t guest_vtcr;

/* Once, before the first partition's tables: false (after printing why) if this CPU's ID
 * registers give no usable stage 2. */
bool stage2_setup_vtcr(void);
/* The partition's tables and VTTBR_EL2 from its spec; false after printing why. */
bool stage2_build(struct partition_rt *p);

#endif
