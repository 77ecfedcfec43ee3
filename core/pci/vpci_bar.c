/* Emulated BARs: each reads the function's fixed CPU address (IPA == PA); writing all ones
 * makes the next read return the size mask (the probe every OS does), writing the fixed address
 * back ends it, and any other value is a refused relocation. The device's BARs never change. */
#include "core/pci/vpci_internal.h"

#define BAR_MEM_TYPE_64 0x4u
#define BAR_MEM_PREFETCH 0x8u
#define BAR_MEM_ADDR_MASK 0xfffffff0u
#define ROM_ADDR_MASK 0xfffff800u
#define ROM_ENABLE 0x1u

/* The BAR that register i is part of (i itself, or i - 1 for the upper half of a 64-bit BAR),
 * or NULL when register i presents nothing. */
static const struct vpci_bar *bar_of(const struct vpci_fn *fn, unsigned i, bool *upper)
{
	*upper = false;
	if (fn->bars[i].size)
		return &fn->bars[i];
	if (i > 0 && fn->bars[i - 1].size && fn->bars[i - 1].mem64) {
		*upper = true;
		return &fn->bars[i - 1];
	}
	return NULL;
}

uint32_t vpci_bar_read(const struct vpci_fn *fn, unsigned i)
{
	bool upper;
	const struct vpci_bar *b = bar_of(fn, i, &upper);
	uint64_t v;

	if (!b)
		return 0;
	v = fn->probing & (1u << i) ? ~(b->size - 1) : b->addr;
	if (upper)
		return (uint32_t)(v >> 32);
	return ((uint32_t)v & BAR_MEM_ADDR_MASK) | (b->mem64 ? BAR_MEM_TYPE_64 : 0) |
	       (b->prefetch ? BAR_MEM_PREFETCH : 0);
}

void vpci_count_relocation(struct vpci_bus *bus, struct vpci_fn *fn)
{
	bus->cnt.bar_relocations++;
	bus->cnt.dropped_writes++;
	fn->cnt.bar_relocations++;
	fn->cnt.dropped_writes++;
}

void vpci_bar_write(struct vpci_bus *bus, struct vpci_fn *fn, unsigned i, uint32_t val)
{
	bool upper;
	const struct vpci_bar *b = bar_of(fn, i, &upper);
	uint32_t addr_bits = upper ? 0xffffffffu : BAR_MEM_ADDR_MASK;
	uint32_t fixed = b ? (upper ? (uint32_t)(b->addr >> 32) : (uint32_t)b->addr & BAR_MEM_ADDR_MASK) : 0;

	fn->probing &= (uint8_t) ~(1u << i);
	if ((val & addr_bits) == addr_bits) {
		fn->probing |= (uint8_t)(1u << i);
		return;
	}
	if ((val & addr_bits) != fixed)
		vpci_count_relocation(bus, fn);
}

void vpci_rom_write(struct vpci_bus *bus, struct vpci_fn *fn, uint32_t val)
{
	/* Sizing the ROM (address bits all ones) or clearing it is what an OS does to find there is
	 * none; enabling or placing one is refused. */
	bool sizing = (val & ROM_ADDR_MASK) == ROM_ADDR_MASK && !(val & ROM_ENABLE);

	if (val != 0 && !sizing)
		vpci_count_relocation(bus, fn);
}
