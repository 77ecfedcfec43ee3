/* A register model of SMMUv2 / MMU-500 instances for host tests of drivers/smmu/smmuv2.c.
 *
 * Written from the architecture (IHI 0062), not from the driver: N instances, each with its own
 * registers (what the driver must program identically), SMR write-readback masking of
 * unimplemented bits, stream matching with masks, S2CR types, stage-2 translation by walking the
 * in-memory tables with the AArch64 descriptor format, a small TLB tagged by VMID, fault
 * recording (sGFSR/GFSYNR/GFAR, CB_FSR/FAR/FSYNR0/CBFRSYNRA) and TLBI + sync with a settable
 * number of busy GSACTIVE polls per instance. */
#ifndef BULKHEAD_TESTS_SMMUV2_MODEL_H
#define BULKHEAD_TESTS_SMMUV2_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#define MODEL_MAX_INST 3
#define MODEL_SMRS 32
#define MODEL_CBS 8
#define MODEL_TLB 64

struct model_cb {
	uint32_t sctlr, actlr, tcr, fsr, fsynr0;
	uint64_t ttbr0, far;
};

struct model_tlb_entry {
	bool valid;
	uint16_t vmid;
	uint64_t page, pa_page;
};

struct model_inst {
	uint32_t scr0, sacr, gfsr, gfsynr0, gfsynr1;
	uint64_t gfar;
	uint32_t smr[MODEL_SMRS], s2cr[MODEL_SMRS];
	uint32_t cbar[MODEL_CBS], cba2r[MODEL_CBS], cbfrsynra[MODEL_CBS];
	struct model_cb cb[MODEL_CBS];
	struct model_tlb_entry tlb[MODEL_TLB];
	unsigned sync_busy;  /* GSACTIVE reads still to come */
	unsigned sync_delay; /* set by the test: busy reads after each sync */
	unsigned status_reads, syncs, tlbi_vmid, tlbi_all;
};

enum model_result {
	MODEL_TRANSLATED,
	MODEL_BYPASSED, /* reached memory untranslated: what bulkhead must never allow */
	MODEL_GLOBAL_FAULT,
	MODEL_CONTEXT_FAULT,
};

struct smmuv2_model {
	unsigned n_inst;
	uint32_t id0, id1, id2, id7;
	unsigned page_shift, num_page;
	uint16_t smr_id_impl, smr_mask_impl; /* implemented SMR ID / MASK bits */
	uint32_t reset_scr0;                 /* firmware's sCR0 (CLIENTPD set: bypass) */
	/* Reads a 64-bit table descriptor at a physical address (the tests' fake memory). */
	uint64_t (*read_desc)(void *mem_ctx, uint64_t pa);
	void *mem_ctx;
	struct model_inst inst[MODEL_MAX_INST];
	unsigned bad_accesses; /* reads/writes at offsets the model does not implement */
	unsigned block_walks;  /* translations through a block descriptor */
};

/* A Tegra-like MMU-500 (ID values in smmuv2_model.c) with n_inst instances, 4 KiB pages, 2 global
 * pages, MODEL_SMRS SMRs with 15 ID and 15 MASK bits, MODEL_CBS banks, 48-bit IAS/OAS. */
void model_init(struct smmuv2_model *m, unsigned n_inst);
/* Window size of one instance (global space + context banks). */
uint64_t model_window(const struct smmuv2_model *m);

uint32_t model_read32(void *ctx, unsigned inst, uint64_t off);
void model_write32(void *ctx, unsigned inst, uint64_t off, uint32_t v);
void model_barrier(void *ctx);

/* One transaction from stream `sid` arriving at instance `inst`. */
enum model_result model_dma(struct smmuv2_model *m, unsigned inst, uint32_t sid, uint64_t iova, bool write,
			    uint64_t *pa);

/* Every register a driver programs holds the same value on every instance. */
bool model_instances_identical(const struct smmuv2_model *m, char *why, unsigned len);

#endif
