/* The DT index (core/fdt/fdt_index.c) against libfdt itself: for every fixture DTB of the platform
 * and groups tests and for a hand-built tree with the corner cases (a node name without its unit
 * address, duplicate phandles, linux,phandle, paths with repeated and trailing slashes, buffers
 * one byte too short for a path), every lookup the index answers is asked of libfdt too and the
 * two answers must be the same: offsets, pointers into the blob, lengths and error codes. */
#include <dirent.h>
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
#include "core/fdt/fdt_index.h"
#include "tests/unit/fixture.h"

static void same_path_lookups(const void *fdt, const char *path)
{
	char variant[512];
	const char *at;

	assert_int_equal(fdtp_path_offset(fdt, path), fdt_path_offset(fdt, path));
	snprintf(variant, sizeof(variant), "%s/", path);
	assert_int_equal(fdtp_path_offset(fdt, variant), fdt_path_offset(fdt, variant));
	snprintf(variant, sizeof(variant), "/%s", path);
	assert_int_equal(fdtp_path_offset(fdt, variant), fdt_path_offset(fdt, variant));
	snprintf(variant, sizeof(variant), "%s/nonexistent", path);
	assert_int_equal(fdtp_path_offset(fdt, variant), fdt_path_offset(fdt, variant));
	/* The last component without its unit address. */
	at = strrchr(path, '@');
	if (at && !strchr(at, '/')) {
		snprintf(variant, sizeof(variant), "%.*s", (int)(at - path), path);
		assert_int_equal(fdtp_path_offset(fdt, variant), fdt_path_offset(fdt, variant));
	}
}

static void same_path(const void *fdt, int node)
{
	char a[512], b[512];
	int full, ra, rb;

	ra = fdtp_get_path(fdt, node, a, sizeof(a));
	rb = fdt_get_path(fdt, node, b, sizeof(b));
	assert_int_equal(ra, rb);
	assert_string_equal(a, b);
	full = (int)strlen(b) + 1;
	/* Every buffer size around and below the path's: the same success or -FDT_ERR_NOSPACE. */
	for (int len = 0; len <= full + 1; len++) {
		memset(a, 'x', sizeof(a));
		memset(b, 'x', sizeof(b));
		ra = fdtp_get_path(fdt, node, a, len);
		rb = fdt_get_path(fdt, node, b, len);
		assert_int_equal(ra, rb);
		if (ra == 0)
			assert_string_equal(a, b);
	}
	fdt_get_path(fdt, node, b, sizeof(b));
	same_path_lookups(fdt, b);
}

static void same_props(const void *fdt, int node)
{
	int off, la, lb;

	fdt_for_each_property_offset(off, fdt, node)
	{
		const char *name;
		const void *v = fdt_getprop_by_offset(fdt, off, &name, &lb);

		assert_ptr_equal(fdtp_getprop(fdt, node, name, &la), fdt_getprop(fdt, node, name, &lb));
		assert_ptr_equal(fdtp_getprop(fdt, node, name, NULL), v);
		assert_int_equal(la, lb);
		if (strcmp(name, "compatible") == 0 || strcmp(name, "device_type") == 0) {
			/* Each string of the list, searched for from the root and from this node. */
			for (int i = 0; i < lb;) {
				const char *s = (const char *)v + i;

				assert_int_equal(fdtp_node_check_compatible(fdt, node, s),
						 fdt_node_check_compatible(fdt, node, s));
				assert_int_equal(fdtp_node_offset_by_compatible(fdt, -1, s),
						 fdt_node_offset_by_compatible(fdt, -1, s));
				assert_int_equal(fdtp_node_offset_by_compatible(fdt, node, s),
						 fdt_node_offset_by_compatible(fdt, node, s));
				assert_int_equal(fdtp_node_offset_by_prop_value(fdt, -1, name, s, (int)strlen(s) + 1),
						 fdt_node_offset_by_prop_value(fdt, -1, name, s, (int)strlen(s) + 1));
				assert_int_equal(fdtp_node_offset_by_prop_value(fdt, node, name, s, (int)strlen(s) + 1),
						 fdt_node_offset_by_prop_value(fdt, node, name, s, (int)strlen(s) + 1));
				i += (int)strlen(s) + 1;
			}
		}
	}
	assert_ptr_equal(fdtp_getprop(fdt, node, "no-such-property", &la),
			 fdt_getprop(fdt, node, "no-such-property", &lb));
	assert_int_equal(la, lb);
	assert_int_equal(fdtp_node_check_compatible(fdt, node, "no,such-device"),
			 fdt_node_check_compatible(fdt, node, "no,such-device"));
}

