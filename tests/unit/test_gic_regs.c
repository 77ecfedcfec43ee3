/* GICv3 register encoders (core/hw/gic_regs.c). Expected values are assembled by hand from the
 * field positions in the GICv3 specification (IHI 0069):
 *
 *   ICC_SGI1R_EL1: TargetList [15:0], Aff1 [23:16], INTID [27:24], Aff2 [39:32], IRM [40],
 *                  RS [47:44], Aff3 [55:48]
 *   GICD_IROUTER:  Aff0 [7:0], Aff1 [15:8], Aff2 [23:16], IRM [31], Aff3 [39:32]
 *   GICR_TYPER.Affinity_Value (bits 63:32 of GICR_TYPER): Aff3 [31:24], Aff2 [23:16], Aff1 [15:8],
 *                  Aff0 [7:0]
 *   GICD_ICFGR<n>: interrupt 16n + k in bits [2k+1:2k], 0b10 edge, 0b00 level
 *   MPIDR_EL1:     Aff0 [7:0], Aff1 [15:8], Aff2 [23:16], MT [24], U [30], RES1 [31], Aff3 [39:32] */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/hw/gic_regs.h"

/* Aff3 0x56, Aff2 0x34, Aff1 0x12, Aff0 0x03, with RES1 bit 31 and MT bit 24 set. */
#define MPIDR_SAMPLE 0x5681341203ull

static void test_sgi1r(void **state)
{
	(void)state;
	/* TargetList bit 3, Aff1 0x12, INTID 9, Aff2 0x34, Aff3 0x56 */
	assert_int_equal(gic_sgi1r_to(9, MPIDR_SAMPLE), 0x0056003409120008ull);
	/* QEMU's CPU 2: MPIDR 0x80000002 -> TargetList bit 2 only */
	assert_int_equal(gic_sgi1r_to(8, 0x80000002ull), 0x0000000008000004ull);
	/* Aff0 0x13: RS 1, TargetList bit 3 */
	assert_int_equal(gic_sgi1r_to(0, 0x13), 0x0000100000000008ull);
	/* The INTID field is 4 bits: an SGI number beyond 15 cannot leak into Aff1. */
	assert_int_equal(gic_sgi1r_to(0x1f, 0), 0x000000000f000001ull);
}

static void test_irouter(void **state)
{
	(void)state;
	/* Aff3 at 39:32, Aff2.Aff1.Aff0 at 23:0; MPIDR's bit 31 and MT are not routing bits (IRM). */
	assert_int_equal(gic_irouter_to(MPIDR_SAMPLE), 0x5600341203ull);
	assert_int_equal(gic_irouter_to(0x80000001ull), 0x1ull);
}

static void test_typer_affinity(void **state)
{
	(void)state;
	assert_int_equal(gic_typer_affinity(MPIDR_SAMPLE), 0x56341203u);
	assert_int_equal(gic_typer_affinity(0x80000003ull), 0x3u);
}

static void test_icfgr(void **state)
{
	(void)state;
	/* INTID 35: register 2, bits 7:6 */
	assert_int_equal(gic_icfgr_set(0xffffffffu, 35, false), 0xffffff3fu);
	assert_int_equal(gic_icfgr_set(0, 35, true), 0x00000080u);
	/* INTID 47: the last of register 2, bits 31:30 */
	assert_int_equal(gic_icfgr_set(0, 47, true), 0x80000000u);
	assert_int_equal(gic_icfgr_set(0x80000000u, 47, false), 0);
	/* INTID 48: register 3, bits 1:0; neighbours untouched */
	assert_int_equal(gic_icfgr_set(0xaaaaaaa8u, 48, true), 0xaaaaaaaau);
}

static void test_bit_registers(void **state)
{
	(void)state;
	assert_int_equal(gic_bit_reg(31), 0);
	assert_int_equal(gic_bit(31), 0x80000000u);
	assert_int_equal(gic_bit_reg(32), 1);
	assert_int_equal(gic_bit(32), 1u);
	assert_int_equal(gic_bit_reg(1019), 31);
	assert_int_equal(gic_bit(1019), 0x08000000u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sgi1r),          cmocka_unit_test(test_irouter),
		cmocka_unit_test(test_typer_affinity), cmocka_unit_test(test_icfgr),
		cmocka_unit_test(test_bit_registers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
