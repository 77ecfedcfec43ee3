/* The emulated distributor. Register offsets and fields are written out by hand from the GICv3
 * architecture specification (IHI 0069, "The GIC Distributor register map"):
 *
 *   0x0000 CTLR (DS = 1: [0] EnableGrp0, [1] EnableGrp1, [4] ARE, [6] DS, [31] RWP)
 *   0x0004 TYPER ([4:0] ITLinesNumber, [23:19] IDbits, [25] No1N), 0x0008 IIDR
 *   0x0080 IGROUPR, 0x0100 ISENABLER, 0x0180 ICENABLER, 0x0200 ISPENDR, 0x0280 ICPENDR,
 *   0x0300 ISACTIVER, 0x0380 ICACTIVER (bit per INTID, n = INTID / 32)
 *   0x0400 IPRIORITYR (byte per INTID), 0x0800 ITARGETSR, 0x0c00 ICFGR (2 bits per INTID,
 *   [2k+1] = edge), 0x6000 IROUTER (8 bytes per INTID: Aff0 [7:0], Aff1 [15:8], Aff2 [23:16],
 *   IRM [31], Aff3 [39:32]), 0xffe8 PIDR2 ([7:4] ArchRev).
 *
 * The partition here has 2 vCPUs, 5 priority bits, and owns SPI 33 (emulated, level: the
 * virtual UART), SPI 40 (passthrough, level) and SPI 79 (passthrough, edge). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vdev/vgicd.h"
#include "core/vdev/vgicr.h"

#define MAX_FX 256

struct rec {
	struct vgic_effect fx[MAX_FX];
	unsigned n;
	uint32_t hw_pending, hw_active; /* what the fake physical GIC reports */
	unsigned hw_state_calls, last_vcpu;
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

	r->hw_state_calls++;
	r->last_vcpu = vcpu;
	r->last_base = base;
	return active ? r->hw_active : r->hw_pending;
}

static struct rec R;
static struct vgicd D;

static void setup_dist(void)
{
	struct vgic_ops ops = { .effect = record, .hw_state = fake_hw_state, .ctx = &R };

	memset(&R, 0, sizeof(R));
	assert_true(vgicd_init(&D, 2, 5, &ops));
	assert_true(vgicd_add_spi(&D, 33, false, false));
	assert_true(vgicd_add_spi(&D, 40, true, false));
	assert_true(vgicd_add_spi(&D, 79, true, true));
	R.n = 0; /* adding reported the initial HW_SYNCs; tests start from here */
}

static uint64_t rd(uint64_t off, unsigned size)
{
	uint64_t v = 0xdeadbeef;

	assert_true(vgicd_access(&D, off, size, false, &v));
	return v;
}

