/* ICH_LR<n>_EL2 and the other ICH_* encoders. Expected values are written out by hand from the
 * GICv3 architecture specification (IHI 0069), never computed with the code under test:
 *
 *   ICH_LR: [63:62] State, [61] HW, [60] Group, [55:48] Priority, [44:32] pINTID (HW = 1),
 *           [41] EOI (HW = 0), [31:0] vINTID
 *   ICH_VTR: [4:0] ListRegs-1, [18] DVIM, [19] TDS, [20] nV4, [21] A3V, [22] SEIS,
 *            [25:23] IDbits, [28:26] PREbits-1, [31:29] PRIbits-1 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/hw/gic_lr.h"

static void test_lr_masks(void **state)
{
	(void)state;
	assert_int_equal(ICH_LR_STATE, 0xc000000000000000);
	assert_int_equal(ICH_LR_HW, 0x2000000000000000);
	assert_int_equal(ICH_LR_GROUP, 0x1000000000000000);
	assert_int_equal(ICH_LR_PRIORITY, 0x00ff000000000000);
	assert_int_equal(ICH_LR_PINTID, 0x00001fff00000000);
	assert_int_equal(ICH_LR_EOI, 0x0000020000000000);
	assert_int_equal(ICH_LR_VINTID, 0x00000000ffffffff);
}

static void test_lr_encode_software(void **state)
{
	struct gic_lr pend = { .state = GIC_LR_PENDING, .group1 = true, .priority = 0xa0, .vintid = 27 };
	/* pending+active, EOI maintenance, priority 0xf8, vINTID 33 */
	struct gic_lr pa = {
		.state = GIC_LR_PENDING_ACTIVE, .group1 = true, .eoi = true, .priority = 0xf8, .vintid = 33
	};
	struct gic_lr act0 = { .state = GIC_LR_ACTIVE, .priority = 0x00, .vintid = 0 };
	struct gic_lr inval = { .state = GIC_LR_INVALID, .group1 = true, .priority = 0x10, .vintid = 1 };

	(void)state;
	/* 01 << 62 | 1 << 60 | 0xa0 << 48 | 27 */
	assert_int_equal(gic_lr_encode(&pend), 0x50a000000000001b);
	/* 11 << 62 | 1 << 60 | 0xf8 << 48 | 1 << 41 | 0x21 */
	assert_int_equal(gic_lr_encode(&pa), 0xd0f8020000000021);
	/* 10 << 62, Group 0 */
	assert_int_equal(gic_lr_encode(&act0), 0x8000000000000000);
	assert_int_equal(gic_lr_encode(&inval), 0x1010000000000001);
	/* a software LR never carries a pINTID */
	pend.pintid = 0x3ff;
	assert_int_equal(gic_lr_encode(&pend), 0x50a000000000001b);
}

static void test_lr_encode_hardware(void **state)
{
	/* active, HW, Group 1, priority 0x80, vINTID = pINTID = 40 (0x28) */
	struct gic_lr act = {
		.state = GIC_LR_ACTIVE, .hw = true, .group1 = true, .priority = 0x80, .vintid = 40, .pintid = 40
	};
	struct gic_lr pend = { .state = GIC_LR_PENDING, .hw = true, .vintid = 1019, .pintid = 1019 };
	/* EOI cannot be requested for a HW interrupt: bit 41 is pINTID[9] then */
	struct gic_lr eoi = { .state = GIC_LR_PENDING,
			      .hw = true,
			      .eoi = true,
			      .group1 = true,
			      .priority = 0xa0,
			      .vintid = 27,
			      .pintid = 27 };
	struct gic_lr p512 = { .state = GIC_LR_PENDING, .hw = true, .vintid = 512, .pintid = 512 };

	(void)state;
	assert_int_equal(gic_lr_encode(&act), 0xb080002800000028);
	/* 01 << 62 | 1 << 61 | 0x3fb << 32 | 0x3fb */
	assert_int_equal(gic_lr_encode(&pend), 0x600003fb000003fb);
	assert_int_equal(gic_lr_encode(&eoi), 0x70a0001b0000001b);
	assert_int_equal(gic_lr_encode(&p512), 0x6000020000000200);
}

