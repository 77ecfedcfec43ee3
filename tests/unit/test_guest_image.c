/* arm64 Image header parsing and the boot-protocol memory layout.
 *
 * Headers are built byte by byte from Documentation/arch/arm64/booting.rst: code0/code1 at 0 and 4,
 * then little-endian text_offset (8), image_size (16), flags (24), three reserved words, the
 * magic "ARM\x64" at 56 and a reserved word at 60. Every expected IPA below is worked out by hand
 * from the rules in core/partition/guest_image.h and docs/guest-abi.md:
 *
 *   base    = the first region's IPA rounded up to 2 MiB
 *   kernel  = base + text_offset, reserving image_size
 *   dtb     = (region end - 2 MiB) rounded down to 2 MiB
 *   initrd  = (dtb - initrd size) rounded down to 4 KiB, above the kernel's 2 MiB-rounded end */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/partition/guest_image.h"

#define MiB(x) ((uint64_t)(x) << 20)

static const char why_short[] = "smaller than an arm64 Image header";
static const char why_magic[] = "no arm64 Image header (magic \"ARM\\x64\" missing at offset 56)";
static const char why_be[] = "big-endian kernel";
static const char why_size[] = "image_size in the header is smaller than the file";
static const char why_text[] = "implausible text_offset";
static const char why_fit[] = "kernel image and device tree do not fit the first memory region";
static const char why_initrd[] = "initrd does not fit between the kernel and the device tree";
static const char why_dtb[] = "generated device tree is larger than 2 MiB";

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A header as Linux's head.S lays it out, at the start of a zeroed buffer. */
static void make_header(uint8_t *buf, size_t len, uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
	memset(buf, 0, len);
	/* code0: "add x13, x18, #0x16" (the EFI "MZ" trick), code1: "b" to the real entry. */
	buf[0] = 0x4d;
	buf[1] = 0x5a;
	buf[2] = 0x00;
	buf[3] = 0x91;
	buf[4] = 0x10;
	buf[5] = 0x00;
	buf[6] = 0x00;
	buf[7] = 0x14;
	put_le64(buf + 8, text_offset);
	put_le64(buf + 16, image_size);
	put_le64(buf + 24, flags);
	buf[56] = 'A';
	buf[57] = 'R';
	buf[58] = 'M';
	buf[59] = 0x64;
}

static void expect_reject(const uint8_t *buf, size_t len, const char *expected_why)
{
	struct arm64_image img;
	const char *why = NULL;

	assert_false(arm64_image_parse(buf, len, &img, &why));
	assert_non_null(why);
	assert_string_equal(why, expected_why);
}

static void test_parse_good(void **state)
{
	uint8_t buf[64];
	struct arm64_image img;
	const char *why = NULL;

	(void)state;
	/* flags 0xa: little-endian, 4 KiB pages (bits 2:1 = 1), placement anywhere (bit 3). */
	make_header(buf, sizeof(buf), 0x80000, 0x1a30000, 0xa);
	assert_true(arm64_image_parse(buf, sizeof(buf), &img, &why));
	assert_int_equal(img.text_offset, 0x80000);
	assert_int_equal(img.image_size, 0x1a30000);
	assert_int_equal(img.flags, 0xa);
}

static void test_parse_little_endian_fields(void **state)
{
	uint8_t buf[64];
	struct arm64_image img;
	const char *why = NULL;

	(void)state;
	make_header(buf, sizeof(buf), 0, 0, 0);
	/* Written byte by byte: text_offset 0x0000000000123000, image_size 0x0000000102030400. */
	buf[8 + 1] = 0x30;
	buf[8 + 2] = 0x12;
	buf[16 + 1] = 0x04;
	buf[16 + 2] = 0x03;
	buf[16 + 3] = 0x02;
	buf[16 + 4] = 0x01;
	buf[24 + 1] = 0x02; /* flags bit 9: not the endianness bit */
	assert_true(arm64_image_parse(buf, sizeof(buf), &img, &why));
	assert_int_equal(img.text_offset, 0x123000);
	assert_int_equal(img.image_size, 0x102030400);
	assert_int_equal(img.flags, 0x200);
}

