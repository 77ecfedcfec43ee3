/* SMMUv3 descriptors, commands and records as pure functions.
 *
 * Everything here is a function of its arguments: no MMIO, no mutable state, no allocation. It is
 * compiled for the hypervisor and for the host, where tests/unit/test_smmuv3_desc.c checks exact
 * bit patterns. The MMIO half of the driver (smmuv3.c) writes what these functions build.
 *
 * Buffers are arrays of little-endian 64-bit words as the SMMU reads them (bulkhead runs
 * little-endian only): an STE or CD is uint64_t[8], a command uint64_t[2]. Encoders that take a
 * configuration validate it first; on invalid input they return false and leave a safe value in
 * the buffer (an abort STE, or a CD with V = 0), so a caller that ignores the result still fails
 * closed. */
#ifndef BULKHEAD_DRIVERS_SMMU_SMMUV3_DESC_H
#define BULKHEAD_DRIVERS_SMMU_SMMUV3_DESC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/addr.h"

/* ---- Identification ------------------------------------------------------------------ */

/* What one SMMU implements, from SMMU_IDR0, IDR1 and IDR5. */
struct smmuv3_features {
	bool s1p;         /* stage 1 translation */
	bool s2p;         /* stage 2 translation */
	bool st_2lvl;     /* 2-level stream tables (IDR0.ST_LEVEL == 0b01) */
	bool ttf_aarch64; /* VMSAv8-64 translation tables */
	bool le_tables;   /* little-endian tables allowed (TTENDIAN mixed or LE) */
	bool coherent;    /* COHACC: table/queue accesses snoop the CPU caches */
	bool asid16;
	bool vmid16;
	bool hyp; /* EL2 StreamWorld and TLBI_EL2_* */
	bool msi;
	bool cd2l;          /* 2-level CD tables */
	bool tables_preset; /* stream table base fixed by the implementation */
	bool queues_preset; /* queue bases fixed by the implementation */
	unsigned sidsize;   /* StreamID width in bits */
	unsigned ssidsize;  /* SubstreamID width in bits (0: none) */
	unsigned cmdq_max_log2;
	unsigned eventq_max_log2;
	unsigned oas;      /* IDR5.OAS, the encoding CD.IPS and STE.S2PS take */
	unsigned oas_bits; /* the same in bits: 32, 36, 40, 42, 44, 48, 52 or 56 */
	bool gran4k, gran16k, gran64k;
};

struct smmuv3_features smmuv3_decode_idr(uint32_t idr0, uint32_t idr1, uint32_t idr5);

/* Physical-address-size encodings (TCR.PS, CD.IPS, STE.S2PS, IDR5.OAS) and bits. */
unsigned smmuv3_ps_bits(unsigned ps);               /* 0 for an unknown encoding */
bool smmuv3_ps_encode(unsigned bits, unsigned *ps); /* false unless bits is an exact size */

/* ---- Stream table geometry ----------------------------------------------------------- */

/* The rule (docs/smmuv3.md): let n be the number of bits that cover 0..max_sid_needed.
 *  - n > SIDSIZE: the SMMU cannot address that StreamID; no plan.
 *  - n <= SMMUV3_LINEAR_MAX_LOG2 (at most 1024 STEs, 64 KiB), or no 2-level support: a linear
 *    table of 2^n STEs.
 *  - otherwise 2-level with SPLIT = 8: an L1 table of 2^(n-8) descriptors (8 bytes each) and one
 *    256-STE (16 KiB) L2 table per PCI bus, created only for buses that have an installed
 *    stream. A full 16-bit space then costs 2 KiB plus 16 KiB per bus in use, not 4 MiB.
 * StreamIDs at or above 2^n, and those under an L1 descriptor with no L2 table, are terminated
 * with C_BAD_STREAMID (recorded when CR2.RECINVSID = 1). */
#define SMMUV3_LINEAR_MAX_LOG2 10
#define SMMUV3_STRTAB_SPLIT 8