static void same_node(const void *fdt, int node)
{
	const char *na, *nb;
	int la, lb;

	assert_int_equal(fdtp_parent(fdt, node), fdt_parent_offset(fdt, node));
	na = fdtp_get_name(fdt, node, &la);
	nb = fdt_get_name(fdt, node, &lb);
	assert_ptr_equal(na, nb);
	assert_int_equal(la, lb);
	assert_int_equal(fdtp_get_phandle(fdt, node), fdt_get_phandle(fdt, node));
	assert_int_equal(fdtp_first_subnode(fdt, node), fdt_first_subnode(fdt, node));
	assert_int_equal(fdtp_next_subnode(fdt, node), fdt_next_subnode(fdt, node));
	same_path(fdt, node);
	same_props(fdt, node);
}

/* Every answer for `fdt`, which the caller has indexed. */
static void same_answers(const void *fdt)
{
	int node, da, db, na, nb;
	uint32_t max_phandle = 0;

	assert_true(fdt_index_covers(fdt));
	/* The whole walk, from both starting depths the code uses: the last step included (libfdt
	 * returns the offset after the root's END_NODE when the depth drops below zero). */
	for (int start = -1; start <= 0; start++) {
		da = db = start;
		na = nb = -1;
		do {
			na = fdtp_next_node(fdt, na, &da);
			nb = fdt_next_node(fdt, nb, &db);
			assert_int_equal(na, nb);
			assert_int_equal(da, db);
		} while (nb >= 0);
	}
	assert_int_equal(fdtp_next_node(fdt, -1, NULL), fdt_next_node(fdt, -1, NULL));
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		uint32_t ph = fdt_get_phandle(fdt, node);

		same_node(fdt, node);
		assert_int_equal(fdtp_next_node(fdt, node, NULL), fdt_next_node(fdt, node, NULL));
		if (ph != (uint32_t)-1 && ph > max_phandle)
			max_phandle = ph;
	}
	for (uint32_t ph = 0; ph <= max_phandle + 1; ph++)
		assert_int_equal(fdtp_by_phandle(fdt, ph), fdt_node_offset_by_phandle(fdt, ph));
	assert_int_equal(fdtp_by_phandle(fdt, (unsigned)-1), fdt_node_offset_by_phandle(fdt, (uint32_t)-1));
	/* Not a node's offset: libfdt's error. */
	assert_int_equal(fdtp_parent(fdt, 1), fdt_parent_offset(fdt, 1));
	assert_ptr_equal(fdtp_getprop(fdt, 1, "reg", &da), fdt_getprop(fdt, 1, "reg", &db));
	assert_int_equal(da, db);
	same_path_lookups(fdt, "/");
	assert_int_equal(fdtp_path_offset(fdt, "//"), fdt_path_offset(fdt, "//"));
	assert_int_equal(fdtp_path_offset(fdt, "serial0"), fdt_path_offset(fdt, "serial0"));
}

static void check_blob(const char *path)
{
	size_t size;
	void *fdt = fixture_load_path(path, &size);

	if (fdt_check_header(fdt) != 0 || fdt_check_blob(fdt, fdt_totalsize(fdt)) != 0) {
		free(fdt);
		return; /* malformed on purpose: never indexed */
	}
	assert_true(fdt_index_build(fdt));
	same_answers(fdt);
	fdt_index_release();
	assert_false(fdt_index_covers(fdt));
	free(fdt);
}

