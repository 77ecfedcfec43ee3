/* The list-register manager. Every LR value below is written out by hand from the ICH_LR<n>_EL2
 * layout (IHI 0069): State [63:62] (01 pending 0x4..., 10 active 0x8..., 11 both 0xc...), HW
 * [61] (0x2...), Group [60] (0x1...), Priority [55:48], pINTID [44:32], EOI [41]
 * (0x0000020000000000), vINTID [31:0]. "The guest" is simulated by editing the State field the
 * way the virtual CPU interface does: acknowledge pending -> active, EOI active -> invalid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vdev/vgic_queue.h"

#define N_LRS 4

static struct vgic_queue Q;
static uint64_t LR[VGIC_MAX_LRS];

/* The queue's LR bookkeeping agrees with its entries: an LR is live exactly when an entry in
 * an LR names it, and carries the EOI mark exactly when that entry is an emulated level one. */
static void check_lr_bookkeeping(void)
{
	uint32_t live = 0, eoi = 0;

	for (unsigned i = 0; i < VGIC_QUEUE_MAX; i++) {
		const struct vgic_qent *e = &Q.ent[i];

		if (!((Q.in_lr >> i) & 1))
			continue;
		assert_true(e->lr >= 0 && e->lr < N_LRS);
		assert_int_equal(Q.lr_owner[e->lr], i);
		live |= 1u << e->lr;
		if (e->level && !e->hw)
			eoi |= 1u << e->lr;
	}
	assert_int_equal(Q.live, live);
	assert_int_equal(Q.eoi_lrs, eoi);
}

static uint32_t fill(bool *maint)
{
	uint64_t out[VGIC_MAX_LRS];
	uint32_t changed = vgic_queue_fill(&Q, LR, N_LRS, out, maint);

	memcpy(LR, out, sizeof(out[0]) * N_LRS);
	check_lr_bookkeeping();
	return changed;
}

/* The guest acknowledges LR n (pending -> active) or deactivates it (state -> invalid); the
 * hardware keeps the other fields. */
static void ack(unsigned n)
{
	LR[n] = (LR[n] & ~0xc000000000000000) | 0x8000000000000000;
}

static void eoi(unsigned n)
{
	uint64_t st = LR[n] >> 62;

	/* pending+active -> pending; active -> invalid */
	LR[n] = (LR[n] & ~0xc000000000000000) | (st == 3 ? 0x4000000000000000 : 0);
}

static void reset(void)
{
	vgic_queue_init(&Q);
	memset(LR, 0, sizeof(LR));
}

static void test_empty(void **state)
{
	bool maint = true;

	(void)state;
	reset();
	assert_int_equal(fill(&maint), 0);
	assert_false(maint);
	for (unsigned n = 0; n < N_LRS; n++)
		assert_int_equal(LR[n], 0);
	assert_int_equal(vgic_queue_waiting(&Q), 0);
}

static void test_single_sgi(void **state)
{
	bool maint;

	(void)state;
	reset();
	assert_true(vgic_queue_inject(&Q, 1, false, 0, 0xa0));
	assert_int_equal(vgic_queue_waiting(&Q), 1);
	assert_int_equal(fill(&maint), 0x1);
	assert_false(maint);
	/* pending, Group 1, priority 0xa0, vINTID 1 */
	assert_int_equal(LR[0], 0x50a0000000000001);
	assert_int_equal(LR[1], 0);
	assert_int_equal(vgic_queue_waiting(&Q), 0);
	/* nothing changed: a second fill writes nothing */
	assert_int_equal(fill(&maint), 0);
	assert_int_equal(LR[0], 0x50a0000000000001);
	ack(0);
	assert_int_equal(fill(&maint), 0);
	assert_int_equal(LR[0], 0x9000000000000001 | 0x00a0000000000000);
	eoi(0);
	assert_int_equal(LR[0], 0x10a0000000000001);
	/* completed: the LR is cleared and the entry forgotten */
	assert_int_equal(fill(&maint), 0x1);
	assert_int_equal(LR[0], 0);
	assert_null(vgic_queue_find(&Q, 1));
}

