/* The emulated GICv3 redistributor of one vCPU: the RD_base and SGI_base frames (128 KiB) the
 * guest finds at GICR base + vcpu * 0x20000 in its own view, for SGIs (0-15) and PPIs (16-31).
 *
 * Like the distributor (core/vdev/vgicd.h, whose interrupt banks and effects it uses), no physical
 * redistributor is ever mapped into a partition: each one is per physical CPU and would let a
 * guest reach interrupts of CPUs it does not own. Every access traps and lands in
 * vgicr_access() for the frame the address falls in, which may be another vCPU's: Linux reads
 * every frame's GICR_TYPER to find its own.
 *
 * What the guest sees: GICR_TYPER with Affinity = vCPU number (the guest's MPIDR has Aff0 =
 * vCPU number), Processor_Number = vCPU number, Last on the partition's last vCPU; LPIs
 * (PLPIS, GICR_CTLR.EnableLPIs, PROPBASER, PENDBASER: core/vdev/vlpi.h) only once
 * vgicr_enable_lpis() gave the partition some (its virtual ITS), else those registers are
 * RAZ/WI; GICR_WAKER with the
 * ProcessorSleep/ChildrenAsleep handshake (ChildrenAsleep follows ProcessorSleep at once;
 * both 1 out of reset); all SGIs and PPIs owned and Group 1; SGIs always edge (ICFGR0 reads
 * 0xaaaaaaaa, WI); PPIs level unless the guest writes ICFGR1, except hardware-backed PPIs whose
 * trigger is fixed. Sizes and reserved offsets follow the same rules as the distributor. */
#ifndef BULKHEAD_CORE_VGICR_H
#define BULKHEAD_CORE_VGICR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vdev/vgicd.h"
#include "core/vdev/vlpi.h"

#define GICR_STRIDE_V3 0x20000
#define GICR_SGI_BASE 0x10000

/* RD_base */
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_STATUSR 0x0010
#define GICR_WAKER 0x0014
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_IDREGS 0xffd0
#define GICR_PIDR2 0xffe8

#define GICR_TYPER_PLPIS BIT64(0)
#define GICR_TYPER_VLPIS BIT64(1)
#define GICR_TYPER_DIRECTLPI BIT64(3)
#define GICR_TYPER_LAST BIT64(4)
#define GICR_TYPER_PROCESSOR_NUMBER GENMASK64(23, 8)
#define GICR_TYPER_AFF GENMASK64(63, 32)

#define GICR_WAKER_PROCESSOR_SLEEP BIT64(1)
#define GICR_WAKER_CHILDREN_ASLEEP BIT64(2)

/* SGI_base (offsets within the 128 KiB frame) */
#define GICR_IGROUPR0 (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI_BASE + 0x0180)
#define GICR_ISPENDR0 (GICR_SGI_BASE + 0x0200)
#define GICR_ICPENDR0 (GICR_SGI_BASE + 0x0280)
#define GICR_ISACTIVER0 (GICR_SGI_BASE + 0x0300)
#define GICR_ICACTIVER0 (GICR_SGI_BASE + 0x0380)
#define GICR_IPRIORITYR(n) (GICR_SGI_BASE + 0x0400 + (n))
#define GICR_ICFGR0 (GICR_SGI_BASE + 0x0c00)
#define GICR_ICFGR1 (GICR_SGI_BASE + 0x0c04)
#define GICR_IGRPMODR0 (GICR_SGI_BASE + 0x0d00)
#define GICR_NSACR (GICR_SGI_BASE + 0x0e00)

#define VGIC_NR_SGIS 16u

struct vgicr_stats {
	uint64_t reserved; /* accesses to reserved or unimplemented offsets (RAZ/WI) */
	uint64_t invalid;  /* accesses refused */
	uint64_t refused;  /* ICFGR1 writes that tried to change a hardware PPI's trigger */
};

struct vgicr {
	struct vgicd *dist;
	unsigned vcpu;
	bool last;
	bool sleep;            /* GICR_WAKER.ProcessorSleep */
	struct vgic_bank bank; /* INTIDs 0-31 */
	struct vgicr_lpi lpi;  /* LPI registers (id_bits 0: none) */
	struct vgicr_stats stats;
};

/* The redistributor of vCPU vcpu (< d->n_vcpus) of the partition whose distributor is d; it
 * registers itself with d so that GICD_CTLR.EnableGrp1 reaches its interrupts. False for a bad
 * vCPU number. */
bool vgicr_init(struct vgicr *r, struct vgicd *d, unsigned vcpu);
/* PPI intid (16..31) is the physical PPI of the same number on this vCPU's CPU (the virtual
 * timer, 27): delivered with HW=1 list registers, configuration mirrored through effects, its
 * trigger fixed to edge/level as given. False for an INTID that is not a PPI. */
bool vgicr_set_hw_ppi(struct vgicr *r, uint32_t intid, bool edge);
/* The partition has LPIs with id_bits INTID bits (VLPI_MIN_ID_BITS..VLPI_MAX_ID_BITS): GICR_TYPER
 * shows PLPIS and the LPI registers work. False for another value (then none). */
bool vgicr_enable_lpis(struct vgicr *r, unsigned id_bits);
/* Guest-visible state back to reset values (WAKER asleep, all disabled, priority 0). */
void vgicr_reset(struct vgicr *r);
/* VGIC_FX_HW_SYNC for every hardware PPI (partition start). */
void vgicr_resync(struct vgicr *r);

/* Which redistributor frame an offset in the partition's GICR region belongs to: false when
 * it lies beyond the last vCPU's frame (a fault). */
bool vgicr_locate(uint64_t region_offset, unsigned n_vcpus, unsigned *vcpu, uint64_t *frame_offset);
/* One trapped access, offset within this vCPU's 128 KiB frame; as vgicd_access(). */
bool vgicr_access(struct vgicr *r, uint64_t offset, unsigned size, bool write, uint64_t *val);

/* Emulated inputs: an SGI sent to this vCPU (from vgic_sgi_targets()), a software PPI's level.
 * False for a bad INTID or a hardware PPI. */
bool vgicr_sgi_raise(struct vgicr *r, unsigned sgi);
bool vgicr_ppi_set_line(struct vgicr *r, uint32_t intid, bool level);

/* The state of SGI/PPI intid (0..31); false otherwise. */
bool vgicr_irq_info(const struct vgicr *r, uint32_t intid, struct vgic_irq_info *out);
/* GICR_TYPER as the guest reads it. */
uint64_t vgicr_typer(const struct vgicr *r);

#endif
