/* The PCI functions below the board's host bridges, and how they were found.
 *
 * The hypervisor fills a struct pci_topology by enumerating ECAM itself (pci_scan(), through a
 * config-space accessor so the scan is unit-tested against a fake config space); the host tool
 * fills the same struct from the host bridge's child nodes in the DTB (pci_dt_read(), the
 * standard PCI bus binding plus a few bulkhead,* properties, docs/groups.md). Grouping
 * (core/groups/groups.h) reads only this struct, so both paths group identically.
 *
 * Functions are kept in canonical order: by segment, host, bus, devfn. A bridge therefore comes
 * before every function below it (its secondary bus is greater than its own), which
 * pci_topology_finish() checks: fns[i].parent < i always holds. */
#ifndef BULKHEAD_CORE_PCI_H
#define BULKHEAD_CORE_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/diag.h"
#include "core/platform/platform.h"

/* PCIe capability, Device/Port Type field (PCIe base spec 7.5.3.2). */
#define PCI_EXP_TYPE_ENDPOINT 0x0
#define PCI_EXP_TYPE_LEG_END 0x1
#define PCI_EXP_TYPE_ROOT_PORT 0x4
#define PCI_EXP_TYPE_UPSTREAM 0x5
#define PCI_EXP_TYPE_DOWNSTREAM 0x6
#define PCI_EXP_TYPE_PCI_BRIDGE 0x7  /* PCIe-to-PCI/PCI-X bridge */
#define PCI_EXP_TYPE_PCIE_BRIDGE 0x8 /* PCI/PCI-X-to-PCIe bridge */
#define PCI_EXP_TYPE_RC_END 0x9      /* root-complex integrated endpoint */
#define PCI_EXP_TYPE_RC_EC 0xa       /* root-complex event collector */

/* ACS capability and control bits (PCIe base spec 7.7.8). */
#define PCI_ACS_SV 0x0001 /* source validation */
#define PCI_ACS_TB 0x0002 /* translation blocking */
#define PCI_ACS_RR 0x0004 /* P2P request redirect */
#define PCI_ACS_CR 0x0008 /* P2P completion redirect */
#define PCI_ACS_UF 0x0010 /* upstream forwarding */
#define PCI_ACS_EC 0x0020 /* P2P egress control */
/* What Linux requires for isolation (REQ_ACS_FLAGS in drivers/iommu/iommu.c). */
#define PCI_ACS_ISOLATION (PCI_ACS_SV | PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_UF)

/* The Command register (PCI Local Bus spec 6.2.2): bits 15:0 of the dword at 0x04, Status in
 * 31:16. */
#define PCI_REG_COMMAND 0x04
#define PCI_CMD_IO 0x0001u
#define PCI_CMD_MEMORY 0x0002u
#define PCI_CMD_MASTER 0x0004u
#define PCI_CMD_INTX_DISABLE 0x0400u

#define PCI_DEVFN(dev, fn) ((uint8_t)((((dev)&0x1f) << 3) | ((fn)&7)))
#define PCI_SLOT(devfn) (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn) ((devfn)&7)
/* Requester ID: bus << 8 | devfn. */
#define PCI_RID(bus, devfn) ((uint16_t)(((unsigned)(bus) << 8) | (devfn)))

#define PCI_MAX_BARS 6

struct pci_bar {
	uint64_t addr; /* bus address as programmed (flag bits stripped) */
	uint64_t size; /* 0: not implemented (or the upper half of a 64-bit BAR) */
	bool mem64;
	bool prefetch;
	bool io;
};

struct pci_function {
	uint16_t segment;
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint32_t class_code;     /* base class << 16 | subclass << 8 | prog-if */
	uint8_t header_type;     /* with bit 7 (multi-function) as read */
	bool multifunction;      /* Linux's notion: header bit 7, forced for functions > 0 */
	bool is_pcie;            /* has a PCI Express capability */
	uint8_t pcie_type;       /* PCI_EXP_TYPE_*, meaningful when is_pcie */
	uint16_t acs_cap_offset; /* 0: no ACS extended capability */
	uint16_t acs_cap, acs_ctrl;
	uint8_t int_pin; /* Interrupt Pin register: 0 none, 1 = INTA .. 4 = INTD */
	bool is_bridge;  /* header type 1 (PCI-to-PCI bridge) */
	uint8_t secondary, subordinate;
	int parent; /* index of the upstream bridge function, -1 on the root bus */
	int host;   /* index into platform.pci_hosts */
	struct pci_bar bars[PCI_MAX_BARS];
};

