/* The device tree a partition boots with, generated from its spec and the board's DTB. */
#ifndef BULKHEAD_CORE_GUEST_DT_H
#define BULKHEAD_CORE_GUEST_DT_H

#include <stddef.h>

#include "core/diag.h"
#include "core/guest_image.h"
#include "core/partition.h"
#include "core/platform.h"

/* Build into buf (size bytes). Only the partition's CPUs (renumbered from 0, reg = Aff0), its
 * memory, its devices (registers from the board, translated to CPU addresses, mapped 1:1), the
 * timer, /psci with method "hvc", and /chosen (bootargs, initrd). Returns false with a
 * diagnostic naming the partition when it does not fit or a board node cannot be copied. */
bool guest_dt_build(const struct partition_spec *spec, const void *board_fdt, const struct platform *plat,
		    const struct guest_layout *lay, void *buf, size_t size, struct diag_list *dl);

/* The partition's PCI functions as "bulkhead,pci-function" nodes (sequential-write API, inside
 * the root node). Returns a libfdt error or 0. */
int guest_dt_pci_functions(void *fdt, const struct partition_spec *spec);

#endif
