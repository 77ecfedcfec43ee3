/* The SMMUv3 driver's STE update protocol (drivers/smmu/smmuv3.c), run against a model of the
 * SMMU through struct smmuv3_ops. The model acknowledges CR0/IRQ_CTRL/GBPA writes, consumes the
 * command queue whenever CMDQ_PROD is written, and records every store to memory the SMMU reads,
 * every barrier and every command it consumed, in order.
 *
 * What is checked is what the SMMUv3 architecture (IHI 0070, 3.21.3 "Configuration structure
 * update procedure") requires of software, in the spirit of Linux's KUnit test of arm-smmu-v3:
 * the SMMU may fetch an STE at any time, 64 bits at a time in any order, and cache it until
 * CFGI_STE + CMD_SYNC; so an STE it could use (V = 1, Config not abort) must never be a mix of
 * old and new words, the word that makes it valid is written last, and every change ends with
 * CFGI_STE for that StreamID followed by CMD_SYNC, issued after a DSB. Opcodes and fields by hand
 * from the specification: CFGI_STE 0x03 (StreamID in bits 63:32), CMD_SYNC 0x46; STE word 0:
 * V bit 0, Config bits 3:1 (0b000 abort, 0b110 stage 2 only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/smmu/smmuv3.h"
#include "drivers/smmu/smmuv3_gate.h"
#include "drivers/smmu/smmuv3_regs.h"

#define BASE 0x9050000u
#define OP_CFGI_STE 0x03
#define OP_SYNC 0x46
#define STE_V 1ull
#define STE_CONFIG(w0) (((w0) >> 1) & 7)
#define CONFIG_ABORT 0
#define CONFIG_S2 6
#define SID 5

enum ev_kind { EV_MEM, EV_BARRIER, EV_PROD, EV_CMD };

struct ev {
	enum ev_kind kind;
	volatile uint64_t *p;
	uint64_t v0, v1;
};

static struct model {
	uint32_t regs[SMMU_REG_SIZE / 4];
	uint64_t cmdq_base;
	struct ev log[4096]; /* a close of 200 streams logs about 2,000 */
	unsigned n;
} M;

static void record(enum ev_kind kind, volatile uint64_t *p, uint64_t v0, uint64_t v1)
{
	assert_true(M.n < sizeof(M.log) / sizeof(M.log[0]));
	M.log[M.n++] = (struct ev){ kind, p, v0, v1 };
}

static void consume_commands(uint32_t prod)
{
	unsigned log2 = (unsigned)(M.cmdq_base & 0x1f);
	uint64_t *q = (uint64_t *)(uintptr_t)(M.cmdq_base & Q_BASE_ADDR);
	uint32_t cons = M.regs[SMMU_CMDQ_CONS / 4];
	uint32_t wrap_idx = (2u << log2) - 1; /* index bits and the wrap bit */

	while ((cons & wrap_idx) != (prod & wrap_idx)) {
		uint32_t idx = cons & ((1u << log2) - 1);

		record(EV_CMD, NULL, q[2 * idx], q[2 * idx + 1]);
		cons = (cons + 1) & wrap_idx;
	}
	M.regs[SMMU_CMDQ_CONS / 4] = prod;
}

static uint32_t m_read32(void *ctx, uintptr_t addr)
{
	(void)ctx;
	return M.regs[(addr - BASE) / 4];
}

static void m_write32(void *ctx, uintptr_t addr, uint32_t v)
{
	uint32_t off = (uint32_t)(addr - BASE);

	(void)ctx;
	M.regs[off / 4] = v;
	if (off == SMMU_CR0)
		M.regs[SMMU_CR0ACK / 4] = v;
	else if (off == SMMU_IRQ_CTRL)
		M.regs[SMMU_IRQ_CTRLACK / 4] = v;
	else if (off == SMMU_GBPA)
		M.regs[off / 4] = v & ~(uint32_t)GBPA_UPDATE; /* the update completes at once */
	else if (off == SMMU_CMDQ_PROD) {
		record(EV_PROD, NULL, v, 0);
		consume_commands(v);
	}
}

static void m_write64(void *ctx, uintptr_t addr, uint64_t v)
{
	uint32_t off = (uint32_t)(addr - BASE);

	(void)ctx;
	M.regs[off / 4] = (uint32_t)v;
	M.regs[off / 4 + 1] = (uint32_t)(v >> 32);
	if (off == SMMU_CMDQ_BASE)
		M.cmdq_base = v;
}

