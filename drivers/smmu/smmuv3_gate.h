/* The streams of one partition on one SMMUv3, switched together: they translate while the
 * partition runs, and abort while it is stopped or restarting, so that no DMA of a previous run
 * reaches memory being scrubbed and reloaded, nor the next run (docs/smmuv3.md, "Stopped
 * partitions"). Closed streams use smmuv3_ste_closed(): every transaction is aborted and
 * recorded as C_BAD_STE, so the caller can report it.
 *
 * Mechanism only, through the driver's ops like the rest of it (host-tested on the recording
 * model); when to close and open is arch/arm64/vm/smmu_setup.c's. The caller serialises calls on
 * one SMMU, as for every smmuv3_* call. */
#ifndef BULKHEAD_DRIVERS_SMMU_SMMUV3_GATE_H
#define BULKHEAD_DRIVERS_SMMU_SMMUV3_GATE_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/smmu/smmuv3.h"

struct smmuv3_gate {
	uint64_t ste[8];  /* the translating STE every stream of the gate uses while open */
	uint16_t tlb_tag; /* what the SMMU tags their TLB entries with: VMID (stage 2) or ASID */
	uint32_t *sids;   /* n_sids distinct StreamIDs, from the heap: as many as the partition owns */
	unsigned n_sids, cap;
	bool open;
};

/* An empty gate, open, whose streams will translate with `ste`. */
void smmuv3_gate_init(struct smmuv3_gate *g, const uint64_t ste[8], uint16_t tlb_tag);
/* Add stream `sid` and install its STE (translating if the gate is open, closed if not); a sid
 * the gate already holds (a DMA alias several functions share) is installed again, not added.
 * SMMUV3_E_NOMEM when the heap cannot hold one more: the stream is then left as it was
 * (aborting, if the caller never attached it). */
enum smmuv3_status smmuv3_gate_add(struct smmuv3 *smmu, struct smmuv3_gate *g, uint32_t sid);
/* Every stream closed (each STE update complete: CFGI_STE + CMD_SYNC), then every TLB entry of
 * the tag invalidated. Returns the first error; the other streams are closed all the same. */
enum smmuv3_status smmuv3_gate_close(struct smmuv3 *smmu, struct smmuv3_gate *g);
/* Every stream translating again. Nothing to do when the gate is open. */
enum smmuv3_status smmuv3_gate_open(struct smmuv3 *smmu, struct smmuv3_gate *g);

#endif