static void test_priority_order_and_overflow(void **state)
{
	bool maint;

	(void)state;
	reset();
	assert_true(vgic_queue_inject(&Q, 2, false, 0, 0xa0));
	assert_true(vgic_queue_inject(&Q, 40, true, 40, 0x80));
	assert_true(vgic_queue_set_level(&Q, 33, 0xa0, true));
	assert_true(vgic_queue_inject(&Q, 3, false, 0, 0x00));
	assert_true(vgic_queue_inject(&Q, 27, true, 27, 0xa0));
	assert_int_equal(vgic_queue_waiting(&Q), 5);

	/* by priority, then INTID: 3 (0x00), 40 (0x80), 2, 27, 33 (all 0xa0) */
	assert_int_equal(fill(&maint), 0xf);
	assert_int_equal(LR[0], 0x5000000000000003);
	assert_int_equal(LR[1], 0x7080002800000028); /* pending | HW | Group 1, pINTID 40 */
	assert_int_equal(LR[2], 0x50a0000000000002);
	assert_int_equal(LR[3], 0x70a0001b0000001b); /* the virtual timer, pINTID 27 */
	/* 33 did not fit: underflow maintenance interrupt wanted */
	assert_true(maint);
	assert_int_equal(vgic_queue_waiting(&Q), 1);
	assert_int_equal(Q.stats.overflows, 1);

	/* the guest takes SGI 3 and the timer, and completes SPI 40 */
	ack(0);
	ack(1);
	eoi(1);
	ack(3);
	assert_int_equal(LR[1], 0x3080002800000028);
	assert_int_equal(fill(&maint), 0x6);
	assert_false(maint);
	assert_int_equal(LR[0], 0x9000000000000003); /* active: stays */
	assert_int_equal(LR[1], 0x50a0000000000002); /* SGI 2, pulled back and re-placed first */
	/* the level SPI, with EOI so its completion is seen at once */
	assert_int_equal(LR[2], 0x50a0020000000021);
	assert_int_equal(LR[3], 0xb0a0001b0000001b);
	assert_int_equal(vgic_queue_waiting(&Q), 0);
	assert_null(vgic_queue_find(&Q, 40));
	assert_int_equal(Q.stats.overflows, 1);
}

static void test_level_reinjection(void **state)
{
	bool maint;

	(void)state;
	reset();
	assert_true(vgic_queue_set_level(&Q, 33, 0xa0, true));
	assert_int_equal(fill(&maint), 0x1);
	assert_int_equal(LR[0], 0x50a0020000000021);
	ack(0);
	assert_int_equal(fill(&maint), 0);
	assert_int_equal(LR[0], 0x90a0020000000021);
	/* the line is still high while active: nothing to add (no pending+active for levels) */
	assert_true(vgic_queue_set_level(&Q, 33, 0xa0, true));
	assert_int_equal(fill(&maint), 0);
	assert_int_equal(LR[0], 0x90a0020000000021);
	/* the guest's EOI: state invalid, EOI bit still set (MISR.EOI). Still high: re-pended. */
	eoi(0);
	assert_int_equal(LR[0], 0x10a0020000000021);
	assert_int_equal(fill(&maint), 0x1);
	assert_int_equal(LR[0], 0x50a0020000000021);
	assert_int_equal(Q.stats.reinjected, 1);
	/* the guest's handler drains the device: the line drops, then it completes */
	ack(0);
	assert_true(vgic_queue_set_level(&Q, 33, 0xa0, false));
	eoi(0);
	assert_int_equal(fill(&maint), 0x1);
	assert_int_equal(LR[0], 0); /* cleared, so MISR.EOI drops too */
	assert_int_equal(Q.stats.reinjected, 1);
	assert_null(vgic_queue_find(&Q, 33));
}

