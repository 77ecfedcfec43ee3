/* A partition's virtual ECAM window (core/pci/vpci.h) as an emulated device: never mapped at
 * stage 2, so each of the guest's configuration accesses is a data abort offered here, which the
 * filter of core/pci/vpci_cfg.c applies to the physical ECAM. */
#ifndef BULKHEAD_ARCH_VPCI_ECAM_H
#define BULKHEAD_ARCH_VPCI_ECAM_H

#include "arch/arm64/cpu/spinlock.h"
#include "core/pci/vpci.h"
#include "core/platform/platform.h"
#include "core/vdev/vdev.h"

struct vpci_ecam {
	struct vpci_bus *bus; /* NULL: the partition owns no PCI function */
	const struct platform *plat;
	struct spinlock lock; /* one access at a time: the filter keeps per-function state */
	/* Called before a write that turns Bus Master Enable on reaches the filter (the DMA gate:
	 * the partition's memory prepared first, guest_mem.h); NULL: none. */
	void (*before_master)(void *ctx);
	void *before_master_ctx;
};

void vpci_ecam_init(struct vpci_ecam *e, struct vpci_bus *bus, const struct platform *plat);
/* vdev_mmio_fn: `dev` is the partition's struct vpci_ecam. */
enum vdev_outcome vpci_ecam_mmio(void *dev, unsigned vcpu, struct vdev_access *a);
/* BULKHEAD_HVC_STATS: the bus counters, and each function's Command and BAR0 as the hardware
 * holds them (read from the physical ECAM, not through the filter). */
struct part_log;
/* The bus's counters and each function's hardware Command and BAR0, one line each, within the
 * partition's message budget. Nothing when the partition owns no PCI function. */
void vpci_ecam_report(struct vpci_ecam *e, const char *partition, struct part_log *budget);

#endif
