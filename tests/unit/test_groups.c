/* Isolation groups, one fixture per rule (tests/unit/fixtures/groups/). Each test compares the
 * whole canonical block with what Linux computes on the same QEMU topology with ACS enabled
 * (../shared/docs/GROUPING-RULES.md), written out by hand; the duplicate-stream-ID cases follow
 * bulkhead's documented deviation (both devices in one group, with the reason). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/base/diag.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"
#include "tests/unit/host_console.h"

struct built {
	void *fdt;
	struct platform plat;
	struct pci_topology topo;
	struct group_set gs;
	struct diag_list dl;
};

static void build(struct built *b, const char *fixture)
{
	char name[128];

	snprintf(name, sizeof(name), "groups/%s.dtb", fixture);
	b->fdt = fixture_load(name, NULL);
	diag_init(&b->dl);
	assert_true(platform_discover(b->fdt, &b->plat, &b->dl));
	assert_true(pci_dt_read(b->fdt, &b->plat, &b->topo, &b->dl));
	assert_true(groups_build(&b->plat, &b->topo, &b->gs, &b->dl));
	if (b->dl.count) {
		diag_print(&b->dl);
		fail_msg("unexpected diagnostics: %s", console_captured());
	}
}

static void release(struct built *b)
{
	groups_free(&b->gs);
	pci_topology_free(&b->topo);
	platform_free(&b->plat);
	diag_free(&b->dl);
	free(b->fdt);
}

static void expect_block(const char *fixture, const char *expected)
{
	struct built b;

	build(&b, fixture);
	console_clear();
	groups_report(&b.gs, &b.plat);
	assert_string_equal(console_captured(), expected);
	release(&b);
}

static void test_separate_root_ports(void **state)
{
	(void)state;
	expect_block("root-ports", "groups: 5 groups of 5 DMA masters, 0 without IOMMU\n"
				   "group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
				   "group 1: 0000:00:01.0 smmuv3@9050000 sid 0x8\n"
				   "group 2: 0000:00:02.0 smmuv3@9050000 sid 0x10\n"
				   "group 3: 0000:01:00.0 smmuv3@9050000 sid 0x100\n"
				   "group 4: 0000:02:00.0 smmuv3@9050000 sid 0x200\n");
}

static void test_root_ports_without_acs(void **state)
{
	(void)state;
	expect_block("root-port-no-acs", "groups: 2 groups of 5 DMA masters, 0 without IOMMU\n"
					 "group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
					 "group 1: 0000:00:01.0 0000:00:01.1 0000:01:00.0 0000:02:00.0 smmuv3@9050000 "
					 "sid 0x8 0x9 0x100 "
					 "0x200 -- no ACS at 0000:00:01.0; no ACS at 0000:00:01.1; multifunction "
					 "without ACS\n");
}

static void test_pcie_pci_bridge(void **state)
{
	(void)state;
	expect_block("pcie-pci-bridge", "groups: 4 groups of 6 DMA masters, 0 without IOMMU\n"
					"group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
					"group 1: 0000:00:01.0 smmuv3@9050000 sid 0x8\n"
					"group 2: 0000:00:02.0 smmuv3@9050000 sid 0x10\n"
					"group 3: 0000:00:03.0 0000:03:01.0 0000:03:02.0 smmuv3@9050000 sid 0x18 0x300 "
					"0x308 0x310 -- "
					"alias 0x0300 via PCIe-to-PCI bridge 0000:00:03.0\n");
}

static void test_conventional_bridge(void **state)
{
	(void)state;
	expect_block("pci-bridge", "groups: 2 groups of 4 DMA masters, 0 without IOMMU\n"
				   "group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
				   "group 1: 0000:00:02.0 0000:01:03.0 0000:01:04.0 smmuv3@9050000 sid 0x10 0x118 "
				   "0x120 -- alias 0x0010 via PCI bridge 0000:00:02.0\n");
}

static void test_x3130_switch(void **state)
{
	(void)state;
	expect_block("x3130-switch", "groups: 5 groups of 7 DMA masters, 0 without IOMMU\n"
				     "group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
				     "group 1: 0000:00:01.0 smmuv3@9050000 sid 0x8\n"
				     "group 2: 0000:01:00.0 smmuv3@9050000 sid 0x100\n"
				     "group 3: 0000:02:00.0 0000:03:00.0 smmuv3@9050000 sid 0x200 0x300 -- no ACS at "
				     "0000:02:00.0\n"
				     "group 4: 0000:02:01.0 0000:04:00.0 smmuv3@9050000 sid 0x208 0x400 -- no ACS at "
				     "0000:02:01.0\n");
}

static void test_multifunction(void **state)
{
	(void)state;
	expect_block("multifunction", "groups: 3 groups of 4 DMA masters, 0 without IOMMU\n"
				      "group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
				      "group 1: 0000:00:01.0 smmuv3@9050000 sid 0x8\n"
				      "group 2: 0000:01:00.0 0000:01:00.1 smmuv3@9050000 sid 0x100 0x101 -- "
				      "multifunction without ACS\n");
}

static void test_rc_integrated(void **state)
{
	(void)state;
	expect_block("rc-endpoints", "groups: 4 groups of 4 DMA masters, 0 without IOMMU\n"
				     "group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
				     "group 1: 0000:00:01.0 smmuv3@9050000 sid 0x8\n"
				     "group 2: 0000:00:02.0 smmuv3@9050000 sid 0x10\n"
				     "group 3: 0000:00:03.0 smmuv3@9050000 sid 0x18\n");
}

static void test_nvme_virtio_net(void **state)
{
	(void)state;
	expect_block("nvme-virtio-net", "groups: 5 groups of 5 DMA masters, 0 without IOMMU\n"
					"group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
					"group 1: 0000:00:01.0 smmuv3@9050000 sid 0x8\n"
					"group 2: 0000:00:02.0 smmuv3@9050000 sid 0x10\n"
					"group 3: 0000:01:00.0 smmuv3@9050000 sid 0x100\n"
					"group 4: 0000:02:00.0 smmuv3@9050000 sid 0x200\n");
}

static void test_smmuv2_masks(void **state)
{
	(void)state;
	expect_block("smmuv2-masks", "groups: 6 groups of 9 DMA masters, 0 without IOMMU\n"
				     "group 0: /soc/dma@a000000 /soc/dma@b000000 iommu@5000000 sid 0x400/0x7f 0x423 -- "
				     "stream ID "
				     "0x400 mask 0x7f overlaps 0x423 of /soc/dma@b000000\n"
				     "group 1: /soc/dma@c000000 /soc/dma@d000000 iommu@5000000 sid 0x480 0x481/0x1 -- "
				     "stream ID "
				     "0x480 overlaps 0x481 mask 0x1 of /soc/dma@d000000\n"
				     "group 2: /soc/dma@e000000 iommu@5000000 sid 0x500\n"
				     "group 3: /soc/usb@f000000 /soc/usb@f100000 iommu@5100000 sid 0x10/0x3 0x12/0x3 "
				     "-- stream ID "
				     "0x12 mask 0x3 overlaps 0x10 mask 0x3 of /soc/usb@f000000\n"
				     "group 4: /soc/usb@f200000 iommu@5100000 sid 0x14/0x3\n"
				     "group 5: 0000:00:00.0 smmuv3@9050000 sid 0x0\n");
}

/* A partial SMR overlap inside a group: still one group, and a warning naming both streams. */
static void test_smr_partial_overlap(void **state)
{
	struct built b;

	(void)state;
	b.fdt = fixture_load("groups/smr-partial.dtb", NULL);
	diag_init(&b.dl);
	assert_true(platform_discover(b.fdt, &b.plat, &b.dl));
	assert_true(pci_dt_read(b.fdt, &b.plat, &b.topo, &b.dl));
	assert_true(groups_build(&b.plat, &b.topo, &b.gs, &b.dl)); /* a warning, not an error */
	console_clear();
	diag_print(&b.dl);
	assert_string_equal(console_captured(), "warning: /soc/dma@b000000: iommus: stream 0x47f mask 0x80 on "
						"/iommu@5000000 partially "
						"overlaps 0x400 mask 0x7f of /soc/dma@a000000: no stream match "
						"register serves both, so "
						"this stream will fault [dt-smr-overlap]\n");
	console_clear();
	assert_int_equal(b.gs.masters[groups_find_master(&b.gs, "/soc/dma@a000000")].group,
			 b.gs.masters[groups_find_master(&b.gs, "/soc/dma@b000000")].group);
	release(&b);
}

