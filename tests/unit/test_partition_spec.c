/* Lookups on a partition's spec (core/partition/partition.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/partition/partition.h"

/* Two regions: IPA 0x40000000 (256 MiB) at PA 0x48000000, IPA 0x80000000 (1 MiB) at PA 0x9000000. */
static const struct partition_spec spec = {
	.name = "p",
	.n_mem = 2,
	.mem = { { 0x40000000, 0x48000000, 0x10000000 }, { 0x80000000, 0x9000000, 0x100000 } },
};

static void test_inside_regions(void **state)
{
	uint64_t pa = 0;

	(void)state;
	assert_true(part_ipa_to_pa(&spec, 0x40000000, 4, &pa));
	assert_int_equal(pa, 0x48000000);
	assert_true(part_ipa_to_pa(&spec, 0x4ffffffc, 4, &pa)); /* the last word */
	assert_int_equal(pa, 0x57fffffc);
	assert_true(part_ipa_to_pa(&spec, 0x80000010, 0, &pa)); /* length 0: one byte */
	assert_int_equal(pa, 0x9000010);
}

static void test_outside_or_straddling(void **state)
{
	uint64_t pa = 0x1234;

	(void)state;
	assert_false(part_ipa_to_pa(&spec, 0x3ffffffc, 4, &pa)); /* below */
	assert_false(part_ipa_to_pa(&spec, 0x4ffffffe, 4, &pa)); /* runs past the end */
	assert_false(part_ipa_to_pa(&spec, 0x50000000, 1, &pa)); /* the gap */
	assert_false(part_ipa_to_pa(&spec, 0x80000000, 0x100001, &pa));
	assert_false(part_ipa_to_pa(&spec, UINT64_MAX, 1, &pa));
	assert_int_equal(pa, 0x1234); /* untouched on failure */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inside_regions),
		cmocka_unit_test(test_outside_or_straddling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
