/* ESR_ELx decoding (core/hw/esr.c). Every syndrome below is written out by hand from the Arm ARM
 * field positions (D17.2.37: EC [31:26], IL [25], ISS [24:0]; for aborts ISV [24], SAS [23:22],
 * SRT [20:16], S1PTW [7], WnR [6], DFSC/IFSC [5:0]), never produced by the code under test:
 *
 *   0x97c18044  EC 0x25 (100101), IL, ISV, SAS 0b11, SRT x1, SF, WnR, FSC 0x04  (write, TF L0)
 *   0x93c08006  EC 0x24 (100100), IL, ISV, SAS 0b11, SRT x0, SF, read, FSC 0x06 (TF L2)
 *   0x8600000f  EC 0x21 (100001), IL, IFSC 0x0f                       (permission fault L3)
 *   0x82000007  EC 0x20 (100000), IL, IFSC 0x07                       (translation fault L3)
 *   0x9600004b  EC 0x25, IL, WnR, FSC 0x0b                            (access flag fault L3)
 *   0x92000090  EC 0x24, IL, S1PTW, read, FSC 0x10                     (external abort on walk)
 *   0x5a000000  EC 0x16 (010110) HVC        0x5e000000  EC 0x17 (010111) SMC
 *   0x62000000  EC 0x18 (011000) MSR/MRS    0x02000000  EC 0x00, IL: unknown */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/hw/esr.h"

static unsigned fsc_of(uint64_t esr)
{
	return (unsigned)(esr & 0x3f); /* [5:0], written out rather than through ESR_ELx_FSC */
}

static void test_field_masks(void **state)
{
	(void)state;
	assert_int_equal(ESR_ELx_EC, 0xfc000000);
	assert_int_equal(ESR_ELx_IL, 0x02000000);
	assert_int_equal(ESR_ELx_ISS, 0x01ffffff);
	assert_int_equal(ESR_ELx_ISV, 0x01000000);
	assert_int_equal(ESR_ELx_SAS, 0x00c00000);
	assert_int_equal(ESR_ELx_SRT, 0x001f0000);
	assert_int_equal(ESR_ELx_S1PTW, 0x80);
	assert_int_equal(ESR_ELx_WNR, 0x40);
	assert_int_equal(ESR_ELx_FSC, 0x3f);
}

static void test_write_translation_fault_level0(void **state)
{
	const uint64_t esr = 0x97c18044;

	(void)state;
	assert_int_equal(esr_ec(esr), 0x25);
	assert_string_equal(esr_class_name(esr_ec(esr)), "data abort at the same EL");
	assert_true(esr_is_abort(esr));
	assert_true(esr_is_write(esr));
	assert_string_equal(esr_fault_name(fsc_of(esr)), "translation fault, level 0");
	assert_int_equal(FIELD_GET(ESR_ELx_SRT, esr), 1);
	assert_int_equal(FIELD_GET(ESR_ELx_SAS, esr), 3);
	assert_int_equal(FIELD_GET(ESR_ELx_ISV, esr), 1);
}

static void test_read_translation_fault_level2_lower_el(void **state)
{
	const uint64_t esr = 0x93c08006;

	(void)state;
	assert_int_equal(esr_ec(esr), 0x24);
	assert_string_equal(esr_class_name(esr_ec(esr)), "data abort from a lower EL");
	assert_true(esr_is_abort(esr));
	assert_false(esr_is_write(esr));
	assert_string_equal(esr_fault_name(fsc_of(esr)), "translation fault, level 2");
	assert_int_equal(FIELD_GET(ESR_ELx_SRT, esr), 0);
}

static void test_instruction_aborts(void **state)
{
	(void)state;
	assert_int_equal(esr_ec(0x8600000f), 0x21);
	assert_string_equal(esr_class_name(esr_ec(0x8600000f)), "instruction abort at the same EL");
	assert_true(esr_is_abort(0x8600000f));
	assert_string_equal(esr_fault_name(fsc_of(0x8600000f)), "permission fault, level 3");

	assert_int_equal(esr_ec(0x82000007), 0x20);
	assert_string_equal(esr_class_name(esr_ec(0x82000007)), "instruction abort from a lower EL");
	assert_true(esr_is_abort(0x82000007));
	assert_string_equal(esr_fault_name(fsc_of(0x82000007)), "translation fault, level 3");
}

static void test_other_data_faults(void **state)
{
	(void)state;
	assert_true(esr_is_write(0x9600004b));
	assert_string_equal(esr_fault_name(fsc_of(0x9600004b)), "access flag fault, level 3");
	assert_true(esr_is_abort(0x92000090));
	assert_false(esr_is_write(0x92000090));
	assert_int_equal(FIELD_GET(ESR_ELx_S1PTW, 0x92000090), 1);
	assert_string_equal(esr_fault_name(fsc_of(0x92000090)), "synchronous external abort");
}

