/* The console-line token bucket (core/base/ratelimit.c). Budget in these tests: 10 lines per
 * 1000 ticks, so one line costs 100 ticks of credit and a full bucket holds 10. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/base/ratelimit.h"

#define T0 5000u
#define EARLY 20u /* a tick count smaller than one period */

static unsigned allowed_of(struct ratelimit *r, unsigned n, uint64_t now, uint64_t *reports)
{
	unsigned ok = 0;

	for (unsigned i = 0; i < n; i++) {
		uint64_t rep;

		ok += ratelimit_allow(r, now, &rep);
		*reports += rep;
	}
	return ok;
}

static void test_burst_then_drop(void **state)
{
	struct ratelimit r;
	uint64_t reports = 0;

	(void)state;
	ratelimit_init(&r, 10, 1000, T0);
	/* 1200 lines at one instant: the first 10 pass, 1190 are dropped, nothing reported yet. */
	assert_int_equal(allowed_of(&r, 1200, T0, &reports), 10);
	assert_int_equal(reports, 0);
	assert_int_equal(r.suppressed, 1190);
	assert_int_equal(r.total_suppressed, 1190);
}

static void test_refill_rate(void **state)
{
	struct ratelimit r;
	uint64_t reports = 0;

	(void)state;
	ratelimit_init(&r, 10, 1000, T0);
	assert_int_equal(allowed_of(&r, 10, T0, &reports), 10);
	/* 250 ticks later: credit for 2 lines (100 each), not 3. */
	assert_int_equal(allowed_of(&r, 5, T0 + 250, &reports), 2);
	/* Long idle: the bucket holds at most 10 lines, however long the wait. */
	assert_int_equal(allowed_of(&r, 50, T0 + 1000000, &reports), 10);
}

static void test_one_report_per_period(void **state)
{
	struct ratelimit r;
	uint64_t rep = 0;

	(void)state;
	ratelimit_init(&r, 10, 1000, T0);
	assert_int_equal(allowed_of(&r, 400, T0, &rep), 10); /* 390 dropped */
	assert_int_equal(rep, 0);                            /* a dropped line reports nothing */
	/* The next line that passes (100 ticks of credit later) carries the report of all 390. */
	assert_true(ratelimit_allow(&r, T0 + 100, &rep));
	assert_int_equal(rep, 390);
	assert_int_equal(r.suppressed, 0);
	/* Dropped again: counted, and not reported before a period has passed since the report. */
	assert_int_equal(allowed_of(&r, 20, T0 + 100, &rep), 0);
	assert_int_equal(r.suppressed, 20);
	assert_true(ratelimit_allow(&r, T0 + 600, &rep));
	assert_int_equal(rep, 0);
	assert_true(ratelimit_allow(&r, T0 + 1100, &rep));
	assert_int_equal(rep, 20);
	assert_int_equal(r.total_suppressed, 410);
}

static void test_first_report_early_in_time(void **state)
{
	struct ratelimit r;
	uint64_t rep = 0;

	(void)state;
	/* A budget set up before the counter has counted one period: still reported at once. */
	ratelimit_init(&r, 10, 1000, EARLY);
	assert_int_equal(allowed_of(&r, 15, EARLY, &rep), 10);
	assert_true(ratelimit_allow(&r, EARLY + 100, &rep));
	assert_int_equal(rep, 5);
}

static void test_clock_going_backwards(void **state)
{
	struct ratelimit r;
	uint64_t reports = 0;

	(void)state;
	ratelimit_init(&r, 10, 1000, T0);
	assert_int_equal(allowed_of(&r, 10, T0, &reports), 10);
	/* An earlier tick gives no credit (and no report, and no overflow). */
	assert_int_equal(allowed_of(&r, 5, 0, &reports), 0);
	assert_int_equal(reports, 0);
	assert_int_equal(r.suppressed, 5);
}

static void test_degenerate_budgets(void **state)
{
	struct ratelimit r;
	uint64_t reports = 0;

	(void)state;
	/* 0 lines means 1; a period shorter than the line count is stretched to one tick a line. */
	ratelimit_init(&r, 0, 1000, T0);
	assert_int_equal(allowed_of(&r, 5, T0, &reports), 1);
	ratelimit_init(&r, 8, 2, T0);
	assert_int_equal(r.period, 8);
	assert_int_equal(r.cost, 1);
	assert_int_equal(allowed_of(&r, 20, T0, &reports), 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_then_drop),       cmocka_unit_test(test_refill_rate),
		cmocka_unit_test(test_one_report_per_period), cmocka_unit_test(test_first_report_early_in_time),
		cmocka_unit_test(test_clock_going_backwards), cmocka_unit_test(test_degenerate_budgets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