static void test_level_withdrawn_before_ack(void **state)
{
	bool maint;

	(void)state;
	reset();
	assert_true(vgic_queue_set_level(&Q, 33, 0xa0, true));
	fill(&maint);
	assert_int_equal(LR[0], 0x50a0020000000021);
	assert_true(vgic_queue_set_level(&Q, 33, 0xa0, false));
	assert_int_equal(fill(&maint), 0x1);
	assert_int_equal(LR[0], 0);
	assert_null(vgic_queue_find(&Q, 33));
	/* low on an unknown interrupt: nothing to do */
	assert_true(vgic_queue_set_level(&Q, 34, 0xa0, false));
	assert_null(vgic_queue_find(&Q, 34));
	/* a new priority while waiting */
	assert_true(vgic_queue_set_level(&Q, 33, 0xa0, true));
	assert_true(vgic_queue_set_level(&Q, 33, 0x40, true));
	fill(&maint);
	assert_int_equal(LR[0], 0x5040020000000021);
}

static void test_edge_while_active(void **state)
{
	bool maint;

	(void)state;
	reset();
	assert_true(vgic_queue_inject(&Q, 5, false, 0, 0x10));
	fill(&maint);
	assert_int_equal(LR[0], 0x5010000000000005);
	/* a second SGI before the guest acknowledges: one pending bit */
	assert_true(vgic_queue_inject(&Q, 5, false, 0, 0x10));
	assert_int_equal(fill(&maint), 0);
	assert_int_equal(LR[1], 0);
	ack(0);
	assert_true(vgic_queue_inject(&Q, 5, false, 0, 0x10));
	assert_int_equal(fill(&maint), 0x1);
	assert_int_equal(LR[0], 0xd010000000000005); /* pending and active, same LR */
	assert_int_equal(LR[1], 0);
	eoi(0);
	assert_int_equal(LR[0], 0x5010000000000005);
	assert_int_equal(fill(&maint), 0);
	assert_int_equal(LR[0], 0x5010000000000005);
	assert_false(maint);
}

static void test_retract(void **state)
{
	bool maint;

	(void)state;
	reset();
	vgic_queue_retract(&Q, 50); /* unknown: nothing */
	assert_true(vgic_queue_inject(&Q, 50, false, 0, 0x20));
	vgic_queue_retract(&Q, 50); /* before any fill: gone */
	assert_null(vgic_queue_find(&Q, 50));
	assert_true(vgic_queue_inject(&Q, 50, false, 0, 0x20));
	fill(&maint);
	assert_int_equal(LR[0], 0x5020000000000032);
	vgic_queue_retract(&Q, 50); /* in an LR, not yet taken */
	assert_int_equal(fill(&maint), 0x1);
	assert_int_equal(LR[0], 0);
	assert_null(vgic_queue_find(&Q, 50));
	/* pending and active: only the pending half goes */
	assert_true(vgic_queue_inject(&Q, 50, false, 0, 0x20));
	fill(&maint);
	ack(0);
	assert_true(vgic_queue_inject(&Q, 50, false, 0, 0x20));
	fill(&maint);
	assert_int_equal(LR[0], 0xd020000000000032);
	vgic_queue_retract(&Q, 50);
	assert_int_equal(fill(&maint), 0x1);
	assert_int_equal(LR[0], 0x9020000000000032);
	/* a retract followed by a new edge before the fill: the new edge wins */
	assert_true(vgic_queue_inject(&Q, 51, false, 0, 0x20));
	fill(&maint);
	assert_int_equal(LR[1], 0x5020000000000033);
	vgic_queue_retract(&Q, 51);
	assert_true(vgic_queue_inject(&Q, 51, false, 0, 0x20));
	assert_int_equal(fill(&maint), 0);
	assert_int_equal(LR[1], 0x5020000000000033);
	/* level and hardware interrupts are not retracted this way */
	assert_true(vgic_queue_set_level(&Q, 33, 0xa0, true));
	vgic_queue_retract(&Q, 33);
	assert_true(vgic_queue_inject(&Q, 40, true, 40, 0x80));
	vgic_queue_retract(&Q, 40);
	fill(&maint);
	assert_int_equal(LR[2], 0x7080002800000028);
	assert_int_equal(LR[3], 0x50a0020000000021);
}

/* MOVALL from vCPU 0 to vCPU 1: an LPI pending for vCPU 0 is delivered by vCPU 1's list
 * registers instead. One vCPU 0's CPU interface holds already, SPIs, hardware and level
 * interrupts stay. */
