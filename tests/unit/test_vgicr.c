/* The emulated redistributors. Offsets and fields by hand from the GICv3 architecture
 * specification (IHI 0069, "The GIC Redistributor register map"):
 *
 *   RD_base:  0x0000 CTLR, 0x0004 IIDR, 0x0008 TYPER (64-bit: [4] Last, [23:8]
 *             Processor_Number, [63:32] Affinity_Value), 0x0014 WAKER ([1] ProcessorSleep,
 *             [2] ChildrenAsleep), 0x0070 PROPBASER, 0x0078 PENDBASER, 0xffe8 PIDR2
 *   SGI_base (+0x10000): 0x0080 IGROUPR0, 0x0100 ISENABLER0, 0x0180 ICENABLER0, 0x0200
 *             ISPENDR0, 0x0280 ICPENDR0, 0x0300 ISACTIVER0, 0x0380 ICACTIVER0, 0x0400-0x041f
 *             IPRIORITYR0-7, 0x0c00 ICFGR0, 0x0c04 ICFGR1, 0x0d00 IGRPMODR0, 0x0e00 NSACR
 *
 * Frames are 128 KiB apart (GICv3). The partition has 2 vCPUs; PPI 27 (virtual timer) is backed
 * by the physical PPI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vdev/vgicr.h"

#define MAX_FX 128

struct rec {
	struct vgic_effect fx[MAX_FX];
	unsigned n;
	uint32_t hw_pending;
	unsigned last_vcpu;
	uint32_t last_base;
};

static void record(void *ctx, const struct vgic_effect *fx)
{
	struct rec *r = ctx;

	assert_true(r->n < MAX_FX);
	r->fx[r->n++] = *fx;
}

static uint32_t fake_hw_state(void *ctx, unsigned vcpu, bool active, uint32_t base)
{
	struct rec *r = ctx;

	r->last_vcpu = vcpu;
	r->last_base = base;
	return active ? 0 : r->hw_pending;
}

static struct rec R;
static struct vgicd D;
static struct vgicr G[2];

static void setup(void)
{
	struct vgic_ops ops = { .effect = record, .hw_state = fake_hw_state, .ctx = &R };

	memset(&R, 0, sizeof(R));
	assert_true(vgicd_init(&D, 2, 5, &ops));
	assert_true(vgicr_init(&G[0], &D, 0));
	assert_true(vgicr_init(&G[1], &D, 1));
	assert_true(vgicr_set_hw_ppi(&G[0], 27, false));
	assert_true(vgicr_set_hw_ppi(&G[1], 27, false));
	R.n = 0;
}

static uint64_t rd(unsigned v, uint64_t off, unsigned size)
{
	uint64_t val = 0xdeadbeef;

	assert_true(vgicr_access(&G[v], off, size, false, &val));
	return val;
}

static void wr(unsigned v, uint64_t off, unsigned size, uint64_t val)
{
	assert_true(vgicr_access(&G[v], off, size, true, &val));
}

static void expect_fx(unsigned k, enum vgic_fx_kind kind, uint32_t intid, unsigned vcpu, uint8_t prio, bool enable)
{
	assert_true(k < R.n);
	assert_int_equal(R.fx[k].kind, kind);
	assert_int_equal(R.fx[k].intid, intid);
	assert_int_equal(R.fx[k].vcpu, vcpu);
	assert_int_equal(R.fx[k].priority, prio);
	assert_int_equal(R.fx[k].enable, enable);
}

static void test_offsets(void **state)
{
	(void)state;
	assert_int_equal(GICR_ISENABLER0, 0x10100);
	assert_int_equal(GICR_IPRIORITYR(27), 0x1041b);
	assert_int_equal(GICR_ICFGR1, 0x10c04);
	assert_int_equal(GICR_STRIDE_V3, 0x20000);
}

static void test_init(void **state)
{
	struct vgic_ops ops = { .effect = record, .ctx = &R };
	struct vgicr r;

	(void)state;
	memset(&R, 0, sizeof(R));
	assert_true(vgicd_init(&D, 2, 5, &ops));
	assert_false(vgicr_init(&r, &D, 2));
	assert_false(vgicr_init(&r, NULL, 0));
	assert_true(vgicr_init(&r, &D, 1));
	assert_int_equal(R.n, 0); /* nothing hardware-backed yet */
	assert_false(vgicr_set_hw_ppi(&r, 15, false));
	assert_false(vgicr_set_hw_ppi(&r, 32, false));
	assert_true(vgicr_set_hw_ppi(&r, 27, false));
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_HW_SYNC, 27, 1, 0, false);
	assert_false(R.fx[0].edge);
	R.n = 0;
	vgicr_resync(&r);
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_HW_SYNC, 27, 1, 0, false);
}

