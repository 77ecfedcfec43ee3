/* From a validated partition map to running partitions. */
#include <string.h>

#include "arch/arm64/vm/boot_partitions.h"
#include "arch/arm64/vm/partition_run.h"
#include "arch/arm64/vm/partition_setup.h"
#include "arch/arm64/vm/smmu.h"
#include "core/base/diag.h"
#include "core/base/log.h"
#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/partition/partition_plan.h"
#include "core/pci/pci.h"
#include "core/pci/vpci.h"

static struct partition_rt partitions[MAX_PARTITIONS];

static struct vpci_bus vpci_buses[MAX_PARTITIONS];

/* The partition's virtual PCI host bridge with the endpoints the partition map placed on it
 * (their INTx lines are among the map's SPIs: forwarded like any owned SPI, level-triggered). The
 * same build as validation's, so the same virtual addresses; this one keeps the runtime state. */
static void plan_vpci(const struct pmap_partition *mp, const struct boot_inputs *in, struct partition_spec *s,
		      struct vpci_bus *bus)
{
	size_t owned[VPCI_MAX_FNS];
	struct diag_list dl;
	bool ok;

	if (!mp->n_pci || mp->n_pci > VPCI_MAX_FNS)
		return;
	for (size_t i = 0; i < mp->n_pci; i++)
		owned[i] = mp->pci[i].fn;
	diag_init(&dl);
	ok = vpci_bus_build(bus, in->plat, in->pci, owned, mp->n_pci, mp->name, &dl);
	diag_print(&dl);
	diag_free(&dl);
	if (ok && bus->n_fns == mp->n_pci)
		s->vpci = bus;
	else
		log_printf("partition %s: its PCI functions are not on a virtual host bridge\n", mp->name);
}

/* The partition's creation plan; false (after printing why) if it is not to be created. */
static bool plan_partition(const struct pmap_partition *mp, const struct boot_inputs *in, struct partition_plan *plan,
			   struct vpci_bus *bus)
{
	struct plan_inputs pin = { in->plat, in->pci, in->groups, in->blobs };
	struct diag_list dl;
	bool ok;

	diag_init(&dl);
	ok = partition_plan(mp, &pin, plan, &dl);
	for (size_t i = 0; i < dl.count; i++)
		log_printf("partition %s: %s\n", dl.items[i].path, dl.items[i].message);
	diag_free(&dl);
	if (ok)
		plan_vpci(mp, in, &plan->spec, bus);
	return ok;
}

unsigned boot_partitions(const struct boot_inputs *in)
{
	const struct partition_map *map = in->map;
	unsigned started = 0;

	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++) {
		struct partition_plan plan;
		struct partition_rt *p = &partitions[i];

		if (!plan_partition(&map->parts[i], in, &plan, &vpci_buses[i]) ||
		    !partition_create(p, &plan.spec, in->board_fdt, in->plat)) {
			log_printf("partition %s: not started\n", map->parts[i].name);
			continue;
		}
		/* Its configuration accesses go to the bus its DT describes. */
		vpci_ecam_init(&p->vpci, plan.spec.vpci ? &vpci_buses[i] : NULL, in->plat);
		for (unsigned v = 0; v < plan.spec.n_vcpus; v++)
			if (plan.spec.pcpu[v] < MAX_CPUS)
				cpu_vcpu[plan.spec.pcpu[v]] = (struct vcpu_ref){ p, v };
		started++;
	}
	/* DMA is confined before any partition runs: every owned stream translated into its
	 * owner's memory, every other stream aborted. */
	smmu_setup(in, partitions, map->n_parts < MAX_PARTITIONS ? map->n_parts : MAX_PARTITIONS);
	/* Every partition's memory zeroed before any starts, so the first one to run does not wait
	 * for (or run beside) the others' scrubbing. */
	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++)
		if (partitions[i].dtb)
			partition_scrub(&partitions[i]);
	/* Start only once every CPU knows its vCPU: a partition's CPU_ON may target any of them. */
	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++)
		if (partitions[i].dtb)
			partition_start(&partitions[i]);
	return started;
}
