/* Table builder and VTCR_EL2/TCR_EL2 computation.
 *
 * Tables come from a fake allocator that hands out made-up physical addresses (from FAKE_PA_BASE)
 * unrelated to the host pointers, fills every page with garbage, and checks every free: a pointer
 * used as a physical address, a table the builder forgot to zero, or a leak all show up. Expected
 * descriptors and register values are written out by hand from the Arm ARM field positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/mm/pgtable.h"
#include "core/hw/vtcr.h"

#define FAKE_PA_BASE UINT64_C(0x0000008800000000)
#define FAKE_MAX_BLOCKS 1024

struct fake_block {
	void *ptr;
	uint64_t pa;
	unsigned pages;
	bool live;
};

struct fake_mem {
	struct fake_block blocks[FAKE_MAX_BLOCKS];
	size_t count;
	size_t live_pages;
	uint64_t next_pa;
	int allocs_left; /* negative: unlimited */
	bool misalign;   /* hand out physical addresses off by 0x800 */
};

static struct fake_mem fake;

static void *fake_alloc(void *ctx, unsigned pages, pa_t *out)
{
	struct fake_mem *m = ctx;
	size_t bytes = (size_t)pages * 4096;
	struct fake_block *b;

	assert_true(pages == 1 || pages == 2 || pages == 4 || pages == 8 || pages == 16);
	if (m->allocs_left == 0)
		return NULL;
	if (m->allocs_left > 0)
		m->allocs_left--;
	assert_true(m->count < FAKE_MAX_BLOCKS);
	b = &m->blocks[m->count++];
	b->ptr = aligned_alloc(bytes, bytes);
	assert_non_null(b->ptr);
	memset(b->ptr, 0xa5, bytes);
	m->next_pa = (m->next_pa + bytes - 1) & ~(uint64_t)(bytes - 1);
	b->pa = m->next_pa + (m->misalign ? 0x800 : 0);
	b->pages = pages;
	b->live = true;
	m->next_pa += bytes;
	m->live_pages += pages;
	*out = pa(b->pa);
	return b->ptr;
}

static struct fake_block *fake_find_pa(struct fake_mem *m, uint64_t addr)
{
	size_t i;

	for (i = 0; i < m->count; i++) {
		struct fake_block *b = &m->blocks[i];

		if (b->live && addr >= b->pa && addr - b->pa < (uint64_t)b->pages * 4096)
			return b;
	}
	fail_msg("no live table at fake PA %#llx", (unsigned long long)addr);
	return NULL;
}

static void *fake_table_ptr(void *ctx, pa_t addr)
{
	struct fake_block *b = fake_find_pa(ctx, pa_val(addr));

	return (char *)b->ptr + (pa_val(addr) - b->pa);
}

static void fake_free(void *ctx, void *ptr, pa_t addr, unsigned pages)
{
	struct fake_block *b = fake_find_pa(ctx, pa_val(addr));
	struct fake_mem *m = ctx;

	assert_ptr_equal(b->ptr, ptr);
	assert_int_equal(b->pa, pa_val(addr));
	assert_int_equal(b->pages, pages);
	free(b->ptr);
	b->live = false;
	m->live_pages -= pages;
}

static const struct pgtable_alloc fake_alloc_ops = {
	.alloc_pages = fake_alloc,
	.free_pages = fake_free,
	.table_ptr = fake_table_ptr,
	.ctx = &fake,
};

static int setup(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	fake.next_pa = FAKE_PA_BASE;
	fake.allocs_left = -1;
	return 0;
}

/* Frees what a failed test left behind, so ASan reports only real leaks. */
static int teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < fake.count; i++) {
		if (fake.blocks[i].live)
			free(fake.blocks[i].ptr);
	}
	return 0;
}

static uint64_t *raw_table(uint64_t table_pa)
{
	return fake_table_ptr(&fake, pa(table_pa));
}

/* What the hand walk below needs to know of the table init_ok() made last, worked out here from
 * the Arm ARM rather than read from struct pgtable. */
static struct {
	unsigned in_bits, start_level;
} walk;

static void init_ok(struct pgtable *pt, enum pgtable_stage stage, unsigned bits)
{
	/* 4 KiB granule: level L resolves input bits up to 12 + 9 * (4 - L); the start level is the
	 * last one that can hold the whole input (level 0 at most), where stage 2 may concatenate up
	 * to 16 root tables (4 more bits). Start level 3 is not used. */
	unsigned extra = stage == PGTABLE_STAGE2 ? 4 : 0, level = 2;

	while (level > 0 && bits > 12 + 9 * (4 - level) + extra)
		level--;
	walk.in_bits = bits;
	walk.start_level = level;
	assert_int_equal(pgtable_init(pt, stage, bits, &fake_alloc_ops), PGTABLE_OK);
}

/* The leaf descriptor covering `in`, found without pgtable_lookup: the tables walked by hand in
 * the VMSAv8-64 format, 4 KiB granule. Level L indexes input bits [20 + 9(3-L) : 12 + 9(3-L)];
 * at the start level the index takes every input bit above, which is how concatenated root
 * tables are indexed. Descriptor bits [1:0]: 11 a table (levels 0-2) or a page (level 3), 01 a
 * block (levels 1-2), anything else ends the walk; a table's address is bits [47:12]. Returns
 * the leaf (0 when the walk ends on something else) and its level in *level. */
static uint64_t hand_walk(const struct pgtable *pt, uint64_t in, unsigned *level)
{
	uint64_t table = pa_val(pgtable_root_pa(pt));

	for (unsigned l = walk.start_level; l <= 3; l++) {
		unsigned shift = 12 + 9 * (3 - l);
		uint64_t idx = l == walk.start_level ? (in & ((UINT64_C(1) << walk.in_bits) - 1)) >> shift
						     : (in >> shift) & 511;
		uint64_t d = raw_table(table)[idx];

		*level = l;
		if ((d & 3) == 3 && l < 3) {
			table = d & UINT64_C(0x0000fffffffff000);
			continue;
		}
		if (((d & 3) == 1 && (l == 1 || l == 2)) || ((d & 3) == 3 && l == 3))
			return d;
		return 0;
	}
	return 0;
}

/* The hand walk reaches exactly `desc` at `level` for `in`. */
static void expect_desc(const struct pgtable *pt, uint64_t in, unsigned level, uint64_t desc)
{
	unsigned l;

	assert_int_equal(hand_walk(pt, in, &l), desc);
	assert_int_equal(l, level);
}

static void map_ok(struct pgtable *pt, uint64_t in, uint64_t out, uint64_t size, enum pte_mem mem, unsigned perms)
{
	assert_int_equal(pgtable_map(pt, in, pa(out), size, mem, perms), PGTABLE_OK);
}

