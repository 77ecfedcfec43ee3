/* log_write(): a preformatted line goes out as log_printf() would write it, cut to LOG_LINE_MAX - 1
 * bytes ending in "...\n" when it is too long. log_detail() and log_detail_write(): printed as
 * log_printf() and log_write() print, or in summary mode only counted, a line per write that ends
 * one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/base/log.h"
#include "tests/unit/host_console.h"

static char text[3 * LOG_LINE_MAX];

/* n bytes "abc...z" repeating, then a newline as the last one. */
static void fill(size_t n)
{
	for (size_t i = 0; i < n; i++)
		text[i] = (char)('a' + i % 26);
	text[n - 1] = '\n';
	text[n] = '\0';
}

static void test_short_lines_verbatim(void **state)
{
	(void)state;
	console_clear();
	log_write("device: /pmu irq 23\n", 20);
	log_write("", 0);
	assert_string_equal(console_captured(), "device: /pmu irq 23\n");
	fill(LOG_LINE_MAX - 1); /* the longest line that fits: 511 bytes */
	console_clear();
	log_write(text, LOG_LINE_MAX - 1);
	assert_string_equal(console_captured(), text);
}

static void test_long_lines_cut_as_printf_cuts(void **state)
{
	char expect[LOG_LINE_MAX];
	char printed[LOG_LINE_MAX];

	(void)state;
	for (size_t n = LOG_LINE_MAX; n <= 2 * LOG_LINE_MAX + 3; n += LOG_LINE_MAX / 2 + 1) {
		fill(n);
		/* 507 bytes of the line, then "...\n": 511 in all */
		memcpy(expect, text, 507);
		memcpy(expect + 507, "...\n", 5);
		console_clear();
		log_write(text, n);
		assert_int_equal(strlen(console_captured()), 511);
		assert_string_equal(console_captured(), expect);
		console_clear();
		log_printf("%s", text);
		strcpy(printed, console_captured());
		assert_string_equal(printed, expect);
	}
}

static void test_detail_lines(void **state)
{
	(void)state;
	console_clear();
	log_detail("group %u: %s\n", 3u, "/virtio_mmio@a000000");
	log_detail_write("device: /pmu", 12); /* one line written in two pieces */
	log_detail_write(" irq 23\n", 8);
	assert_string_equal(console_captured(), "group 3: /virtio_mmio@a000000\ndevice: /pmu irq 23\n");
	assert_int_equal(log_detail_left_out(), 0);

	log_set_summary(true);
	console_clear();
	log_detail("group %u: %s\n", 3u, "/virtio_mmio@a000000");
	log_detail_write("device: /pmu", 12);
	log_detail_write(" irq 23\n", 8);
	log_detail_write("", 0);
	log_printf("groups: %u groups\n", 35u); /* not a detail line: printed in every mode */
	assert_string_equal(console_captured(), "groups: 35 groups\n");
	assert_int_equal(log_detail_left_out(), 2);

	log_set_summary(false);
	console_clear();
	log_detail("cpu %u online\n", 1u);
	assert_string_equal(console_captured(), "cpu 1 online\n");
	assert_int_equal(log_detail_left_out(), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_lines_verbatim),
		cmocka_unit_test(test_long_lines_cut_as_printf_cuts),
		cmocka_unit_test(test_detail_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
