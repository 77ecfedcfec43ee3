/* PCI topology from the device tree: the host tool's stand-in for an ECAM scan.
 *
 * Standard PCI bus binding (IEEE 1275 PCI supplement, Linux's pci.txt): each function is a child
 * node of its host bridge or of the bridge above it, with `reg = <phys.hi 0 0 0 0>` where
 * phys.hi = bus << 16 | dev << 11 | fn << 8, and `vendor-id`, `device-id`, `class-code`,
 * `assigned-addresses` (BARs). What the binding has no words for is carried by bulkhead,*
 * properties, documented in docs/groups.md:
 *   bulkhead,pcie-type = "root-port" | "upstream-port" | "downstream-port" | "endpoint" | ...
 *                        (absent: conventional PCI; "pci-bridge": a conventional bridge)
 *   bulkhead,acs = <cap ctrl [offset]>     the ACS capability and control registers
 *   bulkhead,multifunction;                header type bit 7
 *   bus-range = <secondary subordinate>;   on bridges */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "core/pci/pci.h"

#define MAX_DT_DEPTH 32
#define PHYS_HI_SPACE(hi) (((hi) >> 24) & 3)
#define PHYS_HI_PREFETCH(hi) (((hi) >> 30) & 1)
#define SPACE_CONFIG 0
#define SPACE_IO 1
#define SPACE_MEM32 2
#define SPACE_MEM64 3

struct dt_reader {
	const void *fdt;
	const struct platform *plat;
	struct pci_topology *topo;
	struct diag_list *dl;
	int host;
	bool ok;
};

static struct pci_function *push_fn(struct dt_reader *r)
{
	struct pci_function *f = pci_topology_add(r->topo, r->dl);

	if (!f)
		r->ok = false;
	return f;
}

static void fail(struct dt_reader *r)
{
	r->ok = false;
}

/* BARs from `assigned-addresses`: entries <phys.hi phys.mid phys.lo size...>, the register
 * number (0x10 + 4 * BAR) in phys.hi bits 7:0. */
static void read_bars(struct dt_reader *r, int node, uint32_t size_cells, struct pci_function *f, const char *path)
{
	const uint32_t *c;
	size_t n, stride = 3 + size_cells;
	unsigned nbars = f->is_bridge ? 2 : PCI_MAX_BARS;

	switch (fdtp_cells(r->fdt, node, "assigned-addresses", (unsigned)stride, &c, &n, r->dl)) {
	case FDTP_ABSENT:
		return;
	case FDTP_BAD:
		fail(r);
		return;
	case FDTP_OK:
		break;
	}
	for (size_t i = 0; i < n; i += stride) {
		uint32_t hi = fdtp_cell(c, i);
		uint32_t reg = hi & 0xff;
		unsigned bar = (reg - 0x10) / 4;
		struct pci_bar *b;

		if (reg == 0x30)
			continue; /* expansion ROM: not a BAR */
		if (reg < 0x10 || (reg & 3) || bar >= nbars || PHYS_HI_SPACE(hi) == SPACE_CONFIG) {
			diag_error(r->dl, "pci-dt-bad-property", path, "assigned-addresses",
				   "entry %zu: register 0x%x is not a BAR of this function", i / stride, reg);
			fail(r);
			continue;
		}
		b = &f->bars[bar];
		b->io = PHYS_HI_SPACE(hi) == SPACE_IO;
		b->mem64 = PHYS_HI_SPACE(hi) == SPACE_MEM64;
		b->prefetch = PHYS_HI_PREFETCH(hi);
		b->addr = fdtp_read_number(c, i + 1, 2);
		b->size = fdtp_read_number(c, i + 3, size_cells);
	}
}