/* The leaf covering `in` is at `level` and translates it to `out`, and it is exactly `desc`:
 * both through pgtable_lookup and by the hand walk. */
static void expect_leaf(const struct pgtable *pt, uint64_t in, unsigned level, uint64_t out, uint64_t desc)
{
	struct pgtable_mapping m;

	assert_int_equal(pgtable_lookup(pt, in, &m), PGTABLE_OK);
	assert_int_equal(m.level, level);
	assert_int_equal(pa_val(m.out), out);
	assert_int_equal(m.desc, desc);
	expect_desc(pt, in, level, desc);
}

static void expect_unmapped(const struct pgtable *pt, uint64_t in)
{
	struct pgtable_mapping m;
	unsigned l;

	assert_int_equal(pgtable_lookup(pt, in, &m), PGTABLE_ERR_NOT_MAPPED);
	assert_int_equal(hand_walk(pt, in, &l), 0);
}

static void destroy_and_check(struct pgtable *pt)
{
	pgtable_destroy(pt);
	assert_int_equal(fake.live_pages, 0);
	assert_null(pt->root);
}

/* The Arm ARM's rule for a stage-2 start level (AArch64.S2InconsistentSL), 4 KiB granule: the
 * input must need at least two entries at the start level, and at most 16 concatenated tables. */
static bool arm_s2_start_level_ok(unsigned bits, unsigned level)
{
	unsigned min = (3 - level) * 9 + 12 + 1;

	return bits >= min && bits <= min + 8 + 4;
}

static void test_geometry_stage2(void **state)
{
	static const struct {
		unsigned bits, level, pages;
	} cases[] = {
		{ 25, 2, 1 }, { 30, 2, 1 }, { 31, 2, 2 }, { 32, 2, 4 }, { 33, 2, 8 },  { 34, 2, 16 }, { 35, 1, 1 },
		{ 39, 1, 1 }, { 40, 1, 2 }, { 41, 1, 4 }, { 42, 1, 8 }, { 43, 1, 16 }, { 44, 0, 1 },  { 48, 0, 1 },
	};
	struct pgtable_geometry geo;
	unsigned i, bits;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(pgtable_geometry_for(PGTABLE_STAGE2, cases[i].bits, &geo));
		assert_int_equal(geo.start_level, cases[i].level);
		assert_int_equal(geo.root_pages, cases[i].pages);
	}
	for (bits = 25; bits <= 48; bits++) {
		assert_true(pgtable_geometry_for(PGTABLE_STAGE2, bits, &geo));
		assert_true(arm_s2_start_level_ok(bits, geo.start_level));
	}
	assert_false(pgtable_geometry_for(PGTABLE_STAGE2, 24, &geo));
	assert_false(pgtable_geometry_for(PGTABLE_STAGE2, 49, &geo));
	assert_false(pgtable_geometry_for((enum pgtable_stage)7, 40, &geo));
}

static void test_geometry_stage1(void **state)
{
	static const struct {
		unsigned bits, level;
	} cases[] = {
		{ 25, 2 }, { 30, 2 }, { 31, 1 }, { 39, 1 }, { 40, 0 }, { 48, 0 },
	};
	struct pgtable_geometry geo;
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(pgtable_geometry_for(PGTABLE_STAGE1_EL2, cases[i].bits, &geo));
		assert_int_equal(geo.start_level, cases[i].level);
		assert_int_equal(geo.root_pages, 1);
	}
}

static void test_init_stage2_40bit(void **state)
{
	struct pgtable pt;
	unsigned i;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	assert_int_equal(pt.geo.start_level, 1);
	assert_int_equal(pgtable_count_tables(&pt), 2);
	assert_int_equal(pa_val(pgtable_root_pa(&pt)), FAKE_PA_BASE);
	/* the allocator filled the pages with 0xa5: the builder must have zeroed both */
	for (i = 0; i < 1024; i++)
		assert_int_equal(raw_table(FAKE_PA_BASE)[i], 0);
	destroy_and_check(&pt);
	pgtable_destroy(&pt); /* twice is harmless */
}

static void test_init_rejects(void **state)
{
	struct pgtable_alloc no_free = fake_alloc_ops;
	struct pgtable pt;

	(void)state;
	no_free.free_pages = NULL;
	assert_int_equal(pgtable_init(&pt, PGTABLE_STAGE2, 40, NULL), PGTABLE_ERR_INVALID);
	assert_int_equal(pgtable_init(&pt, PGTABLE_STAGE2, 40, &no_free), PGTABLE_ERR_INVALID);
	assert_int_equal(pgtable_init(&pt, PGTABLE_STAGE2, 24, &fake_alloc_ops), PGTABLE_ERR_INVALID);
	assert_int_equal(pgtable_init(&pt, PGTABLE_STAGE1_EL2, 49, &fake_alloc_ops), PGTABLE_ERR_INVALID);
	assert_int_equal(fake.count, 0);
	destroy_and_check(&pt);

	fake.allocs_left = 0;
	assert_int_equal(pgtable_init(&pt, PGTABLE_STAGE2, 40, &fake_alloc_ops), PGTABLE_ERR_NOMEM);
	destroy_and_check(&pt);

	fake.allocs_left = -1;
	fake.misalign = true;
	assert_int_equal(pgtable_init(&pt, PGTABLE_STAGE2, 40, &fake_alloc_ops), PGTABLE_ERR_ALLOCATOR);
	assert_int_equal(fake.live_pages, 0); /* the bad block went back */
	destroy_and_check(&pt);
}

static void test_1g_block(void **state)
{
	struct pgtable pt;
	struct pgtable_mapping m;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	map_ok(&pt, 0x40000000, 0x40000000, 0x40000000, PTE_MEM_NORMAL, PTE_PERM_RWX);
	assert_int_equal(pgtable_count_tables(&pt), 2); /* root only */
	assert_int_equal(pgtable_lookup(&pt, 0x52345678, &m), PGTABLE_OK);
	assert_int_equal(m.level, 1);
	assert_int_equal(m.size, 0x40000000);
	assert_int_equal(pa_val(m.out), 0x52345678);
	assert_int_equal(m.mem, PTE_MEM_NORMAL);
	assert_int_equal(m.perms, PTE_PERM_RWX);
	/* block: valid, MemAttr 1111, S2AP 11, SH 11, AF */
	assert_int_equal(m.desc, 0x400007fd);
	assert_int_equal(raw_table(FAKE_PA_BASE)[1], 0x400007fd);
	expect_desc(&pt, 0x52345678, 1, 0x400007fd);
	expect_unmapped(&pt, 0x3ffff000);
	expect_unmapped(&pt, 0x80000000);
	destroy_and_check(&pt);
}