static void wr(uint64_t off, unsigned size, uint64_t v)
{
	assert_true(vgicd_access(&D, off, size, true, &v));
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

static void test_init_reports_hw(void **state)
{
	struct vgic_ops ops = { .effect = record, .ctx = &R };

	(void)state;
	memset(&R, 0, sizeof(R));
	assert_true(vgicd_init(&D, 2, 5, &ops));
	assert_true(vgicd_add_spi(&D, 40, true, false));
	assert_true(vgicd_add_spi(&D, 79, true, true));
	assert_true(vgicd_add_spi(&D, 33, false, false));
	/* each passthrough SPI: physical line disabled, priority 0, routed to vCPU 0 */
	assert_int_equal(R.n, 2);
	expect_fx(0, VGIC_FX_HW_SYNC, 40, 0, 0, false);
	assert_false(R.fx[0].edge);
	expect_fx(1, VGIC_FX_HW_SYNC, 79, 0, 0, false);
	assert_true(R.fx[1].edge);
	R.n = 0;
	vgicd_resync(&D);
	assert_int_equal(R.n, 2);
	expect_fx(0, VGIC_FX_HW_SYNC, 40, 0, 0, false);
	expect_fx(1, VGIC_FX_HW_SYNC, 79, 0, 0, false);
}

static void test_init_refusals(void **state)
{
	(void)state;
	assert_false(vgicd_init(&D, 0, 5, NULL));
	assert_false(vgicd_init(&D, VGIC_MAX_VCPUS + 1, 5, NULL));
	assert_false(vgicd_init(&D, 1, 0, NULL));
	assert_false(vgicd_init(&D, 1, 9, NULL));
	assert_true(vgicd_init(&D, 1, 8, NULL));
	assert_false(vgicd_add_spi(&D, 31, false, false));
	assert_false(vgicd_add_spi(&D, VGICD_MAX_INTIDS, false, false));
	assert_false(vgicd_add_spi(&D, 1020, true, false));
	assert_false(vgicd_add_spi(&D, 1023, true, false));
	assert_true(vgicd_add_spi(&D, VGICD_MAX_INTIDS - 1, false, false));
	/* 1019 / 32 = 31 -> INTIDs up to 1023: GICv3's whole SPI range (1020-1023 special) */
	assert_int_equal(vgicd_typer(&D) & 0x1f, 31);
}

/* SPI 977 (TI J7200's highest), near the top of the range: routed and made pending through the
 * last bank's registers like any other. */
static void test_spi_in_last_bank(void **state)
{
	(void)state;
	assert_true(vgicd_init(&D, 2, 5, NULL));
	assert_true(vgicd_add_spi(&D, 977, false, false));
	/* GICD_ISENABLER30 holds INTIDs 960-991: bit 17 is 977. */
	wr(0x100 + 30 * 4, 4, 1u << 17);
	assert_int_equal(rd(0x100 + 30 * 4, 4), 1u << 17);
	/* GICD_IROUTER<977>: vCPU 1 (Aff0 1). */
	wr(GICD_IROUTER + 8 * 977, 8, 1);
	assert_int_equal(rd(GICD_IROUTER + 8 * 977, 8), 1);
	/* 1019 is not owned: an enable write to it is dropped and reads as zero. */
	wr(0x100 + 31 * 4, 4, 1u << 27);
	assert_int_equal(rd(0x100 + 31 * 4, 4), 0);
}

static void test_id_registers(void **state)
{
	(void)state;
	setup_dist();
	assert_int_equal(rd(GICD_CTLR, 4), 0x50); /* ARE | DS, as QEMU's board without security */
	/* ITLinesNumber 79 / 32 = 2 (INTIDs up to 95), IDbits 9 (10-bit INTIDs), No1N */
	assert_int_equal(rd(GICD_TYPER, 4), 0x02480002);
	assert_int_equal(rd(GICD_IIDR, 4), 0x4200043b);
	assert_int_equal(rd(GICD_PIDR2, 4), 0x3b);
	assert_int_equal(FIELD_GET(GIC_PIDR2_ARCHREV, rd(GICD_PIDR2, 4)), 3);
	assert_int_equal(rd(0xffd0, 4), 0); /* PIDR4 */
	assert_int_equal(rd(0xffe0, 4), 0); /* PIDR0 */
	assert_int_equal(rd(0xfffc, 4), 0); /* CIDR3 */
	assert_int_equal(rd(GICD_TYPER2, 4), 0);
	assert_int_equal(rd(GICD_STATUSR, 4), 0);
	/* read-only registers ignore writes */
	wr(GICD_TYPER, 4, 0xffffffff);
	wr(GICD_IIDR, 4, 0);
	wr(GICD_PIDR2, 4, 0);
	assert_int_equal(rd(GICD_TYPER, 4), 0x02480002);
	assert_int_equal(rd(GICD_IIDR, 4), 0x4200043b);
	assert_int_equal(rd(GICD_PIDR2, 4), 0x3b);
	assert_int_equal(D.stats.reserved, 0);
	assert_int_equal(D.stats.invalid, 0);
	assert_int_equal(R.n, 0);
}

static void test_typer_without_spis(void **state)
{
	(void)state;
	assert_true(vgicd_init(&D, 4, 5, NULL));
	assert_int_equal(rd(GICD_TYPER, 4), 0x02480000);
	assert_true(vgicd_add_spi(&D, 63, false, false));
	assert_int_equal(rd(GICD_TYPER, 4), 0x02480001);
	assert_true(vgicd_add_spi(&D, 64, false, false));
	assert_int_equal(rd(GICD_TYPER, 4), 0x02480002);
}

static void test_ctlr(void **state)
{
	(void)state;
	setup_dist();
	/* Linux writes ARE_NS | EnableGrp1A | EnableGrp1 = 0x13: only EnableGrp1 (bit 1) sticks */
	wr(GICD_CTLR, 4, 0x13);
	assert_int_equal(rd(GICD_CTLR, 4), 0x52);
	assert_true(vgicd_grp1_enabled(&D));
	wr(GICD_CTLR, 4, 0);
	assert_int_equal(rd(GICD_CTLR, 4), 0x50); /* ARE and DS are RAO/WI */
	wr(GICD_CTLR, 4, 0xffffffff);
	assert_int_equal(rd(GICD_CTLR, 4), 0x52); /* RWP, E1NWF, EnableGrp0 never read as 1 */
	wr(GICD_CTLR, 4, GICD_CTLR_ENABLE_G0);
	assert_int_equal(rd(GICD_CTLR, 4), 0x50);
	assert_false(vgicd_grp1_enabled(&D));
	assert_int_equal(R.n, 0); /* nothing enabled, nothing to report */
}

static void test_bad_accesses(void **state)
{
	uint64_t v = 0x1234;

	(void)state;
	setup_dist();
	/* outside the 64 KiB frame */
	assert_false(vgicd_access(&D, 0x10000, 4, false, &v));
	assert_int_equal(v, 0);
	assert_false(vgicd_access(&D, 0x10000, 4, true, &v));
	/* sizes: no halfwords anywhere, no bytes to a 32-bit register, no 64-bit access to one */
	assert_false(vgicd_access(&D, GICD_CTLR, 2, false, &v));
	assert_false(vgicd_access(&D, GICD_CTLR, 1, false, &v));
	assert_false(vgicd_access(&D, GICD_CTLR, 8, false, &v));
	assert_false(vgicd_access(&D, GICD_ISENABLER + 4, 1, true, &v));
	assert_false(vgicd_access(&D, GICD_ICFGR + 8, 8, true, &v));
	assert_false(vgicd_access(&D, GICD_IROUTER + 8 * 40, 1, false, &v));
	assert_false(vgicd_access(&D, GICD_IROUTER + 8 * 40, 2, false, &v));
	assert_false(vgicd_access(&D, GICD_PIDR2, 8, false, &v));
	assert_false(vgicd_access(&D, GICD_IPRIORITYR + 40, 2, false, &v));
	assert_false(vgicd_access(&D, GICD_IPRIORITYR + 40, 8, false, &v));
	assert_false(vgicd_access(&D, GICD_CTLR, 3, false, &v));
	assert_false(vgicd_access(&D, GICD_CTLR, 16, false, &v));
	/* misaligned */
	assert_false(vgicd_access(&D, GICD_CTLR + 2, 4, false, &v));
	assert_false(vgicd_access(&D, GICD_IPRIORITYR + 41, 4, false, &v));
	assert_false(vgicd_access(&D, GICD_IROUTER + 8 * 40 + 4, 8, false, &v));
	assert_int_equal(D.stats.invalid, 17);
	/* what is allowed: bytes to IPRIORITYR/ITARGETSR/[CS]PENDSGIR, 32-bit halves of IROUTER */
	assert_true(vgicd_access(&D, GICD_IPRIORITYR + 41, 1, false, &v));
	assert_true(vgicd_access(&D, GICD_ITARGETSR + 41, 1, false, &v));
	assert_true(vgicd_access(&D, GICD_CPENDSGIR + 3, 1, true, &v));
	assert_true(vgicd_access(&D, GICD_SPENDSGIR + 15, 1, false, &v));
	assert_true(vgicd_access(&D, GICD_IROUTER + 8 * 40 + 4, 4, false, &v));
	assert_int_equal(D.stats.invalid, 17);
	assert_int_equal(D.stats.reserved, 0);
}

static void test_reserved_offsets(void **state)
{
	(void)state;
	setup_dist();
	assert_int_equal(rd(0x0020, 4), 0); /* reserved */
	assert_int_equal(rd(0x0040, 4), 0); /* SETSPI_NSR: no MBIS */
	assert_int_equal(rd(0x1000, 4), 0); /* IGROUPR<n>E: no extended SPIs */
	assert_int_equal(rd(0x8000, 8), 0); /* IROUTER<n>E */
	assert_int_equal(rd(0xc000, 4), 0);
	wr(0x0020, 4, 0xffffffff);
	assert_int_equal(D.stats.reserved, 6);
	/* implemented as RAZ/WI: not counted */
	wr(GICD_IGRPMODR + 4, 4, 0xffffffff);
	assert_int_equal(rd(GICD_IGRPMODR + 4, 4), 0);
	wr(GICD_NSACR + 8, 4, 0xffffffff);
	assert_int_equal(rd(GICD_NSACR + 8, 4), 0);
	wr(GICD_SGIR, 4, 0x00010001);
	wr(GICD_ITARGETSR + 40, 4, 0x01010101);
	assert_int_equal(rd(GICD_ITARGETSR + 40, 4), 0);
	assert_int_equal(D.stats.reserved, 6);
	assert_int_equal(R.n, 0);
}

static void test_enable_and_ownership(void **state)
{
	(void)state;
	setup_dist();
	wr(GICD_CTLR, 4, GICD_CTLR_ENABLE_G1NS);
	/* ISENABLER1 covers INTIDs 32-63: 33 (bit 1), 34 (bit 2, not owned), 40 (bit 8) */
	wr(GICD_ISENABLER + 4, 4, 0x00000106);
	assert_int_equal(rd(GICD_ISENABLER + 4, 4), 0x00000102);
	assert_int_equal(rd(GICD_ICENABLER + 4, 4), 0x00000102);
	assert_int_equal(D.stats.unowned, 1);
	assert_int_equal(D.stats.last_unowned_intid, 34);
	/* the passthrough SPI's physical line is enabled; the emulated one has no line high yet */
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_HW_SYNC, 40, 0, 0, true);
	/* writing 0s changes nothing; writing a set bit again reports nothing new */
	wr(GICD_ISENABLER + 4, 4, 0x00000100);
	assert_int_equal(R.n, 1);
	/* ICENABLER: clearing unowned bits is silent */
	wr(GICD_ICENABLER + 4, 4, 0xffffffff);
	assert_int_equal(rd(GICD_ISENABLER + 4, 4), 0);
	assert_int_equal(D.stats.unowned, 1);
	assert_int_equal(R.n, 2);
	expect_fx(1, VGIC_FX_HW_SYNC, 40, 0, 0, false);
	/* ISENABLER2 (64-95): 79 is bit 15 */
	wr(GICD_ISENABLER + 8, 4, 0x00008000);
	assert_int_equal(rd(GICD_ISENABLER + 8, 4), 0x00008000);
	expect_fx(2, VGIC_FX_HW_SYNC, 79, 0, 0, true);
	assert_true(R.fx[2].edge);
	/* bank 0 (SGIs/PPIs) is RES0 in the distributor with affinity routing */
	wr(GICD_ISENABLER, 4, 0xffffffff);
	assert_int_equal(rd(GICD_ISENABLER, 4), 0);
	/* beyond ITLinesNumber and beyond what the model holds: RAZ/WI, enables are counted */
	wr(GICD_ISENABLER + 0x7c, 4, 1);
	assert_int_equal(rd(GICD_ISENABLER + 0x7c, 4), 0);
	assert_int_equal(D.stats.unowned, 2);
	assert_int_equal(D.stats.last_unowned_intid, 992);
	/* IGROUPR: RAO for owned SPIs (Group 1), WI, not counted */
	assert_int_equal(rd(GICD_IGROUPR + 4, 4), 0x00000102);
	assert_int_equal(rd(GICD_IGROUPR + 8, 4), 0x00008000);
	assert_int_equal(rd(GICD_IGROUPR, 4), 0);
	wr(GICD_IGROUPR + 4, 4, 0);
	assert_int_equal(rd(GICD_IGROUPR + 4, 4), 0x00000102);
	assert_int_equal(D.stats.unowned, 2);
	assert_int_equal(R.n, 3);
}

