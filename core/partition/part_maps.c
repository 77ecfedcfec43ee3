/* A partition's CPU and DMA views as translation tables (part_maps.h). */
#include "core/partition/part_maps.h"

int part_map_cpu(struct pgtable *pt, const struct partition_spec *s)
{
	int err = part_map_cpu_memory(pt, s);

	return err ? err : part_map_cpu_devices(pt, s);
}

int part_map_cpu_memory(struct pgtable *pt, const struct partition_spec *s)
{
	int err = PGTABLE_OK;

	for (unsigned i = 0; i < s->n_mem && !err; i++)
		err = pgtable_map(pt, s->mem[i].ipa, pa(s->mem[i].pa), s->mem[i].size, PTE_MEM_NORMAL, PTE_PERM_RWX);
	return err;
}

int part_map_cpu_devices(struct pgtable *pt, const struct partition_spec *s)
{
	int err = PGTABLE_OK;

	/* Assigned device registers appear at their physical address (IPA == PA). */
	for (unsigned i = 0; i < s->n_mmio && !err; i++)
		err = pgtable_map(pt, s->mmio[i].pa, pa(s->mmio[i].pa), s->mmio[i].size, PTE_MEM_DEVICE_nGnRE,
				  PTE_PERM_RW);
	/* Shared-memory channels: Normal memory, never executable, without write permission where
	 * the mapping is read-only (a write is a permission fault, reported by the runtime). */
	for (unsigned i = 0; i < s->n_channels && !err; i++)
		err = pgtable_map(pt, s->channels[i].ipa, pa(s->channels[i].pa), s->channels[i].size, PTE_MEM_NORMAL,
				  s->channels[i].read_only ? PTE_PERM_R : PTE_PERM_RW);
	return err;
}

int part_map_dma(struct pgtable *pt, const struct partition_spec *s, const struct part_doorbell *doorbell)
{
	struct part_dma_window win[PART_MAX_DMA_WINDOWS];
	unsigned n = part_dma_windows(s, win, PART_MAX_DMA_WINDOWS);
	int err = PGTABLE_OK;

	for (unsigned i = 0; i < n && !err; i++)
		err = pgtable_map(pt, win[i].ipa, pa(win[i].pa), win[i].size, PTE_MEM_NORMAL,
				  win[i].write ? PTE_PERM_RW : PTE_PERM_R);
	/* An MSI is a write: at stage 2 nothing else is allowed on the doorbell. */
	if (!err && doorbell)
		err = pgtable_map(pt, doorbell->ipa, pa(doorbell->pa), PART_DOORBELL_SIZE, PTE_MEM_DEVICE_nGnRE,
				  pt->stage == PGTABLE_STAGE2 ? PTE_PERM_W : PTE_PERM_RW);
	return err;
}
