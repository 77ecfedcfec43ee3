/* ITS command layout. Expected doublewords are written out by hand from the GICv3/v4
 * architecture specification (IHI 0069), "ITS commands", never computed with the code under test:
 *
 *   command numbers: MOVI 0x01, INT 0x03, CLEAR 0x04, SYNC 0x05, MAPD 0x08, MAPC 0x09,
 *     MAPTI 0x0a, MAPI 0x0b, INV 0x0c, INVALL 0x0d, MOVALL 0x0e, DISCARD 0x0f; GICv4.0: VMOVI
 *     0x21, VMOVP 0x22, VSYNC 0x25, VMAPP 0x29, VMAPTI 0x2a, VMAPI 0x2b, VINVALL 0x2d
 *   DW0 [7:0] command, [63:32] DeviceID, [47:32] VMOVP sequence number
 *   DW1 [31:0] EventID, [63:32] pINTID (MAPTI), [4:0] Size-1 (MAPD), [47:32] vPEID,
 *       [15:0] ITS list (VMOVP)
 *   DW2 [63] V, [51:8] ITT address (MAPD), [51:16] RDbase, [15:0] ICID, [31:0] vINTID (VMAPTI),
 *       [63:32] doorbell pINTID, [0] D (VMOVI)
 *   DW3 [51:16] RDbase2 (MOVALL) or VPT address (VMAPP), [4:0] VPT size-1 (VMAPP) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/hw/its_cmd.h"

static void expect_words(const struct its_cmd *c, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
	uint64_t raw[4] = { ~0ull, ~0ull, ~0ull, ~0ull };

	its_cmd_encode(c, raw);
	assert_int_equal(raw[0], w0);
	assert_int_equal(raw[1], w1);
	assert_int_equal(raw[2], w2);
	assert_int_equal(raw[3], w3);
}

static struct its_cmd decode_ok(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
	uint64_t raw[4] = { w0, w1, w2, w3 };
	struct its_cmd c;

	assert_true(its_cmd_decode(raw, &c));
	return c;
}

static void test_masks(void **state)
{
	(void)state;
	assert_int_equal(ITS_CMD_DW0_OPCODE, 0x00000000000000ff);
	assert_int_equal(ITS_CMD_DW0_DEVICEID, 0xffffffff00000000);
	assert_int_equal(ITS_CMD_DW1_EVENTID, 0x00000000ffffffff);
	assert_int_equal(ITS_CMD_DW1_PINTID, 0xffffffff00000000);
	assert_int_equal(ITS_CMD_DW1_SIZE, 0x1f);
	assert_int_equal(ITS_CMD_DW1_VPEID, 0x0000ffff00000000);
	assert_int_equal(ITS_CMD_DW2_VALID, 0x8000000000000000);
	assert_int_equal(ITS_CMD_DW2_ITT_ADDR, 0x000fffffffffff00);
	assert_int_equal(ITS_CMD_DW2_RDBASE, 0x000fffffffff0000);
	assert_int_equal(ITS_CMD_DW2_ICID, 0xffff);
	assert_int_equal(ITS_CMD_DW3_VPT_ADDR, 0x000fffffffff0000);
}

/* MAPD DeviceID 0x10, 5 EventID bits (Size field 4), ITT at 0x40081200, valid. */
static void test_mapd(void **state)
{
	struct its_cmd c = { .op = ITS_CMD_MAPD, .devid = 0x10, .size = 5, .itt_addr = 0x40081200, .valid = true };
	struct its_cmd d;

	(void)state;
	expect_words(&c, 0x0000001000000008, 0x4, 0x8000000040081200, 0);
	d = decode_ok(0x0000001000000008, 0x4, 0x8000000040081200, 0);
	assert_int_equal(d.op, ITS_CMD_MAPD);
	assert_int_equal(d.devid, 0x10);
	assert_int_equal(d.size, 5);
	assert_int_equal(d.itt_addr, 0x40081200);
	assert_true(d.valid);
	/* unmap: V = 0; bits below 256 of the ITT address are not part of the field */
	d = decode_ok(0xabcd000000000008, 0x1f, 0x00000000400812ff, 0);
	assert_int_equal(d.devid, 0xabcd0000);
	assert_int_equal(d.size, 32);
	assert_int_equal(d.itt_addr, 0x40081200);
	assert_false(d.valid);
	/* the ITT address field stops at bit 51 */
	d = decode_ok(0x08, 0, 0x7ff0000000000100, 0);
	assert_int_equal(d.itt_addr, 0x0000000000000100);
}

