/* SMMUv2 / MMU-500 driver, stage 2 only (see smmuv2.h, docs/smmuv2.md). Portable C: all register
 * access is through the ops, so the host tests run this file against a register model. */
#include "drivers/smmu/smmuv2.h"

#include <string.h>

#include "core/hw/smr.h"
#include "drivers/smmu/smmuv2_regs.h"

/* TLB sync: polls of the status registers before giving up. */
#define SYNC_POLLS 1000000u

static uint32_t rd(const struct smmuv2 *s, uint64_t off)
{
	return s->p.ops->read32(s->p.ctx, 0, off);
}

/* Lockstep: the same write to every instance, so they never hold different programming. */
static void wr(const struct smmuv2 *s, uint64_t off, uint32_t v)
{
	for (unsigned i = 0; i < s->p.n_inst; i++)
		s->p.ops->write32(s->p.ctx, i, off, v);
}

static void wr64(const struct smmuv2 *s, uint64_t off, uint64_t v)
{
	/* Two 32-bit halves, low first: some integrations (Marvell AP806) cannot take 64-bit accesses,
	 * and the register is only used once the bank is enabled afterwards. */
	wr(s, off, (uint32_t)v);
	wr(s, off + 4, (uint32_t)(v >> 32));
}

static uint64_t rd64_inst(const struct smmuv2 *s, unsigned inst, uint64_t off)
{
	uint64_t lo = s->p.ops->read32(s->p.ctx, inst, off);

	return lo | (uint64_t)s->p.ops->read32(s->p.ctx, inst, off + 4) << 32;
}

static uint64_t cb_reg(const struct smmuv2 *s, unsigned cb, uint64_t off)
{
	return s->cb_base + ((uint64_t)cb << s->idr.page_shift) + off;
}

static bool same_ids(const struct smmuv2 *s, unsigned inst, const uint32_t ids[4])
{
	static const uint64_t offs[4] = { SMMUV2_IDR0, SMMUV2_IDR1, SMMUV2_IDR2, SMMUV2_IDR7 };

	for (unsigned k = 0; k < 4; k++)
		if (s->p.ops->read32(s->p.ctx, inst, offs[k]) != ids[k])
			return false;
	return true;
}

enum smmuv2_status smmuv2_probe(struct smmuv2 *s, const struct smmuv2_params *p)
{
	uint32_t ids[4];
	uint64_t needed;

	memset(s, 0, sizeof(*s));
	s->p = *p;
	if (p->n_inst < 1 || p->n_inst > SMMUV2_MAX_INSTANCES)
		return SMMUV2_E_UNSUPPORTED;
	ids[0] = rd(s, SMMUV2_IDR0);
	ids[1] = rd(s, SMMUV2_IDR1);
	ids[2] = rd(s, SMMUV2_IDR2);
	ids[3] = rd(s, SMMUV2_IDR7);
	/* Instances programmed as one must be able to hold the same programming. */
	for (unsigned i = 1; i < p->n_inst; i++)
		if (!same_ids(s, i, ids))
			return SMMUV2_E_UNSUPPORTED;
	s->idr = smmuv2_idr_decode(ids[0], ids[1], ids[2], ids[3]);
	if (!s->idr.s2ts || !s->idr.sms || !s->idr.ptfs_4k || s->idr.num_cb == 0 || s->idr.num_smrg == 0 ||
	    s->idr.oas_bits == 0)
		return SMMUV2_E_UNSUPPORTED;
	if (s->idr.num_cb > SMMUV2_MAX_CBS || s->idr.num_smrg > SMMUV2_MAX_SMRS)
		return SMMUV2_E_UNSUPPORTED;
	/* Global space, then one page per context bank (the architecture makes both halves equal). */
	s->gr1 = (uint64_t)1 << s->idr.page_shift;
	s->cb_base = (uint64_t)s->idr.num_page << s->idr.page_shift;
	needed = s->cb_base + ((uint64_t)s->idr.num_cb << s->idr.page_shift);
	if (p->window_size < needed)
		return SMMUV2_E_WINDOW;
	return SMMUV2_OK;
}

/* Which SMR ID and MASK bits exist: write all ones to an invalid SMR and read back (the
 * architecture lets unimplemented bits read as zero). SMR 0 is invalid until streams are added. */
