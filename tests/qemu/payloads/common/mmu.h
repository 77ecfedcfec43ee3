/* The EL1 stage-1 identity map. start.S turns the MMU on with a coarse boot map; mmu_build()
 * then makes the final one from the DT's /memory: Normal write-back for RAM, Device-nGnRE for
 * every other address below the CPU's physical address limit (so a stray access reaches the
 * hypervisor's stage 2 instead of faulting here). */
#ifndef PAYLOAD_MMU_H
#define PAYLOAD_MMU_H

#include <stdint.h>

#include "rt.h"

/* Read by start.S (layout fixed): the registers one CPU loads to use a map. */
struct rt_mmu_params {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr0;
	uint64_t sctlr;
};

extern struct rt_mmu_params rt_mmu_params;      /* final map, for every CPU */
extern struct rt_mmu_params rt_boot_mmu_params; /* start.S's coarse map */
void rt_mmu_switch(const struct rt_mmu_params *p);

/* Block descriptors, pure (exposed for clarity of what the tables hold). */
uint64_t mmu_block(uint64_t pa, int normal);
uint64_t mmu_table(uint64_t pa);

/* Build the final tables into static storage and fill rt_mmu_params. Returns 0, or -1 when
 * the RAM layout needs more level-2 tables than reserved (the boot map then stays). */
int mmu_build(const struct rt_range *ram, unsigned n_ram);
/* Switch this CPU to the final map and publish rt_mmu_params for secondaries. */
void mmu_activate(void);

/* After a failed mmu_build(): secondaries use the boot map too. */
void mmu_keep_boot_map(void);

/* The output-address limit the tables were built for, in bits. */
unsigned mmu_pa_bits(void);

#endif
