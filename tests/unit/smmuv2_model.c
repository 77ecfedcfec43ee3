/* SMMUv2 register model (see smmuv2_model.h). Offsets and fields are spelled out here as numbers
 * from the architecture specification, deliberately not taken from drivers/smmu/smmuv2_regs.h,
 * so that a wrong offset or field in the driver's header shows up as a failing test. */
#include "tests/unit/smmuv2_model.h"

#include <stdio.h>
#include <string.h>

#define PAGE_4K 12
#define ADDR_48 0x0000fffffffff000ull

/* ID0: S1TS [30], S2TS [29], NTS [28], SMS [27], NUMIRPT [23:16] = 1, NUMSIDB [12:9] = 15,
 * NUMSMRG [7:0] = 32. ID1: PAGESIZE [31] = 0 (4 KiB), NUMPAGENDXB [30:28] = 2 (8 global pages),
 * NUMCB [7:0] = 8. ID2: VMID16 [15], PTFS 64K [14] and 4K [12], OAS [7:4] = IAS [3:0] = 5 (48
 * bits). ID7: MAJOR 2, MINOR 1. */
void model_init(struct smmuv2_model *m, unsigned n_inst)
{
	memset(m, 0, sizeof(*m));
	m->n_inst = n_inst;
	m->id0 = 0x78011e00 | MODEL_SMRS;
	m->id1 = 0x20000000 | MODEL_CBS;
	m->id2 = 0x0000d055;
	m->id7 = 0x21;
	m->page_shift = PAGE_4K;
	m->num_page = 8;
	m->smr_id_impl = 0x7fff;
	m->smr_mask_impl = 0x7fff;
	m->reset_scr0 = 0x1; /* CLIENTPD: firmware leaves everything bypassing */
	for (unsigned i = 0; i < n_inst; i++) {
		struct model_inst *in = &m->inst[i];

		in->scr0 = m->reset_scr0;
		in->sacr = 1u << 26; /* MMU-500 CACHE_LOCK set at reset */
		for (unsigned cb = 0; cb < MODEL_CBS; cb++)
			in->cb[cb].actlr = 0x3; /* MMU-500 CB_ACTLR reset: CMTLB, CPRE */
		/* Leftovers from firmware: a valid SMR bypassing stream 0x7f, a recorded fault. */
		in->smr[3] = 0x8000007f;
		in->s2cr[3] = 1u << 16;
		in->gfsr = 0x2;
	}
}

uint64_t model_window(const struct smmuv2_model *m)
{
	return (uint64_t)2 * m->num_page << m->page_shift;
}

static uint64_t page(const struct smmuv2_model *m)
{
	return (uint64_t)1 << m->page_shift;
}

static void set_lo(uint64_t *r, uint32_t v)
{
	*r = (*r & 0xffffffff00000000ull) | v;
}

static void set_hi(uint64_t *r, uint32_t v)
{
	*r = (*r & 0xffffffffull) | (uint64_t)v << 32;
}

static void tlb_drop(struct model_inst *in, bool all, uint16_t vmid)
{
	for (unsigned k = 0; k < MODEL_TLB; k++)
		if (all || in->tlb[k].vmid == vmid)
			in->tlb[k].valid = false;
}

/* Context bank n's register `r`, or NULL when `off` is not in the context bank space. */
static uint32_t *cb32(struct smmuv2_model *m, struct model_inst *in, uint64_t off, unsigned *cbn, uint64_t *r)
{
	uint64_t base = (uint64_t)m->num_page << m->page_shift;

	if (off < base)
		return NULL;
	*cbn = (unsigned)((off - base) >> m->page_shift);
	*r = off & (page(m) - 1);
	if (*cbn >= MODEL_CBS)
		return NULL;
	switch (*r) {
	case 0x00:
		return &in->cb[*cbn].sctlr;
	case 0x04:
		return &in->cb[*cbn].actlr;
	case 0x30:
		return &in->cb[*cbn].tcr;
	case 0x58:
		return &in->cb[*cbn].fsr;
	case 0x68:
		return &in->cb[*cbn].fsynr0;
	default:
		return NULL;
	}
}

/* The instance an access goes to; NULL (and counted as a bad access) past the last one. */
static struct model_inst *instance(struct smmuv2_model *m, unsigned inst)
{
	if (inst < m->n_inst)
		return &m->inst[inst];
	m->bad_accesses++;
	return NULL;
}

