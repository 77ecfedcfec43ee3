/* Platform discovery: SMMUs and every other device node (registers, interrupts, streams). */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "core/platform/platform.h"
#include "core/platform/platform_internal.h"

#define MAX_REGS 16
#define MAX_IRQS 64
#define MAX_DEPTH 32

bool plat_grow(void **array, size_t *count, size_t elem_size)
{
	size_t n = *count;

	if (n == 0 || (n & (n - 1)) == 0) {
		size_t cap = n ? n * 2 : 1;
		void *p = realloc(*array, cap * elem_size);

		if (!p)
			return false;
		*array = p;
	}
	memset((char *)*array + n * elem_size, 0, elem_size);
	*count = n + 1;
	return true;
}

bool plat_translate(const void *fdt, int node, uint64_t addr, uint64_t *out)
{
	int child = fdtp_parent(fdt, node);

	while (child > 0) {
		int parent = fdtp_parent(fdt, child);
		int len;
		const uint32_t *r = fdtp_getprop(fdt, child, "ranges", &len);
		uint32_t ca, pa, sc;
		size_t stride, n;
		bool found = false;

		if (!r)
			return false; /* no `ranges`: this bus is not memory-mapped */
		if (len == 0) {
			child = parent;
			continue; /* identity */
		}
		if (fdtp_child_addr_cells(fdt, child, &ca, NULL) != FDTP_OK ||
		    fdtp_child_size_cells(fdt, child, &sc, NULL) != FDTP_OK ||
		    fdtp_child_addr_cells(fdt, parent < 0 ? 0 : parent, &pa, NULL) != FDTP_OK)
			return false;
		/* A bus whose addresses carry a space cell (fsl-mc) cannot be translated from a
		 * 64-bit address alone: its nodes are not CPU-addressable here. */
		if (ca > 2)
			return false;
		stride = ca + pa + sc;
		n = (size_t)len / 4;
		for (size_t i = 0; stride && i + stride <= n; i += stride) {
			uint64_t cbase = fdtp_read_number(r, i, ca);
			uint64_t pbase = fdtp_read_number(r, i + ca, pa);
			uint64_t size = fdtp_read_number(r, i + ca + pa, sc);

			if (addr >= cbase && addr - cbase < size) {
				addr = addr - cbase + pbase;
				found = true;
				break;
			}
		}
		if (!found)
			return false;
		child = parent;
	}
	*out = addr;
	return true;
}

/* A node without `status`, or with "okay"/"ok", is in use. */
bool plat_node_enabled(const void *fdt, int node)
{
	const char *status;

	return fdtp_string(fdt, node, "status", &status, NULL) != FDTP_OK || strcmp(status, "okay") == 0 ||
	       strcmp(status, "ok") == 0;
}

static enum plat_dev_role role_of(const void *fdt, int node, const struct platform *plat)
{
	enum smmu_model model;
	enum smmu_impl impl;
	const char *type;

	if (plat->gic.version != GIC_NONE && (node == plat->gic.node || fdtp_parent(fdt, node) == plat->gic.node))
		return DEV_ROLE_GIC;
	if (plat_smmu_match(fdt, node, &model, &impl))
		return DEV_ROLE_SMMU;
	if (fdtp_string(fdt, node, "device_type", &type, NULL) == FDTP_OK && strcmp(type, "pci") == 0)
		return DEV_ROLE_PCI_HOST;
	if (fdtp_node_check_compatible(fdt, node, "arm,armv8-timer") == 0)
		return DEV_ROLE_TIMER;
	if (fdtp_node_check_compatible(fdt, node, "arm,psci") == 0 ||
	    fdtp_node_check_compatible(fdt, node, "arm,psci-0.2") == 0 ||
	    fdtp_node_check_compatible(fdt, node, "qemu,fw-cfg-mmio") == 0)
		return DEV_ROLE_FIRMWARE;
	return DEV_ROLE_OTHER;
}

