/* Shared-memory channels in a partition's device tree (docs/guest-abi.md, "Channels"): one
 * root-level node per channel the partition maps,
 *
 *   channel@IPA { compatible = "bulkhead,channel"; reg = <IPA SIZE>; label = "NAME";
 *                 bulkhead,access = "read-write" | "read-only"; interrupts = <0 SPI 1>;
 *                 doorbell-gpios = <&gpio K 0>; };
 *
 * `interrupts` is the doorbell as an edge-triggered SPI of the partition's virtual GIC, for a
 * guest with its own driver. No Linux driver binds to the compatible, so the range stays
 * unclaimed and user space maps it through /dev/mem (which CONFIG_IO_STRICT_DEVMEM allows for
 * ranges no driver holds). For Linux user space the doorbell is line K of the doorbell GPIO
 * controller, an "arm,pl061" node that Linux's gpio-pl061 driver binds:
 *
 *   gpio@9f02000 { compatible = "arm,pl061", "arm,primecell"; reg = <...>;
 *                  interrupts = <0 479 4>; gpio-controller; #gpio-cells = <2>;
 *                  interrupt-controller; #interrupt-cells = <2>; clocks = <&apb_pclk>;
 *                  clock-names = "apb_pclk"; gpio-line-names = "NAME0", "NAME1", ...; };
 *
 * Its interrupt is a level-high SPI (the PL061's GPIOINTR); the line names are the channel names,
 * so user space finds a channel's line by name through the GPIO character device. */
#include <libfdt.h>
#include <string.h>

#include "core/base/format.h"
#include "core/partition/guest_dt.h"

#define GIC_SPI 0
#define IRQ_EDGE_RISING 1
#define IRQ_LEVEL_HIGH 4
#define FIRST_SPI 32

static int write_gpio(void *fdt, const struct partition_spec *spec)
{
	static const char compat[] = "arm,pl061\0arm,primecell";
	fdt32_t reg[4] = { 0, cpu_to_fdt32((uint32_t)CHANNEL_GPIO_IPA), 0, cpu_to_fdt32((uint32_t)CHANNEL_GPIO_SIZE) };
	fdt32_t irq[3] = { cpu_to_fdt32(GIC_SPI), cpu_to_fdt32(CHANNEL_GPIO_INTID - FIRST_SPI),
			   cpu_to_fdt32(IRQ_LEVEL_HIGH) };
	char names[PART_MAX_CHANNELS * 40], node[32];
	size_t len = 0;
	int err;

	for (unsigned i = 0; i < spec->n_channels; i++) {
		size_t n = strlen(spec->channels[i].name) + 1;

		if (len + n > sizeof(names))
			return -FDT_ERR_NOSPACE;
		memcpy(names + len, spec->channels[i].name, n);
		len += n;
	}
	fmt_snprintf(node, sizeof(node), "gpio@%llx", (unsigned long long)CHANNEL_GPIO_IPA);
	err = fdt_begin_node(fdt, node);
	err = err ?: fdt_property(fdt, "compatible", compat, sizeof(compat));
	err = err ?: fdt_property(fdt, "reg", reg, sizeof(reg));
	err = err ?: fdt_property(fdt, "interrupts", irq, sizeof(irq));
	err = err ?: fdt_property(fdt, "gpio-controller", NULL, 0);
	err = err ?: fdt_property_u32(fdt, "#gpio-cells", 2);
	err = err ?: fdt_property(fdt, "interrupt-controller", NULL, 0);
	err = err ?: fdt_property_u32(fdt, "#interrupt-cells", 2);
	err = err ?: fdt_property_u32(fdt, "clocks", GUEST_DT_CLK_PHANDLE);
	err = err ?: fdt_property_string(fdt, "clock-names", "apb_pclk");
	err = err ?: fdt_property(fdt, "gpio-line-names", names, (int)len);
	err = err ?: fdt_property_u32(fdt, "phandle", GUEST_DT_GPIO_PHANDLE);
	return err ?: fdt_end_node(fdt);
}

int guest_dt_channels(void *fdt, const struct partition_spec *spec)
{
	int err = spec->n_channels ? write_gpio(fdt, spec) : 0;

	for (unsigned i = 0; i < spec->n_channels && !err; i++) {
		const struct part_channel *c = &spec->channels[i];
		fdt32_t reg[4] = { cpu_to_fdt32((uint32_t)(c->ipa >> 32)), cpu_to_fdt32((uint32_t)c->ipa),
				   cpu_to_fdt32((uint32_t)(c->size >> 32)), cpu_to_fdt32((uint32_t)c->size) };
		fdt32_t irq[3] = { cpu_to_fdt32(GIC_SPI), cpu_to_fdt32(c->doorbell - FIRST_SPI),
				   cpu_to_fdt32(IRQ_EDGE_RISING) };
		fdt32_t line[3] = { cpu_to_fdt32(GUEST_DT_GPIO_PHANDLE), cpu_to_fdt32(i), 0 };
		char node[32];

		fmt_snprintf(node, sizeof(node), "channel@%llx", (unsigned long long)c->ipa);
		err = fdt_begin_node(fdt, node);
		err = err ?: fdt_property_string(fdt, "compatible", "bulkhead,channel");
		err = err ?: fdt_property(fdt, "reg", reg, sizeof(reg));
		err = err ?: fdt_property_string(fdt, "label", c->name);
		err = err ?: fdt_property_string(fdt, "bulkhead,access", c->read_only ? "read-only" : "read-write");
		err = err ?: fdt_property(fdt, "interrupts", irq, sizeof(irq));
		err = err ?: fdt_property(fdt, "doorbell-gpios", line, sizeof(line));
		err = err ?: fdt_end_node(fdt);
	}
	return err;
}
