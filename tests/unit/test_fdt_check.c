/* fdt_check_blob(): the whole-blob walk every untrusted DTB gets before libfdt reads it. Each
 * test breaks one thing in a small valid tree (built with libfdt's sequential writer) and expects
 * the libfdt error code the checker documents; the inputs fuzz/ found crashing or hanging libfdt
 * (fuzz/regressions/) must be refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "core/fdt/fdt_check.h"
#include "tests/unit/fixture.h"
#include "tests/unit/fixture_tests.h"

static char blob[4096];

/* / { a = <1>; n { b = "x"; }; }; */
static void build(void)
{
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_add_reservemap_entry(blob, 0x80000000, 0x1000), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_property_u32(blob, "a", 1), 0);
	assert_int_equal(fdt_begin_node(blob, "n"), 0);
	assert_int_equal(fdt_property_string(blob, "b", "x"), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
}

static void put32(size_t off, uint32_t v)
{
	fdt32_t be = cpu_to_fdt32(v);

	memcpy(blob + off, &be, 4);
}

/* Offset of the n-th (from 0) structure-block token equal to `tag`, scanning tokens properly. */
static size_t token(uint32_t tag, int n)
{
	int off = 0, next;

	for (;;) {
		uint32_t t = fdt_next_tag(blob, off, &next);

		if (t == tag && n-- == 0)
			return fdt_off_dt_struct(blob) + (size_t)off;
		assert_true(t != FDT_END);
		off = next;
	}
}

static void test_valid(void **state)
{
	(void)state;
	build();
	assert_int_equal(fdt_check_blob(blob, fdt_totalsize(blob)), 0);
}

static void test_truncated_buffer(void **state)
{
	(void)state;
	build();
	assert_int_equal(fdt_check_blob(blob, fdt_totalsize(blob) - 1), -FDT_ERR_TRUNCATED);
	assert_int_equal(fdt_check_blob(blob, 39), -FDT_ERR_TRUNCATED);
}

static void test_bad_magic(void **state)
{
	(void)state;
	build();
	put32(0, 0xd00dfeee);
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_BADMAGIC);
}

/* Version 6 made libfdt 1.6.1's fdt_check_full dereference NULL. */
static void test_old_version(void **state)
{
	(void)state;
	build();
	fdt_set_version(blob, 6);
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_BADVERSION);
	fdt_set_version(blob, 16);
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_BADVERSION);
}

/* A property length that wraps libfdt's int offset made fdt_check_full loop forever. */
static void test_huge_property(void **state)
{
	(void)state;
	build();
	put32(token(FDT_PROP, 0) + 4, 0xfffffff0);
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_TRUNCATED);
	build();
	put32(token(FDT_PROP, 1) + 4, fdt_size_dt_struct(blob));
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_TRUNCATED);
}

static void test_name_offset(void **state)
{
	(void)state;
	build();
	put32(token(FDT_PROP, 0) + 8, fdt_size_dt_strings(blob));
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_BADSTRUCTURE);
	build();
	put32(token(FDT_PROP, 0) + 8, 0x7fffffff);
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_BADSTRUCTURE);
}

static void test_header_offsets(void **state)
{
	(void)state;
	build();
	fdt_set_size_dt_struct(blob, fdt_totalsize(blob));
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_TRUNCATED);
	build();
	fdt_set_off_dt_strings(blob, 0xffffff00);
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_TRUNCATED);
	build();
	fdt_set_off_dt_struct(blob, fdt_off_dt_struct(blob) + 2);
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_ALIGNMENT);
	build();
	fdt_set_off_mem_rsvmap(blob, fdt_off_mem_rsvmap(blob) + 4);
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_ALIGNMENT);
}

static void test_no_end(void **state)
{
	(void)state;
	build();
	put32(token(FDT_END, 0), FDT_NOP);
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_TRUNCATED);
}

static void test_unbalanced(void **state)
{
	(void)state;
	build();
	put32(token(FDT_END_NODE, 1), FDT_NOP); /* the root is never closed */
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_BADSTRUCTURE);
	build();
	put32(token(FDT_BEGIN_NODE, 0), FDT_NOP); /* a property before any node */
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_BADSTRUCTURE);
	build();
	put32(token(FDT_END, 0), 0x42); /* an unknown token */
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_BADSTRUCTURE);
}

static void test_root_name(void **state)
{
	(void)state;
	build();
	blob[token(FDT_BEGIN_NODE, 0) + 4] = 'r';
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_BADSTRUCTURE);
}

static void test_second_root(void **state)
{
	(void)state;
	build();
	/* Turn "n {" into "}" "/ {"-like: close the root early so n's tokens come after it. */
	put32(token(FDT_BEGIN_NODE, 1), FDT_END_NODE);
	assert_int_equal(fdt_check_blob(blob, sizeof(blob)), -FDT_ERR_BADSTRUCTURE);
}

static void test_depth(void **state)
{
	char name[16];

	(void)state;
	for (int depth = FDT_CHECK_MAX_DEPTH; depth <= FDT_CHECK_MAX_DEPTH + 1; depth++) {
		assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
		assert_int_equal(fdt_finish_reservemap(blob), 0);
		assert_int_equal(fdt_begin_node(blob, ""), 0);
		for (int i = 1; i < depth; i++) {
			snprintf(name, sizeof(name), "n%d", i);
			assert_int_equal(fdt_begin_node(blob, name), 0);
		}
		for (int i = 0; i < depth; i++)
			assert_int_equal(fdt_end_node(blob), 0);
		assert_int_equal(fdt_finish(blob), 0);
		assert_int_equal(fdt_check_blob(blob, sizeof(blob)),
				 depth <= FDT_CHECK_MAX_DEPTH ? 0 : -FDT_ERR_BADSTRUCTURE);
	}
}

/* The boards fuzz/ found crashing or hanging libfdt are refused (quickly: no loop); one test
 * each (see main). */
static const char *const fuzz_boards[] = {
	"fuzz/regressions/board-structure-no-fdt-end",
	"fuzz/regressions/board-version-6",
	"fuzz/regressions/board-property-length-wraps",
};

static void test_fuzz_board(void **state)
{
	size_t size;
	unsigned char *in = fixture_load_path(*state, &size);
	uint32_t n;
	void *board;

	assert_true(size >= 4);
	n = (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 | (uint32_t)in[2] << 8 | in[3];
	assert_true(n <= size - 4);
	board = malloc(n);
	assert_non_null(board);
	memcpy(board, in + 4, n);
	assert_true(fdt_check_blob(board, n) < 0);
	free(board);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),          cmocka_unit_test(test_truncated_buffer),
		cmocka_unit_test(test_bad_magic),      cmocka_unit_test(test_old_version),
		cmocka_unit_test(test_huge_property),  cmocka_unit_test(test_name_offset),
		cmocka_unit_test(test_header_offsets), cmocka_unit_test(test_no_end),
		cmocka_unit_test(test_unbalanced),     cmocka_unit_test(test_root_name),
		cmocka_unit_test(test_second_root),    cmocka_unit_test(test_depth),
	};
	struct fixture_tests t = { 0 };

	fixture_tests_add_array(&t, tests);
	for (size_t i = 0; i < sizeof(fuzz_boards) / sizeof(fuzz_boards[0]); i++)
		fixture_tests_add(&t, "fuzz", fuzz_boards[i] + strlen("fuzz/regressions/"), test_fuzz_board,
				  (void *)fuzz_boards[i], NULL, NULL);
	return fixture_tests_run("fdt_check", &t);
}
