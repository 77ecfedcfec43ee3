/* SMMUv3 pure encoders and decoders. See smmuv3_desc.h; bit positions are in smmuv3_regs.h. */
#include "drivers/smmu/smmuv3_desc.h"

#include <string.h>

#include "drivers/smmu/smmuv3_regs.h"

/* ---- Identification ------------------------------------------------------------------ */

static const unsigned ps_bits_table[8] = { 32, 36, 40, 42, 44, 48, 52, 56 };

unsigned smmuv3_ps_bits(unsigned ps)
{
	return ps < 8 ? ps_bits_table[ps] : 0;
}

bool smmuv3_ps_encode(unsigned bits, unsigned *ps)
{
	for (unsigned i = 0; i < 8; i++) {
		if (ps_bits_table[i] == bits) {
			*ps = i;
			return true;
		}
	}
	return false;
}

struct smmuv3_features smmuv3_decode_idr(uint32_t idr0, uint32_t idr1, uint32_t idr5)
{
	struct smmuv3_features f;
	unsigned ttf = (unsigned)FIELD_GET(IDR0_TTF, idr0);
	unsigned endian = (unsigned)FIELD_GET(IDR0_TTENDIAN, idr0);

	memset(&f, 0, sizeof(f));
	f.s1p = idr0 & IDR0_S1P;
	f.s2p = idr0 & IDR0_S2P;
	f.st_2lvl = FIELD_GET(IDR0_ST_LEVEL, idr0) == IDR0_ST_LEVEL_2LVL;
	f.ttf_aarch64 = ttf == IDR0_TTF_AARCH64 || ttf == IDR0_TTF_BOTH;
	f.le_tables = endian == IDR0_TTENDIAN_MIXED || endian == IDR0_TTENDIAN_LE;
	f.coherent = idr0 & IDR0_COHACC;
	f.asid16 = idr0 & IDR0_ASID16;
	f.vmid16 = idr0 & IDR0_VMID16;
	f.hyp = idr0 & IDR0_HYP;
	f.msi = idr0 & IDR0_MSI;
	f.cd2l = idr0 & IDR0_CD2L;

	f.sidsize = (unsigned)FIELD_GET(IDR1_SIDSIZE, idr1);
	f.ssidsize = (unsigned)FIELD_GET(IDR1_SSIDSIZE, idr1);
	f.eventq_max_log2 = (unsigned)FIELD_GET(IDR1_EVENTQS, idr1);
	f.cmdq_max_log2 = (unsigned)FIELD_GET(IDR1_CMDQS, idr1);
	f.tables_preset = idr1 & IDR1_TABLES_PRESET;
	f.queues_preset = idr1 & IDR1_QUEUES_PRESET;

	f.oas = (unsigned)FIELD_GET(IDR5_OAS, idr5);
	f.oas_bits = smmuv3_ps_bits(f.oas);
	f.gran4k = idr5 & IDR5_GRAN4K;
	f.gran16k = idr5 & IDR5_GRAN16K;
	f.gran64k = idr5 & IDR5_GRAN64K;
	return f;
}

/* ---- Stream table geometry ----------------------------------------------------------- */

/* Smallest n with v < 2^n. */
static unsigned bits_to_cover(uint32_t v)
{
	unsigned n = 0;

	while (n < 32 && ((uint64_t)v >> n) != 0)
		n++;
	return n;
}

