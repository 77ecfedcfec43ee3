/* PCI in a partition's device tree.
 *
 * The virtual host bridge (core/pci/vpci.h, docs/pci-passthrough.md): a pci-host-ecam-generic
 * node at the bridge's virtual ECAM window, bus 0 only, `ranges` covering exactly the
 * functions' memory BARs 1:1 (PCI address = CPU address = IPA), INTx through `interrupt-map`
 * to the partition's virtual GIC, MSIs through `msi-map` to its virtual ITS (the functions that
 * have them, each by its own virtual requester ID: docs/msi.md), and /chosen/linux,pci-probe-only
 * (written by guest_dt.c) so Linux keeps the BARs bulkhead presents.
 *
 * The older "bulkhead,pci-function" nodes stay for bare-metal payloads that do not scan PCI:
 * each function the partition owns as a root-level node whose reg lists its memory BARs at
 * their CPU addresses (docs/guest-abi.md). Linux binds nothing to them. */
#include <libfdt.h>
#include <stdlib.h>

#include "core/base/format.h"
#include "core/partition/guest_dt.h"
#include "core/pci/vpci.h"

#define PHYS_HI_MEM32 0x02000000u
#define PHYS_HI_MEM64 0x03000000u
#define FOUR_GIB (UINT64_C(1) << 32)
#define GIC_SPI 0
#define MAX_WINDOWS (VPCI_MAX_FNS * PCI_MAX_BARS)

struct window {
	uint32_t space; /* PHYS_HI_MEM32 or PHYS_HI_MEM64 */
	uint64_t base, size;
};

