/* Shared-memory channels in a partition's device tree (docs/guest-abi.md, "Channels"): one
 * root-level node per channel the partition maps,
 *
 *   channel@IPA { compatible = "bulkhead,channel"; reg = <IPA SIZE>; label = "NAME";
 *                 bulkhead,access = "read-write" | "read-only"; interrupts = <0 SPI 1>; };
 *
 * `interrupts` is the doorbell: an edge-triggered SPI of the partition's virtual GIC. No Linux
 * driver binds to the compatible, so the range stays unclaimed and user space maps it through
 * /dev/mem (which CONFIG_IO_STRICT_DEVMEM allows for ranges no driver holds). */
#include <libfdt.h>

#include "core/base/format.h"
#include "core/partition/guest_dt.h"

#define GIC_SPI 0
#define IRQ_EDGE_RISING 1
#define FIRST_SPI 32

int guest_dt_channels(void *fdt, const struct partition_spec *spec)
{
	int err = 0;

	for (unsigned i = 0; i < spec->n_channels && !err; i++) {
		const struct part_channel *c = &spec->channels[i];
		fdt32_t reg[4] = { cpu_to_fdt32((uint32_t)(c->ipa >> 32)), cpu_to_fdt32((uint32_t)c->ipa),
				   cpu_to_fdt32((uint32_t)(c->size >> 32)), cpu_to_fdt32((uint32_t)c->size) };
		fdt32_t irq[3] = { cpu_to_fdt32(GIC_SPI), cpu_to_fdt32(c->doorbell - FIRST_SPI),
				   cpu_to_fdt32(IRQ_EDGE_RISING) };
		char node[32];

		fmt_snprintf(node, sizeof(node), "channel@%llx", (unsigned long long)c->ipa);
		err = fdt_begin_node(fdt, node);
		err = err ?: fdt_property_string(fdt, "compatible", "bulkhead,channel");
		err = err ?: fdt_property(fdt, "reg", reg, sizeof(reg));
		err = err ?: fdt_property_string(fdt, "label", c->name);
		err = err ?: fdt_property_string(fdt, "bulkhead,access", c->read_only ? "read-only" : "read-write");
		err = err ?: fdt_property(fdt, "interrupts", irq, sizeof(irq));
		err = err ?: fdt_end_node(fdt);
	}
	return err;
}
