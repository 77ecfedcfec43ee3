/* Typed device-tree readers (core/fdt/fdt_props.c). The tree is built in memory with libfdt's
 * read-write API so every property has exactly the byte length a test needs; expected values are
 * written out by hand from the cells set below:
 *
 *   /                       #address-cells = <2>, #size-cells = <2>
 *     props                 u32 = <0x12345678>, short = [12 34], long = <1 2>,
 *                           u64_1 = <0xabcdef01>, u64_2 = <0x1 0x23456789>, u64_3 = <1 2 3>,
 *                           str = "hello\0world", nonul = [61 62 63], empty (no value),
 *                           six = <1..6>, odd = [00 00 00 01 02],
 *                           compatible = "vendor,exact", "generic,fallback"
 *     bus1                  #address-cells = <1>, #size-cells = <1>
 *       dev@1000            reg = <0x1000 0x100 0x2000 0x200>
 *       short@0             reg = <0x1000> (one cell of a 2-cell entry)
 *       none@0              (no reg)
 *     bus0                  (no cells: the defaults 2 and 1)
 *       dev@100000000       reg = <0x1 0x0 0x1000>
 *     nosize                #address-cells = <1>, #size-cells = <0>
 *       dev@5               reg = <5 6>
 *     wide                  #address-cells = <4>, #size-cells = <3>
 *     mc                    #address-cells = <3>, #size-cells = <1> (fsl-mc: a space cell on top)
 *       dev                 reg = <0 0 0 0 0 0>
 *     zero                  #address-cells = <0>, #size-cells = <1>
 *       dev                 reg = <0x10>
 *     root-dev@9000000      reg = <0x0 0x9000000 0x0 0x1000> (root's 2 + 2 cells)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "core/base/diag.h"
#include "core/fdt/fdt_props.h"

#define TREE_SIZE 8192

struct tree {
	void *fdt;
	struct diag_list dl;
};

static int node(const void *fdt, const char *path)
{
	int n = fdt_path_offset(fdt, path);

	if (n < 0)
		fail_msg("test tree has no %s", path);
	return n;
}

static int add(void *fdt, const char *parent, const char *name)
{
	int n = fdt_add_subnode(fdt, node(fdt, parent), name);

	if (n < 0)
		fail_msg("fdt_add_subnode %s/%s: %s", parent, name, fdt_strerror(n));
	return n;
}

static void setprop(void *fdt, const char *path, const char *prop, const void *val, int len)
{
	int err = fdt_setprop(fdt, node(fdt, path), prop, val, len);

	if (err)
		fail_msg("fdt_setprop %s %s: %s", path, prop, fdt_strerror(err));
}

/* Big-endian cells, as the blob holds them. */
static void setcells(void *fdt, const char *path, const char *prop, const uint32_t *v, int n)
{
	fdt32_t be[8];

	assert_true(n <= 8);
	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(v[i]);
	setprop(fdt, path, prop, be, n * 4);
}

