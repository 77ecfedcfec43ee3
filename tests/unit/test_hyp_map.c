/* The hypervisor's EL2 map (core/mm/hyp_map.c), built on the host with a made-up layout: every
 * expected descriptor below is assembled from the Arm ARM's stage-1 field positions (VMSAv8-64
 * block and page descriptors), not from core/hw/pte.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/mm/hyp_map.h"

/* Stage-1 descriptor bits, from the architecture. */
#define D_VALID 0x1ull
#define D_PAGE 0x2ull                  /* level 3: page; levels 0-2: table */
#define D_ATTR(i) ((uint64_t)(i) << 2) /* AttrIndx[2:0] */
#define D_AP_RW (0x1ull << 6)          /* AP[2:1] = 0b01 (AP[1] RES1 at EL2) */
#define D_AP_RO (0x3ull << 6)          /* AP[2:1] = 0b11 */
#define D_SH_INNER (0x3ull << 8)
#define D_AF (1ull << 10)
#define D_XN (1ull << 54)
#define ATTR_DEVICE 0 /* MAIR_EL2 index of Device-nGnRE */
#define ATTR_NORMAL 1 /* MAIR_EL2 index of Normal write-back */

#define NORMAL_RX (D_ATTR(ATTR_NORMAL) | D_AP_RO | D_SH_INNER | D_AF)
#define NORMAL_RO (D_ATTR(ATTR_NORMAL) | D_AP_RO | D_SH_INNER | D_AF | D_XN)
#define NORMAL_RW (D_ATTR(ATTR_NORMAL) | D_AP_RW | D_SH_INNER | D_AF | D_XN)
#define DEVICE_RW (D_ATTR(ATTR_DEVICE) | D_AP_RW | D_SH_INNER | D_AF | D_XN)

#define GIB (1ull << 30)
#define MIB (1ull << 20)
#define LIMIT (512 * GIB)

/* Identity "physical" addresses: a table's pointer is its address, as in the hypervisor. */
static void *id_alloc(void *ctx, unsigned pages, pa_t *out)
{
	void *p = aligned_alloc((size_t)pages * 4096, (size_t)pages * 4096);

	(void)ctx;
	if (p)
		*out = pa((uint64_t)(uintptr_t)p);
	return p;
}

static void id_free(void *ctx, void *ptr, pa_t a, unsigned pages)
{
	(void)ctx;
	(void)a;
	(void)pages;
	free(ptr);
}

static void *id_ptr(void *ctx, pa_t a)
{
	(void)ctx;
	return (void *)(uintptr_t)pa_val(a);
}

static const struct pgtable_alloc id_ops = { id_alloc, id_free, id_ptr, NULL };

/* The image as QEMU virt's build lays it out: text, rodata, then data/bss/heap up to 26 MiB. */
static const struct hyp_image_layout image = { 0x40400000, 0x40424000, 0x4042b000, 0x41e00000 };

static void build(struct pgtable *pt, const struct hyp_map_range *ram, size_t n_ram)
{
	struct hyp_map_layout l = { image, ram, n_ram, LIMIT };

	assert_int_equal(pgtable_init(pt, PGTABLE_STAGE1_EL2, 48, &id_ops), PGTABLE_OK);
	assert_int_equal(hyp_map_build(pt, &l), PGTABLE_OK);
}

/* The raw leaf for `va`, and its level. */
static uint64_t leaf(const struct pgtable *pt, uint64_t va, unsigned *level)
{
	struct pgtable_mapping m;

	assert_int_equal(pgtable_lookup(pt, va, &m), PGTABLE_OK);
	*level = m.level;
	return m.desc;
}

static void expect_desc(const struct pgtable *pt, uint64_t va, unsigned level, uint64_t want)
{
	unsigned got_level;
	uint64_t got = leaf(pt, va, &got_level);

	if (got != want || got_level != level)
		fail_msg("va 0x%llx: level %u desc 0x%016llx, want level %u desc 0x%016llx", (unsigned long long)va,
			 got_level, (unsigned long long)got, level, (unsigned long long)want);
}

/* Every valid leaf in the tables: never writable and executable at once. */
static void walk_wx(const uint64_t *table, unsigned level, size_t entries, size_t *leaves)
{
	for (size_t i = 0; i < entries; i++) {
		uint64_t d = table[i];

		if (!(d & D_VALID))
			continue;
		if (level < 3 && (d & D_PAGE)) {
			walk_wx((const uint64_t *)(uintptr_t)(d & 0x0000fffffffff000ull), level + 1, 512, leaves);
			continue;
		}
		(*leaves)++;
		if (((d >> 6) & 3) == 1 && !(d & D_XN))
			fail_msg("level %u entry %zu: writable and executable: 0x%016llx", level, i,
				 (unsigned long long)d);
		if ((d & (7ull << 2)) == D_ATTR(ATTR_DEVICE) && !(d & D_XN))
			fail_msg("level %u entry %zu: executable Device memory: 0x%016llx", level, i,
				 (unsigned long long)d);
	}
}