static void test_parse_text_offset_zero(void **state)
{
	uint8_t buf[4096];
	struct arm64_image img;
	const char *why = NULL;

	(void)state;
	/* Linux >= 5.8 uses text_offset 0; image_size equal to the file size is fine. */
	make_header(buf, sizeof(buf), 0, sizeof(buf), 0x2);
	assert_true(arm64_image_parse(buf, sizeof(buf), &img, &why));
	assert_int_equal(img.text_offset, 0);
	assert_int_equal(img.image_size, 4096);
}

static void test_parse_bad_magic(void **state)
{
	uint8_t buf[64];

	(void)state;
	make_header(buf, sizeof(buf), 0x80000, 0x100000, 0);
	buf[59] = 0x65; /* "ARM\x65" */
	expect_reject(buf, sizeof(buf), why_magic);
	make_header(buf, sizeof(buf), 0x80000, 0x100000, 0);
	buf[56] = 'a';
	expect_reject(buf, sizeof(buf), why_magic);
	/* The magic read as a big-endian word. */
	make_header(buf, sizeof(buf), 0x80000, 0x100000, 0);
	buf[56] = 0x64;
	buf[57] = 'M';
	buf[58] = 'R';
	buf[59] = 'A';
	expect_reject(buf, sizeof(buf), why_magic);
	/* All zeroes: e.g. a raw binary without a header. */
	memset(buf, 0, sizeof(buf));
	expect_reject(buf, sizeof(buf), why_magic);
}

static void test_parse_too_short(void **state)
{
	uint8_t buf[64];

	(void)state;
	make_header(buf, sizeof(buf), 0x80000, 0x100000, 0);
	expect_reject(buf, 63, why_short);
	expect_reject(buf, 56, why_short);
	expect_reject(buf, 1, why_short);
	expect_reject(buf, 0, why_short);
}

static void test_parse_big_endian(void **state)
{
	uint8_t buf[64];

	(void)state;
	make_header(buf, sizeof(buf), 0x80000, 0x100000, 0x1);
	expect_reject(buf, sizeof(buf), why_be);
	make_header(buf, sizeof(buf), 0x80000, 0x100000, 0xb);
	expect_reject(buf, sizeof(buf), why_be);
}

static void test_parse_image_size_smaller_than_file(void **state)
{
	uint8_t buf[0x2000];

	(void)state;
	make_header(buf, sizeof(buf), 0, 0x1fff, 0);
	expect_reject(buf, sizeof(buf), why_size);
	make_header(buf, sizeof(buf), 0, 0x40, 0);
	expect_reject(buf, sizeof(buf), why_size);
	/* Exactly the file size is accepted. */
	{
		struct arm64_image img;
		const char *why = NULL;

		make_header(buf, sizeof(buf), 0, 0x2000, 0);
		assert_true(arm64_image_parse(buf, sizeof(buf), &img, &why));
		assert_int_equal(img.image_size, 0x2000);
	}
}

static void test_parse_legacy_image_size_zero(void **state)
{
	static uint8_t buf[0x12345];
	struct arm64_image img;
	const char *why = NULL;

	(void)state;
	/* Before Linux 3.17: image_size 0, text_offset to be taken as 0x80000 whatever it says.
	 * Reserved: the file rounded up to 4 KiB (0x13000) plus 2 MiB (0x200000) for bss. */
	make_header(buf, sizeof(buf), 0, 0, 0);
	assert_true(arm64_image_parse(buf, sizeof(buf), &img, &why));
	assert_int_equal(img.text_offset, 0x80000);
	assert_int_equal(img.image_size, 0x213000);

	make_header(buf, sizeof(buf), 0x1000, 0, 0);
	assert_true(arm64_image_parse(buf, sizeof(buf), &img, &why));
	assert_int_equal(img.text_offset, 0x80000);
	assert_int_equal(img.image_size, 0x213000);

	/* A header-only file: 64 bytes -> 0x1000 + 0x200000. */
	make_header(buf, 64, 0, 0, 0);
	assert_true(arm64_image_parse(buf, 64, &img, &why));
	assert_int_equal(img.image_size, 0x201000);
}