bool smmuv3_strtab_plan(const struct smmuv3_features *f, uint32_t max_sid_needed, struct smmuv3_strtab_plan *plan)
{
	unsigned n = bits_to_cover(max_sid_needed);

	memset(plan, 0, sizeof(*plan));
	if (n > f->sidsize)
		return false;

	plan->log2size = n;
	if (n <= SMMUV3_LINEAR_MAX_LOG2 || !f->st_2lvl || n <= SMMUV3_STRTAB_SPLIT) {
		plan->two_level = false;
		plan->table_size = (UINT64_C(1) << n) * STRTAB_STE_SIZE;
		plan->base_cfg = (uint32_t)(FIELD_PREP(STRTAB_BASE_CFG_FMT, STRTAB_BASE_CFG_FMT_LINEAR) |
					    FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, n));
		return true;
	}

	plan->two_level = true;
	plan->split = SMMUV3_STRTAB_SPLIT;
	plan->l1_entries = UINT32_C(1) << (n - SMMUV3_STRTAB_SPLIT);
	plan->table_size = (uint64_t)plan->l1_entries * STRTAB_L1_DESC_SIZE;
	plan->l2_size = (UINT64_C(1) << SMMUV3_STRTAB_SPLIT) * STRTAB_STE_SIZE;
	plan->l1_span = SMMUV3_STRTAB_SPLIT + 1;
	plan->base_cfg = (uint32_t)(FIELD_PREP(STRTAB_BASE_CFG_FMT, STRTAB_BASE_CFG_FMT_2LVL) |
				    FIELD_PREP(STRTAB_BASE_CFG_SPLIT, SMMUV3_STRTAB_SPLIT) |
				    FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, n));
	return true;
}

uint64_t smmuv3_l1_desc(pa_t l2, unsigned span)
{
	if (span == 0)
		return 0;
	return (pa_val(l2) & STRTAB_L1_DESC_L2PTR) | FIELD_PREP(STRTAB_L1_DESC_SPAN, span);
}

/* ---- Stream table entries ------------------------------------------------------------ */

void smmuv3_ste_abort(uint64_t ste[8])
{
	memset(ste, 0, STRTAB_STE_SIZE);
	ste[0] = STRTAB_STE_0_V | FIELD_PREP(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_ABORT);
}

void smmuv3_ste_closed(uint64_t ste[8], const uint64_t open[8])
{
	memmove(ste, open, STRTAB_STE_SIZE);
	ste[0] &= ~STRTAB_STE_0_V;
}

void smmuv3_ste_bypass(uint64_t ste[8])
{
	memset(ste, 0, STRTAB_STE_SIZE);
	ste[0] = STRTAB_STE_0_V | FIELD_PREP(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_BYPASS);
	/* Bypassed transactions keep the device's own shareability rather than being forced
	 * Non-shareable. */
	ste[1] = FIELD_PREP(STRTAB_STE_1_SHCFG, STRTAB_STE_1_SHCFG_INCOMING);
}

/* A physical address that `mask` (a field holding address bits [hi:lo] in place) can carry. */
static bool addr_fits(uint64_t addr, uint64_t mask)
{
	return (addr & ~mask) == 0;
}

bool smmuv3_ste_s1(uint64_t ste[8], pa_t cd_table)
{
	if (!addr_fits(pa_val(cd_table), STRTAB_STE_0_S1CTXPTR)) {
		smmuv3_ste_abort(ste);
		return false;
	}
	memset(ste, 0, STRTAB_STE_SIZE);
	/* S1FMT linear with S1CDMax 0: exactly one CD, no SubstreamIDs (all QEMU supports). */
	ste[0] = STRTAB_STE_0_V | FIELD_PREP(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_S1_TRANS) |
		 FIELD_PREP(STRTAB_STE_0_S1FMT, STRTAB_STE_0_S1FMT_LINEAR) | (pa_val(cd_table) & STRTAB_STE_0_S1CTXPTR);
	/* How the SMMU fetches the CD: like the rest of RAM, so it snoops the CPU's writes. STRW
	 * NS-EL1 because the streams belong to guests; EL1 also keeps CD.EPD1 meaningful. */
	ste[1] = FIELD_PREP(STRTAB_STE_1_S1CIR, SMMU_CACHE_WBWA) | FIELD_PREP(STRTAB_STE_1_S1COR, SMMU_CACHE_WBWA) |
		 FIELD_PREP(STRTAB_STE_1_S1CSH, SMMU_SH_ISH) | FIELD_PREP(STRTAB_STE_1_STRW, STRTAB_STE_1_STRW_NSEL1);
	return true;
}

