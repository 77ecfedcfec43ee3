/* The hypervisor's word-at-a-time memcpy, memmove, memset, memcmp, memchr, strlen and strnlen
 * (core/base/mem_words.c), built for the host as bh_*: every destination and source alignment
 * 0..7 (mod 8) with every size 0..160 (the 64-byte loops twice, then every remainder), against
 * byte-at-a-time references written out here. Each buffer lies inside a larger arena filled with
 * a pattern, and every arena byte outside the destination must keep it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/base/mem_words.h"

#define MAX_SIZE 160
#define ALIGNS 8
#define ARENA (MAX_SIZE + 4 * ALIGNS + 32)

/* 8-aligned arenas so that offset k is k bytes past a word boundary. */
static _Alignas(8) unsigned char src_arena[ARENA], dst_arena[ARENA], want_arena[ARENA];

static void fill(unsigned char *a, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		a[i] = (unsigned char)(seed * 131 + i * 7 + 1); /* never 0 for the seeds used */
}

static void ref_copy(unsigned char *d, const unsigned char *s, size_t n)
{
	unsigned char tmp[ARENA];

	for (size_t i = 0; i < n; i++)
		tmp[i] = s[i];
	for (size_t i = 0; i < n; i++)
		d[i] = tmp[i];
}

static void assert_arena(const unsigned char *got, const unsigned char *want, unsigned da, unsigned sa, size_t n)
{
	for (size_t i = 0; i < ARENA; i++)
		if (got[i] != want[i])
			fail_msg("dst align %u src align %u size %zu: byte %zu of the arena is 0x%02x, not 0x%02x", da,
				 sa, n, i, got[i], want[i]);
}

static void test_memcpy_every_alignment_and_size(void **state)
{
	(void)state;
	fill(src_arena, ARENA, 1);
	for (unsigned da = 0; da < ALIGNS; da++)
		for (unsigned sa = 0; sa < ALIGNS; sa++)
			for (size_t n = 0; n <= MAX_SIZE; n++) {
				unsigned char *d = dst_arena + 16 + da;

				fill(dst_arena, ARENA, 2);
				fill(want_arena, ARENA, 2);
				ref_copy(want_arena + 16 + da, src_arena + 16 + sa, n);
				assert_ptr_equal(bh_memcpy(d, src_arena + 16 + sa, n), d);
				assert_arena(dst_arena, want_arena, da, sa, n);
			}
}

/* Source and destination in one arena, every distance -20..20 between them, so that they overlap
 * in both directions and at every relative alignment. */
static void test_memmove_overlapping_both_ways(void **state)
{
	(void)state;
	for (unsigned sa = 0; sa < ALIGNS; sa++)
		for (int dist = -20; dist <= 20; dist++)
			for (size_t n = 0; n <= MAX_SIZE; n++) {
				size_t s = 24 + sa, d = (size_t)((int)s + dist);

				fill(dst_arena, ARENA, 3);
				fill(want_arena, ARENA, 3);
				ref_copy(want_arena + d, want_arena + s, n);
				assert_ptr_equal(bh_memmove(dst_arena + d, dst_arena + s, n), dst_arena + d);
				assert_arena(dst_arena, want_arena, (unsigned)(d % 8), sa, n);
			}
}

static void test_memmove_disjoint_is_a_copy(void **state)
{
	(void)state;
	fill(src_arena, ARENA, 4);
	for (unsigned da = 0; da < ALIGNS; da++)
		for (unsigned sa = 0; sa < ALIGNS; sa++)
			for (size_t n = 0; n <= MAX_SIZE; n++) {
				fill(dst_arena, ARENA, 5);
				fill(want_arena, ARENA, 5);
				ref_copy(want_arena + 16 + da, src_arena + 16 + sa, n);
				bh_memmove(dst_arena + 16 + da, src_arena + 16 + sa, n);
				assert_arena(dst_arena, want_arena, da, sa, n);
			}
}

/* Sources and destinations that end exactly where their heap block ends, and start up to 7 bytes
 * into it: under ASan, any read or write past either end of a block is an error (the arena tests
 * above cannot see a read that strays outside the range but stays inside the arena). */
static void test_copies_stay_inside_exact_heap_blocks(void **state)
{
	(void)state;
	for (unsigned da = 0; da < ALIGNS; da++)
		for (unsigned sa = 0; sa < ALIGNS; sa++)
			for (size_t n = 0; n <= MAX_SIZE; n++) {
				unsigned char *sb = malloc(sa + n ? sa + n : 1), *db = malloc(da + n ? da + n : 1);

				assert_non_null(sb);
				assert_non_null(db);
				fill(want_arena, ARENA, 8);
				fill(sb, sa + n, 8);
				bh_memcpy(db + da, sb + sa, n);
				assert_memory_equal(db + da, want_arena + sa, n);
				/* The same block as source and destination, d before and after s. */
				bh_memmove(sb + sa / 2, sb + sa, n);
				assert_memory_equal(sb + sa / 2, want_arena + sa, n);
				fill(sb, sa + n, 8);
				bh_memmove(sb + sa, sb + sa / 2, n);
				assert_memory_equal(sb + sa, want_arena + sa / 2, n);
				free(sb);
				free(db);
			}
}

