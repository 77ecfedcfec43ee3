/* Shared-memory channels in the config (docs/config.md, "Channels"): one fixture per rule
 * (tests/unit/fixtures/channels/NAME.dts, each the valid base.dtsi with one thing changed),
 * asserting code, path, property and message of every diagnostic, written from the rules; the
 * valid channel's place in the map; the DMA windows (only `dma;` channels); the guest DT node;
 * and the placement plan's copy. The board is the config tests' (fixtures/config/board.dts):
 * RAM 0x40000000-0x7fffffff, hypervisor 0x40000000-0x47ffffff, the host fixed at
 * 0x48000000-0x57ffffff, the guest's regions allocated at 0x58000000 (128 MiB) and 0x60000000
 * (4 KiB), so the first channel lands at 0x60001000. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "core/partition/guest_dt.h"
#include "core/partition/partition.h"
#include "core/partition/partition_plan.h"
#include "tests/unit/config_test_util.h"

static struct ctu_board board;

static int setup(void **state)
{
	(void)state;
	ctu_load_board(&board, "config/board.dtb");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ctu_free_board(&board);
	return 0;
}

struct want {
	const char *code, *path, *property, *message;
};

static bool run(const char *fixture, const struct cfg_board *b, struct config *cfg, struct partition_map *map,
		struct diag_list *dl)
{
	char path[128];
	size_t size;
	void *blob;
	bool ok;

	snprintf(path, sizeof(path), "channels/%s.dtb", fixture);
	blob = fixture_load(path, &size);
	diag_init(dl);
	ok = cfg_check(blob, size, b, cfg, map, dl);
	free(blob);
	return ok;
}

/* Exactly these errors, in order. */
static void expect_on(const char *fixture, const struct cfg_board *b, const struct want *w, size_t n)
{
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	bool ok = run(fixture, b, &cfg, &map, &dl), match = dl.count == n;

	for (size_t i = 0; match && i < n; i++) {
		const struct diag *d = &dl.items[i];

		match = d->severity == DIAG_ERROR && strcmp(d->code, w[i].code) == 0 &&
			strcmp(d->path, w[i].path) == 0 &&
			(w[i].property ? d->property && strcmp(d->property, w[i].property) == 0 : !d->property) &&
			strcmp(d->message, w[i].message) == 0;
	}
	if (!match) {
		fprintf(stderr, "fixture %s:\n", fixture);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "  want: %s | %s | %s | %s\n", w[i].code, w[i].path,
				w[i].property ? w[i].property : "(null)", w[i].message);
		for (size_t i = 0; i < dl.count; i++)
			fprintf(stderr, "  got:  %s | %s | %s | %s\n", dl.items[i].code, dl.items[i].path,
				dl.items[i].property ? dl.items[i].property : "(null)", dl.items[i].message);
	}
	assert_true(match);
	assert_int_equal(ok, n == 0);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

#define EXPECT(fixture, ...)                                                      \
	do {                                                                      \
		static const struct want w_[] = { __VA_ARGS__ };                  \
		expect_on(fixture, &board.board, w_, sizeof(w_) / sizeof(w_[0])); \
	} while (0)

#define CG "/channels/chat/guest"
#define CH "/channels/chat/host"

static void test_shape(void **state)
{
	(void)state;
	EXPECT("size_unaligned", { "cfg-channel-size", "/channels/chat", "size",
				   "0x1800 bytes: a channel is a nonzero multiple of 4 KiB" });
	EXPECT("size_missing",
	       { "cfg-channel-size", "/channels/chat", "size", "missing: the channel's size in bytes" });
	EXPECT("size_over", { "cfg-over-limit", "/channels/chat", "size",
			      "channel 'chat' is 0x8000000 bytes; this build of bulkhead creates channels of at most "
			      "0x4000000" });
	EXPECT("bad_name", { "cfg-bad-name", "/channels/Chat", NULL,
			     "channel name \"Chat\": character 'C' is not allowed (use a-z 0-9 - _)" });
	EXPECT("bad_property", { "cfg-unknown-property", CG, "color",
				 "not a property of a channel's partition node (see docs/config.md)" });
	EXPECT("access_bad",
	       { "cfg-channel-access", CG, "access", "\"write-only\": expected \"read-write\" or \"read-only\"" });
}

