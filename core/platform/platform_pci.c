/* Platform discovery: PCI host bridges (generic ECAM). */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "core/platform/platform.h"
#include "core/platform/platform_internal.h"

#define PCI_ADDR_CELLS 3
#define PCI_PHYS_HI_SPACE(hi) (((hi) >> 24) & 3)
#define PCI_PHYS_HI_PREFETCH(hi) (((hi) >> 30) & 1)

static bool parse_ranges(const void *fdt, struct plat_pci_host *h, struct diag_list *dl)
{
	int parent = fdtp_parent(fdt, h->node);
	uint32_t pac, sc;
	const uint32_t *c;
	size_t n, stride;

	if (fdtp_child_addr_cells(fdt, parent < 0 ? 0 : parent, &pac, dl) != FDTP_OK ||
	    fdtp_child_size_cells(fdt, h->node, &sc, dl) != FDTP_OK)
		return false;
	stride = PCI_ADDR_CELLS + pac + sc;
	switch (fdtp_cells(fdt, h->node, "ranges", (unsigned)stride, &c, &n, dl)) {
	case FDTP_ABSENT:
		return true;
	case FDTP_BAD:
		return false;
	case FDTP_OK:
		break;
	}
	for (size_t i = 0; i < n; i += stride) {
		uint32_t hi = fdtp_cell(c, i);

		if (!PLAT_PUSH(h->ranges, h->n_ranges))
			return false;
		h->ranges[h->n_ranges - 1] = (struct plat_pci_range){
			.space = PCI_PHYS_HI_SPACE(hi),
			.prefetchable = PCI_PHYS_HI_PREFETCH(hi),
			.pci_addr = fdtp_read_number(c, i + 1, 2),
			.cpu_addr = fdtp_read_number(c, i + PCI_ADDR_CELLS, pac),
			.size = fdtp_read_number(c, i + PCI_ADDR_CELLS + pac, sc),
		};
	}
	return true;
}

/* iommu-map / msi-map: entries of <rid-base phandle id-base length>, as Linux's of_map_id. */
static bool parse_id_map(const void *fdt, const struct platform *plat, struct plat_pci_host *h, const char *prop,
			 const char *mask_prop, bool *has, uint32_t *mask, struct plat_id_map **map, size_t *nmap,
			 bool iommu, struct diag_list *dl)
{
	const uint32_t *c;
	size_t n;

	*mask = 0xffffffffu;
	switch (fdtp_cells(fdt, h->node, prop, 4, &c, &n, dl)) {
	case FDTP_ABSENT:
		*has = false;
		return true;
	case FDTP_BAD:
		return false;
	case FDTP_OK:
		break;
	}
	*has = true;
	if (fdtp_u32(fdt, h->node, mask_prop, mask, dl) == FDTP_BAD)
		return false;
	for (size_t i = 0; i < n; i += 4) {
		struct plat_id_map e = {
			.rid_base = fdtp_cell(c, i),
			.phandle = fdtp_cell(c, i + 1),
			.id_base = fdtp_cell(c, i + 2),
			.length = fdtp_cell(c, i + 3),
			.target = -1,
		};

		if (iommu) {
			e.target = platform_find_smmu_by_phandle(plat, e.phandle);
			if (e.target < 0) {
				diag_error(dl, "dt-bad-iommu-map", h->path, prop,
					   "entry %zu references phandle 0x%x, which is no IOMMU bulkhead knows", i / 4,
					   e.phandle);
				continue;
			}
		}
		if (!PLAT_PUSH(*map, *nmap))
			return false;
		(*map)[*nmap - 1] = e;
	}
	return true;
}

static bool add_irq_unique(struct plat_pci_host *h, const struct plat_irq *irq)
{
	for (size_t i = 0; i < h->n_irqs; i++)
		if (h->irqs[i].intid == irq->intid)
			return true;
	if (!PLAT_PUSH(h->irqs, h->n_irqs))
		return false;
	h->irqs[h->n_irqs - 1] = *irq;
	return true;
}

/* interrupt-map-mask: <phys.hi phys.mid phys.lo pin>; only phys.hi (bus, devfn) and the pin
 * matter for INTx routing. */
static void parse_interrupt_map_mask(const void *fdt, struct plat_pci_host *h, struct diag_list *dl)
{
	const uint32_t *c;
	size_t n;

	h->intx_mask_hi = 0xffffffffu;
	h->intx_mask_pin = 0xffffffffu;
	if (fdtp_cells(fdt, h->node, "interrupt-map-mask", PCI_ADDR_CELLS + 1, &c, &n, dl) == FDTP_OK && n >= 4) {
		h->intx_mask_hi = fdtp_cell(c, 0);
		h->intx_mask_pin = fdtp_cell(c, 3);
	}
}

/* INTx lines: the GIC specifiers named by interrupt-map, deduplicated in `irqs`, and every entry
 * with its child address in `intx` (core/pci/vpci_intx.c resolves functions through them). */
