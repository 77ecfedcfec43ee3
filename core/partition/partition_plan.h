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
	/* The PCI functions spec.pci describes, in the same order (spec.n_pci of them). The
	 * runtime reaches them through spec.pci's host/bus/devfn (arch/arm64/vm/partition_pci.c). */
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

/* The same plan without the images (in->blobs is not read, spec.kernel and spec.initrd stay
 * empty): everything the partition's device tree is made of, for validation to measure it. */
bool partition_plan_resources(const struct pmap_partition *mp, const struct plan_inputs *in, struct partition_plan *out,
			      struct diag_list *dl);

/* The partition's virtual PCI host bridge with the functions the map placed on it (none: true,
 * spec.vpci stays NULL), built into `bus` as validation built it (same vpci_bus_build, so the
 * same virtual addresses), spec.vpci pointed at it. False with a diagnostic (plan-vpci) when the
 * functions cannot all be placed. */
struct vpci_bus;
bool partition_plan_vpci(const struct pmap_partition *mp, const struct plan_inputs *in, struct vpci_bus *bus,
			 struct partition_spec *s, struct diag_list *dl);

#endif
