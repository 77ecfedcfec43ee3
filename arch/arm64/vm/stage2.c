/* Each partition's stage-2 translation: the VTCR_EL2 every partition (and the SMMUs' stage 2)
 * uses, derived once from this CPU's ID registers, and the tables of one partition's CPUs
 * (core/partition/part_maps.h: its memory Normal, mapped block by block on first touch where it
 * can be, guest_mem.h; its devices' registers Device at IPA == PA; its channels; nothing else). */
#include "arch/arm64/vm/stage2.h"

#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/mm/heap_pages.h"
#include "core/base/log.h"
#include "core/hw/pte.h"
#include "core/partition/part_maps.h"
#include "core/hw/vtcr.h"

uint64_t guest_vtcr;
static unsigned guest_ipa_bits;

bool stage2_setup_vtcr(void)
{
	struct vtcr_config cfg;

	if (guest_vtcr)
		return true;
	if (vtcr_compute(read_id_aa64mmfr0_el1(), read_id_aa64mmfr1_el1(), VTCR_GUEST_IPA_BITS, &cfg) != 0) {
		log_printf("partitions: cannot derive VTCR_EL2 from this CPU's ID registers\n");
		return false;
	}
	guest_vtcr = cfg.vtcr_el2;
	guest_ipa_bits = cfg.ipa_bits;
	log_printf("stage-2: %u-bit IPA, %u-bit PA, %u-bit VMIDs, VTCR_EL2 0x%llx\n", cfg.ipa_bits, cfg.pa_bits,
		   cfg.vmid_bits, (unsigned long long)cfg.vtcr_el2);
	return true;
}

bool stage2_build(struct partition_rt *p)
{
	const struct partition_spec *s = &p->spec;
	int err = pgtable_init(&p->s2, PGTABLE_STAGE2, guest_ipa_bits, &heap_page_alloc);

	/* Blocks where alignment allows: no SMMU walks these tables (its devices have their own,
	 * smmu_dma_map.c, built with pages only where an SMMU needs that). The memory is guest_mem's. */
	if (!err && !guest_mem_build(&p->mem, &p->spec, &p->s2))
		return false; /* said why */
	if (!err)
		err = part_map_cpu_devices(&p->s2, s);
	if (err) {
		log_printf("partition %s: stage-2 tables: %s\n", s->name, pgtable_strerror(err));
		return false;
	}
	p->vttbr = vttbr_el2_value(pgtable_root_pa(&p->s2), s->vmid);
	return true;
}
