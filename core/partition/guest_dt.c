#include "core/partition/guest_dt.h"

#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"
#include "core/fdt/fdt_index.h"
#include "core/pci/vpci.h"
#include "core/partition/manage.h"
#include "core/vdev/mgmt_window.h"

/* Properties that refer to things the partition does not have (other nodes by phandle, the
 * board's IOMMU and interrupt routing) or that bulkhead rewrites itself. */
static const char *const skip_props[] = {
	"reg",        "interrupt-parent", "iommus",  "iommu-map",   "iommu-map-mask",
	"msi-parent", "msi-map",          "clocks",  "clock-names", "power-domains",
	"resets",     "reset-names",      "phandle", "dmas",        "dma-names",
	"pinctrl-0",  "pinctrl-names",    "status",  NULL,
};

static bool skipped(const char *name)
{
	for (const char *const *p = skip_props; *p; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

static int prop_u64_pair(void *fdt, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t v[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };

	return fdt_property(fdt, name, v, sizeof(v));
}

static int write_memory(void *fdt, const struct partition_spec *spec)
{
	int err = 0;

	for (unsigned i = 0; i < spec->n_mem && !err; i++) {
		char name[48];

		fmt_snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)spec->mem[i].ipa);
		err = fdt_begin_node(fdt, name);
		err = err ?: fdt_property_string(fdt, "device_type", "memory");
		err = err ?: prop_u64_pair(fdt, "reg", spec->mem[i].ipa, spec->mem[i].size);
		err = err ?: fdt_end_node(fdt);
	}
	return err;
}

static int write_cpus(void *fdt, const struct partition_spec *spec, const void *board, const struct platform *plat)
{
	int err = fdt_begin_node(fdt, "cpus");

	err = err ?: fdt_property_u32(fdt, "#address-cells", 1);
	err = err ?: fdt_property_u32(fdt, "#size-cells", 0);
	for (unsigned i = 0; i < spec->n_vcpus && !err; i++) {
		char name[24];
		int len = 0;
		const void *compat = NULL;

		if (spec->pcpu[i] < plat->n_cpus)
			compat = fdtp_getprop(board, plat->cpus[spec->pcpu[i]].node, "compatible", &len);
		fmt_snprintf(name, sizeof(name), "cpu@%u", i);
		err = fdt_begin_node(fdt, name);
		err = err ?: fdt_property_string(fdt, "device_type", "cpu");
		err = err
			      ?: (compat ? fdt_property(fdt, "compatible", compat, len)
					 : fdt_property_string(fdt, "compatible", "arm,armv8"));
		err = err ?: fdt_property_u32(fdt, "reg", i);
		err = err ?: fdt_property_string(fdt, "enable-method", "psci");
		err = err ?: fdt_end_node(fdt);
	}
	return err ?: fdt_end_node(fdt);
}

static int write_psci(void *fdt)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2";
	int err = fdt_begin_node(fdt, "psci");

	err = err ?: fdt_property(fdt, "compatible", compat, sizeof(compat));
	err = err ?: fdt_property_string(fdt, "method", "hvc");
	return err ?: fdt_end_node(fdt);
}

/* /hypervisor: lets software detect bulkhead and find the management window (docs/guest-abi.md). */
static int write_hypervisor(void *fdt, const struct partition_spec *spec)
{
	int err = fdt_begin_node(fdt, "hypervisor");

	err = err ?: fdt_property_string(fdt, "compatible", "bulkhead,hypervisor");
	err = err ?: fdt_property_u32(fdt, "version", MGMT_VERSION);
	err = err ?: fdt_property_string(fdt, "partition-name", spec->name);
	err = err ?: prop_u64_pair(fdt, "reg", MGMT_WINDOW_IPA, MGMT_WINDOW_SIZE);
	return err ?: fdt_end_node(fdt);
}

static void uart_node_name(const struct partition_spec *spec, char *buf, size_t size)
{
	fmt_snprintf(buf, size, "pl011@%llx", (unsigned long long)spec->vuart.base);
}

static bool has_vpci(const struct partition_spec *spec)
{
	return spec->vpci && spec->vpci->n_fns;
}

/* dma-coherent on the virtual bridge when every physical host bridge of its functions is. */
static bool vpci_dma_coherent(const struct partition_spec *spec, const void *board, const struct platform *plat)
{
	for (unsigned i = 0; i < spec->vpci->n_fns; i++) {
		unsigned h = spec->vpci->fns[i].host;

		if (h >= plat->n_pci_hosts || !fdtp_getprop(board, plat->pci_hosts[h].node, "dma-coherent", NULL))
			return false;
	}
	return true;
}