static int cmp_window(const void *a, const void *b)
{
	const struct window *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/* The BARs as windows, sorted and merged where contiguous and of one space. A window is 64-bit
 * when its BARs are or it lies above 4 GiB. None is marked prefetchable: Linux requires a
 * non-prefetchable window and accepts prefetchable BARs in one, not the reverse. */
static size_t collect_windows(const struct vpci_bus *bus, struct window *w)
{
	size_t n = 0, out = 0;

	for (unsigned i = 0; i < bus->n_fns; i++)
		for (unsigned b = 0; b < PCI_MAX_BARS; b++) {
			const struct vpci_bar *bar = &bus->fns[i].bars[b];

			if (!bar->size)
				continue;
			w[n++] = (struct window){ bar->mem64 || bar->addr + bar->size > FOUR_GIB ? PHYS_HI_MEM64
												 : PHYS_HI_MEM32,
						  bar->addr, bar->size };
		}
	qsort(w, n, sizeof(*w), cmp_window);
	for (size_t i = 0; i < n; i++) {
		if (out && w[out - 1].space == w[i].space && w[out - 1].base + w[out - 1].size == w[i].base)
			w[out - 1].size += w[i].size;
		else
			w[out++] = w[i];
	}
	return out;
}

static int write_ranges(void *fdt, const struct vpci_bus *bus)
{
	struct window *w = malloc(MAX_WINDOWS * sizeof(*w));
	fdt32_t *cells;
	size_t n;
	int err;

	if (!w)
		return -FDT_ERR_NOSPACE;
	n = collect_windows(bus, w);
	cells = malloc((n ? n : 1) * 7 * sizeof(*cells));
	if (!cells) {
		free(w);
		return -FDT_ERR_NOSPACE;
	}
	for (size_t i = 0; i < n; i++) {
		fdt32_t *c = &cells[7 * i];

		c[0] = cpu_to_fdt32(w[i].space);
		c[1] = c[3] = cpu_to_fdt32((uint32_t)(w[i].base >> 32));
		c[2] = c[4] = cpu_to_fdt32((uint32_t)w[i].base);
		c[5] = cpu_to_fdt32((uint32_t)(w[i].size >> 32));
		c[6] = cpu_to_fdt32((uint32_t)w[i].size);
	}
	err = n ? fdt_property(fdt, "ranges", cells, (int)(n * 7 * sizeof(*cells))) : 0;
	free(cells);
	free(w);
	return err;
}

/* interrupt-map: <devfn << 8, 0, 0, pin> -> <&gic, [0, 0,] GIC_SPI, SPI, flags>: the GIC has no
 * address cells, or two when it has an ITS child (guest_dt.c). */
static int write_interrupt_map(void *fdt, const struct vpci_bus *bus)
{
	const fdt32_t mask[4] = { cpu_to_fdt32(0xff00), 0, 0, cpu_to_fdt32(7) };
	unsigned gic_acells = bus->msi ? 2 : 0, width = 8 + gic_acells;
	fdt32_t map[VPCI_MAX_FNS * 10];
	unsigned n = 0;
	int err;

	for (unsigned i = 0; i < bus->n_fns; i++) {
		const struct vpci_fn *f = &bus->fns[i];
		fdt32_t *c = &map[width * n], *p;

		if (!f->pin || f->intx_intid < 32)
			continue;
		c[0] = cpu_to_fdt32((uint32_t)f->vdevfn << 8);
		c[1] = c[2] = 0;
		c[3] = cpu_to_fdt32(f->pin);
		c[4] = cpu_to_fdt32(GUEST_DT_GIC_PHANDLE);
		p = &c[5];
		for (unsigned k = 0; k < gic_acells; k++)
			*p++ = 0;
		p[0] = cpu_to_fdt32(GIC_SPI);
		p[1] = cpu_to_fdt32(f->intx_intid - 32);
		p[2] = cpu_to_fdt32(f->intx_flags);
		n++;
	}
	err = fdt_property_u32(fdt, "#interrupt-cells", 1);
	if (!n)
		return err;
	err = err ?: fdt_property(fdt, "interrupt-map-mask", mask, sizeof(mask));
	return err ?: fdt_property(fdt, "interrupt-map", map, (int)(n * width * sizeof(map[0])));
}

/* msi-map: <rid phandle rid 1> for each function with MSIs: the guest's device ID is the
 * function's virtual requester ID on bus 0 (its devfn), and no other ID reaches the ITS. */
static int write_msi_map(void *fdt, const struct vpci_bus *bus)
{
	fdt32_t map[VPCI_MAX_FNS * 4];
	unsigned n = 0;

	for (unsigned i = 0; i < bus->n_fns; i++) {
		const struct vpci_fn *f = &bus->fns[i];

		if (!f->msi)
			continue;
		map[4 * n] = map[4 * n + 2] = cpu_to_fdt32(f->vdevfn);
		map[4 * n + 1] = cpu_to_fdt32(GUEST_DT_ITS_PHANDLE);
		map[4 * n + 3] = cpu_to_fdt32(1);
		n++;
	}
	return n ? fdt_property(fdt, "msi-map", map, (int)(n * 4 * sizeof(map[0]))) : 0;
}

int guest_dt_its(void *fdt, uint64_t frame_ipa)
{
	fdt64_t reg[2] = { cpu_to_fdt64(frame_ipa), cpu_to_fdt64(GUEST_DT_ITS_FRAME_SIZE) };
	char name[32];
	int err;

	fmt_snprintf(name, sizeof(name), "msi-controller@%llx", (unsigned long long)frame_ipa);
	err = fdt_begin_node(fdt, name);
	err = err ?: fdt_property_string(fdt, "compatible", "arm,gic-v3-its");
	err = err ?: fdt_property(fdt, "msi-controller", NULL, 0);
	err = err ?: fdt_property_u32(fdt, "#msi-cells", 1);
	err = err ?: fdt_property(fdt, "reg", reg, sizeof(reg));
	err = err ?: fdt_property_u32(fdt, "phandle", GUEST_DT_ITS_PHANDLE);
	return err ?: fdt_end_node(fdt);
}

int guest_dt_pci_host(void *fdt, const struct vpci_bus *bus, bool dma_coherent)
{
	fdt64_t reg[2] = { cpu_to_fdt64(bus->ecam_ipa), cpu_to_fdt64(VPCI_ECAM_SIZE) };
	fdt32_t bus_range[2] = { 0, 0 };
	char name[32];
	int err;

	fmt_snprintf(name, sizeof(name), "pcie@%llx", (unsigned long long)bus->ecam_ipa);
	err = fdt_begin_node(fdt, name);
	err = err ?: fdt_property_string(fdt, "compatible", "pci-host-ecam-generic");
	err = err ?: fdt_property_string(fdt, "device_type", "pci");
	err = err ?: fdt_property_u32(fdt, "#address-cells", 3);
	err = err ?: fdt_property_u32(fdt, "#size-cells", 2);
	err = err ?: fdt_property(fdt, "reg", reg, sizeof(reg));
	err = err ?: fdt_property(fdt, "bus-range", bus_range, sizeof(bus_range));
	err = err ?: write_ranges(fdt, bus);
	err = err ?: write_interrupt_map(fdt, bus);
	err = err ?: write_msi_map(fdt, bus);
	if (dma_coherent)
		err = err ?: fdt_property(fdt, "dma-coherent", NULL, 0);
	return err ?: fdt_end_node(fdt);
}

int guest_dt_pci_functions(void *fdt, const struct partition_spec *spec)
{
	int err = 0;

	for (unsigned i = 0; i < spec->n_pci && !err; i++) {
		const struct part_pci_fn *fn = &spec->pci[i];
		fdt64_t reg[2 * PCI_MAX_BARS];
		fdt32_t bars[PCI_MAX_BARS];
		char name[32];

		for (unsigned b = 0; b < fn->n_bars; b++) {
			reg[2 * b] = cpu_to_fdt64(fn->bar_cpu[b]);
			reg[2 * b + 1] = cpu_to_fdt64(fn->bar_size[b]);
			bars[b] = cpu_to_fdt32(fn->bar_index[b]);
		}
		fmt_snprintf(name, sizeof(name), "pci-function@%u", i);
		err = fdt_begin_node(fdt, name);
		err = err ?: fdt_property_string(fdt, "compatible", "bulkhead,pci-function");
		if (fn->n_bars) {
			err = err ?: fdt_property(fdt, "reg", reg, (int)(fn->n_bars * 2 * sizeof(reg[0])));
			err = err ?: fdt_property(fdt, "bulkhead,bars", bars, (int)(fn->n_bars * sizeof(bars[0])));
		}
		err = err ?: fdt_property_u32(fdt, "vendor-id", fn->vendor);
		err = err ?: fdt_property_u32(fdt, "device-id", fn->device);
		err = err ?: fdt_property_u32(fdt, "class-code", fn->class_code);
		err = err ?: fdt_property_string(fdt, "bulkhead,bdf", fn->bdf);
		err = err ?: fdt_end_node(fdt);
	}
	return err;
}