static void test_lr_decode(void **state)
{
	struct gic_lr lr;

	(void)state;
	lr = gic_lr_decode(0xb080002800000028);
	assert_int_equal(lr.state, GIC_LR_ACTIVE);
	assert_true(lr.hw);
	assert_true(lr.group1);
	assert_false(lr.eoi);
	assert_int_equal(lr.priority, 0x80);
	assert_int_equal(lr.vintid, 40);
	assert_int_equal(lr.pintid, 40);

	lr = gic_lr_decode(0xd0f8020000000021);
	assert_int_equal(lr.state, GIC_LR_PENDING_ACTIVE);
	assert_false(lr.hw);
	assert_true(lr.eoi);
	assert_int_equal(lr.pintid, 0);
	assert_int_equal(lr.priority, 0xf8);
	assert_int_equal(lr.vintid, 33);

	/* bit 41 with HW = 1 is pINTID bit 9, not EOI */
	lr = gic_lr_decode(0x2000020000000000);
	assert_true(lr.hw);
	assert_false(lr.eoi);
	assert_int_equal(lr.pintid, 0x200);

	/* RES0 bits: [59:56] and [47:45] always, [44:42] and [40:32] when HW = 0 */
	lr = gic_lr_decode(0x0f00fdff00000005);
	assert_int_equal(lr.state, GIC_LR_INVALID);
	assert_false(lr.hw);
	assert_false(lr.group1);
	assert_false(lr.eoi);
	assert_int_equal(lr.priority, 0);
	assert_int_equal(lr.pintid, 0);
	assert_int_equal(lr.vintid, 5);
	/* the same bits with HW = 1: pINTID takes [44:32] only */
	lr = gic_lr_decode(0x2f00fdff00000005);
	assert_int_equal(lr.pintid, 0x1dff);

	/* a 32-bit vINTID (LPI range) */
	lr = gic_lr_decode(0x40000000ffffffff);
	assert_int_equal(lr.vintid, 0xffffffff);
	assert_int_equal(lr.state, GIC_LR_PENDING);
}

static void test_lr_round_trip(void **state)
{
	static const uint8_t prios[] = { 0x00, 0x08, 0x80, 0xa0, 0xf8, 0xff };
	static const uint32_t ids[] = { 0, 15, 16, 27, 31, 32, 40, 1019 };
	unsigned n = 0;

	(void)state;
	for (unsigned s = 0; s < 4; s++)
		for (unsigned hw = 0; hw < 2; hw++)
			for (unsigned p = 0; p < sizeof(prios); p++)
				for (unsigned k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
					struct gic_lr in = {
						.state = (enum gic_lr_state)s,
						.hw = hw,
						.group1 = (k & 1) != 0,
						.eoi = !hw && (p & 1),
						.priority = prios[p],
						.vintid = ids[k],
						.pintid = hw ? ids[k] : 0,
					};
					struct gic_lr out = gic_lr_decode(gic_lr_encode(&in));

					assert_int_equal(out.state, in.state);
					assert_int_equal(out.hw, in.hw);
					assert_int_equal(out.group1, in.group1);
					assert_int_equal(out.eoi, in.eoi);
					assert_int_equal(out.priority, in.priority);
					assert_int_equal(out.vintid, in.vintid);
					assert_int_equal(out.pintid, in.pintid);
					n++;
				}
	assert_int_equal(n, 4 * 2 * 6 * 8);
}

static void test_lr_valid(void **state)
{
	struct gic_lr ok = { .state = GIC_LR_PENDING, .group1 = true, .vintid = 33 };
	struct gic_lr hw = { .state = GIC_LR_PENDING, .hw = true, .vintid = 40, .pintid = 40 };
	struct gic_lr bad;

	(void)state;
	assert_true(gic_lr_valid(&ok));
	assert_true(gic_lr_valid(&hw));
	bad = ok;
	bad.vintid = 1020;
	assert_false(gic_lr_valid(&bad));
	bad.vintid = 1023;
	assert_false(gic_lr_valid(&bad));
	bad.vintid = 1024; /* first reserved-but-not-special value is fine for the LR itself */
	assert_true(gic_lr_valid(&bad));
	bad = hw;
	bad.pintid = 15; /* SGIs cannot be hardware interrupts */
	assert_false(gic_lr_valid(&bad));
	bad.pintid = 16;
	assert_true(gic_lr_valid(&bad));
	bad.pintid = 1020;
	assert_false(gic_lr_valid(&bad));
	bad.pintid = 8192; /* LPIs neither */
	assert_false(gic_lr_valid(&bad));
	bad = hw;
	bad.eoi = true;
	assert_false(gic_lr_valid(&bad));
}

