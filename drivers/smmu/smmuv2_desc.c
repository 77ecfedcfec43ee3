/* SMMUv2 register values (see smmuv2_desc.h). Field positions: smmuv2_regs.h. */
#include "drivers/smmu/smmuv2_desc.h"

#include "core/base/format.h"
#include "core/hw/vtcr.h"
#include "drivers/smmu/smmuv2_regs.h"

uint32_t smmuv2_smr(uint16_t id, uint16_t mask, bool valid)
{
	return (uint32_t)(FIELD_PREP(SMR_ID, id) | FIELD_PREP(SMR_MASK, mask) | (valid ? SMR_VALID : 0));
}

uint32_t smmuv2_s2cr_translate(uint8_t cbndx)
{
	return (uint32_t)(FIELD_PREP(S2CR_TYPE, S2CR_TYPE_TRANSLATE) | FIELD_PREP(S2CR_CBNDX, cbndx));
}

uint32_t smmuv2_s2cr_fault(void)
{
	return (uint32_t)FIELD_PREP(S2CR_TYPE, S2CR_TYPE_FAULT);
}

uint32_t smmuv2_cbar_s2(uint8_t vmid, uint8_t irptndx)
{
	return (uint32_t)(FIELD_PREP(CBAR_TYPE, CBAR_TYPE_S2) | FIELD_PREP(CBAR_VMID, vmid) |
			  FIELD_PREP(CBAR_IRPTNDX, irptndx));
}

uint32_t smmuv2_cba2r(uint16_t vmid16)
{
	return (uint32_t)(CBA2R_VA64 | FIELD_PREP(CBA2R_VMID16, vmid16));
}

uint32_t smmuv2_cb_tcr_from_vtcr(uint64_t vtcr)
{
	return (uint32_t)(FIELD_PREP(CB_TCR_T0SZ, FIELD_GET(VTCR_EL2_T0SZ, vtcr)) |
			  FIELD_PREP(CB_TCR_SL0, FIELD_GET(VTCR_EL2_SL0, vtcr)) |
			  FIELD_PREP(CB_TCR_IRGN0, FIELD_GET(VTCR_EL2_IRGN0, vtcr)) |
			  FIELD_PREP(CB_TCR_ORGN0, FIELD_GET(VTCR_EL2_ORGN0, vtcr)) |
			  FIELD_PREP(CB_TCR_SH0, FIELD_GET(VTCR_EL2_SH0, vtcr)) |
			  FIELD_PREP(CB_TCR_TG0, FIELD_GET(VTCR_EL2_TG0, vtcr)) |
			  FIELD_PREP(CB_TCR_PASIZE, FIELD_GET(VTCR_EL2_PS, vtcr)));
}

uint32_t smmuv2_cb_sctlr_enable(void)
{
	return (uint32_t)(CB_SCTLR_M | CB_SCTLR_TRE | CB_SCTLR_AFE | CB_SCTLR_CFRE | CB_SCTLR_CFIE);
}

uint32_t smmuv2_scr0(uint32_t current, bool vmid16)
{
	uint64_t v = current;

	v &= ~(SCR0_CLIENTPD | SCR0_FB | SCR0_BSU | SCR0_EXIDENABLE | SCR0_VMID16EN);
	v |= SCR0_USFCFG | SCR0_GFRE | SCR0_GFIE | SCR0_GCFGFRE | SCR0_GCFGFIE | SCR0_VMIDPNE | SCR0_PTM | SCR0_SMCFCFG;
	if (vmid16)
		v |= SCR0_VMID16EN;
	return (uint32_t)v;
}

unsigned smmuv2_addr_bits(unsigned field)
{
	/* ID2.IAS/OAS share ID_AA64MMFR0.PARange's encoding up to 48 bits; 6 is reserved here. */
	return field <= 5 ? vtcr_parange_bits(field) : 0;
}

struct smmuv2_idr smmuv2_idr_decode(uint32_t id0, uint32_t id1, uint32_t id2, uint32_t id7)
{
	struct smmuv2_idr r = {
		.num_smrg = (unsigned)FIELD_GET(ID0_NUMSMRG, id0),
		.sms = id0 & ID0_SMS,
		.s1ts = id0 & ID0_S1TS,
		.s2ts = id0 & ID0_S2TS,
		.nts = id0 & ID0_NTS,
		.num_sid_bits = (unsigned)FIELD_GET(ID0_NUMSIDB, id0),
		.exids = id0 & ID0_EXIDS,
		.num_irpt = (unsigned)FIELD_GET(ID0_NUMIRPT, id0),
		.page_shift = (id1 & ID1_PAGESIZE) ? 16 : 12,
		.num_page = 1u << (FIELD_GET(ID1_NUMPAGENDXB, id1) + 1),
		.num_cb = (unsigned)FIELD_GET(ID1_NUMCB, id1),
		.num_s2cb = (unsigned)FIELD_GET(ID1_NUMS2CB, id1),
		.ias_bits = smmuv2_addr_bits((unsigned)FIELD_GET(ID2_IAS, id2)),
		.oas_bits = smmuv2_addr_bits((unsigned)FIELD_GET(ID2_OAS, id2)),
		.oas_field = (unsigned)FIELD_GET(ID2_OAS, id2),
		.ptfs_4k = id2 & ID2_PTFS_4K,
		.vmid16 = id2 & ID2_VMID16,
		.major = (unsigned)FIELD_GET(ID7_MAJOR, id7),
		.minor = (unsigned)FIELD_GET(ID7_MINOR, id7),
	};