static void test_shared_stream_id(void **state)
{
	struct built b;
	int eth, crypto, gpu;

	(void)state;
	expect_block("shared-sid", "groups: 3 groups of 4 DMA masters, 0 without IOMMU\n"
				   "group 0: /soc/crypto@9200000 /soc/ethernet@9100000 smmuv3@9050000 sid 0x14 -- "
				   "stream ID 0x14 shared with /soc/crypto@9200000\n"
				   "group 1: /soc/gpu@9300000 smmuv3@9050000 sid 0x15\n"
				   "group 2: 0000:00:00.0 smmuv3@9050000 sid 0x0\n");
	/* The struct view the config validator reads. */
	build(&b, "shared-sid");
	eth = groups_find_master(&b.gs, "/soc/ethernet@9100000");
	crypto = groups_find_master(&b.gs, "/soc/crypto@9200000");
	gpu = groups_find_master(&b.gs, "/soc/gpu@9300000");
	assert_true(eth >= 0 && crypto >= 0 && gpu >= 0);
	assert_int_equal(groups_find_master(&b.gs, "0000:00:00.0"), 3);
	assert_int_equal(groups_find_master(&b.gs, "/soc/nothing"), -1);
	assert_int_equal(b.gs.masters[eth].group, b.gs.masters[crypto].group);
	assert_int_not_equal(b.gs.masters[eth].group, b.gs.masters[gpu].group);
	assert_int_equal(b.gs.masters[eth].kind, MASTER_PLATFORM);
	assert_int_equal(b.gs.masters[eth].pci_fn, -1);
	assert_string_equal(b.plat.devices[b.gs.masters[eth].device].path, "/soc/ethernet@9100000");
	assert_string_equal(b.gs.groups[b.gs.masters[eth].group].reason, "stream ID 0x14 shared with "
									 "/soc/crypto@9200000");
	assert_string_equal(b.gs.groups[b.gs.masters[gpu].group].reason, "");
	assert_false(b.gs.groups[0].no_iommu);
	assert_int_equal(b.gs.groups[0].n_members, 2);
	assert_int_equal(b.gs.groups[0].members[0], crypto);
	assert_int_equal(b.gs.groups[0].members[1], eth);
	assert_int_equal(b.gs.masters[3].kind, MASTER_PCI);
	assert_int_equal(b.gs.masters[3].pci_fn, 0);
	release(&b);
}

