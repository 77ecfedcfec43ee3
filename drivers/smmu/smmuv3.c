/* SMMUv3 driver, MMIO half. See smmuv3.h for the API and docs/smmuv3.md for the design. */
#include "drivers/smmu/smmuv3.h"

#include <string.h>

#include "core/base/log.h"
#include "drivers/smmu/smmuv3_regs.h"

/* Polls of a register before giving up. The SMMU answers CR0ACK and CMD_SYNC in microseconds
 * (QEMU: before the MMIO write returns); a million reads is far beyond that and still short. */
#define SMMUV3_POLL_LIMIT 1000000u

#define LOGP(smmu, fmt, ...) log_printf("smmuv3 %s: " fmt "\n", (smmu)->path, ##__VA_ARGS__)

/* The hypervisor maps RAM 1:1, so table and queue memory is addressed by its PA. */
static void *ram_ptr(pa_t p)
{
	return (void *)(uintptr_t)pa_val(p);
}

static uint32_t rd32(const struct smmuv3 *smmu, uint32_t off)
{
	return smmu->ops->read32(smmu->ops->ctx, smmu->base + off);
}

static void wr32(const struct smmuv3 *smmu, uint32_t off, uint32_t v)
{
	smmu->ops->write32(smmu->ops->ctx, smmu->base + off, v);
}

static void wr64(const struct smmuv3 *smmu, uint32_t off, uint64_t v)
{
	smmu->ops->write64(smmu->ops->ctx, smmu->base + off, v);
}

/* A store to memory the SMMU may read at any time (an STE word, an L1 descriptor, a command). */
static void mem_wr(const struct smmuv3 *smmu, volatile uint64_t *p, uint64_t v)
{
	smmu->ops->mem_write64(smmu->ops->ctx, p, v);
}

static void barrier(const struct smmuv3 *smmu, enum smmuv3_barrier b)
{
	smmu->ops->barrier(smmu->ops->ctx, b);
}

const char *smmuv3_status_name(enum smmuv3_status st)
{
	switch (st) {
	case SMMUV3_OK:
		return "ok";
	case SMMUV3_E_NODEV:
		return "not an SMMUv3";
	case SMMUV3_E_UNSUPPORTED:
		return "unsupported SMMU";
	case SMMUV3_E_NOMEM:
		return "out of memory";
	case SMMUV3_E_TIMEOUT:
		return "timeout";
	case SMMUV3_E_CMD:
		return "command error";
	case SMMUV3_E_RANGE:
		return "StreamID out of range";
	case SMMUV3_E_INVAL:
		return "invalid configuration";
	}
	return "?";
}

/* ---- Probe --------------------------------------------------------------------------- */

static enum smmuv3_status unsupported(const struct smmuv3 *smmu, const char *why)
{
	LOGP(smmu, "unsupported: %s", why);
	return SMMUV3_E_UNSUPPORTED;
}

enum smmuv3_status smmuv3_probe(struct smmuv3 *smmu, const struct plat_smmu *plat, const struct smmuv3_ops *ops)
{
	const struct smmuv3_features *f = &smmu->feat;

	memset(smmu, 0, sizeof(*smmu));
	smmu->ops = ops;
	smmu->path = plat->path ? plat->path : "?";
	if (plat->model != SMMU_MODEL_V3)
		return SMMUV3_E_NODEV;
	/* EVENTQ_PROD/CONS live in page 1; both 64 KiB pages must be mapped. */
	if (plat->reg.size < SMMU_REG_SIZE) {
		LOGP(smmu, "register window 0x%llx bytes, need 0x%x", (unsigned long long)plat->reg.size,
		     SMMU_REG_SIZE);
		return SMMUV3_E_NODEV;
	}
	smmu->base = (uintptr_t)plat->reg.base;
	smmu->feat = smmuv3_decode_idr(rd32(smmu, SMMU_IDR0), rd32(smmu, SMMU_IDR1), rd32(smmu, SMMU_IDR5));
	smmu->aidr = rd32(smmu, SMMU_AIDR);