bool smmuv3_ste_s2(uint64_t ste[8], const struct smmuv3_s2_cfg *cfg)
{
	uint64_t vtcr = cfg->vtcr;
	unsigned t0sz = (unsigned)FIELD_GET(VTCR_T0SZ, vtcr);

	if (!addr_fits(pa_val(cfg->vttb), STRTAB_STE_3_S2TTB) || t0sz < 16 || t0sz > 39 ||
	    FIELD_GET(VTCR_SL0, vtcr) == 3 || FIELD_GET(VTCR_TG0, vtcr) == 3 || FIELD_GET(VTCR_PS, vtcr) > 6) {
		smmuv3_ste_abort(ste);
		return false;
	}
	memset(ste, 0, STRTAB_STE_SIZE);
	ste[0] = STRTAB_STE_0_V | FIELD_PREP(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_S2_TRANS);
	/* Stage 1 is bypassed, so the device's shareability reaches stage 2 unchanged. */
	ste[1] = FIELD_PREP(STRTAB_STE_1_SHCFG, STRTAB_STE_1_SHCFG_INCOMING);
	ste[2] = FIELD_PREP(STRTAB_STE_2_S2VMID, cfg->vmid) | FIELD_PREP(STRTAB_STE_2_S2T0SZ, t0sz) |
		 FIELD_PREP(STRTAB_STE_2_S2SL0, FIELD_GET(VTCR_SL0, vtcr)) |
		 FIELD_PREP(STRTAB_STE_2_S2IR0, FIELD_GET(VTCR_IRGN0, vtcr)) |
		 FIELD_PREP(STRTAB_STE_2_S2OR0, FIELD_GET(VTCR_ORGN0, vtcr)) |
		 FIELD_PREP(STRTAB_STE_2_S2SH0, FIELD_GET(VTCR_SH0, vtcr)) |
		 FIELD_PREP(STRTAB_STE_2_S2TG, FIELD_GET(VTCR_TG0, vtcr)) |
		 FIELD_PREP(STRTAB_STE_2_S2PS, FIELD_GET(VTCR_PS, vtcr)) | STRTAB_STE_2_S2AA64 | STRTAB_STE_2_S2R;
	ste[3] = pa_val(cfg->vttb) & STRTAB_STE_3_S2TTB;
	return true;
}

/* ---- Context descriptors ------------------------------------------------------------- */

bool smmuv3_cd_s1(uint64_t cd[8], const struct smmuv3_cd_cfg *cfg)
{
	unsigned ips;
	uint64_t ttb = pa_val(cfg->ttb0);

	memset(cd, 0, CTXDESC_CD_SIZE);
	/* TTB0 must be inside the output range, and inside 48 bits with a 4 KiB granule. */
	if (cfg->t0sz < 16 || cfg->t0sz > 39 || !smmuv3_ps_encode(cfg->ips_bits, &ips) ||
	    !addr_fits(ttb, CTXDESC_CD_1_TTB0) || ttb >> cfg->ips_bits || ttb >> 48)
		return false;

	cd[0] = FIELD_PREP(CTXDESC_CD_0_TCR_T0SZ, cfg->t0sz) |
		FIELD_PREP(CTXDESC_CD_0_TCR_TG0, CTXDESC_CD_0_TCR_TG0_4K) |
		FIELD_PREP(CTXDESC_CD_0_TCR_IRGN0, SMMU_CACHE_WBWA) |
		FIELD_PREP(CTXDESC_CD_0_TCR_ORGN0, SMMU_CACHE_WBWA) | FIELD_PREP(CTXDESC_CD_0_TCR_SH0, SMMU_SH_ISH) |
		CTXDESC_CD_0_TCR_EPD1 | CTXDESC_CD_0_V | FIELD_PREP(CTXDESC_CD_0_TCR_IPS, ips) | CTXDESC_CD_0_AA64 |
		CTXDESC_CD_0_R | CTXDESC_CD_0_A | CTXDESC_CD_0_ASET | FIELD_PREP(CTXDESC_CD_0_ASID, cfg->asid);
	cd[1] = ttb & CTXDESC_CD_1_TTB0;
	cd[3] = cfg->mair;
	return true;
}