static void test_typer_and_ids(void **state)
{
	(void)state;
	setup();
	/* vCPU 0: Affinity 0.0.0.0, Processor_Number 0 */
	assert_int_equal(rd(0, GICR_TYPER, 8), 0x0000000000000000);
	/* vCPU 1: Affinity 0.0.0.1 ([32]), Processor_Number 1 ([8]), Last ([4]) */
	assert_int_equal(rd(1, GICR_TYPER, 8), 0x0000000100000110);
	assert_int_equal(vgicr_typer(&G[1]), 0x0000000100000110);
	assert_int_equal(rd(1, GICR_TYPER, 4), 0x00000110);
	assert_int_equal(rd(1, GICR_TYPER + 4, 4), 0x00000001);
	assert_int_equal(rd(0, GICR_IIDR, 4), 0x4200043b);
	assert_int_equal(rd(0, GICR_PIDR2, 4), 0x3b);
	assert_int_equal(rd(1, GICR_PIDR2, 4) & 0xf0, 0x30); /* Linux's "is a GICv3 redistributor" */
	assert_int_equal(rd(0, 0xffd0, 4), 0);
	assert_int_equal(rd(0, GICR_CTLR, 4), 0); /* no LPIs, RWP and UWP never set */
	wr(0, GICR_CTLR, 4, 0xffffffff);
	assert_int_equal(rd(0, GICR_CTLR, 4), 0);
	assert_int_equal(rd(0, GICR_STATUSR, 4), 0);
	assert_int_equal(rd(0, GICR_PROPBASER, 8), 0);
	wr(0, GICR_PENDBASER, 8, 0x4000000040000000);
	assert_int_equal(rd(0, GICR_PENDBASER, 8), 0);
	assert_int_equal(rd(0, GICR_PENDBASER + 4, 4), 0);
	/* read-only */
	wr(1, GICR_TYPER, 8, 0);
	wr(1, GICR_IIDR, 4, 0);
	assert_int_equal(rd(1, GICR_TYPER, 8), 0x0000000100000110);
	assert_int_equal(G[0].stats.reserved, 0);
	assert_int_equal(G[0].stats.invalid, 0);

	/* a single-vCPU partition: vCPU 0 is the last */
	{
		struct vgicd d1;
		struct vgicr r1;

		assert_true(vgicd_init(&d1, 1, 5, NULL));
		assert_true(vgicr_init(&r1, &d1, 0));
		assert_int_equal(vgicr_typer(&r1), 0x10);
	}
}

static void test_waker(void **state)
{
	unsigned polls = 0;

	(void)state;
	setup();
	/* out of reset: ProcessorSleep and ChildrenAsleep */
	assert_int_equal(rd(0, GICR_WAKER, 4), 0x6);
	/* Linux's gic_enable_redist(true): clear ProcessorSleep, wait for ChildrenAsleep == 0 */
	wr(0, GICR_WAKER, 4, rd(0, GICR_WAKER, 4) & ~GICR_WAKER_PROCESSOR_SLEEP);
	while (rd(0, GICR_WAKER, 4) & GICR_WAKER_CHILDREN_ASLEEP)
		polls++;
	assert_int_equal(polls, 0);
	assert_int_equal(rd(0, GICR_WAKER, 4), 0);
	assert_int_equal(rd(1, GICR_WAKER, 4), 0x6); /* the other vCPU's is separate */
	/* going to sleep: ChildrenAsleep follows at once; bits 0 and 31 are RAZ/WI */
	wr(0, GICR_WAKER, 4, 0x80000003);
	assert_int_equal(rd(0, GICR_WAKER, 4), 0x6);
	wr(0, GICR_WAKER, 4, GICR_WAKER_CHILDREN_ASLEEP);
	assert_int_equal(rd(0, GICR_WAKER, 4), 0);
}