uint32_t model_read32(void *ctx, unsigned inst, uint64_t off)
{
	struct smmuv2_model *m = ctx;
	struct model_inst *in = instance(m, inst);
	unsigned cbn;
	uint64_t r;
	uint32_t *reg;

	if (!in)
		return 0;
	if (off < page(m)) {
		if (off >= 0x800 && off < 0x800 + 4 * MODEL_SMRS)
			return in->smr[(off - 0x800) / 4];
		if (off >= 0xc00 && off < 0xc00 + 4 * MODEL_SMRS)
			return in->s2cr[(off - 0xc00) / 4];
		switch (off) {
		case 0x000:
			return in->scr0;
		case 0x010:
			return in->sacr;
		case 0x020:
			return m->id0;
		case 0x024:
			return m->id1;
		case 0x028:
			return m->id2;
		case 0x03c:
			return m->id7;
		case 0x040:
			return (uint32_t)in->gfar;
		case 0x044:
			return (uint32_t)(in->gfar >> 32);
		case 0x048:
			return in->gfsr;
		case 0x050:
			return in->gfsynr0;
		case 0x054:
			return in->gfsynr1;
		case 0x074:
			in->status_reads++;
			if (in->sync_busy) {
				in->sync_busy--;
				return 1;
			}
			return 0;
		}
	} else if (off < 2 * page(m)) {
		uint64_t o = off - page(m);

		if (o < 4 * MODEL_CBS)
			return in->cbar[o / 4];
		if (o >= 0x400 && o < 0x400 + 4 * MODEL_CBS)
			return in->cbfrsynra[(o - 0x400) / 4];
		if (o >= 0x800 && o < 0x800 + 4 * MODEL_CBS)
			return in->cba2r[(o - 0x800) / 4];
	} else if ((reg = cb32(m, in, off, &cbn, &r)) != NULL) {
		return *reg;
	} else if (cbn < MODEL_CBS && (r == 0x20 || r == 0x24 || r == 0x60 || r == 0x64)) {
		uint64_t v = r < 0x60 ? in->cb[cbn].ttbr0 : in->cb[cbn].far;

		return (r & 4) ? (uint32_t)(v >> 32) : (uint32_t)v;
	}
	m->bad_accesses++;
	return 0;
}

void model_write32(void *ctx, unsigned inst, uint64_t off, uint32_t v)
{
	struct smmuv2_model *m = ctx;
	struct model_inst *in = instance(m, inst);
	unsigned cbn;
	uint64_t r;
	uint32_t *reg;

	if (!in)
		return;
	if (off < page(m)) {
		if (off >= 0x800 && off < 0x800 + 4 * MODEL_SMRS) {
			/* Unimplemented ID/MASK bits read as zero. */
			in->smr[(off - 0x800) / 4] = v &
						     (0x80000000u | (uint32_t)m->smr_mask_impl << 16 | m->smr_id_impl);
			return;
		}
		if (off >= 0xc00 && off < 0xc00 + 4 * MODEL_SMRS) {
			in->s2cr[(off - 0xc00) / 4] = v;
			return;
		}
		switch (off) {
		case 0x000:
			in->scr0 = v;
			return;
		case 0x010:
			in->sacr = v;
			return;
		case 0x048:
			in->gfsr &= ~v;
			return;
		case 0x064:
			in->tlbi_vmid++;
			tlb_drop(in, false, (uint16_t)(v & 0xff));
			return;
		case 0x068:
		case 0x06c:
			in->tlbi_all++;
			tlb_drop(in, true, 0);
			return;
		case 0x070:
			in->syncs++;
			in->sync_busy = in->sync_delay;
			return;
		}
	} else if (off < 2 * page(m)) {
		uint64_t o = off - page(m);

		if (o < 4 * MODEL_CBS) {
			in->cbar[o / 4] = v;
			return;
		}
		if (o >= 0x800 && o < 0x800 + 4 * MODEL_CBS) {
			in->cba2r[(o - 0x800) / 4] = v;
			return;
		}
	} else if ((reg = cb32(m, in, off, &cbn, &r)) != NULL) {
		if (r == 0x58)
			*reg &= ~v; /* CB_FSR: write 1 to clear */
		else
			*reg = v;
		return;
	} else if (cbn < MODEL_CBS && (r == 0x20 || r == 0x24)) {
		(r == 0x20 ? set_lo : set_hi)(&in->cb[cbn].ttbr0, v);
		return;
	}
	m->bad_accesses++;
}