struct smmuv3_strtab_plan {
	bool two_level;
	unsigned log2size;   /* StreamIDs 0 .. 2^log2size - 1 are covered */
	unsigned split;      /* 2-level: StreamID bits resolved by an L2 table; 0 when linear */
	uint32_t base_cfg;   /* the SMMU_STRTAB_BASE_CFG value */
	uint64_t table_size; /* linear table, or the L1 table, in bytes; also its alignment */
	uint32_t l1_entries; /* 2-level: L1 descriptors */
	uint64_t l2_size;    /* 2-level: bytes of one L2 table; also its alignment */
	unsigned l1_span;    /* 2-level: SPAN of a populated L1 descriptor (split + 1) */
};

bool smmuv3_strtab_plan(const struct smmuv3_features *f, uint32_t max_sid_needed, struct smmuv3_strtab_plan *plan);

/* Level-1 descriptor pointing at an L2 table of 2^(span-1) STEs; span 0 makes it invalid. The
 * table must be aligned to its size (l2 bits below 6 are dropped). */
uint64_t smmuv3_l1_desc(pa_t l2, unsigned span);

/* ---- Stream table entries ------------------------------------------------------------ */

/* V = 1, Config = abort: the stream's transactions are terminated without an event. */
void smmuv3_ste_abort(uint64_t ste[8]);
/* `open` with V = 0 and every other bit kept: the SMMU aborts the stream's transactions and, unlike
 * Config = abort (which is silent), records C_BAD_STE for each one, so DMA of a stopped
 * partition's device is seen. Setting V again is the whole way back (one word-0 store). */
void smmuv3_ste_closed(uint64_t ste[8], const uint64_t open[8]);
/* V = 1, Config = bypass, incoming shareability: no translation at all. */
void smmuv3_ste_bypass(uint64_t ste[8]);
/* Stage 1 through the single CD at cd_table (64-byte aligned), stage 2 bypassed. The CD table
 * is fetched Write-Back cacheable, inner shareable; StreamWorld is NS-EL1; S2VMID is 0, so
 * smmuv3_cmd_tlbi_nh_asid() reaches the stream's TLB entries. */
bool smmuv3_ste_s1(uint64_t ste[8], pa_t cd_table);

/* Stage 2 only, sharing the CPU's stage-2 tables: the walk parameters are VTCR_EL2's. Needs an
 * SMMU with IDR0.S2P (QEMU 7.2 has none; it reports C_BAD_STE). Faults are recorded (S2R). */
struct smmuv3_s2_cfg {
	uint16_t vmid;
	pa_t vttb;     /* VTTBR_EL2.BADDR: the stage-2 table base */
	uint64_t vtcr; /* VTCR_EL2: T0SZ, SL0, IRGN0, ORGN0, SH0, TG0, PS are copied */
};
bool smmuv3_ste_s2(uint64_t ste[8], const struct smmuv3_s2_cfg *cfg);

/* ---- Context descriptors ------------------------------------------------------------- */

/* A stage-1 context for TTB0 only: 4 KiB granule, VMSAv8-64 tables walked Write-Back
 * Write-Allocate inner shareable, TTB1 disabled (EPD1), faults recorded (R) and aborted (A),
 * ASID not shared with any CPU process (ASET). */
struct smmuv3_cd_cfg {
	pa_t ttb0;         /* translation table base */
	unsigned t0sz;     /* input range 2^(64 - t0sz) bytes: 16..39 (QEMU rejects others) */
	unsigned ips_bits; /* output size; smmuv3_features.oas_bits is the usual choice */
	uint16_t asid;     /* the caller checks it fits (8 bits without IDR0.ASID16) */
	uint64_t mair;     /* the MAIR that the descriptors' AttrIndx select from */
};
bool smmuv3_cd_s1(uint64_t cd[8], const struct smmuv3_cd_cfg *cfg);

/* ---- Commands ------------------------------------------------------------------------ */

