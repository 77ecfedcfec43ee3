/* The PCI functions a partition owns, at its start and its stop: memory decoding on when it
 * starts (bulkhead placed the BARs, and a bare-metal payload without a PCI driver relies on
 * reaching them), bus mastering off, as after a reset: the guest's driver enables it when it
 * starts its own DMA (Linux's pci_set_master(), through the virtual ECAM). Enabling it here would
 * let a transfer still queued in a function without a reset (QEMU's edu) land in the new
 * instance. Both off, with a function-level reset where the function has one, when it stops or
 * before it restarts, so that no DMA of the old run reaches memory that is scrubbed and reloaded
 * (docs/pci-passthrough.md, "Reset"). Bridges of an owned group stay as bulkhead programmed
 * them: they carry other functions' traffic. */
#include "arch/arm64/cpu/time.h"
#include "arch/arm64/vm/partition_pci.h"
#include "core/base/log.h"
#include "core/pci/pci.h"
#include "core/pci/pci_reset.h"
#include "drivers/platform/pci_ecam.h"

static void sleep_ms(void *ctx, unsigned ms)
{
	(void)ctx;
	delay_us((uint64_t)ms * 1000);
}

/* Selftest "quiesce-streams-only" or "quiesce-none": bulkhead leaves bus mastering as the guest
 * set it, on through a stop and the next start, to show what the other layer does alone. */
static bool selftest_keep_master;

void partition_pci_selftest_keep_master(void)
{
	selftest_keep_master = true;
}

bool partition_pci_master_kept(void)
{
	return selftest_keep_master;
}

void partition_pci_start(struct partition_rt *p)
{
	uint32_t clear = PCI_CMD_INTX_DISABLE | (selftest_keep_master ? 0 : PCI_CMD_MASTER);
	struct pci_cfg_ops ops;

	pci_ecam_ops(&ops, p->plat);
	for (unsigned i = 0; i < p->spec.n_pci; i++) {
		const struct part_pci_fn *f = &p->spec.pci[i];
		uint32_t cmd = ops.read32(ops.ctx, f->host, f->bus, f->devfn, PCI_REG_COMMAND) & 0xffffu;

		cmd = (cmd | PCI_CMD_MEMORY) & ~clear;
		ops.write32(ops.ctx, f->host, f->bus, f->devfn, PCI_REG_COMMAND, cmd);
	}
}

void partition_pci_quiesce(struct partition_rt *p)
{
	struct pci_cfg_ops ops;

	/* The next run starts from the functions' reset state: nothing of this run's emulated
	 * registers is kept (placement and counters are). */
	if (p->vpci.bus) {
		spin_lock(&p->vpci.lock);
		vpci_bus_restart(p->vpci.bus);
		spin_unlock(&p->vpci.lock);
	}
	/* Before the functions are reset (their MSIs land nowhere from here on), every event the
	 * partition mapped leaves the physical ITS. */
	vits_part_reset(&p->vits);
	pci_ecam_ops(&ops, p->plat);
	for (unsigned i = 0; i < p->spec.n_pci; i++) {
		const struct part_pci_fn *f = &p->spec.pci[i];
		struct pci_quiesce_result r;

		if (f->is_bridge || selftest_keep_master)
			continue;
		pci_function_quiesce(&ops, f->host, f->bus, f->devfn, sleep_ms, NULL, &r);
		if (!r.present)
			part_log_printf(&p->log, "partition %s: pci %s: absent, nothing to quiesce\n", p->spec.name,
					f->bdf);
		else if (!r.flr)
			part_log_printf(&p->log, "partition %s: pci %s: bus master off (no function-level reset)\n",
					p->spec.name, f->bdf);
		else
			part_log_printf(&p->log,
					"partition %s: pci %s: bus master off, function-level reset%s%s (%u ms)\n",
					p->spec.name, f->bdf, r.pending_timeout ? ", transactions still pending" : "",
					r.ready_timeout ? ", no answer after it" : "", r.waited_ms);
	}
}