void model_barrier(void *ctx)
{
	(void)ctx;
}

static enum model_result global_fault(struct model_inst *in, uint32_t bit, uint32_t sid, uint64_t iova, bool write)
{
	if (in->gfsr & 0x1ff) {
		in->gfsr |= 0x80000000u; /* MULTI: the first fault's syndrome stays */
	} else {
		in->gfsr |= bit;
		in->gfsynr0 = write ? 0x2 : 0;
		in->gfsynr1 = sid & 0xffff;
		in->gfar = iova;
	}
	return MODEL_GLOBAL_FAULT;
}

static enum model_result context_fault(struct model_inst *in, unsigned cbn, uint32_t bit, uint32_t sid, uint64_t iova,
				       bool write)
{
	struct model_cb *cb = &in->cb[cbn];

	if (cb->fsr & 0x1fe) {
		cb->fsr |= 0x80000000u;
	} else {
		cb->fsr |= bit;
		cb->far = iova;
		cb->fsynr0 = write ? 0x10 : 0;
		in->cbfrsynra[cbn] = sid & 0xffff;
	}
	return MODEL_CONTEXT_FAULT;
}

/* Stage-2 walk, AArch64 4 KiB granule. Returns 0 or the CB_FSR bit of the fault. */
static uint32_t walk(struct smmuv2_model *m, const struct model_cb *cb, uint64_t iova, bool write, uint64_t *pa,
		     unsigned *s2ap)
{
	unsigned t0sz = cb->tcr & 0x3f, sl0 = (cb->tcr >> 6) & 3, tg0 = (cb->tcr >> 14) & 3;
	unsigned in_bits = 64 - t0sz, start;
	uint64_t table = cb->ttbr0 & ADDR_48;

	if (tg0 != 0 || sl0 > 2 || in_bits > 48 || in_bits < 25) {
		m->bad_accesses++; /* a TCR this model (and bulkhead) never uses */
		return 0x2;
	}
	start = 2 - sl0;
	if (iova >> in_bits)
		return 0x2;
	for (unsigned level = start; level <= 3; level++) {
		unsigned shift = 12 + 9 * (3 - level);
		uint64_t idx_mask = level == start ? ((1ull << (in_bits - shift)) - 1) : 511;
		uint64_t desc = m->read_desc(m->mem_ctx, table + ((iova >> shift) & idx_mask) * 8);
		uint64_t span = 1ull << shift;

		if (!(desc & 1))
			return 0x2; /* TF */
		if (level < 3 && (desc & 2)) {
			table = desc & ADDR_48;
			continue;
		}
		if (level == 3 ? !(desc & 2) : level == 0)
			return 0x2; /* reserved encoding */
		if (!(desc & (1u << 10)))
			return 0x4; /* AFF */
		*s2ap = (desc >> 6) & 3;
		if (write ? !(*s2ap & 2) : !(*s2ap & 1))
			return 0x8; /* PF */
		if (level < 3)
			m->block_walks++;
		*pa = (desc & ADDR_48 & ~(span - 1)) | (iova & (span - 1));
		return 0;
	}
	return 0x2;
}

static bool tlb_lookup(struct model_inst *in, uint16_t vmid, uint64_t iova, bool write, uint64_t *pa)
{
	for (unsigned k = 0; k < MODEL_TLB; k++) {
		const struct model_tlb_entry *e = &in->tlb[k];

		if (e->valid && e->vmid == vmid && e->page == iova >> 12) {
			*pa = e->pa_page << 12 | (iova & 0xfff);
			(void)write;
			return true;
		}
	}
	return false;
}

static void tlb_fill(struct model_inst *in, uint16_t vmid, uint64_t iova, uint64_t pa)
{
	for (unsigned k = 0; k < MODEL_TLB; k++) {
		if (!in->tlb[k].valid) {
			in->tlb[k] = (struct model_tlb_entry){ true, vmid, iova >> 12, pa >> 12 };
			return;
		}
	}
	in->tlb[(iova >> 12) % MODEL_TLB] = (struct model_tlb_entry){ true, vmid, iova >> 12, pa >> 12 };
}

