/* SMMUv2 / MMU-500 driver, stage 2 only (docs/smmuv2.md).
 *
 * Mechanism: bring the SMMU up with every stream faulting, give a partition one context bank
 * that walks its CPU stage-2 tables with its VMID, route a stream (SMR + S2CR) to that bank,
 * invalidate a VMID, collect faults. Which partition owns which stream is the caller's business.
 *
 * One driver instance may drive several identical SMMU instances behind one DT node (Tegra's
 * nvidia,smmu-500): every write goes to all of them in the same order, reads come from instance 0,
 * except what is per instance by nature (fault status, TLB sync status), which is read from each.
 *
 * Register access goes through `struct smmuv2_ops`, so the same code runs in the hypervisor
 * (smmuv2_mmio.c) and on the host against tests/unit/smmuv2_model.c. */
#ifndef BULKHEAD_DRIVERS_SMMU_SMMUV2_H
#define BULKHEAD_DRIVERS_SMMU_SMMUV2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/smmu/smmuv2_desc.h"

#define SMMUV2_MAX_INSTANCES 3
#define SMMUV2_MAX_SMRS 128 /* ID0.NUMSMRG is 8 bits, the architecture's limit is 128 */
#define SMMUV2_MAX_CBS 128

struct smmuv2_ops {
	uint32_t (*read32)(void *ctx, unsigned inst, uint64_t offset);
	void (*write32)(void *ctx, unsigned inst, uint64_t offset, uint32_t value);
	/* Every write issued so far reaches the SMMU before any later access (DSB on hardware). */
	void (*barrier)(void *ctx);
};

enum smmuv2_status {
	SMMUV2_OK = 0,
	SMMUV2_E_UNSUPPORTED, /* no stage 2, no stream matching, no AArch64 4 KiB format, instances differ */
	SMMUV2_E_WINDOW,      /* the DT's register window is smaller than the ID registers say */
	SMMUV2_E_RANGE,       /* a stream ID or mask uses bits the SMRs do not implement; VMID too wide */
	SMMUV2_E_CONFLICT,    /* an SMR would partially overlap another, or match another context's */
	SMMUV2_E_FULL,        /* no free SMR or context bank */
	SMMUV2_E_TIMEOUT,     /* TLB sync did not complete */
};

struct smmuv2_params {
	const char *path; /* DT node, for messages */
	const struct smmuv2_ops *ops;
	void *ctx;
	unsigned n_inst;      /* 1..SMMUV2_MAX_INSTANCES */
	uint64_t window_size; /* bytes of each instance's `reg` window */
	bool mmu500;          /* apply MMU-500 errata settings (sACR, CB_ACTLR) */
	bool nvidia;          /* Tegra: the tables it walks must use 4 KiB pages only */
};

struct smmuv2_smr_slot {
	bool used;
	uint16_t id, mask;
	uint8_t cb;
};

struct smmuv2_cb_slot {
	bool used;
	uint16_t vmid;
};

struct smmuv2 {
	struct smmuv2_params p;
	struct smmuv2_idr idr;
	uint64_t gr1;                        /* offset of global register page 1 */
	uint64_t cb_base;                    /* offset of context bank 0 */
	uint16_t smr_id_bits, smr_mask_bits; /* implemented SMR bits, probed by write-readback */
	struct smmuv2_smr_slot smr[SMMUV2_MAX_SMRS];
	struct smmuv2_cb_slot cb[SMMUV2_MAX_CBS];
};

/* Reads and checks the ID registers of every instance. Touches no configuration. */
enum smmuv2_status smmuv2_probe(struct smmuv2 *s, const struct smmuv2_params *p);

/* Every stream faults from here on: SMRs invalid, S2CRs fault, context banks off, stale global
 * faults acknowledged on each instance, TLBs invalidated, then sCR0 (smmuv2_scr0()). MMU-500:
 * sACR.CACHE_LOCK and every CB_ACTLR.CPRE cleared (errata 841119, 826419), as Linux does. */
enum smmuv2_status smmuv2_reset(struct smmuv2 *s);

/* The context bank translating for VMID `vmid` through stage-2 tables at `ttbr` with the CPU's
 * VTCR_EL2 `vtcr`: the existing one for that VMID, else a new one. */
enum smmuv2_status smmuv2_attach_context(struct smmuv2 *s, uint16_t vmid, uint64_t ttbr, uint64_t vtcr,
					 unsigned *cb_out);

/* Route transactions matching (sid, mask) to context bank `cb`. An SMR already holding a superset
 * for the same bank is reused; any other overlap with an existing SMR is refused
 * (SMMUV2_E_CONFLICT): overlapping streams are grouped together, so this is either a partial
 * overlap inside one group (which no SMR layout can serve; groups_build() warns about it) or a
 * caller bug. Add streams in decreasing smr_mask_weight() so that containment never depends on
 * DT order (core/hw/smr.h). */
enum smmuv2_status smmuv2_add_stream(struct smmuv2 *s, unsigned cb, uint16_t sid, uint16_t mask);

/* A stopped partition's DMA: every stream routed to the context bank of `vmid` faults (its S2CR
 * becomes type fault; SMRs and the bank stay), then everything cached for `vmid` is invalidated.
 * smmuv2_streams_translate() routes them to the bank again. */
enum smmuv2_status smmuv2_streams_fault(struct smmuv2 *s, uint16_t vmid);
enum smmuv2_status smmuv2_streams_translate(struct smmuv2 *s, uint16_t vmid);

/* Invalidate everything cached for `vmid`, on every instance, and wait for completion. */
enum smmuv2_status smmuv2_tlbi_vmid(struct smmuv2 *s, uint16_t vmid);
/* sTLBGSYNC on each instance; done when no instance reports GSACTIVE. */
enum smmuv2_status smmuv2_tlb_sync(struct smmuv2 *s);

/* Report and acknowledge every recorded fault, global and of each context bank in use, of every
 * instance. At most `max_reports` calls of `report`; returns how many faults were found. */
typedef void (*smmuv2_fault_fn)(void *ctx, const struct smmuv2 *s, unsigned inst, const struct smmuv2_fault *f);
unsigned smmuv2_handle_faults(struct smmuv2 *s, smmuv2_fault_fn report, void *ctx, unsigned max_reports);

const char *smmuv2_status_name(enum smmuv2_status st);

#endif