static void test_merge_through_two_streams(void **state)
{
	(void)state;
	expect_block("merge", "groups: 2 groups of 4 DMA masters, 0 without IOMMU\n"
			      "group 0: /soc/audio@9300000 /soc/display@9100000 /soc/video@9200000 smmuv3@9050000 sid "
			      "0x10 0x20 -- stream ID 0x10 shared with /soc/audio@9300000; stream ID 0x20 shared with "
			      "/soc/display@9100000\n"
			      "group 1: 0000:00:00.0 smmuv3@9050000 sid 0x0\n");
}

static void test_two_smmus_same_sid(void **state)
{
	(void)state;
	expect_block("two-smmus", "groups: 3 groups of 3 DMA masters, 0 without IOMMU\n"
				  "group 0: /soc/ethernet@9100000 smmuv3@9050000 sid 0x14\n"
				  "group 1: /soc/ethernet@9200000 smmuv3@9070000 sid 0x14\n"
				  "group 2: 0000:00:00.0 smmuv3@9050000 sid 0x0\n");
}

static void test_iommu_map_mask(void **state)
{
	(void)state;
	expect_block("iommu-map-mask", "groups: 3 groups of 4 DMA masters, 0 without IOMMU\n"
				       "group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
				       "group 1: 0000:00:02.0 0000:00:02.1 smmuv3@9050000 sid 0x10 -- stream ID 0x10 "
				       "shared with 0000:00:02.0\n"
				       "group 2: 0000:00:03.0 smmuv3@9050000 sid 0x18\n");
}

static void test_no_iommu_map(void **state)
{
	struct built b;

	(void)state;
	expect_block("no-iommu-map", "groups: 2 groups of 2 DMA masters, 2 without IOMMU\n"
				     "group 0: 0000:00:00.0 -- no-iommu: host /pcie@10000000 has no iommu-map\n"
				     "group 1: 0000:00:01.0 -- no-iommu: host /pcie@10000000 has no iommu-map\n");
	build(&b, "no-iommu-map");
	assert_true(b.gs.groups[1].no_iommu);
	assert_true(b.gs.masters[1].no_iommu);
	assert_int_equal(b.gs.masters[1].n_streams, 0);
	assert_string_equal(b.gs.groups[1].reason, "host /pcie@10000000 has no iommu-map");
	release(&b);
}

static void test_iommu_map_without_entry(void **state)
{
	(void)state;
	expect_block("iommu-map-partial", "groups: 3 groups of 3 DMA masters, 1 without IOMMU\n"
					  "group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
					  "group 1: 0000:00:01.0 smmuv3@9050000 sid 0x8\n"
					  "group 2: 0000:01:00.0 -- no-iommu: RID 0x0100 not in iommu-map of "
					  "/pcie@10000000\n");
}

static void test_platform_without_iommus(void **state)
{
	(void)state;
	expect_block("platform-no-iommus", "groups: 5 groups of 5 DMA masters, 3 without IOMMU\n"
					   "group 0: /dma@b000000 -- no-iommu: DMA master without iommus\n"
					   "group 1: /ethernet@9100000 smmuv3@9050000 sid 0x7\n"
					   "group 2: /virtio_mmio@a000000 -- no-iommu: DMA master without iommus\n"
					   "group 3: /virtio_mmio@a000200 -- no-iommu: DMA master without iommus\n"
					   "group 4: 0000:00:00.0 smmuv3@9050000 sid 0x0\n");
}