static void test_move_waiting_lpis(void **state)
{
	struct vgic_queue q1;
	uint64_t lr1[VGIC_MAX_LRS] = { 0 }, out[VGIC_MAX_LRS];
	bool maint;

	(void)state;
	reset();
	vgic_queue_init(&q1);
	assert_true(vgic_queue_inject(&Q, 8300, false, 0, 0x80));
	fill(&maint); /* 8300 in vCPU 0's LR 0: handed over already */
	assert_int_equal(LR[0], 0x5080000000000000 | 8300);
	assert_true(vgic_queue_inject(&Q, 8200, false, 0, 0xa0)); /* waiting */
	assert_true(vgic_queue_inject(&Q, 8201, false, 0, 0x90)); /* waiting */
	assert_true(vgic_queue_inject(&Q, 40, false, 0, 0xa0));   /* an SPI */
	assert_true(vgic_queue_inject(&Q, 8202, true, 8202, 0xa0));
	assert_true(vgic_queue_inject(&q1, 8201, false, 0, 0x90)); /* pending at vCPU 1 already */
	assert_int_equal(vgic_queue_move_waiting(&Q, &q1, 8192), 2);
	assert_null(vgic_queue_find(&Q, 8200));
	assert_null(vgic_queue_find(&Q, 8201));
	assert_non_null(vgic_queue_find(&Q, 8300));
	assert_non_null(vgic_queue_find(&Q, 40));
	assert_non_null(vgic_queue_find(&Q, 8202));
	/* vCPU 1's next entry: 8201 (priority 0x90, one pending state) then 8200 (0xa0) */
	assert_int_equal(vgic_queue_fill(&q1, lr1, N_LRS, out, &maint), 0x3);
	assert_int_equal(out[0], 0x5090000000000000 | 8201);
	assert_int_equal(out[1], 0x50a0000000000000 | 8200);
	assert_int_equal(out[2], 0);
	/* vCPU 0 keeps the rest: nothing of 8200 or 8201 reaches its LRs */
	fill(&maint);
	for (unsigned n = 0; n < N_LRS; n++)
		assert_true((uint32_t)LR[n] != 8200 && (uint32_t)LR[n] != 8201);
	/* a full destination: the interrupt stays where it was */
	vgic_queue_init(&q1);
	for (unsigned i = 0; i < VGIC_QUEUE_MAX; i++)
		assert_true(vgic_queue_inject(&q1, 100 + i, false, 0, 0xa0));
	assert_true(vgic_queue_inject(&Q, 8210, false, 0, 0xa0));
	assert_int_equal(vgic_queue_move_waiting(&Q, &q1, 8192), 0);
	assert_non_null(vgic_queue_find(&Q, 8210));
	assert_int_equal(q1.stats.dropped, 1);
}

static void test_hardware_duplicate(void **state)
{
	bool maint;

	(void)state;
	reset();
	assert_true(vgic_queue_inject(&Q, 40, true, 40, 0x80));
	fill(&maint);
	assert_int_equal(LR[0], 0x7080002800000028);
	ack(0);
	assert_int_equal(LR[0], 0xb080002800000028);
	/* the same physical INTID again while the guest still handles it: never two LRs */
	assert_true(vgic_queue_inject(&Q, 40, true, 40, 0x80));
	assert_int_equal(fill(&maint), 0);
	assert_int_equal(LR[1], 0);
	assert_false(maint);
	eoi(0);
	assert_int_equal(fill(&maint), 0x1);
	assert_int_equal(LR[0], 0x7080002800000028);
	LR[0] &= ~0xc000000000000000; /* test shortcut: completed without being acknowledged */
	assert_int_equal(fill(&maint), 0x1);
	assert_int_equal(LR[0], 0);
	assert_null(vgic_queue_find(&Q, 40));
}

