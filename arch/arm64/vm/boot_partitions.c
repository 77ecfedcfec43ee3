/* From a validated partition map to running partitions. */
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/vm/boot_partitions.h"
#include "arch/arm64/vm/channels.h"
#include "arch/arm64/vm/manage_call.h"
#include "arch/arm64/vm/partition_run.h"
#include "arch/arm64/vm/partition_setup.h"
#include "arch/arm64/vm/smmu.h"
#include "arch/arm64/vdev/vits_glue.h"
#include "core/base/diag.h"
#include "core/base/log.h"
#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/partition/dma_streams.h"
#include "core/partition/partition_plan.h"
#include "core/pci/pci.h"
#include "core/pci/vpci.h"

/* As many as the map has, from the heap; each virtual PCI bus only for a partition that owns PCI
 * functions. They live as long as the hypervisor. */
static struct partition_rt *partitions;

/* Partitions that own PCI functions: each may get a virtual ITS. */
static unsigned partitions_with_pci(const struct partition_map *map)
{
	unsigned n = 0;

	for (size_t i = 0; i < map->n_parts; i++)
		n += map->parts[i].n_pci != 0;
	return n;
}

/* The partition's creation plan; false (after printing why) if it is not to be created. */
static bool plan_partition(const struct pmap_partition *mp, const struct boot_inputs *in, struct partition_plan *plan,
			   struct vpci_bus *bus)
{
	struct plan_inputs pin = { in->plat, in->pci, in->groups, in->blobs };
	struct diag_list dl;
	bool ok;

	diag_init(&dl);
	/* Its virtual PCI host bridge holds the endpoints the map placed on it (their INTx lines are
	 * among the map's SPIs); this bus keeps the runtime state. */
	ok = partition_plan(mp, &pin, plan, &dl) && partition_plan_vpci(mp, &pin, bus, &plan->spec, &dl);
	/* Without a working physical ITS the functions' MSIs would reach nothing: no virtual ITS,
	 * MSI and MSI-X hidden, INTx as before (docs/msi.md). */
	if (ok && bus && bus->msi) {
		enum vits_global its = vits_global_init(in->plat, partitions_with_pci(in->map));

		if (its == VITS_GLOBAL_NO_MEMORY)
			ok = false;
		else if (its == VITS_GLOBAL_NONE) {
			log_printf("partition %s: no physical ITS: its PCI functions get no MSIs\n", mp->name);
			vpci_bus_drop_msi(bus);
		}
	}
	for (size_t i = 0; i < dl.count; i++)
		log_printf("partition %s: %s\n", dl.items[i].path, dl.items[i].message);
	diag_free(&dl);
	return ok;
}

static bool fail_last_creation;

void boot_partitions_fail_last_creation(void)
{
	fail_last_creation = true;
}

bool boot_partitions(const struct boot_inputs *in)
{
	const struct partition_map *map = in->map;
	size_t created = 0; /* validation refuses more than MAX_PARTITIONS: then never all */
	/* From the heap, not this frame: with the callees -O2 inlines here, the frame was 14 KiB, the
	 * deepest chain right at the stack's limit (scripts/check-stack.py). */
	struct partition_plan *plan = malloc(sizeof(*plan));

	/* Not zeroed here: partition_create() starts by zeroing its partition. */
	partitions = malloc((map->n_parts < MAX_PARTITIONS ? map->n_parts : MAX_PARTITIONS) * sizeof(*partitions));
	if ((!partitions && map->n_parts) || !plan) {
		log_printf("partitions: out of memory for %zu partitions\n", map->n_parts);
		free(plan);
		return false;
	}
	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++) {
		struct partition_rt *p = &partitions[i];
		struct vpci_bus *bus = map->parts[i].n_pci ? calloc(1, sizeof(*bus)) : NULL;

		if ((map->parts[i].n_pci && !bus) || !plan_partition(&map->parts[i], in, plan, bus) ||
		    !partition_create(p, &plan->spec, in->board_fdt, in->plat)) {
			log_printf("partition %s: cannot be created\n", map->parts[i].name);
			continue;
		}
		if (fail_last_creation && i + 1 == map->n_parts) {
			log_printf("partition %s: cannot be created (selftest fail-last-creation)\n",
				   map->parts[i].name);
			continue;
		}
		/* Its configuration accesses go to the bus its DT describes. */
		vpci_ecam_init(&p->vpci, plan->spec.vpci ? bus : NULL, in->plat);
		created++;
	}
	free(plan);
	if (created != map->n_parts)
		return false; /* created ones never run: no CPU knows them, no SMMU stream points at them */
	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++)
		for (unsigned v = 0; v < partitions[i].spec.n_vcpus; v++)
			if (partitions[i].spec.pcpu[v] < MAX_CPUS)
				cpu_vcpu[partitions[i].spec.pcpu[v]] = (struct vcpu_ref){ &partitions[i], v };
	manage_init(partitions, map->n_parts < MAX_PARTITIONS ? (unsigned)map->n_parts : MAX_PARTITIONS, map,
		    in->groups);
	channels_init(partitions, map->n_parts < MAX_PARTITIONS ? (unsigned)map->n_parts : MAX_PARTITIONS, map);
	/* DMA is confined before any partition runs: every owned stream translated into its
	 * owner's memory, every other stream aborted. */
	if (!smmu_setup(in, partitions, map->n_parts))
		return false;
	/* Every partition's memory zeroed before any starts, so the first one to run does not wait
	 * for (or run beside) the others' scrubbing. */
	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++)
		partition_scrub(&partitions[i]);
	/* Memory prepared on first touch must be ready before any DMA: DMA that the virtual PCI
	 * Command register does not gate means all of it at every start (guest_mem.h). */
	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++)
		partitions[i].mem_eager = dma_has_ungated_master(in->groups, map, i);
	/* Start only once every CPU knows its vCPU: a partition's CPU_ON may target any of them. */
	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++)
		partition_start(&partitions[i]);
	return true;
}
