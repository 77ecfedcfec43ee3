/* Creating a partition (partition_setup.c): stage 2, device tree, emulated devices, memory. */
#ifndef BULKHEAD_ARCH_PARTITION_SETUP_H
#define BULKHEAD_ARCH_PARTITION_SETUP_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/vm/partition.h"

/* VTCR_EL2 of every partition (and of the SMMUs' stage 2), once the first one is created. */
extern uint64_t guest_vtcr;

/* Build stage-2, DTB and memory contents; false after printing why. */
bool partition_create(struct partition_rt *p, const struct partition_spec *spec, const void *board_fdt,
		      const struct platform *plat);
/* Copy images and DTB into the partition's memory (fresh on every start). */
void partition_load(struct partition_rt *p);
/* IPA -> PA in the partition's memory; false outside it. */
bool partition_ipa_to_pa(const struct partition_rt *p, uint64_t ipa, uint64_t len, uint64_t *pa);

#endif