#define CELLS(fdt, path, prop, ...)                                               \
	do {                                                                      \
		const uint32_t v_[] = { __VA_ARGS__ };                            \
		setcells(fdt, path, prop, v_, (int)(sizeof(v_) / sizeof(v_[0]))); \
	} while (0)

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	void *fdt = malloc(TREE_SIZE);
	static const uint8_t short_val[] = { 0x12, 0x34 };
	static const uint8_t odd_val[] = { 0, 0, 0, 1, 2 };
	static const char str_val[] = "hello\0world";
	static const char compat[] = "vendor,exact\0generic,fallback";

	assert_non_null(t);
	assert_non_null(fdt);
	assert_int_equal(fdt_create_empty_tree(fdt, TREE_SIZE), 0);
	t->fdt = fdt;
	diag_init(&t->dl);

	CELLS(fdt, "/", "#address-cells", 2);
	CELLS(fdt, "/", "#size-cells", 2);

	add(fdt, "/", "props");
	CELLS(fdt, "/props", "u32", 0x12345678);
	setprop(fdt, "/props", "short", short_val, sizeof(short_val));
	CELLS(fdt, "/props", "long", 1, 2);
	CELLS(fdt, "/props", "u64_1", 0xabcdef01);
	CELLS(fdt, "/props", "u64_2", 0x1, 0x23456789);
	CELLS(fdt, "/props", "u64_3", 1, 2, 3);
	setprop(fdt, "/props", "str", str_val, sizeof(str_val));
	setprop(fdt, "/props", "nonul", "abc", 3);
	setprop(fdt, "/props", "empty", NULL, 0);
	CELLS(fdt, "/props", "six", 1, 2, 3, 4, 5, 6);
	setprop(fdt, "/props", "odd", odd_val, sizeof(odd_val));
	setprop(fdt, "/props", "compatible", compat, sizeof(compat));

	add(fdt, "/", "bus1");
	CELLS(fdt, "/bus1", "#address-cells", 1);
	CELLS(fdt, "/bus1", "#size-cells", 1);
	add(fdt, "/bus1", "dev@1000");
	CELLS(fdt, "/bus1/dev@1000", "reg", 0x1000, 0x100, 0x2000, 0x200);
	add(fdt, "/bus1", "short@0");
	CELLS(fdt, "/bus1/short@0", "reg", 0x1000);
	add(fdt, "/bus1", "none@0");

	add(fdt, "/", "bus0");
	add(fdt, "/bus0", "dev@100000000");
	CELLS(fdt, "/bus0/dev@100000000", "reg", 0x1, 0x0, 0x1000);

	add(fdt, "/", "nosize");
	CELLS(fdt, "/nosize", "#address-cells", 1);
	CELLS(fdt, "/nosize", "#size-cells", 0);
	add(fdt, "/nosize", "dev@5");
	CELLS(fdt, "/nosize/dev@5", "reg", 5, 6);

	add(fdt, "/", "wide");
	CELLS(fdt, "/wide", "#address-cells", 4);
	CELLS(fdt, "/wide", "#size-cells", 3);
	add(fdt, "/wide", "dev");
	CELLS(fdt, "/wide/dev", "reg", 0, 0, 0, 0, 0, 0, 0);
	add(fdt, "/", "mc");
	CELLS(fdt, "/mc", "#address-cells", 3);
	CELLS(fdt, "/mc", "#size-cells", 1);
	add(fdt, "/mc", "dev");
	CELLS(fdt, "/mc/dev", "reg", 1, 0x2, 0x1000, 0x40);

	add(fdt, "/", "zero");
	CELLS(fdt, "/zero", "#address-cells", 0);
	CELLS(fdt, "/zero", "#size-cells", 1);
	add(fdt, "/zero", "dev");
	CELLS(fdt, "/zero/dev", "reg", 0x10);

	add(fdt, "/", "root-dev@9000000");
	CELLS(fdt, "/root-dev@9000000", "reg", 0x0, 0x9000000, 0x0, 0x1000);

	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;

	diag_free(&t->dl);
	free(t->fdt);
	free(t);
	return 0;
}

/* The only diagnostic recorded so far has this code, node path, property and message. */
static void expect_one_diag(const struct diag_list *dl, const char *code, const char *path, const char *prop,
			    const char *msg)
{
	const struct diag *d;

	assert_int_equal(dl->count, 1);
	assert_int_equal(dl->errors, 1);
	d = diag_find(dl, code);
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_string_equal(d->path, path);
	assert_string_equal(d->property, prop);
	assert_string_equal(d->message, msg);
}

static void test_path(void **state)
{
	struct tree *t = *state;
	char buf[64], tiny[8];
	char *dup;

	assert_string_equal(fdtp_path(t->fdt, node(t->fdt, "/bus1/dev@1000"), buf, sizeof(buf)), "/bus1/dev@1000");
	assert_string_equal(fdtp_path(t->fdt, 0, buf, sizeof(buf)), "/");
	/* Offset 1 is inside the root's header, not a node. */
	assert_string_equal(fdtp_path(t->fdt, 1, buf, sizeof(buf)), "<bad node>");
	/* Too small for the path: still terminated, never overrun. */
	memset(tiny, 'x', sizeof(tiny));
	fdtp_path(t->fdt, node(t->fdt, "/bus1/dev@1000"), tiny, sizeof(tiny));
	assert_string_equal(tiny, "<bad no");
	dup = fdtp_path_dup(t->fdt, node(t->fdt, "/nosize/dev@5"));
	assert_string_equal(dup, "/nosize/dev@5");
	free(dup);
}