static void test_2m_block(void **state)
{
	struct pgtable pt;
	struct pgtable_mapping m;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	map_ok(&pt, 0x40200000, 0x40200000, 0x200000, PTE_MEM_NORMAL, PTE_PERM_RW);
	assert_int_equal(pgtable_count_tables(&pt), 3); /* root (2) + one level-2 table */
	assert_int_equal(pgtable_lookup(&pt, 0x40200000, &m), PGTABLE_OK);
	assert_int_equal(m.level, 2);
	assert_int_equal(m.size, 0x200000);
	assert_int_equal(m.desc, 0x00400000402007fd); /* as above, plus XN = 10 */
	expect_desc(&pt, 0x403fffff, 2, 0x00400000402007fd);
	/* the root's entry 1 is a table descriptor to the next allocation */
	assert_int_equal(raw_table(FAKE_PA_BASE)[1], (FAKE_PA_BASE + 0x2000) | 3);
	expect_unmapped(&pt, 0x40000000);
	expect_unmapped(&pt, 0x40400000);
	destroy_and_check(&pt);
}

/* pages_only (Tegra's SMMU erratum): a 1 GiB-aligned gigabyte becomes 512 level-3 tables of
 * pages, never a block. */
static void test_pages_only(void **state)
{
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	pt.pages_only = true;
	map_ok(&pt, 0x40000000, 0x80000000, 0x40000000, PTE_MEM_NORMAL, PTE_PERM_RW);
	/* root (2 pages) + one level-2 table + 512 level-3 tables */
	assert_int_equal(pgtable_count_tables(&pt), 2 + 1 + 512);
	/* Normal RW page: 0x7ff, XN [54] */
	expect_leaf(&pt, 0x40000000, 3, 0x80000000, 0x00400000800007ff);
	expect_leaf(&pt, 0x7ffff000, 3, 0xbffff000, 0x00400000bffff7ff);
	expect_unmapped(&pt, 0x80000000);
	destroy_and_check(&pt);
}

static void test_pages_when_unaligned(void **state)
{
	struct pgtable pt;
	struct pgtable_mapping m;
	uint64_t off;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	map_ok(&pt, 0x40001000, 0x80005000, 0x3000, PTE_MEM_NORMAL, PTE_PERM_RW);
	assert_int_equal(pgtable_count_tables(&pt), 4); /* root (2) + level 2 + level 3 */
	for (off = 0; off < 0x3000; off += 0x1000)
		expect_leaf(&pt, 0x40001000 + off + 0x123, 3, 0x80005000 + off + 0x123,
			    UINT64_C(0x00400000800057ff) + off);
	assert_int_equal(pgtable_lookup(&pt, 0x40001000, &m), PGTABLE_OK);
	assert_int_equal(m.desc, 0x00400000800057ff); /* page: bits [1:0] 11 */
	expect_unmapped(&pt, 0x40000000);
	expect_unmapped(&pt, 0x40004000);
	destroy_and_check(&pt);
}

/* Pages on both sides of a level-3 table boundary, then page-level overlaps: the first page of
 * a request taken, its last one taken, and a run ending right before a mapped page. */
