/* GICv3 virtual CPU interface control registers as pure functions: ICH_LR<n>_EL2 encode/decode,
 * field masks of ICH_HCR_EL2, ICH_VMCR_EL2, ICH_MISR_EL2 and ICH_VTR_EL2, and an ICH_VTR decoder.
 *
 * Field positions are those of the GICv3 architecture specification (IHI 0069), "ICH_LR<n>_EL2":
 *
 *   [63:62] State     00 invalid, 01 pending, 10 active, 11 pending and active
 *   [61]    HW        the virtual interrupt is backed by physical interrupt pINTID: the guest's
 *                     deactivation also deactivates the physical one
 *   [60]    Group     1: Group 1, signalled as vIRQ (all bulkhead guests use Group 1)
 *   [55:48] Priority
 *   [44:32] pINTID    when HW = 1
 *   [41]    EOI       when HW = 0: the guest's EOI of this interrupt raises a maintenance
 *                     interrupt (ICH_MISR_EL2.EOI); bits [44:42] and [40:32] are RES0
 *   [31:0]  vINTID
 *
 * pINTID is 13 bits wide in the register, but only SPIs and PPIs (INTID < 1020) can be backed
 * by hardware, so a valid value always fits the 10 bits [41:32]; the encoder refuses anything
 * else. No MMIO and no system-register access here: arch code reads and writes the registers. */
#ifndef BULKHEAD_CORE_GIC_LR_H
#define BULKHEAD_CORE_GIC_LR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/bitfield.h"

/* ---- ICH_LR<n>_EL2 ------------------------------------------------------------------- */
#define ICH_LR_STATE GENMASK64(63, 62)
#define ICH_LR_HW BIT64(61)
#define ICH_LR_GROUP BIT64(60)
#define ICH_LR_PRIORITY GENMASK64(55, 48)
#define ICH_LR_PINTID GENMASK64(44, 32)
#define ICH_LR_EOI BIT64(41)
#define ICH_LR_VINTID GENMASK64(31, 0)

/* INTIDs 1020-1023 are special (spurious and friends); LPIs start at 8192. */
#define GIC_INTID_SPECIAL_FIRST 1020u

enum gic_lr_state {
	GIC_LR_INVALID = 0,
	GIC_LR_PENDING = 1,
	GIC_LR_ACTIVE = 2,
	GIC_LR_PENDING_ACTIVE = 3,
};

struct gic_lr {
	enum gic_lr_state state;
	bool hw; /* backed by pintid */
	bool group1;
	bool eoi; /* HW = 0 only: maintenance interrupt on EOI */
	uint8_t priority;
	uint32_t vintid;
	uint32_t pintid; /* HW = 1 only */
};

/* The register value. Fields that do not apply are encoded as zero (pintid when !hw, eoi when
 * hw), so an encoding never carries stray bits; see gic_lr_valid() for what a caller must check.
 * Inline: the exit path encodes an LR for every interrupt it delivers. */
static inline uint64_t gic_lr_encode(const struct gic_lr *lr)
{
	uint64_t v = FIELD_PREP(ICH_LR_STATE, (unsigned)lr->state & 3u) | FIELD_PREP(ICH_LR_PRIORITY, lr->priority) |
		     FIELD_PREP(ICH_LR_VINTID, lr->vintid);

	if (lr->group1)
		v |= ICH_LR_GROUP;
	if (lr->hw)
		v |= ICH_LR_HW | FIELD_PREP(ICH_LR_PINTID, lr->pintid);
	else if (lr->eoi)
		v |= ICH_LR_EOI;
	return v;
}

/* The fields of a register value; RES0 bits are ignored. */
struct gic_lr gic_lr_decode(uint64_t v);
/* A list register the hardware accepts without UNPREDICTABLE behaviour: vINTID not special
 * (1020-1023) and, when HW = 1, a pINTID in 16..1019 (PPI or SPI; SGIs cannot be hardware
 * interrupts) and no EOI request. */
