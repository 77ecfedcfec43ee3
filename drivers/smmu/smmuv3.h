/* SMMUv3 driver: the half that talks to the SMMU. Every register access, every store to memory
 * the SMMU reads (STEs, L1 descriptors, commands) and every barrier goes through a struct
 * smmuv3_ops: the hypervisor passes smmuv3_mmio_ops (smmuv3_mmio.c), and host tests pass a model
 * that records each access, so the update protocols below are tested on the host.
 *
 * Mechanism, no policy: bring one SMMU up with every stream aborting, then let the caller say,
 * per StreamID, "abort", "stage 1 through this CD" or "stage 2 with this VMID/VTTB", invalidate
 * TLBs, and collect events and global errors. Which partition owns which stream is decided
 * elsewhere. The descriptors themselves come from smmuv3_desc.h.
 *
 * Memory for the stream table, queues and CDs is RAM that the hypervisor maps 1:1, so a pointer
 * and its physical address are the same number. The driver is not reentrant: callers serialise
 * calls on one struct smmuv3 (boot runs on one CPU; later users take their own lock). */
#ifndef BULKHEAD_DRIVERS_SMMU_SMMUV3_H
#define BULKHEAD_DRIVERS_SMMU_SMMUV3_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/addr.h"
#include "core/platform/platform.h"
#include "drivers/smmu/smmuv3_desc.h"

enum smmuv3_status {
	SMMUV3_OK = 0,
	SMMUV3_E_NODEV,       /* not an SMMUv3, or its register window is too small */
	SMMUV3_E_UNSUPPORTED, /* an SMMUv3 this driver cannot run (see the log line) */
	SMMUV3_E_NOMEM,       /* the allocator said no */
	SMMUV3_E_TIMEOUT,     /* CR0ACK, IRQ_CTRLACK, GBPA or a CMD_SYNC did not complete */
	SMMUV3_E_CMD,         /* the SMMU rejected a command (CMDQ_ERR); it was skipped */
	SMMUV3_E_RANGE,       /* StreamID outside the planned stream table */
	SMMUV3_E_INVAL,       /* a configuration the encoders or the SMMU would refuse */
};
const char *smmuv3_status_name(enum smmuv3_status st);

/* The barriers the protocols need (smmuv3_mmio.h says what each orders). */
enum smmuv3_barrier {
	SMMUV3_PUBLISH,      /* DSB ST: stores visible to the SMMU before the next access */
	SMMUV3_ORDER_STORES, /* DMB OSHST: two stores reach the SMMU in program order */
	SMMUV3_RMB,          /* DMB OSHLD: a register read before the memory reads after it */
	SMMUV3_MB,           /* DMB OSH: memory reads before the register write after it */
};

/* How the driver reaches one SMMU. addr: the register's address (base + offset). */
struct smmuv3_ops {
	uint32_t (*read32)(void *ctx, uintptr_t addr);
	void (*write32)(void *ctx, uintptr_t addr, uint32_t v);
	void (*write64)(void *ctx, uintptr_t addr, uint64_t v);
	/* One single-copy-atomic 64-bit store to memory the SMMU may be reading. */
	void (*mem_write64)(void *ctx, volatile uint64_t *p, uint64_t v);
	void (*barrier)(void *ctx, enum smmuv3_barrier b);
	void *ctx;
};

/* The hardware (hypervisor only). */
extern const struct smmuv3_ops smmuv3_mmio_ops;

/* Returns size bytes aligned to align (both powers of two; align >= 64) of identity-mapped RAM.
 * The memory need not be zeroed. Nothing is ever freed. */
typedef bool (*smmuv3_alloc_fn)(void *ctx, uint64_t size, uint64_t align, pa_t *out);

struct smmuv3_params {
	uint32_t max_sid;     /* highest StreamID the caller will ever install */
	unsigned cmdq_log2;   /* command queue entries, log2; 0 = SMMUV3_CMDQ_LOG2_DEFAULT */
	unsigned eventq_log2; /* event queue entries, log2; 0 = SMMUV3_EVENTQ_LOG2_DEFAULT */
	bool irqs;            /* enable the wired eventq and gerror interrupts (edge: see docs) */
	smmuv3_alloc_fn alloc;
	void *alloc_ctx;
};
#define SMMUV3_CMDQ_LOG2_DEFAULT 8 /* 256 commands, 4 KiB */
#define SMMUV3_EVENTQ_LOG2_DEFAULT \
	12 /* 4096 events, 128 KiB: one failed 64-byte DMA on QEMU
				       * records 16 events, and overflow loses events */

