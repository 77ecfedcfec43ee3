/* Every per-partition count partition creation has a limit for (core/partition/partition.h) is
 * refused by validation, at exactly one past the limit, and accepted at the limit. The board
 * (fixtures/limits/board.dts) has one more of everything than a partition may hold. A second
 * board (fixtures/limits/board_cpus.dts) has more CPUs than the hypervisor runs (PLAT_MAX_CPUS). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/partition/partition.h"
#include "core/partition/partition_plan.h"
#include "tests/unit/config_test_util.h"

/* The fixtures are written for these values; a changed limit needs new fixtures. */
_Static_assert(PART_MAX_VCPUS == 8 && PART_MAX_MEM == 8 && PART_MAX_DEVICES == 128 && PART_MAX_MMIO == 128 &&
		       PART_MAX_PCI == 16 && PART_MAX_SPIS == 128 && PLAT_MAX_CPUS == 16,
	       "tests/unit/fixtures/limits/ are built around these limits");

static struct ctu_board board;

static int setup(void **state)
{
	(void)state;
	ctu_load_board(&board, "limits/board.dtb");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ctu_free_board(&board);
	return 0;
}

/* The fixture's verdict on board `b` and its messages, in order (NULL-terminated). The map is
 * left in *map (the caller frees it with pmap_free) when map is not NULL. */
static void expect_on(struct ctu_board *b, const char *fixture, const char *const *messages, struct partition_map *keep)
{
	char path[128];
	size_t size, n = 0;
	void *blob;
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	bool ok;

	snprintf(path, sizeof(path), "limits/%s.dtb", fixture);
	blob = fixture_load(path, &size);
	diag_init(&dl);
	ok = cfg_check(blob, size, &b->board, &cfg, &map, &dl);
	while (messages[n])
		n++;
	if (dl.count != n || ok != (n == 0))
		for (size_t i = 0; i < dl.count; i++)
			fprintf(stderr, "%s: got %s: %s: %s\n", fixture, dl.items[i].code, dl.items[i].path,
				dl.items[i].message);
	assert_int_equal(dl.count, n);
	assert_int_equal(ok, n == 0);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(dl.items[i].code, "cfg-over-limit");
		assert_string_equal(dl.items[i].message, messages[i]);
	}
	if (keep)
		*keep = map;
	else
		pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	free(blob);
}

static void expect(const char *fixture, const char *const *messages)
{
	expect_on(&board, fixture, messages, NULL);
}

static void test_at_limits(void **state)
{
	static const char *const none[] = { NULL };

	(void)state;
	expect("at_limits", none);
}

static void test_over_cpus(void **state)
{
	static const char *const want[] = { "partition 'host' has 9 vCPUs; this build of bulkhead creates at most 8 "
					    "per partition",
					    NULL };

	(void)state;
	expect("over_cpus", want);
}

static void test_over_memory(void **state)
{
	static const char *const want[] = { "partition 'guest' has 9 memory regions; this build of bulkhead creates at "
					    "most 8 per partition",
					    NULL };

	(void)state;
	expect("over_memory", want);
}

/* 129 devices bring 129 pages and 129 SPIs: each limit is its own error. */
static void test_over_devices(void **state)
{
	static const char *const want[] = { "partition 'host' has 129 platform devices (the host holds every device no "
					    "one names); this build of "
					    "bulkhead creates at most 128 per partition",
					    "partition 'host' has 129 register windows (device registers and PCI "
					    "BARs); this build of bulkhead "
					    "creates at most 128 per partition",
					    "partition 'host' has 129 interrupts (SPIs); this build of bulkhead "
					    "creates at most 128 per partition",
					    NULL };

	(void)state;
	expect("over_devices", want);
}

static void test_over_pci(void **state)
{
	static const char *const want[] = { "partition 'host' has 17 PCI functions; this build of bulkhead creates at "
					    "most 16 per partition",
					    NULL };

	(void)state;
	expect("over_pci", want);
}

/* CPUs 0x10 and 0x11 are numbers 16 and 17 of an 18-CPU board: validation refuses both, and
 * creation's plan refuses the partition too (so the checker's verdict is creation's); 0xf, number
 * 15, is accepted. */
static void test_past_board_cpus(void **state)
{
	static const char *const want[] = { "CPU 0x10 (/cpus/cpu@10) is number 16 of the board's 18 CPUs (from 0, in "
					    "/cpus order); this "
					    "build of bulkhead runs only numbers 0-15",
					    "CPU 0x11 (/cpus/cpu@11) is number 17 of the board's 18 CPUs (from 0, in "
					    "/cpus order); this "
					    "build of bulkhead runs only numbers 0-15",
					    NULL };
	struct ctu_board many;
	struct partition_map map;
	struct partition_plan *plan = calloc(1, sizeof(*plan));
	struct diag_list dl;
	struct plan_inputs in;

	(void)state;
	assert_non_null(plan);
	ctu_load_board(&many, "limits/board_cpus.dtb");
	assert_int_equal(many.plat.n_cpus, 18);
	expect_on(&many, "past_cpus", want, &map);
	in = (struct plan_inputs){ &many.plat, &many.pci, &many.gs, NULL };
	diag_init(&dl);
	assert_int_equal(map.n_parts, 2);
	assert_int_equal(map.parts[1].n_cpus, 3);
	assert_false(partition_plan_resources(&map.parts[1], &in, plan, &dl));
	assert_int_equal(dl.count, 1);
	assert_string_equal(dl.items[0].code, "plan-limits");
	assert_string_equal(dl.items[0].message, "CPU number 16 is past the 16 this build runs: validation should have "
						 "refused it");
	diag_free(&dl);
	/* The host, on CPU 0, plans. */
	diag_init(&dl);
	assert_true(partition_plan_resources(&map.parts[0], &in, plan, &dl));
	assert_int_equal(plan->spec.pcpu[0], 0);
	diag_free(&dl);
	free(plan);
	pmap_free(&map);
	ctu_free_board(&many);
}

/* A device at 1 TiB is past the 40-bit guest address space (stage 2 maps it at its physical
 * address): the guest that names it is refused. The host holds the device just below 1 TiB, which
 * fits, and nothing past it. */
static void test_device_past_ipa_range(void **state)
{
	struct ctu_board high;
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	size_t size;
	void *blob = fixture_load("limits/high_device.dtb", &size);

	(void)state;
	ctu_load_board(&high, "limits/board_high.dtb");
	assert_int_equal(high.board.lim.ipa_bits, 40);
	diag_init(&dl);
	assert_false(cfg_check(blob, size, &high.board, &cfg, &map, &dl));
	if (dl.count != 1)
		for (size_t i = 0; i < dl.count; i++)
			fprintf(stderr, "got %s: %s: %s\n", dl.items[i].code, dl.items[i].path, dl.items[i].message);
	assert_int_equal(dl.count, 1);
	assert_string_equal(dl.items[0].code, "cfg-ipa-range");
	assert_string_equal(dl.items[0].path, "/partitions/guest");
	assert_string_equal(dl.items[0].message, "/dev@10000000000: registers 0x10000000000-0x10000000fff lie past "
						 "the 40-bit guest address space (a partition sees a device at its "
						 "physical address)");
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	free(blob);
	ctu_free_board(&high);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_at_limits),
		cmocka_unit_test(test_over_cpus),
		cmocka_unit_test(test_over_memory),
		cmocka_unit_test(test_over_devices),
		cmocka_unit_test(test_over_pci),
		cmocka_unit_test(test_past_board_cpus),
		cmocka_unit_test(test_device_past_ipa_range),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
