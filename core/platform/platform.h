/* The board as bulkhead understands it, discovered from the device tree with libfdt.
 *
 * platform_discover() fills a struct platform from a DTB; every later stage (groups, config
 * validation, partitions, the SMMU driver) reads only this struct, never the raw DTB, except to
 * copy nodes into a guest's DTB. Strings and arrays are malloc'd and owned by the struct; release
 * them with platform_free(). Node offsets refer to the DTB that was discovered, which must stay
 * unmodified while the struct is in use. */
#ifndef BULKHEAD_CORE_PLATFORM_H
#define BULKHEAD_CORE_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/diag.h"

struct mem_range {
	uint64_t base;
	uint64_t size;
};

/* A region of RAM that is not ours to give: /memreserve/ entries and /reserved-memory children. */
struct plat_reserved {
	struct mem_range range;
	char *path; /* "/memreserve/" or the /reserved-memory child's path */
};

struct plat_cpu {
	uint64_t mpidr; /* the `reg` value: affinity fields only */
	char *path;
	int node;
};

enum gic_version { GIC_NONE = 0, GIC_V2 = 2, GIC_V3 = 3 };

#define PLAT_GIC_MAX_REDIST 4 /* #redistributor-regions a GICv3 node may have */

struct plat_gic {
	enum gic_version version;
	char *path;
	int node;
	uint32_t phandle;
	struct mem_range dist;                        /* GICD */
	struct mem_range redist[PLAT_GIC_MAX_REDIST]; /* GICR regions (v3) */
	unsigned n_redist;
	struct mem_range cpu_if;  /* GICC (v2) */
	struct mem_range hyp_if;  /* GICH (v2) */
	struct mem_range vcpu_if; /* GICV (v2) */
	struct mem_range its;     /* first ITS (v3), size 0 if none */
	char *its_path;
	uint32_t its_phandle;
	uint32_t maintenance_intid; /* 0 if the DT does not say */
};

/* Interrupt specifier as the GIC binding gives it, decoded to an INTID. */
struct plat_irq {
	uint32_t intid; /* SPI n -> 32+n, PPI n -> 16+n */
	uint32_t flags; /* trigger type cell as in the DT */
	bool ppi;
};

/* The SMMU architecture a node's compatible names (Linux 6.1's arm-smmu and arm-smmu-v3 drivers
 * accept exactly these; docs/smmuv2.md lists the strings). MMU-401 is SMMUv1 with 64 KiB register
 * pages. */
enum smmu_model {
	SMMU_MODEL_V3,
	SMMU_MODEL_V2,
	SMMU_MODEL_MMU500,
	SMMU_MODEL_MMU400,
	SMMU_MODEL_V1,
	SMMU_MODEL_MMU401,
};

/* Whose integration of the architecture: vendors whose quirks Linux handles in an "impl". */
enum smmu_impl {
	SMMU_IMPL_GENERIC,
	SMMU_IMPL_NVIDIA,  /* nvidia,smmu-500: several MMU-500s behind one node, programmed as one */
	SMMU_IMPL_QCOM,    /* qcom,smmu-v2, qcom,*-smmu-500: firmware hypervisor mediates registers */
	SMMU_IMPL_CAVIUM,  /* cavium,smmu-v2: context-bank/VMID space shared between SMMUs */
	SMMU_IMPL_MARVELL, /* marvell,ap806-smmu-500: 64-bit registers accessed as two 32-bit */
	SMMU_IMPL_CALXEDA, /* calxeda,smmu-secure-config-access: only the secure aliases work */
};

/* Register windows of one SMMU node that are separate, identically programmed instances. */
#define PLAT_SMMU_MAX_INSTANCES 3

struct plat_smmu {
	enum smmu_model model;
	enum smmu_impl impl;
	char *path;
	int node;
	uint32_t phandle;
	struct mem_range reg; /* instance 0: the one registers are read from */
	/* Every instance, reg first. Only nvidia,smmu-500 has more than one: Linux, too, treats
	 * further `reg` windows of any other SMMU as not part of it. */
	struct mem_range inst[PLAT_SMMU_MAX_INSTANCES];
	unsigned n_inst;
	uint32_t iommu_cells;       /* #iommu-cells */
	uint32_t stream_match_mask; /* SMMUv2 `stream-match-mask`, 0 if absent */
	uint32_t n_global_irqs;     /* SMMUv1/v2 `#global-interrupts`: irqs[0..n) global, rest context */
	struct plat_irq *irqs;
	char **irq_names; /* parallel to irqs; NULL entries when unnamed */
	size_t n_irqs;
};

/* One <rid-base phandle id-base length> entry of iommu-map or msi-map. */
struct plat_id_map {
	uint32_t rid_base;
	uint32_t phandle;
	int target; /* index into platform.smmus for iommu-map, -1 if not an SMMU */
	uint32_t id_base;
	uint32_t length;
};

/* One entry of a PCI host bridge's `ranges`: PCI address space window -> CPU physical. */
struct plat_pci_range {
	uint32_t space; /* 0 config, 1 I/O, 2 32-bit memory, 3 64-bit memory */
	bool prefetchable;
	uint64_t pci_addr;
	uint64_t cpu_addr;
	uint64_t size;
};

/* One entry of a PCI host bridge's `interrupt-map`, decoded: the child unit address's phys.hi
 * cell (bus << 16 | devfn << 8) and INTx pin (1 = INTA .. 4 = INTD) it matches after masking with
 * `interrupt-map-mask`, and the GIC interrupt it routes to. */
struct plat_intx_route {
	uint32_t phys_hi;
	uint32_t pin;
	struct plat_irq irq;
};