/* MAPC ICID 3 to RDbase (processor number) 2, valid; and the unmap. */
static void test_mapc(void **state)
{
	struct its_cmd c = { .op = ITS_CMD_MAPC, .icid = 3, .rdbase = 2, .valid = true };
	struct its_cmd d;

	(void)state;
	expect_words(&c, 0x09, 0, 0x8000000000020003, 0);
	d = decode_ok(0x09, 0, 0x8000000000020003, 0);
	assert_int_equal(d.icid, 3);
	assert_int_equal(d.rdbase, 2);
	assert_true(d.valid);
	/* PTA = 1 style target: physical address 0x080a0000 -> field 0x80a */
	d = decode_ok(0x09, 0, 0x00000000080a0007, 0);
	assert_int_equal(d.rdbase, 0x80a);
	assert_int_equal(d.icid, 7);
	assert_false(d.valid);
}

/* MAPTI DeviceID 0x0100, EventID 5, pINTID 8192 (0x2000), ICID 1. */
static void test_mapti_mapi(void **state)
{
	struct its_cmd c = { .op = ITS_CMD_MAPTI, .devid = 0x100, .eventid = 5, .intid = 8192, .icid = 1 };
	struct its_cmd d;

	(void)state;
	expect_words(&c, 0x000001000000000a, 0x0000200000000005, 0x1, 0);
	d = decode_ok(0x000001000000000a, 0x0000200000000005, 0x1, 0);
	assert_int_equal(d.op, ITS_CMD_MAPTI);
	assert_int_equal(d.devid, 0x100);
	assert_int_equal(d.eventid, 5);
	assert_int_equal(d.intid, 8192);
	assert_int_equal(d.icid, 1);
	/* MAPI: the interrupt is the EventID itself; DW1[63:32] is not a pINTID there */
	d = decode_ok(0x000000070000000b, 0xdead00002001, 0x2, 0);
	assert_int_equal(d.op, ITS_CMD_MAPI);
	assert_int_equal(d.devid, 7);
	assert_int_equal(d.eventid, 0x2001);
	assert_int_equal(d.intid, 0x2001);
	assert_int_equal(d.icid, 2);
	c = (struct its_cmd){ .op = ITS_CMD_MAPI, .devid = 7, .eventid = 0x2001, .intid = 99, .icid = 2 };
	expect_words(&c, 0x000000070000000b, 0x2001, 0x2, 0);
}

static void test_event_commands(void **state)
{
	static const struct {
		enum its_cmd_op op;
		uint64_t w0;
	} cases[] = {
		{ ITS_CMD_INT, 0x0000000800000003 },
		{ ITS_CMD_CLEAR, 0x0000000800000004 },
		{ ITS_CMD_INV, 0x000000080000000c },
		{ ITS_CMD_DISCARD, 0x000000080000000f },
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct its_cmd c = { .op = cases[i].op, .devid = 8, .eventid = 0x41, .icid = 9, .intid = 3 };
		struct its_cmd d;

		/* ICID and intid are not fields of these commands: not encoded */
		expect_words(&c, cases[i].w0, 0x41, 0, 0);
		d = decode_ok(cases[i].w0, 0x41, 0xffff, 0);
		assert_int_equal(d.op, cases[i].op);
		assert_int_equal(d.devid, 8);
		assert_int_equal(d.eventid, 0x41);
		assert_int_equal(d.icid, 0);
	}
	/* MOVI DeviceID 8, EventID 0x41 to ICID 0x1234 */
	struct its_cmd m = { .op = ITS_CMD_MOVI, .devid = 8, .eventid = 0x41, .icid = 0x1234 };
	expect_words(&m, 0x0000000800000001, 0x41, 0x1234, 0);
	assert_int_equal(decode_ok(0x0000000800000001, 0x41, 0x1234, 0).icid, 0x1234);
}