static int write_chosen(void *fdt, const struct partition_spec *spec, const struct guest_layout *lay)
{
	int err = fdt_begin_node(fdt, "chosen");

	if (spec->vuart.present) {
		char path[40] = "/";

		uart_node_name(spec, path + 1, sizeof(path) - 1);
		err = err ?: fdt_property_string(fdt, "stdout-path", path);
	}
	if (spec->bootargs)
		err = err ?: fdt_property_string(fdt, "bootargs", spec->bootargs);
	if (lay->initrd_ipa) {
		err = err ?: fdt_property_u64(fdt, "linux,initrd-start", lay->initrd_ipa);
		err = err ?: fdt_property_u64(fdt, "linux,initrd-end", lay->initrd_end);
	}
	/* Linux keeps the BARs of the virtual PCI host bridge as presented (they cannot move). */
	if (has_vpci(spec))
		err = err ?: fdt_property_u32(fdt, "linux,pci-probe-only", 1);
	return err ?: fdt_end_node(fdt);
}

/* The board's timer node, less its interrupt-parent. */
static int write_timer(void *fdt, const void *board)
{
	int node = fdtp_node_offset_by_compatible(board, -1, "arm,armv8-timer");
	int err, off;

	if (node < 0)
		return 0;
	err = fdt_begin_node(fdt, "timer");
	fdt_for_each_property_offset(off, board, node)
	{
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(board, off, &name, &len);

		if (!err && val && !skipped(name))
			err = fdt_property(fdt, name, val, len);
	}
	return err ?: fdt_end_node(fdt);
}

/* The partition's virtual GICv3 (arch/arm64/vdev/vgic.c emulates it behind unmapped stage-2 pages):
 * the distributor at the board's address, then one 128 KiB redistributor frame per vCPU; a
 * virtual ITS (arch/arm64/vdev/vits_glue.c) as its child when the partition's PCI functions have
 * MSIs. No maintenance interrupt (guests get no virtualization extensions). */
#define GUEST_GICD_SIZE 0x10000
#define GUEST_GICR_STRIDE 0x20000

static int write_gic(void *fdt, const struct partition_spec *spec, const struct platform *plat)
{
	fdt64_t reg[4] = {
		cpu_to_fdt64(plat->gic.dist.base),
		cpu_to_fdt64(GUEST_GICD_SIZE),
		cpu_to_fdt64(plat->gic.redist[0].base),
		cpu_to_fdt64((uint64_t)spec->n_vcpus * GUEST_GICR_STRIDE),
	};
	char name[40];
	int err;

	fmt_snprintf(name, sizeof(name), "intc@%llx", (unsigned long long)plat->gic.dist.base);
	err = fdt_begin_node(fdt, name);
	err = err ?: fdt_property_string(fdt, "compatible", "arm,gic-v3");
	err = err ?: fdt_property_u32(fdt, "#interrupt-cells", 3);
	err = err ?: fdt_property(fdt, "interrupt-controller", NULL, 0);
	err = err ?: fdt_property(fdt, "reg", reg, sizeof(reg));
	err = err ?: fdt_property_u32(fdt, "phandle", GUEST_DT_GIC_PHANDLE);
	/* The virtual PCI bridge's interrupt-map names the GIC with no unit address cells, or two
	 * when the GIC has an ITS child, whose reg they describe (as on the board). */
	if (has_vpci(spec) && spec->vpci->msi) {
		err = err ?: fdt_property_u32(fdt, "#address-cells", 2);
		err = err ?: fdt_property_u32(fdt, "#size-cells", 2);
		err = err ?: fdt_property(fdt, "ranges", NULL, 0);
		err = err ?: guest_dt_its(fdt, plat->gic.its.base);
	} else if (has_vpci(spec)) {
		err = err ?: fdt_property_u32(fdt, "#address-cells", 0);
	}
	return err ?: fdt_end_node(fdt);
}

/* The one clock a partition has: a fixed 24 MHz clock (QEMU virt's apb-pclk). Linux's AMBA bus
 * needs an apb_pclk to probe a PrimeCell device at all, and the PL011 driver computes baud rates
 * from its uartclk; the board's clock tree is not given to partitions. */
static int write_clock(void *fdt)
{
	int err = fdt_begin_node(fdt, "apb-pclk");

	err = err ?: fdt_property_string(fdt, "compatible", "fixed-clock");
	err = err ?: fdt_property_u32(fdt, "#clock-cells", 0);
	err = err ?: fdt_property_u32(fdt, "clock-frequency", GUEST_DT_UART_CLK_HZ);
	err = err ?: fdt_property_string(fdt, "clock-output-names", "clk24mhz");
	err = err ?: fdt_property_u32(fdt, "phandle", GUEST_DT_CLK_PHANDLE);
	return err ?: fdt_end_node(fdt);
}