bool gic_lr_valid(const struct gic_lr *lr);

/* ---- ICH_HCR_EL2 (hypervisor control) ------------------------------------------------ */
#define ICH_HCR_EN BIT64(0)      /* virtual CPU interface enable */
#define ICH_HCR_UIE BIT64(1)     /* maintenance IRQ when 0 or 1 LR is valid (underflow) */
#define ICH_HCR_LRENPIE BIT64(2) /* ... when EOIcount != 0 */
#define ICH_HCR_NPIE BIT64(3)    /* ... when no LR is pending */
#define ICH_HCR_VGRP0EIE BIT64(4)
#define ICH_HCR_VGRP0DIE BIT64(5)
#define ICH_HCR_VGRP1EIE BIT64(6)
#define ICH_HCR_VGRP1DIE BIT64(7)
#define ICH_HCR_TC BIT64(10) /* trap common ICC_* registers */
#define ICH_HCR_TALL0 BIT64(11)
#define ICH_HCR_TALL1 BIT64(12)
#define ICH_HCR_TSEI BIT64(13)
#define ICH_HCR_TDIR BIT64(14)
#define ICH_HCR_EOICOUNT GENMASK64(31, 27)

/* ---- ICH_VMCR_EL2 (the guest's view of ICC_CTLR/PMR/BPR/IGRPEN) ---------------------- */
#define ICH_VMCR_VENG0 BIT64(0)
#define ICH_VMCR_VENG1 BIT64(1)
#define ICH_VMCR_VACKCTL BIT64(2)
#define ICH_VMCR_VFIQEN BIT64(3)
#define ICH_VMCR_VCBPR BIT64(4)
#define ICH_VMCR_VEOIM BIT64(9)
#define ICH_VMCR_VBPR1 GENMASK64(20, 18)
#define ICH_VMCR_VBPR0 GENMASK64(23, 21)
#define ICH_VMCR_VPMR GENMASK64(31, 24)

/* ---- ICH_MISR_EL2 (why the maintenance interrupt is asserted) ------------------------ */
#define ICH_MISR_EOI BIT64(0)
#define ICH_MISR_U BIT64(1)
#define ICH_MISR_LRENP BIT64(2)
#define ICH_MISR_NP BIT64(3)
#define ICH_MISR_VGRP0E BIT64(4)
#define ICH_MISR_VGRP0D BIT64(5)
#define ICH_MISR_VGRP1E BIT64(6)
#define ICH_MISR_VGRP1D BIT64(7)

/* ---- ICH_VTR_EL2 (what the virtual interface implements) ----------------------------- */
#define ICH_VTR_LISTREGS GENMASK64(4, 0) /* number of LRs - 1 */
#define ICH_VTR_DVIM BIT64(18)
#define ICH_VTR_TDS BIT64(19)
#define ICH_VTR_NV4 BIT64(20)
#define ICH_VTR_A3V BIT64(21)
#define ICH_VTR_SEIS BIT64(22)
#define ICH_VTR_IDBITS GENMASK64(25, 23)  /* 000: 16 bits, 001: 24 bits */
#define ICH_VTR_PREBITS GENMASK64(28, 26) /* preemption bits - 1 */
#define ICH_VTR_PRIBITS GENMASK64(31, 29) /* priority bits - 1 */

struct gic_vtr {
	unsigned n_lrs;    /* 1..16 */
	unsigned pri_bits; /* 1..8 */
	unsigned pre_bits; /* 1..8 */
	unsigned id_bits;  /* 16 or 24; 0 for a reserved encoding */
	bool seis, a3v, nv4, tds, dvim;
};

struct gic_vtr gic_vtr_decode(uint64_t vtr);

/* The priority byte mask that pri_bits implemented bits leave (the low bits read as zero):
 * 5 bits -> 0xf8. */
uint8_t gic_pri_mask(unsigned pri_bits);

#endif