	if (!f->s1p && !f->s2p)
		return unsupported(smmu, "no translation stage");
	if (!f->ttf_aarch64)
		return unsupported(smmu, "no AArch64 translation tables");
	if (!f->le_tables)
		return unsupported(smmu, "big-endian tables only");
	/* Tables and queues live in cached RAM; without COHACC every update would need cache
	 * maintenance, which this driver does not do. */
	if (!f->coherent)
		return unsupported(smmu, "not coherent (IDR0.COHACC = 0)");
	if (f->tables_preset || f->queues_preset)
		return unsupported(smmu, "preset table or queue bases");
	if (f->oas_bits == 0)
		return unsupported(smmu, "reserved IDR5.OAS");
	return SMMUV3_OK;
}

/* ---- Register handshakes ------------------------------------------------------------- */

static enum smmuv3_status write_acked(const struct smmuv3 *smmu, uint32_t reg, uint32_t ack, uint32_t v,
				      const char *name)
{
	wr32(smmu, reg, v);
	for (unsigned i = 0; i < SMMUV3_POLL_LIMIT; i++)
		if (rd32(smmu, ack) == v)
			return SMMUV3_OK;
	LOGP(smmu, "timeout: %s 0x%x not acknowledged", name, v);
	return SMMUV3_E_TIMEOUT;
}

static enum smmuv3_status set_cr0(const struct smmuv3 *smmu, uint32_t v)
{
	return write_acked(smmu, SMMU_CR0, SMMU_CR0ACK, v, "CR0");
}

/* GBPA.ABORT decides what happens while SMMUEN == 0: abort rather than bypass. A GBPA update
 * is only accepted while UPDATE reads 0, and is complete when it reads 0 again. */
static enum smmuv3_status gbpa_abort(const struct smmuv3 *smmu)
{
	unsigned i;
	uint32_t v;

	for (i = 0; i < SMMUV3_POLL_LIMIT && (rd32(smmu, SMMU_GBPA) & GBPA_UPDATE); i++)
		;
	v = rd32(smmu, SMMU_GBPA);
	wr32(smmu, SMMU_GBPA, (uint32_t)(v | GBPA_ABORT | GBPA_UPDATE));
	for (i = 0; i < SMMUV3_POLL_LIMIT; i++)
		if (!(rd32(smmu, SMMU_GBPA) & GBPA_UPDATE))
			return SMMUV3_OK;
	LOGP(smmu, "timeout: GBPA update");
	return SMMUV3_E_TIMEOUT;
}

/* ---- Command queue ------------------------------------------------------------------- */

static volatile uint64_t *cmdq_slot(const struct smmuv3 *smmu, uint32_t pos)
{
	uint32_t idx = smmuv3_q_idx(pos, smmu->cmdq.log2);

	return (volatile uint64_t *)ram_ptr(pa_add(smmu->cmdq.base, (uint64_t)idx * CMDQ_ENT_SIZE));
}

/* The SMMU stopped at a command it could not execute: CMDQ_CONS points at it and ERR says why.
 * Report it and overwrite it with a CMD_SYNC; consumption resumes when GERRORN is acknowledged
 * (the caller does that). */
static void cmdq_skip_failed(struct smmuv3 *smmu)
{
	uint32_t cons = rd32(smmu, SMMU_CMDQ_CONS);
	volatile uint64_t *slot = cmdq_slot(smmu, cons);
	uint64_t sync[2];

	LOGP(smmu, "command error %s at cmdq[%u]: %s 0x%016llx 0x%016llx",
	     smmuv3_cerror_name((unsigned)FIELD_GET(CMDQ_CONS_ERR, cons)), smmuv3_q_idx(cons, smmu->cmdq.log2),
	     smmuv3_cmd_name((uint8_t)slot[0]), (unsigned long long)slot[0], (unsigned long long)slot[1]);
	smmuv3_cmd_sync(sync, SMMUV3_SYNC_NONE);
	mem_wr(smmu, &slot[0], sync[0]);
	mem_wr(smmu, &slot[1], sync[1]);
	barrier(smmu, SMMUV3_PUBLISH);
}