static void test_group_enable_gates_hw(void **state)
{
	(void)state;
	setup_dist();
	wr(GICD_ISENABLER + 4, 4, 1u << 8);
	assert_int_equal(R.n, 0); /* distributor disabled: the physical line stays off */
	wr(GICD_CTLR, 4, 0x13);
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_HW_SYNC, 40, 0, 0, true);
	wr(GICD_CTLR, 4, 0x13);
	assert_int_equal(R.n, 1);
	wr(GICD_CTLR, 4, 0);
	assert_int_equal(R.n, 2);
	expect_fx(1, VGIC_FX_HW_SYNC, 40, 0, 0, false);
}

static void test_priority(void **state)
{
	(void)state;
	setup_dist();
	/* byte access: 5 implemented bits, the low 3 read as zero */
	wr(GICD_IPRIORITYR + 40, 1, 0xa5);
	assert_int_equal(rd(GICD_IPRIORITYR + 40, 1), 0xa0);
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_HW_SYNC, 40, 0, 0xa0, false);
	/* word access at 40..43: only 40 is owned */
	wr(GICD_IPRIORITYR + 40, 4, 0x11223344);
	assert_int_equal(rd(GICD_IPRIORITYR + 40, 4), 0x00000040);
	assert_int_equal(rd(GICD_IPRIORITYR + 41, 1), 0);
	expect_fx(1, VGIC_FX_HW_SYNC, 40, 0, 0x40, false);
	/* word at 32..35: 33 is byte 1 */
	wr(GICD_IPRIORITYR + 32, 4, 0xffffffff);
	assert_int_equal(rd(GICD_IPRIORITYR + 32, 4), 0x0000f800);
	assert_int_equal(rd(GICD_IPRIORITYR + 33, 1), 0xf8);
	/* 79 is byte 3 of the word at 76 */
	wr(GICD_IPRIORITYR + 79, 1, 0x08);
	assert_int_equal(rd(GICD_IPRIORITYR + 76, 4), 0x08000000);
	/* SGIs/PPIs: RES0 */
	wr(GICD_IPRIORITYR + 0, 4, 0xa0a0a0a0);
	assert_int_equal(rd(GICD_IPRIORITYR + 0, 4), 0);
	wr(GICD_IPRIORITYR + 27, 1, 0xa0);
	assert_int_equal(rd(GICD_IPRIORITYR + 27, 1), 0);
	/* the last register (1016..1019) */
	wr(GICD_IPRIORITYR + 1016, 4, 0xffffffff);
	assert_int_equal(rd(GICD_IPRIORITYR + 1016, 4), 0);
	assert_int_equal(D.stats.unowned, 0); /* priority writes to unowned lines are harmless */
	assert_int_equal(D.stats.reserved, 0);
	/* 0x7fc..0x7ff is past IPRIORITYR254: reserved */
	assert_int_equal(rd(0x7fc, 4), 0);
	assert_int_equal(D.stats.reserved, 1);
	assert_int_equal(R.n, 3);
	expect_fx(2, VGIC_FX_HW_SYNC, 79, 0, 0x08, false);
}

