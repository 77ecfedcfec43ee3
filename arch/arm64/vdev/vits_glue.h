/* A partition's virtual ITS (core/vdev/vits.h) on the hardware: its 128 KiB frame trapped (never
 * mapped at stage 2) and handed to vits_mmio(), the guest's memory read for its command queue and
 * LPI property table, and the physical side: the one physical ITS (drivers/irqchip/gicv3_its.h),
 * programmed only with the partition's own device IDs, whose LPIs come back to bulkhead at EL2
 * and are injected into the vCPU the guest chose, as edge interrupts through the vGIC's queue
 * (docs/msi.md). */
#ifndef BULKHEAD_ARCH_VITS_GLUE_H
#define BULKHEAD_ARCH_VITS_GLUE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/cpu/spinlock.h"
#include "arch/arm64/mm/guest_mem.h"
#include "arch/arm64/vdev/vgic.h"
#include "core/platform/platform.h"
#include "core/vdev/vits.h"

#define VITS_GUEST_LPI_ID_BITS 16u /* QEMU's virtual CPU interface takes 16-bit vINTIDs */

struct part_log;

struct vits_part_stats {
	uint64_t lpis;          /* physical LPIs taken for the partition */
	uint64_t delivered;     /* of which queued to a vCPU */
	uint64_t undeliverable; /* of which not queued: disabled (kept pending), or LPIs are off */
	uint64_t phys_errors;   /* physical ITS commands that failed */
};

struct vits_part {
	bool present; /* the partition owns functions with MSIs */
	unsigned index;
	struct vits its;
	struct spinlock lock; /* its: one trapped access at a time */
	struct vgic_part *vgic;
	const struct partition_spec *spec;
	struct guest_mem *mem; /* the partition's RAM: every read and write of it goes through it */
	struct part_log *log;
	/* Per vCPU, LPIs that arrived while the guest had them disabled (under vgic->lock). */
	struct vlpi_pending pend[PART_MAX_VCPUS];
	struct vits_part_stats count;
};

enum vits_global {
	VITS_GLOBAL_UP,
	VITS_GLOBAL_NONE,      /* the board has no ITS or it cannot be brought up: no MSIs */
	VITS_GLOBAL_NO_MEMORY, /* the heap cannot hold its state: a boot error, nothing starts */
};

/* The physical ITS (once, before partitions are planned, every CPU up), its state and the LPI
 * route table from the heap, sized for n_its_parts partitions with virtual ITSes (each may map
 * VITS_MAX_ITES events). VITS_GLOBAL_NONE: partitions then get no MSIs (vpci_bus_drop_msi).
 * Later calls return the first one's answer. */
enum vits_global vits_global_init(const struct platform *plat, unsigned n_its_parts);
/* Test hook (/chosen/bulkhead,selftest = "its-no-memory"): vits_global_init() finds the heap
 * unable to hold the ITS's state, to show that is a boot error. */
void vits_selftest_no_memory(void);
/* The partition's virtual ITS when its virtual host bridge has functions with MSIs; gives its
 * redistributors LPIs. False only if one is needed and cannot be set up. */
bool vits_part_init(struct vits_part *v, struct vgic_part *g, const struct partition_spec *s,
		    const struct platform *plat, struct part_log *log);
/* Partition stop or restart, once its devices are quiet: every translation it had is unmapped
 * from the physical ITS and its physical LPIs are freed; the virtual ITS back to reset. */
void vits_part_reset(struct vits_part *v);
/* vdev_mmio_fn: `dev` is the partition's struct vits_part. */
enum vdev_outcome vits_part_mmio(void *dev, unsigned vcpu, struct vdev_access *a);
/* BULKHEAD_HVC_STATS: one line of counters, within the partition's message budget. */
void vits_part_report(struct vits_part *v);

#endif