/* A long group line is written in several log calls but reads as one line. */
static void test_long_line(void **state)
{
	struct platform plat;
	struct plat_smmu smmu = { .model = SMMU_MODEL_V3, .path = (char *)"/smmuv3@9050000", .iommu_cells = 1 };
	struct plat_id_map map = { 0, 1, 0, 0, 0x10000 };
	struct plat_pci_host host = { .path = (char *)"/pcie@10000000",
				      .bus_end = 255,
				      .has_iommu_map = true,
				      .iommu_map_mask = 0xffffffffu,
				      .iommu_map = &map,
				      .n_iommu_map = 1 };
	struct pci_topology topo;
	struct group_set gs;
	struct diag_list dl;
	const char *out, *nl;

	(void)state;
	memset(&plat, 0, sizeof(plat));
	plat.smmus = &smmu;
	plat.n_smmus = 1;
	plat.pci_hosts = &host;
	plat.n_pci_hosts = 1;
	diag_init(&dl);
	pci_topology_init(&topo);
	/* A conventional bridge with 32 devices below: one group of 33. */
	topo.n_fns = 33;
	topo.fns = calloc(33, sizeof(*topo.fns));
	topo.fns[0] = (struct pci_function){ .bus = 0,
					     .dev = 1,
					     .is_bridge = true,
					     .secondary = 1,
					     .subordinate = 1,
					     .parent = -1,
					     .class_code = 0x060400 };
	for (int i = 1; i < 33; i++)
		topo.fns[i] = (struct pci_function){ .bus = 1, .dev = (uint8_t)(i - 1), .parent = 0 };
	assert_true(pci_topology_finish(&topo, &plat, &dl));
	assert_true(groups_build(&plat, &topo, &gs, &dl));
	assert_int_equal(gs.n_groups, 1);
	console_clear();
	groups_report(&gs, &plat);
	out = console_captured();
	nl = strchr(out, '\n');
	assert_non_null(nl);
	out = nl + 1;
	assert_true(strlen(out) > 512);
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	assert_non_null(strstr(out, "0000:01:1f.0 smmuv3@9050000 sid 0x8 0x100 0x108"));
	assert_non_null(strstr(out, " -- alias 0x0008 via PCI bridge 0000:00:01.0\n"));
	groups_free(&gs);
	pci_topology_free(&topo);
	diag_free(&dl);
}

/* A map entry whose rid-base has bits outside iommu-map-mask: Linux rejects the map. */
static void test_bad_map_mask(void **state)
{
	struct platform plat;
	struct plat_smmu smmu = { .model = SMMU_MODEL_V3, .path = (char *)"/smmu", .iommu_cells = 1 };
	struct plat_id_map map = { 0x100, 1, 0, 0, 0x100 };
	struct plat_pci_host host = { .path = (char *)"/pcie",
				      .bus_end = 255,
				      .has_iommu_map = true,
				      .iommu_map_mask = 0xff,
				      .iommu_map = &map,
				      .n_iommu_map = 1 };
	struct group_set gs;
	struct diag_list dl;
	const struct diag *d;

	(void)state;
	memset(&plat, 0, sizeof(plat));
	plat.smmus = &smmu;
	plat.n_smmus = 1;
	plat.pci_hosts = &host;
	plat.n_pci_hosts = 1;
	diag_init(&dl);
	assert_false(groups_build(&plat, NULL, &gs, &dl));
	d = diag_find(&dl, "dt-bad-iommu-map");
	assert_non_null(d);
	assert_string_equal(d->path, "/pcie");
	assert_string_equal(d->message, "rid-base 0x100 has bits outside iommu-map-mask 0xff: Linux rejects the whole "
					"map");
	assert_int_equal(gs.n_groups, 0);
	groups_free(&gs);
	diag_free(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_separate_root_ports),
		cmocka_unit_test(test_root_ports_without_acs),
		cmocka_unit_test(test_pcie_pci_bridge),
		cmocka_unit_test(test_conventional_bridge),
		cmocka_unit_test(test_x3130_switch),
		cmocka_unit_test(test_multifunction),
		cmocka_unit_test(test_rc_integrated),
		cmocka_unit_test(test_nvme_virtio_net),
		cmocka_unit_test(test_smmuv2_masks),
		cmocka_unit_test(test_smr_partial_overlap),
		cmocka_unit_test(test_shared_stream_id),
		cmocka_unit_test(test_merge_through_two_streams),
		cmocka_unit_test(test_two_smmus_same_sid),
		cmocka_unit_test(test_iommu_map_mask),
		cmocka_unit_test(test_no_iommu_map),
		cmocka_unit_test(test_iommu_map_without_entry),
		cmocka_unit_test(test_platform_without_iommus),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_bad_map_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