static void m_mem_write64(void *ctx, volatile uint64_t *p, uint64_t v)
{
	(void)ctx;
	*p = v;
	record(EV_MEM, p, v, 0);
}

static void m_barrier(void *ctx, enum smmuv3_barrier b)
{
	(void)ctx;
	record(EV_BARRIER, NULL, b, 0);
}

static const struct smmuv3_ops model_ops = { m_read32, m_write32, m_write64, m_mem_write64, m_barrier, NULL };

/* Table and queue memory: a bump allocator over a static arena (nothing is ever freed). */
static uint8_t arena[256 * 1024] __attribute__((aligned(65536)));
static size_t arena_used;

static bool arena_alloc(void *ctx, uint64_t size, uint64_t align, pa_t *out)
{
	size_t at = (arena_used + align - 1) & ~(size_t)(align - 1);

	(void)ctx;
	if (at + size > sizeof(arena))
		return false;
	arena_used = at + size;
	*out = pa((uint64_t)(uintptr_t)&arena[at]);
	return true;
}

static struct smmuv3 smmu;
static volatile uint64_t *strtab;  /* the linear stream table */
static volatile uint64_t *ste_mem; /* the STE of SID */

static uint32_t setup_max_sid = 0x10;

static int setup(void **state)
{
	/* IDR0: S2P, S1P, TTF AArch64 (0b10), COHACC, linear stream table. IDR1: SIDSIZE 16,
	 * EVENTQS 19, CMDQS 19. IDR5: OAS 48 bits (0b101), 4 KiB granule. */
	struct plat_smmu plat = { .model = SMMU_MODEL_V3, .path = "/smmuv3@9050000", .reg = { BASE, SMMU_REG_SIZE } };
	struct smmuv3_params params = {
		.max_sid = setup_max_sid, .cmdq_log2 = 4, .eventq_log2 = 4, .alloc = arena_alloc
	};

	(void)state;
	memset(&M, 0, sizeof(M));
	arena_used = 0;
	M.regs[0x0 / 4] = 0x1b;
	M.regs[0x4 / 4] = 0x10 | (19u << 16) | (19u << 21);
	M.regs[0x14 / 4] = 0x15;
	assert_int_equal(smmuv3_probe(&smmu, &plat, &model_ops), SMMUV3_OK);
	assert_int_equal(smmuv3_init(&smmu, &params), SMMUV3_OK);
	strtab = (volatile uint64_t *)(uintptr_t)((((uint64_t)M.regs[SMMU_STRTAB_BASE / 4 + 1] << 32) |
						   M.regs[SMMU_STRTAB_BASE / 4]) &
						  STRTAB_BASE_ADDR);
	ste_mem = strtab + 8 * SID;
	M.n = 0;
	return 0;
}

/* setup() over table memory full of stale bytes, as a reused allocation could be. */
static int setup_dirty(void **state)
{
	memset(arena, 0xa5, sizeof(arena));
	return setup(state);
}

static bool is_ste_word(volatile uint64_t *p, unsigned *w)
{
	if (p < ste_mem || p >= ste_mem + 8)
		return false;
	*w = (unsigned)(p - ste_mem);
	return true;
}

static bool live(uint64_t w0)
{
	return (w0 & STE_V) && STE_CONFIG(w0) != CONFIG_ABORT;
}

/* Index of the first CFGI_STE(sid) consumed at or after `from` that is directly followed by a
 * CMD_SYNC, with a DSB (PUBLISH) before the PROD write that made the SMMU read them; -1 if none. */
static int cfgi_sync_of(uint32_t sid, unsigned from)
{
	bool published = false;

	for (unsigned i = from; i < M.n; i++) {
		if (M.log[i].kind == EV_BARRIER && M.log[i].v0 == SMMUV3_PUBLISH)
			published = true;
		if (M.log[i].kind == EV_CMD && (M.log[i].v0 & 0xff) == OP_CFGI_STE && M.log[i].v0 >> 32 == sid &&
		    i + 1 < M.n && M.log[i + 1].kind == EV_CMD && (M.log[i + 1].v0 & 0xff) == OP_SYNC) {
			assert_true(published);
			return (int)i + 1;
		}
	}
	return -1;
}

static int cfgi_sync_after(unsigned from)
{
	return cfgi_sync_of(SID, from);
}