struct plat_pci_host {
	char *path;
	int node;
	uint16_t segment; /* linux,pci-domain, else the host's index */
	struct mem_range ecam;
	uint8_t bus_start, bus_end;
	struct plat_pci_range *ranges;
	size_t n_ranges;
	bool has_iommu_map;      /* absent: nothing below this bridge is behind an IOMMU */
	uint32_t iommu_map_mask; /* all ones when absent */
	struct plat_id_map *iommu_map;
	size_t n_iommu_map;
	bool has_msi_map;
	uint32_t msi_map_mask;
	struct plat_id_map *msi_map;
	size_t n_msi_map;
	struct plat_irq *irqs; /* INTx lines from interrupt-map (deduplicated) */
	size_t n_irqs;
	struct plat_intx_route *intx; /* interrupt-map entries routed to the GIC, in DT order */
	size_t n_intx;
	uint32_t intx_mask_hi, intx_mask_pin; /* interrupt-map-mask cells 0 and 3; all ones if absent */
};

/* A stream a platform device emits, from its `iommus` property. */
struct plat_stream {
	int smmu; /* index into platform.smmus */
	uint32_t sid;
	uint32_t mask; /* SMR mask (SMMUv2 2-cell form or stream-match-mask), 0 otherwise */
};

enum plat_dev_role {
	DEV_ROLE_OTHER,   /* an ordinary device a partition may own */
	DEV_ROLE_CONSOLE, /* the UART in /chosen/stdout-path: the hypervisor's */
	DEV_ROLE_GIC,
	DEV_ROLE_SMMU,
	DEV_ROLE_PCI_HOST,
	DEV_ROLE_TIMER,
	DEV_ROLE_FIRMWARE, /* psci, fw-cfg and the like */
};

/* Every other node that has `reg`, `interrupts` or `iommus`, in DT order. */
struct plat_device {
	char *path;
	int node;
	char *compatible; /* first compatible string, or NULL */
	enum plat_dev_role role;
	struct mem_range *regs;
	size_t n_regs;
	struct plat_irq *irqs;
	size_t n_irqs;
	struct plat_stream *streams;
	size_t n_streams;
	/* Can master DMA: has `iommus`, or is `dma-coherent`, a DMA engine (`#dma-cells` without
	 * `dma-masters`, or a PrimeCell DMA controller) or a known bus-master compatible
	 * (virtio,mmio). A DMA-capable device without streams has no IOMMU coverage. */
	bool dma_capable;
	/* The IOMMU node its `iommus` names when bulkhead cannot program that IOMMU (a model it has
	 * no driver for), or NULL. Such a device's DMA cannot be isolated: no partition may own it. */
	char *foreign_iommu;
	char *foreign_iommu_compatible; /* that IOMMU's first compatible, or NULL */
};

enum psci_conduit { PSCI_NONE, PSCI_SMC, PSCI_HVC };

/* SPIs a board's `interrupts` may name: INTIDs 32..PLAT_SPI_INTID_END-1, GICv3's SPI range (the
 * extended SPI range is refused). The virtual GIC models all of them (core/vdev/vgicd.h). */
#define PLAT_SPI_INTID_END 1020u

/* Physical CPUs the hypervisor runs: the first PLAT_MAX_CPUS of the board's /cpus, in DT order
 * (the hypervisor's MAX_CPUS, arch/arm64/cpu/cpu.h). A board may have more; a partition may not
 * name one of them (validate_limits.c). */
#define PLAT_MAX_CPUS 16u

struct platform {
	char *model;
	char *compatible;

	struct mem_range *mem;
	size_t n_mem;
	struct plat_reserved *reserved;
	size_t n_reserved;

	struct plat_cpu *cpus;
	size_t n_cpus;

	struct plat_gic gic;

	int console; /* index into devices, or -1 */
	uint64_t console_base;
	char *stdout_path; /* /chosen/stdout-path as given (may carry ":options") */

	enum psci_conduit psci;
	uint32_t psci_cpu_on_fid; /* 0xc4000003 unless the node says otherwise */

	struct plat_irq timer_irqs[4]; /* secure phys, non-secure phys, virt, hyp phys */
	size_t n_timer_irqs;

	struct plat_smmu *smmus;
	size_t n_smmus;
	struct plat_pci_host *pci_hosts;
	size_t n_pci_hosts;
	struct plat_device *devices;
	size_t n_devices;
};

/* Discover everything from `fdt`. Problems become diagnostics; the result is usable for a report
 * even when some were recorded, but a platform with errors must not be booted. Returns false on
 * errors (including a bad header, no memory, no CPU). */
bool platform_discover(const void *fdt, struct platform *plat, struct diag_list *dl);
void platform_free(struct platform *plat);

/* Total RAM, and lookups used by later stages. */
uint64_t platform_ram_size(const struct platform *plat);
int platform_find_device(const struct platform *plat, const char *path);
int platform_find_smmu_by_phandle(const struct platform *plat, uint32_t phandle);

/* The boot report: platform, memory, CPUs, GIC, console, SMMUs, PCI hosts, devices. */
void platform_report(const struct platform *plat);

const char *smmu_model_name(enum smmu_model m);
const char *smmu_impl_name(enum smmu_impl impl);

/* Whether bulkhead can program this SMMU so that its streams are isolated. False sets *why (if
 * not NULL) to a static sentence saying what is missing; the SMMU's devices then stay "NOT
 * isolated", and a config giving one of them to a guest must be refused. */
bool smmu_programmable(const struct plat_smmu *s, const char **why);

/* Whether the stage-2 tables this SMMU walks must map 4 KiB pages only: Tegra194/234's MMU-500
 * integration mishandles block descriptors in its walk cache, so Linux limits it to PAGE_SIZE
 * mappings, and bulkhead builds the stage 2 of every partition with a stream on it that way. */
bool smmu_needs_pages_only(const struct plat_smmu *s);

#endif