uint32_t smmuv3_handle_gerror(struct smmuv3 *smmu)
{
	uint32_t gerror = rd32(smmu, SMMU_GERROR);
	uint32_t gerrorn = rd32(smmu, SMMU_GERRORN);
	uint32_t active = (gerror ^ gerrorn) & (uint32_t)GERROR_ERR_MASK;

	if (!active)
		return 0;
	for (unsigned bit = 0; bit < 32; bit++)
		if (active & (1u << bit))
			LOGP(smmu, "global error %s", smmuv3_gerror_name(bit));
	if (active & GERROR_CMDQ_ERR)
		cmdq_skip_failed(smmu);
	if (active & GERROR_EVENTQ_ABT_ERR)
		LOGP(smmu, "event queue full: events were lost");
	/* An error is acknowledged by making its GERRORN bit equal to its GERROR bit. */
	wr32(smmu, SMMU_GERRORN, gerrorn ^ active);
	return active;
}

static bool cmdq_error_pending(const struct smmuv3 *smmu)
{
	return (rd32(smmu, SMMU_GERROR) ^ rd32(smmu, SMMU_GERRORN)) & GERROR_CMDQ_ERR;
}

/* Poll CONS until the queue is empty (until_empty) or has a free slot, skipping failed
 * commands on the way. */
static enum smmuv3_status cmdq_wait(struct smmuv3 *smmu, bool until_empty, const char *what)
{
	enum smmuv3_status st = SMMUV3_OK;
	unsigned log2 = smmu->cmdq.log2;

	for (unsigned i = 0; i < SMMUV3_POLL_LIMIT; i++) {
		uint32_t cons = rd32(smmu, SMMU_CMDQ_CONS);

		if (until_empty ? smmuv3_q_empty(smmu->cmdq.idx, cons, log2)
				: !smmuv3_q_full(smmu->cmdq.idx, cons, log2))
			return st;
		if (cmdq_error_pending(smmu)) {
			smmuv3_handle_gerror(smmu);
			st = SMMUV3_E_CMD;
		}
	}
	LOGP(smmu, "timeout: %s (cmdq PROD 0x%x CONS 0x%x)", what, smmu->cmdq.idx, rd32(smmu, SMMU_CMDQ_CONS));
	return SMMUV3_E_TIMEOUT;
}

enum smmuv3_status smmuv3_submit(struct smmuv3 *smmu, const uint64_t (*cmds)[2], unsigned n)
{
	enum smmuv3_status st = SMMUV3_OK, st2;
	uint64_t sync[2];

	if (!smmu->cmdq_on)
		return SMMUV3_E_INVAL;
	smmuv3_cmd_sync(sync, SMMUV3_SYNC_NONE);
	for (unsigned i = 0; i <= n; i++) {
		const uint64_t *cmd = i < n ? cmds[i] : sync;
		volatile uint64_t *slot;

		if (smmuv3_q_full(smmu->cmdq.idx, rd32(smmu, SMMU_CMDQ_CONS), smmu->cmdq.log2)) {
			/* Let the SMMU consume what is queued, then continue. */
			barrier(smmu, SMMUV3_PUBLISH);
			wr32(smmu, SMMU_CMDQ_PROD, smmu->cmdq.idx);
			st2 = cmdq_wait(smmu, false, "command queue space");
			if (st2 == SMMUV3_E_TIMEOUT)
				return st2;
			if (st2 != SMMUV3_OK)
				st = st2;
		}
		slot = cmdq_slot(smmu, smmu->cmdq.idx);
		mem_wr(smmu, &slot[0], cmd[0]);
		mem_wr(smmu, &slot[1], cmd[1]);
		smmu->cmdq.idx = smmuv3_q_next(smmu->cmdq.idx, smmu->cmdq.log2);
	}
	/* The commands (and whatever the caller wrote before calling: STEs, CDs) must be visible
	 * to the SMMU before PROD tells it to read them. */
	barrier(smmu, SMMUV3_PUBLISH);
	wr32(smmu, SMMU_CMDQ_PROD, smmu->cmdq.idx);
	/* CMD_SYNC with CS = none completes when CONS moves past it; it is our last command, so
	 * that is when the queue is empty. */
	st2 = cmdq_wait(smmu, true, "CMD_SYNC");
	return st2 != SMMUV3_OK ? st2 : st;
}