	return r;
}

struct fault_bit {
	uint64_t bit;
	const char *name;
	const char *reason;
	bool has_addr;
};

/* In the order they are reported when several are set: the cause before its consequences. */
static const struct fault_bit gfsr_bits[] = {
	{ GFSR_USF, "sGFSR.USF", "stream ID matches no stream mapping register (not assigned)", true },
	{ GFSR_SMCF, "sGFSR.SMCF", "stream ID matches more than one stream mapping register", true },
	{ GFSR_UCBF, "sGFSR.UCBF", "S2CR names a context bank that is not implemented", false },
	{ GFSR_UCIF, "sGFSR.UCIF", "CBAR names a context interrupt that is not implemented", false },
	{ GFSR_CAF, "sGFSR.CAF", "configuration access fault", false },
	{ GFSR_ICF, "sGFSR.ICF", "invalid context fault: the stream's S2CR says fault", true },
	{ GFSR_EF, "sGFSR.EF", "external abort", true },
	{ GFSR_PF, "sGFSR.PF", "permission fault on a global access", true },
	{ GFSR_UUT, "sGFSR.UUT", "unsupported upstream transaction", true },
};

static const struct fault_bit cbfsr_bits[] = {
	{ CB_FSR_TF, "CB_FSR.TF", "translation fault: not in the partition's memory", true },
	{ CB_FSR_ASF, "CB_FSR.ASF", "address size fault", true },
	{ CB_FSR_AFF, "CB_FSR.AFF", "access flag fault", true },
	{ CB_FSR_PF, "CB_FSR.PF", "permission fault", true },
	{ CB_FSR_EF, "CB_FSR.EF", "external abort on a table walk or access", true },
	{ CB_FSR_TLBMCF, "CB_FSR.TLBMCF", "TLB match conflict", true },
	{ CB_FSR_TLBLKF, "CB_FSR.TLBLKF", "TLB lock fault", true },
	{ CB_FSR_UUT, "CB_FSR.UUT", "unsupported upstream transaction", true },
};

static const struct fault_bit *first_bit(const struct fault_bit *bits, size_t n, uint32_t status)
{
	for (size_t i = 0; i < n; i++)
		if (status & bits[i].bit)
			return &bits[i];
	return NULL;
}

struct smmuv2_fault smmuv2_gfault_decode(uint32_t gfsr, uint32_t gfsynr0, uint32_t gfsynr1, uint64_t gfar)
{
	const struct fault_bit *b = first_bit(gfsr_bits, sizeof(gfsr_bits) / sizeof(gfsr_bits[0]), gfsr);
	struct smmuv2_fault f = {
		.name = b ? b->name : "sGFSR",
		.reason = b ? b->reason : "no global fault recorded",
		.global = true,
		.sid = (uint32_t)FIELD_GET(GFSYNR1_STREAMID, gfsynr1),
		.has_addr = b && b->has_addr,
		.addr = gfar,
		.read = !(gfsynr0 & GFSYNR0_WNR),
		.multi = gfsr & GFSR_MULTI,
	};

	return f;
}

struct smmuv2_fault smmuv2_cbfault_decode(unsigned cb, uint32_t fsr, uint32_t fsynr0, uint64_t far, uint32_t cbfrsynra)
{
	const struct fault_bit *b = first_bit(cbfsr_bits, sizeof(cbfsr_bits) / sizeof(cbfsr_bits[0]), fsr);
	struct smmuv2_fault f = {
		.name = b ? b->name : "CB_FSR",
		.reason = b ? b->reason : "no context fault recorded",
		.cb = cb,
		.sid = (uint32_t)FIELD_GET(CBFRSYNRA_STREAMID, cbfrsynra),
		.has_addr = b && b->has_addr,
		.addr = far,
		.read = !(fsynr0 & CB_FSYNR0_WNR),
		.multi = fsr & CB_FSR_MULTI,
	};

	return f;
}

int smmuv2_fault_format(char *buf, size_t len, const struct smmuv2_fault *f, const char *partition, const char *device)
{
	if (f->has_addr)
		return fmt_snprintf(buf, len, "%s: partition %s, device %s, sid 0x%x: %s IOVA 0x%llx: %s", f->name,
				    partition, device, f->sid, f->read ? "read from" : "write to",
				    (unsigned long long)f->addr, f->reason);
	return fmt_snprintf(buf, len, "%s: partition %s, device %s, sid 0x%x: %s", f->name, partition, device, f->sid,
			    f->reason);
}
