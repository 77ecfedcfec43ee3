/* SMMUv2 register values as pure functions: stream match and stream-to-context registers,
 * context bank attributes, the stage-2 context's TCR from VTCR_EL2, sCR0, ID register decoding
 * and fault decoding. No MMIO here: compiled for the host tests too (drivers/README.md). */
#ifndef BULKHEAD_DRIVERS_SMMU_SMMUV2_DESC_H
#define BULKHEAD_DRIVERS_SMMU_SMMUV2_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Stream mapping ------------------------------------------------------------------- */

/* SMR: a transaction's stream ID matches when (sid ^ id) & ~mask == 0. */
uint32_t smmuv2_smr(uint16_t id, uint16_t mask, bool valid);
/* S2CR routing the matched stream to context bank `cbndx` for translation. */
uint32_t smmuv2_s2cr_translate(uint8_t cbndx);
/* S2CR faulting the matched stream: what every unused S2CR holds. There is deliberately no
 * encoder for bypass: bulkhead never lets a stream past translation. */
uint32_t smmuv2_s2cr_fault(void);

/* ---- Context banks ------------------------------------------------------------------- */

/* CBAR for a stage-2-only context (TYPE 0) with `vmid` (8-bit form) and context interrupt
 * `irptndx`. */
uint32_t smmuv2_cbar_s2(uint8_t vmid, uint8_t irptndx);
/* CBA2R: AArch64 descriptors (VA64); vmid16 goes in CBA2R.VMID16 (used when sCR0.VMID16EN). */
uint32_t smmuv2_cba2r(uint16_t vmid16);
/* CB_TCR of a stage-2 context from the CPU's VTCR_EL2: the same T0SZ, SL0, cacheability,
 * shareability, granule and output size, so the SMMU walks the partition's stage-2 tables
 * exactly as its CPUs do. VTCR_EL2.VS and RES1 bits have no place here and are dropped. */
uint32_t smmuv2_cb_tcr_from_vtcr(uint64_t vtcr_el2);
/* CB_SCTLR enabling translation with fault reporting and interrupt. */
uint32_t smmuv2_cb_sctlr_enable(void);

/* sCR0 from its current value: clients translate (CLIENTPD = 0), unmatched streams fault
 * (USFCFG = 1), global and configuration faults reported and interrupting, VMIDs private
 * (VMIDPNE), no broadcast TLB maintenance (PTM), multiple matches fault (SMCFCFG), no forced
 * broadcast or barrier upgrade, no extended stream IDs; VMID16EN as asked. Other fields keep
 * what the firmware left. */
uint32_t smmuv2_scr0(uint32_t current, bool vmid16);

/* ---- ID registers ------------------------------------------------------------------- */

struct smmuv2_idr {
	unsigned num_smrg;     /* stream match register groups */
	bool sms;              /* stream matching supported (else indexing: unsupported here) */
	bool s1ts, s2ts, nts;  /* stage 1 / stage 2 / nested translation */
	unsigned num_sid_bits; /* NUMSIDB */
	bool exids;            /* 16-bit extended stream IDs */
	unsigned num_irpt;     /* NUMIRPT */
	unsigned page_shift;   /* 12 or 16 */
	unsigned num_page;     /* pages of global space = 2^(NUMPAGENDXB + 1) */
	unsigned num_cb;       /* translation context banks */
	unsigned num_s2cb;     /* of which stage-2-only capable */
	unsigned ias_bits;     /* 0 when reserved */
	unsigned oas_bits;     /* 0 when reserved */
	unsigned oas_field;    /* ID2.OAS as encoded (CB_TCR.PASize takes the same encoding) */
	bool ptfs_4k;          /* AArch64 4 KiB granule */
	bool vmid16;           /* 16-bit VMIDs */
	unsigned major, minor; /* ID7 */
};

struct smmuv2_idr smmuv2_idr_decode(uint32_t id0, uint32_t id1, uint32_t id2, uint32_t id7);
/* Bits of address for an ID2.IAS/OAS value, 0 for a reserved one. */
unsigned smmuv2_addr_bits(unsigned field);

/* ---- Faults --------------------------------------------------------------------------- */

/* One fault, global (sGFSR) or of a context bank (CB_FSR), decoded. */
struct smmuv2_fault {
	const char *name;   /* "sGFSR.USF", "CB_FSR.TF", ... the first (most telling) fault bit */
	const char *reason; /* a sentence: "stream ID matches no stream mapping register" */
	bool global;        /* from sGFSR (else a context bank) */
	unsigned cb;        /* the context bank, when !global */
	uint32_t sid;       /* from sGFSYNR1 or CBFRSYNRA */
	bool has_addr;      /* addr and read are meaningful */
	uint64_t addr;      /* IOVA (sGFAR or CB_FAR) */
	bool read;          /* !WNR */
	bool multi;         /* more faults happened than were recorded */
};

/* sGFSR/sGFSYNR0/sGFSYNR1/sGFAR as read; has_addr only for faults that record an address. */
struct smmuv2_fault smmuv2_gfault_decode(uint32_t gfsr, uint32_t gfsynr0, uint32_t gfsynr1, uint64_t gfar);
/* A context bank's CB_FSR/CB_FSYNR0/CB_FAR and the bank's CBFRSYNRA. */
struct smmuv2_fault smmuv2_cbfault_decode(unsigned cb, uint32_t fsr, uint32_t fsynr0, uint64_t far, uint32_t cbfrsynra);

/* The one-line report SMMUv3 events get (arch/arm64/vm/smmu_setup.c), for an SMMUv2 fault:
 *   NAME: partition P, device D, sid 0xS: read from IOVA 0xA: REASON
 * without "smmu: " (the logger adds it) and without the IOVA part when there is no address. */
int smmuv2_fault_format(char *buf, size_t len, const struct smmuv2_fault *f, const char *partition, const char *device);

#endif