static void read_type(struct dt_reader *r, int node, struct pci_function *f, const char *path)
{
	const char *type;

	switch (fdtp_string(r->fdt, node, "bulkhead,pcie-type", &type, r->dl)) {
	case FDTP_ABSENT:
		break;
	case FDTP_BAD:
		fail(r);
		return;
	case FDTP_OK:
		if (pci_type_from_name(type, &f->is_pcie, &f->pcie_type) < 0) {
			diag_error(r->dl, "pci-dt-bad-property", path, "bulkhead,pcie-type",
				   "\"%s\" is no PCI function type bulkhead knows (docs/groups.md)", type);
			fail(r);
			return;
		}
		if (!f->is_pcie && strcmp(type, "pci-bridge") == 0)
			f->is_bridge = true;
		break;
	}
	if (f->is_pcie) {
		switch (f->pcie_type) {
		case PCI_EXP_TYPE_ROOT_PORT:
		case PCI_EXP_TYPE_UPSTREAM:
		case PCI_EXP_TYPE_DOWNSTREAM:
		case PCI_EXP_TYPE_PCI_BRIDGE:
		case PCI_EXP_TYPE_PCIE_BRIDGE:
			f->is_bridge = true;
			break;
		default:
			break;
		}
	}
}

static void read_acs(struct dt_reader *r, int node, struct pci_function *f, const char *path)
{
	const uint32_t *c;
	size_t n;

	switch (fdtp_cells(r->fdt, node, "bulkhead,acs", 1, &c, &n, r->dl)) {
	case FDTP_ABSENT:
		return;
	case FDTP_BAD:
		fail(r);
		return;
	case FDTP_OK:
		break;
	}
	if (n != 2 && n != 3) {
		diag_error(r->dl, "pci-dt-bad-property", path, "bulkhead,acs",
			   "%zu cells: expected <capability control> or <capability control offset>", n);
		fail(r);
		return;
	}
	f->acs_cap = (uint16_t)fdtp_cell(c, 0);
	f->acs_ctrl = (uint16_t)fdtp_cell(c, 1);
	f->acs_cap_offset = n == 3 ? (uint16_t)fdtp_cell(c, 2) : 0x100;
	if (f->acs_cap_offset < 0x100 || f->acs_cap_offset >= 0x1000) {
		diag_error(r->dl, "pci-dt-bad-property", path, "bulkhead,acs",
			   "offset 0x%x is not in extended configuration space", f->acs_cap_offset);
		f->acs_cap_offset = 0x100;
		fail(r);
	}
}

/* Read one function node; returns its index or -1. */
static int read_function(struct dt_reader *r, int node, int parent, uint32_t size_cells, uint32_t hi_cell)
{
	char path[256];
	struct pci_function *f;
	uint32_t v;
	int idx;

	fdtp_path(r->fdt, node, path, sizeof(path));
	if (PHYS_HI_SPACE(hi_cell) != SPACE_CONFIG || (hi_cell & 0xff)) {
		diag_error(r->dl, "pci-dt-bad-property", path, "reg",
			   "phys.hi 0x%08x is not a configuration-space address", hi_cell);
		fail(r);
		return -1;
	}
	f = push_fn(r);
	if (!f)
		return -1;
	idx = (int)(f - r->topo->fns);
	f->bus = (uint8_t)(hi_cell >> 16);
	f->dev = (uint8_t)((hi_cell >> 11) & 0x1f);
	f->fn = (uint8_t)((hi_cell >> 8) & 7);
	f->parent = parent;
	f->host = r->host;
	if (fdtp_u32(r->fdt, node, "vendor-id", &v, r->dl) == FDTP_OK)
		f->vendor = (uint16_t)v;
	if (fdtp_u32(r->fdt, node, "device-id", &v, r->dl) == FDTP_OK)
		f->device = (uint16_t)v;
	read_type(r, node, f, path);
	if (fdtp_u32(r->fdt, node, "class-code", &v, r->dl) == FDTP_OK) {
		f->class_code = v & 0xffffff;
		if ((v >> 8) == 0x0604 || (v >> 8) == 0x0609)
			f->is_bridge = true;
	} else if (f->is_bridge) {
		f->class_code = 0x060400;
	}
	read_acs(r, node, f, path);
	/* The PCI bus binding's `interrupts` of a function node: its INTx pin, 1 (INTA) to 4. A
	 * function wired to an interrupt controller directly (an `interrupt-parent` of its own, or
	 * more cells, as SoC-integrated endpoints do) has no INTx pin to read here: not an error. */
	int ilen = 0;

	if (fdtp_getprop(r->fdt, node, "interrupts", &ilen) && ilen == 4 &&
	    !fdtp_getprop(r->fdt, node, "interrupt-parent", NULL) &&
	    fdtp_u32(r->fdt, node, "interrupts", &v, r->dl) == FDTP_OK) {
		if (v > 4) {
			diag_error(r->dl, "pci-dt-bad-property", path, "interrupts", "INTx pin %u is not 1-4", v);
			fail(r);
		} else {
			f->int_pin = (uint8_t)v;
		}
	}
	f->multifunction = fdtp_bool(r->fdt, node, "bulkhead,multifunction");
	f->header_type = (uint8_t)((f->is_bridge ? 1 : 0) | (f->multifunction ? 0x80 : 0));
	read_bars(r, node, size_cells, f, path);
	return idx;
}