static void test_parse_bad_text_offset(void **state)
{
	uint8_t buf[64];
	struct arm64_image img;
	const char *why = NULL;

	(void)state;
	make_header(buf, sizeof(buf), 0x80800, 0x100000, 0); /* 2 KiB aligned only */
	expect_reject(buf, sizeof(buf), why_text);
	make_header(buf, sizeof(buf), 0x1, 0x100000, 0);
	expect_reject(buf, sizeof(buf), why_text);
	make_header(buf, sizeof(buf), MiB(32), 0x100000, 0); /* 32 MiB: not plausible */
	expect_reject(buf, sizeof(buf), why_text);
	make_header(buf, sizeof(buf), UINT64_C(0xfffffffffffff000), 0x100000, 0);
	expect_reject(buf, sizeof(buf), why_text);
	/* Just below 32 MiB, 4 KiB aligned: accepted. */
	make_header(buf, sizeof(buf), MiB(32) - 0x1000, 0x100000, 0);
	assert_true(arm64_image_parse(buf, sizeof(buf), &img, &why));
	assert_int_equal(img.text_offset, 0x1fff000);
}

/* Layout helpers. */
static const struct part_mem ram_256m = { .ipa = 0x40000000, .pa = 0x48000000, .size = MiB(256) };

static void expect_layout(const struct part_mem *mem, uint64_t text_offset, uint64_t image_size, size_t initrd,
			  size_t dtb, uint64_t kernel_ipa, uint64_t kernel_end, uint64_t dtb_ipa, uint64_t initrd_ipa,
			  uint64_t initrd_end)
{
	struct arm64_image img = { .text_offset = text_offset, .image_size = image_size };
	struct guest_layout lay;
	const char *why = NULL;

	assert_true(guest_layout_compute(mem, &img, initrd, dtb, &lay, &why));
	assert_int_equal(lay.kernel_ipa, kernel_ipa);
	assert_int_equal(lay.kernel_end, kernel_end);
	assert_int_equal(lay.dtb_ipa, dtb_ipa);
	assert_int_equal(lay.initrd_ipa, initrd_ipa);
	assert_int_equal(lay.initrd_end, initrd_end);
}

static void expect_no_layout(const struct part_mem *mem, uint64_t text_offset, uint64_t image_size, size_t initrd,
			     size_t dtb, const char *expected_why)
{
	struct arm64_image img = { .text_offset = text_offset, .image_size = image_size };
	struct guest_layout lay;
	const char *why = NULL;

	assert_false(guest_layout_compute(mem, &img, initrd, dtb, &lay, &why));
	assert_non_null(why);
	assert_string_equal(why, expected_why);
}

static void test_layout_text_offset_zero_no_initrd(void **state)
{
	(void)state;
	/* 0x40000000 + 256 MiB = 0x50000000; DTB in the last 2 MiB block. */
	expect_layout(&ram_256m, 0, MiB(16), 0, 0x2000, 0x40000000, 0x41000000, 0x4fe00000, 0, 0);
	/* Any DTB size up to 2 MiB (and 0) takes the same 2 MiB slot. */
	expect_layout(&ram_256m, 0, MiB(16), 0, 0, 0x40000000, 0x41000000, 0x4fe00000, 0, 0);
	expect_layout(&ram_256m, 0, MiB(16), 0, 1, 0x40000000, 0x41000000, 0x4fe00000, 0, 0);
	expect_layout(&ram_256m, 0, MiB(16), 0, MiB(2), 0x40000000, 0x41000000, 0x4fe00000, 0, 0);
}