/* Replays the log: after every store to the STE, a fetch of the whole entry must give either an
 * inert entry or exactly `old` or exactly `want`. Returns the index of the last STE store. */
static unsigned check_never_mixed(const uint64_t old[8], const uint64_t want[8])
{
	uint64_t now[8];
	unsigned last = 0;

	memcpy(now, old, sizeof(now));
	for (unsigned i = 0; i < M.n; i++) {
		unsigned w;

		if (M.log[i].kind != EV_MEM || !is_ste_word(M.log[i].p, &w))
			continue;
		now[w] = M.log[i].v0;
		last = i;
		if (live(now[0]))
			assert_true(memcmp(now, want, sizeof(now)) == 0 || memcmp(now, old, sizeof(now)) == 0);
	}
	assert_memory_equal(now, want, sizeof(now));
	return last;
}

static void snapshot(uint64_t out[8])
{
	for (unsigned w = 0; w < 8; w++)
		out[w] = ste_mem[w];
}

/* The first STE store at or after `from` to word w (any value), or -1. */
static int ste_store(unsigned from, unsigned want_w)
{
	for (unsigned i = from; i < M.n; i++) {
		unsigned w;

		if (M.log[i].kind == EV_MEM && is_ste_word(M.log[i].p, &w) && w == want_w)
			return (int)i;
	}
	return -1;
}

static struct smmuv3_s2_cfg s2(uint16_t vmid, uint64_t vttb)
{
	return (struct smmuv3_s2_cfg){ .vmid = vmid, .vttb = pa(vttb), .vtcr = 0x23558 };
}

/* After init every STE of the linear table is exactly the abort STE (V = 1, Config abort, every
 * other bit zero), whatever the memory held: a stale bit could make an STE the SMMU uses. */
static void test_every_ste_aborts_after_init(void **state)
{
	uint32_t cfg = M.regs[SMMU_STRTAB_BASE_CFG / 4];
	uint64_t n = UINT64_C(1) << FIELD_GET(STRTAB_BASE_CFG_LOG2SIZE, cfg);

	(void)state;
	assert_int_equal(FIELD_GET(STRTAB_BASE_CFG_FMT, cfg), STRTAB_BASE_CFG_FMT_LINEAR);
	assert_true(n > SID);
	for (uint64_t i = 0; i < n; i++)
		for (unsigned w = 0; w < 8; w++)
			assert_int_equal(strtab[i * 8 + w], w == 0 ? STE_V | CONFIG_ABORT << 1 : 0);
}

static void test_abort_to_stage2(void **state)
{
	struct smmuv3_s2_cfg cfg = s2(2, 0x48000000);
	uint64_t old[8], want[8];
	unsigned last;
	int w0, sync;

	(void)state;
	snapshot(old);
	assert_false(live(old[0])); /* every STE aborts after init */
	assert_true(smmuv3_ste_s2(want, &cfg));
	assert_int_equal(STE_CONFIG(want[0]), CONFIG_S2);
	assert_int_equal(smmuv3_attach_s2(&smmu, SID, &cfg), SMMUV3_OK);

	last = check_never_mixed(old, want);
	w0 = ste_store(0, 0);
	assert_int_equal(w0, (int)last); /* word 0, the one with V and Config, is written last */
	for (unsigned w = 1; w < 8; w++) {
		int at = ste_store(0, w);

		assert_true(at >= 0 && at < w0);
	}
	/* The other words were invalidated (CFGI_STE + SYNC) before word 0 made them usable, and
	 * word 0 was invalidated after. */
	sync = cfgi_sync_after(0);
	assert_true(sync > 0 && sync < w0);
	sync = cfgi_sync_after((unsigned)w0);
	assert_int_equal(sync, (int)M.n - 1); /* and the update ends there */
}