/* Subtrees that are not devices of their own: described elsewhere or not memory-mapped. */
static bool skip_subtree(const void *fdt, int node)
{
	const char *name = fdtp_get_name(fdt, node, NULL);
	const char *type;

	if (!name)
		return true;
	if (strcmp(name, "cpus") == 0 || strcmp(name, "chosen") == 0 || strcmp(name, "aliases") == 0 ||
	    strcmp(name, "reserved-memory") == 0 || strncmp(name, "__", 2) == 0)
		return true;
	if (fdtp_string(fdt, node, "device_type", &type, NULL) == FDTP_OK && strcmp(type, "memory") == 0)
		return true;
	return !plat_node_enabled(fdt, node);
}

static bool is_pci_host(const void *fdt, int node)
{
	const char *type;

	return fdtp_string(fdt, node, "device_type", &type, NULL) == FDTP_OK && strcmp(type, "pci") == 0;
}

/* A DMA engine moves data itself, so it is a bus master even without `iommus` or `dma-coherent`:
 * a provider of the DMA binding (`#dma-cells`), except a request router (`dma-masters`), which
 * only steers request lines to the real engine; and the PrimeCell DMA controllers, whose older
 * bindings leave `#dma-cells` out (Calxeda's pl330 has none). */
static bool is_dma_engine(const void *fdt, int node)
{
	static const char *const primecell_dmacs[] = { "arm,pl330", "arm,pl080", "arm,pl081" };

	if (fdtp_bool(fdt, node, "#dma-cells") && !fdtp_bool(fdt, node, "dma-masters"))
		return true;
	for (size_t i = 0; i < sizeof(primecell_dmacs) / sizeof(primecell_dmacs[0]); i++)
		if (fdtp_node_check_compatible(fdt, node, primecell_dmacs[i]) == 0)
			return true;
	return false;
}

static void discover_one_device(const void *fdt, int node, struct platform *plat, struct diag_list *dl)
{
	struct fdtp_reg regs[MAX_REGS];
	struct plat_irq irqs[MAX_IRQS];
	struct plat_device *d;
	const char *compat;
	int nreg, nirq;
	bool has_iommus = fdtp_bool(fdt, node, "iommus");

	nreg = fdtp_reg(fdt, node, regs, MAX_REGS, dl);
	nirq = plat_decode_irqs(fdt, node, plat, irqs, MAX_IRQS, dl);
	if (nreg <= 0 && nirq <= 0 && !has_iommus)
		return;
	if (!PLAT_PUSH(plat->devices, plat->n_devices)) {
		dl->out_of_memory = true;
		return;
	}
	d = &plat->devices[plat->n_devices - 1];
	d->path = fdtp_path_dup(fdt, node);
	d->node = node;
	if (fdtp_string(fdt, node, "compatible", &compat, dl) == FDTP_OK)
		d->compatible = strdup(compat);
	d->role = role_of(fdt, node, plat);
	if (nreg > 0) {
		d->regs = calloc((size_t)nreg, sizeof(*d->regs));
		if (!d->regs) {
			dl->out_of_memory = true;
			return;
		}
		for (int i = 0; i < nreg; i++) {
			uint64_t base;

			if (!plat_translate(fdt, node, regs[i].base, &base))
				continue; /* not CPU-addressable (e.g. on an indirect bus) */
			d->regs[d->n_regs++] = (struct mem_range){ base, regs[i].size };
		}
	}
	if (nirq > 0) {
		d->irqs = calloc((size_t)nirq, sizeof(*d->irqs));
		if (!d->irqs) {
			dl->out_of_memory = true;
			return;
		}
		memcpy(d->irqs, irqs, (size_t)nirq * sizeof(*irqs));
		d->n_irqs = (size_t)nirq;
	}
	plat_decode_iommus(fdt, node, plat, d, dl);
	/* An IOMMU or a host bridge carries dma-coherent for its own table walks or for the
	 * functions below it; neither is a bus master of its own. A device with `iommus` is a DMA
	 * master whether or not its IOMMU is one bulkhead can use. */
	d->dma_capable = (d->role == DEV_ROLE_OTHER || d->role == DEV_ROLE_FIRMWARE) &&
			 (has_iommus || fdtp_bool(fdt, node, "dma-coherent") || is_dma_engine(fdt, node) ||
			  fdtp_node_check_compatible(fdt, node, "virtio,mmio") == 0);
}