/* ---- Commands ------------------------------------------------------------------------ */

static void cmd_op(uint64_t cmd[2], uint8_t op)
{
	cmd[0] = FIELD_PREP(CMDQ_0_OP, op);
	cmd[1] = 0;
}

void smmuv3_cmd_cfgi_ste(uint64_t cmd[2], uint32_t sid)
{
	cmd_op(cmd, CMDQ_OP_CFGI_STE);
	cmd[0] |= FIELD_PREP(CMDQ_CFGI_0_SID, sid);
	cmd[1] = CMDQ_CFGI_1_LEAF;
}

void smmuv3_cmd_cfgi_all(uint64_t cmd[2])
{
	/* The architected CMD_CFGI_ALL is CFGI_STE_RANGE covering 2^32 StreamIDs. QEMU 7.2 only
	 * understands it in this form. */
	cmd_op(cmd, CMDQ_OP_CFGI_STE_RANGE);
	cmd[1] = FIELD_PREP(CMDQ_CFGI_1_RANGE, CMDQ_CFGI_1_RANGE_ALL);
}

void smmuv3_cmd_tlbi_nh_asid(uint64_t cmd[2], uint16_t asid)
{
	cmd_op(cmd, CMDQ_OP_TLBI_NH_ASID);
	cmd[0] |= FIELD_PREP(CMDQ_TLBI_0_ASID, asid) | FIELD_PREP(CMDQ_TLBI_0_VMID, 0);
}

void smmuv3_cmd_tlbi_s12_vmall(uint64_t cmd[2], uint16_t vmid)
{
	cmd_op(cmd, CMDQ_OP_TLBI_S12_VMALL);
	cmd[0] |= FIELD_PREP(CMDQ_TLBI_0_VMID, vmid);
}

void smmuv3_cmd_tlbi_nsnh_all(uint64_t cmd[2])
{
	cmd_op(cmd, CMDQ_OP_TLBI_NSNH_ALL);
}

void smmuv3_cmd_tlbi_el2_all(uint64_t cmd[2])
{
	cmd_op(cmd, CMDQ_OP_TLBI_EL2_ALL);
}

void smmuv3_cmd_sync(uint64_t cmd[2], enum smmuv3_sync_cs cs)
{
	cmd_op(cmd, CMDQ_OP_CMD_SYNC);
	cmd[0] |= FIELD_PREP(CMDQ_SYNC_0_CS, (unsigned)cs & 3);
}

const char *smmuv3_cmd_name(uint8_t opcode)
{
	switch (opcode) {
	case CMDQ_OP_PREFETCH_CFG:
		return "CMD_PREFETCH_CONFIG";
	case 0x02:
		return "CMD_PREFETCH_ADDR";
	case CMDQ_OP_CFGI_STE:
		return "CMD_CFGI_STE";
	case CMDQ_OP_CFGI_STE_RANGE:
		return "CMD_CFGI_STE_RANGE";
	case CMDQ_OP_CFGI_CD:
		return "CMD_CFGI_CD";
	case CMDQ_OP_CFGI_CD_ALL:
		return "CMD_CFGI_CD_ALL";
	case CMDQ_OP_TLBI_NH_ALL:
		return "CMD_TLBI_NH_ALL";
	case CMDQ_OP_TLBI_NH_ASID:
		return "CMD_TLBI_NH_ASID";
	case CMDQ_OP_TLBI_NH_VA:
		return "CMD_TLBI_NH_VA";
	case 0x13:
		return "CMD_TLBI_NH_VAA";
	case CMDQ_OP_TLBI_EL2_ALL:
		return "CMD_TLBI_EL2_ALL";
	case CMDQ_OP_TLBI_S12_VMALL:
		return "CMD_TLBI_S12_VMALL";
	case CMDQ_OP_TLBI_S2_IPA:
		return "CMD_TLBI_S2_IPA";
	case CMDQ_OP_TLBI_NSNH_ALL:
		return "CMD_TLBI_NSNH_ALL";
	case CMDQ_OP_CMD_SYNC:
		return "CMD_SYNC";
	default:
		return "UNKNOWN";
	}
}