static void read_children(struct dt_reader *r, int node, int parent, unsigned depth);

/* A bridge's bus numbers: `bus-range` if given, else the bus its children sit on and the
 * highest bus below it. */
static void read_bridge(struct dt_reader *r, int node, int idx, unsigned depth)
{
	struct pci_function *f = &r->topo->fns[idx];
	const uint32_t *c;
	size_t n;
	bool have_range = false;
	char path[256];

	fdtp_path(r->fdt, node, path, sizeof(path));
	switch (fdtp_cells(r->fdt, node, "bus-range", 2, &c, &n, r->dl)) {
	case FDTP_OK:
		if (n != 2 || fdtp_cell(c, 0) > 255 || fdtp_cell(c, 1) > 255 || fdtp_cell(c, 1) < fdtp_cell(c, 0)) {
			diag_error(r->dl, "pci-dt-bad-property", path, "bus-range", "not <secondary subordinate>");
			fail(r);
			break;
		}
		f->secondary = (uint8_t)fdtp_cell(c, 0);
		f->subordinate = (uint8_t)fdtp_cell(c, 1);
		have_range = true;
		break;
	case FDTP_BAD:
		fail(r);
		break;
	case FDTP_ABSENT:
		break;
	}
	if (have_range && f->subordinate > r->plat->pci_hosts[r->host].bus_end) {
		diag_error(r->dl, "pci-dt-bad-property", path, "bus-range",
			   "buses %u-%u go beyond the host bridge's last bus %u", f->secondary, f->subordinate,
			   r->plat->pci_hosts[r->host].bus_end);
		fail(r);
		return;
	}
	if (have_range && f->secondary <= f->bus) {
		diag_error(r->dl, "pci-dt-bad-property", path, "bus-range",
			   "secondary bus %u is not above the bridge's own bus %u", f->secondary, f->bus);
		fail(r);
		return;
	}
	if (!have_range) {
		/* Secondary bus from the first child; fixed up below. */
		int child;
		uint32_t hi;
		const uint32_t *rc;
		size_t rn;

		f->secondary = f->subordinate = 0;
		fdtp_for_each_subnode(child, r->fdt, node)
		{
			if (fdtp_bool(r->fdt, child, "reg") &&
			    fdtp_cells(r->fdt, child, "reg", 1, &rc, &rn, r->dl) == FDTP_OK && rn >= 1) {
				hi = fdtp_cell(rc, 0);
				f->secondary = f->subordinate = (uint8_t)(hi >> 16);
				break;
			}
		}
	}
	read_children(r, node, idx, depth + 1);
	f = &r->topo->fns[idx]; /* the array may have moved */
	if (!have_range) {
		for (size_t i = (size_t)idx + 1; i < r->topo->n_fns; i++) {
			const struct pci_function *g = &r->topo->fns[i];
			uint8_t top = g->is_bridge && g->subordinate > g->bus ? g->subordinate : g->bus;

			if (top > f->subordinate)
				f->subordinate = top;
		}
	}
}