static void test_page_runs(void **state)
{
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	map_ok(&pt, 0x401fe000, 0x90001000, 0x4000, PTE_MEM_NORMAL, PTE_PERM_RW);
	/* Normal RW page: 0x7ff, XN [54]; each page's output one page on */
	expect_leaf(&pt, 0x401fe000, 3, 0x90001000, 0x00400000900017ff);
	expect_leaf(&pt, 0x401ff000, 3, 0x90002000, 0x00400000900027ff);
	expect_leaf(&pt, 0x40200000, 3, 0x90003000, 0x00400000900037ff);
	expect_leaf(&pt, 0x40201fff, 3, 0x90004fff, 0x00400000900047ff);
	expect_unmapped(&pt, 0x401fd000);
	expect_unmapped(&pt, 0x40202000);
	/* root (2) + level 2 + two level 3 */
	assert_int_equal(pgtable_count_tables(&pt), 5);
	assert_int_equal(pgtable_map(&pt, 0x401ff000, pa(0xa0000000), 0x2000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_EXISTS);
	assert_int_equal(pgtable_map(&pt, 0x401f0000, pa(0xa0000000), 0xf000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_EXISTS);
	expect_unmapped(&pt, 0x401f0000);
	map_ok(&pt, 0x401f0000, 0xa0000000, 0xe000, PTE_MEM_DEVICE_nGnRE, PTE_PERM_RW);
	/* Device-nGnRE RW page: MemAttr 0b0001 [5:2] instead of 0b1111, XN */
	expect_leaf(&pt, 0x401fd000, 3, 0xa000d000, 0x00400000a000d7c7);
	expect_leaf(&pt, 0x401fe000, 3, 0x90001000, 0x00400000900017ff);
	destroy_and_check(&pt);
}

/* page + 2 MiB + 1 GiB + 2 MiB + page in one call. */
static void test_mixed_range(void **state)
{
	const uint64_t in = 0x3fdff000, delta = 0x100000000;
	const uint64_t size = 0x1000 + 0x200000 + 0x40000000 + 0x200000 + 0x1000;
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	map_ok(&pt, in, in + delta, size, PTE_MEM_NORMAL, PTE_PERM_RWX);
	/* Normal RWX: 0x7ff a page, 0x7fd a block (see test_1g_block), output address above */
	expect_leaf(&pt, 0x3fdff000, 3, 0x3fdff000 + delta, 0x13fdff7ff);
	expect_leaf(&pt, 0x3fe00000, 2, 0x3fe00000 + delta, 0x13fe007fd);
	expect_leaf(&pt, 0x40000000, 1, 0x40000000 + delta, 0x1400007fd);
	expect_leaf(&pt, 0x7fffffff, 1, 0x7fffffff + delta, 0x1400007fd);
	expect_leaf(&pt, 0x80000000, 2, 0x80000000 + delta, 0x1800007fd);
	expect_leaf(&pt, 0x80200000, 3, 0x80200000 + delta, 0x1802007ff);
	expect_unmapped(&pt, 0x3fdfe000);
	expect_unmapped(&pt, 0x80201000);
	/* root (2) + L2 and L3 below GiB 0 + L2 and L3 below GiB 2 */
	assert_int_equal(pgtable_count_tables(&pt), 6);
	destroy_and_check(&pt);
}

static void test_output_alignment_limits_blocks(void **state)
{
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	/* input 1 GiB aligned, output only 2 MiB aligned: 512 level-2 blocks */
	map_ok(&pt, 0x40000000, 0x100200000, 0x40000000, PTE_MEM_NORMAL, PTE_PERM_RW);
	expect_leaf(&pt, 0x40000000, 2, 0x100200000, 0x00400001002007fd); /* RW: XN 10 */
	expect_leaf(&pt, 0x7fe00000, 2, 0x140000000, 0x00400001400007fd);
	assert_int_equal(pgtable_count_tables(&pt), 3);
	/* output only 4 KiB aligned: pages */
	map_ok(&pt, 0x80000000, 0x200001000, 0x200000, PTE_MEM_NORMAL, PTE_PERM_RW);
	expect_leaf(&pt, 0x80000000, 3, 0x200001000, 0x00400002000017ff);
	expect_leaf(&pt, 0x801ff000, 3, 0x200200000, 0x00400002002007ff);
	assert_int_equal(pgtable_count_tables(&pt), 5);
	destroy_and_check(&pt);
}

/* A 40-bit IPA space starts at level 1 with two concatenated root tables; IPA bit 39 selects the
 * second one. */
static void test_concatenated_root(void **state)
{
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	map_ok(&pt, 0xffc0000000, 0x40000000, 0x40000000, PTE_MEM_NORMAL, PTE_PERM_RWX);
	map_ok(&pt, 0x8000000000, 0x80000000, 0x40000000, PTE_MEM_NORMAL, PTE_PERM_RWX);
	assert_int_equal(raw_table(FAKE_PA_BASE + 0x1000)[511], 0x400007fd);
	assert_int_equal(raw_table(FAKE_PA_BASE + 0x1000)[0], 0x800007fd);
	assert_int_equal(raw_table(FAKE_PA_BASE)[0], 0);
	expect_leaf(&pt, 0xffffffffff, 1, 0x7fffffff, 0x400007fd);
	assert_int_equal(pgtable_map(&pt, 0x10000000000, pa(0), 0x1000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_RANGE);
	assert_int_equal(pgtable_map(&pt, 0xfffffff000, pa(0), 0x2000, PTE_MEM_NORMAL, PTE_PERM_RW), PGTABLE_ERR_RANGE);
	destroy_and_check(&pt);
}

static void test_overlap_refused(void **state)
{
	struct pgtable pt;
	size_t tables;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	map_ok(&pt, 0x40000000, 0x40000000, 0x200000, PTE_MEM_NORMAL, PTE_PERM_RW);
	tables = pgtable_count_tables(&pt);
	assert_int_equal(pgtable_map(&pt, 0x40000000, pa(0x90000000), 0x1000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_EXISTS);
	/* last page of the block plus the one after: nothing of it may be mapped */
	assert_int_equal(pgtable_map(&pt, 0x401ff000, pa(0x90000000), 0x2000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_EXISTS);
	expect_unmapped(&pt, 0x40200000);
	/* a page just below the block plus the block's first page */
	assert_int_equal(pgtable_map(&pt, 0x3ffff000, pa(0x90000000), 0x2000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_EXISTS);
	expect_unmapped(&pt, 0x3ffff000);
	/* a 1 GiB block over the table holding the 2 MiB block */
	assert_int_equal(pgtable_map(&pt, 0x40000000, pa(0x80000000), 0x40000000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_EXISTS);
	assert_int_equal(pgtable_count_tables(&pt), tables);
	expect_leaf(&pt, 0x40000000, 2, 0x40000000, 0x00400000400007fd);
	/* adjacent is fine */
	map_ok(&pt, 0x40200000, 0x40200000, 0x200000, PTE_MEM_NORMAL, PTE_PERM_RW);
	/* a page, then a block over it */
	map_ok(&pt, 0x80000000, 0x80000000, 0x1000, PTE_MEM_NORMAL, PTE_PERM_RW);
	assert_int_equal(pgtable_map(&pt, 0x80000000, pa(0x80000000), 0x40000000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_EXISTS);
	expect_unmapped(&pt, 0x80001000);
	destroy_and_check(&pt);
}

static void test_map_rejects_bad_args(void **state)
{
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	assert_int_equal(pgtable_map(&pt, 0x40000000, pa(0x40000000), 0, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_EMPTY);
	assert_int_equal(pgtable_map(&pt, 0x40000800, pa(0x40000000), 0x1000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_ALIGN);
	assert_int_equal(pgtable_map(&pt, 0x40000000, pa(0x40000800), 0x1000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_ALIGN);
	assert_int_equal(pgtable_map(&pt, 0x40000000, pa(0x40000000), 0x1800, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_ALIGN);
	assert_int_equal(pgtable_map(&pt, 0xfffffffffffff000, pa(0), 0x2000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_RANGE);
	assert_int_equal(pgtable_map(&pt, 0, pa(0xfffffffff000), 0x2000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_RANGE);
	assert_int_equal(pgtable_map(&pt, 0x9000000, pa(0x9000000), 0x1000, PTE_MEM_DEVICE_nGnRE, PTE_PERM_RWX),
			 PGTABLE_ERR_ATTRS);
	assert_int_equal(pgtable_map(&pt, 0x9000000, pa(0x9000000), 0x1000, PTE_MEM_NORMAL, 0), PGTABLE_ERR_ATTRS);
	assert_int_equal(pgtable_count_tables(&pt), 2); /* nothing allocated by refusals */
	/* the last page below 2^48 is a valid output */
	map_ok(&pt, 0, 0xfffffffff000, 0x1000, PTE_MEM_NORMAL, PTE_PERM_RW);
	expect_leaf(&pt, 0xfff, 3, 0xffffffffffff, 0x0040fffffffff7ff);
	destroy_and_check(&pt);
}

/* The hypervisor's identity map: 48-bit VA, start level 0. */
static void test_stage1_el2_identity(void **state)
{
	struct pgtable pt;
	struct pgtable_mapping m;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE1_EL2, PGTABLE_EL2_VA_BITS);
	assert_int_equal(pt.geo.start_level, 0);
	assert_int_equal(pgtable_count_tables(&pt), 1);
	map_ok(&pt, 0x40000000, 0x40000000, 0x400000, PTE_MEM_NORMAL, PTE_PERM_RW);
	map_ok(&pt, 0x40400000, 0x40400000, 0x200000, PTE_MEM_NORMAL, PTE_PERM_RX);
	map_ok(&pt, 0x40600000, 0x40600000, 0x3fa00000, PTE_MEM_NORMAL, PTE_PERM_R);
	map_ok(&pt, 0x09000000, 0x09000000, 0x1000, PTE_MEM_DEVICE_nGnRE, PTE_PERM_RW);
	map_ok(&pt, 0x800000000000, 0x800000000000, 0x1000, PTE_MEM_DEVICE_nGnRnE, PTE_PERM_RW);

	assert_int_equal(pgtable_lookup(&pt, 0x40000000, &m), PGTABLE_OK);
	assert_int_equal(m.level, 2);
	assert_int_equal(m.desc, 0x0040000040000745); /* AttrIndx 1, AP 01, SH, AF, XN */
	assert_int_equal(m.perms, PTE_PERM_RW);
	expect_desc(&pt, 0x40200000, 2, 0x0040000040200745);
	assert_int_equal(pgtable_lookup(&pt, 0x40400000, &m), PGTABLE_OK);
	assert_int_equal(m.desc, 0x404007c5); /* AP 11, executable */
	assert_int_equal(m.perms, PTE_PERM_RX);
	expect_desc(&pt, 0x40400000, 2, 0x404007c5);
	assert_int_equal(pgtable_lookup(&pt, 0x7ffff000, &m), PGTABLE_OK);
	assert_int_equal(m.perms, PTE_PERM_R);
	expect_desc(&pt, 0x7ffff000, 2, 0x004000007fe007c5); /* AP 11, XN */
	assert_int_equal(pgtable_lookup(&pt, 0x09000000, &m), PGTABLE_OK);
	assert_int_equal(m.level, 3);
	assert_int_equal(m.desc, 0x0040000009000743); /* AttrIndx 0, AP 01, XN */
	assert_int_equal(m.mem, PTE_MEM_DEVICE_nGnRE);
	expect_desc(&pt, 0x09000000, 3, 0x0040000009000743);
	assert_int_equal(pgtable_lookup(&pt, 0x800000000000, &m), PGTABLE_OK);
	assert_int_equal(m.mem, PTE_MEM_DEVICE_nGnRnE);
	expect_desc(&pt, 0x800000000000, 3, 0x004080000000074b); /* AttrIndx 2 (MAIR_EL2 byte 2) */
	expect_desc(&pt, 0x800000001000, 3, 0);                  /* the next page: invalid */

	/* L0 + L1 + L2 (GiB 1) + L2, L3 (UART) + L1, L2, L3 (VA bit 47) */
	assert_int_equal(pgtable_count_tables(&pt), 8);
	assert_int_equal(pgtable_map(&pt, 0x80000000, pa(0x80000000), 0x1000, PTE_MEM_NORMAL, PTE_PERM_RWX),
			 PGTABLE_ERR_ATTRS);
	assert_int_equal(pgtable_map(&pt, 0x80000000, pa(0x80000000), 0x1000, PTE_MEM_DEVICE_nGnRE, PTE_PERM_RX),
			 PGTABLE_ERR_ATTRS);
	destroy_and_check(&pt);
}

static void test_lookup_errors(void **state)
{
	struct pgtable pt;
	struct pgtable_mapping m;
	uint64_t *root;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE1_EL2, 48);
	root = raw_table(pa_val(pgtable_root_pa(&pt)));
	assert_int_equal(pgtable_lookup(&pt, 0x1000000000000, &m), PGTABLE_ERR_RANGE);
	expect_unmapped(&pt, 0);
	/* a block descriptor at level 0 does not exist with a 4 KiB granule */
	root[1] = 0x0000008000000741;
	assert_int_equal(pgtable_lookup(&pt, 0x8000000000, &m), PGTABLE_ERR_BAD_DESC);
	root[1] = 0;
	destroy_and_check(&pt);

	init_ok(&pt, PGTABLE_STAGE2, 40);
	map_ok(&pt, 0x1000, 0x1000, 0x1000, PTE_MEM_NORMAL, PTE_PERM_RW);
	/* root[0] -> L2[0] -> L3: walk by hand to corrupt the leaf */
	root = raw_table(pa_val(pgtable_root_pa(&pt)));
	root = raw_table(root[0] & 0x0000fffffffff000);
	root = raw_table(root[0] & 0x0000fffffffff000);
	assert_int_equal(root[1], 0x00400000000017ff);
	root[1] = 0x0040000000001001; /* bits [1:0] = 01 at level 3: reserved */
	assert_int_equal(pgtable_lookup(&pt, 0x1000, &m), PGTABLE_ERR_BAD_DESC);
	root[1] = 0x0040000000001757; /* MemAttr 0101: not one the builder writes */
	assert_int_equal(pgtable_lookup(&pt, 0x1000, &m), PGTABLE_ERR_BAD_DESC);
	destroy_and_check(&pt);
	assert_int_equal(pgtable_lookup(&pt, 0x1000, &m), PGTABLE_ERR_INVALID);
	assert_int_equal(pgtable_map(&pt, 0x1000, pa(0x1000), 0x1000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_INVALID);
}

/* Out of memory half-way: what is there stays consistent, destroy frees it, and an empty table
 * left behind is reused rather than replaced. */
static void test_nomem_mid_map(void **state)
{
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	fake.allocs_left = 1; /* the level-2 table, not the level-3 one */
	assert_int_equal(pgtable_map(&pt, 0x40001000, pa(0x40001000), 0x1000, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_NOMEM);
	assert_int_equal(pgtable_count_tables(&pt), 3);
	expect_unmapped(&pt, 0x40001000);
	fake.allocs_left = -1;
	map_ok(&pt, 0x40000000, 0x40000000, 0x40000000, PTE_MEM_NORMAL, PTE_PERM_RW);
	expect_leaf(&pt, 0x40001000, 2, 0x40001000, 0x00400000400007fd);
	assert_int_equal(pgtable_count_tables(&pt), 3);
	destroy_and_check(&pt);
}

static void test_strerror(void **state)
{
	int status;

	(void)state;
	for (status = PGTABLE_OK; status >= PGTABLE_ERR_BAD_DESC; status--)
		assert_string_not_equal(pgtable_strerror(status), "unknown page-table error");
	assert_string_equal(pgtable_strerror(-99), "unknown page-table error");
	assert_string_equal(pgtable_strerror(PGTABLE_ERR_EXISTS), "overlaps an existing mapping");
}

static void test_parange_bits(void **state)
{
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned p;

	(void)state;
	for (p = 0; p < 7; p++)
		assert_int_equal(vtcr_parange_bits(p), bits[p]);
	for (p = 7; p < 16; p++)
		assert_int_equal(vtcr_parange_bits(p), 0);
}

/* VTCR_EL2 for a wanted 40-bit IPA on PARange 0..6, 8-bit VMIDs. Fields: T0SZ [5:0], SL0 [7:6],
 * IRGN0 [9:8] = 01, ORGN0 [11:10] = 01, SH0 [13:12] = 11, TG0 [15:14] = 00, PS [18:16], RES1
 * bit 31: the constant part is 0x80003500. */
static void test_vtcr_parange(void **state)
{
	static const struct {
		uint64_t vtcr;
		unsigned ipa_bits, pa_bits;
	} want[] = {
		{ 0x80003520, 32, 32 }, /* T0SZ 32, SL0 00: level 2, 4 root tables */
		{ 0x8001355c, 36, 36 }, /* T0SZ 28, SL0 01: level 1 */
		{ 0x80023558, 40, 40 }, /* T0SZ 24, SL0 01: level 1, 2 root tables */
		{ 0x80033558, 40, 42 }, { 0x80043558, 40, 44 },
		{ 0x80053558, 40, 48 }, { 0x80053558, 40, 48 }, /* 52-bit PA needs LPA2 descriptors: PS stays 48 bits */
	};
	struct vtcr_config cfg;
	unsigned p;

	(void)state;
	for (p = 0; p < 7; p++) {
		/* the other ID_AA64MMFR0 fields must not leak in */
		assert_int_equal(vtcr_compute(0x1120 | p, 0, 40, &cfg), VTCR_OK);
		assert_int_equal(cfg.vtcr_el2, want[p].vtcr);
		assert_int_equal(cfg.ipa_bits, want[p].ipa_bits);
		assert_int_equal(cfg.pa_bits, want[p].pa_bits);
		assert_int_equal(cfg.vmid_bits, 8);
	}
}

static void test_vtcr_large_ipa_and_vmid(void **state)
{
	struct vtcr_config cfg;

	(void)state;
	/* 48 wanted on a 44-bit PA: T0SZ 20, SL0 10 (level 0) */
	assert_int_equal(vtcr_compute(4, 0, 48, &cfg), VTCR_OK);
	assert_int_equal(cfg.vtcr_el2, 0x80043594);
	assert_int_equal(cfg.ipa_bits, 44);
	/* 48 on 48: T0SZ 16 */
	assert_int_equal(vtcr_compute(5, 0, 48, &cfg), VTCR_OK);
	assert_int_equal(cfg.vtcr_el2, 0x80053590);
	/* QEMU cortex-a57: ID_AA64MMFR0 0x1124, ID_AA64MMFR1 0 */
	assert_int_equal(vtcr_compute(0x1124, 0, 40, &cfg), VTCR_OK);
	assert_int_equal(cfg.vtcr_el2, 0x80043558);
	/* VMIDBits [7:4] = 0010: 16-bit VMIDs, VS bit 19 */
	assert_int_equal(vtcr_compute(4, 0x20, 40, &cfg), VTCR_OK);
	assert_int_equal(cfg.vtcr_el2, 0x800c3558);
	assert_int_equal(cfg.vmid_bits, 16);
	/* reserved VMIDBits: 8 bits always work */
	assert_int_equal(vtcr_compute(4, 0x10, 40, &cfg), VTCR_OK);
	assert_int_equal(cfg.vmid_bits, 8);
	assert_int_equal(vtcr_compute(7, 0, 40, &cfg), VTCR_ERR_PARANGE);
	assert_int_equal(vtcr_compute(15, 0, 40, &cfg), VTCR_ERR_PARANGE);
	assert_int_equal(vtcr_compute(4, 0, 24, &cfg), VTCR_ERR_IPA_BITS);
}

/* VTCR_EL2.{T0SZ, SL0} describe exactly the tables pgtable_init() builds, for every size. */
static void test_vtcr_matches_builder(void **state)
{
	struct vtcr_config cfg;
	struct pgtable pt;
	unsigned bits;

	(void)state;
	for (bits = 25; bits <= 48; bits++) {
		uint64_t root_bytes;
		unsigned sl0, level;

		assert_int_equal(vtcr_compute(5, 0, bits, &cfg), VTCR_OK);
		assert_int_equal(cfg.ipa_bits, bits);
		assert_int_equal(cfg.vtcr_el2 & 0x3f, 64 - bits);
		sl0 = (unsigned)(cfg.vtcr_el2 >> 6) & 3;
		level = 2 - sl0; /* 4 KiB granule: SL0 00 = level 2, 01 = level 1, 10 = level 0 */
		assert_true(arm_s2_start_level_ok(bits, level));

		init_ok(&pt, PGTABLE_STAGE2, cfg.ipa_bits);
		assert_int_equal(pt.geo.start_level, level);
		/* the root must hold 2^(bits - level shift) entries of 8 bytes, aligned to its size */
		root_bytes = (uint64_t)8 << (bits - (12 + 9 * (3 - level)));
		if (root_bytes < 0x1000)
			root_bytes = 0x1000;
		assert_int_equal(pgtable_count_tables(&pt), root_bytes / 0x1000);
		assert_int_equal(pa_val(pgtable_root_pa(&pt)) & (root_bytes - 1), 0);
		destroy_and_check(&pt);
	}
}

/* TCR_EL2: T0SZ 16, IRGN0/ORGN0 01, SH0 11, TG0 00, PS, RES1 bits 23 and 31. */
static void test_tcr_el2(void **state)
{
	static const uint64_t want[] = { 0x80803510, 0x80813510, 0x80823510, 0x80833510,
					 0x80843510, 0x80853510, 0x80853510 };
	uint64_t tcr;
	unsigned p;

	(void)state;
	for (p = 0; p < 7; p++) {
		assert_int_equal(tcr_el2_compute(p, &tcr), VTCR_OK);
		assert_int_equal(tcr, want[p]);
	}
	assert_int_equal(tcr_el2_compute(7, &tcr), VTCR_ERR_PARANGE);
}

static void test_vttbr(void **state)
{
	(void)state;
	/* BADDR [47:1], VMID [63:48] */
	assert_int_equal(vttbr_el2_value(pa(0x8800002000), 5), 0x0005008800002000);
	assert_int_equal(vttbr_el2_value(pa(0x8800002000), 0xffff), 0xffff008800002000);
}

/* Blocks mapped one at a time into tables reserved beforehand (a partition's RAM mapped on first
 * touch): the reservation allocates the level-2 table and maps nothing; filling and clearing a
 * leaf then allocates nothing, even when the allocator is empty. */
static void test_reserve_then_fill_blocks(void **state)
{
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	assert_int_equal(pgtable_reserve(&pt, 0x40000000, 0x400000, 2), PGTABLE_OK);
	assert_int_equal(pgtable_count_tables(&pt), 3); /* root (2) + one level-2 table */
	/* the root's entry 1 (IPA 1-2 GiB) is a table descriptor to the third page handed out */
	assert_int_equal(raw_table(FAKE_PA_BASE)[1], (FAKE_PA_BASE + 0x2000) | 3);
	expect_unmapped(&pt, 0x40000000);
	expect_unmapped(&pt, 0x40200000);
	fake.allocs_left = 0;
	/* 2 MiB block, RWX Normal: valid 01, MemAttr 1111, S2AP 11, SH 11, AF, XN 00 */
	assert_int_equal(pgtable_set_leaf(&pt, 0x40200000, pa(0x80200000), 2, PTE_MEM_NORMAL, PTE_PERM_RWX),
			 PGTABLE_OK);
	expect_desc(&pt, 0x40200000, 2, 0x00000000802007fd);
	expect_desc(&pt, 0x403fffff, 2, 0x00000000802007fd);
	expect_unmapped(&pt, 0x40000000);
	assert_int_equal(pgtable_count_tables(&pt), 3);
	assert_int_equal(pgtable_set_leaf(&pt, 0x40200000, pa(0x80200000), 2, PTE_MEM_NORMAL, PTE_PERM_RWX),
			 PGTABLE_ERR_EXISTS);
	/* no table for 2-3 GiB: refused, not allocated */
	assert_int_equal(pgtable_set_leaf(&pt, 0x80000000, pa(0x80000000), 2, PTE_MEM_NORMAL, PTE_PERM_RWX),
			 PGTABLE_ERR_NOT_MAPPED);
	assert_int_equal(pgtable_set_leaf(&pt, 0x40000000, pa(0x80001000), 2, PTE_MEM_NORMAL, PTE_PERM_RWX),
			 PGTABLE_ERR_ALIGN);
	assert_int_equal(pgtable_set_leaf(&pt, 0x40000000, pa(0x80000000), 0, PTE_MEM_NORMAL, PTE_PERM_RWX),
			 PGTABLE_ERR_INVALID);
	/* a leaf in the range: a second reservation refuses it */
	assert_int_equal(pgtable_reserve(&pt, 0x40000000, 0x400000, 2), PGTABLE_ERR_EXISTS);
	assert_int_equal(pgtable_clear_leaf(&pt, 0x40200000, 2), PGTABLE_OK);
	assert_int_equal(raw_table(FAKE_PA_BASE + 0x2000)[1], 0);
	expect_unmapped(&pt, 0x40200000);
	assert_int_equal(pgtable_clear_leaf(&pt, 0x40200000, 2), PGTABLE_OK);           /* already invalid */
	assert_int_equal(pgtable_clear_leaf(&pt, 0x40000000, 1), PGTABLE_ERR_BAD_DESC); /* a table */
	assert_int_equal(pgtable_clear_leaf(&pt, 0x80000000, 2), PGTABLE_ERR_NOT_MAPPED);
	assert_int_equal(pgtable_set_leaf(&pt, 0x40200000, pa(0x80400000), 2, PTE_MEM_NORMAL, PTE_PERM_RW), PGTABLE_OK);
	expect_desc(&pt, 0x40200000, 2, 0x00400000804007fd); /* XN = 10 */
	fake.allocs_left = -1;
	assert_int_equal(pgtable_reserve(&pt, 0x40000000, 0x300000, 2), PGTABLE_ERR_ALIGN);
	assert_int_equal(pgtable_reserve(&pt, 0x40000000, 0, 2), PGTABLE_ERR_EMPTY);
	destroy_and_check(&pt);
}

/* A reservation that crosses the boundary of the tables it needs, at either level: every table it
 * touches exists afterwards (filling needs no allocation), and no other. */
static void test_reserve_across_table_boundaries(void **state)
{
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	/* 2 MiB blocks from 2 MiB below 2 GiB to 2 MiB above it: two level-2 tables */
	assert_int_equal(pgtable_reserve(&pt, 0x7fe00000, 0x400000, 2), PGTABLE_OK);
	assert_int_equal(pgtable_count_tables(&pt), 4); /* root (2) + two level-2 tables */
	fake.allocs_left = 0;
	assert_int_equal(pgtable_set_leaf(&pt, 0x7fe00000, pa(0x80000000), 2, PTE_MEM_NORMAL, PTE_PERM_RW), PGTABLE_OK);
	assert_int_equal(pgtable_set_leaf(&pt, 0x80000000, pa(0x80200000), 2, PTE_MEM_NORMAL, PTE_PERM_RW), PGTABLE_OK);
	assert_int_equal(pgtable_set_leaf(&pt, 0x7fc00000, pa(0x80400000), 2, PTE_MEM_NORMAL, PTE_PERM_RW), PGTABLE_OK);
	assert_int_equal(pgtable_set_leaf(&pt, 0xc0000000, pa(0x80600000), 2, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_NOT_MAPPED);
	fake.allocs_left = -1;
	/* 4 KiB pages across a 2 MiB boundary: two level-3 tables under the level-2 ones */
	assert_int_equal(pgtable_reserve(&pt, 0x1ff000, 0x2000, 3), PGTABLE_OK);
	assert_int_equal(pgtable_count_tables(&pt), 7); /* + one level-2 table, two level-3 tables */
	fake.allocs_left = 0;
	assert_int_equal(pgtable_set_leaf(&pt, 0x1ff000, pa(0x90000000), 3, PTE_MEM_NORMAL, PTE_PERM_RW), PGTABLE_OK);
	assert_int_equal(pgtable_set_leaf(&pt, 0x200000, pa(0x90001000), 3, PTE_MEM_NORMAL, PTE_PERM_RW), PGTABLE_OK);
	fake.allocs_left = -1;
	destroy_and_check(&pt);
}

/* Spare level-3 tables: a 2 MiB entry split without allocating, filled page by page, detached
 * again and its table reused zeroed; every table freed exactly once whether spare or attached. */
static void test_spare_tables(void **state)
{
	struct pgtable pt;
	uint64_t l2 = FAKE_PA_BASE + 0x2000, first_spare;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	assert_int_equal(pgtable_reserve(&pt, 0x40000000, 0x400000, 2), PGTABLE_OK);
	assert_int_equal(pgtable_attach_spare(&pt, 0x40200000), PGTABLE_ERR_NOMEM); /* none yet */
	assert_int_equal(raw_table(l2)[1], 0);
	assert_int_equal(pgtable_add_spares(&pt, 2), PGTABLE_OK);
	assert_int_equal(pgtable_count_tables(&pt), 5); /* root (2), level 2, two spares (one block) */
	fake.allocs_left = 0;

	assert_int_equal(pgtable_attach_spare(&pt, 0x40200000), PGTABLE_OK);
	assert_int_equal(raw_table(l2)[1] & 3, 3); /* a table descriptor */
	first_spare = raw_table(l2)[1] & UINT64_C(0x0000fffffffff000);
	for (unsigned i = 0; i < 512; i++)
		assert_int_equal(raw_table(first_spare)[i], 0);
	expect_unmapped(&pt, 0x40200000);
	assert_int_equal(pgtable_attach_spare(&pt, 0x40200000), PGTABLE_ERR_EXISTS);
	/* a page in it: valid and page 11, MemAttr 1111, S2AP 11, SH 11, AF, XN 00 */
	assert_int_equal(pgtable_set_leaf(&pt, 0x40210000, pa(0x80210000), 3, PTE_MEM_NORMAL, PTE_PERM_RWX),
			 PGTABLE_OK);
	expect_leaf(&pt, 0x40210000, 3, 0x80210000, 0x00000000802107ff);
	expect_unmapped(&pt, 0x40211000);
	/* the entry is a table now: neither a block nor a leaf clear applies to it */
	assert_int_equal(pgtable_set_leaf(&pt, 0x40200000, pa(0x80200000), 2, PTE_MEM_NORMAL, PTE_PERM_RWX),
			 PGTABLE_ERR_EXISTS);
	assert_int_equal(pgtable_clear_leaf(&pt, 0x40200000, 2), PGTABLE_ERR_BAD_DESC);
	assert_int_equal(pgtable_attach_spare(&pt, 0x40000000), PGTABLE_OK);
	assert_int_equal(pgtable_attach_spare(&pt, 0x40400000), PGTABLE_ERR_NOMEM); /* both in use */
	assert_int_equal(raw_table(l2)[2], 0);

	assert_int_equal(pgtable_detach_to_spare(&pt, 0x40200000), PGTABLE_OK);
	assert_int_equal(raw_table(l2)[1], 0);
	expect_unmapped(&pt, 0x40210000);
	assert_int_equal(raw_table(first_spare)[0] & 1, 0); /* the list link reads as invalid */
	assert_int_equal(pgtable_detach_to_spare(&pt, 0x40200000), PGTABLE_ERR_BAD_DESC); /* invalid */
	assert_int_equal(pgtable_set_leaf(&pt, 0x40600000, pa(0x80600000), 2, PTE_MEM_NORMAL, PTE_PERM_RWX),
			 PGTABLE_OK);
	assert_int_equal(pgtable_detach_to_spare(&pt, 0x40600000), PGTABLE_ERR_BAD_DESC); /* a block */
	assert_int_equal(pgtable_detach_to_spare(&pt, 0x80000000), PGTABLE_ERR_NOT_MAPPED);
	assert_int_equal(pgtable_attach_spare(&pt, 0x80000000), PGTABLE_ERR_NOT_MAPPED);
	assert_int_equal(pgtable_attach_spare(&pt, UINT64_C(1) << 40), PGTABLE_ERR_RANGE);

	/* the same table again, zeroed: the page it mapped for 0x40210000 is gone */
	assert_int_equal(pgtable_attach_spare(&pt, 0x40400000), PGTABLE_OK);
	assert_int_equal(raw_table(l2)[2] & UINT64_C(0x0000fffffffff000), first_spare);
	expect_unmapped(&pt, 0x40410000);
	for (unsigned i = 0; i < 512; i++)
		assert_int_equal(raw_table(first_spare)[i], 0);
	assert_int_equal(pgtable_count_tables(&pt), 5);

	/* one table attached, one spare: destroy frees both, once */
	assert_int_equal(pgtable_detach_to_spare(&pt, 0x40000000), PGTABLE_OK);
	fake.allocs_left = -1;
	destroy_and_check(&pt);
}

/* Spares are one allocation of 1, 2, 4, 8 or 16 pages, once: refused otherwise, and when the
 * allocator is out nothing changes. */
static void test_spares_nomem(void **state)
{
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	assert_int_equal(pgtable_reserve(&pt, 0x40000000, 0x400000, 2), PGTABLE_OK);
	assert_int_equal(pgtable_add_spares(&pt, 3), PGTABLE_ERR_INVALID);
	assert_int_equal(pgtable_add_spares(&pt, 0), PGTABLE_ERR_INVALID);
	assert_int_equal(pgtable_add_spares(&pt, 32), PGTABLE_ERR_INVALID);
	fake.allocs_left = 0;
	assert_int_equal(pgtable_add_spares(&pt, 1), PGTABLE_ERR_NOMEM);
	assert_int_equal(pgtable_count_tables(&pt), 3);
	assert_int_equal(pgtable_attach_spare(&pt, 0x40000000), PGTABLE_ERR_NOMEM);
	fake.allocs_left = -1;
	assert_int_equal(pgtable_add_spares(&pt, 1), PGTABLE_OK);
	assert_int_equal(pgtable_add_spares(&pt, 1), PGTABLE_ERR_INVALID); /* once */
	assert_int_equal(pgtable_attach_spare(&pt, 0x40000000), PGTABLE_OK);
	assert_int_equal(pgtable_attach_spare(&pt, 0x40200000), PGTABLE_ERR_NOMEM);
	destroy_and_check(&pt); /* the attached spare freed with its block, not as a table of its own */
}

/* Under pages_only only level-3 leaves may be filled in. */
static void test_fill_pages_only(void **state)
{
	struct pgtable pt;

	(void)state;
	init_ok(&pt, PGTABLE_STAGE2, 40);
	pt.pages_only = true;
	assert_int_equal(pgtable_reserve(&pt, 0x40000000, 0x2000, 3), PGTABLE_OK);
	assert_int_equal(pgtable_count_tables(&pt), 4); /* root (2), level 2, level 3 */
	assert_int_equal(pgtable_set_leaf(&pt, 0x40000000, pa(0x80000000), 2, PTE_MEM_NORMAL, PTE_PERM_RW),
			 PGTABLE_ERR_INVALID);
	/* page: valid and page bits 11, MemAttr 1111, S2AP 11, SH 11, AF, XN 10 */
	assert_int_equal(pgtable_set_leaf(&pt, 0x40001000, pa(0x80005000), 3, PTE_MEM_NORMAL, PTE_PERM_RW), PGTABLE_OK);
	expect_desc(&pt, 0x40001000, 3, 0x00400000800057ff);
	destroy_and_check(&pt);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_geometry_stage2),
		TEST(test_geometry_stage1),
		TEST(test_init_stage2_40bit),
		TEST(test_init_rejects),
		TEST(test_reserve_across_table_boundaries),
		TEST(test_spare_tables),
		TEST(test_spares_nomem),
		TEST(test_1g_block),
		TEST(test_2m_block),
		TEST(test_pages_when_unaligned),
		TEST(test_pages_only),
		TEST(test_page_runs),
		TEST(test_mixed_range),
		TEST(test_output_alignment_limits_blocks),
		TEST(test_concatenated_root),
		TEST(test_overlap_refused),
		TEST(test_map_rejects_bad_args),
		TEST(test_stage1_el2_identity),
		TEST(test_lookup_errors),
		TEST(test_nomem_mid_map),
		TEST(test_reserve_then_fill_blocks),
		TEST(test_fill_pages_only),
		TEST(test_strerror),
		TEST(test_parange_bits),
		TEST(test_vtcr_parange),
		TEST(test_vtcr_large_ipa_and_vmid),
		TEST(test_vtcr_matches_builder),
		TEST(test_tcr_el2),
		TEST(test_vttbr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