const char *smmuv3_cerror_name(unsigned err)
{
	switch (err) {
	case CMDQ_ERR_CERROR_NONE:
		return "NONE";
	case CMDQ_ERR_CERROR_ILL:
		return "ILL";
	case CMDQ_ERR_CERROR_ABT:
		return "ABT";
	case CMDQ_ERR_CERROR_ATC_INV_SYNC:
		return "ATC_INV_SYNC";
	default:
		return "UNKNOWN";
	}
}

const char *smmuv3_gerror_name(unsigned bit)
{
	static const char *const names[] = {
		"CMDQ_ERR",           "RESERVED",         "EVENTQ_ABT_ERR",     "PRIQ_ABT_ERR", "MSI_CMDQ_ABT_ERR",
		"MSI_EVENTQ_ABT_ERR", "MSI_PRIQ_ABT_ERR", "MSI_GERROR_ABT_ERR", "SFM_ERR",
	};

	return bit < sizeof(names) / sizeof(names[0]) ? names[bit] : "UNKNOWN";
}

/* ---- Queue indices ------------------------------------------------------------------- */

uint32_t smmuv3_q_next(uint32_t v, unsigned log2)
{
	uint32_t idx = smmuv3_q_idx(v, log2) + 1;
	uint32_t wrap = smmuv3_q_wrap(v, log2);

	if (idx == (1u << log2)) {
		idx = 0;
		wrap ^= 1u << log2;
	}
	return wrap | idx;
}

bool smmuv3_q_empty(uint32_t prod, uint32_t cons, unsigned log2)
{
	return smmuv3_q_idx(prod, log2) == smmuv3_q_idx(cons, log2) &&
	       smmuv3_q_wrap(prod, log2) == smmuv3_q_wrap(cons, log2);
}

bool smmuv3_q_full(uint32_t prod, uint32_t cons, unsigned log2)
{
	return smmuv3_q_idx(prod, log2) == smmuv3_q_idx(cons, log2) &&
	       smmuv3_q_wrap(prod, log2) != smmuv3_q_wrap(cons, log2);
}

/* ---- Events -------------------------------------------------------------------------- */

const char *smmuv3_event_name(uint8_t type)
{
	switch (type) {
	case EVT_ID_F_UUT:
		return "F_UUT";
	case EVT_ID_C_BAD_STREAMID:
		return "C_BAD_STREAMID";
	case EVT_ID_F_STE_FETCH:
		return "F_STE_FETCH";
	case EVT_ID_C_BAD_STE:
		return "C_BAD_STE";
	case EVT_ID_F_BAD_ATS_TREQ:
		return "F_BAD_ATS_TREQ";
	case EVT_ID_F_STREAM_DISABLED:
		return "F_STREAM_DISABLED";
	case EVT_ID_F_TRANSL_FORBIDDEN:
		return "F_TRANSL_FORBIDDEN";
	case EVT_ID_C_BAD_SUBSTREAMID:
		return "C_BAD_SUBSTREAMID";
	case EVT_ID_F_CD_FETCH:
		return "F_CD_FETCH";
	case EVT_ID_C_BAD_CD:
		return "C_BAD_CD";
	case EVT_ID_F_WALK_EABT:
		return "F_WALK_EABT";
	case EVT_ID_F_TRANSLATION:
		return "F_TRANSLATION";
	case EVT_ID_F_ADDR_SIZE:
		return "F_ADDR_SIZE";
	case EVT_ID_F_ACCESS:
		return "F_ACCESS";
	case EVT_ID_F_PERMISSION:
		return "F_PERMISSION";
	case EVT_ID_F_TLB_CONFLICT:
		return "F_TLB_CONFLICT";
	case EVT_ID_F_CFG_CONFLICT:
		return "F_CFG_CONFLICT";
	case EVT_ID_E_PAGE_REQUEST:
		return "E_PAGE_REQUEST";
	case EVT_ID_F_VMS_FETCH:
		return "F_VMS_FETCH";
	default:
		return "UNKNOWN";
	}
}