static void test_u32(void **state)
{
	struct tree *t = *state;
	int props = node(t->fdt, "/props");
	uint32_t v = 0xdeadbeef;

	assert_int_equal(fdtp_u32(t->fdt, props, "u32", &v, &t->dl), FDTP_OK);
	assert_int_equal(v, 0x12345678);
	v = 0xdeadbeef;
	assert_int_equal(fdtp_u32(t->fdt, props, "missing", &v, &t->dl), FDTP_ABSENT);
	assert_int_equal(v, 0xdeadbeef); /* untouched: callers pre-load their default */
	assert_int_equal(t->dl.count, 0);
}

static void test_u32_short(void **state)
{
	struct tree *t = *state;
	uint32_t v = 7;

	assert_int_equal(fdtp_u32(t->fdt, node(t->fdt, "/props"), "short", &v, &t->dl), FDTP_BAD);
	assert_int_equal(v, 7);
	expect_one_diag(&t->dl, "dt-truncated-property", "/props", "short", "expected one 32-bit cell");
}

static void test_u32_long(void **state)
{
	struct tree *t = *state;
	uint32_t v = 7;

	assert_int_equal(fdtp_u32(t->fdt, node(t->fdt, "/props"), "long", &v, &t->dl), FDTP_BAD);
	assert_int_equal(v, 7);
	expect_one_diag(&t->dl, "dt-truncated-property", "/props", "long", "expected one 32-bit cell");
}

static void test_u64(void **state)
{
	struct tree *t = *state;
	int props = node(t->fdt, "/props");
	uint64_t v = 0;

	assert_int_equal(fdtp_u64(t->fdt, props, "u64_1", &v, &t->dl), FDTP_OK);
	assert_int_equal(v, 0xabcdef01);
	assert_int_equal(fdtp_u64(t->fdt, props, "u64_2", &v, &t->dl), FDTP_OK);
	assert_int_equal(v, 0x123456789);
	assert_int_equal(fdtp_u64(t->fdt, props, "missing", &v, &t->dl), FDTP_ABSENT);
	assert_int_equal(v, 0x123456789);
	assert_int_equal(t->dl.count, 0);
}

static void test_u64_three_cells(void **state)
{
	struct tree *t = *state;
	uint64_t v = 9;

	assert_int_equal(fdtp_u64(t->fdt, node(t->fdt, "/props"), "u64_3", &v, &t->dl), FDTP_BAD);
	assert_int_equal(v, 9);
	expect_one_diag(&t->dl, "dt-truncated-property", "/props", "u64_3", "expected one or two 32-bit cells");
}

static void test_u64_two_bytes(void **state)
{
	struct tree *t = *state;
	uint64_t v = 9;

	assert_int_equal(fdtp_u64(t->fdt, node(t->fdt, "/props"), "short", &v, &t->dl), FDTP_BAD);
	expect_one_diag(&t->dl, "dt-truncated-property", "/props", "short", "expected one or two 32-bit cells");
}

static void test_string(void **state)
{
	struct tree *t = *state;
	int props = node(t->fdt, "/props");
	const char *s = NULL;

	assert_int_equal(fdtp_string(t->fdt, props, "str", &s, &t->dl), FDTP_OK);
	assert_string_equal(s, "hello"); /* the first string of the list */
	assert_int_equal(fdtp_string(t->fdt, props, "compatible", &s, &t->dl), FDTP_OK);
	assert_string_equal(s, "vendor,exact");
	s = NULL;
	assert_int_equal(fdtp_string(t->fdt, props, "missing", &s, &t->dl), FDTP_ABSENT);
	assert_null(s);
	assert_int_equal(t->dl.count, 0);
}

static void test_string_not_terminated(void **state)
{
	struct tree *t = *state;
	const char *s = NULL;

	assert_int_equal(fdtp_string(t->fdt, node(t->fdt, "/props"), "nonul", &s, &t->dl), FDTP_BAD);
	assert_null(s);
	expect_one_diag(&t->dl, "dt-bad-string", "/props", "nonul", "not a NUL-terminated string");
}

static void test_string_empty(void **state)
{
	struct tree *t = *state;
	const char *s = NULL;

	assert_int_equal(fdtp_string(t->fdt, node(t->fdt, "/props"), "empty", &s, &t->dl), FDTP_BAD);
	assert_null(s);
	expect_one_diag(&t->dl, "dt-bad-string", "/props", "empty", "not a NUL-terminated string");
}