static void test_layout_text_offset_0x80000_with_initrd(void **state)
{
	(void)state;
	/* kernel 0x40080000 .. 0x40080000 + 0x1234000 = 0x412b4000.
	 * initrd 0x345678 bytes: 0x4fe00000 - 0x345678 = 0x4faba988 -> 4 KiB down 0x4faba000,
	 * ends 0x4faba000 + 0x345678 = 0x4fdff678. */
	expect_layout(&ram_256m, 0x80000, 0x1234000, 0x345678, 0x10000, 0x40080000, 0x412b4000, 0x4fe00000, 0x4faba000,
		      0x4fdff678);
	/* A page-multiple initrd ends exactly at the DTB: 0x4fe00000 - 0x1000000 = 0x4ee00000. */
	expect_layout(&ram_256m, 0x80000, 0x1234000, MiB(16), 0x10000, 0x40080000, 0x412b4000, 0x4fe00000, 0x4ee00000,
		      0x4fe00000);
	/* One byte: 0x4fdfffff -> 0x4fdff000 .. 0x4fdff001. */
	expect_layout(&ram_256m, 0x80000, 0x1234000, 1, 0x10000, 0x40080000, 0x412b4000, 0x4fe00000, 0x4fdff000,
		      0x4fdff001);
}

static void test_layout_unaligned_region(void **state)
{
	const struct part_mem mem = { .ipa = 0x40100000, .pa = 0x80100000, .size = MiB(128) };

	(void)state;
	/* base 0x40100000 -> 2 MiB up 0x40200000; kernel 0x40280000 .. 0x40480000.
	 * end 0x48100000; 0x48100000 - 2 MiB = 0x47f00000 -> 2 MiB down 0x47e00000.
	 * initrd 16 MiB: 0x47e00000 - 0x1000000 = 0x46e00000. */
	expect_layout(&mem, 0x80000, MiB(2), MiB(16), 0x8000, 0x40280000, 0x40480000, 0x47e00000, 0x46e00000,
		      0x47e00000);
	expect_layout(&mem, 0, MiB(2), 0, 0x8000, 0x40200000, 0x40400000, 0x47e00000, 0, 0);
}

static void test_layout_high_region(void **state)
{
	const struct part_mem mem = { .ipa = UINT64_C(0x880000000), .pa = UINT64_C(0x880000000), .size = MiB(1024) };

	(void)state;
	/* end 0x8c0000000; DTB at 0x8bfe00000; initrd 0x2800000 (40 MiB) at 0x8bd600000. */
	expect_layout(&mem, 0x80000, MiB(30), MiB(40), 0x4000, UINT64_C(0x880080000), UINT64_C(0x881e80000),
		      UINT64_C(0x8bfe00000), UINT64_C(0x8bd600000), UINT64_C(0x8bfe00000));
}

static void test_layout_exact_fit(void **state)
{
	const struct part_mem mem = { .ipa = 0x40000000, .pa = 0x40000000, .size = MiB(4) };

	(void)state;
	/* 2 MiB kernel + 2 MiB DTB slot = the whole 4 MiB region. */
	expect_layout(&mem, 0, MiB(2), 0, 0x1000, 0x40000000, 0x40200000, 0x40200000, 0, 0);
}

static void test_layout_region_too_small(void **state)
{
	const struct part_mem four = { .ipa = 0x40000000, .pa = 0x40000000, .size = MiB(4) };
	const struct part_mem four_and_half = { .ipa = 0x40000000, .pa = 0x40000000, .size = MiB(4) + MiB(1) / 2 };
	const struct part_mem below_block = { .ipa = 0x40100000, .pa = 0x40100000, .size = MiB(1) };

	(void)state;
	/* One byte more than the exact fit leaves less than 2 MiB for the DTB. */
	expect_no_layout(&four, 0, MiB(2) + 1, 0, 0x1000, why_fit);
	/* The kernel alone overruns the region. */
	expect_no_layout(&ram_256m, 0x80000, MiB(256), 0, 0x1000, why_fit);
	expect_no_layout(&ram_256m, 0, MiB(256) + 1, 0, 0x1000, why_fit);
	/* 4.5 MiB: 2.5 MiB remain after the kernel, but the DTB's block (0x40200000) is the
	 * kernel's own last one. */
	expect_no_layout(&four_and_half, 0, MiB(2) + 1, 0, 0x1000, why_fit);
	/* The region does not reach the next 2 MiB boundary: no place for the kernel. */
	expect_no_layout(&below_block, 0, 0x1000, 0, 0x1000, why_fit);
	/* text_offset alone past the region. */
	expect_no_layout(&four, MiB(8), 0x1000, 0, 0x1000, why_fit);
}

