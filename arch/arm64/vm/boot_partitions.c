/* From a validated partition map to running partitions. */
#include <string.h>

#include "arch/arm64/vm/boot_partitions.h"
#include "arch/arm64/vm/manage_call.h"
#include "arch/arm64/vm/partition_run.h"
#include "arch/arm64/vm/partition_setup.h"
#include "arch/arm64/vm/smmu.h"
#include "core/base/diag.h"
#include "core/base/log.h"
#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/partition/partition_plan.h"
#include "core/pci/pci.h"
#include "drivers/platform/pci_ecam.h"

static struct partition_rt partitions[MAX_PARTITIONS];

#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004

/* Until config-space passthrough exists, bulkhead enables memory decoding and bus mastering for
 * the PCI functions it assigns (the plan maps their BARs and describes them in the DT). */
static void enable_pci_functions(const struct partition_plan *plan, const struct platform *plat)
{
	struct pci_cfg_ops ops;

	pci_ecam_ops(&ops, plat);
	for (unsigned i = 0; i < plan->spec.n_pci; i++) {
		const struct pci_function *f = plan->pci_fns[i];
		uint8_t devfn = PCI_DEVFN(f->dev, f->fn);
		uint32_t cmd = ops.read32(ops.ctx, (unsigned)f->host, f->bus, devfn, PCI_COMMAND);

		ops.write32(ops.ctx, (unsigned)f->host, f->bus, devfn, PCI_COMMAND,
			    (cmd & 0xffffu) | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	}
}

/* The partition's creation plan; false (after printing why) if it is not to be created. */
static bool plan_partition(const struct pmap_partition *mp, const struct boot_inputs *in, struct partition_plan *plan)
{
	struct plan_inputs pin = { in->plat, in->pci, in->groups, in->blobs };
	struct diag_list dl;
	bool ok;

	diag_init(&dl);
	ok = partition_plan(mp, &pin, plan, &dl);
	enable_pci_functions(plan, in->plat);
	for (size_t i = 0; i < dl.count; i++)
		log_printf("partition %s: %s\n", dl.items[i].path, dl.items[i].message);
	diag_free(&dl);
	return ok;
}

unsigned boot_partitions(const struct boot_inputs *in)
{
	const struct partition_map *map = in->map;
	unsigned started = 0;

	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++) {
		struct partition_plan plan;
		struct partition_rt *p = &partitions[i];

		if (!plan_partition(&map->parts[i], in, &plan) ||
		    !partition_create(p, &plan.spec, in->board_fdt, in->plat)) {
			log_printf("partition %s: not started\n", map->parts[i].name);
			continue;
		}
		for (unsigned v = 0; v < plan.spec.n_vcpus; v++)
			if (plan.spec.pcpu[v] < MAX_CPUS)
				cpu_vcpu[plan.spec.pcpu[v]] = (struct vcpu_ref){ p, v };
		started++;
	}
	manage_init(partitions, map->n_parts < MAX_PARTITIONS ? (unsigned)map->n_parts : MAX_PARTITIONS, map,
		    in->groups);
	/* DMA is confined before any partition runs: every owned stream translated into its
	 * owner's memory, every other stream aborted. */
	smmu_setup(in, partitions, map->n_parts < MAX_PARTITIONS ? map->n_parts : MAX_PARTITIONS);
	/* Start only once every CPU knows its vCPU: a partition's CPU_ON may target any of them. */
	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++)
		if (partitions[i].dtb)
			partition_start(&partitions[i]);
	return started;
}