static void test_fault_names_every_level(void **state)
{
	(void)state;
	assert_string_equal(esr_fault_name(0x00), "address size fault, level 0");
	assert_string_equal(esr_fault_name(0x03), "address size fault, level 3");
	assert_string_equal(esr_fault_name(0x04), "translation fault, level 0");
	assert_string_equal(esr_fault_name(0x05), "translation fault, level 1");
	assert_string_equal(esr_fault_name(0x08), "access flag fault, level 0");
	assert_string_equal(esr_fault_name(0x09), "access flag fault, level 1");
	assert_string_equal(esr_fault_name(0x0a), "access flag fault, level 2");
	assert_string_equal(esr_fault_name(0x0c), "permission fault, level 0");
	assert_string_equal(esr_fault_name(0x0d), "permission fault, level 1");
	assert_string_equal(esr_fault_name(0x0e), "permission fault, level 2");
	assert_string_equal(esr_fault_name(0x10), "synchronous external abort");
	assert_string_equal(esr_fault_name(0x21), "alignment fault");
	assert_string_equal(esr_fault_name(0x30), "TLB conflict abort");
	/* Codes without a name of their own: sync external abort on a walk (0x14), tag check
	 * (0x11), reserved (0x3f). */
	assert_string_equal(esr_fault_name(0x14), "other fault");
	assert_string_equal(esr_fault_name(0x11), "other fault");
	assert_string_equal(esr_fault_name(0x3f), "other fault");
}

static void test_class_names(void **state)
{
	(void)state;
	assert_int_equal(esr_ec(0x5a000000), 0x16);
	assert_string_equal(esr_class_name(esr_ec(0x5a000000)), "HVC");
	assert_int_equal(esr_ec(0x5e000000), 0x17);
	assert_string_equal(esr_class_name(esr_ec(0x5e000000)), "SMC");
	assert_int_equal(esr_ec(0x62000000), 0x18);
	assert_string_equal(esr_class_name(esr_ec(0x62000000)), "system register access");
	assert_int_equal(esr_ec(0x02000000), 0x00);
	assert_string_equal(esr_class_name(esr_ec(0x02000000)), "unknown reason (undefined instruction)");
	assert_string_equal(esr_class_name(0x01), "WFI/WFE");
	assert_string_equal(esr_class_name(0x07), "FP/SIMD access");
	assert_string_equal(esr_class_name(0x0e), "illegal execution state");
	assert_string_equal(esr_class_name(0x15), "SVC");
	assert_string_equal(esr_class_name(0x19), "SVE access");
	assert_string_equal(esr_class_name(0x22), "PC alignment fault");
	assert_string_equal(esr_class_name(0x26), "SP alignment fault");
	assert_string_equal(esr_class_name(0x2f), "SError");
	assert_string_equal(esr_class_name(0x3c), "BRK instruction");
	/* 0x31 is a breakpoint from a lower EL, 0x3f is unallocated. */
	assert_string_equal(esr_class_name(0x31), "other exception class");
	assert_string_equal(esr_class_name(0x3f), "other exception class");
}

static void test_not_aborts(void **state)
{
	(void)state;
	assert_false(esr_is_abort(0x5a000000)); /* HVC */
	assert_false(esr_is_abort(0x5e000000)); /* SMC */
	assert_false(esr_is_abort(0x62000000)); /* MSR/MRS */
	assert_false(esr_is_abort(0xbe000000)); /* EC 0x2f SError */
	assert_false(esr_is_abort(0x8a000000)); /* EC 0x22 PC alignment */
	assert_false(esr_is_abort(0x9a000000)); /* EC 0x26 SP alignment */
	/* Neighbours of the abort classes: 0x23 (unallocated) and 0x27 (unallocated). */
	assert_false(esr_is_abort(0x8e000000));
	assert_false(esr_is_abort(0x9e000000));
}

static void test_upper_bits_ignored(void **state)
{
	/* ESR_EL2[55:32] is ISS2 (FEAT_LS64 and friends): not part of EC. */
	const uint64_t esr = 0x0000001097c18044;

	(void)state;
	assert_int_equal(esr_ec(esr), 0x25);
	assert_true(esr_is_abort(esr));
	assert_true(esr_is_write(esr));
}

/* DFSC/IFSC 0b000100-0b000111: translation fault, levels 0-3; nothing else. */
static void test_translation_fsc(void **state)
{
	(void)state;
	assert_true(esr_fsc_is_translation(0x04));
	assert_true(esr_fsc_is_translation(0x06)); /* level 2: a 2 MiB block not mapped */
	assert_true(esr_fsc_is_translation(0x07));
	assert_false(esr_fsc_is_translation(0x03)); /* address size, level 3 */
	assert_false(esr_fsc_is_translation(0x0a)); /* access flag, level 2 */
	assert_false(esr_fsc_is_translation(0x0f)); /* permission, level 3 */
	assert_false(esr_fsc_is_translation(0x10)); /* synchronous external abort */
	assert_false(esr_fsc_is_translation(0x24));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_masks),
		cmocka_unit_test(test_write_translation_fault_level0),
		cmocka_unit_test(test_read_translation_fault_level2_lower_el),
		cmocka_unit_test(test_instruction_aborts),
		cmocka_unit_test(test_other_data_faults),
		cmocka_unit_test(test_fault_names_every_level),
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_not_aborts),
		cmocka_unit_test(test_upper_bits_ignored),
		cmocka_unit_test(test_translation_fsc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
