/* The virtual GICv3 of each partition: the portable models (core/vgicd, core/vgicr,
 * core/vgic_queue) wired to trapped accesses, the ICH_* list registers and the physical GIC.
 * docs/vgic.md describes the split between what traps and what the hardware does. */
#ifndef BULKHEAD_ARCH_VGIC_H
#define BULKHEAD_ARCH_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/cpu/spinlock.h"
#include "arch/arm64/irq/irq.h"
#include "core/partition/partition.h"
#include "core/platform/platform.h"
#include "core/vdev/vdev.h"
#include "core/vdev/vgic_queue.h"
#include "core/vdev/vgicd.h"
#include "core/vdev/vgicr.h"

struct trap_frame;

struct vgic_counters {
	uint64_t gicd;          /* emulated distributor accesses */
	uint64_t gicr;          /* emulated redistributor accesses */
	uint64_t sgi;           /* trapped ICC_SGI1R_EL1 writes */
	uint64_t forwarded;     /* hardware interrupts handed to a vCPU */
	uint64_t undeliverable; /* hardware interrupts that arrived disabled or unrouted */
};

struct vgic_part {
	const struct partition_spec *spec; /* its partition: vCPUs, their CPUs, its SPIs */
	struct spinlock lock;              /* d, r[], and the effects they report (lock order: vGIC, then queue) */
	struct vgicd d;
	struct vgicr r[PART_MAX_VCPUS];
	struct vgic_queue q[PART_MAX_VCPUS];
	struct spinlock qlock[PART_MAX_VCPUS];
	bool uie[PART_MAX_VCPUS]; /* ICH_HCR_EL2.UIE as last written on the vCPU's CPU */
	uint64_t gicd_base;       /* the partition's view: the board's addresses */
	uint64_t gicr_base;
	uint64_t gicr_size; /* one 128 KiB frame per vCPU */
	struct vgic_counters count;
};

/* Once, on the boot CPU: the board's GIC, the virtual interface's shape (ICH_VTR_EL2), and the
 * handlers of the maintenance interrupt and the kick IPI. False when the board has no GICv3. */
bool vgic_global_init(const struct platform *plat);
/* This CPU's virtual CPU interface can take virtual LPIs from the GIC directly (GICv4:
 * ICH_VTR_EL2.nV4 clear). Callable before vgic_global_init. */
bool vgic_cpuif_direct_vlpis(void);

/* Partition creation: the models, its passthrough SPIs (registered with `forward`, ctx
 * `forward_ctx`, which hands each to vgic_forward_hw), its virtual UART's SPI (emulated), the
 * virtual timer PPI on every vCPU. */
bool vgic_partition_init(struct vgic_part *g, const struct partition_spec *spec, irq_handler_fn forward,
			 void *forward_ctx);
/* Stop or restart: every model back to reset (the physical lines it owns disabled and no longer
 * active), every queue emptied. No vCPU of the partition may be in guest code. */
void vgic_partition_reset(struct vgic_part *g);

/* On the vCPU's CPU: before its first instruction (an empty virtual CPU interface), and when it
 * parks (CPU_OFF, partition stop: the hardware interrupts it still holds are deactivated). */
void vgic_vcpu_start(struct vgic_part *g, unsigned vcpu);
void vgic_vcpu_stop(struct vgic_part *g, unsigned vcpu);
/* On the vCPU's CPU, on every return to the guest: fold and refill the list registers. */
void vgic_vcpu_sync(struct vgic_part *g, unsigned vcpu);

/* Emulated MMIO (vdev_mmio_fn, dev: the struct vgic_part): the distributor's and the
 * redistributors' windows. */
enum vdev_outcome vgic_gicd_mmio(void *dev, unsigned vcpu, struct vdev_access *a);
enum vdev_outcome vgic_gicr_mmio(void *dev, unsigned vcpu, struct vdev_access *a);
/* A trapped MSR/MRS (EC 0x18) with ISS `iss` and the value of its register: HANDLED if it was
 * an SGI register write (the guest then steps past it), NOT_MINE otherwise. */
enum vdev_outcome vgic_sysreg(struct vgic_part *g, unsigned vcpu, uint64_t iss, uint64_t val);

/* A hardware interrupt the physical CPU acknowledged and priority-dropped (not deactivated) for
 * the partition, whose vCPU `cur` runs on this CPU (PART_MAX_VCPUS: none is in guest code here):
 * deliver it with a hardware list register, or deactivate it if the guest cannot take it now. */
void vgic_forward_hw(struct vgic_part *g, unsigned cur, uint32_t intid);

/* The level of an emulated SPI (the virtual UART's line). */
void vgic_set_spi_line(struct vgic_part *g, uint32_t intid, bool level);

/* One edge on an emulated edge-triggered SPI (a channel's doorbell): pending if it was not. */
void vgic_raise_spi(struct vgic_part *g, uint32_t intid);

/* Make vCPU `vcpu` look at its queue soon: an IPI to its CPU unless that is this CPU. */
void vgic_kick(const struct vgic_part *g, unsigned vcpu);

#endif
