/* The list-register manager of one vCPU: which virtual interrupts are waiting for it, and what
 * its ICH_LR<n>_EL2 registers should hold the next time it enters the guest.
 *
 * The queue knows each interrupt it was given once (by INTID): waiting (pending, not in a list
 * register), in list register n, or both (an interrupt the guest is handling that became pending
 * again). vgic_queue_fill() is the only place list registers are decided. Given the values the
 * registers hold now, it
 *  1. folds them back: an invalid LR is a completed interrupt (the guest deactivated it); a
 *     pending-only LR is taken back into the queue while other interrupts wait, so that it
 *     competes again by priority (a retracted or withdrawn one is dropped); an active (or
 *     pending and active) LR stays where it is, since only the guest can finish it;
 *  2. re-pends a completed emulated level-sensitive interrupt whose line is still high (these
 *     LRs carry the EOI bit, so the guest's EOI raises a maintenance interrupt and the fill that
 *     follows sees the completion at once);
 *  3. hands the free LRs to the waiting interrupts in priority order (lower value first, then
 *     lower INTID); an emulated edge interrupt that is already active in an LR is made pending and
 *     active there instead of taking a second LR (a vINTID may be in one LR only);
 *  4. reports overflow: interrupts still waiting while every LR is taken. The arch then sets
 *     ICH_HCR_EL2.UIE, so the maintenance interrupt fires when at most one LR is left valid and
 *     the next fill moves the waiting ones in. (With a single LR, UIE would fire at once and
 *     forever, so fill never asks for it then: the overflow waits for the next exit.)
 *
 * Hardware-backed interrupts (HW = 1) are physical interrupts the arch acknowledged and
 * priority-dropped; the physical GIC keeps them active until the guest's deactivation reaches it
 * through the LR. They are never re-pended here.
 *
 * The exit path pays for what is in flight, not for the queue's size: the entries' states are
 * bitmaps (used, pending, cancelled, in an LR, level line high), so a fill with nothing queued
 * and no LR in use returns at once, and a fill visits only the set bits. The queue keeps a
 * shadow of every LR it wrote; the guest can only move an LR's State field (acknowledge, EOI),
 * and ICH_ELRSR_EL2 says which LRs it emptied, so the arch reads back only the LRs
 * vgic_queue_lrs_to_read() names: those still valid whose entry changed since, level LRs (their
 * completion keeps the EOI bit, which ELRSR does not count as empty), and every valid one while
 * some interrupt waits (a pending-only LR competes again only then; otherwise it stays in its
 * LR). An LR the arch did not read is decided from the shadow, and fill returns only the LRs
 * whose value changes.
 *
 * Pure: no system registers, no locks. The arch serialises calls per vCPU; INTIDs are 32-bit
 * (SGIs, PPIs, SPIs and LPIs alike). */
#ifndef BULKHEAD_CORE_VGIC_QUEUE_H
#define BULKHEAD_CORE_VGIC_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/bitfield.h"
#include "core/hw/gic_regs.h"

#define VGIC_QUEUE_MAX 64 /* distinct interrupts one vCPU can have in flight */
#define VGIC_MAX_LRS 16   /* ICH_VTR_EL2.ListRegs allows 1..16 */

/* One interrupt the queue knows; its state bits are in the queue's bitmaps (bit = entry index). */
struct vgic_qent {
	uint32_t intid;
	uint32_t pintid;
	uint8_t prio;
	int8_t lr; /* list register holding it, -1: none */
	bool hw;
	bool level; /* emulated level-sensitive: pending follows line */
	bool line;
};

struct vgic_queue_stats {
	uint64_t dropped;    /* injections refused because the queue was full */
	uint64_t overflows;  /* fills that left interrupts waiting for an LR */
	uint64_t reinjected; /* completed level interrupts re-pended because the line was high */
};

struct vgic_queue {
	struct vgic_qent ent[VGIC_QUEUE_MAX];
	uint64_t used;                 /* entries in use */
	uint64_t pending;              /* waiting for an LR (or for its pending bit in its LR) */
	uint64_t cancel;               /* retracted: drop the pending instance found in its LR at the next fill */
	uint64_t in_lr;                /* held by a list register (ent[i].lr >= 0) */
	uint64_t level_high;           /* emulated level interrupts whose line is high */
	uint32_t live;                 /* LRs holding one of the entries */
	uint32_t eoi_lrs;              /* live LRs with the EOI bit (emulated level interrupts) */
	uint32_t dirty_lrs;            /* live LRs whose entry changed since the last fill */
	int8_t lr_owner[VGIC_MAX_LRS]; /* entry index each LR was filled with, -1: none */
	uint64_t shadow[VGIC_MAX_LRS]; /* each LR's value as last written or read */
	struct vgic_queue_stats stats;
};

