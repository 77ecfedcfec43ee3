/* The stage 2 a partition's devices walk where an SMMU translates at stage 2 (an SMMUv3 with
 * IDR0.S2P; every SMMUv2 / MMU-500): tables of their own, with the partition's VMID, not the
 * CPUs' stage 2. Sharing the CPUs' tables would leave the devices without an MSI doorbell: the
 * virtual ITS's translation page is unmapped there (a CPU's store to it must trap to the
 * emulation), so a device's MSI write would fault. The devices' tables hold what the stage-1
 * mirror of stage-1-only SMMUs holds (core/partition/part_maps.h): memory, `dma;` channels and
 * the doorbell page -> the physical GITS_TRANSLATER page, write-only. Built once per partition,
 * at its first stream, and kept across restarts (the partition's map never changes). */
#include "arch/arm64/vm/smmu_dma_map.h"

#include "arch/arm64/mm/heap_pages.h"
#include "arch/arm64/vm/partition.h"
#include "core/base/log.h"

static struct pgtable tables[MAX_PARTITIONS];
static bool built[MAX_PARTITIONS];

bool smmu_doorbell_of(const struct partition_rt *p, struct part_doorbell *db)
{
	if (!p->vits.present)
		return false;
	*db = (struct part_doorbell){ p->vits.its.cfg.frame_ipa + VITS_TRANSLATION_PAGE,
				      p->plat->gic.its.base + VITS_TRANSLATION_PAGE };
	return true;
}

const struct pgtable *smmu_dma_stage2(const struct partition_rt *p)
{
	unsigned i = p->spec.index;
	struct part_doorbell db;
	bool has_db = smmu_doorbell_of(p, &db);
	int err;

	if (i >= MAX_PARTITIONS)
		return NULL;
	if (built[i])
		return &tables[i];
	/* The IPA size of the CPUs' tables: the SMMU walks with the same VTCR. */
	err = pgtable_init(&tables[i], PGTABLE_STAGE2, p->s2.input_bits, &heap_page_alloc);
	/* Some SMMUs cannot walk blocks (Tegra's MMU-500 walk-cache erratum, docs/smmuv2.md). */
	tables[i].pages_only = p->spec.s2_pages_only;
	if (!err)
		err = part_map_dma(&tables[i], &p->spec, has_db ? &db : NULL);
	if (err) {
		log_printf("smmu: partition %s: cannot build its devices' stage 2 (%s)\n", p->spec.name,
			   pgtable_strerror(err));
		pgtable_destroy(&tables[i]);
		return NULL;
	}
	built[i] = true;
	if (has_db)
		log_printf("smmu: partition %s: devices' own stage 2, MSI doorbell IPA 0x%llx -> GITS_TRANSLATER page "
			   "0x%llx (write-only)\n",
			   p->spec.name, (unsigned long long)db.ipa, (unsigned long long)db.pa);
	return &tables[i];
}