struct smmuv3_queue {
	pa_t base;
	unsigned log2; /* entries = 2^log2 */
	uint32_t idx;  /* the index we own: the command queue's PROD, the event queue's CONS */
};

/* One SMMU. Fields are the driver's; callers read `feat` and `plan` but write nothing. */
struct smmuv3 {
	const struct smmuv3_ops *ops;
	uintptr_t base;
	const char *path; /* DT node, for log lines */
	uint32_t aidr;
	struct smmuv3_features feat;
	struct smmuv3_strtab_plan plan;
	pa_t strtab; /* linear table, or the L1 table */
	struct smmuv3_queue cmdq;
	struct smmuv3_queue evtq;
	uint32_t evtq_ovack; /* EVENTQ_PROD.OVFLG as last acknowledged */
	smmuv3_alloc_fn alloc;
	void *alloc_ctx;
	bool cmdq_on, evtq_on;
	bool enabled; /* SMMUEN = 1: streams can be attached */
};

/* Read the ID registers of the SMMUv3 described by plat, through ops, and check that this driver
 * can run it. Touches no control register. */
enum smmuv3_status smmuv3_probe(struct smmuv3 *smmu, const struct plat_smmu *plat, const struct smmuv3_ops *ops);

/* Take the SMMU over: abort everything through GBPA, disable, allocate the stream table (every
 * STE abort) and the queues, program them, invalidate all cached configuration and TLBs, and
 * enable translation. On return every StreamID aborts (or raises C_BAD_STREAMID). */
enum smmuv3_status smmuv3_init(struct smmuv3 *smmu, const struct smmuv3_params *p);

/* Per-stream configuration. Each call replaces the stream's STE without ever exposing a mix of
 * old and new words (docs/smmuv3.md) and returns once the SMMU uses the new one. */
enum smmuv3_status smmuv3_attach_abort(struct smmuv3 *smmu, uint32_t sid);
/* cd: a 64-byte-aligned CD the caller owns and has filled (smmuv3_cd_s1), identity-mapped.
 * Several streams may share one CD. Rewriting a CD that is in use needs smmuv3_cfgi_all(). */
enum smmuv3_status smmuv3_attach_s1(struct smmuv3 *smmu, uint32_t sid, pa_t cd);
enum smmuv3_status smmuv3_attach_s2(struct smmuv3 *smmu, uint32_t sid, const struct smmuv3_s2_cfg *cfg);
/* The STEs those two install, with the same checks, for a caller that keeps them (smmuv3_gate.h). */
enum smmuv3_status smmuv3_ste_for_s1(const struct smmuv3 *smmu, pa_t cd, uint64_t ste[8]);
enum smmuv3_status smmuv3_ste_for_s2(const struct smmuv3 *smmu, const struct smmuv3_s2_cfg *cfg, uint64_t ste[8]);
/* Any STE built by the caller (bypass, say). Same update procedure. */
enum smmuv3_status smmuv3_install_ste(struct smmuv3 *smmu, uint32_t sid, const uint64_t ste[8]);

/* TLB and configuration-cache maintenance; each returns after a CMD_SYNC completed. */
enum smmuv3_status smmuv3_tlbi_asid(struct smmuv3 *smmu, uint16_t asid);
enum smmuv3_status smmuv3_tlbi_vmid(struct smmuv3 *smmu, uint16_t vmid);
enum smmuv3_status smmuv3_tlbi_all(struct smmuv3 *smmu);
enum smmuv3_status smmuv3_cfgi_all(struct smmuv3 *smmu);

/* Queue n commands, then a CMD_SYNC, and wait (bounded) for the SYNC to be consumed. On a
 * command error the failing command is reported, replaced by a CMD_SYNC, and E_CMD returned. */
enum smmuv3_status smmuv3_submit(struct smmuv3 *smmu, const uint64_t (*cmds)[2], unsigned n);

/* Hand each pending event record to fn (raw words; smmuv3_event_decode() reads them) and free
 * its slot. Returns the number of records. Call from the eventq interrupt or by polling. */
typedef void (*smmuv3_event_fn)(void *ctx, const struct smmuv3 *smmu, const uint32_t rec[8]);
unsigned smmuv3_drain_events(struct smmuv3 *smmu, smmuv3_event_fn fn, void *ctx);

/* Report and acknowledge active global errors (GERROR ^ GERRORN); returns the bits handled. A
 * CMDQ_ERR is reported with the failing command, which is replaced by a CMD_SYNC so the queue
 * moves on; EVENTQ_ABT_ERR means the event queue was full and events were lost. */
uint32_t smmuv3_handle_gerror(struct smmuv3 *smmu);

#endif
