/* A partition's RAM in 2 MiB blocks prepared on first touch (core/partition/lazy_mem.c): block
 * numbering across regions, the bitmap, and the image bytes that overlay a block. Expected values
 * are worked out by hand from the addresses below (2 MiB = 0x200000). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/partition/lazy_mem.h"

/* Two regions: 8 MiB at IPA 0x40000000 (PA 0x48000000), 4 MiB at IPA 0x80000000 (PA 0x50200000):
 * blocks 0-3 and 4-5. */
static struct partition_spec two_regions(void)
{
	struct partition_spec s = { .n_mem = 2 };

	s.mem[0] = (struct part_mem){ 0x40000000, 0x48000000, 0x800000 };
	s.mem[1] = (struct part_mem){ 0x80000000, 0x50200000, 0x400000 };
	return s;
}

static void test_layout(void **state)
{
	struct partition_spec s = two_regions();
	struct lazy_layout l;

	(void)state;
	assert_true(lazy_layout_compute(&s, &l));
	assert_int_equal(l.first_block[0], 0);
	assert_int_equal(l.first_block[1], 4);
	assert_int_equal(l.n_blocks, 6);
	/* 384 MiB (the two-partitions guest and host together) is 192 blocks */
	s.n_mem = 1;
	s.mem[0].size = 384u << 20;
	assert_true(lazy_layout_compute(&s, &l));
	assert_int_equal(l.n_blocks, 192);
}

static void test_layout_refuses_unaligned(void **state)
{
	struct partition_spec s = two_regions();
	struct lazy_layout l;

	(void)state;
	s.mem[1].pa = 0x50100000; /* 1 MiB aligned only */
	assert_false(lazy_layout_compute(&s, &l));
	s = two_regions();
	s.mem[0].ipa = 0x40001000;
	assert_false(lazy_layout_compute(&s, &l));
	s = two_regions();
	s.mem[1].size = 0x401000;
	assert_false(lazy_layout_compute(&s, &l));
	s.n_mem = 0;
	assert_false(lazy_layout_compute(&s, &l));
}

static void test_blocks_of(void **state)
{
	struct partition_spec s = two_regions();
	struct lazy_layout l;
	unsigned first = 99, last = 99;

	(void)state;
	assert_true(lazy_layout_compute(&s, &l));
	assert_true(lazy_blocks_of(&s, &l, 0x40000000, 0, &first, &last));
	assert_int_equal(first, 0);
	assert_int_equal(last, 0);
	/* 0x401ffffc + 8 crosses into the second block */
	assert_true(lazy_blocks_of(&s, &l, 0x401ffffc, 8, &first, &last));
	assert_int_equal(first, 0);
	assert_int_equal(last, 1);
	assert_true(lazy_blocks_of(&s, &l, 0x407fffff, 1, &first, &last));
	assert_int_equal(first, 3);
	assert_int_equal(last, 3);
	assert_true(lazy_blocks_of(&s, &l, 0x80200000, 0x200000, &first, &last));
	assert_int_equal(first, 5);
	assert_int_equal(last, 5);
	/* outside, or across the end of a region */
	assert_false(lazy_blocks_of(&s, &l, 0x40800000, 1, &first, &last));
	assert_false(lazy_blocks_of(&s, &l, 0x407ffffc, 8, &first, &last));
	assert_false(lazy_blocks_of(&s, &l, 0x7fffffff, 1, &first, &last));
}

static void test_block_addr(void **state)
{
	struct partition_spec s = two_regions();
	struct lazy_layout l;
	uint64_t ipa, pa;

	(void)state;
	assert_true(lazy_layout_compute(&s, &l));
	lazy_block_addr(&s, &l, 0, &ipa, &pa);
	assert_int_equal(ipa, 0x40000000);
	assert_int_equal(pa, 0x48000000);
	lazy_block_addr(&s, &l, 3, &ipa, &pa);
	assert_int_equal(ipa, 0x40600000);
	assert_int_equal(pa, 0x48600000);
	lazy_block_addr(&s, &l, 4, &ipa, &pa);
	assert_int_equal(ipa, 0x80000000);
	assert_int_equal(pa, 0x50200000);
	lazy_block_addr(&s, &l, 5, &ipa, &pa);
	assert_int_equal(ipa, 0x80200000);
	assert_int_equal(pa, 0x50400000);
}

