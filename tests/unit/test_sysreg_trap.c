/* Trapped system register classification (core/hw/sysreg_trap.c). Each ISS below is written out
 * by hand from the EC 0x18 layout (Arm ARM D17.2.37: Op0 [21:20], Op2 [19:17], Op1 [16:14],
 * CRn [13:10], Rt [9:5], CRm [4:1], Direction [0], 1 = read) and the encodings of the register
 * descriptions, never produced by the code under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/hw/sysreg_trap.h"

static void test_pmu_registers(void **state)
{
	(void)state;
	/* MSR PMCR_EL0, x0: 3,3,c9,c12,0 */
	assert_int_equal(sysreg_trap_classify(0x30E418), SYSREG_TRAP_PMU);
	/* MRS x3, PMCCFILTR_EL0: 3,3,c14,c15,7 */
	assert_int_equal(sysreg_trap_classify(0x3EF87F), SYSREG_TRAP_PMU);
	/* MRS x1, PMINTENSET_EL1: 3,0,c9,c14,1 */
	assert_int_equal(sysreg_trap_classify(0x32243D), SYSREG_TRAP_PMU);
	/* MSR PMEVTYPER0_EL0, x2: 3,3,c14,c12,0 */
	assert_int_equal(sysreg_trap_classify(0x30F858), SYSREG_TRAP_PMU);
	/* MSR PMUSERENR_EL0, xzr: 3,3,c9,c14,0 (what Linux writes at boot) */
	assert_int_equal(sysreg_trap_classify(0x30E7FC), SYSREG_TRAP_PMU);
}

static void test_neighbours_are_not_pmu(void **state)
{
	(void)state;
	/* MSR MDSCR_EL1, x0: 2,0,c0,c2,2 */
	assert_int_equal(sysreg_trap_classify(0x240004), SYSREG_TRAP_OTHER);
	/* MSR PMBLIMITR_EL1, x0 (SPE, not the PMU): 3,0,c9,c10,0 */
	assert_int_equal(sysreg_trap_classify(0x302414), SYSREG_TRAP_OTHER);
	/* MSR ICC_SGI1R_EL1, x0: 3,0,c12,c11,5 */
	assert_int_equal(sysreg_trap_classify(0x3A3016), SYSREG_TRAP_OTHER);
}

static void test_set_way(void **state)
{
	(void)state;
	/* DC CISW, x5: 1,0,c7,c14,2 */
	assert_int_equal(sysreg_trap_classify(0x141CBC), SYSREG_TRAP_SETWAY);
	/* DC ISW, x0: 1,0,c7,c6,2 */
	assert_int_equal(sysreg_trap_classify(0x141C0C), SYSREG_TRAP_SETWAY);
	/* DC CSW, x0: 1,0,c7,c10,2 */
	assert_int_equal(sysreg_trap_classify(0x141C14), SYSREG_TRAP_SETWAY);
	/* DC CIVAC, x0 (by VA): 1,3,c7,c14,1; DC IVAC, x0: 1,0,c7,c6,1 */
	assert_int_equal(sysreg_trap_classify(0x12DC1C), SYSREG_TRAP_OTHER);
	assert_int_equal(sysreg_trap_classify(0x121C0C), SYSREG_TRAP_OTHER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pmu_registers),
		cmocka_unit_test(test_neighbours_are_not_pmu),
		cmocka_unit_test(test_set_way),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