static void check_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[512];
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 4, ".dtb") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		check_blob(path);
		n++;
	}
	closedir(d);
	assert_true(n > 0);
}

static void test_platform_fixtures(void **state)
{
	(void)state;
	check_dir("build/fixtures/platform");
}

static void test_groups_fixtures(void **state)
{
	(void)state;
	check_dir("build/fixtures/groups");
}

static void prop_u32(void *fdt, int node, const char *name, uint32_t v)
{
	assert_int_equal(fdt_setprop_u32(fdt, node, name, v), 0);
}

/* Corner cases the fixtures may not have. */
static void test_corner_cases(void **state)
{
	static const char compat[] = "vendor,a\0vendor,b";
	char buf[4096];
	int root, bus, a, b, c, deep;

	(void)state;
	assert_int_equal(fdt_create_empty_tree(buf, sizeof(buf)), 0);
	root = fdt_path_offset(buf, "/");
	/* A new subnode goes before its siblings: the blob order is dev@1, dev@2, dev. */
	bus = fdt_add_subnode(buf, root, "bus@1000");
	c = fdt_add_subnode(buf, fdt_path_offset(buf, "/bus@1000"), "dev");
	b = fdt_add_subnode(buf, fdt_path_offset(buf, "/bus@1000"), "dev@2");
	a = fdt_add_subnode(buf, fdt_path_offset(buf, "/bus@1000"), "dev@1");
	assert_true(bus >= 0 && a >= 0 && b >= 0 && c >= 0);
	deep = fdt_add_subnode(buf, fdt_path_offset(buf, "/bus@1000/dev@2"), "a-rather-long-node-name-for-buffers");
	assert_true(deep >= 0);
	/* Offsets move as nodes are added: look them up again before each change. */
	prop_u32(buf, fdt_path_offset(buf, "/bus@1000/dev@1"), "phandle", 7);
	prop_u32(buf, fdt_path_offset(buf, "/bus@1000/dev@2"), "phandle", 7); /* duplicate: the first wins */
	prop_u32(buf, fdt_path_offset(buf, "/bus@1000/dev"), "linux,phandle", 9);
	assert_int_equal(fdt_setprop(buf, fdt_path_offset(buf, "/bus@1000"), "compatible", compat, sizeof(compat)), 0);
	assert_int_equal(fdt_setprop(buf, fdt_path_offset(buf, "/bus@1000/dev"), "phandle", "ab", 2), 0);
	assert_int_equal(fdt_setprop_string(buf, fdt_path_offset(buf, "/bus@1000/dev@1"), "device_type", "memory"), 0);
	assert_int_equal(fdt_add_subnode(buf, root, "aliases") >= 0, 1);
	assert_int_equal(fdt_setprop_string(buf, fdt_path_offset(buf, "/aliases"), "serial0", "/bus@1000/dev@2"), 0);
	assert_int_equal(fdt_check_blob(buf, fdt_totalsize(buf)), 0);
	assert_true(fdt_index_build(buf));
	same_answers(buf);
	/* A path component without a unit address matches the first such node, in blob order. */
	assert_int_equal(fdtp_path_offset(buf, "/bus/dev"), fdt_path_offset(buf, "/bus@1000/dev@1"));
	assert_int_equal(fdtp_parent(buf, 0), -FDT_ERR_NOTFOUND);
	fdt_index_release();
}

/* Tags the one walk must read as libfdt's iterators do: NOPs (a property and a node removed in
 * place) between properties and nodes, and a property after a subnode, which no property
 * iterator reaches (so no lookup finds it, in libfdt or the index). */