static void test_collection_commands(void **state)
{
	struct its_cmd c = { .op = ITS_CMD_SYNC, .rdbase = 5 };
	struct its_cmd d;

	(void)state;
	expect_words(&c, 0x05, 0, 0x0000000000050000, 0);
	assert_int_equal(decode_ok(0x05, 0, 0x0000000000050000, 0).rdbase, 5);
	c = (struct its_cmd){ .op = ITS_CMD_INVALL, .icid = 0xfffe };
	expect_words(&c, 0x0d, 0, 0xfffe, 0);
	assert_int_equal(decode_ok(0x0d, 0, 0xfffe, 0).icid, 0xfffe);
	/* MOVALL from processor 1 to processor 3 */
	c = (struct its_cmd){ .op = ITS_CMD_MOVALL, .rdbase = 1, .rdbase2 = 3 };
	expect_words(&c, 0x0e, 0, 0x10000, 0x30000);
	d = decode_ok(0x0e, 0, 0x10000, 0x30000);
	assert_int_equal(d.rdbase, 1);
	assert_int_equal(d.rdbase2, 3);
}

static void test_gicv4_commands(void **state)
{
	/* VMAPP vPEID 4 to RDbase 0x80a (address 0x080a0000), VPT at 0x48000000, 16 bits, valid */
	struct its_cmd c = {
		.op = ITS_CMD_VMAPP, .vpeid = 4, .rdbase = 0x80a, .valid = true, .vpt_addr = 0x48000000, .size = 16
	};
	struct its_cmd d;

	(void)state;
	expect_words(&c, 0x29, 0x0000000400000000, 0x80000000080a0000, 0x000000004800000f);
	d = decode_ok(0x29, 0x0000000400000000, 0x80000000080a0000, 0x000000004800000f);
	assert_int_equal(d.vpeid, 4);
	assert_int_equal(d.rdbase, 0x80a);
	assert_true(d.valid);
	assert_int_equal(d.vpt_addr, 0x48000000);
	assert_int_equal(d.size, 16);
	/* VMAPTI DeviceID 2, EventID 1, vPEID 4, vINTID 8200 (0x2008), no doorbell (1023 = 0x3ff) */
	c = (struct its_cmd){
		.op = ITS_CMD_VMAPTI, .devid = 2, .eventid = 1, .vpeid = 4, .intid = 0x2008, .doorbell = 1023
	};
	expect_words(&c, 0x000000020000002a, 0x0000000400000001, 0x000003ff00002008, 0);
	d = decode_ok(0x000000020000002a, 0x0000000400000001, 0x000003ff00002008, 0);
	assert_int_equal(d.intid, 0x2008);
	assert_int_equal(d.doorbell, 1023);
	assert_int_equal(d.vpeid, 4);
	/* VMAPI: vINTID = EventID */
	d = decode_ok(0x000000020000002b, 0x0000000400002009, 0x000003ff00000000, 0);
	assert_int_equal(d.intid, 0x2009);
	/* VMOVI with doorbell 8300 (0x206c), D = 1 */
	c = (struct its_cmd){
		.op = ITS_CMD_VMOVI, .devid = 2, .eventid = 1, .vpeid = 5, .doorbell = 0x206c, .db_valid = true
	};
	expect_words(&c, 0x0000000200000021, 0x0000000500000001, 0x0000206c00000001, 0);
	assert_true(decode_ok(0x0000000200000021, 0x0000000500000001, 0x0000206c00000001, 0).db_valid);
	/* VMOVP sequence 7, ITS list 0x3, vPEID 4 to RDbase 2 */
	c = (struct its_cmd){ .op = ITS_CMD_VMOVP, .seqnum = 7, .its_list = 3, .vpeid = 4, .rdbase = 2 };
	expect_words(&c, 0x0000000700000022, 0x0000000400000003, 0x20000, 0);
	d = decode_ok(0x0000000700000022, 0x0000000400000003, 0x20000, 0);
	assert_int_equal(d.seqnum, 7);
	assert_int_equal(d.its_list, 3);
	c = (struct its_cmd){ .op = ITS_CMD_VSYNC, .vpeid = 9 };
	expect_words(&c, 0x25, 0x0000000900000000, 0, 0);
	c = (struct its_cmd){ .op = ITS_CMD_VINVALL, .vpeid = 9 };
	expect_words(&c, 0x2d, 0x0000000900000000, 0, 0);
}