static void test_icfgr(void **state)
{
	(void)state;
	setup_dist();
	/* ICFGR4 holds 64-79: 79 (edge from the DT) is field 15, bit 31 */
	assert_int_equal(rd(GICD_ICFGR + 16, 4), 0x80000000);
	/* ICFGR2 holds 32-47: 40 is field 8 (bit 17), 33 is field 1 (bit 3) */
	assert_int_equal(rd(GICD_ICFGR + 8, 4), 0);
	wr(GICD_ICFGR + 8, 4, 0x00020000);
	assert_int_equal(rd(GICD_ICFGR + 8, 4), 0x00020000);
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_HW_SYNC, 40, 0, 0, false);
	assert_true(R.fx[0].edge);
	/* all-ones: only owned interrupts take it, and bit 2k (RES0) never reads back */
	wr(GICD_ICFGR + 8, 4, 0xffffffff);
	assert_int_equal(rd(GICD_ICFGR + 8, 4), 0x00020008);
	assert_int_equal(R.n, 1);
	wr(GICD_ICFGR + 8, 4, 0);
	assert_int_equal(rd(GICD_ICFGR + 8, 4), 0);
	assert_int_equal(R.n, 2);
	assert_false(R.fx[1].edge);
	/* ICFGR0/1 (SGIs, PPIs) are RES0 here */
	wr(GICD_ICFGR, 4, 0);
	wr(GICD_ICFGR + 4, 4, 0xffffffff);
	assert_int_equal(rd(GICD_ICFGR, 4), 0);
	assert_int_equal(rd(GICD_ICFGR + 4, 4), 0);
	/* ICFGR3 (48-63), owned nothing */
	wr(GICD_ICFGR + 12, 4, 0xffffffff);
	assert_int_equal(rd(GICD_ICFGR + 12, 4), 0);
	/* the last ICFGR (1008-1023) */
	wr(GICD_ICFGR + 0xfc, 4, 0xffffffff);
	assert_int_equal(rd(GICD_ICFGR + 0xfc, 4), 0);
	assert_int_equal(D.stats.unowned, 0);
	assert_int_equal(D.stats.reserved, 0);
}

