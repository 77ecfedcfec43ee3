/* Config parsing and validation: one fixture per rule (tests/unit/fixtures/config/NAME.dts, each
 * the valid base.dtsi with one thing changed), asserting the diagnostic's code, severity, node
 * path, property and full message, and that nothing else was reported. Then the valid config's
 * partition map, field by field and as printed. Expected messages are written from the rules in
 * docs/config.md, not copied from output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "core/config/config.h"
#include "tests/unit/config_test_util.h"
#include "tests/unit/fixture.h"
#include "tests/unit/fixture_tests.h"
#include "tests/unit/host_console.h"

static struct ctu_board board;

static int setup(void **state)
{
	(void)state;
	ctu_load_board(&board, "config/board.dtb");
	console_clear();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ctu_free_board(&board);
	console_clear();
	return 0;
}

struct expect {
	const char *code;
	enum diag_severity sev;
	const char *path;
	const char *property; /* NULL: none */
	const char *message;
};

/* Run the whole check on a fixture; returns the verdict, leaves the diagnostics in dl. */
static bool check_fixture(const char *name, const struct cfg_board *b, struct config *cfg, struct partition_map *map,
			  struct diag_list *dl)
{
	char path[128];
	size_t size;
	void *blob;
	bool ok;

	snprintf(path, sizeof(path), "config/%s.dtb", name);
	blob = fixture_load(path, &size);
	diag_init(dl);
	ok = cfg_check(blob, size, b, cfg, map, dl);
	free(blob);
	return ok;
}

static void dump(const struct diag_list *dl)
{
	for (size_t i = 0; i < dl->count; i++)
		fprintf(stderr, "  got: %s %s | %s | %s | %s\n",
			dl->items[i].severity == DIAG_ERROR ? "error" : "warning", dl->items[i].code,
			dl->items[i].path ? dl->items[i].path : "(null)",
			dl->items[i].property ? dl->items[i].property : "(null)", dl->items[i].message);
}

static void assert_diags(const char *fixture, const struct diag_list *dl, const struct expect *want, size_t n)
{
	bool match = dl->count == n && !dl->out_of_memory;

	for (size_t i = 0; match && i < n; i++) {
		const struct diag *d = &dl->items[i];

		match = strcmp(d->code, want[i].code) == 0 && d->severity == want[i].sev && d->path &&
			strcmp(d->path, want[i].path) == 0 &&
			(want[i].property ? d->property && strcmp(d->property, want[i].property) == 0 : !d->property) &&
			strcmp(d->message, want[i].message) == 0;
	}
	if (!match) {
		fprintf(stderr, "fixture %s: diagnostics differ\n", fixture);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "  want: %s %s | %s | %s | %s\n",
				want[i].sev == DIAG_ERROR ? "error" : "warning", want[i].code, want[i].path,
				want[i].property ? want[i].property : "(null)", want[i].message);
		dump(dl);
	}
	assert_true(match);
}

#define E(code, path, prop, msg)                  \
	{                                         \
		code, DIAG_ERROR, path, prop, msg \
	}
#define W(code, path, prop, msg)                    \
	{                                           \
		code, DIAG_WARNING, path, prop, msg \
	}

struct rule_case {
	const char *fixture;
	bool valid; /* warnings only */
	struct expect want[4];
	size_t n;
};

#define G "/partitions/guest"
#define H "/partitions/host"

