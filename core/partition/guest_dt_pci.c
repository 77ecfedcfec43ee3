/* Assigned PCI functions in a partition's device tree. Until PCI config-space passthrough
 * exists, a partition does not see a PCI bus: each function it owns is a root-level node
 * "bulkhead,pci-function" whose reg lists the function's memory BARs at their CPU addresses
 * (docs/guest-abi.md). bulkhead has already enabled decoding and bus mastering. */
#include <libfdt.h>

#include "core/base/format.h"
#include "core/partition/guest_dt.h"

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
