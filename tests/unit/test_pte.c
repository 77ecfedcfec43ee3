/* Descriptor encoders and decoders. Expected values are written out by hand from the Arm ARM
 * field positions (4 KiB granule, VMSAv8-64), never computed with the code under test:
 *
 *   bit 0 valid, bit 1 table/page, [4:2] AttrIndx (stage 1), [5:2] MemAttr (stage 2),
 *   [7:6] AP[2:1] or S2AP, [9:8] SH, bit 10 AF, [47:12] address, bit 54 XN (stage 1) and
 *   [54:53] XN (stage 2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/hw/pte.h"

static void test_level_sizes(void **state)
{
	(void)state;
	assert_int_equal(pte_level_shift(0), 39);
	assert_int_equal(pte_level_shift(1), 30);
	assert_int_equal(pte_level_shift(2), 21);
	assert_int_equal(pte_level_shift(3), 12);
	assert_int_equal(pte_level_size(1), 0x40000000);
	assert_int_equal(pte_level_size(2), 0x200000);
	assert_int_equal(pte_level_size(3), 0x1000);
	assert_false(pte_level_has_leaves(0));
	assert_true(pte_level_has_leaves(1));
	assert_true(pte_level_has_leaves(3));
	assert_false(pte_level_has_leaves(4));
}

static void test_field_masks(void **state)
{
	(void)state;
	assert_int_equal(PTE_ADDR, 0x0000fffffffff000);
	assert_int_equal(PTE_SH, 0x300);
	assert_int_equal(PTE_AF, 0x400);
	assert_int_equal(PTE_S1_ATTRINDX, 0x1c);
	assert_int_equal(PTE_S1_AP, 0xc0);
	assert_int_equal(PTE_S1_XN, 0x0040000000000000);
	assert_int_equal(PTE_S1_PXN, 0x0020000000000000);
	assert_int_equal(PTE_S2_MEMATTR, 0x3c);
	assert_int_equal(PTE_S2_S2AP, 0xc0);
	assert_int_equal(PTE_S2_XN, 0x0060000000000000);
	assert_int_equal(PTE_CONTIGUOUS, 0x0010000000000000);
}

static void test_mair(void **state)
{
	(void)state;
	/* Attr0 = 0x04 Device-nGnRE, Attr1 = 0xff Normal WB RA/WA, Attr2 = 0x00 Device-nGnRnE. */
	assert_int_equal(MAIR_EL2_VALUE, 0xff04);
	assert_int_equal(MAIR_IDX_DEVICE_nGnRE, 0);
	assert_int_equal(MAIR_IDX_NORMAL, 1);
	assert_int_equal(MAIR_IDX_DEVICE_nGnRnE, 2);
}

static void test_table_descriptor(void **state)
{
	uint64_t d = pte_table(pa(0x0000008812345000));

	(void)state;
	assert_int_equal(d, 0x0000008812345003);
	assert_true(pte_is_table(d, 0));
	assert_true(pte_is_table(d, 2));
	assert_false(pte_is_table(d, 3));
	assert_false(pte_is_leaf(d, 1));
	assert_int_equal(pa_val(pte_addr(d)), 0x0000008812345000);
}

static void test_s2_normal(void **state)
{
	(void)state;
	/* page: valid|page 0x3, MemAttr 1111 0x3c, S2AP 11 0xc0, SH 11 0x300, AF 0x400 */
	assert_int_equal(pte_s2_leaf(pa(0x40001000), PTE_MEM_NORMAL, PTE_PERM_RWX, 3), 0x400017ff);
	/* level-2 block without X: XN = 10 sets bit 54 */
	assert_int_equal(pte_s2_leaf(pa(0x40200000), PTE_MEM_NORMAL, PTE_PERM_RW, 2), 0x00400000402007fd);
	/* level-1 block read+execute: S2AP 01 = 0x40 */
	assert_int_equal(pte_s2_leaf(pa(0x80000000), PTE_MEM_NORMAL, PTE_PERM_RX, 1), 0x8000077d);
	/* write-only: S2AP 10 = 0x80 */
	assert_int_equal(pte_s2_leaf(pa(0x1000), PTE_MEM_NORMAL, PTE_PERM_W, 3), 0x00400000000017bf);
	/* top of the 48-bit output range */
	assert_int_equal(pte_s2_leaf(pa(0x0000fffffffff000), PTE_MEM_NORMAL, PTE_PERM_RWX, 3), 0x0000fffffffff7ff);
}

static void test_s2_device(void **state)
{
	(void)state;
	/* nGnRE page RW: MemAttr 0001 = 0x04, XN */
	assert_int_equal(pte_s2_leaf(pa(0x09000000), PTE_MEM_DEVICE_nGnRE, PTE_PERM_RW, 3), 0x00400000090007c7);
	/* nGnRnE level-2 block RO: MemAttr 0000, S2AP 01 */
	assert_int_equal(pte_s2_leaf(pa(0x08000000), PTE_MEM_DEVICE_nGnRnE, PTE_PERM_R, 2), 0x0040000008000741);
}