static void test_bad_and_reserved(void **state)
{
	uint64_t v = 7;

	(void)state;
	setup();
	assert_false(vgicr_access(&G[0], 0x20000, 4, false, &v));
	assert_int_equal(v, 0);
	assert_false(vgicr_access(&G[0], GICR_WAKER, 8, false, &v));
	assert_false(vgicr_access(&G[0], GICR_WAKER, 2, false, &v));
	assert_false(vgicr_access(&G[0], GICR_WAKER, 1, false, &v));
	assert_false(vgicr_access(&G[0], GICR_TYPER + 4, 8, false, &v));
	assert_false(vgicr_access(&G[0], GICR_ISENABLER0, 1, true, &v));
	assert_false(vgicr_access(&G[0], GICR_ISENABLER0 + 2, 4, true, &v));
	assert_false(vgicr_access(&G[0], GICR_IPRIORITYR(2), 2, false, &v));
	assert_int_equal(G[0].stats.invalid, 8);
	assert_true(vgicr_access(&G[0], GICR_IPRIORITYR(3), 1, false, &v));
	/* reserved offsets are RAZ/WI and counted: SETLPIR, INVALLR, RD_base 0x100, the SGI
	 * frame's ID space, extended PPI registers */
	assert_int_equal(rd(0, 0x0040, 8), 0);
	assert_int_equal(rd(0, 0x00b0, 4), 0);
	assert_int_equal(rd(0, 0x0100, 4), 0);
	assert_int_equal(rd(0, GICR_SGI_BASE + 0xffe8, 4), 0);
	wr(0, GICR_SGI_BASE + 0x0104, 4, 0xffffffff); /* ISENABLER1E */
	assert_int_equal(G[0].stats.reserved, 5);
	/* implemented RAZ/WI: not counted */
	wr(0, GICR_IGRPMODR0, 4, 0xffffffff);
	assert_int_equal(rd(0, GICR_IGRPMODR0, 4), 0);
	wr(0, GICR_NSACR, 4, 0xffffffff);
	assert_int_equal(rd(0, GICR_NSACR, 4), 0);
	assert_int_equal(G[0].stats.reserved, 5);
	assert_int_equal(R.n, 0);
}

static void test_locate(void **state)
{
	unsigned vcpu = 99;
	uint64_t off = 99;

	(void)state;
	assert_true(vgicr_locate(0x0, 2, &vcpu, &off));
	assert_int_equal(vcpu, 0);
	assert_int_equal(off, 0);
	assert_true(vgicr_locate(0x1ffff, 2, &vcpu, &off));
	assert_int_equal(vcpu, 0);
	assert_int_equal(off, 0x1ffff);
	assert_true(vgicr_locate(0x20000 + 0x10100, 2, &vcpu, &off));
	assert_int_equal(vcpu, 1);
	assert_int_equal(off, 0x10100);
	assert_false(vgicr_locate(0x40000, 2, &vcpu, &off));
	assert_true(vgicr_locate(7 * 0x20000 + 8, 8, &vcpu, &off));
	assert_int_equal(vcpu, 7);
	assert_int_equal(off, 8);
	assert_false(vgicr_locate(0x100000, 8, &vcpu, &off));
}