/* Per-host facts about how the topology was obtained. */
#define PCI_HOST_SCANNED 0x1    /* enumerated through config space */
#define PCI_HOST_RENUMBERED 0x2 /* bridge bus numbers were assigned by bulkhead, not firmware */

struct pci_topology {
	struct pci_function *fns;
	size_t n_fns;
	size_t cap_fns;      /* allocated entries of fns */
	uint8_t *host_flags; /* PCI_HOST_*, one per platform.pci_hosts entry */
	size_t n_hosts;
};

/* Config-space accessor: 32-bit aligned accesses to one function's configuration space. A read
 * of an absent function returns all ones, as ECAM does. */
struct pci_cfg_ops {
	uint32_t (*read32)(void *ctx, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off);
	void (*write32)(void *ctx, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off, uint32_t val);
	void *ctx;
};

/* Enumerate every host bridge of `plat` through `ops`: every bus reachable through bridges.
 * Bridge bus numbers programmed consistently by firmware are kept; otherwise the host's bridges
 * are numbered depth-first by bulkhead (the SMMU derives stream IDs from them). Then ACS
 * (SV|RR|CR|UF, as far as advertised) is enabled on every function that has the capability, as
 * Linux does once an IOMMU driver requests ACS (root and downstream ports are where it matters),
 * and BARs are sized with decoding disabled. Returns false on errors (recorded in dl); `topo` is
 * valid (possibly partial) either way and must be released with pci_topology_free(). */
bool pci_scan(const struct platform *plat, const struct pci_cfg_ops *ops, struct pci_topology *topo,
	      struct diag_list *dl);

/* The host tool's equivalent: functions from the child nodes of each host bridge in `fdt`
 * (docs/groups.md, "PCI topology in the device tree"). */
bool pci_dt_read(const void *fdt, const struct platform *plat, struct pci_topology *topo, struct diag_list *dl);

/* Print the topology as DTS fragments, one `&{/host-path} { ... };` per host with functions,
 * which appended to the board's DTS make bulkhead-check see what the hypervisor saw. */
void pci_dt_export(const struct pci_topology *topo, const struct platform *plat);

void pci_topology_init(struct pci_topology *topo);
void pci_topology_free(struct pci_topology *topo);
/* An empty topology with per-host flags for n_hosts host bridges; false (and
 * dl->out_of_memory) when memory runs out. Both builders (ECAM scan, DT reader) start here. */
bool pci_topology_begin(struct pci_topology *topo, size_t n_hosts, struct diag_list *dl);
/* Append a zeroed function; NULL (and dl->out_of_memory) when memory runs out. */
struct pci_function *pci_topology_add(struct pci_topology *topo, struct diag_list *dl);

/* Sort into canonical order, fix up parent indices, fill segments, and check the invariants
 * (no duplicates, parents before children, children on their bridge's secondary bus). Used by
 * pci_scan() and pci_dt_read(); exported for tests and for builders of synthetic topologies. */
bool pci_topology_finish(struct pci_topology *topo, const struct platform *plat, struct diag_list *dl);

/* Index of the function at (segment, bus, devfn), or -1. O(log n) on a finished topology (whose
 * hosts have distinct segments, which pci_topology_finish() checks). */
int pci_find_function(const struct pci_topology *topo, uint16_t segment, uint8_t bus, uint8_t devfn);

/* One line per function: "pci: 0000:00:01.0 1af4:1001 class 0x010000 rc-endpoint ...". */
void pci_report(const struct pci_topology *topo, const struct platform *plat);

/* "SSSS:BB:DD.F" into buf (at least 13 bytes). */
char *pci_fn_name(const struct pci_function *f, char *buf, size_t len);
#define PCI_NAME_LEN 13

/* Name of a function's type as the report and the DT encoding spell it: "endpoint",
 * "root-port", ..., "conventional" (no PCIe capability) or "pci-bridge" (conventional bridge). */
const char *pci_type_name(const struct pci_function *f);

/* The reverse of pci_type_name(): 0 and the type, or -1 for an unknown name. */
int pci_type_from_name(const char *name, bool *is_pcie, uint8_t *type);

/* Linux's pci_acs_enabled(dev, PCI_ACS_ISOLATION) without device quirks. */
bool pci_acs_isolated(const struct pci_function *f);

/* Whether the owner of a function's group gets the function's BARs. A bridge's registers (its
 * own BARs, window and bus-number programming) stay with the hypervisor: a partition owns the
 * bridge's group for DMA, but reprogramming the bridge would reach other buses. */
static inline bool pci_bars_to_owner(const struct pci_function *f)
{
	return !f->is_bridge;
}

#endif