static void test_preemption_by_priority(void **state)
{
	bool maint;

	(void)state;
	reset();
	for (uint32_t sgi = 0; sgi < 4; sgi++)
		assert_true(vgic_queue_inject(&Q, sgi, false, 0, 0x80));
	fill(&maint);
	assert_int_equal(LR[3], 0x5080000000000003);
	assert_false(maint);
	/* a more urgent one arrives while all four wait in LRs: it takes an LR, SGI 3 waits */
	assert_true(vgic_queue_inject(&Q, 8, false, 0, 0x10));
	assert_int_equal(fill(&maint), 0xf);
	assert_int_equal(LR[0], 0x5010000000000008);
	assert_int_equal(LR[1], 0x5080000000000000);
	assert_int_equal(LR[2], 0x5080000000000001);
	assert_int_equal(LR[3], 0x5080000000000002);
	assert_true(maint);
	assert_int_equal(vgic_queue_waiting(&Q), 1);
	/* active LRs are never taken away */
	ack(0);
	ack(1);
	ack(2);
	ack(3);
	assert_true(vgic_queue_inject(&Q, 9, false, 0, 0x00));
	assert_int_equal(fill(&maint), 0);
	assert_true(maint);
	assert_int_equal(vgic_queue_waiting(&Q), 2);
	/* two complete: the two waiting go in, by priority */
	eoi(1);
	eoi(2);
	assert_int_equal(fill(&maint), 0x6);
	assert_int_equal(LR[1], 0x5000000000000009);
	assert_int_equal(LR[2], 0x5080000000000003);
	assert_false(maint);
}

static void test_foreign_lrs(void **state)
{
	bool maint;

	(void)state;
	reset();
	LR[2] = 0x5000000000000063; /* valid, not the queue's: left alone */
	for (uint32_t sgi = 0; sgi < 4; sgi++)
		assert_true(vgic_queue_inject(&Q, sgi, false, 0, 0x80));
	assert_int_equal(fill(&maint), 0xb);
	assert_int_equal(LR[0], 0x5080000000000000);
	assert_int_equal(LR[1], 0x5080000000000001);
	assert_int_equal(LR[2], 0x5000000000000063);
	assert_int_equal(LR[3], 0x5080000000000002);
	assert_true(maint);
	/* someone else rewrote LR 1 with another interrupt and zeroed LR 3 (a completion would
	 * have kept vINTID 2): SGIs 1 and 2 are delivered again, by INTID */
	LR[1] = 0x5000000000000064;
	LR[3] = 0;
	assert_int_equal(fill(&maint), 0x8);
	assert_int_equal(LR[0], 0x5080000000000000);
	assert_int_equal(LR[1], 0x5000000000000064);
	assert_int_equal(LR[3], 0x5080000000000001);
	assert_true(maint);
	assert_int_equal(vgic_queue_waiting(&Q), 2);
	assert_non_null(vgic_queue_find(&Q, 2));
	assert_non_null(vgic_queue_find(&Q, 3));
}

static void test_limits(void **state)
{
	bool maint;
	uint64_t in[VGIC_MAX_LRS + 4] = { 0 }, out[VGIC_MAX_LRS + 4];

	(void)state;
	reset();
	for (uint32_t i = 0; i < VGIC_QUEUE_MAX; i++)
		assert_true(vgic_queue_inject(&Q, 32 + i, false, 0, 0xa0));
	assert_false(vgic_queue_inject(&Q, 32 + VGIC_QUEUE_MAX, false, 0, 0xa0));
	assert_false(vgic_queue_set_level(&Q, 32 + VGIC_QUEUE_MAX, 0xa0, true));
	assert_true(vgic_queue_inject(&Q, 32, false, 0, 0x80)); /* known: merges */
	assert_int_equal(Q.stats.dropped, 2);
	/* more LRs than the architecture has: clamped to 16 */
	out[VGIC_MAX_LRS] = 0x1234;
	assert_int_equal(vgic_queue_fill(&Q, in, VGIC_MAX_LRS + 4, out, &maint), 0xffff);
	assert_int_equal(out[VGIC_MAX_LRS], 0x1234);
	assert_int_equal(out[0], 0x5080000000000020);
	assert_int_equal(out[15], 0x50a000000000002f);
	assert_true(maint);
	assert_int_equal(vgic_queue_waiting(&Q), VGIC_QUEUE_MAX - 16);
	/* special INTIDs are refused */
	reset();
	assert_false(vgic_queue_inject(&Q, 1020, false, 0, 0));
	assert_false(vgic_queue_inject(&Q, 1023, true, 40, 0));
	assert_false(vgic_queue_set_level(&Q, 1021, 0, true));
	assert_int_equal(Q.stats.dropped, 3);
	assert_true(vgic_queue_inject(&Q, 1019, false, 0, 0));
	/* a single LR: overflow waits for the next exit, no UIE (it would fire forever) */
	reset();
	assert_true(vgic_queue_inject(&Q, 1, false, 0, 0));
	assert_true(vgic_queue_inject(&Q, 2, false, 0, 0));
	assert_int_equal(vgic_queue_fill(&Q, in, 1, out, &maint), 0x1);
	assert_false(maint);
	assert_int_equal(out[0], 0x5000000000000001);
	assert_int_equal(vgic_queue_waiting(&Q), 1);
}