static void test_refined_map(void **state)
{
	static const struct hyp_map_range ram[] = { { 0x40000000, 2 * GIB } };
	struct pgtable pt;
	size_t leaves = 0;

	(void)state;
	build(&pt, ram, 1);
	/* The image by sections, in pages. */
	expect_desc(&pt, 0x40400000, 3, 0x40400000 | NORMAL_RX | D_VALID | D_PAGE);
	expect_desc(&pt, 0x40423000, 3, 0x40423000 | NORMAL_RX | D_VALID | D_PAGE);
	expect_desc(&pt, 0x40424000, 3, 0x40424000 | NORMAL_RO | D_VALID | D_PAGE);
	expect_desc(&pt, 0x4042a000, 3, 0x4042a000 | NORMAL_RO | D_VALID | D_PAGE);
	expect_desc(&pt, 0x4042b000, 3, 0x4042b000 | NORMAL_RW | D_VALID | D_PAGE);
	/* The heap: 2 MiB blocks where aligned. */
	expect_desc(&pt, 0x40600000, 2, 0x40600000 | NORMAL_RW | D_VALID);
	expect_desc(&pt, 0x41c00000, 2, 0x41c00000 | NORMAL_RW | D_VALID);
	/* RAM around the image (partitions, staging area): Normal, writable, never executable. */
	expect_desc(&pt, 0x40000000, 2, 0x40000000 | NORMAL_RW | D_VALID);
	expect_desc(&pt, 0x41e00000, 2, 0x41e00000 | NORMAL_RW | D_VALID);
	expect_desc(&pt, 0x80000000, 1, 0x80000000 | NORMAL_RW | D_VALID);
	/* Devices below and above RAM: Device-nGnRE, 1 GiB blocks, execute-never. */
	expect_desc(&pt, 0x09000000, 1, 0x00000000 | DEVICE_RW | D_VALID);
	expect_desc(&pt, 0xc0000000, 1, 0xc0000000 | DEVICE_RW | D_VALID);
	expect_desc(&pt, 0x4010000000ull, 1, 0x4000000000ull | DEVICE_RW | D_VALID);
	/* Nothing at or above the limit. */
	{
		struct pgtable_mapping m;

		assert_int_equal(pgtable_lookup(&pt, LIMIT, &m), PGTABLE_ERR_NOT_MAPPED);
	}
	walk_wx(pt.root, 0, 512, &leaves);
	assert_true(leaves > 512);
	pgtable_destroy(&pt);
}

/* Before the DT is parsed: only the gigabyte holding the image (and the DTB, here the same and
 * once more a second one) is Normal; all other addresses are Device. */
static void test_coarse_map(void **state)
{
	static const struct hyp_map_range special[] = { { 0x40000000, GIB },
							{ 0x40000000, GIB },
							{ 0x13f000000, GIB } };
	struct pgtable pt;
	size_t leaves = 0;

	(void)state;
	build(&pt, special, 3);
	expect_desc(&pt, 0x40400000, 3, 0x40400000 | NORMAL_RX | D_VALID | D_PAGE);
	expect_desc(&pt, 0x7fe00000, 2, 0x7fe00000 | NORMAL_RW | D_VALID);
	expect_desc(&pt, 0x80000000, 1, 0x80000000 | DEVICE_RW | D_VALID);
	expect_desc(&pt, 0x09000000, 1, 0x00000000 | DEVICE_RW | D_VALID);
	/* A DTB gigabyte that is not 1 GiB aligned is still mapped as given, around the Device
	 * gigabytes. */
	expect_desc(&pt, 0x13f000000, 2, 0x13f000000 | NORMAL_RW | D_VALID);
	expect_desc(&pt, 0x13ee00000, 2, 0x13ee00000 | DEVICE_RW | D_VALID);
	walk_wx(pt.root, 0, 512, &leaves);
	pgtable_destroy(&pt);
}

/* An image whose boundaries are not pages, or out of order, is refused before anything is
 * mapped. */
static void test_bad_layout(void **state)
{
	static const struct hyp_map_range ram[] = { { 0x40000000, GIB } };
	const struct hyp_image_layout bad[] = {
		{ 0x40400000, 0x40424800, 0x4042b000, 0x41e00000 },
		{ 0x40400000, 0x4042b000, 0x40424000, 0x41e00000 },
		{ 0x40400000, 0x40400000, 0x4042b000, 0x41e00000 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hyp_map_layout l = { bad[i], ram, 1, LIMIT };
		struct pgtable pt;

		assert_int_equal(pgtable_init(&pt, PGTABLE_STAGE1_EL2, 48, &id_ops), PGTABLE_OK);
		assert_int_equal(hyp_map_build(&pt, &l), PGTABLE_ERR_ALIGN);
		assert_int_equal(pgtable_count_tables(&pt), 1);
		pgtable_destroy(&pt);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refined_map),
		cmocka_unit_test(test_coarse_map),
		cmocka_unit_test(test_bad_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
