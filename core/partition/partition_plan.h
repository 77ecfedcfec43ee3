/* The creation plan of a partition: its spec (core/partition/partition.h), resolved from the
 * validated partition map, the board and its PCI topology and groups. Pure: the hypervisor creates
 * partitions from it, and a host build of the same function shows what the hypervisor would
 * create for a board and config (for comparison with the checker's verdict). */
#ifndef BULKHEAD_CORE_PARTITION_PLAN_H
#define BULKHEAD_CORE_PARTITION_PLAN_H

#include <stdbool.h>

#include "core/base/diag.h"
#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/partition/partition.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"

struct plan_inputs {
	const struct platform *plat;
	const struct pci_topology *pci;
	const struct group_set *groups;
	const struct config_blobs *blobs; /* the images U-Boot loaded */
};

struct partition_plan {
	struct partition_spec spec;
	/* The PCI functions spec.pci describes, in the same order (spec.n_pci of them): until
	 * config-space passthrough exists, the hypervisor enables their memory decoding and bus
	 * mastering before the partition starts. */
	const struct pci_function *pci_fns[PART_MAX_PCI];
};

/* The plan of map partition `mp`: its vCPUs' CPUs, memory, its devices' registers (whole 4 KiB
 * pages, each once), its PCI functions with their memory BARs at CPU addresses, its SPIs with the
 * trigger the board gives them, its emulated console at the board console's address, its images.
 * Problems are diagnostics with the partition's name as path (docs/config.md, plan-* codes);
 * returns false, the partition not to be created, on an error. The spec is filled as far as the
 * plan got (spec.n_pci and pci_fns even then). */
bool partition_plan(const struct pmap_partition *mp, const struct plan_inputs *in, struct partition_plan *out,
		    struct diag_list *dl);

#endif