struct smmuv3_event smmuv3_event_decode(const uint32_t rec[8])
{
	struct smmuv3_event e;
	uint64_t d[4];
	bool translation = false, attrs = false;

	for (unsigned i = 0; i < 4; i++)
		d[i] = (uint64_t)rec[2 * i] | (uint64_t)rec[2 * i + 1] << 32;

	memset(&e, 0, sizeof(e));
	e.type = (uint8_t)FIELD_GET(EVTQ_0_ID, d[0]);
	e.name = smmuv3_event_name(e.type);
	e.sid = (uint32_t)FIELD_GET(EVTQ_0_SID, d[0]);
	e.ssv = d[0] & EVTQ_0_SSV;
	if (e.ssv)
		e.ssid = (uint32_t)FIELD_GET(EVTQ_0_SSID, d[0]);

	switch (e.type) {
	case EVT_ID_F_TRANSLATION:
	case EVT_ID_F_ADDR_SIZE:
	case EVT_ID_F_ACCESS:
	case EVT_ID_F_PERMISSION:
	case EVT_ID_F_TLB_CONFLICT:
		translation = true;
		attrs = true;
		break;
	case EVT_ID_F_WALK_EABT:
		attrs = true;
		e.has_fetch_addr = true;
		break;
	case EVT_ID_F_UUT:
	case EVT_ID_F_TRANSL_FORBIDDEN:
		attrs = true;
		break;
	case EVT_ID_F_STE_FETCH:
	case EVT_ID_F_CD_FETCH:
	case EVT_ID_F_VMS_FETCH:
		e.has_fetch_addr = true;
		break;
	default:
		break;
	}

	if (attrs) {
		e.has_addr = true;
		e.addr = FIELD_GET(EVTQ_2_ADDR, d[2]);
		e.read = d[1] & EVTQ_1_RNW;
		e.pnu = d[1] & EVTQ_1_PNU;
		e.ind = d[1] & EVTQ_1_IND;
	}
	if (translation || e.type == EVT_ID_F_WALK_EABT) {
		e.s2 = d[1] & EVTQ_1_S2;
		e.cls = (unsigned)FIELD_GET(EVTQ_1_CLASS, d[1]);
		e.stall = d[1] & EVTQ_1_STALL;
		e.stag = (uint16_t)FIELD_GET(EVTQ_1_STAG, d[1]);
	}
	/* The IPA field is only defined for faults at stage 2; for stage 1 it is UNKNOWN. */
	if (translation && e.s2) {
		e.has_ipa = true;
		e.ipa = d[3] & EVTQ_3_IPA;
	}
	if (e.has_fetch_addr)
		e.fetch_addr = d[3] & EVTQ_3_FETCH_ADDR;
	/* QEMU 7.2 writes F_CD_FETCH's address into the InputAddr slot (dword 2) and leaves
	 * FetchAddr zero (measured). InputAddr is RES0 in this record, so a non-zero dword 2 can
	 * only be that. */
	if (e.type == EVT_ID_F_CD_FETCH && e.fetch_addr == 0)
		e.fetch_addr = d[2] & EVTQ_3_FETCH_ADDR;
	return e;
}