static void test_s1_el2(void **state)
{
	(void)state;
	/* Normal RW page: AttrIndx 1 = 0x04, AP[2:1] 01 = 0x40 (AP[1] RES1), XN bit 54 */
	assert_int_equal(pte_s1_leaf(pa(0x40000000), PTE_MEM_NORMAL, PTE_PERM_RW, 3), 0x0040000040000747);
	/* Normal RX level-2 block: AP 11 = 0xc0, executable */
	assert_int_equal(pte_s1_leaf(pa(0x40200000), PTE_MEM_NORMAL, PTE_PERM_RX, 2), 0x402007c5);
	/* Normal RO level-1 block */
	assert_int_equal(pte_s1_leaf(pa(0x40000000), PTE_MEM_NORMAL, PTE_PERM_R, 1), 0x00400000400007c5);
	/* Device-nGnRE RW page: AttrIndx 0 */
	assert_int_equal(pte_s1_leaf(pa(0x09000000), PTE_MEM_DEVICE_nGnRE, PTE_PERM_RW, 3), 0x0040000009000743);
	/* Device-nGnRnE RW level-2 block: AttrIndx 2 = 0x08 */
	assert_int_equal(pte_s1_leaf(pa(0x08000000), PTE_MEM_DEVICE_nGnRnE, PTE_PERM_RW, 2), 0x0040000008000749);
}

static void test_leaf_refusals(void **state)
{
	(void)state;
	assert_int_equal(pte_s2_leaf(pa(0), PTE_MEM_NORMAL, PTE_PERM_RW, 0), 0);
	assert_int_equal(pte_s2_leaf(pa(0), PTE_MEM_NORMAL, PTE_PERM_RW, 4), 0);
	assert_int_equal(pte_s1_leaf(pa(0), PTE_MEM_NORMAL, PTE_PERM_RW, 0), 0);
	/* output not aligned to the level's size */
	assert_int_equal(pte_s2_leaf(pa(0x40200000), PTE_MEM_NORMAL, PTE_PERM_RW, 1), 0);
	assert_int_equal(pte_s2_leaf(pa(0x40001000), PTE_MEM_NORMAL, PTE_PERM_RW, 2), 0);
	assert_int_equal(pte_s1_leaf(pa(0x40000800), PTE_MEM_NORMAL, PTE_PERM_RW, 3), 0);
	/* output at or above 2^48 */
	assert_int_equal(pte_s2_leaf(pa(0x0001000000000000), PTE_MEM_NORMAL, PTE_PERM_RW, 3), 0);
	/* executable device memory */
	assert_int_equal(pte_s2_leaf(pa(0x09000000), PTE_MEM_DEVICE_nGnRE, PTE_PERM_RWX, 3), 0);
	assert_int_equal(pte_s1_leaf(pa(0x09000000), PTE_MEM_DEVICE_nGnRnE, PTE_PERM_RX, 3), 0);
	/* stage 1: W+X, no read, nothing */
	assert_int_equal(pte_s1_leaf(pa(0x40000000), PTE_MEM_NORMAL, PTE_PERM_RWX, 3), 0);
	assert_int_equal(pte_s1_leaf(pa(0x40000000), PTE_MEM_NORMAL, PTE_PERM_W, 3), 0);
	assert_int_equal(pte_s1_leaf(pa(0x40000000), PTE_MEM_NORMAL, 0, 3), 0);
	/* stage 2: no access at all, unknown permission bit */
	assert_int_equal(pte_s2_leaf(pa(0x40000000), PTE_MEM_NORMAL, 0, 3), 0);
	assert_int_equal(pte_s2_leaf(pa(0x40000000), PTE_MEM_NORMAL, PTE_PERM_R | 8u, 3), 0);
}

static void test_attrs_valid(void **state)
{
	(void)state;
	assert_true(pte_s1_attrs_valid(PTE_MEM_NORMAL, PTE_PERM_R));
	assert_true(pte_s1_attrs_valid(PTE_MEM_NORMAL, PTE_PERM_RX));
	assert_true(pte_s1_attrs_valid(PTE_MEM_DEVICE_nGnRE, PTE_PERM_RW));
	assert_false(pte_s1_attrs_valid(PTE_MEM_NORMAL, PTE_PERM_RWX));
	assert_false(pte_s1_attrs_valid(PTE_MEM_NORMAL, PTE_PERM_X));
	assert_false(pte_s1_attrs_valid(PTE_MEM_DEVICE_nGnRE, PTE_PERM_RX));
	assert_true(pte_s2_attrs_valid(PTE_MEM_NORMAL, PTE_PERM_RWX));
	assert_true(pte_s2_attrs_valid(PTE_MEM_NORMAL, PTE_PERM_X));
	assert_true(pte_s2_attrs_valid(PTE_MEM_DEVICE_nGnRnE, PTE_PERM_W));
	assert_false(pte_s2_attrs_valid(PTE_MEM_DEVICE_nGnRnE, PTE_PERM_X));
	assert_false(pte_s2_attrs_valid(PTE_MEM_NORMAL, 0));
}

