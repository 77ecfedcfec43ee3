/* Creating a partition (partition_setup.c): stage 2, kernel image, device tree, emulated devices. */
#ifndef BULKHEAD_ARCH_PARTITION_SETUP_H
#define BULKHEAD_ARCH_PARTITION_SETUP_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/vm/partition.h"

/* Build stage-2, DTB and memory contents; false after printing why. */
bool partition_create(struct partition_rt *p, const struct partition_spec *spec, const void *board_fdt,
		      const struct platform *plat);

#endif