static const struct rule_case rule_cases[] = {
	{ "bad_compatible",
	  false,
	  { E("cfg-bad-compatible", "/", "compatible",
	      "a bulkhead config's root is compatible = \"bulkhead,config-v1\"") },
	  1 },
	{ "no_partitions", false, { E("cfg-no-partitions", "/partitions", NULL, "node missing: nothing to run") }, 1 },
	{ "bad_name",
	  false,
	  { E("cfg-bad-name", "/partitions/Guest", NULL,
	      "partition name \"Guest\": character 'G' is not allowed (use a-z 0-9 - _)") },
	  1 },
	{ "unknown_property",
	  false,
	  { E("cfg-unknown-property", G, "device", "not a property of a partition (see docs/config.md)") },
	  1 },
	{ "unknown_node",
	  false,
	  { E("cfg-unknown-node", G "/extra", NULL, "a partition holds only memory@IPA nodes (see docs/config.md)") },
	  1 },
	{ "no_host",
	  false,
	  { E("cfg-no-host", "/partitions", NULL,
	      "no partition has `host;`: exactly one must, it receives every IOMMU-isolated device no other "
	      "partition names") },
	  1 },
	{ "two_hosts",
	  false,
	  { E("cfg-two-hosts", G, "host", "'host' and 'guest' both have `host;`: exactly one partition is the host") },
	  1 },
	{ "no_cpu",
	  false,
	  { E("cfg-no-cpu", G, "cpus", "partition 'guest' has no CPU: name at least one MPIDR from the board's /cpus") },
	  1 },
	{ "bad_cpus", false, { E("dt-truncated-property", G, "cpus", "length 5 is not a multiple of 1 cells") }, 1 },
	{ "cpu_missing",
	  false,
	  { E("cfg-cpu-missing", G, "cpus", "CPU 0x7 is not on the board (its CPUs: 0x0 0x1 0x2 0x3)") },
	  1 },
	{ "cpu_twice",
	  false,
	  { E("cfg-cpu-twice", G, "cpus", "CPU 0x2 (/cpus/cpu@2) is already assigned to partition 'host'") },
	  1 },
	{ "no_memory", false, { E("cfg-no-memory", G, NULL, "partition 'guest' has no memory@IPA region") }, 1 },
	{ "bad_memory",
	  false,
	  { E("cfg-bad-memory", G "/memory@80000000", "reg",
	      "more than one entry: a memory node holds exactly one <ipa size> region (read with "
	      "#address-cells = 2 and #size-cells = 2 of /partitions/guest)") },
	  1 },
	{ "forgot_size_cells",
	  false,
	  { E("dt-truncated-property", G "/memory@40000000", "reg",
	      "length 16 is not a multiple of 3 cells (read with #address-cells = 2 and #size-cells = 1: "
	      "/partitions/guest sets no #size-cells, and the DT defaults are 2 and 1)"),
	    E("dt-truncated-property", G "/memory@80000000", "reg",
	      "length 16 is not a multiple of 3 cells (read with #address-cells = 2 and #size-cells = 1: "
	      "/partitions/guest sets no #size-cells, and the DT defaults are 2 and 1)") },
	  2 },
	{ "memory_size_zero", false, { E("cfg-memory-size", G "/memory@80000000", "reg", "size is 0") }, 1 },
	{ "memory_size_unaligned",
	  false,
	  { E("cfg-memory-size", G "/memory@80000000", "reg", "size 0x1800 is not a multiple of 4 KiB") },
	  1 },
	{ "memory_unaligned",
	  false,
	  { E("cfg-memory-unaligned", G "/memory@80000000", "reg",
	      "guest-physical base 0x80000800 is not 4 KiB-aligned") },
	  1 },
	{ "memory_phys_unaligned",
	  false,
	  { E("cfg-memory-unaligned", H "/memory@48000000", "phys", "physical base 0x48000800 is not 4 KiB-aligned") },
	  1 },
	{ "memory_outside_ram",
	  false,
	  { E("cfg-memory-outside-ram", H "/memory@48000000", "phys",
	      "physical 0xc0000000-0xcfffffff is not inside one RAM bank (RAM: 0x40000000-0x7fffffff)") },
	  1 },
	{ "memory_hypervisor",
	  false,
	  { E("cfg-memory-hypervisor", H "/memory@48000000", "phys",
	      "physical 0x44000000-0x53ffffff overlaps the hypervisor's region 0x40000000-0x47ffffff") },
	  1 },
	{ "memory_reserved",
	  false,
	  { E("cfg-memory-reserved", H "/memory@48000000", "phys",
	      "physical 0x68000000-0x77ffffff overlaps reserved memory 0x70000000-0x700fffff "
	      "(/reserved-memory/firmware@70000000)") },
	  1 },
	{ "memory_memreserve",
	  false,
	  { E("cfg-memory-reserved", H "/memory@48000000", "phys",
	      "physical 0x7fe00000-0x7fffffff overlaps reserved memory 0x7ff00000-0x7fffffff (/memreserve/)") },
	  1 },
	{ "memory_overlap",
	  false,
	  { E("cfg-memory-overlap", G "/memory@40000000", "phys",
	      "physical 0x50000000-0x57ffffff overlaps physical 0x48000000-0x57ffffff of "
	      "/partitions/host/memory@48000000 (partition 'host')") },
	  1 },
	{ "memory_no_space",
	  false,
	  { E("cfg-memory-no-space", G "/memory@40000000", "reg",
	      "no free RAM for 0x40000000 bytes (2 MiB-aligned) outside the hypervisor, reservations and other "
	      "regions") },
	  1 },
	{ "ipa_above_stage2",
	  false,
	  { E("cfg-ipa-range", G "/memory@80000000", "reg",
	      "guest-physical 0x20000000000 + 0x1000 does not fit the 40-bit guest address space") },
	  1 },
	{ "ipa_over_bar",
	  false,
	  { E("cfg-ipa-overlap", G "/memory@80000000", "reg",
	      "guest-physical 0x10000000-0x10ffffff overlaps 0000:01:00.0 BAR0 at 0x10000000-0x100fffff") },
	  1 },
	{ "ipa_misplaced_host",
	  false,
	  /* nodma@a003000 is no longer the host's (DMA without an IOMMU belongs to nobody unnamed); the
	   * management window at 0x9f00000 and the doorbell GPIO controller at 0x9f02000
	   * (docs/guest-abi.md) are two more emulated regions. */
	  { E("cfg-ipa-overlap", H "/memory@9000000", "reg",
	      "guest-physical 0x9000000-0xaffffff overlaps the virtual console at 0x9000000-0x9000fff and 7 more "
	      "device or emulated regions the partition sees at their board addresses: move the region to free "
	      "guest-physical space") },
	  1 },
	{ "ipa_overlap",
	  false,
	  { E("cfg-ipa-overlap", G "/memory@80000000", "reg",
	      "guest-physical 0x40001000-0x40001fff overlaps /partitions/guest/memory@40000000 at "
	      "0x40000000-0x47ffffff") },
	  1 },
	{ "ipa_device",
	  false,
	  { E("cfg-ipa-overlap", G "/memory@80000000", "reg",
	      "guest-physical 0x9010000-0x9010fff overlaps /rtc@9010000 at 0x9010000-0x9010fff") },
	  1 },
	{ "ipa_mgmt_window",
	  false,
	  { E("cfg-ipa-overlap", G "/memory@80000000", "reg",
	      "guest-physical 0x9f01000-0x9f01fff overlaps the management window at 0x9f00000-0x9f01fff") },
	  1 },
	{ "ipa_gic",
	  false,
	  { E("cfg-ipa-overlap", G "/memory@80000000", "reg",
	      "guest-physical 0x8000000-0x8000fff overlaps the virtual GIC distributor at 0x8000000-0x800ffff") },
	  1 },
	{ "ipa_range",
	  false,
	  { E("cfg-ipa-range", G "/memory@80000000", "reg",
	      "guest-physical 0x100000000000 + 0x1000 does not fit the 40-bit guest address space") },
	  1 },
	{ "unknown_device",
	  false,
	  { E("cfg-unknown-device", G, "devices",
	      "\"/nosuch@0\": the board has no device node with that path (one with reg, interrupts or iommus)") },
	  1 },
	{ "unknown_pci",
	  false,
	  { E("cfg-unknown-device", G, "devices", "\"pci:0000:05:00.0\": the board has no PCI function 0000:05:00.0") },
	  1 },
	{ "bad_device_name",
	  false,
	  { E("cfg-bad-device-name", G, "devices",
	      "\"rtc@9010000\": a device is a DT node path (\"/...\") or a PCI function (\"pci:SSSS:BB:DD.F\")") },
	  1 },
	{ "bad_pci_name",
	  false,
	  { E("cfg-bad-device-name", G, "devices",
	      "\"pci:0:1:0.0\": a PCI function is written pci:SSSS:BB:DD.F (hex segment, bus, device <= 1f; function "
	      "0-7)") },
	  1 },
	{ "device_hypervisor",
	  false,
	  { E("cfg-device-hypervisor", G, "devices",
	      "\"/uart@9000000\" is the hypervisor's console (partitions get a virtual one, see `console`)") },
	  1 },
	{ "device_twice",
	  false,
	  { E("cfg-device-twice", G, "devices",
	      "/rtc@9010000 is already named by partition 'host' (/partitions/host)") },
	  1 },
	{ "split_group",
	  false,
	  { E("cfg-split-group", G, "devices",
	      "group 1 is split: /dma@a001000 in 'guest', /dma@a002000 in 'host' (by default); they are one group "
	      "because stream ID 0x20 shared with /dma@a001000; a partition receives whole groups only") },
	  1 },
	{ "split_group_pci",
	  false,
	  { E("cfg-split-group", G, "devices",
	      "group 4 is split: 0000:00:02.0 in 'host' (by default), 0000:02:01.0 in 'guest', 0000:02:02.0 in 'host' "
	      "(by default); they are one group because alias 0x200 via PCIe-to-PCI bridge 0000:00:02.0; a partition "
	      "receives whole groups only") },
	  1 },
	{ "split_group_guests",
	  false,
	  { E("cfg-split-group", G, "devices",
	      "group 1 is split: /dma@a001000 in 'guest', /dma@a002000 in 'other'; they are one group because stream "
	      "ID 0x20 shared with /dma@a001000; a partition receives whole groups only") },
	  1 },
	{ "no_iommu_device",
	  false,
	  { E("cfg-no-iommu-device", G, "devices",
	      "/nodma@a003000 can master DMA but no IOMMU translates it: it could read and write all memory; list it "
	      "in trusted-devices to accept that risk") },
	  1 },
	{ "trusted_no_iommu",
	  true,
	  { W("cfg-trusted-no-iommu", G, "trusted-devices",
	      "UNISOLATED DMA: /nodma@a003000 has no IOMMU coverage and can read and write ALL memory, the "
	      "hypervisor's and every partition's included; partition 'guest' is trusted with it") },
	  1 },
	{ "trusted_not_owned",
	  false,
	  { E("cfg-trusted-not-owned", G, "trusted-devices",
	      "/nodma@a003000 is not a device of partition 'guest' (it belongs to no partition); name it in "
	      "`devices` as well") },
	  1 },
	{ "host_no_iommu",
	  false,
	  { E("cfg-no-iommu-device", H, "devices",
	      "/nodma@a003000 can master DMA but no IOMMU translates it: it could read and write all memory; list it "
	      "in trusted-devices to accept that risk") },
	  1 },
	{ "host_trusted_no_iommu",
	  true,
	  { W("cfg-trusted-no-iommu", H, "trusted-devices",
	      "UNISOLATED DMA: /nodma@a003000 has no IOMMU coverage and can read and write ALL memory, the "
	      "hypervisor's and every partition's included; partition 'host' is trusted with it") },
	  1 },
	{ "host_trusted_not_named",
	  false,
	  { E("cfg-trusted-not-owned", H, "trusted-devices",
	      "/nodma@a003000 is not a device of partition 'host' (it belongs to no partition); name it in "
	      "`devices` as well") },
	  1 },
	{ "trusted_unneeded",
	  true,
	  { W("cfg-trusted-unneeded", G, "trusted-devices",
	      "/rtc@9010000 is isolated by an IOMMU (or does no DMA): trusting it changes nothing") },
	  1 },
	{ "mmio_unaligned",
	  false,
	  { E("cfg-mmio-unaligned", G, "devices",
	      "0000:00:03.0: BAR0 0x10300000-0x103000ff are not whole 4 KiB pages; stage 2 maps pages, so the "
	      "partition would reach whatever shares them") },
	  1 },
	{ "mmio_shared_page",
	  false,
	  { E("cfg-mmio-unaligned", G, "devices",
	      "/small@a004000: registers 0xa004000-0xa0041ff are not whole 4 KiB pages; stage 2 maps pages, so the "
	      "partition would reach whatever shares them"),
	    E("cfg-mmio-shared-page", G, "devices",
	      "/small@a004000 shares the page at 0xa004000 with /small@a004200, which belongs to partition 'host'") },
	  2 },
	/* 00:04.0 routes INTA at slot 4, masked to slot 0: SPI 3; 02:02.0's INTA is INTC at slot 2 of
	 * the PCIe-to-PCI bridge: SPI 3 + (2 + 2) % 4 = 3 as well (board.dts). */
	{ "shared_intx",
	  false,
	  { E("cfg-shared-intx", G, "devices",
	      "INTx of 0000:00:04.0 (partition 'guest') and INTx of 0000:02:02.0 (partition 'host') are both "
	      "interrupt 35 (SPI 3); a line has one owner") },
	  1 },
	{ "pci_ipa_overlap",
	  false,
	  { E("cfg-ipa-overlap", G "/memory@10000000", "reg",
	      "guest-physical 0x10000000-0x10000fff overlaps 0000:01:00.0 BAR0 at 0x10000000-0x100fffff"),
	    E("cfg-ipa-overlap", G "/memory@3f000000", "reg",
	      "guest-physical 0x3f000000-0x3f000fff overlaps the virtual PCI host bridge's ECAM window at "
	      "0x3f000000-0x3f0fffff") },
	  2 },
	{ "irq_shared",
	  false,
	  { E("cfg-irq-shared", G, "devices",
	      "interrupt 54 (SPI 22) of /shirq@a005000 is also used by /shirq@a006000, which belongs to partition "
	      "'host'; a line has one owner") },
	  1 },
	{ "no_kernel",
	  false,
	  { E("cfg-no-kernel", G, "kernel", "missing: every partition names the image it boots") },
	  1 },
	{ "bad_image_name",
	  false,
	  { E("cfg-bad-image-name", G, "kernel",
	      "\"guest image\": character ' ' is not allowed (use A-Z a-z 0-9 . _ + -)") },
	  1 },
	{ "bad_console",
	  false,
	  { E("cfg-bad-console", G, "console", "\"serial\": expected \"virtual\" or \"none\"") },
	  1 },
	/* A malformed list names no device at all: the guest then holds none of its group. */
	{ "bad_devices", false, { E("dt-bad-string", G, "devices", "entry 1 is an empty string") }, 1 },
	{ "manages_unknown",
	  false,
	  { E("cfg-manages-unknown", H, "manages", "\"gust\" is not a partition of this config") },
	  1 },
};