static void probe_smr_bits(struct smmuv2 *s)
{
	wr(s, SMMUV2_SMR(0), smmuv2_smr(0x7fff, 0, false));
	s->smr_id_bits = (uint16_t)FIELD_GET(SMR_ID, rd(s, SMMUV2_SMR(0)));
	wr(s, SMMUV2_SMR(0), smmuv2_smr(0, 0x7fff, false));
	s->smr_mask_bits = (uint16_t)FIELD_GET(SMR_MASK, rd(s, SMMUV2_SMR(0)));
	wr(s, SMMUV2_SMR(0), 0);
}

static void mmu500_errata(const struct smmuv2 *s)
{
	/* r2p0 onwards: clearing CACHE_LOCK lets CB_ACTLR be written (erratum 841119); the TLBEN bits
	 * keep the TLB enabled for bypass/fault S2CRs and unmatched streams, as Linux sets them. */
	if (s->idr.major >= 2) {
		uint64_t acr = rd(s, SMMUV2_SACR);

		acr &= ~SACR_MMU500_CACHE_LOCK;
		acr |= SACR_MMU500_SMTNMB_TLBEN | SACR_MMU500_MMUDISB_TLBEN | SACR_MMU500_S2CRB_TLBEN;
		wr(s, SMMUV2_SACR, (uint32_t)acr);
	}
	/* Next-page prefetch off in every bank (errata 841119, 826419). */
	for (unsigned cb = 0; cb < s->idr.num_cb; cb++) {
		uint64_t actlr = rd(s, cb_reg(s, cb, SMMUV2_CB_ACTLR));

		wr(s, cb_reg(s, cb, SMMUV2_CB_ACTLR), (uint32_t)(actlr & ~CB_ACTLR_MMU500_CPRE));
	}
}

enum smmuv2_status smmuv2_reset(struct smmuv2 *s)
{
	enum smmuv2_status st;

	/* Global faults are per instance: acknowledge what each recorded. */
	for (unsigned i = 0; i < s->p.n_inst; i++)
		s->p.ops->write32(s->p.ctx, i, SMMUV2_SGFSR, s->p.ops->read32(s->p.ctx, i, SMMUV2_SGFSR));
	for (unsigned n = 0; n < s->idr.num_smrg; n++) {
		wr(s, SMMUV2_SMR(n), 0);
		wr(s, SMMUV2_S2CR(n), smmuv2_s2cr_fault());
	}
	for (unsigned cb = 0; cb < s->idr.num_cb; cb++) {
		wr(s, cb_reg(s, cb, SMMUV2_CB_SCTLR), 0);
		wr(s, cb_reg(s, cb, SMMUV2_CB_FSR), (uint32_t)CB_FSR_FAULTS);
	}
	if (s->p.mmu500)
		mmu500_errata(s);
	probe_smr_bits(s);
	memset(s->smr, 0, sizeof(s->smr));
	memset(s->cb, 0, sizeof(s->cb));
	wr(s, SMMUV2_TLBIALLH, 0);
	wr(s, SMMUV2_TLBIALLNSNH, 0);
	st = smmuv2_tlb_sync(s);
	if (st != SMMUV2_OK)
		return st;
	/* Last: from here clients translate and unmatched streams fault. */
	s->p.ops->barrier(s->p.ctx);
	wr(s, SMMUV2_SCR0, smmuv2_scr0(rd(s, SMMUV2_SCR0), false));
	s->p.ops->barrier(s->p.ctx);
	return SMMUV2_OK;
}

enum smmuv2_status smmuv2_tlb_sync(struct smmuv2 *s)
{
	s->p.ops->barrier(s->p.ctx);
	wr(s, SMMUV2_STLBGSYNC, 0);
	for (unsigned poll = 0; poll < SYNC_POLLS; poll++) {
		uint32_t active = 0;

		for (unsigned i = 0; i < s->p.n_inst; i++)
			active |= s->p.ops->read32(s->p.ctx, i, SMMUV2_STLBGSTATUS);
		if (!(active & STLBGSTATUS_GSACTIVE))
			return SMMUV2_OK;
	}
	return SMMUV2_E_TIMEOUT;
}

enum smmuv2_status smmuv2_tlbi_vmid(struct smmuv2 *s, uint16_t vmid)
{
	s->p.ops->barrier(s->p.ctx);
	wr(s, SMMUV2_TLBIVMID, (uint32_t)FIELD_PREP(TLBIVMID_VMID, vmid));
	return smmuv2_tlb_sync(s);
}