static enum smmuv3_status submit1(struct smmuv3 *smmu, const uint64_t cmd[2])
{
	const uint64_t(*cmds)[2] = (const uint64_t(*)[2])cmd;

	return smmuv3_submit(smmu, cmds, 1);
}

/* ---- Stream table -------------------------------------------------------------------- */

/* A new table's STEs, every one abort. The abort STE is all zeros but its first word, so the
 * table is cleared at once (memset: DC ZVA in the hypervisor from 1 KiB) and then only its nonzero
 * words are stored: a few instructions an STE instead of eight stores and their indexing. Plain
 * stores: the table (or L2 table) is not reachable by the SMMU yet; what makes it so is published
 * after it (STRTAB_BASE, or an L1 descriptor after SMMUV3_ORDER_STORES). */
static void fill_abort(volatile uint64_t *stes, uint64_t n)
{
	uint64_t ste[STRTAB_STE_DWORDS];

	smmuv3_ste_abort(ste);
	memset((void *)(uintptr_t)stes, 0, n * STRTAB_STE_SIZE);
	for (unsigned w = 0; w < STRTAB_STE_DWORDS; w++)
		if (ste[w])
			for (uint64_t i = 0; i < n; i++)
				stes[i * STRTAB_STE_DWORDS + w] = ste[w];
}

static bool alloc(struct smmuv3 *smmu, uint64_t size, uint64_t align, pa_t *out)
{
	if (!smmu->alloc(smmu->alloc_ctx, size, align, out) || !is_aligned(pa_val(*out), align)) {
		LOGP(smmu, "cannot allocate 0x%llx bytes aligned to 0x%llx", (unsigned long long)size,
		     (unsigned long long)align);
		return false;
	}
	return true;
}

/* Where the STE of sid lives. In a 2-level table the L2 table is created on first use, all
 * abort, and published with a CFGI_ALL (the SMMU may have cached the empty L1 descriptor). */
static enum smmuv3_status ste_slot(struct smmuv3 *smmu, uint32_t sid, volatile uint64_t **out)
{
	const struct smmuv3_strtab_plan *plan = &smmu->plan;
	volatile uint64_t *l1;
	uint64_t desc;

	if (plan->log2size < 32 && sid >> plan->log2size)
		return SMMUV3_E_RANGE;
	if (!plan->two_level) {
		*out = (volatile uint64_t *)ram_ptr(pa_add(smmu->strtab, (uint64_t)sid * STRTAB_STE_SIZE));
		return SMMUV3_OK;
	}

	l1 = (volatile uint64_t *)ram_ptr(pa_add(smmu->strtab, (uint64_t)(sid >> plan->split) * STRTAB_L1_DESC_SIZE));
	desc = *l1;
	if (FIELD_GET(STRTAB_L1_DESC_SPAN, desc) == 0) {
		uint64_t cmd[2];
		pa_t l2;
		enum smmuv3_status st;

		if (!alloc(smmu, plan->l2_size, plan->l2_size, &l2))
			return SMMUV3_E_NOMEM;
		fill_abort((volatile uint64_t *)ram_ptr(l2), UINT64_C(1) << plan->split);
		/* The L2 table must be complete before the descriptor that makes it reachable. */
		barrier(smmu, SMMUV3_ORDER_STORES);
		desc = smmuv3_l1_desc(l2, plan->l1_span);
		mem_wr(smmu, l1, desc);
		smmuv3_cmd_cfgi_all(cmd);
		st = submit1(smmu, cmd);
		if (st != SMMUV3_OK)
			return st;
	}
	*out = (volatile uint64_t *)ram_ptr(
		pa((desc & STRTAB_L1_DESC_L2PTR) + (uint64_t)(sid & ((1u << plan->split) - 1)) * STRTAB_STE_SIZE));
	return SMMUV3_OK;
}