/* ---- The exit path's fill: ELRSR, reads of only the LRs it names, the shadow ---------- */

/* ICH_ELRSR_EL2 as the hardware computes it (IHI 0069, ICH_ELRSR_EL2): LR n is empty when its
 * State is 00 and it is not waiting for an EOI maintenance interrupt (HW = 1 or EOI = 0). */
static uint32_t elrsr(void)
{
	uint32_t e = 0;

	for (unsigned n = 0; n < N_LRS; n++) {
		bool invalid = (LR[n] >> 62) == 0;
		bool hw = (LR[n] >> 61) & 1;
		bool eoi = (LR[n] >> 41) & 1;

		if (invalid && (hw || !eoi))
			e |= 1u << n;
	}
	return e;
}

static uint32_t lean_reads; /* the LRs the last lean fill read */

/* What the arch does on every return to the guest: read only what the queue asks for, write
 * only what changed. */
static uint32_t lean_fill(bool *maint)
{
	uint64_t lrs[VGIC_MAX_LRS];
	uint32_t empty = elrsr(), changed;

	for (unsigned n = 0; n < VGIC_MAX_LRS; n++)
		lrs[n] = 0xdeadbeefdeadbeef; /* an LR not read must not be used */
	lean_reads = vgic_queue_lrs_to_read(&Q, N_LRS, empty);
	for (unsigned n = 0; n < N_LRS; n++)
		if (lean_reads & (1u << n))
			lrs[n] = LR[n];
	changed = vgic_queue_fill_lrs(&Q, N_LRS, empty, lean_reads, lrs, maint);
	for (unsigned n = 0; n < N_LRS; n++)
		if (changed & (1u << n))
			LR[n] = lrs[n];
	check_lr_bookkeeping();
	return changed;
}

static void test_lean_idle(void **state)
{
	bool maint = true;

	(void)state;
	reset();
	assert_true(vgic_queue_idle(&Q));
	assert_int_equal(vgic_queue_lrs_to_read(&Q, N_LRS, 0xf), 0);
	assert_int_equal(lean_fill(&maint), 0);
	assert_false(maint);
	assert_true(vgic_queue_idle(&Q));
}

/* The virtual timer, forwarded again and again: no LR is ever read, one written per interrupt. */
static void test_lean_timer_cycle(void **state)
{
	bool maint;

	(void)state;
	reset();
	for (int round = 0; round < 3; round++) {
		assert_true(vgic_queue_inject(&Q, 27, true, 27, 0xa0));
		assert_false(vgic_queue_idle(&Q));
		assert_int_equal(lean_fill(&maint), 0x1);
		assert_int_equal(lean_reads, 0);
		/* pending, HW, Group 1, priority 0xa0, pINTID 27 at [44:32], vINTID 27 */
		assert_int_equal(LR[0], 0x70a0001b0000001b);
		assert_false(maint);
		/* an exit while the guest handles it: nothing read, nothing written */
		ack(0);
		assert_int_equal(lean_fill(&maint), 0);
		assert_int_equal(lean_reads, 0);
		assert_int_equal(LR[0], 0xb0a0001b0000001b);
		/* the guest's EOI deactivates it (ELRSR: empty) */
		eoi(0);
		assert_int_equal(LR[0], 0x30a0001b0000001b);
		if (round == 1) {
			/* the next one arrives before the vCPU exits: the same LR, one write */
			continue;
		}
		assert_int_equal(lean_fill(&maint), 0x1);
		assert_int_equal(lean_reads, 0);
		assert_int_equal(LR[0], 0);
		assert_true(vgic_queue_idle(&Q));
		assert_null(vgic_queue_find(&Q, 27));
	}
}