static void test_irouter(void **state)
{
	uint64_t off40 = GICD_IROUTER + 8 * 40; /* 0x6140 */

	(void)state;
	setup_dist();
	assert_int_equal(off40, 0x6140);
	wr(GICD_CTLR, 4, 0x2);
	wr(GICD_ISENABLER + 4, 4, 1u << 8);
	assert_int_equal(R.n, 1);
	assert_int_equal(rd(off40, 8), 0);
	/* to vCPU 1 (Aff0 = 1) */
	wr(off40, 8, 1);
	assert_int_equal(rd(off40, 8), 1);
	assert_int_equal(R.n, 2);
	expect_fx(1, VGIC_FX_HW_SYNC, 40, 1, 0, true);
	/* IRM is RAZ/WI (No1N): the value keeps its affinity */
	wr(off40, 8, 0x80000001);
	assert_int_equal(rd(off40, 8), 1);
	assert_int_equal(R.n, 2);
	/* Aff0 = 2: no such vCPU in a 2-vCPU partition; the line goes off at the physical GIC */
	wr(off40, 8, 2);
	assert_int_equal(rd(off40, 8), 2);
	expect_fx(2, VGIC_FX_HW_SYNC, 40, VGIC_NO_VCPU, 0, false);
	/* Aff1, Aff2, Aff3 name other clusters: no vCPU either */
	wr(off40, 8, 0x0000000100);
	assert_int_equal(rd(off40, 8), 0x100);
	wr(off40, 8, 0x0000010000);
	wr(off40, 8, 0x0100000000);
	assert_int_equal(rd(off40, 8), 0x0100000000);
	assert_int_equal(R.n, 3);
	/* RES0 bits are dropped: [30:24] and [63:40] */
	wr(off40, 8, 0xffffff007f000000);
	assert_int_equal(rd(off40, 8), 0);
	assert_int_equal(R.n, 4);
	expect_fx(3, VGIC_FX_HW_SYNC, 40, 0, 0, true);
	/* 32-bit halves: the upper word is Aff3 */
	wr(off40 + 4, 4, 0x1);
	assert_int_equal(rd(off40, 8), 0x0000000100000000);
	assert_int_equal(rd(off40 + 4, 4), 1);
	assert_int_equal(rd(off40, 4), 0);
	wr(off40 + 4, 4, 0);
	wr(off40, 4, 1);
	assert_int_equal(rd(off40, 8), 1);
	expect_fx(R.n - 1, VGIC_FX_HW_SYNC, 40, 1, 0, true);
	/* IROUTER0-31 are reserved for SGIs/PPIs: RAZ/WI */
	wr(GICD_IROUTER + 8 * 27, 8, 1);
	assert_int_equal(rd(GICD_IROUTER + 8 * 27, 8), 0);
	assert_int_equal(D.stats.unowned, 0);
	/* an unowned SPI: RAZ/WI and counted */
	wr(GICD_IROUTER + 8 * 41, 8, 1);
	assert_int_equal(rd(GICD_IROUTER + 8 * 41, 8), 0);
	assert_int_equal(D.stats.unowned, 1);
	assert_int_equal(D.stats.last_unowned_intid, 41);
	/* the last one, IROUTER1019 at 0x7fd8; 0x7fe0 is reserved */
	assert_int_equal(rd(0x7fd8, 8), 0);
	assert_int_equal(D.stats.reserved, 0);
	assert_int_equal(rd(0x7fe0, 8), 0);
	assert_int_equal(D.stats.reserved, 1);
}

static void test_hw_pending_active(void **state)
{
	(void)state;
	setup_dist();
	/* ISPENDR1 bit 8 = SPI 40: forwarded to the physical distributor */
	wr(GICD_ISPENDR + 4, 4, 0x00000104);
	assert_int_equal(R.n, 1);
	assert_int_equal(R.fx[0].kind, VGIC_FX_HW_SET_PENDING);
	assert_int_equal(R.fx[0].intid, 40);
	assert_int_equal(D.stats.unowned, 1); /* bit 2: SPI 34 */
	/* all ones: the passthrough line is cleared physically, the emulated one in its queue */
	wr(GICD_ICPENDR + 4, 4, 0xffffffff);
	assert_int_equal(R.n, 3);
	assert_int_equal(R.fx[1].kind, VGIC_FX_HW_CLEAR_PENDING);
	assert_int_equal(R.fx[1].intid, 40);
	assert_int_equal(R.fx[2].kind, VGIC_FX_SW_RETRACT);
	assert_int_equal(R.fx[2].intid, 33);
	wr(GICD_ISACTIVER + 8, 4, 1u << 15);
	assert_int_equal(R.fx[R.n - 1].kind, VGIC_FX_HW_SET_ACTIVE);
	assert_int_equal(R.fx[R.n - 1].intid, 79);
	wr(GICD_ICACTIVER + 8, 4, 1u << 15);
	assert_int_equal(R.fx[R.n - 1].kind, VGIC_FX_HW_CLEAR_ACTIVE);
	assert_int_equal(R.fx[R.n - 1].intid, 79);
	/* reads come from the physical GIC, masked to the partition's passthrough lines */
	R.hw_pending = 0xffffffff;
	R.hw_active = 0;
	assert_int_equal(rd(GICD_ISPENDR + 4, 4), 0x00000100);
	assert_int_equal(R.last_base, 32);
	assert_int_equal(R.last_vcpu, VGIC_NO_VCPU);
	assert_int_equal(rd(GICD_ICPENDR + 8, 4), 0x00008000);
	assert_int_equal(R.last_base, 64);
	assert_int_equal(rd(GICD_ISACTIVER + 4, 4), 0);
	R.hw_active = 1u << 8;
	assert_int_equal(rd(GICD_ICACTIVER + 4, 4), 0x00000100);
	/* a bank without passthrough lines does not ask */
	R.hw_state_calls = 0;
	assert_int_equal(rd(GICD_ISPENDR + 12, 4), 0);
	assert_int_equal(R.hw_state_calls, 0);
}