static void test_stage2_to_stage2(void **state)
{
	struct smmuv3_s2_cfg a = s2(2, 0x48000000), b = s2(3, 0x50000000);
	uint64_t old[8], want[8];
	int first_abort, first_rest, new_w0, sync;

	(void)state;
	assert_int_equal(smmuv3_attach_s2(&smmu, SID, &a), SMMUV3_OK);
	snapshot(old);
	M.n = 0;
	assert_true(smmuv3_ste_s2(want, &b));
	assert_int_equal(smmuv3_attach_s2(&smmu, SID, &b), SMMUV3_OK);

	check_never_mixed(old, want);
	/* 1. word 0 made abort, invalidated; 2. the other words, invalidated; 3. the new word 0,
	 * invalidated. */
	first_abort = ste_store(0, 0);
	assert_true(first_abort >= 0);
	assert_false(live(M.log[first_abort].v0));
	sync = cfgi_sync_after((unsigned)first_abort);
	first_rest = ste_store(0, 1);
	assert_true(sync > first_abort && sync < first_rest);
	new_w0 = ste_store((unsigned)first_abort + 1, 0);
	assert_int_equal(M.log[new_w0].v0, want[0]);
	sync = cfgi_sync_after((unsigned)first_rest);
	assert_true(sync > first_rest && sync < new_w0);
	assert_int_equal(cfgi_sync_after((unsigned)new_w0), (int)M.n - 1);
}

static void test_stage2_to_abort(void **state)
{
	struct smmuv3_s2_cfg a = s2(2, 0x48000000);
	uint64_t old[8], want[8] = { 0 };
	int w0, sync;

	(void)state;
	assert_int_equal(smmuv3_attach_s2(&smmu, SID, &a), SMMUV3_OK);
	snapshot(old);
	M.n = 0;
	assert_int_equal(smmuv3_attach_abort(&smmu, SID), SMMUV3_OK);
	/* Stopping a stream: word 0 alone, first; the entry is inert from that store on. */
	w0 = ste_store(0, 0);
	assert_true(w0 >= 0);
	assert_false(live(M.log[w0].v0));
	for (unsigned w = 1; w < 8; w++)
		assert_true(ste_store(0, w) > w0);
	sync = cfgi_sync_after((unsigned)w0);
	assert_true(sync > w0);
	snapshot(want);
	check_never_mixed(old, want);
}

static void test_same_ste_again_is_silent(void **state)
{
	struct smmuv3_s2_cfg a = s2(2, 0x48000000);

	(void)state;
	assert_int_equal(smmuv3_attach_s2(&smmu, SID, &a), SMMUV3_OK);
	M.n = 0;
	assert_int_equal(smmuv3_attach_s2(&smmu, SID, &a), SMMUV3_OK);
	assert_int_equal(M.n, 0); /* no store, no command */
}

static void test_sid_out_of_range(void **state)
{
	struct smmuv3_s2_cfg a = s2(2, 0x48000000);

	(void)state;
	/* max_sid 0x10 needs 5 bits: the linear table has 32 entries. */
	assert_int_equal(smmuv3_attach_s2(&smmu, 32, &a), SMMUV3_E_RANGE);
	assert_int_equal(M.n, 0);
}

/* ---- Gates: a partition's streams closed while it is stopped, open while it runs ----------
 * Partition A owns SIDs 1 and 2 (VMID 2), partition B SID 3 (VMID 3). What the SMMU must see,
 * from the architecture: a closed STE is inert (V = 0, so nothing of it is used and every
 * transaction aborts with C_BAD_STE), each STE change is followed by CFGI_STE of that StreamID
 * and CMD_SYNC; after the last of A's streams is closed, TLBI_S12_VMALL (opcode 0x28, VMID in
 * bits 47:32) for A's VMID and CMD_SYNC, so that no cached translation of A's tables outlives
 * the stop; B is never touched. */
#define OP_TLBI_S12_VMALL 0x28
#define VMID_A 2
#define VMID_B 3

static const uint32_t sids_a[] = { 1, 2 };
static const uint32_t sid_b = 3;

struct two_gates {
	struct smmuv3_gate a, b;
	uint64_t ste_a[8], ste_b[8];
};

static volatile uint64_t *ste_of(uint32_t sid)
{
	return strtab + 8 * sid;
}

static void assert_ste(uint32_t sid, const uint64_t want[8])
{
	for (unsigned w = 0; w < 8; w++)
		assert_int_equal(ste_of(sid)[w], want[w]);
}

/* Stores to word 0 of the STE of sid in the log: their number, the index of the last in *last.
 * Every store to another word must write the value `rest` holds there (nothing else changes). */