static void test_memset_every_alignment_and_size(void **state)
{
	/* 0x1a5 checks that only the low byte of c is stored. */
	static const int values[] = { 0, 0xa5, 0xff, 0x1a5 };

	(void)state;
	for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
		for (unsigned da = 0; da < ALIGNS; da++)
			for (size_t n = 0; n <= MAX_SIZE; n++) {
				unsigned char *d = dst_arena + 16 + da;

				fill(dst_arena, ARENA, 6);
				fill(want_arena, ARENA, 6);
				for (size_t i = 0; i < n; i++)
					want_arena[16 + da + i] = (unsigned char)values[v];
				assert_ptr_equal(bh_memset(d, values[v], n), d);
				assert_arena(dst_arena, want_arena, da, 0, n);
			}
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Equal ranges, then one byte differing in each direction at every position (0x01 against 0xf0:
 * memcmp compares as unsigned char, so 0xf0 is the greater). */
static void test_memcmp_every_alignment_size_and_position(void **state)
{
	(void)state;
	for (unsigned aa = 0; aa < ALIGNS; aa++)
		for (unsigned ba = 0; ba < ALIGNS; ba++)
			for (size_t n = 0; n <= MAX_SIZE; n++) {
				unsigned char *a = src_arena + 16 + aa, *b = dst_arena + 16 + ba;

				memset(a, 0x5a, n);
				memset(b, 0x5a, n);
				assert_int_equal(bh_memcmp(a, b, n), 0);
				for (size_t i = 0; i < n; i++) {
					a[i] = 0x01;
					b[i] = 0xf0;
					assert_int_equal(sign(bh_memcmp(a, b, n)), -1);
					assert_int_equal(sign(bh_memcmp(b, a, n)), 1);
					/* A difference past n does not count. */
					assert_int_equal(bh_memcmp(a, b, i), 0);
					a[i] = 0x5a;
					b[i] = 0x5a;
				}
			}
}

/* strlen, and strnlen at every limit around the length and at SIZE_MAX. */
static void test_strlen_strnlen_every_alignment_and_length(void **state)
{
	(void)state;
	for (unsigned sa = 0; sa < ALIGNS; sa++)
		for (size_t n = 0; n <= MAX_SIZE; n++) {
			char *s = (char *)src_arena + 16 + sa;

			fill(src_arena, ARENA, 7); /* nonzero bytes before and after */
			s[n] = '\0';
			assert_int_equal(bh_strlen(s), n);
			for (size_t max = n > 9 ? n - 9 : 0; max <= n + 9; max++)
				assert_int_equal(bh_strnlen(s, max), max < n ? max : n);
			assert_int_equal(bh_strnlen(s, SIZE_MAX), n);
		}
}

/* Byte-at-a-time reference: the first i < n with p[i] == c, or n. */
static size_t ref_find(const unsigned char *p, unsigned char c, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] != c)
		i++;
	return i;
}

/* memchr at every alignment and size, for a byte that is absent, at each position, and there
 * twice (the first one wins), with bytes around it that differ from it only in bit 7 or bit 0
 * (what a word-wide zero-byte test could confuse); 0x00, 0x80 and 0xff too. */
static void test_memchr_every_alignment_size_and_position(void **state)
{
	static const unsigned char bytes[] = { 0x00, 0x01, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x5a };

	(void)state;
	for (size_t k = 0; k < sizeof(bytes); k++) {
		unsigned char c = bytes[k], near[] = { (unsigned char)(c ^ 0x80), (unsigned char)(c ^ 0x01) };

		for (unsigned sa = 0; sa < ALIGNS; sa++)
			for (size_t n = 0; n <= MAX_SIZE; n++)
				for (size_t at = 0; at <= n; at++) { /* at == n: absent (placed just past n) */
					unsigned char *p = src_arena + 16 + sa;
					size_t want;

					for (size_t i = 0; i < ARENA; i++)
						src_arena[i] = near[i % 2];
					p[at] = c;
					if (at + 3 < n)
						p[at + 3] = c;
					want = ref_find(p, c, n);
					assert_int_equal(want, at < n ? at : n);
					if (want == n)
						assert_null(bh_memchr(p, c, n));
					else
						assert_ptr_equal(bh_memchr(p, c, n), p + want);
				}
	}
	/* c is converted to unsigned char, as the C library's. */
	src_arena[20] = 0xab;
	assert_ptr_equal(bh_memchr(src_arena + 16, 0x1ab, 8), src_arena + 20);
}

/* Without the byte, memchr reads exactly n bytes of an exact heap block (ASan would see one
 * more). */
static void test_memchr_stays_inside_exact_heap_blocks(void **state)
{
	(void)state;
	for (unsigned sa = 0; sa < ALIGNS; sa++)
		for (size_t n = 0; n <= MAX_SIZE; n++) {
			unsigned char *b = malloc(sa + n ? sa + n : 1);

			assert_non_null(b);
			memset(b, 0x33, sa + n);
			assert_null(bh_memchr(b + sa, 0x44, n));
			if (n)
				assert_ptr_equal(bh_memchr(b + sa, 0x33, n), b + sa);
			free(b);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_every_alignment_and_size),
		cmocka_unit_test(test_memmove_overlapping_both_ways),
		cmocka_unit_test(test_memmove_disjoint_is_a_copy),
		cmocka_unit_test(test_copies_stay_inside_exact_heap_blocks),
		cmocka_unit_test(test_memset_every_alignment_and_size),
		cmocka_unit_test(test_memcmp_every_alignment_size_and_position),
		cmocka_unit_test(test_strlen_strnlen_every_alignment_and_length),
		cmocka_unit_test(test_memchr_every_alignment_size_and_position),
		cmocka_unit_test(test_memchr_stays_inside_exact_heap_blocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