static void test_nops_and_late_property(void **state)
{
	char buf[2048];
	int a;

	(void)state;
	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_property_u32(buf, "first", 1), 0);
	assert_int_equal(fdt_property_u32(buf, "gone", 2), 0);
	assert_int_equal(fdt_property_u32(buf, "after-gone", 3), 0);
	assert_int_equal(fdt_begin_node(buf, "a"), 0);
	assert_int_equal(fdt_property_u32(buf, "phandle", 5), 0);
	assert_int_equal(fdt_begin_node(buf, "removed"), 0);
	assert_int_equal(fdt_property_u32(buf, "phandle", 6), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_begin_node(buf, "b"), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_property_u32(buf, "late", 4), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	assert_int_equal(fdt_nop_property(buf, 0, "gone"), 0);
	assert_int_equal(fdt_nop_node(buf, fdt_path_offset(buf, "/a/removed")), 0);
	assert_int_equal(fdt_check_blob(buf, fdt_totalsize(buf)), 0);
	assert_true(fdt_index_build(buf));
	same_answers(buf);
	a = fdt_path_offset(buf, "/a");
	assert_true(a > 0);
	assert_null(fdtp_getprop(buf, a, "late", NULL));
	assert_null(fdtp_getprop(buf, 0, "gone", NULL));
	assert_non_null(fdtp_getprop(buf, 0, "after-gone", NULL));
	assert_int_equal(fdtp_by_phandle(buf, 5), a);
	assert_int_equal(fdtp_by_phandle(buf, 6), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdtp_path_offset(buf, "/a/b"), fdt_path_offset(buf, "/a/b"));
	fdt_index_release();
}

/* Property names a lookup cannot tell apart by their first bytes (it skips names by their first
 * character): names of one to six characters that are prefixes of each other, names that differ
 * only after the fourth, and near misses of each. Every one is asked of the index and of
 * libfdt. */
static void test_names_sharing_their_first_bytes(void **state)
{
	static const char *const names[] = {
		"a",         "ab",        "abc", "abcd",           "abcde",          "abcdf",       "abcdef", "reg",
		"reg-names", "regulator", "re",  "#address-cells", "#address-cellz", "#size-cells", "#a"
	};
	static const char *const misses[] = { "abce",     "abcdg",         "abcdefg",  "abcdex", "b", "r", "regx",
					      "reg-name", "#address-cell", "#address", "#size",  "#", "" };
	char buf[4096];
	int node, la, lb;

	(void)state;
	assert_int_equal(fdt_create_empty_tree(buf, sizeof(buf)), 0);
	node = fdt_add_subnode(buf, 0, "n");
	assert_true(node >= 0);
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		prop_u32(buf, fdt_path_offset(buf, "/n"), names[i], i + 1);
	node = fdt_path_offset(buf, "/n");
	assert_true(fdt_index_build(buf));
	same_answers(buf);
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const fdt32_t *v = fdtp_getprop(buf, node, names[i], &la);

		assert_ptr_equal(v, fdt_getprop(buf, node, names[i], &lb));
		assert_non_null(v);
		assert_int_equal(fdt32_to_cpu(*v), i + 1);
		assert_int_equal(la, lb);
	}
	for (unsigned i = 0; i < sizeof(misses) / sizeof(misses[0]); i++) {
		assert_null(fdtp_getprop(buf, node, misses[i], &la));
		assert_null(fdt_getprop(buf, node, misses[i], &lb));
		assert_int_equal(la, lb);
	}
	fdt_index_release();
}

/* The compatible searches read each node's first "compatible", as libfdt does: one after other
 * properties, one given twice (the first wins), a node without one, and a property whose name
 * only starts like it. */