static void test_config_registers(void **state)
{
	(void)state;
	setup();
	assert_int_equal(rd(0, GICR_IGROUPR0, 4), 0xffffffff); /* RAO: Group 1 */
	wr(0, GICR_IGROUPR0, 4, 0);
	assert_int_equal(rd(0, GICR_IGROUPR0, 4), 0xffffffff);
	/* SGIs are edge: ICFGR0 = 0b10 x 16, WI */
	assert_int_equal(rd(0, GICR_ICFGR0, 4), 0xaaaaaaaa);
	wr(0, GICR_ICFGR0, 4, 0);
	assert_int_equal(rd(0, GICR_ICFGR0, 4), 0xaaaaaaaa);
	/* PPIs: level; PPI 20 (field 4, bit 9) can become edge; PPI 27 (field 11, bit 23) is
	 * hardware-backed and keeps its trigger */
	assert_int_equal(rd(0, GICR_ICFGR1, 4), 0);
	wr(0, GICR_ICFGR1, 4, 0x00800200);
	assert_int_equal(rd(0, GICR_ICFGR1, 4), 0x00000200);
	assert_int_equal(G[0].stats.refused, 1);
	assert_int_equal(rd(1, GICR_ICFGR1, 4), 0);
	/* priorities: byte and word, 5 bits */
	wr(0, GICR_IPRIORITYR(27), 1, 0xff);
	assert_int_equal(rd(0, GICR_IPRIORITYR(27), 1), 0xf8);
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_HW_SYNC, 27, 0, 0xf8, false);
	wr(0, GICR_IPRIORITYR(24), 4, 0x0f1f2f3f);
	assert_int_equal(rd(0, GICR_IPRIORITYR(24), 4), 0x08182838);
	expect_fx(1, VGIC_FX_HW_SYNC, 27, 0, 0x08, false);
	assert_int_equal(rd(0, GICR_IPRIORITYR(0), 4), 0);
	assert_int_equal(rd(1, GICR_IPRIORITYR(24), 4), 0);
	assert_int_equal(R.n, 2);
}

static void test_enable_hw_ppi(void **state)
{
	(void)state;
	setup();
	/* enabling PPI 27 on vCPU 1 before the distributor is on: the physical PPI stays off */
	wr(1, GICR_ISENABLER0, 4, 1u << 27);
	assert_int_equal(rd(1, GICR_ISENABLER0, 4), 0x08000000);
	assert_int_equal(rd(1, GICR_ICENABLER0, 4), 0x08000000);
	assert_int_equal(rd(0, GICR_ISENABLER0, 4), 0);
	assert_int_equal(R.n, 0);
	/* GICD_CTLR.EnableGrp1 reaches the redistributors */
	{
		uint64_t v = GICD_CTLR_ENABLE_G1NS;

		assert_true(vgicd_access(&D, GICD_CTLR, 4, true, &v));
	}
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_HW_SYNC, 27, 1, 0, true);
	wr(1, GICR_ICENABLER0, 4, 0xffffffff);
	assert_int_equal(rd(1, GICR_ISENABLER0, 4), 0);
	expect_fx(1, VGIC_FX_HW_SYNC, 27, 1, 0, false);
	/* pending/active writes go to vCPU 1's physical redistributor */
	wr(1, GICR_ISPENDR0, 4, 1u << 27);
	assert_int_equal(R.fx[2].kind, VGIC_FX_HW_SET_PENDING);
	assert_int_equal(R.fx[2].intid, 27);
	assert_int_equal(R.fx[2].vcpu, 1);
	wr(1, GICR_ICACTIVER0, 4, 1u << 27);
	assert_int_equal(R.fx[3].kind, VGIC_FX_HW_CLEAR_ACTIVE);
	assert_int_equal(R.fx[3].vcpu, 1);
	/* and reads come from there, masked to the hardware-backed PPI */
	R.hw_pending = 0xffffffff;
	assert_int_equal(rd(1, GICR_ISPENDR0, 4), 0x08000000);
	assert_int_equal(R.last_vcpu, 1);
	assert_int_equal(R.last_base, 0);
	assert_int_equal(R.n, 4);
}