static void test_emulated_level(void **state)
{
	struct vgic_irq_info info;

	(void)state;
	setup_dist();
	/* the UART raises its line before the guest enabled anything: pending, not delivered */
	assert_true(vgicd_spi_set_line(&D, 33, true));
	assert_int_equal(R.n, 0);
	assert_int_equal(rd(GICD_ISPENDR + 4, 4), 0x00000002);
	wr(GICD_IPRIORITYR + 33, 1, 0xa0);
	wr(GICD_ISENABLER + 4, 4, 0x2);
	assert_int_equal(R.n, 0);
	wr(GICD_CTLR, 4, 0x2);
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_SW_LEVEL, 33, 0, 0xa0, true);
	/* a new priority is passed on */
	wr(GICD_IPRIORITYR + 33, 1, 0x80);
	expect_fx(1, VGIC_FX_SW_LEVEL, 33, 0, 0x80, true);
	/* moving it to vCPU 1: withdrawn from vCPU 0 first */
	wr(GICD_IROUTER + 8 * 33, 8, 1);
	assert_int_equal(R.n, 4);
	expect_fx(2, VGIC_FX_SW_LEVEL, 33, 0, 0x80, false);
	expect_fx(3, VGIC_FX_SW_LEVEL, 33, 1, 0x80, true);
	assert_true(vgicd_spi_info(&D, 33, &info));
	assert_true(info.owned && !info.hw && info.enabled && info.deliverable && !info.edge && info.pending);
	assert_int_equal(info.priority, 0x80);
	assert_int_equal(info.target, 1);
	/* the line drops */
	assert_true(vgicd_spi_set_line(&D, 33, false));
	expect_fx(4, VGIC_FX_SW_LEVEL, 33, 1, 0x80, false);
	assert_int_equal(rd(GICD_ISPENDR + 4, 4), 0);
	assert_true(vgicd_spi_set_line(&D, 33, false));
	assert_int_equal(R.n, 5);
	/* high again, then the distributor is disabled */
	assert_true(vgicd_spi_set_line(&D, 33, true));
	expect_fx(5, VGIC_FX_SW_LEVEL, 33, 1, 0x80, true);
	wr(GICD_CTLR, 4, 0);
	expect_fx(6, VGIC_FX_SW_LEVEL, 33, 1, 0x80, false);
	/* ...and the interrupt disabled while the distributor is back on: nothing delivered */
	wr(GICD_ICENABLER + 4, 4, 0x2);
	wr(GICD_CTLR, 4, 0x2);
	assert_int_equal(R.n, 7);
	wr(GICD_ISENABLER + 4, 4, 0x2);
	expect_fx(7, VGIC_FX_SW_LEVEL, 33, 1, 0x80, true);
	/* an invalid route withdraws it */
	wr(GICD_IROUTER + 8 * 33, 8, 5);
	expect_fx(8, VGIC_FX_SW_LEVEL, 33, 1, 0x80, false);
	assert_int_equal(R.n, 9);
	/* passthrough lines and unowned SPIs have no emulated input */
	assert_false(vgicd_spi_set_line(&D, 40, true));
	assert_false(vgicd_spi_set_line(&D, 34, true));
	assert_false(vgicd_spi_raise(&D, 79));
	assert_false(vgicd_spi_raise(&D, 20));
	assert_false(vgicd_spi_raise(&D, 2000));
}

