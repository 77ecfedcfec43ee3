/* The hypervisor's PCI configuration-space accessor: ECAM (PCIe base spec 7.2.2), one 4 KiB
 * window per function at host ECAM base + ((bus - bus_start) << 20 | devfn << 12 | offset). */
#ifndef BULKHEAD_DRIVERS_PLATFORM_PCI_ECAM_H
#define BULKHEAD_DRIVERS_PLATFORM_PCI_ECAM_H

#include "core/pci/pci.h"
#include "core/pci/vpci.h"
#include "core/platform/platform.h"

/* Fill `ops` to access the host bridges of `plat` (which must outlive the ops). The ECAM windows
 * must be mapped as device memory at their physical addresses before use. */
void pci_ecam_ops(struct pci_cfg_ops *ops, const struct platform *plat);
/* The same for the partitions' virtual host bridges: 1-, 2- and 4-byte accesses. */
void pci_ecam_vpci_ops(struct vpci_phys_ops *ops, const struct platform *plat);

#endif