/* A bus whose masters Linux finds through `iommu-map` (a PCI host bridge, fsl-mc) but bulkhead
 * does not enumerate: the masters and their streams exist, bulkhead just cannot name them. */
static void warn_unscanned_iommu_map(const void *fdt, int node, const struct platform *plat, struct diag_list *dl)
{
	const char *compat = "?";
	char p[256];

	if (!fdtp_bool(fdt, node, "iommu-map"))
		return;
	for (size_t i = 0; i < plat->n_pci_hosts; i++)
		if (plat->pci_hosts[i].node == node)
			return;
	fdtp_string(fdt, node, "compatible", &compat, NULL);
	diag_warn(dl, "dt-iommu-map-unscanned", fdtp_path(fdt, node, p, sizeof(p)), "iommu-map",
		  "%s \"%s\" is not one bulkhead scans (generic ECAM host bridges only): the DMA masters "
		  "behind it are not grouped and cannot be given to a partition",
		  is_pci_host(fdt, node) ? "PCI host bridge" : "bus", compat);
}

void plat_discover_devices(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	/* fdtp_next_node() from -1 counts the root it enters first: starting at -1 gives it 0. */
	int node, depth = -1, skip_depth = -1;

	for (node = fdtp_next_node(fdt, -1, &depth); node >= 0; node = fdtp_next_node(fdt, node, &depth)) {
		if (skip_depth >= 0) {
			if (depth > skip_depth)
				continue;
			skip_depth = -1;
		}
		if (depth == 0)
			continue; /* the root */
		if (depth > MAX_DEPTH) {
			char p[256];

			diag_error(dl, "dt-too-deep", fdtp_path(fdt, node, p, sizeof(p)), NULL,
				   "nested deeper than %d levels", MAX_DEPTH);
			skip_depth = depth;
			continue;
		}
		if (skip_subtree(fdt, node)) {
			skip_depth = depth;
			continue;
		}
		discover_one_device(fdt, node, plat, dl);
		warn_unscanned_iommu_map(fdt, node, plat, dl);
		/* PCI functions below a host bridge are found by scanning ECAM (or, in the host
		 * tool, from the bridge's child nodes), not as platform devices. */
		if (is_pci_host(fdt, node))
			skip_depth = depth;
	}
}

static void free_device(struct plat_device *d)
{
	free(d->path);
	free(d->compatible);
	free(d->regs);
	free(d->irqs);
	free(d->streams);
	free(d->foreign_iommu);
	free(d->foreign_iommu_compatible);
}

void platform_free(struct platform *plat)
{
	free(plat->model);
	free(plat->compatible);
	free(plat->mem);
	for (size_t i = 0; i < plat->n_reserved; i++)
		free(plat->reserved[i].path);
	free(plat->reserved);
	for (size_t i = 0; i < plat->n_cpus; i++)
		free(plat->cpus[i].path);
	free(plat->cpus);
	free(plat->gic.path);
	free(plat->gic.its_path);
	free(plat->stdout_path);
	for (size_t i = 0; i < plat->n_smmus; i++) {
		for (size_t k = 0; k < plat->smmus[i].n_irqs; k++)
			free(plat->smmus[i].irq_names[k]);
		free(plat->smmus[i].irq_names);
		free(plat->smmus[i].irqs);
		free(plat->smmus[i].path);
	}
	free(plat->smmus);
	for (size_t i = 0; i < plat->n_pci_hosts; i++) {
		struct plat_pci_host *h = &plat->pci_hosts[i];

		free(h->path);
		free(h->ranges);
		free(h->iommu_map);
		free(h->msi_map);
		free(h->irqs);
		free(h->intx);
	}
	free(plat->pci_hosts);
	for (size_t i = 0; i < plat->n_devices; i++)
		free_device(&plat->devices[i]);
	free(plat->devices);
	memset(plat, 0, sizeof(*plat));
	plat->console = -1;
}