static void test_bool(void **state)
{
	struct tree *t = *state;
	int props = node(t->fdt, "/props");

	assert_true(fdtp_bool(t->fdt, props, "empty"));
	assert_true(fdtp_bool(t->fdt, props, "u32"));
	assert_false(fdtp_bool(t->fdt, props, "missing"));
}

static void test_cells(void **state)
{
	struct tree *t = *state;
	int props = node(t->fdt, "/props");
	const uint32_t *c = NULL;
	size_t n = 0;

	assert_int_equal(fdtp_cells(t->fdt, props, "six", 3, &c, &n, &t->dl), FDTP_OK);
	assert_int_equal(n, 6);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(fdtp_cell(c, i), i + 1);
	assert_int_equal(fdtp_cells(t->fdt, props, "six", 2, &c, &n, &t->dl), FDTP_OK);
	assert_int_equal(fdtp_cells(t->fdt, props, "six", 1, &c, &n, &t->dl), FDTP_OK);
	assert_int_equal(fdtp_cells(t->fdt, props, "six", 6, &c, &n, &t->dl), FDTP_OK);
	assert_int_equal(fdtp_cells(t->fdt, props, "empty", 4, &c, &n, &t->dl), FDTP_OK);
	assert_int_equal(n, 0);
	assert_int_equal(fdtp_cells(t->fdt, props, "missing", 1, &c, &n, &t->dl), FDTP_ABSENT);
	assert_int_equal(t->dl.count, 0);
}

static void test_cells_stride(void **state)
{
	struct tree *t = *state;
	const uint32_t *c = NULL;
	size_t n = 99;

	assert_int_equal(fdtp_cells(t->fdt, node(t->fdt, "/props"), "six", 4, &c, &n, &t->dl), FDTP_BAD);
	assert_null(c);
	assert_int_equal(n, 99);
	expect_one_diag(&t->dl, "dt-truncated-property", "/props", "six", "length 24 is not a multiple of 4 cells");
}

static void test_cells_partial_cell(void **state)
{
	struct tree *t = *state;
	const uint32_t *c;
	size_t n;

	assert_int_equal(fdtp_cells(t->fdt, node(t->fdt, "/props"), "odd", 1, &c, &n, &t->dl), FDTP_BAD);
	expect_one_diag(&t->dl, "dt-truncated-property", "/props", "odd", "length 5 is not a multiple of 1 cells");
}

static void test_cells_stride_zero(void **state)
{
	struct tree *t = *state;
	const uint32_t *c;
	size_t n;

	assert_int_equal(fdtp_cells(t->fdt, node(t->fdt, "/props"), "six", 0, &c, &n, &t->dl), FDTP_BAD);
	expect_one_diag(&t->dl, "dt-truncated-property", "/props", "six", "length 24 is not a multiple of 0 cells");
}

static void test_read_number(void **state)
{
	const fdt32_t be[] = { cpu_to_fdt32(0x11223344), cpu_to_fdt32(0x55667788), cpu_to_fdt32(0x99aabbcc) };
	const uint32_t *c = (const uint32_t *)be;

	(void)state;
	assert_int_equal(fdtp_cell(c, 0), 0x11223344);
	assert_int_equal(fdtp_cell(c, 2), 0x99aabbcc);
	assert_int_equal(fdtp_read_number(c, 0, 1), 0x11223344);
	assert_int_equal(fdtp_read_number(c, 1, 1), 0x55667788);
	assert_int_equal(fdtp_read_number(c, 0, 2), 0x1122334455667788);
	assert_int_equal(fdtp_read_number(c, 1, 2), 0x5566778899aabbcc);
	assert_int_equal(fdtp_read_number(c, 2, 0), 0);
}

static void test_child_cells(void **state)
{
	struct tree *t = *state;
	uint32_t ac = 99, sc = 99;

	assert_int_equal(fdtp_child_addr_cells(t->fdt, node(t->fdt, "/bus1"), &ac, &t->dl), FDTP_OK);
	assert_int_equal(fdtp_child_size_cells(t->fdt, node(t->fdt, "/bus1"), &sc, &t->dl), FDTP_OK);
	assert_int_equal(ac, 1);
	assert_int_equal(sc, 1);
	/* Absent: the DT spec's defaults. */
	assert_int_equal(fdtp_child_addr_cells(t->fdt, node(t->fdt, "/bus0"), &ac, &t->dl), FDTP_OK);
	assert_int_equal(fdtp_child_size_cells(t->fdt, node(t->fdt, "/bus0"), &sc, &t->dl), FDTP_OK);
	assert_int_equal(ac, 2);
	assert_int_equal(sc, 1);
	assert_int_equal(fdtp_child_size_cells(t->fdt, node(t->fdt, "/nosize"), &sc, &t->dl), FDTP_OK);
	assert_int_equal(sc, 0);
	assert_int_equal(fdtp_child_addr_cells(t->fdt, node(t->fdt, "/zero"), &ac, &t->dl), FDTP_OK);
	assert_int_equal(ac, 0);
	assert_int_equal(t->dl.count, 0);
}