/* One rule_cases entry (its own cmocka test, see main). */
static void test_rule(void **state)
{
	const struct rule_case *rc = *state;
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	bool ok = check_fixture(rc->fixture, &board.board, &cfg, &map, &dl);

	assert_diags(rc->fixture, &dl, rc->want, rc->n);
	if (ok != rc->valid)
		fprintf(stderr, "fixture %s: verdict %d, want %d\n", rc->fixture, ok, rc->valid);
	assert_int_equal(ok, rc->valid);
	assert_int_equal(map.valid, rc->valid);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

/* One config with several mistakes: every one reported, in pass order (partition set, CPUs,
 * devices, memory, images), none hiding another. */
static void test_many_errors(void **state)
{
	static const struct expect want[] = {
		E("cfg-bad-image-name", G, "kernel",
		  "\"bad name\": character ' ' is not allowed (use A-Z a-z 0-9 . _ + -)"),
		E("cfg-cpu-missing", H, "cpus", "CPU 0x9 is not on the board (its CPUs: 0x0 0x1 0x2 0x3)"),
		E("cfg-cpu-twice", G, "cpus", "CPU 0x1 (/cpus/cpu@1) is already assigned to partition 'host'"),
		E("cfg-unknown-device", G, "devices",
		  "\"/nosuch@0\": the board has no device node with that path (one with reg, interrupts or iommus)"),
		E("cfg-device-hypervisor", G, "devices",
		  "\"/uart@9000000\" is the hypervisor's console (partitions get a virtual one, see `console`)"),
		E("cfg-split-group", G, "devices",
		  "group 1 is split: /dma@a001000 in 'guest', /dma@a002000 in 'host' (by default); they are one group "
		  "because stream ID 0x20 shared with /dma@a001000; a partition receives whole groups only"),
		E("cfg-memory-hypervisor", H "/memory@48000000", "phys",
		  "physical 0x44000000-0x53ffffff overlaps the hypervisor's region 0x40000000-0x47ffffff"),
	};
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;

	(void)state;
	assert_false(check_fixture("many_errors", &board.board, &cfg, &map, &dl));
	assert_diags("many_errors", &dl, want, sizeof(want) / sizeof(want[0]));
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

static void test_too_many_partitions(void **state)
{
	static const struct expect want[] = {
		E("cfg-too-many-partitions", "/partitions", NULL, "2 partitions but the CPU has only 1 VMIDs"),
	};
	struct cfg_board b = board.board;
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;

	(void)state;
	b.lim.vmids = 1;
	assert_false(check_fixture("valid", &b, &cfg, &map, &dl));
	assert_diags("valid (1 VMID)", &dl, want, 1);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

/* The runtime holds PART_MAX_PARTITIONS partitions: a config with more must not validate,
 * whatever the VMID count allows (otherwise the extras would silently not start). */
static void test_more_partitions_than_the_build_runs(void **state)
{
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	const struct diag *d;

	(void)state;
	assert_false(check_fixture("nine_partitions", &board.board, &cfg, &map, &dl));
	d = diag_find(&dl, "cfg-too-many-partitions");
	assert_non_null(d);
	assert_string_equal(d->path, "/partitions");
	assert_string_equal(d->message, "9 partitions but this build of bulkhead runs at most 8");
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

/* An arm64 Image header (Documentation/arch/arm64/booting.rst): text_offset 0, image_size 2 MiB,
 * little-endian, magic "ARM\x64" at byte 56. */
static const uint8_t image_header[64] = {
	[16] = 0x00, [17] = 0x00, [18] = 0x20, /* image_size 0x200000 */
	[56] = 'A',  [57] = 'R',  [58] = 'M',  [59] = 0x64,
};

static void add_image(struct config_blobs *blobs, const char *name)
{
	blobs->images = realloc(blobs->images, (blobs->n_images + 1) * sizeof(*blobs->images));
	assert_non_null(blobs->images);
	blobs->images[blobs->n_images++] = (struct cfg_image){ name, 0x44000000, sizeof(image_header), image_header };
}

/* A 33 MiB kernel (in memory) for a guest whose first region is 16 MiB: refused before boot, with
 * the layout creation uses; a 2 MiB one fits. */
static void test_images_too_big(void **state)
{
	static const struct expect want[] = {
		E("cfg-images-too-big", G, "kernel",
		  "kernel image and device tree do not fit the first memory region: kernel \"guest.bin\" (0x2100000 "
		  "bytes in memory at offset 0x0) + the device tree's 2 MiB in the first region 0x40000000+0x1000000"),
	};
	static uint8_t big[64];
	struct cfg_board b = board.board;
	struct config_blobs blobs = { 0 };
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;

	(void)state;
	memcpy(big, image_header, sizeof(big));
	big[18] = 0x10; /* image_size 0x2100000 */
	big[19] = 0x02;
	add_image(&blobs, "Image");
	add_image(&blobs, "initrd.gz");
	add_image(&blobs, "guest.dtbo");
	add_image(&blobs, "guest.bin");
	blobs.images[3].data = big;
	b.images = &blobs;
	assert_false(check_fixture("images_small_region", &b, &cfg, &map, &dl));
	assert_diags("images_small_region (33 MiB kernel)", &dl, want, 1);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);

	blobs.images[3].data = image_header;
	assert_true(check_fixture("images_small_region", &b, &cfg, &map, &dl));
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	config_blobs_free(&blobs);
}

static void test_missing_image(void **state)
{
	static const struct expect want[] = {
		E("cfg-missing-image", G, "dtb", "image \"guest.dtbo\" was not loaded (is it on the boot partition?)"),
	};
	struct cfg_board b = board.board;
	struct config_blobs blobs = { 0 };
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;

	(void)state;
	add_image(&blobs, "Image");
	add_image(&blobs, "initrd.gz");
	add_image(&blobs, "guest.bin");
	b.images = &blobs;
	assert_false(check_fixture("valid", &b, &cfg, &map, &dl));
	assert_diags("valid (no guest.dtbo)", &dl, want, 1);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);

	add_image(&blobs, "guest.dtbo");
	assert_true(check_fixture("valid", &b, &cfg, &map, &dl));
	assert_int_equal(dl.count, 0);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	config_blobs_free(&blobs);
}

/* Two sibling partitions with one name: dtc refuses to build that, a hand-made blob does not. */
static void test_duplicate_name(void **state)
{
	static const struct expect want[] = {
		E("cfg-duplicate-name", "/partitions/twin", NULL, "partition name \"twin\" is used twice"),
	};
	char buf[4096];
	struct config cfg;
	struct diag_list dl;
	struct partition_map map;

	(void)state;
	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_property_string(buf, "compatible", CFG_COMPATIBLE), 0);
	assert_int_equal(fdt_begin_node(buf, "partitions"), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(fdt_begin_node(buf, "twin"), 0);
		if (i == 0)
			assert_int_equal(fdt_property(buf, "host", NULL, 0), 0);
		assert_int_equal(fdt_property_u32(buf, "cpus", (uint32_t)i), 0);
		assert_int_equal(fdt_property_string(buf, "kernel", "Image"), 0);
		assert_int_equal(fdt_property_u32(buf, "#address-cells", 2), 0);
		assert_int_equal(fdt_property_u32(buf, "#size-cells", 2), 0);
		assert_int_equal(fdt_begin_node(buf, "memory@0"), 0);
		{
			fdt64_t reg[2] = { cpu_to_fdt64(0x40000000), cpu_to_fdt64(0x200000) };

			assert_int_equal(fdt_property(buf, "reg", reg, sizeof(reg)), 0);
		}
		assert_int_equal(fdt_end_node(buf), 0);
		assert_int_equal(fdt_end_node(buf), 0);
	}
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);

	diag_init(&dl);
	assert_false(cfg_check(buf, fdt_totalsize(buf), &board.board, &cfg, &map, &dl));
	assert_diags("duplicate name", &dl, want, 1);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

/* More CPUs than any partition may list: refused before anything is allocated for them. */
static void test_too_many_cpus(void **state)
{
	static const struct expect want[] = {
		E("cfg-bad-cpus", G, "cpus", "4097 entries: at most 4096"),
	};
	size_t size;
	void *valid = fixture_load("config/valid.dtb", &size);
	size_t cap = size + 5 * 4096 + 1024;
	char *buf = malloc(cap);
	fdt32_t *cells = calloc(4097, sizeof(*cells));
	struct config cfg;
	struct diag_list dl;
	struct partition_map map;

	(void)state;
	assert_non_null(buf);
	assert_non_null(cells);
	assert_int_equal(fdt_open_into(valid, buf, (int)cap), 0);
	assert_int_equal(fdt_setprop(buf, fdt_path_offset(buf, G), "cpus", cells, 4097 * sizeof(*cells)), 0);
	diag_init(&dl);
	assert_false(cfg_check(buf, fdt_totalsize(buf), &board.board, &cfg, &map, &dl));
	assert_diags("4097 cpus", &dl, want, 1);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	free(cells);
	free(buf);
	free(valid);
}

static void test_bad_header(void **state)
{
	static const struct expect want[] = {
		E("cfg-bad-header", "/", NULL,
		  "the config is not a valid device tree blob of at most 1048576 bytes (FDT_ERR_BADMAGIC)"),
	};
	char junk[256];
	struct config cfg;
	struct diag_list dl;
	struct partition_map map;

	(void)state;
	memset(junk, 0x5a, sizeof(junk));
	diag_init(&dl);
	assert_false(cfg_check(junk, sizeof(junk), &board.board, &cfg, &map, &dl));
	assert_diags("junk", &dl, want, 1);
	assert_int_equal(map.n_parts, 0);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

/* Old header layouts crash libfdt's own checker (found by fuzz/): refused by version. */
static void test_old_version(void **state)
{
	static const struct expect want[] = {
		E("cfg-bad-header", "/", NULL,
		  "the config is not a valid device tree blob of at most 1048576 bytes (FDT_ERR_BADVERSION)"),
	};
	size_t size;
	void *blob = fixture_load("config/valid.dtb", &size);
	struct config cfg;
	struct diag_list dl;
	struct partition_map map;

	(void)state;
	fdt_set_version(blob, 16);
	diag_init(&dl);
	assert_false(cfg_check(blob, size, &board.board, &cfg, &map, &dl));
	assert_diags("version 16", &dl, want, 1);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	free(blob);
}

/* `manages` becomes a bit per managed partition; without it a partition manages none. */
static void test_manages_map(void **state)
{
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;

	(void)state;
	assert_true(check_fixture("manages_valid", &board.board, &cfg, &map, &dl));
	assert_int_equal(dl.count, 0);
	assert_int_equal(map.parts[0].manages, 0x3); /* host: guest (1) and itself (0) */
	assert_int_equal(map.parts[1].manages, 0);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	assert_true(check_fixture("valid", &board.board, &cfg, &map, &dl));
	assert_int_equal(map.parts[0].manages, 0);
	assert_int_equal(map.parts[1].manages, 0);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

/* The valid config resolves to exactly this map. */
static void test_valid_map(void **state)
{
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	const struct pmap_partition *h, *g;

	(void)state;
	assert_true(check_fixture("valid", &board.board, &cfg, &map, &dl));
	assert_int_equal(dl.count, 0);
	assert_true(map.valid);
	assert_int_equal(map.n_parts, 2);
	assert_int_equal(map.host, 0);
	h = &map.parts[0];
	g = &map.parts[1];
	assert_string_equal(h->name, "host");
	assert_true(h->host);
	assert_false(g->host);
	assert_int_equal(g->index, 1);

	/* CPUs: board indices. */
	assert_int_equal(h->n_cpus, 3);
	assert_int_equal(h->cpus[0], 0);
	assert_int_equal(h->cpus[2], 2);
	assert_int_equal(g->n_cpus, 1);
	assert_int_equal(g->cpus[0], 3);

	/* Memory: the host's is fixed; the guest's come from the allocator, lowest free first:
	 * after the hypervisor (to 0x47ffffff) and the host (0x48000000-0x57ffffff), 2 MiB-aligned
	 * for the 128 MiB region, then 4 KiB-aligned for the single page. */
	assert_int_equal(h->n_mem, 1);
	assert_true(h->mem[0].fixed);
	assert_int_equal(pa_val(h->mem[0].pa), 0x48000000);
	assert_int_equal(g->n_mem, 2);
	assert_false(g->mem[0].fixed);
	assert_true(g->mem[0].allocated);
	assert_int_equal(ipa_val(g->mem[0].ipa), 0x40000000);
	assert_int_equal(pa_val(g->mem[0].pa), 0x58000000);
	assert_int_equal(g->mem[0].size, 0x8000000);
	assert_int_equal(ipa_val(g->mem[1].ipa), 0x80000000);
	assert_int_equal(pa_val(g->mem[1].pa), 0x60000000);

	/* Groups: the guest holds group 1 (the two DMA devices sharing a stream) and 01:00.0. */
	assert_int_equal(g->n_groups, 2);
	assert_int_equal(g->groups[0], 1);
	assert_string_equal(board.gs.masters[board.gs.groups[g->groups[1]].members[0]].name, "0000:01:00.0");
	assert_int_equal(g->n_masters, 3);
	assert_int_equal(map.group_owner[0], 0);
	assert_int_equal(map.group_owner[1], 1);

	/* Devices and their SPIs: the two DMA devices and the RTC. */
	assert_int_equal(g->n_devices, 3);
	assert_string_equal(board.plat.devices[g->devices[0].device].path, "/rtc@9010000");
	assert_int_equal(g->devices[0].master, -1);
	assert_true(g->devices[0].named);
	assert_int_equal(g->n_spis, 4);
	assert_int_equal(g->spis[0], 34);
	assert_int_equal(g->spis[1], 36); /* 01:00.0's INTA: INTA at slot 1, SPI 4 */
	assert_int_equal(g->spis[2], 49);
	assert_int_equal(g->spis[3], 50);

	/* The virtual PCI bus: the guest's endpoint at 00:00.0 with its BAR; the host's three
	 * endpoints in physical order (bridges 00:01.0 and 00:02.0 are never presented). */
	assert_int_equal(g->n_pci, 1);
	assert_string_equal(g->pci[0].name, "0000:01:00.0");
	assert_int_equal(g->pci[0].vdevfn, 0);
	assert_int_equal(g->pci[0].intx, 36);
	assert_int_equal(g->pci[0].bars[0].base, 0x10000000);
	assert_int_equal(g->pci[0].bars[0].size, 0x100000);
	assert_int_equal(g->pci_ecam_ipa, 0x3f000000);
	assert_int_equal(h->n_pci, 4);
	assert_string_equal(h->pci[3].name, "0000:02:02.0");
	assert_int_equal(h->pci[3].vdevfn, PCI_DEVFN(3, 0));
	/* SPI 3 (35) twice in the host, once in its list; SPIs 3 and 6 of the bridge's INTx map */
	assert_int_equal(h->pci[1].intx, 35);
	assert_int_equal(h->pci[2].intx, 38);
	assert_int_equal(map.device_owner[platform_find_device(&board.plat, "/uart@9000000")], PMAP_HYPERVISOR);
	/* A DMA master no IOMMU translates that nobody named is nobody's, not the host's. */
	assert_int_equal(map.device_owner[platform_find_device(&board.plat, "/nodma@a003000")], PMAP_NOBODY);
	assert_int_equal(map.group_owner[2], PMAP_NOBODY);

	assert_string_equal(g->kernel, "guest.bin");
	assert_string_equal(g->dtb, "guest.dtbo");
	assert_null(g->initrd);
	assert_string_equal(h->bootargs, "console=ttyAMA0 earlycon");
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

/* The printed block (docs/console.md, "partition map"). */
static void test_valid_report(void **state)
{
	static const char want[] =
		"partition map: 2 partitions, hypervisor 0x40000000-0x47ffffff\n"
		"partition host: host, cpus 0x0 0x1 0x2, kernel Image, initrd initrd.gz, console virtual, bootargs "
		"\"console=ttyAMA0 earlycon\"\n"
		"partition host: memory ipa 0x48000000-0x57ffffff pa 0x48000000-0x57ffffff (256 MiB, fixed)\n"
		"partition host: group 0: /dma@a000000\n"
		"partition host: group 3: 0000:00:01.0\n"
		"partition host: group 4: 0000:00:02.0 0000:02:01.0 0000:02:02.0\n"
		"partition host: group 5: 0000:00:03.0\n"
		"partition host: group 6: 0000:00:04.0\n"
		"partition host: pci 0000:00:03.0 -> 00:00.0\n"
		"partition host: pci 0000:00:04.0 -> 00:01.0 irq 35\n"
		"partition host: pci 0000:02:01.0 -> 00:02.0 irq 38\n"
		"partition host: pci 0000:02:02.0 -> 00:03.0 irq 35\n"
		"partition host: device /small@a004000 irq 52\n"
		"partition host: device /small@a004200 irq 53\n"
		"partition host: device /shirq@a005000 irq 54\n"
		"partition host: device /shirq@a006000 irq 54\n"
		"partition guest: guest, cpus 0x3, kernel guest.bin, dtb guest.dtbo, console virtual\n"
		"partition guest: memory ipa 0x40000000-0x47ffffff pa 0x58000000-0x5fffffff (128 MiB, allocated)\n"
		"partition guest: memory ipa 0x80000000-0x80000fff pa 0x60000000-0x60000fff (4 KiB, allocated)\n"
		"partition guest: group 1: /dma@a001000 /dma@a002000\n"
		"partition guest: group 7: 0000:01:00.0\n"
		"partition guest: pci 0000:01:00.0 -> 00:00.0 irq 36\n"
		"partition guest: device /rtc@9010000 irq 34\n"
		"partition map: 1 group held by no partition (mapped nowhere: name a device in `devices` and "
		"`trusted-devices` to use it)\n"
		"partition map: valid\n";
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;

	(void)state;
	assert_true(check_fixture("valid", &board.board, &cfg, &map, &dl));
	console_clear();
	pmap_report(&map, &board.plat, &board.gs);
	if (strcmp(console_captured(), want) != 0)
		fprintf(stderr, "got:\n%s", console_captured());
	assert_string_equal(console_captured(), want);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_many_errors),
		TEST(test_too_many_partitions),
		TEST(test_more_partitions_than_the_build_runs),
		TEST(test_missing_image),
		TEST(test_duplicate_name),
		TEST(test_too_many_cpus),
		TEST(test_images_too_big),
		TEST(test_bad_header),
		TEST(test_old_version),
		TEST(test_valid_map),
		TEST(test_manages_map),
		TEST(test_valid_report),
	};

	struct fixture_tests t = { 0 };

	fixture_tests_add_array(&t, tests);
	for (size_t i = 0; i < sizeof(rule_cases) / sizeof(rule_cases[0]); i++)
		fixture_tests_add(&t, "rule", rule_cases[i].fixture, test_rule, (void *)&rule_cases[i], setup,
				  teardown);
	return fixture_tests_run("config", &t);
}