/* LPIs (INTID 8192 and up, edge, not hardware) go through the same queue. */
static void test_lean_lpis(void **state)
{
	bool maint;

	(void)state;
	reset();
	assert_true(vgic_queue_inject(&Q, 8192, false, 0, 0xa0));
	assert_true(vgic_queue_inject(&Q, 65535, false, 0, 0x80));
	assert_true(vgic_queue_inject(&Q, 40000, false, 0, 0xa0));
	assert_int_equal(vgic_queue_waiting(&Q), 3);
	assert_int_equal(lean_fill(&maint), 0x7);
	assert_int_equal(LR[0], 0x508000000000ffff); /* pending, Group 1, priority 0x80, vINTID 65535 */
	assert_int_equal(LR[1], 0x50a0000000002000); /* vINTID 8192 */
	assert_int_equal(LR[2], 0x50a0000000009c40); /* vINTID 40000 */
	/* the guest takes two; pending LRs stay where they are while nothing waits: no read */
	ack(0);
	ack(2);
	assert_int_equal(lean_fill(&maint), 0);
	assert_int_equal(lean_reads, 0);
	/* the same LPI again while active: its LR (only) is read, and becomes pending and active */
	assert_true(vgic_queue_inject(&Q, 40000, false, 0, 0xa0));
	assert_int_equal(lean_fill(&maint), 0x4);
	assert_int_equal(lean_reads, 0x4);
	assert_int_equal(LR[2], 0xd0a0000000009c40);
	/* completions come from ELRSR: no read */
	eoi(0);
	eoi(2);
	eoi(2);
	assert_int_equal(lean_fill(&maint), 0x5);
	assert_int_equal(lean_reads, 0);
	assert_int_equal(LR[0], 0);
	assert_int_equal(LR[2], 0);
	assert_null(vgic_queue_find(&Q, 65535));
	assert_null(vgic_queue_find(&Q, 40000));
	assert_non_null(vgic_queue_find(&Q, 8192));
	/* 8192 is still pending in LR 1: something new waiting makes every valid LR be read */
	assert_true(vgic_queue_inject(&Q, 8193, false, 0, 0x10));
	assert_int_equal(vgic_queue_lrs_to_read(&Q, N_LRS, elrsr()), 0x2);
	assert_int_equal(lean_fill(&maint), 0x1);
	assert_int_equal(LR[0], 0x5010000000002001);
	assert_int_equal(LR[1], 0x50a0000000002000); /* taken back, placed again: unchanged, not written */
}

/* A level interrupt's completion keeps the EOI bit: ELRSR does not call the LR empty, so the
 * queue reads it on every fill while it is live. */
static void test_lean_level_eoi(void **state)
{
	bool maint;

	(void)state;
	reset();
	assert_true(vgic_queue_set_level(&Q, 33, 0xa0, true));
	assert_int_equal(lean_fill(&maint), 0x1);
	assert_int_equal(LR[0], 0x50a0020000000021); /* pending, Group 1, EOI [41], vINTID 33 */
	ack(0);
	assert_int_equal(lean_fill(&maint), 0);
	assert_int_equal(lean_reads, 0x1);
	eoi(0);
	assert_int_equal(elrsr() & 0x1, 0);
	assert_int_equal(lean_fill(&maint), 0x1);
	assert_int_equal(lean_reads, 0x1);
	assert_int_equal(LR[0], 0x50a0020000000021); /* line still high: pending again */
	assert_int_equal(Q.stats.reinjected, 1);
	ack(0);
	assert_true(vgic_queue_set_level(&Q, 33, 0xa0, false));
	eoi(0);
	assert_int_equal(lean_fill(&maint), 0x1);
	assert_int_equal(LR[0], 0); /* cleared: no EOI bit left to keep MISR.EOI set */
	assert_true(vgic_queue_idle(&Q));
}