static void test_child_addr_cells_four(void **state)
{
	struct tree *t = *state;
	uint32_t ac = 99;

	assert_int_equal(fdtp_child_addr_cells(t->fdt, node(t->fdt, "/wide"), &ac, &t->dl), FDTP_BAD);
	assert_int_equal(ac, 99);
	expect_one_diag(&t->dl, "dt-bad-cells", "/wide", "#address-cells", "4 cells: bulkhead handles 1 to 3");
}

/* A 3-cell bus (fsl-mc, PCI): the top cell names an address space, the low two the address. */
static void test_reg_three_address_cells(void **state)
{
	struct tree *t = *state;
	struct fdtp_reg r[2];

	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/mc/dev"), r, 2, &t->dl), 1);
	assert_int_equal(r[0].base, 0x200001000ull);
	assert_int_equal(r[0].size, 0x40);
	assert_int_equal(t->dl.count, 0);
}

static void test_child_size_cells_three(void **state)
{
	struct tree *t = *state;
	uint32_t sc = 99;

	assert_int_equal(fdtp_child_size_cells(t->fdt, node(t->fdt, "/wide"), &sc, &t->dl), FDTP_BAD);
	expect_one_diag(&t->dl, "dt-bad-cells", "/wide", "#size-cells", "3 cells: bulkhead handles 1 to 2");
}

static void test_reg_one_cell(void **state)
{
	struct tree *t = *state;
	struct fdtp_reg r[4];

	memset(r, 0xa5, sizeof(r));
	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/bus1/dev@1000"), r, 4, &t->dl), 2);
	assert_int_equal(r[0].base, 0x1000);
	assert_int_equal(r[0].size, 0x100);
	assert_int_equal(r[1].base, 0x2000);
	assert_int_equal(r[1].size, 0x200);
	/* Slots past the count are not written. */
	assert_int_equal(r[2].base, 0xa5a5a5a5a5a5a5a5);
	assert_int_equal(t->dl.count, 0);
}

static void test_reg_two_cells(void **state)
{
	struct tree *t = *state;
	struct fdtp_reg r[2];

	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/root-dev@9000000"), r, 2, &t->dl), 1);
	assert_int_equal(r[0].base, 0x9000000);
	assert_int_equal(r[0].size, 0x1000);
	/* Default cells (2 + 1) of a parent that says nothing. */
	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/bus0/dev@100000000"), r, 2, &t->dl), 1);
	assert_int_equal(r[0].base, 0x100000000);
	assert_int_equal(r[0].size, 0x1000);
	assert_int_equal(t->dl.count, 0);
}

static void test_reg_no_size(void **state)
{
	struct tree *t = *state;
	struct fdtp_reg r[2] = { { 1, 1 }, { 1, 1 } };

	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/nosize/dev@5"), r, 2, &t->dl), 2);
	assert_int_equal(r[0].base, 5);
	assert_int_equal(r[0].size, 0);
	assert_int_equal(r[1].base, 6);
	assert_int_equal(r[1].size, 0);
}

static void test_reg_max_and_absent(void **state)
{
	struct tree *t = *state;
	struct fdtp_reg r[2] = { { 0, 0 }, { 7, 7 } };

	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/bus1/dev@1000"), r, 1, &t->dl), 1);
	assert_int_equal(r[0].base, 0x1000);
	assert_int_equal(r[1].base, 7); /* max respected */
	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/bus1/none@0"), r, 2, &t->dl), 0);
	assert_int_equal(t->dl.count, 0);
}

static void test_reg_truncated(void **state)
{
	struct tree *t = *state;
	struct fdtp_reg r[2];

	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/bus1/short@0"), r, 2, &t->dl), -1);
	expect_one_diag(&t->dl, "dt-truncated-property", "/bus1/short@0", "reg",
			"length 4 is not a multiple of 2 cells (read with #address-cells = 1 and #size-cells = 1 of "
			"/bus1)");
}

