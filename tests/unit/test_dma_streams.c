/* DMA isolation policy over the SMMUs (core/partition/dma_streams.c): which stream is translated
 * into which partition and which aborts. Groups and map are written out by hand:
 *
 *   master 0 "/virtio@a000000": SMMU 0 sid 0x10, group 0, owned by partition 0 (host)
 *   master 1 "0000:01:00.0":     SMMU 0 sids 0x100 and 0x101, group 1, owned by partition 1
 *   master 2 "0000:02:00.0":     SMMU 1 sid 0x200, group 2, unowned (-1)
 *   master 3 "0000:03:00.0":     SMMU 1 sid 0x300, group 3, owned by partition 2 (not running) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/partition/dma_streams.h"

static struct master_stream st0[] = { { 0, 0x10, 0 } };
static struct master_stream st1[] = { { 0, 0x100, 0 }, { 0, 0x101, 0 } };
static struct master_stream st2[] = { { 1, 0x200, 0 } };
static struct master_stream st3[] = { { 1, 0x300, 0 } };
static struct dma_master masters[] = {
	{ MASTER_PLATFORM, "/virtio@a000000", 0, -1, st0, 1, 0, false },
	{ MASTER_PCI, "0000:01:00.0", -1, 0, st1, 2, 1, false },
	{ MASTER_PCI, "0000:02:00.0", -1, 1, st2, 1, 2, false },
	{ MASTER_PCI, "0000:03:00.0", -1, 2, st3, 1, 3, false },
};
static struct group_set gs = { .masters = masters, .n_masters = 4 };
static struct pmap_partition parts[] = { { .name = "host" }, { .name = "guest" }, { .name = "spare" } };
static int group_owner[] = { 0, 1, -1, 2 };
static struct partition_map map = { .parts = parts, .n_parts = 3, .group_owner = group_owner, .n_groups = 4 };

struct seen {
	struct dma_stream s[8];
	unsigned n;
};

static void collect(void *ctx, const struct dma_stream *s)
{
	struct seen *seen = ctx;

	assert_true(seen->n < 8);
	seen->s[seen->n++] = *s;
}

static void expect(const struct dma_stream *s, size_t master, int smmu, uint32_t sid, int owner)
{
	assert_int_equal(s->master, master);
	assert_int_equal(s->smmu, smmu);
	assert_int_equal(s->sid, sid);
	assert_int_equal(s->owner, owner);
}

static void test_assignment(void **state)
{
	const bool running[] = { true, true, false };
	struct seen seen = { 0 };

	(void)state;
	dma_streams_assign(&gs, &map, running, 3, collect, &seen);
	assert_int_equal(seen.n, 5);
	expect(&seen.s[0], 0, 0, 0x10, 0);
	expect(&seen.s[1], 1, 0, 0x100, 1);
	expect(&seen.s[2], 1, 0, 0x101, 1);
	expect(&seen.s[3], 2, 1, 0x200, -1); /* unowned group: aborts */
	expect(&seen.s[4], 3, 1, 0x300, -1); /* owner not running: aborts */
}

static void test_guest_not_running(void **state)
{
	const bool running[] = { true, false, true };
	struct seen seen = { 0 };

	(void)state;
	dma_streams_assign(&gs, &map, running, 3, collect, &seen);
	expect(&seen.s[1], 1, 0, 0x100, -1);
	expect(&seen.s[2], 1, 0, 0x101, -1);
	expect(&seen.s[4], 3, 1, 0x300, 2);
	/* An owner beyond the partitions the runtime holds never gets a stream. */
	seen.n = 0;
	dma_streams_assign(&gs, &map, running, 2, collect, &seen);
	expect(&seen.s[4], 3, 1, 0x300, -1);
}

static void test_lookups(void **state)
{
	(void)state;
	assert_int_equal(dma_max_sid(&gs, 0), 0x101);
	assert_int_equal(dma_max_sid(&gs, 1), 0x300);
	assert_int_equal(dma_max_sid(&gs, 2), 0);
	assert_ptr_equal(dma_master_of(&gs, 0, 0x101), &masters[1]);
	assert_ptr_equal(dma_master_of(&gs, 1, 0x200), &masters[2]);
	assert_null(dma_master_of(&gs, 1, 0x10)); /* the sid exists, on the other SMMU */
	assert_string_equal(dma_owner_name(&map, &masters[1]), "guest");
	assert_string_equal(dma_owner_name(&map, &masters[2]), "none");
	assert_string_equal(dma_owner_name(&map, NULL), "none");
}

/* The host owns a platform master (virtio-mmio), whose DMA no PCI Command register holds back;
 * the guest owns PCI functions only; a PCI function without IOMMU coverage counts too. */
static void test_ungated_masters(void **state)
{
	(void)state;
	assert_true(dma_has_ungated_master(&gs, &map, 0));
	assert_false(dma_has_ungated_master(&gs, &map, 1));
	assert_false(dma_has_ungated_master(&gs, &map, 2));
	masters[3].no_iommu = true;
	assert_true(dma_has_ungated_master(&gs, &map, 2));
	masters[3].no_iommu = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assignment),
		cmocka_unit_test(test_guest_not_running),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_ungated_masters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