static bool is_primecell(const void *board, const struct plat_device *d)
{
	return fdtp_node_check_compatible(board, d->node, "arm,primecell") == 0;
}

/* The virtual PL011 (its clocks: write_clock). */
static int write_vuart(void *fdt, const struct partition_spec *spec)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	fdt32_t clocks[2] = { cpu_to_fdt32(GUEST_DT_CLK_PHANDLE), cpu_to_fdt32(GUEST_DT_CLK_PHANDLE) };
	/* GIC binding: <SPI number, level-high>. */
	fdt32_t irq[3] = { cpu_to_fdt32(0), cpu_to_fdt32(spec->vuart.intid - 32), cpu_to_fdt32(4) };
	char name[40], path[44] = "/";
	int err;

	uart_node_name(spec, name, sizeof(name));
	err = fdt_begin_node(fdt, name);
	err = err ?: fdt_property(fdt, "compatible", compat, sizeof(compat));
	err = err ?: prop_u64_pair(fdt, "reg", spec->vuart.base, spec->vuart.size);
	if (spec->vuart.intid >= 32)
		err = err ?: fdt_property(fdt, "interrupts", irq, sizeof(irq));
	err = err ?: fdt_property(fdt, "clocks", clocks, sizeof(clocks));
	err = err ?: fdt_property(fdt, "clock-names", clock_names, sizeof(clock_names));
	err = err ?: fdt_end_node(fdt);

	strcat(path, name);
	err = err ?: fdt_begin_node(fdt, "aliases");
	err = err ?: fdt_property_string(fdt, "serial0", path);
	return err ?: fdt_end_node(fdt);
}

static int write_device(void *fdt, const void *board, const struct plat_device *d)
{
	const char *slash = strrchr(d->path, '/');
	int err, off;

	err = fdt_begin_node(fdt, slash ? slash + 1 : d->path);
	if (d->n_regs) {
		fdt64_t reg[2 * 16];
		size_t n = d->n_regs;

		if (n > 16)
			n = 16;

		for (size_t i = 0; i < n; i++) {
			reg[2 * i] = cpu_to_fdt64(d->regs[i].base);
			reg[2 * i + 1] = cpu_to_fdt64(d->regs[i].size);
		}
		err = err ?: fdt_property(fdt, "reg", reg, (int)(n * sizeof(reg[0]) * 2));
	}
	fdt_for_each_property_offset(off, board, d->node)
	{
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(board, off, &name, &len);

		if (!err && val && !skipped(name))
			err = fdt_property(fdt, name, val, len);
	}
	/* A PrimeCell's clocks become the partition's fixed clock, once per name the board gives. */
	if (is_primecell(board, d)) {
		int names_len = 0, n = 0;
		const char *names = fdtp_getprop(board, d->node, "clock-names", &names_len);
		fdt32_t clocks[8];

		for (int i = 0; names && i < names_len && n < 8;
		     i += (int)strnlen(names + i, (size_t)(names_len - i)) + 1)
			clocks[n++] = cpu_to_fdt32(GUEST_DT_CLK_PHANDLE);
		if (n) {
			err = err ?: fdt_property(fdt, "clocks", clocks, n * (int)sizeof(clocks[0]));
			err = err ?: fdt_property(fdt, "clock-names", names, names_len);
		}
	}
	return err ?: fdt_end_node(fdt);
}

/* The fixed clock is written when the virtual UART or a copied PrimeCell device uses it. */
static bool needs_clock(const struct partition_spec *spec, const void *board, const struct platform *plat)
{
	if (spec->vuart.present || spec->n_channels) /* the doorbell GPIO controller is a PrimeCell */
		return true;
	for (unsigned i = 0; i < spec->n_devices; i++) {
		int d = platform_find_device(plat, spec->devices[i]);

		if (d >= 0 && is_primecell(board, &plat->devices[d]))
			return true;
	}
	return false;
}

/* The whole tree into buf: 0, a libfdt error, or DT_NO_DEVICE (diagnostic written). */
#define DT_NO_DEVICE 1

/* Property names are not shared (libfdt's FDT_CREATE_FLAG_NO_NAME_DEDUP): libfdt would search
 * the strings block for every property it writes, which was a third of the boot's guest DT cost,
 * to save a few hundred bytes of a tree the boot protocol allows 2 MiB for. */
