/* libFuzzer target: the checker and partition creation agree on every generated config
 * (fuzz/README.md). The input is the generator's choices (tests/unit/verdict_gen.c, the code the
 * seeded unit test tests/unit/test_verdict_agree.c runs): each byte picks how many partitions,
 * regions, CPUs, devices, where memory lies, which kernel, how long the bootargs are, so
 * coverage of validation and creation steers the configs. The config goes through cfg_check and
 * through the host build of creation on the limits board (and, when its bootargs are long, on
 * the same board with a 1 MiB device node, around the device tree's 2 MiB limit); a
 * disagreement prints both sides' diagnostics and aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/verdict_gen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct vg_board board, big_board;
static uint8_t *buf;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_source src;
	size_t n;

	if (!buf) {
		vg_board_load(&board, false);
		vg_board_load(&big_board, true);
		buf = malloc(VG_CONFIG_CAP);
		if (!buf)
			abort();
	}
	vg_bytes(&src, data, size);
	n = vg_make_config(&src, VG_LIMITS, buf, VG_CONFIG_CAP);
	if (vg_compare(&board, buf, n, stderr) == VG_DISAGREE)
		abort();
	if (n >= VG_LONG_CONFIG && vg_compare(&big_board, buf, n, stderr) == VG_DISAGREE)
		abort();
	return 0;
}