static void test_bitmap(void **state)
{
	uint64_t bm[LAZY_BITMAP_WORDS(130)] = { 0 };

	(void)state;
	assert_int_equal(LAZY_BITMAP_WORDS(130), 3);
	assert_int_equal(LAZY_BITMAP_WORDS(64), 1);
	assert_int_equal(LAZY_BITMAP_WORDS(192), 3);
	assert_int_equal(lazy_bitmap_next(bm, 130, 0, true), 130);
	assert_int_equal(lazy_bitmap_next(bm, 130, 0, false), 0);
	lazy_bit_set(bm, 0);
	lazy_bit_set(bm, 63);
	lazy_bit_set(bm, 64);
	lazy_bit_set(bm, 129);
	assert_int_equal(bm[0], 0x8000000000000001);
	assert_int_equal(bm[1], 0x1);
	assert_int_equal(bm[2], 0x2);
	assert_true(lazy_bit_test(bm, 63));
	assert_false(lazy_bit_test(bm, 62));
	assert_int_equal(lazy_bitmap_next(bm, 130, 0, true), 0);
	assert_int_equal(lazy_bitmap_next(bm, 130, 1, true), 63);
	assert_int_equal(lazy_bitmap_next(bm, 130, 65, true), 129);
	assert_int_equal(lazy_bitmap_next(bm, 130, 0, false), 1);
	assert_int_equal(lazy_bitmap_next(bm, 130, 63, false), 65);
	/* the unused bits of the last word never count as clear blocks */
	assert_int_equal(lazy_bitmap_next(bm, 130, 129, false), 130);
	for (unsigned b = 0; b < 130; b++)
		lazy_bit_set(bm, b);
	assert_int_equal(bm[2], 0x3);
	assert_int_equal(lazy_bitmap_next(bm, 130, 0, false), 130);
}

static const uint8_t kernel[0x300000], dtb[0x1000], initrd[0x10];

/* A kernel of 3 MiB at 0x40080000 (blocks 0-1), an initrd of 16 bytes at 0x401ffff8 (straddling
 * blocks 0 and 1), a DT at 0x40600000 (block 3). */
static void test_overlays(void **state)
{
	const struct lazy_image img[3] = {
		{ 0x40600000, dtb, sizeof(dtb) },
		{ 0x40080000, kernel, 0x100000 },
		{ 0x401ffff8, initrd, sizeof(initrd) },
	};
	const struct lazy_image big = { 0x40080000, kernel, sizeof(kernel) };
	struct lazy_overlay ov[3];

	(void)state;
	/* block 0: the kernel's first MiB at 0x80000, then the initrd's first 8 bytes at 0x1ffff8 */
	assert_int_equal(lazy_overlays(0x40000000, LAZY_BLOCK_SIZE, img, 3, ov), 2);
	assert_int_equal(ov[0].offset, 0x80000);
	assert_ptr_equal(ov[0].src, kernel);
	assert_int_equal(ov[0].len, 0x100000);
	assert_int_equal(ov[1].offset, 0x1ffff8);
	assert_ptr_equal(ov[1].src, initrd);
	assert_int_equal(ov[1].len, 8);
	/* block 1: the initrd's last 8 bytes at offset 0 */
	assert_int_equal(lazy_overlays(0x40200000, LAZY_BLOCK_SIZE, img, 3, ov), 1);
	assert_int_equal(ov[0].offset, 0);
	assert_ptr_equal(ov[0].src, initrd + 8);
	assert_int_equal(ov[0].len, 8);
	/* block 2: nothing; block 3: the whole DT at offset 0 */
	assert_int_equal(lazy_overlays(0x40400000, LAZY_BLOCK_SIZE, img, 3, ov), 0);
	assert_int_equal(lazy_overlays(0x40600000, LAZY_BLOCK_SIZE, img, 3, ov), 1);
	assert_int_equal(ov[0].offset, 0);
	assert_int_equal(ov[0].len, 0x1000);
	/* a 3 MiB kernel from 0x40080000 ends at 0x40380000: 0x180000 bytes in block 0, 0x180000 in
	 * block 1, from kernel + 0x180000 */
	assert_int_equal(lazy_overlays(0x40000000, LAZY_BLOCK_SIZE, &big, 1, ov), 1);
	assert_int_equal(ov[0].offset, 0x80000);
	assert_int_equal(ov[0].len, 0x180000);
	assert_int_equal(lazy_overlays(0x40200000, LAZY_BLOCK_SIZE, &big, 1, ov), 1);
	assert_int_equal(ov[0].offset, 0);
	assert_ptr_equal(ov[0].src, kernel + 0x180000);
	assert_int_equal(ov[0].len, 0x180000);
	assert_int_equal(lazy_overlays(0x40400000, LAZY_BLOCK_SIZE, &big, 1, ov), 0);
}