static void test_emulated_edge_and_pending_writes(void **state)
{
	(void)state;
	setup_dist();
	wr(GICD_CTLR, 4, 0x2);
	wr(GICD_IPRIORITYR + 33, 1, 0xa0);
	/* edge-triggered: each rising edge is one event */
	wr(GICD_ICFGR + 8, 4, 1u << 3);
	assert_true(vgicd_spi_set_line(&D, 33, true)); /* latched: not enabled yet */
	assert_int_equal(R.n, 0);
	assert_int_equal(rd(GICD_ISPENDR + 4, 4), 0x2);
	wr(GICD_ISENABLER + 4, 4, 0x2);
	assert_int_equal(R.n, 1);
	expect_fx(0, VGIC_FX_SW_EDGE, 33, 0, 0xa0, false);
	assert_int_equal(rd(GICD_ISPENDR + 4, 4), 0);  /* handed to vCPU 0's queue */
	assert_true(vgicd_spi_set_line(&D, 33, true)); /* still high: no new edge */
	assert_int_equal(R.n, 1);
	assert_true(vgicd_spi_set_line(&D, 33, false));
	assert_true(vgicd_spi_set_line(&D, 33, true));
	expect_fx(1, VGIC_FX_SW_EDGE, 33, 0, 0xa0, false);
	assert_true(vgicd_spi_raise(&D, 33));
	expect_fx(2, VGIC_FX_SW_EDGE, 33, 0, 0xa0, false);
	/* ISPENDR from the guest: delivered like an edge; ICPENDR withdraws it from the queue */
	wr(GICD_ISPENDR + 4, 4, 0x2);
	expect_fx(3, VGIC_FX_SW_EDGE, 33, 0, 0xa0, false);
	wr(GICD_ICPENDR + 4, 4, 0x2);
	assert_int_equal(R.n, 5);
	assert_int_equal(R.fx[4].kind, VGIC_FX_SW_RETRACT);
	assert_int_equal(R.fx[4].intid, 33);
	assert_int_equal(R.fx[4].vcpu, 0);
	/* ISACTIVER/ICACTIVER on an emulated SPI: kept in the model, nothing else */
	wr(GICD_ISACTIVER + 4, 4, 0x2);
	assert_int_equal(rd(GICD_ISACTIVER + 4, 4), 0x2);
	wr(GICD_ICACTIVER + 4, 4, 0x2);
	assert_int_equal(rd(GICD_ISACTIVER + 4, 4), 0);
	assert_int_equal(R.n, 5);
	/* switching a level-high SPI to edge withdraws the level */
	wr(GICD_ICFGR + 8, 4, 0);
	expect_fx(5, VGIC_FX_SW_LEVEL, 33, 0, 0xa0, true);
	wr(GICD_ICFGR + 8, 4, 1u << 3);
	expect_fx(6, VGIC_FX_SW_LEVEL, 33, 0, 0xa0, false);
	assert_int_equal(R.n, 7);
}

static void test_spi_info(void **state)
{
	struct vgic_irq_info info;

	(void)state;
	setup_dist();
	wr(GICD_CTLR, 4, 0x2);
	wr(GICD_ISENABLER + 8, 4, 1u << 15);
	wr(GICD_IPRIORITYR + 79, 1, 0x90);
	wr(GICD_IROUTER + 8 * 79, 8, 1);
	assert_true(vgicd_spi_info(&D, 79, &info));
	assert_true(info.owned);
	assert_true(info.hw);
	assert_true(info.enabled);
	assert_true(info.deliverable);
	assert_true(info.edge);
	assert_int_equal(info.priority, 0x90);
	assert_int_equal(info.target, 1);
	assert_false(info.pending); /* the physical GIC holds a passthrough line's state */
	assert_true(vgicd_spi_info(&D, 41, &info));
	assert_false(info.owned);
	assert_int_equal(info.target, VGIC_NO_VCPU);
	assert_true(vgicd_spi_info(&D, 1019, &info));
	assert_false(info.owned);
	assert_false(vgicd_spi_info(&D, 1020, &info));
	assert_false(vgicd_spi_info(&D, 31, &info));
}

/* Linux's gic_dist_init() at boot (drivers/irqchip/irq-gic-v3.c), then request_irq() of SPI 40
 * as level-high at the default priority. */