static void read_children(struct dt_reader *r, int node, int parent, unsigned depth)
{
	const struct plat_pci_host *h = &r->plat->pci_hosts[r->host];
	uint32_t acells, scells;
	char path[256];
	int child;

	if (depth > MAX_DT_DEPTH) {
		diag_error(r->dl, "dt-too-deep", fdtp_path(r->fdt, node, path, sizeof(path)), NULL,
			   "PCI hierarchy nested deeper than %d levels", MAX_DT_DEPTH);
		fail(r);
		return;
	}
	fdtp_for_each_subnode(child, r->fdt, node)
	{
		const uint32_t *c;
		size_t n;
		uint32_t hi;
		uint8_t bus;
		int idx;

		if (!fdtp_bool(r->fdt, child, "reg"))
			continue; /* not a function (e.g. an interrupt controller node) */
		fdtp_path(r->fdt, child, path, sizeof(path));
		/* Exactly 3 address cells: the PCI bus binding (fdtp_child_addr_cells() would default to 2). */
		if (fdtp_u32(r->fdt, node, "#address-cells", &acells, r->dl) != FDTP_OK ||
		    fdtp_child_size_cells(r->fdt, node, &scells, r->dl) != FDTP_OK || acells != 3) {
			diag_error(r->dl, "pci-dt-bad-property", path, "reg",
				   "the parent must have #address-cells = <3> (PCI bus binding)");
			fail(r);
			continue;
		}
		if (fdtp_cells(r->fdt, child, "reg", 3 + scells, &c, &n, r->dl) != FDTP_OK || n == 0) {
			fail(r);
			continue;
		}
		hi = fdtp_cell(c, 0);
		bus = (uint8_t)(hi >> 16);
		if (parent < 0 ? bus != h->bus_start : bus != r->topo->fns[parent].secondary) {
			if (parent < 0)
				diag_error(r->dl, "pci-dt-bad-bus", path, "reg",
					   "bus %u, but the host bridge's root bus is %u", bus, h->bus_start);
			else
				diag_error(r->dl, "pci-dt-bad-bus", path, "reg",
					   "bus %u, but the bridge above leads to bus %u", bus,
					   r->topo->fns[parent].secondary);
			fail(r);
			continue;
		}
		idx = read_function(r, child, parent, scells, hi);
		if (idx < 0)
			continue;
		if (r->topo->fns[idx].is_bridge) {
			read_bridge(r, child, idx, depth);
		} else {
			int sub;
			uint32_t below = 0;

			/* Only a node declaring a PCI bus (#address-cells = <3>) can have functions
			 * below it; other children (the PHYs of an MDIO function, say) are the
			 * function's own business, as in Linux. */
			if (fdtp_u32(r->fdt, child, "#address-cells", &below, NULL) != FDTP_OK || below != 3)
				continue;
			fdtp_for_each_subnode(sub, r->fdt, child)
			{
				if (fdtp_bool(r->fdt, sub, "reg")) {
					diag_error(r->dl, "pci-dt-not-bridge", path, NULL,
						   "has function nodes below it but is no bridge (set "
						   "bulkhead,pcie-type or a bridge class-code)");
					fail(r);
					break;
				}
			}
		}
	}
}

bool pci_dt_read(const void *fdt, const struct platform *plat, struct pci_topology *topo, struct diag_list *dl)
{
	struct dt_reader r = { .fdt = fdt, .plat = plat, .topo = topo, .dl = dl, .ok = true };

	if (!pci_topology_begin(topo, plat->n_pci_hosts, dl))
		return false;
	for (size_t h = 0; h < plat->n_pci_hosts && !dl->out_of_memory; h++) {
		r.host = (int)h;
		read_children(&r, plat->pci_hosts[h].node, -1, 0);
	}
	if (dl->out_of_memory)
		return false;
	return pci_topology_finish(topo, plat, dl) && r.ok;
}