/* The same images seen through 64 KiB chunks: offsets are from the chunk, a chunk wholly inside an
 * image is one overlay of the whole chunk, and an image's edge splits a chunk exactly there. */
static void test_overlays_in_chunks(void **state)
{
	const struct lazy_image img[3] = {
		{ 0x40600000, dtb, sizeof(dtb) },
		{ 0x40080000, kernel, 0x100000 },
		{ 0x401ffff8, initrd, sizeof(initrd) },
	};
	struct lazy_overlay ov[3];

	(void)state;
	/* chunks 0-7 of block 0 are before the kernel */
	assert_int_equal(lazy_overlays(0x40070000, LAZY_CHUNK_SIZE, img, 3, ov), 0);
	/* chunk 8 is the kernel's first 64 KiB, chunk 23 its last */
	assert_int_equal(lazy_overlays(0x40080000, LAZY_CHUNK_SIZE, img, 3, ov), 1);
	assert_int_equal(ov[0].offset, 0);
	assert_ptr_equal(ov[0].src, kernel);
	assert_int_equal(ov[0].len, LAZY_CHUNK_SIZE);
	assert_int_equal(lazy_overlays(0x40170000, LAZY_CHUNK_SIZE, img, 3, ov), 1);
	assert_ptr_equal(ov[0].src, kernel + 0xf0000);
	assert_int_equal(ov[0].len, LAZY_CHUNK_SIZE);
	assert_int_equal(lazy_overlays(0x40180000, LAZY_CHUNK_SIZE, img, 3, ov), 0);
	/* chunk 31: the initrd's first 8 bytes at its very end; chunk 0 of block 1: its last 8 */
	assert_int_equal(lazy_overlays(0x401f0000, LAZY_CHUNK_SIZE, img, 3, ov), 1);
	assert_int_equal(ov[0].offset, 0xfff8);
	assert_ptr_equal(ov[0].src, initrd);
	assert_int_equal(ov[0].len, 8);
	assert_int_equal(lazy_overlays(0x40200000, LAZY_CHUNK_SIZE, img, 3, ov), 1);
	assert_int_equal(ov[0].offset, 0);
	assert_ptr_equal(ov[0].src, initrd + 8);
	assert_int_equal(ov[0].len, 8);
	/* the DT's 4 KiB in the first chunk of block 3, not in the second */
	assert_int_equal(lazy_overlays(0x40600000, LAZY_CHUNK_SIZE, img, 3, ov), 1);
	assert_int_equal(ov[0].len, 0x1000);
	assert_int_equal(lazy_overlays(0x40610000, LAZY_CHUNK_SIZE, img, 3, ov), 0);
}

static void test_chunk_of(void **state)
{
	(void)state;
	assert_int_equal(LAZY_CHUNK_SIZE * LAZY_CHUNKS_PER_BLOCK, LAZY_BLOCK_SIZE);
	assert_int_equal(lazy_chunk_of(0x40000000), 0);
	assert_int_equal(lazy_chunk_of(0x4000ffff), 0);
	assert_int_equal(lazy_chunk_of(0x40010000), 1);
	assert_int_equal(lazy_chunk_of(0x401fffff), 31);
	assert_int_equal(lazy_chunk_of(0x40200000), 0);
	assert_int_equal(lazy_chunk_of(0x8000000000f0000), 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_layout_refuses_unaligned),
		cmocka_unit_test(test_blocks_of),
		cmocka_unit_test(test_block_addr),
		cmocka_unit_test(test_bitmap),
		cmocka_unit_test(test_overlays),
		cmocka_unit_test(test_overlays_in_chunks),
		cmocka_unit_test(test_chunk_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
