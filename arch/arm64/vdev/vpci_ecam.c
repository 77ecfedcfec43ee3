/* A partition's virtual ECAM window (core/pci/vpci.h): never mapped at stage 2, so each of the
 * guest's configuration accesses is a data abort that lands here and goes through the filter of
 * core/pci/vpci_cfg.c to the physical ECAM. Accesses the filter refuses are counted there and
 * never stop the partition (docs/pci-passthrough.md); only an access without a valid syndrome
 * (not a single load or store: nothing a PCI driver does) is a fault, as for every emulated
 * device. */
#include "arch/arm64/vm/partition.h"
#include "arch/arm64/vdev/vmmio.h"
#include "core/base/log.h"
#include "drivers/platform/pci_ecam.h"

bool vpci_mmio(struct partition_rt *p, unsigned vcpu, struct trap_frame *f, uint64_t ipa)
{
	struct vpci_bus *bus = p->spec.vpci;
	struct vpci_phys_ops ops;
	struct vmmio m;
	uint32_t off;

	if (!bus || ipa < bus->ecam_ipa || ipa - bus->ecam_ipa >= VPCI_ECAM_SIZE)
		return false;
	exit_count(&p->exits, vcpu, EXIT_MMIO_PCI);
	if (vmmio_is_cache_op(f)) {
		f->elr += 4;
		return true;
	}
	if (!vmmio_decode(f, ipa, &m))
		partition_fault(p, vcpu, f,
				"virtual PCI ECAM: access without a valid syndrome (not a single load or store)");
	off = (uint32_t)(ipa - bus->ecam_ipa);
	pci_ecam_vpci_ops(&ops, p->plat);
	/* One access at a time per bus: the filter keeps per-function state (BAR probes). */
	spin_lock(&p->vpci_lock);
	if (m.write)
		vpci_cfg_write(bus, &ops, off, m.size, (uint32_t)m.val);
	else
		m.val = vpci_cfg_read(bus, &ops, off, m.size);
	spin_unlock(&p->vpci_lock);
	vmmio_complete(f, &m);
	return true;
}

/* BULKHEAD_HVC_STATS: what the partition did with its configuration space, and what the hardware
 * holds (read from the physical ECAM, not from the filter), so a test can tell that refused
 * writes changed nothing. */
void vpci_stats_report(struct partition_rt *p)
{
	struct vpci_bus *bus = p->spec.vpci;
	struct pci_cfg_ops ops;

	if (!bus)
		return;
	spin_lock(&p->vpci_lock);
	log_printf("stats: partition %s: pci-cfg reads=%llu writes=%llu dropped=%llu bar-relocations=%llu "
		   "command-forbidden=%llu absent=%llu bad=%llu\n",
		   p->spec.name, (unsigned long long)bus->cnt.reads, (unsigned long long)bus->cnt.writes,
		   (unsigned long long)bus->cnt.dropped_writes, (unsigned long long)bus->cnt.bar_relocations,
		   (unsigned long long)bus->cnt.command_forbidden, (unsigned long long)bus->cnt.absent,
		   (unsigned long long)bus->cnt.bad_accesses);
	pci_ecam_ops(&ops, p->plat);
	for (unsigned i = 0; i < bus->n_fns; i++) {
		const struct vpci_fn *fn = &bus->fns[i];
		uint8_t b = (uint8_t)(fn->phys_bdf >> 8), devfn = (uint8_t)fn->phys_bdf;

		log_printf("stats: partition %s: pci 00:%02x.%x = phys %02x:%02x.%x command 0x%04x bar0 0x%08x\n",
			   p->spec.name, PCI_SLOT(fn->vdevfn), PCI_FUNC(fn->vdevfn), b, PCI_SLOT(devfn),
			   PCI_FUNC(devfn), ops.read32(ops.ctx, fn->host, b, devfn, 0x04) & 0xffffu,
			   ops.read32(ops.ctx, fn->host, b, devfn, 0x10));
	}
	spin_unlock(&p->vpci_lock);
}