static bool parse_interrupt_map(const void *fdt, const struct platform *plat, struct plat_pci_host *h,
				struct diag_list *dl)
{
	const uint32_t *c;
	size_t n, i = 0;
	uint32_t child_icells = 1, gic_acells = 0, gic_icells = 3;

	parse_interrupt_map_mask(fdt, h, dl);
	if (fdtp_cells(fdt, h->node, "interrupt-map", 1, &c, &n, dl) != FDTP_OK || !plat->gic.path)
		return true;
	fdtp_u32(fdt, h->node, "#interrupt-cells", &child_icells, dl);
	fdtp_u32(fdt, plat->gic.node, "#address-cells", &gic_acells, dl);
	fdtp_u32(fdt, plat->gic.node, "#interrupt-cells", &gic_icells, dl);
	while (i < n) {
		size_t ph_at = i + PCI_ADDR_CELLS + child_icells;
		size_t spec_at = ph_at + 1 + gic_acells;
		struct plat_irq irq;

		if (spec_at + gic_icells > n || fdtp_cell(c, ph_at) != plat->gic.phandle) {
			diag_warn(dl, "dt-bad-interrupt-map", h->path, "interrupt-map",
				  "entry at cell %zu is not a GIC entry bulkhead can decode; INTx not listed", i);
			return true;
		}
		if (plat_decode_gic_spec(c + spec_at, gic_icells, &irq)) {
			if (!add_irq_unique(h, &irq) || !PLAT_PUSH(h->intx, h->n_intx))
				return false;
			h->intx[h->n_intx - 1] = (struct plat_intx_route){
				.phys_hi = fdtp_cell(c, i),
				.pin = child_icells ? fdtp_cell(c, i + PCI_ADDR_CELLS) : 0,
				.irq = irq,
			};
		}
		i = spec_at + gic_icells;
	}
	return true;
}

static void discover_one_host(const void *fdt, int node, struct platform *plat, struct diag_list *dl)
{
	struct plat_pci_host *h;
	struct fdtp_reg reg;
	const uint32_t *c;
	size_t n;
	uint32_t domain;
	bool ok = true;

	if (!PLAT_PUSH(plat->pci_hosts, plat->n_pci_hosts)) {
		dl->out_of_memory = true;
		return;
	}
	h = &plat->pci_hosts[plat->n_pci_hosts - 1];
	h->node = node;
	h->path = fdtp_path_dup(fdt, node);
	h->segment = (uint16_t)(plat->n_pci_hosts - 1);
	if (fdtp_u32(fdt, node, "linux,pci-domain", &domain, dl) == FDTP_OK)
		h->segment = (uint16_t)domain;
	if (fdtp_reg(fdt, node, &reg, 1, dl) != 1 || !plat_translate(fdt, node, reg.base, &reg.base)) {
		diag_error(dl, "dt-missing-property", h->path, "reg", "ECAM host bridge without a config window");
		return;
	}
	h->ecam = (struct mem_range){ reg.base, reg.size };
	h->bus_start = 0;
	h->bus_end = (uint8_t)((reg.size >> 20) ? ((reg.size >> 20) - 1 > 255 ? 255 : (reg.size >> 20) - 1) : 0);
	if (fdtp_cells(fdt, node, "bus-range", 2, &c, &n, dl) == FDTP_OK) {
		uint32_t lo = fdtp_cell(c, 0), hi = fdtp_cell(c, 1);

		if (lo > hi || hi > 255 || ((uint64_t)(hi - lo + 1) << 20) > reg.size) {
			diag_error(dl, "dt-bad-bus-range", h->path, "bus-range",
				   "buses %u-%u do not fit the 0x%llx-byte ECAM window", lo, hi,
				   (unsigned long long)reg.size);
		} else {
			h->bus_start = (uint8_t)lo;
			h->bus_end = (uint8_t)hi;
		}
	}
	ok = parse_ranges(fdt, h, dl) &&
	     parse_id_map(fdt, plat, h, "iommu-map", "iommu-map-mask", &h->has_iommu_map, &h->iommu_map_mask,
			  &h->iommu_map, &h->n_iommu_map, true, dl) &&
	     parse_id_map(fdt, plat, h, "msi-map", "msi-map-mask", &h->has_msi_map, &h->msi_map_mask, &h->msi_map,
			  &h->n_msi_map, false, dl) &&
	     parse_interrupt_map(fdt, plat, h, dl);
	if (!ok && !diag_has_errors(dl))
		dl->out_of_memory = true;
}

void plat_discover_pci_hosts(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	static const char *const compat[] = { "pci-host-ecam-generic", "pci-host-cam-generic", NULL };
	int node, depth = 0;

	for (node = fdtp_next_node(fdt, -1, &depth); node >= 0; node = fdtp_next_node(fdt, node, &depth)) {
		const char *status;

		if (!fdtp_compatible_any(fdt, node, compat))
			continue;
		if (fdtp_string(fdt, node, "status", &status, NULL) == FDTP_OK && strcmp(status, "okay") != 0 &&
		    strcmp(status, "ok") != 0)
			continue;
		discover_one_host(fdt, node, plat, dl);
	}
}