enum model_result model_dma(struct smmuv2_model *m, unsigned inst, uint32_t sid, uint64_t iova, bool write,
			    uint64_t *pa)
{
	struct model_inst *in = &m->inst[inst];
	unsigned matches = 0, smr = 0, type, cbn, s2ap = 0;
	uint32_t fault;
	uint16_t vmid;

	*pa = iova;
	if (in->scr0 & 0x1) /* CLIENTPD */
		return MODEL_BYPASSED;
	for (unsigned n = 0; n < MODEL_SMRS; n++) {
		uint32_t v = in->smr[n], id = v & 0x7fff, mask = (v >> 16) & 0x7fff;

		if ((v & 0x80000000u) && ((sid ^ id) & ~mask & 0x7fff) == 0) {
			if (matches++ == 0)
				smr = n;
		}
	}
	if (matches == 0)
		return (in->scr0 & (1u << 10)) ? global_fault(in, 0x2, sid, iova, write) : MODEL_BYPASSED;
	if (matches > 1 && (in->scr0 & (1u << 21)))
		return global_fault(in, 0x4, sid, iova, write); /* SMCF */
	type = (in->s2cr[smr] >> 16) & 3;
	if (type == 1)
		return MODEL_BYPASSED;
	if (type != 0)
		return global_fault(in, 0x1, sid, iova, write); /* ICF: S2CR says fault */
	cbn = in->s2cr[smr] & 0xff;
	if (cbn >= MODEL_CBS)
		return global_fault(in, 0x8, sid, iova, write); /* UCBF */
	if (!(in->cb[cbn].sctlr & 1))
		return MODEL_BYPASSED; /* stage 2 with M = 0 passes addresses through */
	if (((in->cbar[cbn] >> 16) & 3) != 0 || !(in->cba2r[cbn] & 1)) {
		m->bad_accesses++; /* only stage-2 AArch64 contexts are modelled */
		return context_fault(in, cbn, 0x2, sid, iova, write);
	}
	vmid = (uint16_t)(in->cbar[cbn] & 0xff);
	if (tlb_lookup(in, vmid, iova, write, pa))
		return MODEL_TRANSLATED;
	fault = walk(m, &in->cb[cbn], iova, write, pa, &s2ap);
	if (fault)
		return context_fault(in, cbn, fault, sid, iova, write);
	if (s2ap == 3)
		tlb_fill(in, vmid, iova, *pa);
	return MODEL_TRANSLATED;
}

static bool differ(char *why, unsigned len, const char *what, unsigned n, unsigned i, uint64_t a, uint64_t b)
{
	snprintf(why, len, "%s[%u]: instance 0 holds 0x%llx, instance %u 0x%llx", what, n, (unsigned long long)a, i,
		 (unsigned long long)b);
	return false;
}

bool model_instances_identical(const struct smmuv2_model *m, char *why, unsigned len)
{
	const struct model_inst *a = &m->inst[0];

	for (unsigned i = 1; i < m->n_inst; i++) {
		const struct model_inst *b = &m->inst[i];

		if (a->scr0 != b->scr0)
			return differ(why, len, "sCR0", 0, i, a->scr0, b->scr0);
		if (a->sacr != b->sacr)
			return differ(why, len, "sACR", 0, i, a->sacr, b->sacr);
		for (unsigned n = 0; n < MODEL_SMRS; n++) {
			if (a->smr[n] != b->smr[n])
				return differ(why, len, "SMR", n, i, a->smr[n], b->smr[n]);
			if (a->s2cr[n] != b->s2cr[n])
				return differ(why, len, "S2CR", n, i, a->s2cr[n], b->s2cr[n]);
		}
		for (unsigned n = 0; n < MODEL_CBS; n++) {
			const struct model_cb *x = &a->cb[n], *y = &b->cb[n];

			if (a->cbar[n] != b->cbar[n])
				return differ(why, len, "CBAR", n, i, a->cbar[n], b->cbar[n]);
			if (a->cba2r[n] != b->cba2r[n])
				return differ(why, len, "CBA2R", n, i, a->cba2r[n], b->cba2r[n]);
			if (x->sctlr != y->sctlr)
				return differ(why, len, "CB_SCTLR", n, i, x->sctlr, y->sctlr);
			if (x->actlr != y->actlr)
				return differ(why, len, "CB_ACTLR", n, i, x->actlr, y->actlr);
			if (x->tcr != y->tcr)
				return differ(why, len, "CB_TCR", n, i, x->tcr, y->tcr);
			if (x->ttbr0 != y->ttbr0)
				return differ(why, len, "CB_TTBR0", n, i, x->ttbr0, y->ttbr0);
		}
	}
	return true;
}