enum smmuv2_status smmuv2_attach_context(struct smmuv2 *s, uint16_t vmid, uint64_t ttbr, uint64_t vtcr,
					 unsigned *cb_out)
{
	unsigned cb, irpt;
	enum smmuv2_status st;

	uint32_t tcr = smmuv2_cb_tcr_from_vtcr(vtcr);

	/* sCR0.VMID16EN stays clear: CBAR carries 8 bits of VMID. The SMMU must take the whole IPA
	 * space the tables translate (ID2.IAS). */
	if (vmid > 0xff || 64 - FIELD_GET(CB_TCR_T0SZ, tcr) > s->idr.ias_bits)
		return SMMUV2_E_RANGE;
	/* An output size beyond the SMMU's (ID2.OAS) is programmed as the SMMU's: memory above it is
	 * out of its reach either way, and the walk then reports an address size fault. */
	if (smmuv2_addr_bits((unsigned)FIELD_GET(CB_TCR_PASIZE, tcr)) > s->idr.oas_bits)
		tcr = (uint32_t)FIELD_SET(tcr, CB_TCR_PASIZE, s->idr.oas_field);
	for (cb = 0; cb < s->idr.num_cb; cb++) {
		if (s->cb[cb].used && s->cb[cb].vmid == vmid) {
			*cb_out = cb;
			return SMMUV2_OK;
		}
	}
	for (cb = 0; cb < s->idr.num_cb && s->cb[cb].used; cb++)
		;
	if (cb == s->idr.num_cb)
		return SMMUV2_E_FULL;
	/* Context interrupt: the bank's own where there are enough, else shared ones. */
	irpt = s->idr.num_irpt ? cb % s->idr.num_irpt : 0;
	wr(s, cb_reg(s, cb, SMMUV2_CB_SCTLR), 0);
	wr(s, s->gr1 + SMMUV2_CBA2R(cb), smmuv2_cba2r(0));
	wr(s, s->gr1 + SMMUV2_CBAR(cb), smmuv2_cbar_s2((uint8_t)vmid, (uint8_t)irpt));
	wr(s, cb_reg(s, cb, SMMUV2_CB_TCR), tcr);
	wr64(s, cb_reg(s, cb, SMMUV2_CB_TTBR0), ttbr);
	wr(s, cb_reg(s, cb, SMMUV2_CB_FSR), (uint32_t)CB_FSR_FAULTS);
	/* Nothing cached under this VMID may outlive the new tables. */
	st = smmuv2_tlbi_vmid(s, vmid);
	if (st != SMMUV2_OK)
		return st;
	wr(s, cb_reg(s, cb, SMMUV2_CB_SCTLR), smmuv2_cb_sctlr_enable());
	s->cb[cb] = (struct smmuv2_cb_slot){ true, vmid };
	*cb_out = cb;
	return SMMUV2_OK;
}

enum smmuv2_status smmuv2_add_stream(struct smmuv2 *s, unsigned cb, uint16_t sid, uint16_t mask)
{
	unsigned free_slot = s->idr.num_smrg;

	if (cb >= s->idr.num_cb || !s->cb[cb].used)
		return SMMUV2_E_RANGE;
	if ((sid & ~s->smr_id_bits) || (mask & ~s->smr_mask_bits))
		return SMMUV2_E_RANGE;
	for (unsigned n = 0; n < s->idr.num_smrg; n++) {
		const struct smmuv2_smr_slot *e = &s->smr[n];

		if (!e->used) {
			if (free_slot == s->idr.num_smrg)
				free_slot = n;
			continue;
		}
		if (!smr_overlap(e->id, e->mask, sid, mask))
			continue;
		if (smr_contains(e->id, e->mask, sid, mask) && e->cb == cb)
			return SMMUV2_OK;
		return SMMUV2_E_CONFLICT;
	}
	if (free_slot == s->idr.num_smrg)
		return SMMUV2_E_FULL;
	/* The S2CR first: the SMR becomes valid pointing at a programmed context. */
	wr(s, SMMUV2_S2CR(free_slot), smmuv2_s2cr_translate((uint8_t)cb));
	s->p.ops->barrier(s->p.ctx);
	wr(s, SMMUV2_SMR(free_slot), smmuv2_smr(sid, mask, true));
	s->smr[free_slot] = (struct smmuv2_smr_slot){ true, sid, mask, (uint8_t)cb };
	return SMMUV2_OK;
}