static void test_members(void **state)
{
	(void)state;
	EXPECT("partition_unknown",
	       { "cfg-channel-partition", "/channels/chat/gust", NULL, "\"gust\" is not a partition of this config" },
	       { "cfg-channel-members", "/channels/chat", NULL,
		 "channel 'chat' is mapped by 1 partition of this config: a channel joins at least two" });
}

static void test_ipa(void **state)
{
	(void)state;
	EXPECT("ipa_missing", { "cfg-channel-ipa", CG, "ipa", "missing: where partition 'guest' sees the channel" });
	EXPECT("ipa_unaligned",
	       { "cfg-channel-ipa", CG, "ipa", "guest-physical base 0x70000800 is not 4 KiB-aligned" });
	EXPECT("ipa_range", { "cfg-channel-ipa", CG, "ipa",
			      "guest-physical 0x10000000000 + 0x10000 does not fit the 40-bit guest address space" });
	EXPECT("ipa_memory", { "cfg-channel-overlap", CG, "ipa",
			       "guest-physical 0x40100000-0x4010ffff overlaps a memory region of the partition at "
			       "0x40000000-0x47ffffff" });
	EXPECT("ipa_device", { "cfg-channel-overlap", CG, "ipa",
			       "guest-physical 0x9010000-0x901ffff overlaps /rtc@9010000 at 0x9010000-0x9010fff" });
	EXPECT("ipa_mgmt", { "cfg-channel-overlap", CH, "ipa",
			     "guest-physical 0x9ef8000-0x9f07fff overlaps the management window at "
			     "0x9f00000-0x9f01fff" });
	EXPECT("ipa_gpio", { "cfg-channel-overlap", CH, "ipa",
			     "guest-physical 0x9f02000-0x9f11fff overlaps the doorbell GPIO controller at "
			     "0x9f02000-0x9f02fff" });
	/* news's host window ends inside chat's; its doorbell is chat's too. */
	EXPECT("two_channels",
	       { "cfg-channel-overlap", "/channels/news/host", "ipa",
		 "guest-physical 0x7000f000-0x7000ffff overlaps channel 'chat' at 0x70000000-0x7000ffff" },
	       { "cfg-channel-doorbell", "/channels/news/host", "doorbell",
		 "INTID 100 is already the doorbell of channel 'chat' in partition 'host'" });
}

static void test_doorbell(void **state)
{
	(void)state;
	EXPECT("doorbell_ppi",
	       { "cfg-channel-doorbell", CG, "doorbell", "INTID 27 is not an SPI the virtual GIC holds (32-1019)" });
	/* The guest owns /rtc@9010000, SPI 2 = INTID 34. */
	EXPECT("doorbell_device", { "cfg-channel-doorbell", CG, "doorbell",
				    "INTID 34 is already an interrupt of partition 'guest' (a device's or a PCI "
				    "function's)" });
	/* The console /uart@9000000 is SPI 1 = INTID 33; the guest has the virtual one. */
	EXPECT("doorbell_console",
	       { "cfg-channel-doorbell", CG, "doorbell", "INTID 33 is partition 'guest''s virtual console interrupt" });
	EXPECT("doorbell_gpio", { "cfg-channel-doorbell", CG, "doorbell",
				  "INTID 511 is the interrupt of partition 'guest''s doorbell GPIO controller" });
}

/* A partition that maps a channel may not own INTID 511, its doorbell GPIO controller's: here the
 * guest's RTC is moved to SPI 479. */
static void test_gpio_spi(void **state)
{
	static const struct want w[] = { { "cfg-channel-gpio-spi", "/partitions/guest", NULL,
					   "partition 'guest' maps channels, so INTID 511 is its doorbell GPIO "
					   "controller's interrupt, but it already has that interrupt (a device's, a "
					   "PCI "
					   "function's or its console's)" } };
	struct ctu_board b;

	(void)state;
	ctu_load_board(&b, "channels/board_rtc511.dtb");
	expect_on("valid", &b.board, w, 1);
	ctu_free_board(&b);
}