static void test_classification(void **state)
{
	unsigned level;

	(void)state;
	for (level = 0; level <= 3; level++) {
		/* 0b00 and 0b10: invalid whatever the level */
		assert_false(pte_is_leaf(0x40000000, level));
		assert_false(pte_is_table(0x40000000, level));
		assert_false(pte_is_leaf(0x40000002, level));
		assert_false(pte_is_table(0x40000002, level));
	}
	/* 0b01: a block at levels 1-2, nothing at level 0 (4 KiB granule) or 3 (reserved) */
	assert_false(pte_is_leaf(0x40000001, 0));
	assert_true(pte_is_leaf(0x40000001, 1));
	assert_true(pte_is_leaf(0x40000001, 2));
	assert_false(pte_is_leaf(0x40000001, 3));
	assert_false(pte_is_table(0x40000001, 1));
	/* 0b11: a table at levels 0-2, a page at level 3 */
	assert_true(pte_is_table(0x40000003, 0));
	assert_false(pte_is_leaf(0x40000003, 2));
	assert_true(pte_is_leaf(0x40000003, 3));
	assert_false(pte_is_table(0x40000003, 3));
	/* the address field ignores attributes on both sides */
	assert_int_equal(pa_val(pte_addr(0xfff0123456789fff)), 0x0000123456789000);
}

static void test_decode_hand_built(void **state)
{
	enum pte_mem mem;
	unsigned perms;

	(void)state;
	/* stage 2, MemAttr 0001, S2AP 10, XN 00 */
	assert_true(pte_s2_decode(0x0000000009000787, &mem, &perms));
	assert_int_equal(mem, PTE_MEM_DEVICE_nGnRE);
	assert_int_equal(perms, PTE_PERM_W | PTE_PERM_X);
	/* stage 2, MemAttr 0101 (Normal non-cacheable outer): never written here */
	assert_false(pte_s2_decode(0x0000000040000757, &mem, &perms));
	/* stage 2, XN 01 (FEAT_XNX): never written here */
	assert_false(pte_s2_decode(0x00200000400007ff, &mem, &perms));
	/* stage 1, AttrIndx 2, AP 11, XN clear */
	assert_true(pte_s1_decode(0x00000000400007cb, &mem, &perms));
	assert_int_equal(mem, PTE_MEM_DEVICE_nGnRnE);
	assert_int_equal(perms, PTE_PERM_RX);
	/* stage 1, AttrIndx 3: no MAIR attribute there */
	assert_false(pte_s1_decode(0x004000004000074f, &mem, &perms));
	/* stage 1, AP[1] clear (RES1 at EL2) */
	assert_false(pte_s1_decode(0x0040000040000707, &mem, &perms));
}

/* Every leaf an encoder accepts decodes back to what went in. */
static void test_round_trip(void **state)
{
	static const enum pte_mem mems[] = { PTE_MEM_NORMAL, PTE_MEM_DEVICE_nGnRE, PTE_MEM_DEVICE_nGnRnE };
	unsigned m, perms, level, encoded = 0;

	(void)state;
	for (m = 0; m < 3; m++) {
		for (perms = 0; perms <= PTE_PERM_RWX; perms++) {
			for (level = 1; level <= 3; level++) {
				pa_t out = pa(0x0000800000000000);
				uint64_t s1 = pte_s1_leaf(out, mems[m], perms, level);
				uint64_t s2 = pte_s2_leaf(out, mems[m], perms, level);
				enum pte_mem got_mem;
				unsigned got_perms;

				assert_int_equal(s1 != 0, pte_s1_attrs_valid(mems[m], perms));
				assert_int_equal(s2 != 0, pte_s2_attrs_valid(mems[m], perms));
				if (s1) {
					assert_true(pte_is_leaf(s1, level));
					assert_int_equal(pa_val(pte_addr(s1)), pa_val(out));
					assert_true(pte_s1_decode(s1, &got_mem, &got_perms));
					assert_int_equal(got_mem, mems[m]);
					assert_int_equal(got_perms, perms);
					encoded++;
				}
				if (s2) {
					assert_true(pte_is_leaf(s2, level));
					assert_int_equal(pa_val(pte_addr(s2)), pa_val(out));
					assert_true(pte_s2_decode(s2, &got_mem, &got_perms));
					assert_int_equal(got_mem, mems[m]);
					assert_int_equal(got_perms, perms);
					encoded++;
				}
			}
		}
	}
	/* s1: normal R, RW, RX + 2 device types x (R, RW) = 7; s2: normal 7 + device 2 x 3 = 13 */
	assert_int_equal(encoded, (7 + 13) * 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_sizes),
		cmocka_unit_test(test_field_masks),
		cmocka_unit_test(test_mair),
		cmocka_unit_test(test_table_descriptor),
		cmocka_unit_test(test_s2_normal),
		cmocka_unit_test(test_s2_device),
		cmocka_unit_test(test_s1_el2),
		cmocka_unit_test(test_leaf_refusals),
		cmocka_unit_test(test_attrs_valid),
		cmocka_unit_test(test_classification),
		cmocka_unit_test(test_decode_hand_built),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