static void test_sgi_delivery(void **state)
{
	struct vgic_irq_info info;
	uint64_t v;

	(void)state;
	setup();
	/* an SGI to a vCPU whose distributor and SGI are off: latched */
	assert_true(vgicr_sgi_raise(&G[1], 3));
	assert_int_equal(R.n, 0);
	assert_int_equal(rd(1, GICR_ISPENDR0, 4), 0x00000008);
	assert_true(vgicr_irq_info(&G[1], 3, &info));
	assert_true(info.pending && info.edge && !info.enabled && !info.deliverable);
	assert_int_equal(info.target, 1);
	wr(1, GICR_IPRIORITYR(3), 1, 0xa0);
	wr(1, GICR_ISENABLER0, 4, 0x0000ffff);
	assert_int_equal(R.n, 0);
	v = GICD_CTLR_ENABLE_G1NS;
	assert_true(vgicd_access(&D, GICD_CTLR, 4, true, &v));
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_SW_EDGE, 3, 1, 0xa0, false);
	assert_int_equal(rd(1, GICR_ISPENDR0, 4), 0);
	/* enabled now: straight through */
	assert_true(vgicr_sgi_raise(&G[1], 3));
	expect_fx(1, VGIC_FX_SW_EDGE, 3, 1, 0xa0, false);
	assert_true(vgicr_sgi_raise(&G[0], 0)); /* vCPU 0 has not enabled SGI 0 */
	assert_int_equal(R.n, 2);
	assert_false(vgicr_sgi_raise(&G[0], 16));
	/* ISPENDR0 by the guest (SGI 5 pending on itself), ICPENDR0 retracts */
	wr(1, GICR_ISPENDR0, 4, 1u << 5);
	expect_fx(2, VGIC_FX_SW_EDGE, 5, 1, 0, false);
	wr(1, GICR_ICPENDR0, 4, 1u << 5);
	assert_int_equal(R.fx[3].kind, VGIC_FX_SW_RETRACT);
	assert_int_equal(R.fx[3].intid, 5);
	assert_int_equal(R.fx[3].vcpu, 1);
	/* emulated PPI levels (a software PPI, 20); the hardware one takes none */
	assert_false(vgicr_ppi_set_line(&G[1], 27, true));
	assert_false(vgicr_ppi_set_line(&G[1], 3, true));
	assert_true(vgicr_ppi_set_line(&G[1], 20, true));
	assert_int_equal(R.n, 4);
	wr(1, GICR_ISENABLER0, 4, 1u << 20);
	expect_fx(4, VGIC_FX_SW_LEVEL, 20, 1, 0, true);
	assert_true(vgicr_ppi_set_line(&G[1], 20, false));
	expect_fx(5, VGIC_FX_SW_LEVEL, 20, 1, 0, false);
	assert_false(vgicr_irq_info(&G[1], 32, &info));
}

/* Linux's redistributor bring-up on each CPU (gic_populate_rdist, gic_enable_redist,
 * gic_cpu_config), done by vCPU 1: scan the frames for its own affinity, wake it, then reset
 * its SGIs/PPIs. */
static void test_linux_cpu_init(void **state)
{
	unsigned found = 99;
	uint64_t typer;

	(void)state;
	setup();
	for (unsigned v = 0; v < 2; v++) {
		uint64_t off, frame;
		unsigned which;

		off = (uint64_t)v * GICR_STRIDE_V3 + GICR_PIDR2;
		assert_true(vgicr_locate(off, 2, &which, &frame));
		assert_int_equal(rd(which, frame, 4) & 0xf0, 0x30);
		typer = rd(which, GICR_TYPER, 8);
		if (FIELD_GET(GICR_TYPER_AFF, typer) == 1) {
			found = which;
			break;
		}
		if (typer & GICR_TYPER_LAST)
			break;
	}
	assert_int_equal(found, 1);
	assert_true(typer & GICR_TYPER_LAST);
	wr(1, GICR_WAKER, 4, 0);
	assert_int_equal(rd(1, GICR_WAKER, 4) & GICR_WAKER_CHILDREN_ASLEEP, 0);
	wr(1, GICR_IGROUPR0, 4, 0xffffffff);
	wr(1, GICR_ICACTIVER0, 4, 0xffffffff);
	wr(1, GICR_ICENABLER0, 4, 0xffffffff);
	for (unsigned i = 0; i < 32; i += 4)
		wr(1, GICR_IPRIORITYR(i), 4, 0xa0a0a0a0);
	assert_int_equal(rd(1, GICR_IPRIORITYR(0), 4), 0xa0a0a0a0);
	assert_int_equal(rd(1, GICR_IPRIORITYR(28), 4), 0xa0a0a0a0);
	assert_int_equal(rd(1, GICR_ISENABLER0, 4), 0);
	/* the physical PPI was deactivated and got the priority; vCPU 0's is untouched */
	assert_int_equal(R.n, 2);
	assert_int_equal(R.fx[0].kind, VGIC_FX_HW_CLEAR_ACTIVE);
	assert_int_equal(R.fx[0].vcpu, 1);
	expect_fx(1, VGIC_FX_HW_SYNC, 27, 1, 0xa0, false);
	assert_int_equal(G[1].stats.reserved, 0);
	assert_int_equal(G[1].stats.invalid, 0);
}

