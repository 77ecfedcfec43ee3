/* Every per-partition count partition creation has a limit for (core/partition/partition.h) is
 * refused by validation, at exactly one past the limit, and accepted at the limit. The board
 * (fixtures/limits/board.dts) has one more of everything than a partition may hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/partition/partition.h"
#include "tests/unit/config_test_util.h"

/* The fixtures are written for these values; a changed limit needs new fixtures. */
_Static_assert(PART_MAX_VCPUS == 8 && PART_MAX_MEM == 8 && PART_MAX_DEVICES == 128 && PART_MAX_MMIO == 128 &&
		       PART_MAX_PCI == 16 && PART_MAX_SPIS == 128,
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

/* The fixture's verdict and its messages, in order (NULL-terminated). */
static void expect(const char *fixture, const char *const *messages)
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
	ok = cfg_check(blob, size, &board.board, &cfg, &map, &dl);
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
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	free(blob);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_at_limits),   cmocka_unit_test(test_over_cpus),
		cmocka_unit_test(test_over_memory), cmocka_unit_test(test_over_devices),
		cmocka_unit_test(test_over_pci),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