static void test_reg_parent_four_cells(void **state)
{
	struct tree *t = *state;
	struct fdtp_reg r[2];

	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/wide/dev"), r, 2, &t->dl), -1);
	/* Named where the cells are declared: the parent. */
	expect_one_diag(&t->dl, "dt-bad-cells", "/wide", "#address-cells", "4 cells: bulkhead handles 1 to 3");
}

static void test_reg_parent_zero_cells(void **state)
{
	struct tree *t = *state;
	struct fdtp_reg r[2];

	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/zero/dev"), r, 2, &t->dl), -1);
	expect_one_diag(&t->dl, "dt-bad-cells", "/zero/dev", "reg", "parent has #address-cells = 0");
}

/* Callers that only probe a property (status, interrupt-parent, a bus's cells while
 * translating) pass no list: a malformed value must then be refused quietly, not crash. */
static void test_no_list_is_quiet(void **state)
{
	struct tree *t = *state;
	int props = node(t->fdt, "/props");
	uint32_t v32;
	uint64_t v64;
	const char *s;
	const uint32_t *c;
	size_t n;
	struct fdtp_reg r[2];

	assert_int_equal(fdtp_u32(t->fdt, props, "long", &v32, NULL), FDTP_BAD);
	assert_int_equal(fdtp_u64(t->fdt, props, "u64_3", &v64, NULL), FDTP_BAD);
	assert_int_equal(fdtp_string(t->fdt, props, "nonul", &s, NULL), FDTP_BAD);
	assert_int_equal(fdtp_cells(t->fdt, props, "six", 4, &c, &n, NULL), FDTP_BAD);
	assert_int_equal(fdtp_child_addr_cells(t->fdt, node(t->fdt, "/wide"), &v32, NULL), FDTP_BAD);
	assert_int_equal(fdtp_child_size_cells(t->fdt, node(t->fdt, "/wide"), &v32, NULL), FDTP_BAD);
	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/zero/dev"), r, 2, NULL), -1);
	assert_int_equal(fdtp_reg(t->fdt, node(t->fdt, "/bus1/short@0"), r, 2, NULL), -1);
	/* Good values still read. */
	assert_int_equal(fdtp_u32(t->fdt, props, "u32", &v32, NULL), FDTP_OK);
	assert_int_equal(v32, 0x12345678);
}

static void test_compatible_any(void **state)
{
	struct tree *t = *state;
	int props = node(t->fdt, "/props");
	static const char *const exact[] = { "other,thing", "vendor,exact", NULL };
	static const char *const fallback[] = { "generic,fallback", NULL };
	static const char *const none[] = { "vendor", "generic,fallbac", "other,thing", NULL };
	static const char *const empty[] = { NULL };

	assert_true(fdtp_compatible_any(t->fdt, props, exact));
	/* Any string of the node's list counts, not only the first: generic drivers bind to
	 * the fallback a vendor lists second. */
	assert_true(fdtp_compatible_any(t->fdt, props, fallback));
	assert_false(fdtp_compatible_any(t->fdt, props, none));
	assert_false(fdtp_compatible_any(t->fdt, props, empty));
	assert_false(fdtp_compatible_any(t->fdt, node(t->fdt, "/bus1"), exact));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_path),
		T(test_u32),
		T(test_u32_short),
		T(test_u32_long),
		T(test_u64),
		T(test_u64_three_cells),
		T(test_u64_two_bytes),
		T(test_string),
		T(test_string_not_terminated),
		T(test_string_empty),
		T(test_bool),
		T(test_cells),
		T(test_cells_stride),
		T(test_cells_partial_cell),
		T(test_cells_stride_zero),
		cmocka_unit_test(test_read_number),
		T(test_child_cells),
		T(test_child_addr_cells_four),
		T(test_reg_three_address_cells),
		T(test_child_size_cells_three),
		T(test_reg_one_cell),
		T(test_reg_two_cells),
		T(test_reg_no_size),
		T(test_reg_max_and_absent),
		T(test_reg_truncated),
		T(test_reg_parent_four_cells),
		T(test_reg_parent_zero_cells),
		T(test_no_list_is_quiet),
		T(test_compatible_any),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
