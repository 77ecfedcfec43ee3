/* The checker is the boot's oracle: random plausible configs on a board with one more of
 * everything than a partition holds (fixtures/limits/board.dts), each through validation and
 * through a host build of partition creation (tests/unit/verdict_gen.c, shared with the libFuzzer
 * target fuzz/fuzz_verdict.c). A config validation accepts must be created in full; one it
 * refuses only for what creation cannot do (cfg-over-limit, cfg-images-too-big, cfg-ipa-range,
 * cfg-too-many-partitions, cfg-dt-too-big) must fail in creation too. Seeded, so a failure
 * replays: the seed and iteration are printed with both sides' diagnostics.
 *
 *   test_verdict_agree                      the cmocka test
 *   test_verdict_agree gen SEED|@FILE [qemu]  one generated config DTB on stdout (limits board, or
 *                                           make run's QEMU machine with the probe payload: the
 *                                           QEMU scenario tests/qemu/scenarios/verdict-generated.sh);
 *                                           @FILE: the choices of a fuzzer input (fuzz/fuzz_verdict.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "tests/unit/fixture.h"
#include "tests/unit/verdict_gen.h"

#define ITERATIONS 3000
#define SEED UINT64_C(0x5eed0fb0a7d5)

static struct vg_board board, big_board;
static uint8_t *buf;

static int setup(void **state)
{
	(void)state;
	vg_board_load(&board, false);
	vg_board_load(&big_board, true);
	buf = malloc(VG_CONFIG_CAP);
	return buf ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	vg_board_free(&board);
	vg_board_free(&big_board);
	free(buf);
	return 0;
}

static void test_verdicts_agree(void **state)
{
	struct vg_source src;
	unsigned count[4] = { 0 }, big[4] = { 0 }, channels[4] = { 0 };

	(void)state;
	vg_seed(&src, SEED);
	for (unsigned iter = 0; iter < ITERATIONS; iter++) {
		size_t size = vg_make_config(&src, VG_LIMITS, buf, VG_CONFIG_CAP);
		enum vg_verdict v = vg_compare(&board, buf, size, stderr);

		if (v == VG_DISAGREE)
			fail_msg("seed 0x%llx iteration %u: verdicts differ (above)", (unsigned long long)SEED, iter);
		count[v]++;
		if (fdt_subnode_offset(buf, 0, "channels") >= 0)
			channels[v]++;
		if (size < VG_LONG_CONFIG)
			continue;
		v = vg_compare(&big_board, buf, size, stderr);
		if (v == VG_DISAGREE)
			fail_msg("seed 0x%llx iteration %u, big-node board: verdicts differ (above)",
				 (unsigned long long)SEED, iter);
		big[v]++;
	}
	/* The generator must reach both sides of every boundary often, or the test proves little. */
	fprintf(stderr,
		"verdict-agree: %u configs, %u valid and created, %u refused and not creatable, %u refused for "
		"other reasons; with long bootargs on the big-node board: %u valid, %u not creatable, %u other; with "
		"channels: %u valid, %u not creatable, %u other\n",
		ITERATIONS, count[VG_VALID_CREATED], count[VG_REFUSED_UNCREATED], count[VG_REFUSED_OTHER],
		big[VG_VALID_CREATED], big[VG_REFUSED_UNCREATED], big[VG_REFUSED_OTHER], channels[VG_VALID_CREATED],
		channels[VG_REFUSED_UNCREATED], channels[VG_REFUSED_OTHER]);
	assert_true(count[VG_VALID_CREATED] >= ITERATIONS / 20);
	assert_true(count[VG_REFUSED_UNCREATED] >= ITERATIONS / 20);
	/* Channels, accepted and mapped, and refused. */
	assert_true(channels[VG_VALID_CREATED] >= ITERATIONS / 100);
	/* Both sides of the 2 MiB device tree limit. */
	assert_true(big[VG_VALID_CREATED] >= 3);
	assert_true(big[VG_REFUSED_UNCREATED] >= 3);
}

/* Writes the config of `seed` (or of the choices in file FILE, given as @FILE: a fuzzer input)
 * to stdout. */
static int gen(const char *seed_text, const char *profile)
{
	struct vg_source src;
	char *end = "";
	unsigned long long seed = seed_text[0] == '@' ? 0 : strtoull(seed_text, &end, 0);
	void *out = malloc(VG_CONFIG_CAP), *choices = NULL;
	size_t size;

	if (*end || !out) {
		fprintf(stderr, "usage: test_verdict_agree gen SEED|@FILE [qemu]\n");
		free(out);
		return 2;
	}
	if (seed_text[0] == '@') {
		choices = fixture_load_path(seed_text + 1, &size);
		vg_bytes(&src, choices, size);
	} else {
		vg_seed(&src, seed);
	}
	size = vg_make_config(&src, profile && strcmp(profile, "qemu") == 0 ? VG_QEMU : VG_LIMITS, out, VG_CONFIG_CAP);
	fwrite(out, 1, size, stdout);
	free(out);
	free(choices);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_verdicts_agree) };

	if (argc >= 3 && strcmp(argv[1], "gen") == 0)
		return gen(argv[2], argc >= 4 ? argv[3] : NULL);
	return cmocka_run_group_tests(tests, setup, teardown);
}