/* Every used SMR routed to the bank of `vmid` gets S2CR `translate ? translate : fault`. */
static void route_vmid(struct smmuv2 *s, uint16_t vmid, bool translate)
{
	for (unsigned n = 0; n < s->idr.num_smrg; n++) {
		unsigned cb = s->smr[n].cb;

		if (s->smr[n].used && s->cb[cb].used && s->cb[cb].vmid == vmid)
			wr(s, SMMUV2_S2CR(n), translate ? smmuv2_s2cr_translate((uint8_t)cb) : smmuv2_s2cr_fault());
	}
	s->p.ops->barrier(s->p.ctx);
}

enum smmuv2_status smmuv2_streams_fault(struct smmuv2 *s, uint16_t vmid)
{
	route_vmid(s, vmid, false);
	return smmuv2_tlbi_vmid(s, vmid);
}

enum smmuv2_status smmuv2_streams_translate(struct smmuv2 *s, uint16_t vmid)
{
	route_vmid(s, vmid, true);
	return SMMUV2_OK;
}

static unsigned report_and_ack(struct smmuv2 *s, unsigned inst, const struct smmuv2_fault *f, uint64_t status_reg,
			       uint32_t status, smmuv2_fault_fn report, void *ctx, unsigned *budget)
{
	if (*budget) {
		(*budget)--;
		report(ctx, s, inst, f);
	}
	s->p.ops->write32(s->p.ctx, inst, status_reg, status);
	return 1;
}

unsigned smmuv2_handle_faults(struct smmuv2 *s, smmuv2_fault_fn report, void *ctx, unsigned max_reports)
{
	const struct smmuv2_ops *o = s->p.ops;
	unsigned found = 0, budget = max_reports;

	for (unsigned i = 0; i < s->p.n_inst; i++) {
		uint32_t gfsr = o->read32(s->p.ctx, i, SMMUV2_SGFSR);

		if (gfsr) {
			struct smmuv2_fault f = smmuv2_gfault_decode(gfsr, o->read32(s->p.ctx, i, SMMUV2_SGFSYNR0),
								     o->read32(s->p.ctx, i, SMMUV2_SGFSYNR1),
								     rd64_inst(s, i, SMMUV2_SGFAR));

			found += report_and_ack(s, i, &f, SMMUV2_SGFSR, gfsr, report, ctx, &budget);
		}
		for (unsigned cb = 0; cb < s->idr.num_cb; cb++) {
			uint32_t fsr;

			if (!s->cb[cb].used)
				continue;
			fsr = o->read32(s->p.ctx, i, cb_reg(s, cb, SMMUV2_CB_FSR)) & (uint32_t)CB_FSR_FAULTS;
			if (fsr) {
				struct smmuv2_fault f = smmuv2_cbfault_decode(
					cb, fsr, o->read32(s->p.ctx, i, cb_reg(s, cb, SMMUV2_CB_FSYNR0)),
					rd64_inst(s, i, cb_reg(s, cb, SMMUV2_CB_FAR)),
					o->read32(s->p.ctx, i, s->gr1 + SMMUV2_CBFRSYNRA(cb)));

				found += report_and_ack(s, i, &f, cb_reg(s, cb, SMMUV2_CB_FSR), fsr, report, ctx,
							&budget);
			}
		}
	}
	return found;
}

const char *smmuv2_status_name(enum smmuv2_status st)
{
	switch (st) {
	case SMMUV2_OK:
		return "ok";
	case SMMUV2_E_UNSUPPORTED:
		return "unsupported SMMU (needs stage 2, stream matching, AArch64 4 KiB tables, identical instances)";
	case SMMUV2_E_WINDOW:
		return "register window smaller than the ID registers say";
	case SMMUV2_E_RANGE:
		return "stream ID, mask or VMID wider than the SMMU implements";
	case SMMUV2_E_CONFLICT:
		return "stream match would partially overlap another SMR";
	case SMMUV2_E_FULL:
		return "no free stream match register or context bank";
	case SMMUV2_E_TIMEOUT:
		return "TLB sync timed out";
	}
	return "?";
}