static void test_dma(void **state)
{
	(void)state;
	/* The host holds every DMA master nobody names that an IOMMU isolates: /dma@a000000 and
	 * the PCI functions 00:01.0, 00:02.0, 02:01.0, 02:02.0, 00:03.0, 00:04.0. */
	EXPECT("no_dma", { "cfg-channel-dma", CH, "dma",
			   "partition 'host' owns 7 DMA masters, which could reach the channel through its stage 2: "
			   "add "
			   "`dma;` to accept that, or map the channel in a partition without DMA masters" });
}

/* RAM cut to end right after the guest's 4 KiB region (0x60000000): no room for the channel. */
static void test_no_space(void **state)
{
	struct cfg_board b = board.board;
	struct platform plat = board.plat;
	struct mem_range bank = { 0x40000000, 0x20001000 };
	static const struct want w[] = { { "cfg-channel-no-space", "/channels/chat", "size",
					   "no free RAM for 0x10000 bytes outside the hypervisor, reservations and "
					   "every "
					   "partition's memory" } };

	(void)state;
	plat.mem = &bank;
	plat.n_mem = 1;
	b.plat = &plat;
	expect_on("valid", &b, w, 1);
}

static void test_valid_map(void **state)
{
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	const struct pmap_part_channel *h, *g;

	(void)state;
	assert_true(run("valid", &board.board, &cfg, &map, &dl));
	assert_int_equal(map.n_channels, 1);
	assert_string_equal(map.channels[0].name, "chat");
	assert_true(map.channels[0].allocated);
	assert_int_equal(pa_val(map.channels[0].pa), 0x60001000); /* after the guest's 4 KiB region */
	assert_int_equal(map.channels[0].size, 0x10000);
	assert_int_equal(map.channels[0].n_parts, 2);
	assert_int_equal(map.channels[0].parts[0], 0);
	assert_int_equal(map.channels[0].parts[1], 1);
	assert_int_equal(map.parts[0].n_channels, 1);
	assert_int_equal(map.parts[1].n_channels, 1);
	h = &map.parts[0].channels[0];
	g = &map.parts[1].channels[0];
	assert_int_equal(ipa_val(h->ipa), 0x70000000);
	assert_int_equal(pa_val(h->pa), 0x60001000);
	assert_int_equal(pa_val(g->pa), 0x60001000);
	assert_false(h->read_only);
	assert_true(g->read_only);
	assert_int_equal(h->doorbell, 100);
	assert_int_equal(g->doorbell, 101);
	assert_true(h->dma && g->dma);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
}

/* The SMMU's mirror of a partition's memory map: memory regions, and a channel only with `dma;`,
 * read-only when the mapping is. */
static void test_dma_windows(void **state)
{
	struct partition_spec s;
	struct part_dma_window w[PART_MAX_DMA_WINDOWS];
	unsigned n;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.n_mem = 1;
	s.mem[0] = (struct part_mem){ 0x40000000, 0x88000000, 0x10000000 };
	s.n_channels = 3;
	s.channels[0] = (struct part_channel){ .name = "a", .ipa = 0x70000000, .pa = 0x98000000, .size = 0x1000 };
	s.channels[1] = (struct part_channel){
		.name = "b", .ipa = 0x70100000, .pa = 0x98001000, .size = 0x2000, .dma = true, .read_only = true
	};
	s.channels[2] =
		(struct part_channel){ .name = "c", .ipa = 0x70200000, .pa = 0x98003000, .size = 0x1000, .dma = true };
	n = part_dma_windows(&s, w, PART_MAX_DMA_WINDOWS);
	assert_int_equal(n, 3);
	assert_int_equal(w[0].ipa, 0x40000000);
	assert_int_equal(w[0].pa, 0x88000000);
	assert_true(w[0].write);
	assert_int_equal(w[1].ipa, 0x70100000);
	assert_int_equal(w[1].pa, 0x98001000);
	assert_int_equal(w[1].size, 0x2000);
	assert_false(w[1].write);
	assert_int_equal(w[2].ipa, 0x70200000);
	assert_true(w[2].write);
	/* Channel a (no dma) is in no window. */
	for (unsigned i = 0; i < n; i++)
		assert_false(w[i].pa <= 0x98000000 && 0x98000000 < w[i].pa + w[i].size);
	assert_ptr_equal(part_channel_at(&s, 0x70100fff), &s.channels[1]);
	assert_null(part_channel_at(&s, 0x70102000));
}