static bool ste_inert(uint64_t word0)
{
	return !(word0 & STRTAB_STE_0_V) || FIELD_GET(STRTAB_STE_0_CFG, word0) == STRTAB_STE_0_CFG_ABORT;
}

enum smmuv3_status smmuv3_install_ste(struct smmuv3 *smmu, uint32_t sid, const uint64_t ste[8])
{
	volatile uint64_t *cur;
	uint64_t cmd[2];
	bool rest_differs = false;
	enum smmuv3_status st;

	if (!smmu->enabled)
		return SMMUV3_E_INVAL;
	st = ste_slot(smmu, sid, &cur);
	if (st != SMMUV3_OK)
		return st;
	for (unsigned w = 1; w < STRTAB_STE_DWORDS; w++)
		rest_differs |= cur[w] != ste[w];
	if (!rest_differs && cur[0] == ste[0])
		return SMMUV3_OK;
	smmuv3_cmd_cfgi_ste(cmd, sid);

	/* Stopping a stream: word 0 alone decides, the other words are then ignored. */
	if (ste_inert(ste[0])) {
		mem_wr(smmu, &cur[0], ste[0]);
		st = submit1(smmu, cmd);
		for (unsigned w = 1; w < STRTAB_STE_DWORDS; w++)
			mem_wr(smmu, &cur[w], ste[w]); /* tidy, for the comparison above next time */
		return st;
	}

	/* The SMMU may fetch an STE at any moment, reads its 64-bit words in no particular order,
	 * and caches what it read until CFGI_STE + CMD_SYNC. Each word is written with one
	 * single-copy-atomic store. When only word 0 (V, Config, S1ContextPtr) changes, that one
	 * store is the whole update. Otherwise the entry must never be seen as a mix of old and
	 * new words: */
	if (rest_differs) {
		/* 1. Make it abort (other words are then ignored), and have the SMMU forget the old
		 *    configuration and finish any fetch that is under way. */
		if (!ste_inert(cur[0])) {
			uint64_t abort_ste[STRTAB_STE_DWORDS];

			smmuv3_ste_abort(abort_ste);
			mem_wr(smmu, &cur[0], abort_ste[0]);
			st = submit1(smmu, cmd);
			if (st != SMMUV3_OK)
				return st;
		}
		/* 2. Fill in the other words. A fetch that read some of them before this point may
		 *    still be cached with the abort word 0; drop it, so that no fetch started
		 *    before step 3 can pair the new word 0 with old words. */
		for (unsigned w = 1; w < STRTAB_STE_DWORDS; w++)
			mem_wr(smmu, &cur[w], ste[w]);
		st = submit1(smmu, cmd);
		if (st != SMMUV3_OK)
			return st;
	}
	/* 3. The word that makes the entry mean something, then invalidate so it is used. */
	mem_wr(smmu, &cur[0], ste[0]);
	return submit1(smmu, cmd);
}

enum smmuv3_status smmuv3_attach_abort(struct smmuv3 *smmu, uint32_t sid)
{
	uint64_t ste[STRTAB_STE_DWORDS];

	smmuv3_ste_abort(ste);
	return smmuv3_install_ste(smmu, sid, ste);
}

enum smmuv3_status smmuv3_ste_for_s1(const struct smmuv3 *smmu, pa_t cd, uint64_t ste[8])
{
	if (!smmu->feat.s1p)
		return SMMUV3_E_UNSUPPORTED;
	return smmuv3_ste_s1(ste, cd) ? SMMUV3_OK : SMMUV3_E_INVAL;
}