void vgic_queue_init(struct vgic_queue *q);

/* An edge event: intid becomes pending (again). hw: backed by physical pintid (an SPI or PPI
 * the arch acknowledged and priority-dropped). A second injection of an interrupt that is
 * still waiting merges with it, like a pending bit. False (and counted) when the queue is full
 * or the INTID is special (1020-1023). */
bool vgic_queue_inject(struct vgic_queue *q, uint32_t intid, bool hw, uint32_t pintid, uint8_t prio);
/* An emulated level-sensitive interrupt's line at this vCPU (VGIC_FX_SW_LEVEL): high makes it
 * pending until delivered and re-pends it on completion while still high; low withdraws a
 * pending instance not yet taken by the guest. False when the queue is full. */
bool vgic_queue_set_level(struct vgic_queue *q, uint32_t intid, uint8_t prio, bool level);
/* Withdraw the pending state of an emulated edge interrupt (VGIC_FX_SW_RETRACT; GICD_ICPENDR).
 * An active instance is left to the guest. Level interrupts follow their line instead. */
void vgic_queue_retract(struct vgic_queue *q, uint32_t intid);

/* MOVALL: every emulated edge interrupt with an INTID from first up that waits in from (pending,
 * not in a list register) becomes pending in to instead, at its priority. One in an LR stays: it
 * was handed to from's CPU interface already (the guest may be acknowledging it). One that does
 * not fit in to (full: counted there as dropped) stays in from. Returns how many moved. */
unsigned vgic_queue_move_waiting(struct vgic_queue *from, struct vgic_queue *to, uint32_t first);

/* Nothing queued and no LR in use: a fill would change nothing (the arch's exit path skips it).
 * May be called without the vCPU's lock: an interrupt queued meanwhile by another CPU comes with
 * a kick IPI, which makes the vCPU exit again. */
static inline bool vgic_queue_idle(const struct vgic_queue *q)
{
	return !q->live && !__atomic_load_n(&q->pending, __ATOMIC_RELAXED);
}

/* The LRs whose current value vgic_queue_fill_lrs() needs (see above), given empty: the
 * ICH_ELRSR_EL2 bits of the n_lrs LRs. */
uint32_t vgic_queue_lrs_to_read(const struct vgic_queue *q, unsigned n_lrs, uint32_t empty);

/* Decide the list registers (see above). empty: ICH_ELRSR_EL2; known: the LRs whose current
 * value lrs[n] holds (at least those vgic_queue_lrs_to_read() named, with the same state of the
 * queue). Returns the mask of LRs whose value changes, with the new values in lrs[n].
 * *need_maintenance: set ICH_HCR_EL2.UIE. Valid LRs this queue did not fill are left alone. */
uint32_t vgic_queue_fill_lrs(struct vgic_queue *q, unsigned n_lrs, uint32_t empty, uint32_t known, uint64_t *lrs,
			     bool *need_maintenance);

/* The same decision from all n_lrs current values (all zero on first entry): lrs_out receives
 * what they must hold. */
uint32_t vgic_queue_fill(struct vgic_queue *q, const uint64_t *lrs_in, unsigned n_lrs, uint64_t *lrs_out,
			 bool *need_maintenance);

/* Interrupts waiting for an LR (not counting those in LRs). */
unsigned vgic_queue_waiting(const struct vgic_queue *q);
/* The queue's entry for intid, or NULL. */
const struct vgic_qent *vgic_queue_find(const struct vgic_queue *q, uint32_t intid);

/* ---- SGIs between a partition's own vCPUs -------------------------------------------- */

/* ICC_SGI1R_EL1 fields: core/hw/gic_regs.h (a guest's write traps to EL2 when HCR_EL2.IMO is set). */

/* The vCPUs (bit i: vCPU i, whose MPIDR is Aff0 = i) an ICC_SGI1R_EL1 value written by vCPU
 * sender targets in a partition of n_vcpus (at most 32): with IRM = 1 every vCPU but the
 * sender; otherwise the TargetList bits, which name Aff0 = RS * 16 + bit at affinity
 * Aff3.Aff2.Aff1 — a non-zero Aff1-3 or an Aff0 beyond the last vCPU names no vCPU of the
 * partition and is dropped, as a GIC drops an SGI to a PE that does not exist. */
uint32_t vgic_sgi_targets(uint64_t icc_sgi1r, unsigned n_vcpus, unsigned sender);
static inline unsigned vgic_sgi_intid(uint64_t icc_sgi1r)
{
	return (unsigned)FIELD_GET(ICC_SGI1R_INTID, icc_sgi1r);
}

#endif
