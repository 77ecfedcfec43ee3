/* core/mm/copy_split.c: how mem_copy_to_poc splits a copy into a head, whole turns of 64-byte
 * lines and a tail. Hand-worked cases, then every small offset and size against the rules the
 * loop relies on, with the three parts replayed by memcpy on host buffers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/mm/copy_split.h"

#define LINE 64u
#define TURN 256u

static void test_hand_worked(void **state)
{
	struct copy_split sp = { 0, 0 };

	(void)state;
	/* A 2 MiB block from an aligned image: all of it is body. */
	assert_true(copy_split_lines(0x48000000, 0x41000000, 0x200000, LINE, TURN, &sp));
	assert_int_equal(sp.lo, 0x48000000);
	assert_int_equal(sp.hi, 0x48200000);
	/* 5430 bytes of DT at a block start: 21 turns (5376 bytes), a 54-byte tail. */
	assert_true(copy_split_lines(0x87e00000, 0x41200008, 5430, LINE, TURN, &sp));
	assert_int_equal(sp.lo, 0x87e00000);
	assert_int_equal(sp.hi, 0x87e00000 + 5376);
	/* Starting 8 bytes into a line: a 56-byte head, then the turns. */
	assert_true(copy_split_lines(0x1008, 0x2008, 1000, LINE, TURN, &sp));
	assert_int_equal(sp.lo, 0x1040);
	assert_int_equal(sp.hi, 0x1040 + 768);
	/* Less than a turn after the head, a source off by 4 bytes, no line boundary inside, a
	 * range that wraps: the plain way, `out` untouched. */
	sp = (struct copy_split){ 1, 2 };
	assert_false(copy_split_lines(0x1008, 0x2008, 56 + 255, LINE, TURN, &sp));
	assert_false(copy_split_lines(0x1000, 0x2004, 4096, LINE, TURN, &sp));
	assert_false(copy_split_lines(0x1001, 0x2001, 62, LINE, TURN, &sp));
	assert_false(copy_split_lines(UINT64_MAX - 100, 0x2000, 4096, LINE, TURN, &sp));
	assert_false(copy_split_lines(0x1000, 0x2000, 0, LINE, TURN, &sp));
	assert_int_equal(sp.lo, 1);
	assert_int_equal(sp.hi, 2);
}

static unsigned char src_buf[4096], dst_buf[4096], want[4096];

/* Every destination and source offset within a line and every size up to three turns and a bit:
 * the body is line aligned, whole turns, with an 8-byte aligned source; the head is shorter than
 * a line; the split is refused only when no turn fits or the source is misaligned; and head, body
 * and tail copied separately give the bytes one memcpy gives. */
static void test_every_small_case(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(src_buf); i++)
		src_buf[i] = (unsigned char)(i * 7 + 3);
	for (uint64_t doff = 0; doff < LINE; doff += 3) {
		for (uint64_t soff = 0; soff < 16; soff++) {
			for (uint64_t size = 0; size < 3 * TURN + 2 * LINE; size += 5) {
				uint64_t d = 0x10000 + doff, s = 0x20000 + soff, end = d + size;
				uint64_t lo = (d + LINE - 1) & ~(uint64_t)(LINE - 1);
				bool fits = lo < end && (end - lo) >= TURN;
				struct copy_split sp;
				bool ok = copy_split_lines(d, s, size, LINE, TURN, &sp);

				assert_int_equal(ok, fits && ((s + (lo - d)) % 8) == 0);
				if (!ok)
					continue;
				assert_int_equal(sp.lo, lo);
				assert_true(sp.lo - d < LINE);
				assert_int_equal((sp.hi - sp.lo) % TURN, 0);
				assert_true(sp.hi > sp.lo && sp.hi <= end);
				assert_true(end - sp.hi < TURN);
				assert_int_equal((s + (sp.lo - d)) % 8, 0);
				/* Replay on host buffers, destination offsets as above. */
				memset(dst_buf, 0xee, sizeof(dst_buf));
				memset(want, 0xee, sizeof(want));
				memcpy(want + doff, src_buf + soff, size);
				memcpy(dst_buf + doff, src_buf + soff, sp.lo - d);
				memcpy(dst_buf + doff + (sp.lo - d), src_buf + soff + (sp.lo - d), sp.hi - sp.lo);
				memcpy(dst_buf + doff + (sp.hi - d), src_buf + soff + (sp.hi - d), end - sp.hi);
				assert_memory_equal(dst_buf, want, sizeof(want));
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked),
		cmocka_unit_test(test_every_small_case),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
