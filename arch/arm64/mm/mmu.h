/* The hypervisor's own EL2 translation (mmu.c). */
#ifndef BULKHEAD_ARCH_MMU_H
#define BULKHEAD_ARCH_MMU_H

#include "core/platform/platform.h"

/* From boot.S: the identity map, on the boot CPU and on each secondary. */
void early_mmu_enable(const void *fdt, unsigned el);
void secondary_mmu_enable(void);
/* Once the board is known: its RAM Normal, everything else Device. */
void mmu_map_platform(const struct platform *plat);

#endif