/* Invalidate the cached STE of one StreamID (Leaf = 1: the L1 descriptor is not touched). */
void smmuv3_cmd_cfgi_ste(uint64_t cmd[2], uint32_t sid);
/* Invalidate every cached configuration: CFGI_STE_RANGE (0x04) with Range = 31. */
void smmuv3_cmd_cfgi_all(uint64_t cmd[2]);
/* Stage-1 TLB entries of one ASID (VMID 0, as smmuv3_ste_s1 tags them). */
void smmuv3_cmd_tlbi_nh_asid(uint64_t cmd[2], uint16_t asid);
/* Every stage-1 and stage-2 entry of one VMID. */
void smmuv3_cmd_tlbi_s12_vmall(uint64_t cmd[2], uint16_t vmid);
/* Every non-secure, non-hypervisor entry. */
void smmuv3_cmd_tlbi_nsnh_all(uint64_t cmd[2]);
/* Every EL2 entry (only for SMMUs with IDR0.HYP). */
void smmuv3_cmd_tlbi_el2_all(uint64_t cmd[2]);

enum smmuv3_sync_cs {
	SMMUV3_SYNC_NONE = 0, /* completion is seen as CONS passing the command */
	SMMUV3_SYNC_IRQ = 1,  /* ...and the cmdq-sync interrupt is signalled */
};
void smmuv3_cmd_sync(uint64_t cmd[2], enum smmuv3_sync_cs cs);

const char *smmuv3_cmd_name(uint8_t opcode);  /* "CMD_SYNC", ...; "UNKNOWN" otherwise */
const char *smmuv3_cerror_name(unsigned err); /* CMDQ_CONS.ERR: "ILL", "ABT", ... */
const char *smmuv3_gerror_name(unsigned bit); /* SMMU_GERROR bit index: "CMDQ_ERR", ... */

/* ---- Queue indices ------------------------------------------------------------------- */

/* A PROD or CONS value for a queue of 2^log2 entries: bits [log2-1:0] index, bit [log2] wrap. */
static inline uint32_t smmuv3_q_idx(uint32_t v, unsigned log2)
{
	return v & ((1u << log2) - 1);
}
static inline uint32_t smmuv3_q_wrap(uint32_t v, unsigned log2)
{
	return v & (1u << log2);
}
/* The next position: the index advances and the wrap bit toggles when it rolls over. */
uint32_t smmuv3_q_next(uint32_t v, unsigned log2);
bool smmuv3_q_empty(uint32_t prod, uint32_t cons, unsigned log2);
bool smmuv3_q_full(uint32_t prod, uint32_t cons, unsigned log2);

/* ---- Events -------------------------------------------------------------------------- */

struct smmuv3_event {
	uint8_t type;
	const char *name; /* "F_TRANSLATION", "C_BAD_STE", ...; "UNKNOWN" otherwise */
	uint32_t sid;
	bool ssv;
	uint32_t ssid; /* valid when ssv */
	bool has_addr; /* addr and the access attributes below are meaningful */
	uint64_t addr; /* InputAddr: what the device put on the bus (IOVA) */
	bool read;     /* RnW: true for a read (DMA from memory), false for a write */
	bool pnu;      /* privileged */
	bool ind;      /* instruction fetch */
	bool s2;       /* translation-class faults: 1 = stage 2, 0 = stage 1 */
	unsigned cls;  /* EVTQ_1_CLASS_CD/TT/IN */
	bool stall;
	uint16_t stag;
	bool has_ipa; /* stage-2 translation-class fault: ipa is meaningful */
	uint64_t ipa;
	bool has_fetch_addr; /* F_STE_FETCH, F_CD_FETCH, F_WALK_EABT, F_VMS_FETCH */
	uint64_t fetch_addr; /* PA of the structure or descriptor whose fetch aborted */
};

/* rec is the record as eight little-endian 32-bit words, as read from the event queue. */
struct smmuv3_event smmuv3_event_decode(const uint32_t rec[8]);
const char *smmuv3_event_name(uint8_t type);

#endif