static void test_control_masks(void **state)
{
	(void)state;
	assert_int_equal(ICH_HCR_EN, 0x1);
	assert_int_equal(ICH_HCR_UIE, 0x2);
	assert_int_equal(ICH_HCR_LRENPIE, 0x4);
	assert_int_equal(ICH_HCR_NPIE, 0x8);
	assert_int_equal(ICH_HCR_TC, 0x400);
	assert_int_equal(ICH_HCR_TALL1, 0x1000);
	assert_int_equal(ICH_HCR_TDIR, 0x4000);
	assert_int_equal(ICH_HCR_EOICOUNT, 0xf8000000);
	assert_int_equal(ICH_VMCR_VENG0, 0x1);
	assert_int_equal(ICH_VMCR_VENG1, 0x2);
	assert_int_equal(ICH_VMCR_VEOIM, 0x200);
	assert_int_equal(ICH_VMCR_VBPR1, 0x001c0000);
	assert_int_equal(ICH_VMCR_VBPR0, 0x00e00000);
	assert_int_equal(ICH_VMCR_VPMR, 0xff000000);
	assert_int_equal(ICH_MISR_EOI, 0x1);
	assert_int_equal(ICH_MISR_U, 0x2);
	assert_int_equal(ICH_MISR_NP, 0x8);
	assert_int_equal(ICH_MISR_VGRP1D, 0x80);
	assert_int_equal(ICH_VTR_LISTREGS, 0x1f);
	assert_int_equal(ICH_VTR_IDBITS, 0x03800000);
	assert_int_equal(ICH_VTR_PREBITS, 0x1c000000);
	assert_int_equal(ICH_VTR_PRIBITS, 0xe0000000);
	/* a typical entry value: En | UIE, VPMR 0xf0 with Group 1 enabled */
	assert_int_equal(ICH_HCR_EN | ICH_HCR_UIE, 0x3);
	assert_int_equal(FIELD_PREP(ICH_VMCR_VPMR, 0xf0) | ICH_VMCR_VENG1, 0xf0000002);
	assert_int_equal(FIELD_GET(ICH_HCR_EOICOUNT, 0x18000003), 3);
}

static void test_vtr_qemu(void **state)
{
	/* QEMU 7.2 virt, GICv3 (docs: QEMU-VIRT-FACTS.md section 3):
	 * 0x90b80003 = 100 100 001 0 1 1 1 0 ... 00011 */
	struct gic_vtr v3 = gic_vtr_decode(0x90b80003);
	/* GICv4: the same without nV4 */
	struct gic_vtr v4 = gic_vtr_decode(0x90a80003);

	(void)state;
	assert_int_equal(v3.n_lrs, 4);
	assert_int_equal(v3.pri_bits, 5);
	assert_int_equal(v3.pre_bits, 5);
	assert_int_equal(v3.id_bits, 24);
	assert_false(v3.seis);
	assert_true(v3.a3v);
	assert_true(v3.nv4);
	assert_true(v3.tds);
	assert_false(v3.dvim);
	assert_int_equal(v4.n_lrs, 4);
	assert_false(v4.nv4);
	assert_true(v4.a3v);
}

static void test_vtr_extremes(void **state)
{
	struct gic_vtr min = gic_vtr_decode(0);
	struct gic_vtr max = gic_vtr_decode(0xfffc001f);

	(void)state;
	assert_int_equal(min.n_lrs, 1);
	assert_int_equal(min.pri_bits, 1);
	assert_int_equal(min.pre_bits, 1);
	assert_int_equal(min.id_bits, 16);
	assert_int_equal(max.n_lrs, 32); /* the field allows it; ICH_LR15 is the last register */
	assert_int_equal(max.pri_bits, 8);
	assert_int_equal(max.pre_bits, 8);
	assert_int_equal(max.id_bits, 0); /* 0b111: reserved */
	assert_true(max.seis && max.a3v && max.nv4 && max.tds && max.dvim);
}

static void test_pri_mask(void **state)
{
	(void)state;
	assert_int_equal(gic_pri_mask(5), 0xf8);
	assert_int_equal(gic_pri_mask(4), 0xf0);
	assert_int_equal(gic_pri_mask(1), 0x80);
	assert_int_equal(gic_pri_mask(7), 0xfe);
	assert_int_equal(gic_pri_mask(8), 0xff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lr_masks),           cmocka_unit_test(test_lr_encode_software),
		cmocka_unit_test(test_lr_encode_hardware), cmocka_unit_test(test_lr_decode),
		cmocka_unit_test(test_lr_round_trip),      cmocka_unit_test(test_lr_valid),
		cmocka_unit_test(test_control_masks),      cmocka_unit_test(test_vtr_qemu),
		cmocka_unit_test(test_vtr_extremes),       cmocka_unit_test(test_pri_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