static void test_linux_boot_sequence(void **state)
{
	unsigned lines, polls = 0;

	(void)state;
	setup_dist();
	wr(GICD_CTLR, 4, 0);
	while (rd(GICD_CTLR, 4) & GICD_CTLR_RWP)
		polls++;
	assert_int_equal(polls, 0);
	lines = 32 * ((unsigned)(rd(GICD_TYPER, 4) & 0x1f) + 1);
	assert_int_equal(lines, 96);
	for (unsigned i = 32; i < lines; i += 32)
		wr(GICD_IGROUPR + i / 8, 4, 0xffffffff);
	for (unsigned i = 32; i < lines; i += 16)
		wr(GICD_ICFGR + i / 4, 4, 0); /* all level */
	for (unsigned i = 32; i < lines; i += 4)
		wr(GICD_IPRIORITYR + i, 4, 0xa0a0a0a0);
	for (unsigned i = 32; i < lines; i += 32) {
		wr(GICD_ICACTIVER + i / 8, 4, 0xffffffff);
		wr(GICD_ICENABLER + i / 8, 4, 0xffffffff);
	}
	assert_false(rd(GICD_CTLR, 4) & GICD_CTLR_RWP);
	wr(GICD_CTLR, 4, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1NS | GICD_CTLR_ENABLE_G0);
	assert_false(rd(GICD_CTLR, 4) & GICD_CTLR_RWP);
	for (unsigned i = 32; i < lines; i++)
		wr(GICD_IROUTER + 8 * i, 8, 0); /* the boot CPU's affinity */

	assert_int_equal(rd(GICD_CTLR, 4), 0x52);
	assert_int_equal(rd(GICD_ICFGR + 16, 4), 0); /* 79 now level, as Linux wrote */
	assert_int_equal(rd(GICD_IPRIORITYR + 32, 4), 0x0000a000);
	assert_int_equal(rd(GICD_IPRIORITYR + 40, 4), 0x000000a0);
	assert_int_equal(rd(GICD_IPRIORITYR + 76, 4), 0xa0000000);
	assert_int_equal(D.stats.unowned, 0);
	assert_int_equal(D.stats.reserved, 0);
	assert_int_equal(D.stats.invalid, 0);
	/* what reached the physical GIC: 79 level, both at 0xa0, both deactivated, both still
	 * disabled */
	assert_int_equal(R.n, 5);
	expect_fx(0, VGIC_FX_HW_SYNC, 79, 0, 0, false);
	assert_false(R.fx[0].edge);
	expect_fx(1, VGIC_FX_HW_SYNC, 40, 0, 0xa0, false);
	expect_fx(2, VGIC_FX_HW_SYNC, 79, 0, 0xa0, false);
	assert_int_equal(R.fx[3].kind, VGIC_FX_HW_CLEAR_ACTIVE);
	assert_int_equal(R.fx[3].intid, 40);
	assert_int_equal(R.fx[4].kind, VGIC_FX_HW_CLEAR_ACTIVE);
	assert_int_equal(R.fx[4].intid, 79);

	/* request_irq(40): gic_set_type (read-modify-write ICFGR2), then unmask */
	{
		uint32_t cfg = (uint32_t)rd(GICD_ICFGR + 8, 4);

		cfg &= ~(3u << 16);
		wr(GICD_ICFGR + 8, 4, cfg);
		wr(GICD_ISENABLER + 4, 4, 1u << 8);
	}
	assert_int_equal(R.n, 6);
	expect_fx(5, VGIC_FX_HW_SYNC, 40, 0, 0xa0, true);
	/* irq_set_affinity to CPU 1 */
	wr(GICD_IROUTER + 8 * 40, 8, 1);
	expect_fx(6, VGIC_FX_HW_SYNC, 40, 1, 0xa0, true);
	assert_int_equal(R.n, 7);
}

static void test_reset(void **state)
{
	(void)state;
	setup_dist();
	wr(GICD_CTLR, 4, 0x2);
	wr(GICD_ISENABLER + 4, 4, 0x102);
	wr(GICD_IPRIORITYR + 40, 1, 0x80);
	wr(GICD_ICFGR + 16, 4, 0); /* 79 level */
	wr(GICD_IROUTER + 8 * 40, 8, 1);
	assert_true(vgicd_spi_set_line(&D, 33, true));
	wr(0x20, 4, 0); /* a reserved access, counted */
	R.n = 0;
	vgicd_reset(&D);
	/* the physical line of 40 goes off, 33's level is withdrawn; 79 returns to edge */
	assert_int_equal(R.n, 4);
	expect_fx(0, VGIC_FX_SW_LEVEL, 33, 0, 0, false);
	expect_fx(1, VGIC_FX_HW_SYNC, 40, 1, 0, false);
	expect_fx(2, VGIC_FX_HW_SYNC, 40, 0, 0, false);
	expect_fx(3, VGIC_FX_HW_SYNC, 79, 0, 0, false);
	assert_true(R.fx[3].edge);
	assert_int_equal(rd(GICD_CTLR, 4), 0x50);
	assert_int_equal(rd(GICD_ISENABLER + 4, 4), 0);
	assert_int_equal(rd(GICD_IPRIORITYR + 40, 1), 0);
	assert_int_equal(rd(GICD_ICFGR + 16, 4), 0x80000000);
	assert_int_equal(rd(GICD_IROUTER + 8 * 40, 8), 0);
	assert_int_equal(rd(GICD_ISPENDR + 4, 4), 0x2); /* the UART's line is still high */
	assert_int_equal(D.stats.reserved, 0);
}

static void test_without_callbacks(void **state)
{
	uint64_t v = 0xff;

	(void)state;
	assert_true(vgicd_init(&D, 1, 5, NULL));
	assert_true(vgicd_add_spi(&D, 40, true, false));
	wr(GICD_CTLR, 4, 2);
	wr(GICD_ISENABLER + 4, 4, 1u << 8);
	wr(GICD_ISPENDR + 4, 4, 1u << 8);
	assert_true(vgicd_access(&D, GICD_ISPENDR + 4, 4, false, &v));
	assert_int_equal(v, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_reports_hw),
		cmocka_unit_test(test_init_refusals),
		cmocka_unit_test(test_spi_in_last_bank),
		cmocka_unit_test(test_id_registers),
		cmocka_unit_test(test_typer_without_spis),
		cmocka_unit_test(test_ctlr),
		cmocka_unit_test(test_bad_accesses),
		cmocka_unit_test(test_reserved_offsets),
		cmocka_unit_test(test_enable_and_ownership),
		cmocka_unit_test(test_group_enable_gates_hw),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_icfgr),
		cmocka_unit_test(test_irouter),
		cmocka_unit_test(test_hw_pending_active),
		cmocka_unit_test(test_emulated_level),
		cmocka_unit_test(test_emulated_edge_and_pending_writes),
		cmocka_unit_test(test_spi_info),
		cmocka_unit_test(test_linux_boot_sequence),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_without_callbacks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