static void test_first_compatible(void **state)
{
	static const char one[] = "v,one", two[] = "v,two";
	char buf[2048];
	int a, b;

	(void)state;
	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_begin_node(buf, "a"), 0);
	assert_int_equal(fdt_property_u32(buf, "reg", 1), 0);
	assert_int_equal(fdt_property(buf, "compatible-ish", two, sizeof(two)), 0);
	assert_int_equal(fdt_property(buf, "compatible", one, sizeof(one)), 0);
	assert_int_equal(fdt_property(buf, "compatible", two, sizeof(two)), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_begin_node(buf, "b"), 0);
	assert_int_equal(fdt_property(buf, "compatible-ish", two, sizeof(two)), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	assert_true(fdt_index_build(buf));
	/* Not same_answers(): it expects each property's name to find that very property. */
	a = fdt_path_offset(buf, "/a");
	b = fdt_path_offset(buf, "/b");
	assert_ptr_equal(fdtp_getprop(buf, a, "compatible", NULL), fdt_getprop(buf, a, "compatible", NULL));
	assert_int_equal(fdtp_node_check_compatible(buf, a, one), fdt_node_check_compatible(buf, a, one));
	assert_int_equal(fdtp_node_check_compatible(buf, b, two), fdt_node_check_compatible(buf, b, two));
	assert_int_equal(fdtp_node_offset_by_compatible(buf, -1, one), fdt_node_offset_by_compatible(buf, -1, one));
	assert_int_equal(fdtp_node_offset_by_compatible(buf, -1, two), fdt_node_offset_by_compatible(buf, -1, two));
	assert_int_equal(fdtp_node_check_compatible(buf, a, one), 0);
	assert_int_equal(fdtp_node_check_compatible(buf, a, two), fdt_node_check_compatible(buf, a, two));
	assert_int_equal(fdtp_node_check_compatible(buf, a, two), 1);
	assert_int_equal(fdtp_node_check_compatible(buf, b, two), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdtp_node_offset_by_compatible(buf, -1, one), a);
	assert_int_equal(fdtp_node_offset_by_compatible(buf, -1, two), -FDT_ERR_NOTFOUND);
	fdt_index_release();
}

/* Another blob, or none indexed: libfdt answers. */
static void test_other_blob_falls_back(void **state)
{
	char one[1024], two[1024];
	int n;

	(void)state;
	assert_int_equal(fdt_create_empty_tree(one, sizeof(one)), 0);
	assert_int_equal(fdt_create_empty_tree(two, sizeof(two)), 0);
	assert_true(fdt_add_subnode(two, 0, "only-in-two") >= 0);
	assert_true(fdt_index_build(one));
	assert_false(fdt_index_covers(two));
	n = fdtp_path_offset(two, "/only-in-two");
	assert_true(n > 0);
	assert_int_equal(fdtp_parent(two, n), 0);
	assert_int_equal(fdtp_path_offset(one, "/only-in-two"), -FDT_ERR_NOTFOUND);
	fdt_index_release();
	assert_int_equal(fdtp_path_offset(two, "/only-in-two"), n);
}

/* A blob fdt_check_blob() refuses is not indexed, and the index it replaced is gone: lookups in
 * it are libfdt's, and an indexed blob is always a checked one. */
static void test_malformed_blob_not_indexed(void **state)
{
	char good[1024], bad[1024];
	unsigned char *end_tag;

	(void)state;
	assert_int_equal(fdt_create_empty_tree(good, sizeof(good)), 0);
	assert_int_equal(fdt_create_empty_tree(bad, sizeof(bad)), 0);
	/* FDT_END, the structure block's last token, overwritten by an unknown tag */
	end_tag = (unsigned char *)bad + fdt_off_dt_struct(bad) + fdt_size_dt_struct(bad) - 4;
	assert_int_equal(end_tag[3], FDT_END);
	end_tag[3] = 0x7f;
	assert_int_equal(fdt_check_blob(bad, fdt_totalsize(bad)), -FDT_ERR_BADSTRUCTURE);
	assert_true(fdt_index_build(good));
	assert_false(fdt_index_build(bad));
	assert_false(fdt_index_covers(bad));
	assert_false(fdt_index_covers(good));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_platform_fixtures),
		cmocka_unit_test(test_groups_fixtures),
		cmocka_unit_test(test_corner_cases),
		cmocka_unit_test(test_nops_and_late_property),
		cmocka_unit_test(test_other_blob_falls_back),
		cmocka_unit_test(test_malformed_blob_not_indexed),
		cmocka_unit_test(test_names_sharing_their_first_bytes),
		cmocka_unit_test(test_first_compatible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
