/* The type 0 configuration header as a partition sees it (PCI Local Bus spec 6.1, 6.2). */
#include "core/pci/vpci_internal.h"

#define HEADER_MULTI_FN 0x80u

/* Whether another presented function shares fn's virtual slot: the header's multifunction bit
 * then says so, and Linux scans functions 1-7 of the slot. */
static bool slot_shared(const struct vpci_bus *bus, const struct vpci_fn *fn)
{
	for (unsigned i = 0; i < bus->n_fns; i++)
		if (&bus->fns[i] != fn && PCI_SLOT(bus->fns[i].vdevfn) == PCI_SLOT(fn->vdevfn))
			return true;
	return false;
}

void vpci_header_rule(const struct vpci_bus *bus, const struct vpci_fn *fn, unsigned reg, struct vpci_rule *r)
{
	switch (reg) {
	case 0x00: /* vendor, device */
	case 0x08: /* revision, class */
	case 0x2c: /* subsystem vendor, subsystem */
		*r = VPCI_RULE_RO;
		return;
	case PCI_REG_COMMAND: /* command, status: the capability-list bit says what is presented */
		*r = (struct vpci_rule){
			.phys = ~((uint32_t)PCI_STATUS_CAP_LIST << 16),
			.virt = fn->n_caps ? (uint32_t)PCI_STATUS_CAP_LIST << 16 : 0,
			.write = VPCI_CMD_WRITABLE,
			.rw1c = (uint32_t)PCI_STATUS_RW1C << 16,
			.hw_rw1c = (uint32_t)PCI_STATUS_RW1C << 16,
			.quiet = 0xffff0000u,
		};
		return;
	case PCI_REG_HEADER: /* cache line size (writable), latency, header type; BIST hidden */
		*r = (struct vpci_rule){
			.phys = 0x007fffffu,
			.virt = slot_shared(bus, fn) ? HEADER_MULTI_FN << 16 : 0,
			.write = 0x000000ffu,
		};
		return;
	case PCI_REG_ROM:
		*r = (struct vpci_rule){ .emul = 0xffffffffu, .kind = VPCI_EMUL_ROM };
		return;
	case PCI_REG_CAP_PTR:
		*r = (struct vpci_rule){ .virt = vpci_first_cap(fn) };
		return;
	case PCI_REG_INTERRUPT: /* line shadowed, pin as presented, min_gnt/max_lat read-only */
		*r = (struct vpci_rule){
			.phys = 0xffff0000u,
			.virt = (uint32_t)fn->int_line | (uint32_t)fn->pin << 8,
			.emul = 0x000000ffu,
			.kind = VPCI_EMUL_LINE,
		};
		return;
	default:
		break;
	}
	if (reg >= PCI_REG_BAR0 && reg <= PCI_REG_BAR5) {
		*r = (struct vpci_rule){
			.virt = vpci_bar_read(fn, (reg - PCI_REG_BAR0) / 4),
			.emul = 0xffffffffu,
			.kind = VPCI_EMUL_BAR,
		};
		return;
	}
	*r = VPCI_RULE_ZERO; /* CardBus CIS pointer, reserved 0x38 */
}
