/* The physical LPI route table: each physical LPI handed out once, looked up to the partition,
 * vCPU and virtual LPI it was given for, freed singly or per partition, never outside its range. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/vdev/lpi_route.h"

static struct lpi_route_table T;
static struct lpi_route E[LPI_ROUTE_MAX + 1];

static void test_init_refuses_non_lpis(void **state)
{
	(void)state;
	assert_false(lpi_route_init(&T, 8191, 4, E));    /* 8191 is an SPI/reserved range, not an LPI */
	assert_false(lpi_route_init(&T, 8192, 8193, E)); /* more than the table holds */
	assert_true(lpi_route_init(&T, 8192, 8192, E));
	assert_false(lpi_route_init(&T, 8192, 4, NULL)); /* entries but no storage for them */
}

/* The caller's storage may hold anything (heap memory is not zeroed): init empties it. */
static void test_init_empties_the_storage(void **state)
{
	uint32_t a, b;

	(void)state;
	E[0] = (struct lpi_route){ true, 3, 3, 9000 };
	E[1] = (struct lpi_route){ true, 3, 3, 9001 };
	assert_true(lpi_route_init(&T, 8192, 2, E));
	assert_null(lpi_route_lookup(&T, 8192));
	assert_true(lpi_route_alloc(&T, 0, 0, 8200, &a));
	assert_true(lpi_route_alloc(&T, 0, 0, 8201, &b));
	assert_int_equal(T.in_use, 2);
}

static void test_alloc_lookup_free(void **state)
{
	uint32_t a, b;
	const struct lpi_route *r;

	(void)state;
	assert_true(lpi_route_init(&T, 8192, 2, E));
	assert_true(lpi_route_alloc(&T, 1, 0, 8200, &a));
	assert_int_equal(a, 8192);
	assert_true(lpi_route_alloc(&T, 2, 3, 9000, &b));
	assert_int_equal(b, 8193);
	/* Full: the third is refused and counted. */
	assert_false(lpi_route_alloc(&T, 1, 0, 8201, &a));
	assert_int_equal(T.stats.exhausted, 1);
	r = lpi_route_lookup(&T, 8193);
	assert_non_null(r);
	assert_int_equal(r->part, 2);
	assert_int_equal(r->vcpu, 3);
	assert_int_equal(r->vlpi, 9000);
	assert_true(lpi_route_free(&T, 8192));
	assert_false(lpi_route_free(&T, 8192)); /* twice */
	assert_null(lpi_route_lookup(&T, 8192));
	assert_int_equal(T.stats.stale, 1);
	/* Outside the range: not found, not counted as stale. */
	assert_null(lpi_route_lookup(&T, 8194));
	assert_null(lpi_route_lookup(&T, 27));
	assert_int_equal(T.stats.stale, 1);
	/* The freed one is handed out again. */
	assert_true(lpi_route_alloc(&T, 1, 0, 8300, &a));
	assert_int_equal(a, 8192);
}

/* Routes come back whether events are discarded one by one or the partition stops: 1,000
 * cycles that each take the whole table of 64 never find it exhausted. */
static void test_routes_returned(void **state)
{
	uint32_t plpi[64];

	(void)state;
	assert_true(lpi_route_init(&T, 8192, 64, E));
	for (unsigned cycle = 0; cycle < 1000; cycle++) {
		for (unsigned i = 0; i < 64; i++)
			assert_true(lpi_route_alloc(&T, cycle % 2, 0, 8192 + i, &plpi[i]));
		for (unsigned i = 0; i < 32; i++) /* DISCARDs */
			assert_true(lpi_route_free(&T, plpi[i]));
		assert_int_equal(lpi_route_free_partition(&T, cycle % 2), 32); /* the restart */
		assert_int_equal(T.in_use, 0);
	}
	assert_int_equal(T.stats.exhausted, 0);
}

static void test_vlpi_must_be_lpi(void **state)
{
	uint32_t p;

	(void)state;
	assert_true(lpi_route_init(&T, 8192, 4, E));
	assert_false(lpi_route_alloc(&T, 0, 0, 1023, &p));
	assert_false(lpi_route_alloc(&T, 0, 0, 0, &p));
	assert_int_equal(T.in_use, 0);
}

static void test_move_and_free_partition(void **state)
{
	uint32_t p[4];

	(void)state;
	assert_true(lpi_route_init(&T, 10000, 4, E));
	assert_true(lpi_route_alloc(&T, 0, 0, 8192, &p[0]));
	assert_true(lpi_route_alloc(&T, 1, 0, 8192, &p[1]));
	assert_true(lpi_route_alloc(&T, 0, 1, 8193, &p[2]));
	assert_true(lpi_route_move(&T, p[1], 2));
	assert_int_equal(lpi_route_lookup(&T, p[1])->vcpu, 2);
	assert_false(lpi_route_move(&T, p[1] + 10, 0));
	assert_int_equal(lpi_route_free_partition(&T, 0), 2);
	assert_null(lpi_route_lookup(&T, p[0]));
	assert_null(lpi_route_lookup(&T, p[2]));
	assert_non_null(lpi_route_lookup(&T, p[1]));
	assert_int_equal(T.in_use, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_refuses_non_lpis),   cmocka_unit_test(test_init_empties_the_storage),
		cmocka_unit_test(test_alloc_lookup_free),       cmocka_unit_test(test_vlpi_must_be_lpi),
		cmocka_unit_test(test_move_and_free_partition), cmocka_unit_test(test_routes_returned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