static unsigned word0_stores(uint32_t sid, const uint64_t rest[8], int *last)
{
	unsigned n = 0;

	*last = -1;
	for (unsigned i = 0; i < M.n; i++) {
		if (M.log[i].kind != EV_MEM || M.log[i].p < ste_of(sid) || M.log[i].p >= ste_of(sid) + 8)
			continue;
		if (M.log[i].p != ste_of(sid)) {
			assert_int_equal(M.log[i].v0, rest[M.log[i].p - ste_of(sid)]);
			continue;
		}
		n++;
		*last = (int)i;
	}
	return n;
}

/* Whether the log has any store to the STE of sid. */
static bool touched(uint32_t sid)
{
	for (unsigned i = 0; i < M.n; i++)
		if (M.log[i].kind == EV_MEM && M.log[i].p >= ste_of(sid) && M.log[i].p < ste_of(sid) + 8)
			return true;
	return false;
}

/* Index of the first consumed TLBI_S12_VMALL for vmid directly followed by CMD_SYNC, or -1. */
static int tlbi_vmid_sync(uint16_t vmid)
{
	for (unsigned i = 0; i + 1 < M.n; i++)
		if (M.log[i].kind == EV_CMD && (M.log[i].v0 & 0xff) == OP_TLBI_S12_VMALL &&
		    ((M.log[i].v0 >> 32) & 0xffff) == vmid && M.log[i + 1].kind == EV_CMD &&
		    (M.log[i + 1].v0 & 0xff) == OP_SYNC)
			return (int)i;
	return -1;
}

/* The gates' stream lists are the heap's (the hypervisor keeps its gates for good). */
static void gates_down(struct two_gates *t)
{
	free(t->a.sids);
	free(t->b.sids);
}

static void gates_up(struct two_gates *t)
{
	struct smmuv3_s2_cfg a = s2(VMID_A, 0x48000000), b = s2(VMID_B, 0x50000000);

	assert_int_equal(smmuv3_ste_for_s2(&smmu, &a, t->ste_a), SMMUV3_OK);
	assert_int_equal(smmuv3_ste_for_s2(&smmu, &b, t->ste_b), SMMUV3_OK);
	smmuv3_gate_init(&t->a, t->ste_a, VMID_A);
	smmuv3_gate_init(&t->b, t->ste_b, VMID_B);
	for (unsigned i = 0; i < 2; i++)
		assert_int_equal(smmuv3_gate_add(&smmu, &t->a, sids_a[i]), SMMUV3_OK);
	assert_int_equal(smmuv3_gate_add(&smmu, &t->b, sid_b), SMMUV3_OK);
	for (unsigned i = 0; i < 2; i++)
		assert_ste(sids_a[i], t->ste_a);
	assert_ste(sid_b, t->ste_b);
	M.n = 0;
}

/* Partition A stops: its streams inert, each change invalidated, then its TLB entries; B's
 * stream untouched. */
static void check_closed(const struct two_gates *t)
{
	uint64_t closed[8];
	int last_ste = -1, tlbi;

	memcpy(closed, t->ste_a, sizeof(closed));
	closed[0] &= ~STE_V;
	for (unsigned i = 0; i < 2; i++) {
		int last, sync;

		assert_ste(sids_a[i], closed);
		assert_int_equal(word0_stores(sids_a[i], t->ste_a, &last), 1); /* inert from that store on */
		assert_false(M.log[last].v0 & STE_V);
		sync = cfgi_sync_of(sids_a[i], (unsigned)last);
		assert_true(sync > last);
		if (sync > last_ste)
			last_ste = sync;
	}
	tlbi = tlbi_vmid_sync(VMID_A);
	assert_true(tlbi > last_ste);
	assert_int_equal(tlbi + 1, (int)M.n - 1); /* the SYNC after it ends the stop */
	assert_int_equal(tlbi_vmid_sync(VMID_B), -1);
	assert_ste(sid_b, t->ste_b);
	assert_false(touched(sid_b));
}

/* Partition A runs again: exactly its translating STEs back, each invalidated. */
static void check_open(const struct two_gates *t)
{
	for (unsigned i = 0; i < 2; i++) {
		int last;

		assert_ste(sids_a[i], t->ste_a);
		assert_int_equal(word0_stores(sids_a[i], t->ste_a, &last), 1); /* V back, nothing else */
		assert_int_equal(M.log[last].v0, t->ste_a[0]);
		assert_true(cfgi_sync_of(sids_a[i], (unsigned)last) > last);
	}
	assert_ste(sid_b, t->ste_b);
	assert_false(touched(sid_b));
}