enum smmuv3_status smmuv3_ste_for_s2(const struct smmuv3 *smmu, const struct smmuv3_s2_cfg *cfg, uint64_t ste[8])
{
	if (!smmu->feat.s2p)
		return SMMUV3_E_UNSUPPORTED;
	if ((!smmu->feat.vmid16 && cfg->vmid > 0xff) || !smmuv3_ste_s2(ste, cfg))
		return SMMUV3_E_INVAL;
	return SMMUV3_OK;
}

enum smmuv3_status smmuv3_attach_s1(struct smmuv3 *smmu, uint32_t sid, pa_t cd)
{
	uint64_t ste[STRTAB_STE_DWORDS];
	enum smmuv3_status st = smmuv3_ste_for_s1(smmu, cd, ste);

	/* A CD that no STE pointed at cannot be cached, so it needs no CFGI_CD; the DSB before the
	 * STE's CMD_SYNC publishes it too. A CD that is (or was) in use and has been rewritten is
	 * the caller's to invalidate (smmuv3_cfgi_all), whichever streams share it. */
	return st == SMMUV3_OK ? smmuv3_install_ste(smmu, sid, ste) : st;
}

enum smmuv3_status smmuv3_attach_s2(struct smmuv3 *smmu, uint32_t sid, const struct smmuv3_s2_cfg *cfg)
{
	uint64_t ste[STRTAB_STE_DWORDS];
	enum smmuv3_status st = smmuv3_ste_for_s2(smmu, cfg, ste);

	return st == SMMUV3_OK ? smmuv3_install_ste(smmu, sid, ste) : st;
}

/* ---- TLB maintenance ----------------------------------------------------------------- */

enum smmuv3_status smmuv3_tlbi_asid(struct smmuv3 *smmu, uint16_t asid)
{
	uint64_t cmd[2];

	smmuv3_cmd_tlbi_nh_asid(cmd, asid);
	return submit1(smmu, cmd);
}

enum smmuv3_status smmuv3_tlbi_vmid(struct smmuv3 *smmu, uint16_t vmid)
{
	uint64_t cmd[2];

	/* A stage-2 command is illegal on an SMMU without stage 2. */
	if (!smmu->feat.s2p)
		return SMMUV3_E_UNSUPPORTED;
	smmuv3_cmd_tlbi_s12_vmall(cmd, vmid);
	return submit1(smmu, cmd);
}

enum smmuv3_status smmuv3_tlbi_all(struct smmuv3 *smmu)
{
	uint64_t cmds[2][2];
	unsigned n = 0;

	smmuv3_cmd_tlbi_nsnh_all(cmds[n++]);
	if (smmu->feat.hyp)
		smmuv3_cmd_tlbi_el2_all(cmds[n++]);
	return smmuv3_submit(smmu, (const uint64_t(*)[2])cmds, n);
}

enum smmuv3_status smmuv3_cfgi_all(struct smmuv3 *smmu)
{
	uint64_t cmd[2];

	smmuv3_cmd_cfgi_all(cmd);
	return submit1(smmu, cmd);
}

/* ---- Event queue --------------------------------------------------------------------- */

unsigned smmuv3_drain_events(struct smmuv3 *smmu, smmuv3_event_fn fn, void *ctx)
{
	struct smmuv3_queue *q = &smmu->evtq;
	uint32_t limit = 1u << q->log2, n = 0, prod;

	if (!smmu->evtq_on)
		return 0;
	prod = rd32(smmu, SMMU_EVENTQ_PROD);
	if ((prod & Q_OVFLG) != (smmu->evtq_ovack & Q_OVFLG)) {
		LOGP(smmu, "event queue overflowed: events were lost");
		smmu->evtq_ovack = prod & Q_OVFLG;
	}
	/* At most one queue's worth per call, so a device that faults continuously cannot keep
	 * the caller here forever. */
	while (n < limit && !smmuv3_q_empty(prod, q->idx, q->log2)) {
		volatile uint32_t *slot;
		uint32_t rec[8];

		barrier(smmu, SMMUV3_RMB); /* PROD before the record it announces */
		slot = (volatile uint32_t *)ram_ptr(
			pa_add(q->base, (uint64_t)smmuv3_q_idx(q->idx, q->log2) * EVTQ_ENT_SIZE));
		for (unsigned w = 0; w < 8; w++)
			rec[w] = slot[w];
		barrier(smmu, SMMUV3_MB); /* record read before the slot is handed back */
		q->idx = smmuv3_q_next(q->idx, q->log2);
		wr32(smmu, SMMU_EVENTQ_CONS, q->idx | smmu->evtq_ovack);
		fn(ctx, smmu, rec);
		n++;
		if (smmuv3_q_empty(prod, q->idx, q->log2))
			prod = rd32(smmu, SMMU_EVENTQ_PROD);
	}
	return n;
}

