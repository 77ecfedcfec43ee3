/* Emulated-MMIO accesses (core/vdev/vdev.c): decoding a data abort's syndrome, completing a load,
 * and the fault line a refused access produces. Every syndrome is written out by hand from the
 * Arm ARM field positions (D17.2.40: ISV [24], SAS [23:22], SSE [21], SRT [20:16], SF [15],
 * CM [8], S1PTW [7], WnR [6]), with EC 0x24 and IL set (0x92000000):
 *
 *   0x93810040  ISV, SAS 0b10 (word), SRT x1, WnR           STR  W1, [..]
 *   0x93050040  ISV, SAS 0b00 (byte), SRT x5, WnR           STRB W5, [..]
 *   0x931f0040  ISV, SAS 0b00, SRT 31 (wzr), WnR            STRB WZR, [..]
 *   0x93228000  ISV, SAS 0b00, SSE, SRT x2, SF              LDRSB X2, [..]
 *   0x93630000  ISV, SAS 0b01 (half), SSE, SRT x3           LDRSH W3, [..]
 *   0x93c48000  ISV, SAS 0b11 (double), SRT x4, SF          LDR  X4, [..]
 *   0x92000140  CM, WnR (no ISV)                            DC CIVAC
 *   0x92000040  WnR (no ISV)                                STP, write-back forms
 *   0x93810080  ISV, SAS 0b10, SRT x1, S1PTW                a stage-1 walk */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vdev/vdev.h"

static void test_word_store(void **state)
{
	struct vdev_access a;

	(void)state;
	vdev_access_decode(0x93810040, 0x8000004, 0xaabbccdd11223344ull, &a);
	assert_int_equal(a.kind, VDEV_LOAD_STORE);
	assert_int_equal(a.ipa, 0x8000004);
	assert_int_equal(a.size, 4);
	assert_true(a.write);
	assert_int_equal(a.rt, 1);
	assert_int_equal(a.val, 0x11223344); /* only the word the store writes */
	assert_int_equal(a.fault, VDEV_FAULT_NONE);
}

static void test_byte_stores(void **state)
{
	struct vdev_access a;

	(void)state;
	vdev_access_decode(0x93050040, 0x9000000, 0x1234, &a);
	assert_int_equal(a.size, 1);
	assert_int_equal(a.rt, 5);
	assert_int_equal(a.val, 0x34);
	/* WZR: the value is zero whatever the caller read. */
	vdev_access_decode(0x931f0040, 0x9000000, 0xff, &a);
	assert_int_equal(a.rt, 31);
	assert_int_equal(a.val, 0);
}

static void test_loads_extend(void **state)
{
	struct vdev_access a;

	(void)state;
	vdev_access_decode(0x93228000, 0x9000000, 0x5555, &a);
	assert_int_equal(a.kind, VDEV_LOAD_STORE);
	assert_false(a.write);
	assert_int_equal(a.val, 0); /* a load's value comes from the device */
	assert_int_equal(a.rt, 2);
	a.val = 0x80;
	assert_int_equal(vdev_load_result(&a), 0xffffffffffffff80ull);
	a.val = 0x17f; /* bits above the byte are not the load's */
	assert_int_equal(vdev_load_result(&a), 0x7f);

	vdev_access_decode(0x93630000, 0x9000000, 0, &a);
	assert_int_equal(a.size, 2);
	a.val = 0x8001;
	assert_int_equal(vdev_load_result(&a), 0xffff8001ull); /* Wt: the upper half is zero */

	vdev_access_decode(0x93c48000, 0x9000000, 0, &a);
	assert_int_equal(a.size, 8);
	a.val = 0x8000000000000001ull;
	assert_int_equal(vdev_load_result(&a), 0x8000000000000001ull);
}

static void test_not_load_store(void **state)
{
	struct vdev_access a;

	(void)state;
	vdev_access_decode(0x92000140, 0x8010000, 0, &a);
	assert_int_equal(a.kind, VDEV_CACHE_OP);
	assert_int_equal(vdev_not_load_store(&a, "virtual GIC"), VDEV_HANDLED);
	assert_int_equal(a.fault, VDEV_FAULT_NONE);

	vdev_access_decode(0x92000040, 0x8010000, 0, &a);
	assert_int_equal(a.kind, VDEV_NO_SYNDROME);
	assert_int_equal(vdev_not_load_store(&a, "virtual GIC"), VDEV_FAULT);
	assert_int_equal(a.fault, VDEV_FAULT_NO_SYNDROME);

	vdev_access_decode(0x93810080, 0x8010000, 0, &a);
	assert_int_equal(a.kind, VDEV_NO_SYNDROME);
}

static void test_fault_lines(void **state)
{
	struct vdev_access a;
	char buf[160];

	(void)state;
	vdev_access_decode(0x93810040, 0x9000ff0, 0, &a);
	assert_int_equal(vdev_refuse(&a, "virtual UART"), VDEV_FAULT);
	vdev_fault_describe(&a, buf, sizeof(buf));
	assert_string_equal(buf, "virtual UART: 4-byte write at IPA 0x9000ff0 not allowed");

	vdev_access_decode(0x93c48000, 0x80a0000, 0, &a);
	vdev_refuse(&a, "virtual GIC redistributor");
	vdev_fault_describe(&a, buf, sizeof(buf));
	assert_string_equal(buf, "virtual GIC redistributor: 8-byte read at IPA 0x80a0000 not allowed");

	vdev_access_decode(0x92000040, 0x8000000, 0, &a);
	vdev_not_load_store(&a, "virtual GIC");
	vdev_fault_describe(&a, buf, sizeof(buf));
	assert_string_equal(buf, "virtual GIC: access without a valid syndrome (not a single load or store)");

	/* Cut to the buffer, still terminated. */
	vdev_fault_describe(&a, buf, 12);
	assert_string_equal(buf, "virtual GIC");
}

static void test_window(void **state)
{
	struct vdev_access a = { .ipa = 0x9000000 };

	(void)state;
	assert_true(vdev_in_window(&a, 0x9000000, 0x1000));
	a.ipa = 0x9000fff;
	assert_true(vdev_in_window(&a, 0x9000000, 0x1000));
	a.ipa = 0x9001000;
	assert_false(vdev_in_window(&a, 0x9000000, 0x1000));
	a.ipa = 0x8ffffff;
	assert_false(vdev_in_window(&a, 0x9000000, 0x1000));
	a.ipa = UINT64_MAX; /* a window at the top of the address space */
	assert_true(vdev_in_window(&a, UINT64_MAX - 0xfff, 0x1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word_store),   cmocka_unit_test(test_byte_stores),
		cmocka_unit_test(test_loads_extend), cmocka_unit_test(test_not_load_store),
		cmocka_unit_test(test_fault_lines),  cmocka_unit_test(test_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
