/* A partition's virtual ECAM window (vpci_ecam.h). Accesses the filter refuses (relocating a BAR,
 * forbidden Command bits, functions the partition does not own, sizes other than 1, 2 and 4) are
 * counted there and the guest goes on (docs/pci-passthrough.md); only an access without a valid
 * syndrome, which no PCI driver makes, is a fault, as for every emulated device. */
#include "arch/arm64/vdev/vpci_ecam.h"
#include "arch/arm64/cpu/part_log.h"

#include "drivers/platform/pci_ecam.h"

#define VPCI_DEVICE_NAME "virtual PCI ECAM"

void vpci_ecam_init(struct vpci_ecam *e, struct vpci_bus *bus, const struct platform *plat)
{
	e->bus = bus;
	e->plat = plat;
}

enum vdev_outcome vpci_ecam_mmio(void *dev, unsigned vcpu, struct vdev_access *a)
{
	struct vpci_ecam *e = dev;
	struct vpci_phys_ops ops;
	uint32_t off;

	(void)vcpu;
	if (!e->bus || !vdev_in_window(a, e->bus->ecam_ipa, VPCI_ECAM_SIZE))
		return VDEV_NOT_MINE;
	if (a->kind != VDEV_LOAD_STORE)
		return vdev_not_load_store(a, VPCI_DEVICE_NAME);
	off = (uint32_t)(a->ipa - e->bus->ecam_ipa);
	/* Whether or not the filter lets it through, and before any of it reaches the device. */
	if (a->write && e->before_master && vpci_write_sets_master(off, a->size, (uint32_t)a->val))
		e->before_master(e->before_master_ctx);
	pci_ecam_vpci_ops(&ops, e->plat);
	spin_lock(&e->lock);
	if (a->write)
		vpci_cfg_write(e->bus, &ops, off, a->size, (uint32_t)a->val);
	else
		a->val = vpci_cfg_read(e->bus, &ops, off, a->size);
	spin_unlock(&e->lock);
	return VDEV_HANDLED;
}

void vpci_ecam_report(struct vpci_ecam *e, const char *partition, struct part_log *budget)
{
	const struct vpci_bus *bus = e->bus;
	struct pci_cfg_ops ops;

	if (!bus)
		return;
	spin_lock(&e->lock);
	part_log_printf(budget,
			"stats: partition %s: pci-cfg reads=%llu writes=%llu dropped=%llu bar-relocations=%llu "
			"command-forbidden=%llu absent=%llu bad=%llu\n",
			partition, (unsigned long long)bus->cnt.reads, (unsigned long long)bus->cnt.writes,
			(unsigned long long)bus->cnt.dropped_writes, (unsigned long long)bus->cnt.bar_relocations,
			(unsigned long long)bus->cnt.command_forbidden, (unsigned long long)bus->cnt.absent,
			(unsigned long long)bus->cnt.bad_accesses);
	pci_ecam_ops(&ops, e->plat);
	for (unsigned i = 0; i < bus->n_fns; i++) {
		const struct vpci_fn *fn = &bus->fns[i];
		uint8_t b = (uint8_t)(fn->phys_bdf >> 8), devfn = (uint8_t)fn->phys_bdf;

		part_log_printf(budget,
				"stats: partition %s: pci 00:%02x.%x = phys %02x:%02x.%x command 0x%04x bar0 0x%08x\n",
				partition, PCI_SLOT(fn->vdevfn), PCI_FUNC(fn->vdevfn), b, PCI_SLOT(devfn),
				PCI_FUNC(devfn), ops.read32(ops.ctx, fn->host, b, devfn, 0x04) & 0xffffu,
				ops.read32(ops.ctx, fn->host, b, devfn, 0x10));
	}
	spin_unlock(&e->lock);
}
