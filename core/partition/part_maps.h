/* What a partition's translation tables hold (core/mm/pgtable.h), one function per view, so that
 * the hypervisor builds them and host tests check them with the same code:
 *
 * - its CPUs' stage 2: its memory (Normal, RWX), its assigned devices' registers at IPA == PA
 *   (Device-nGnRE, RW), its channels (Normal, RW or R). Nothing else: every other access, the
 *   virtual ITS frame included, faults to the hypervisor, which emulates or refuses it.
 * - its devices' view through an SMMU (a stage-1 mirror, or a stage 2 of their own): the windows
 *   of part_dma_windows() (memory, and the channels mapped `dma;`), plus, for a partition with a
 *   virtual ITS, one doorbell page: its vITS translation page's IPA -> the physical ITS's
 *   translation page (GITS_TRANSLATER), so that its devices' MSI writes reach the physical ITS,
 *   which checks the device ID of each. Write-only at stage 2; read-write at stage 1, which has
 *   no write-only permission. A device that shared the CPUs' stage 2 would find no doorbell
 *   there (docs/msi.md). */
#ifndef BULKHEAD_CORE_PART_MAPS_H
#define BULKHEAD_CORE_PART_MAPS_H

#include <stdint.h>

#include "core/mm/pgtable.h"
#include "core/partition/partition.h"

#define PART_DOORBELL_SIZE 0x1000u /* the 4 KiB page holding GITS_TRANSLATER (offset 0x40) */

struct part_doorbell {
	uint64_t ipa; /* the vITS translation page in the partition's IPA space */
	uint64_t pa;  /* the physical ITS's translation page */
};

/* pt: initialised (pgtable_init), empty. A pgtable_status; the first failure stops the build. */
int part_map_cpu(struct pgtable *pt, const struct partition_spec *s);
/* part_map_cpu() in two halves, for a runtime that maps the memory block by block as it is
 * prepared (arch/arm64/mm/guest_mem.h) and whole only where it cannot: the memory alone, and the
 * device registers and channels. */
int part_map_cpu_memory(struct pgtable *pt, const struct partition_spec *s);
int part_map_cpu_devices(struct pgtable *pt, const struct partition_spec *s);
/* doorbell: NULL for a partition without a virtual ITS. */
int part_map_dma(struct pgtable *pt, const struct partition_spec *s, const struct part_doorbell *doorbell);

#endif
