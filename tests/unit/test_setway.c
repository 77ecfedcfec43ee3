/* Set/way operations as by-address maintenance of one range (core/mm/setway.c). The CCSIDR_EL1
 * values and DC xSW operands are written out by hand from the Arm ARM field layouts (CCSIDR_EL1:
 * LineSize [2:0] = log2(bytes) - 4, Associativity [12:3] = ways - 1, NumSets [27:13] = sets - 1;
 * DC CISW: Level [3:1], set from bit log2(line bytes), way in the top ceil(log2(ways)) bits).
 *
 *   0x001FE00A  32 KiB, 2 ways, 64-byte lines: 256 sets (a way is 16 KiB)
 *   0x00FFE07A  2 MiB, 16 ways, 64-byte lines: 2048 sets */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/base/bitfield.h"
#include "core/mm/setway.h"

#define L1D 0x001FE00Aull
#define L2 0x00FFE07Aull

struct seen {
	uint64_t addr[16];
	unsigned n;
};

static void record(void *ctx, uint64_t addr)
{
	struct seen *s = ctx;

	if (s->n < 16)
		s->addr[s->n] = addr;
	s->n++;
}

static void test_decode_l1(void **state)
{
	/* Level 0, set 5 (bits [13:6]), way 1 (bit 31). */
	struct setway_op op = setway_decode(0x80000140ull, L1D);

	(void)state;
	assert_int_equal(op.level, 0);
	assert_int_equal(op.line_shift, 6);
	assert_int_equal(op.n_sets, 256);
	assert_int_equal(op.set, 5);
	assert_int_equal(op.way, 1);
}

static void test_decode_l2(void **state)
{
	/* Level 1 (0x2), set 2047 (bits [16:6]), way 3 (bits [31:28]). */
	struct setway_op op = setway_decode(0x3001FFC2ull, L2);

	(void)state;
	assert_int_equal(op.level, 1);
	assert_int_equal(op.n_sets, 2048);
	assert_int_equal(op.set, 2047);
	assert_int_equal(op.way, 3);
}

static void test_lines_of_one_set(void **state)
{
	struct setway_op op = setway_decode(0x00000140ull, L1D); /* set 5, way 0 */
	struct seen s = { 0 };

	(void)state;
	/* 64 KiB from 0x40000000: set 5's line in each 16 KiB way-sized block. */
	assert_int_equal(setway_lines_in_range(&op, 0x40000000ull, 0x10000, record, &s), 4);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.addr[0], 0x40000140ull);
	assert_int_equal(s.addr[1], 0x40004140ull);
	assert_int_equal(s.addr[2], 0x40008140ull);
	assert_int_equal(s.addr[3], 0x4000C140ull);
}

static void test_partial_lines_at_the_edges(void **state)
{
	struct setway_op op = setway_decode(0x00000140ull, L1D);
	struct seen s = { 0 };

	(void)state;
	/* [0x40000150, 0x40008150): the lines at 0x...0140 overlap both ends. */
	assert_int_equal(setway_lines_in_range(&op, 0x40000150ull, 0x8000, record, &s), 3);
	assert_int_equal(s.addr[0], 0x40000140ull);
	assert_int_equal(s.addr[2], 0x40008140ull);
	/* [0x40000180, 0x40004180): the first line ends at the base, so it is not ours. */
	s.n = 0;
	assert_int_equal(setway_lines_in_range(&op, 0x40000180ull, 0x4000, record, &s), 1);
	assert_int_equal(s.addr[0], 0x40004140ull);
}

static void test_other_ways_do_nothing(void **state)
{
	struct setway_op op = setway_decode(0x80000140ull, L1D); /* way 1 */
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(setway_lines_in_range(&op, 0x40000000ull, 0x10000, record, &s), 0);
	assert_int_equal(s.n, 0);
}

static void test_range_at_the_top_of_memory(void **state)
{
	struct setway_op op = setway_decode(0x00000140ull, L1D);
	struct seen s = { 0 };

	(void)state;
	/* The last 32 KiB of the address space: two lines, and no wrap to address 0. */
	assert_int_equal(setway_lines_in_range(&op, 0xFFFFFFFFFFFF8000ull, 0x8000, record, &s), 2);
	assert_int_equal(s.addr[0], 0xFFFFFFFFFFFF8140ull);
	assert_int_equal(s.addr[1], 0xFFFFFFFFFFFFC140ull);
	/* A range that would wrap past the top is no memory at all. */
	assert_int_equal(setway_lines_in_range(&op, 0xFFFFFFFFFFFF8000ull, 0x10000, record, &s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_l1),
		cmocka_unit_test(test_decode_l2),
		cmocka_unit_test(test_lines_of_one_set),
		cmocka_unit_test(test_partial_lines_at_the_edges),
		cmocka_unit_test(test_other_ways_do_nothing),
		cmocka_unit_test(test_range_at_the_top_of_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