static void test_unknown(void **state)
{
	static const unsigned unknown[] = { 0x00, 0x02, 0x06, 0x07, 0x10, 0x20, 0x23, 0x2e, 0xff };
	struct its_cmd d;

	(void)state;
	for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		uint64_t raw[4] = { 0x0000000100000000 | unknown[i], 1, 2, 3 };

		assert_false(its_cmd_decode(raw, &d));
		assert_int_equal(d.op, unknown[i]);
		assert_int_equal(d.devid, 0);
		assert_string_equal(its_cmd_name(unknown[i]), "unknown");
	}
	assert_string_equal(its_cmd_name(0x0a), "MAPTI");
	assert_string_equal(its_cmd_name(0x2d), "VINVALL");
}

/* Every command decodes back to what was encoded. */
static void test_roundtrip(void **state)
{
	static const enum its_cmd_op ops[] = { ITS_CMD_MOVI,   ITS_CMD_INT,    ITS_CMD_CLEAR,  ITS_CMD_SYNC,
					       ITS_CMD_MAPD,   ITS_CMD_MAPC,   ITS_CMD_MAPTI,  ITS_CMD_INV,
					       ITS_CMD_INVALL, ITS_CMD_MOVALL, ITS_CMD_DISCARD };

	(void)state;
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct its_cmd c, d;
		uint64_t raw[4];

		memset(&c, 0, sizeof(c)); /* padding too: compared bytewise below */
		c.op = ops[i];

		if (ops[i] != ITS_CMD_SYNC && ops[i] != ITS_CMD_MAPC && ops[i] != ITS_CMD_INVALL &&
		    ops[i] != ITS_CMD_MOVALL) {
			c.devid = 0x12345678;
			c.eventid = 0x9abcdef0;
		}
		if (ops[i] == ITS_CMD_MAPTI)
			c.intid = 0x10000;
		if (ops[i] == ITS_CMD_MOVI || ops[i] == ITS_CMD_MAPC || ops[i] == ITS_CMD_MAPTI ||
		    ops[i] == ITS_CMD_INVALL)
			c.icid = 0xbeef;
		if (ops[i] == ITS_CMD_MAPD) {
			c.size = 17;
			c.itt_addr = 0x000fffffffffff00;
			c.valid = true;
		}
		if (ops[i] == ITS_CMD_MAPC || ops[i] == ITS_CMD_SYNC || ops[i] == ITS_CMD_MOVALL)
			c.rdbase = ITS_RDBASE_MAX;
		if (ops[i] == ITS_CMD_MAPC)
			c.valid = true;
		if (ops[i] == ITS_CMD_MOVALL)
			c.rdbase2 = 0x123456789;
		its_cmd_encode(&c, raw);
		assert_true(its_cmd_decode(raw, &d));
		assert_memory_equal(&c, &d, sizeof(c));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masks),          cmocka_unit_test(test_mapd),
		cmocka_unit_test(test_mapc),           cmocka_unit_test(test_mapti_mapi),
		cmocka_unit_test(test_event_commands), cmocka_unit_test(test_collection_commands),
		cmocka_unit_test(test_gicv4_commands), cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