static void test_layout_image_size_wraps(void **state)
{
	(void)state;
	/* image_size comes from the guest's header: one that wraps kernel_end past 2^64 must not
	 * look like a small kernel (0x40000000 + 0xfffffffffff00000 = 0x3ff00000 mod 2^64). */
	expect_no_layout(&ram_256m, 0, UINT64_C(0xfffffffffff00000), 0, 0x1000, why_fit);
	expect_no_layout(&ram_256m, 0x80000, ~UINT64_C(0), 0, 0x1000, why_fit);
	expect_no_layout(&ram_256m, 0, UINT64_C(0xffffffffc0000000), MiB(1), 0x1000, why_fit);
}

static void test_layout_initrd_does_not_fit(void **state)
{
	(void)state;
	/* kernel ends 0x41000000 (2 MiB aligned), DTB at 0x4fe00000: 0xee00000 bytes between. */
	expect_layout(&ram_256m, 0, MiB(16), 0xee00000, 0x1000, 0x40000000, 0x41000000, 0x4fe00000, 0x41000000,
		      0x4fe00000);
	expect_no_layout(&ram_256m, 0, MiB(16), 0xee00001, 0x1000, why_initrd);
	/* Larger than everything below the DTB. */
	expect_no_layout(&ram_256m, 0, MiB(16), 0x50000000, 0x1000, why_initrd);
	expect_no_layout(&ram_256m, 0, MiB(16), (size_t)UINT64_C(0xfffffffffffff000), 0x1000, why_initrd);
	/* Kernel ending mid-block: the initrd starts no lower than the next 2 MiB boundary.
	 * kernel 0x40080000 .. 0x412b4000 -> 0x41400000; room 0x4fe00000 - 0x41400000 = 0xea00000. */
	expect_layout(&ram_256m, 0x80000, 0x1234000, 0xea00000, 0x1000, 0x40080000, 0x412b4000, 0x4fe00000, 0x41400000,
		      0x4fe00000);
	expect_no_layout(&ram_256m, 0x80000, 0x1234000, 0xea00001, 0x1000, why_initrd);
}

static void test_layout_dtb_too_large(void **state)
{
	(void)state;
	expect_no_layout(&ram_256m, 0, MiB(16), 0, MiB(2) + 1, why_dtb);
	expect_no_layout(&ram_256m, 0, MiB(16), 0, MiB(4), why_dtb);
	expect_no_layout(&ram_256m, 0, MiB(16), MiB(1), MiB(3), why_dtb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_little_endian_fields),
		cmocka_unit_test(test_parse_text_offset_zero),
		cmocka_unit_test(test_parse_bad_magic),
		cmocka_unit_test(test_parse_too_short),
		cmocka_unit_test(test_parse_big_endian),
		cmocka_unit_test(test_parse_image_size_smaller_than_file),
		cmocka_unit_test(test_parse_legacy_image_size_zero),
		cmocka_unit_test(test_parse_bad_text_offset),
		cmocka_unit_test(test_layout_text_offset_zero_no_initrd),
		cmocka_unit_test(test_layout_text_offset_0x80000_with_initrd),
		cmocka_unit_test(test_layout_unaligned_region),
		cmocka_unit_test(test_layout_high_region),
		cmocka_unit_test(test_layout_exact_fit),
		cmocka_unit_test(test_layout_region_too_small),
		cmocka_unit_test(test_layout_image_size_wraps),
		cmocka_unit_test(test_layout_initrd_does_not_fit),
		cmocka_unit_test(test_layout_dtb_too_large),
	};

	return cmocka_run_group_tests_name("guest_image", tests, NULL, NULL);
}