/* ---- Bring-up ------------------------------------------------------------------------ */

static unsigned clamp_log2(unsigned want, unsigned dflt, unsigned max)
{
	if (want == 0)
		want = dflt;
	return want < max ? want : max;
}

static bool alloc_queue(struct smmuv3 *smmu, struct smmuv3_queue *q, unsigned log2, unsigned ent_size)
{
	uint64_t size = ((uint64_t)ent_size) << log2;

	/* A queue base is aligned to the queue size (and to at least 32 bytes). */
	if (!alloc(smmu, size, size < 64 ? 64 : size, &q->base))
		return false;
	memset(ram_ptr(q->base), 0, size);
	q->log2 = log2;
	q->idx = 0;
	return true;
}

static uint64_t q_base_reg(const struct smmuv3_queue *q)
{
	return (pa_val(q->base) & Q_BASE_ADDR) | Q_BASE_RWA | FIELD_PREP(Q_BASE_LOG2SIZE, q->log2);
}

enum smmuv3_status smmuv3_init(struct smmuv3 *smmu, const struct smmuv3_params *p)
{
	const struct smmuv3_features *f = &smmu->feat;
	struct smmuv3_strtab_plan *plan = &smmu->plan;
	uint64_t cmds[3][2];
	uint32_t cr0 = 0;
	unsigned n = 0;
	enum smmuv3_status st;

	if (!smmu->base || !p->alloc)
		return SMMUV3_E_INVAL;
	smmu->alloc = p->alloc;
	smmu->alloc_ctx = p->alloc_ctx;
	if (!smmuv3_strtab_plan(f, p->max_sid, plan)) {
		LOGP(smmu, "StreamID 0x%x needs more than the %u bits the SMMU has", p->max_sid, f->sidsize);
		return SMMUV3_E_RANGE;
	}

	/* 1. Stop whatever a previous stage left running. Abort (not bypass) while disabled. On
	 *    QEMU 7.2 GBPA is not implemented and SMMUEN = 0 always bypasses. */
	st = gbpa_abort(smmu);
	if (st == SMMUV3_OK)
		st = set_cr0(smmu, 0);
	if (st == SMMUV3_OK)
		st = write_acked(smmu, SMMU_IRQ_CTRL, SMMU_IRQ_CTRLACK, 0, "IRQ_CTRL");
	if (st != SMMUV3_OK)
		return st;
	wr32(smmu, SMMU_GERRORN, rd32(smmu, SMMU_GERROR)); /* forget stale errors */

	/* 2. Memory: every STE abort (linear), or every L1 descriptor empty (2-level). */
	if (!alloc(smmu, plan->table_size, plan->table_size < 64 ? 64 : plan->table_size, &smmu->strtab))
		return SMMUV3_E_NOMEM;
	if (plan->two_level)
		memset(ram_ptr(smmu->strtab), 0, plan->table_size);
	else
		fill_abort((volatile uint64_t *)ram_ptr(smmu->strtab), UINT64_C(1) << plan->log2size);
	if (!alloc_queue(smmu, &smmu->cmdq, clamp_log2(p->cmdq_log2, SMMUV3_CMDQ_LOG2_DEFAULT, f->cmdq_max_log2),
			 CMDQ_ENT_SIZE) ||
	    !alloc_queue(smmu, &smmu->evtq, clamp_log2(p->eventq_log2, SMMUV3_EVENTQ_LOG2_DEFAULT, f->eventq_max_log2),
			 EVTQ_ENT_SIZE))
		return SMMUV3_E_NOMEM;