/* Overflow with the lean fill: the LRs the guest emptied are refilled from the shadow alone. */
static void test_lean_overflow(void **state)
{
	bool maint;

	(void)state;
	reset();
	for (uint32_t i = 0; i < 6; i++)
		assert_true(vgic_queue_inject(&Q, 32 + i, true, 32 + i, 0x80));
	assert_int_equal(lean_fill(&maint), 0xf);
	assert_true(maint);
	for (unsigned n = 0; n < N_LRS; n++) {
		assert_int_equal(LR[n], 0x7080000000000000 | ((uint64_t)(32 + n) << 32) | (32 + n));
		ack(n);
	}
	eoi(1);
	eoi(3);
	assert_int_equal(lean_fill(&maint), 0xa);
	assert_int_equal(lean_reads, 0x5); /* something waits: the valid ones are read */
	assert_int_equal(LR[1], 0x7080002400000024);
	assert_int_equal(LR[3], 0x7080002500000025);
	assert_false(maint);
	assert_int_equal(vgic_queue_waiting(&Q), 0);
}

static void test_sgi_targets(void **state)
{
	(void)state;
	assert_int_equal(ICC_SGI1R_IRM, 0x0000010000000000);
	assert_int_equal(ICC_SGI1R_RS, 0x0000f00000000000);
	/* TargetList 0b0110, INTID 3 */
	assert_int_equal(vgic_sgi_targets(0x03000006, 4, 0), 0x6);
	assert_int_equal(vgic_sgi_intid(0x03000006), 3);
	assert_int_equal(vgic_sgi_intid(0x0f000000), 15);
	/* to itself */
	assert_int_equal(vgic_sgi_targets(0x00000001, 4, 0), 0x1);
	/* IRM: everyone but the sender */
	assert_int_equal(vgic_sgi_targets(0x0000010000000000, 4, 1), 0xd);
	assert_int_equal(vgic_sgi_targets(0x0000010000ffffff, 1, 0), 0x0);
	assert_int_equal(vgic_sgi_targets(0x0000010000000000, 8, 7), 0x7f);
	/* TargetList beyond the partition's vCPUs */
	assert_int_equal(vgic_sgi_targets(0x000000ff, 2, 0), 0x3);
	/* Aff1, Aff2, Aff3 name other clusters: no vCPU */
	assert_int_equal(vgic_sgi_targets(0x00010001, 4, 0), 0);
	assert_int_equal(vgic_sgi_targets(0x0000000100000001, 4, 0), 0);
	assert_int_equal(vgic_sgi_targets(0x0001000000000001, 4, 0), 0);
	/* RS = 1: Aff0 16..31 */
	assert_int_equal(vgic_sgi_targets(0x0000100000000001, 4, 0), 0);
	assert_int_equal(vgic_sgi_targets(0x0000100000000005, 32, 0), 0x00050000);
	assert_int_equal(vgic_sgi_targets(0x0000200000000001, 32, 0), 0);
	assert_int_equal(vgic_sgi_targets(0x00000001, 0, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_single_sgi),
		cmocka_unit_test(test_priority_order_and_overflow),
		cmocka_unit_test(test_level_reinjection),
		cmocka_unit_test(test_level_withdrawn_before_ack),
		cmocka_unit_test(test_edge_while_active),
		cmocka_unit_test(test_retract),
		cmocka_unit_test(test_move_waiting_lpis),
		cmocka_unit_test(test_hardware_duplicate),
		cmocka_unit_test(test_preemption_by_priority),
		cmocka_unit_test(test_foreign_lrs),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_lean_idle),
		cmocka_unit_test(test_lean_timer_cycle),
		cmocka_unit_test(test_lean_lpis),
		cmocka_unit_test(test_lean_level_eoi),
		cmocka_unit_test(test_lean_overflow),
		cmocka_unit_test(test_sgi_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