static int write_tree(const struct partition_spec *spec, const void *board_fdt, const struct platform *plat,
		      const struct guest_layout *lay, void *buf, size_t size, struct diag_list *dl)
{
	char model[96];
	int err;

	fmt_snprintf(model, sizeof(model), "bulkhead partition %s", spec->name);
	err = fdt_create_with_flags(buf, (int)size, FDT_CREATE_FLAG_NO_NAME_DEDUP);
	err = err ?: fdt_finish_reservemap(buf);
	err = err ?: fdt_begin_node(buf, "");
	err = err ?: fdt_property_u32(buf, "#address-cells", 2);
	err = err ?: fdt_property_u32(buf, "#size-cells", 2);
	err = err ?: fdt_property_string(buf, "compatible", "bulkhead,partition");
	err = err ?: fdt_property_string(buf, "model", model);
	if (plat->gic.version == GIC_V3 && plat->gic.n_redist)
		err = err ?: fdt_property_u32(buf, "interrupt-parent", GUEST_DT_GIC_PHANDLE);
	err = err ?: write_chosen(buf, spec, lay);
	err = err ?: write_memory(buf, spec);
	err = err ?: write_cpus(buf, spec, board_fdt, plat);
	err = err ?: write_psci(buf);
	err = err ?: write_hypervisor(buf, spec);
	err = err ?: write_timer(buf, board_fdt);
	if (plat->gic.version == GIC_V3 && plat->gic.n_redist)
		err = err ?: write_gic(buf, spec, plat);
	if (needs_clock(spec, board_fdt, plat))
		err = err ?: write_clock(buf);
	if (spec->vuart.present)
		err = err ?: write_vuart(buf, spec);
	for (unsigned i = 0; i < spec->n_devices && !err; i++) {
		int d = platform_find_device(plat, spec->devices[i]);

		if (d < 0) {
			diag_error(dl, "part-dt-device", spec->name, NULL, "device %s is not on the board",
				   spec->devices[i]);
			return DT_NO_DEVICE;
		}
		err = write_device(buf, board_fdt, &plat->devices[d]);
	}
	if (has_vpci(spec))
		err = err ?: guest_dt_pci_host(buf, spec->vpci, vpci_dma_coherent(spec, board_fdt, plat));
	err = err ?: guest_dt_pci_functions(buf, spec);
	err = err ?: guest_dt_channels(buf, spec);
	err = err ?: fdt_end_node(buf);
	return err ?: fdt_finish(buf);
}

static void build_error(struct diag_list *dl, const struct partition_spec *spec, int err)
{
	if (err && err != DT_NO_DEVICE)
		diag_error(dl, "part-dt-build", spec->name, NULL, "cannot build the partition's device tree: %s",
			   fdt_strerror(err));
}

bool guest_dt_build(const struct partition_spec *spec, const void *board_fdt, const struct platform *plat,
		    const struct guest_layout *lay, void *buf, size_t size, struct diag_list *dl)
{
	int err = write_tree(spec, board_fdt, plat, lay, buf, size, dl);

	build_error(dl, spec, err);
	return err == 0;
}

void *guest_dt_create(const struct partition_spec *spec, const void *board_fdt, const struct platform *plat,
		      const struct guest_layout *lay, size_t *size, struct diag_list *dl)
{
	/* Most trees are a few KiB: start small, double while it does not fit. */
	for (size_t cap = GUEST_DTB_FIRST_TRY; cap <= GUEST_DTB_MAX; cap *= 2) {
		void *buf = malloc(cap);
		int err;

		if (!buf) {
			diag_error(dl, "part-dt-build", spec->name, NULL,
				   "out of memory for a %zu-byte device tree buffer", cap);
			return NULL;
		}
		err = write_tree(spec, board_fdt, plat, lay, buf, cap, dl);
		if (err == 0) {
			void *fit;

			*size = fdt_totalsize(buf);
			fit = realloc(buf, *size);
			return fit ? fit : buf;
		}
		free(buf);
		if (err != -FDT_ERR_NOSPACE) {
			build_error(dl, spec, err);
			return NULL;
		}
	}
	diag_error(dl, "part-dt-too-big", spec->name, NULL,
		   "its device tree needs more than %llu bytes (bootargs: %zu bytes, %u devices, %u PCI "
		   "functions); the arm64 boot protocol allows at most 2 MiB",
		   (unsigned long long)GUEST_DTB_MAX, spec->bootargs ? strlen(spec->bootargs) : 0, spec->n_devices,
		   spec->n_pci);
	return NULL;
}