	/* 3. Program. The SMMU reads tables and queues as Write-Back inner-shareable, like the
	 *    CPUs; it records out-of-range StreamIDs, and ignores broadcast TLB maintenance (PTM):
	 *    all its invalidation comes from us. */
	wr32(smmu, SMMU_CR1,
	     (uint32_t)(FIELD_PREP(CR1_TABLE_SH, SMMU_SH_ISH) | FIELD_PREP(CR1_TABLE_OC, CR1_CACHE_WB) |
			FIELD_PREP(CR1_TABLE_IC, CR1_CACHE_WB) | FIELD_PREP(CR1_QUEUE_SH, SMMU_SH_ISH) |
			FIELD_PREP(CR1_QUEUE_OC, CR1_CACHE_WB) | FIELD_PREP(CR1_QUEUE_IC, CR1_CACHE_WB)));
	wr32(smmu, SMMU_CR2, (uint32_t)(CR2_RECINVSID | CR2_PTM));
	wr64(smmu, SMMU_STRTAB_BASE, (pa_val(smmu->strtab) & STRTAB_BASE_ADDR) | STRTAB_BASE_RA);
	wr32(smmu, SMMU_STRTAB_BASE_CFG, plan->base_cfg);
	wr64(smmu, SMMU_CMDQ_BASE, q_base_reg(&smmu->cmdq));
	wr32(smmu, SMMU_CMDQ_PROD, 0);
	wr32(smmu, SMMU_CMDQ_CONS, 0);
	wr64(smmu, SMMU_EVENTQ_BASE, q_base_reg(&smmu->evtq));
	wr32(smmu, SMMU_EVENTQ_PROD, 0);
	wr32(smmu, SMMU_EVENTQ_CONS, 0);
	smmu->evtq_ovack = 0;
	barrier(smmu, SMMUV3_PUBLISH); /* table and queue contents before the SMMU may read them */

	/* 4. Command queue on; drop anything cached from before (configuration and TLBs). */
	cr0 |= CR0_CMDQEN;
	st = set_cr0(smmu, cr0);
	if (st != SMMUV3_OK)
		return st;
	smmu->cmdq_on = true;
	smmuv3_cmd_cfgi_all(cmds[n++]);
	smmuv3_cmd_tlbi_nsnh_all(cmds[n++]);
	if (f->hyp)
		smmuv3_cmd_tlbi_el2_all(cmds[n++]);
	st = smmuv3_submit(smmu, (const uint64_t(*)[2])cmds, n);
	if (st != SMMUV3_OK)
		return st;

	/* 5. Event queue, interrupts (wired, edge-triggered on QEMU), then translation. */
	cr0 |= CR0_EVENTQEN;
	st = set_cr0(smmu, cr0);
	if (st != SMMUV3_OK)
		return st;
	smmu->evtq_on = true;
	if (p->irqs) {
		uint32_t irq_ctrl = (uint32_t)(IRQ_CTRL_GERROR_IRQEN | IRQ_CTRL_EVENTQ_IRQEN);

		st = write_acked(smmu, SMMU_IRQ_CTRL, SMMU_IRQ_CTRLACK, irq_ctrl, "IRQ_CTRL");
		if (st != SMMUV3_OK)
			return st;
	}
	cr0 |= CR0_SMMUEN;
	st = set_cr0(smmu, cr0);
	if (st != SMMUV3_OK)
		return st;
	smmu->enabled = true;

	LOGP(smmu, "SMMUv3.%u enabled: %s stream table 2^%u StreamIDs, cmdq 2^%u, eventq 2^%u%s",
	     (unsigned)FIELD_GET(AIDR_ARCH_MINOR_REV, smmu->aidr), plan->two_level ? "2-level" : "linear",
	     plan->log2size, smmu->cmdq.log2, smmu->evtq.log2, p->irqs ? ", irqs on" : "");
	return SMMUV3_OK;
}