static void test_reset(void **state)
{
	uint64_t v = GICD_CTLR_ENABLE_G1NS;

	(void)state;
	setup();
	assert_true(vgicd_access(&D, GICD_CTLR, 4, true, &v));
	wr(0, GICR_WAKER, 4, 0);
	wr(0, GICR_ISENABLER0, 4, 0x08000001);
	wr(0, GICR_IPRIORITYR(27), 1, 0x80);
	wr(0, GICR_ICFGR1, 4, 0x200);
	R.n = 0;
	vgicr_reset(&G[0]);
	assert_int_equal(rd(0, GICR_WAKER, 4), 0x6);
	assert_int_equal(rd(0, GICR_ISENABLER0, 4), 0);
	assert_int_equal(rd(0, GICR_IPRIORITYR(27), 1), 0);
	assert_int_equal(rd(0, GICR_ICFGR1, 4), 0);
	assert_int_equal(rd(0, GICR_ICFGR0, 4), 0xaaaaaaaa);
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_HW_SYNC, 27, 0, 0, false);
}

/* LPIs (IHI 0069): without them GICR_CTLR/PROPBASER/PENDBASER read 0 and PLPIS (TYPER bit 0) is
 * clear; with 16 INTID bits PLPIS is set, GICD_TYPER shows LPIS (bit 17) and IDbits 15 ([23:19]),
 * PROPBASER takes 32-bit halves, EnableLPIs (GICR_CTLR bit 0) sticks and freezes PROPBASER. */
static void test_lpis(void **state)
{
	(void)state;
	setup();
	assert_int_equal(rd(0, GICR_TYPER, 4) & 1, 0);
	wr(0, GICR_PROPBASER, 8, 0x40001000 | 15);
	assert_int_equal(rd(0, GICR_PROPBASER, 8), 0);
	assert_int_equal(vgicd_typer(&D) & 0x00fe0000, (10 - 1) << 19);

	assert_true(vgicr_enable_lpis(&G[0], 16));
	D.lpi_id_bits = 16;
	assert_int_equal(rd(0, GICR_TYPER, 4) & 1, 1);
	assert_int_equal(rd(1, GICR_TYPER, 4) & 1, 0);
	assert_int_equal(vgicd_typer(&D) & 0x00fe0000, 0x00780000 | 0x00020000);
	wr(0, GICR_PROPBASER, 4, 0x40001000 | 15);
	wr(0, GICR_PROPBASER + 4, 4, 0x1);
	assert_int_equal(rd(0, GICR_PROPBASER, 8), 0x140001000 | 15);
	assert_int_equal(rd(0, GICR_PROPBASER + 4, 4), 0x1);
	wr(0, GICR_PENDBASER, 8, 0x40010000);
	assert_int_equal(rd(0, GICR_PENDBASER, 8), 0x40010000);
	wr(0, GICR_CTLR, 4, 1);
	assert_int_equal(rd(0, GICR_CTLR, 4) & 1, 1);
	wr(0, GICR_PROPBASER, 8, 0x50001000 | 15); /* frozen */
	assert_int_equal(rd(0, GICR_PROPBASER, 8), 0x140001000 | 15);
	vgicr_reset(&G[0]);
	assert_int_equal(rd(0, GICR_CTLR, 4) & 1, 0);
	assert_int_equal(rd(0, GICR_PROPBASER, 8), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_typer_and_ids),
		cmocka_unit_test(test_waker),
		cmocka_unit_test(test_bad_and_reserved),
		cmocka_unit_test(test_locate),
		cmocka_unit_test(test_config_registers),
		cmocka_unit_test(test_enable_hw_ppi),
		cmocka_unit_test(test_sgi_delivery),
		cmocka_unit_test(test_linux_cpu_init),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_lpis),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