static void test_gate_stop_then_start(void **state)
{
	struct two_gates t;

	(void)state;
	gates_up(&t);
	assert_int_equal(smmuv3_gate_close(&smmu, &t.a), SMMUV3_OK);
	check_closed(&t);
	M.n = 0;
	assert_int_equal(smmuv3_gate_open(&smmu, &t.a), SMMUV3_OK);
	check_open(&t);
	gates_down(&t);
}

/* Restart after restart: every cycle closes and reopens the same way, and a second close or open
 * in a row changes nothing. */
static void test_gate_restarts(void **state)
{
	struct two_gates t;

	(void)state;
	gates_up(&t);
	for (int cycle = 0; cycle < 3; cycle++) {
		M.n = 0;
		assert_int_equal(smmuv3_gate_close(&smmu, &t.a), SMMUV3_OK);
		check_closed(&t);
		M.n = 0;
		assert_int_equal(smmuv3_gate_open(&smmu, &t.a), SMMUV3_OK);
		check_open(&t);
		M.n = 0;
		assert_int_equal(smmuv3_gate_open(&smmu, &t.a), SMMUV3_OK);
		assert_int_equal(M.n, 0);
	}
	gates_down(&t);
}

/* A stream added while its partition is stopped starts closed; opening brings it with the rest. */
static void test_gate_add_while_closed(void **state)
{
	struct two_gates t;
	uint64_t closed[8];

	(void)state;
	gates_up(&t);
	assert_int_equal(smmuv3_gate_close(&smmu, &t.a), SMMUV3_OK);
	assert_int_equal(smmuv3_gate_add(&smmu, &t.a, 7), SMMUV3_OK);
	memcpy(closed, t.ste_a, sizeof(closed));
	closed[0] &= ~STE_V;
	assert_ste(7, closed);
	assert_int_equal(smmuv3_gate_open(&smmu, &t.a), SMMUV3_OK);
	assert_ste(7, t.ste_a);
	gates_down(&t);
}

/* setup() with a stream table for SIDs 0-0xff. */
static int setup_256(void **state)
{
	int rc;

	setup_max_sid = 0xff;
	rc = setup(state);
	setup_max_sid = 0x10;
	return rc;
}

/* A gate holds as many streams as its partition owns (it once held 32, and the 33rd stayed
 * aborted while the partition ran): 200 are installed translating and all close together. A
 * stream added twice (a DMA alias two functions share) is held once. */
static void test_gate_grows(void **state)
{
	struct smmuv3_gate g;
	uint64_t ste[8], closed[8];
	struct smmuv3_s2_cfg a = s2(VMID_A, 0x48000000);

	(void)state;
	assert_int_equal(smmuv3_ste_for_s2(&smmu, &a, ste), SMMUV3_OK);
	smmuv3_gate_init(&g, ste, VMID_A);
	for (uint32_t sid = 0; sid < 200; sid++) {
		M.n = 0;
		assert_int_equal(smmuv3_gate_add(&smmu, &g, sid), SMMUV3_OK);
		assert_ste(sid, ste);
	}
	M.n = 0;
	assert_int_equal(smmuv3_gate_add(&smmu, &g, 150), SMMUV3_OK);
	assert_int_equal(g.n_sids, 200);
	M.n = 0;
	assert_int_equal(smmuv3_gate_close(&smmu, &g), SMMUV3_OK);
	memcpy(closed, ste, sizeof(closed));
	closed[0] &= ~STE_V;
	for (uint32_t sid = 0; sid < 200; sid++)
		assert_ste(sid, closed);
	assert_ste(200, (const uint64_t[8]){ STE_V | CONFIG_ABORT << 1 });
	free(g.sids);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_every_ste_aborts_after_init, setup_dirty),
		cmocka_unit_test_setup(test_abort_to_stage2, setup),
		cmocka_unit_test_setup(test_stage2_to_stage2, setup),
		cmocka_unit_test_setup(test_stage2_to_abort, setup),
		cmocka_unit_test_setup(test_same_ste_again_is_silent, setup),
		cmocka_unit_test_setup(test_sid_out_of_range, setup),
		cmocka_unit_test_setup(test_gate_stop_then_start, setup),
		cmocka_unit_test_setup(test_gate_restarts, setup),
		cmocka_unit_test_setup(test_gate_add_while_closed, setup),
		cmocka_unit_test_setup(test_gate_grows, setup_256),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