/* The guest DT's node of each channel: compatible, reg, label, access, doorbell as an edge SPI
 * and as a line of the doorbell GPIO controller, whose node Linux's gpio-pl061 binds. */
static void test_guest_dt_node(void **state)
{
	static char buf[4096];
	struct partition_spec s;
	const fdt32_t *p;
	const char *str;
	int node, len;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.n_channels = 1;
	s.channels[0] = (struct part_channel){
		.name = "chat", .ipa = 0x170000000, .pa = 0x60001000, .size = 0x10000, .read_only = true, .doorbell = 101
	};
	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(guest_dt_channels(buf, &s), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	node = fdt_path_offset(buf, "/channel@170000000");
	assert_true(node >= 0);
	assert_int_equal(fdt_node_check_compatible(buf, node, "bulkhead,channel"), 0);
	str = fdt_getprop(buf, node, "label", &len);
	assert_string_equal(str, "chat");
	str = fdt_getprop(buf, node, "bulkhead,access", &len);
	assert_string_equal(str, "read-only");
	p = fdt_getprop(buf, node, "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(p[0]), 0x1);
	assert_int_equal(fdt32_to_cpu(p[1]), 0x70000000);
	assert_int_equal(fdt32_to_cpu(p[2]), 0);
	assert_int_equal(fdt32_to_cpu(p[3]), 0x10000);
	p = fdt_getprop(buf, node, "interrupts", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(p[0]), 0);        /* SPI */
	assert_int_equal(fdt32_to_cpu(p[1]), 101 - 32); /* SPI number */
	assert_int_equal(fdt32_to_cpu(p[2]), 1);        /* edge, rising */
	p = fdt_getprop(buf, node, "doorbell-gpios", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(p[0]), GUEST_DT_GPIO_PHANDLE);
	assert_int_equal(fdt32_to_cpu(p[1]), 0); /* line 0: channel slot 0 */
	assert_int_equal(fdt32_to_cpu(p[2]), 0); /* active high */

	node = fdt_path_offset(buf, "/gpio@9f02000");
	assert_true(node >= 0);
	assert_int_equal(fdt_node_check_compatible(buf, node, "arm,pl061"), 0);
	assert_int_equal(fdt_node_check_compatible(buf, node, "arm,primecell"), 0);
	assert_int_equal(fdt_get_phandle(buf, node), GUEST_DT_GPIO_PHANDLE);
	p = fdt_getprop(buf, node, "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(p[1]), 0x09f02000);
	assert_int_equal(fdt32_to_cpu(p[3]), 0x1000);
	p = fdt_getprop(buf, node, "interrupts", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(p[0]), 0);        /* SPI */
	assert_int_equal(fdt32_to_cpu(p[1]), 511 - 32); /* INTID 511 */
	assert_int_equal(fdt32_to_cpu(p[2]), 4);        /* level, high: GPIOINTR */
	assert_non_null(fdt_getprop(buf, node, "gpio-controller", &len));
	assert_non_null(fdt_getprop(buf, node, "interrupt-controller", &len));
	p = fdt_getprop(buf, node, "#gpio-cells", &len);
	assert_int_equal(fdt32_to_cpu(p[0]), 2);
	p = fdt_getprop(buf, node, "#interrupt-cells", &len);
	assert_int_equal(fdt32_to_cpu(p[0]), 2);
	p = fdt_getprop(buf, node, "clocks", &len);
	assert_int_equal(len, 4);
	assert_int_equal(fdt32_to_cpu(p[0]), GUEST_DT_CLK_PHANDLE);
	str = fdt_getprop(buf, node, "clock-names", &len);
	assert_string_equal(str, "apb_pclk");
	str = fdt_getprop(buf, node, "gpio-line-names", &len);
	assert_int_equal(len, 5);
	assert_memory_equal(str, "chat", 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape),         cmocka_unit_test(test_members),
		cmocka_unit_test(test_ipa),           cmocka_unit_test(test_doorbell),
		cmocka_unit_test(test_dma),           cmocka_unit_test(test_no_space),
		cmocka_unit_test(test_valid_map),     cmocka_unit_test(test_dma_windows),
		cmocka_unit_test(test_guest_dt_node), cmocka_unit_test(test_gpio_spi),
	};

	return cmocka_run_group_tests_name("config_channels", tests, setup, teardown);
}
