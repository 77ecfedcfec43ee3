/* A partition's device tree gets a buffer of its own size (guest_dt_create), never truncated, up to
 * the arm64 boot protocol's 2 MiB; validation measures it with the same code and refuses a tree
 * over that (cfg-dt-too-big) naming the partition. The trees here carry the limits board's
 * device with a 1 MiB + 64 KiB node (tests/unit/verdict_gen.c) and bootargs sized to put the
 * tree exactly at the limit, and 1 byte over it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "core/partition/guest_dt.h"
#include "core/partition/partition_plan.h"
#include "core/pci/vpci.h"
#include "tests/unit/verdict_gen.h"

#define CONFIG_CAP (2u << 20)

static struct vg_board plain, big;
static uint8_t *cfg_buf;
static char *line;

static int setup(void **state)
{
	(void)state;
	vg_board_load(&plain, false);
	vg_board_load(&big, true);
	cfg_buf = malloc(CONFIG_CAP);
	line = malloc(CONFIG_CAP);
	return cfg_buf && line ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	vg_board_free(&plain);
	vg_board_free(&big);
	free(cfg_buf);
	free(line);
	return 0;
}

static void region(void *fdt, uint64_t ipa, uint64_t size, bool identity)
{
	fdt64_t reg[2] = { cpu_to_fdt64(ipa), cpu_to_fdt64(size) };
	fdt64_t phys = cpu_to_fdt64(ipa);

	assert_int_equal(fdt_begin_node(fdt, "memory"), 0);
	assert_int_equal(fdt_property(fdt, "reg", reg, sizeof(reg)), 0);
	if (identity)
		assert_int_equal(fdt_property(fdt, "phys", &phys, sizeof(phys)), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
}

static void part(void *fdt, const char *name, uint32_t cpu, const char *devices, size_t bootargs_len)
{
	assert_int_equal(fdt_begin_node(fdt, name), 0);
	if (!devices)
		assert_int_equal(fdt_property(fdt, "host", NULL, 0), 0);
	assert_int_equal(fdt_property_u32(fdt, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(fdt, "#size-cells", 2), 0);
	assert_int_equal(fdt_property_u32(fdt, "cpus", cpu), 0);
	assert_int_equal(fdt_property_string(fdt, "kernel", "small.bin"), 0);
	if (devices) {
		memset(line, 'x', bootargs_len);
		line[bootargs_len] = '\0';
		assert_int_equal(fdt_property(fdt, "bootargs", line, (int)bootargs_len + 1), 0);
		/* And one PCI function, or the host would hold all 17 (one over its limit). */
		static const char pci[] = "pci:0000:00:01.0";
		char list[64];

		snprintf(list, sizeof(list), "%s", devices);
		memcpy(list + strlen(devices) + 1, pci, sizeof(pci));
		assert_int_equal(fdt_property(fdt, "devices", list, (int)(strlen(devices) + 1 + sizeof(pci))), 0);
	}
	region(fdt, devices ? 0x40000000 : 0x48000000, 64 << 20, !devices);
	assert_int_equal(fdt_end_node(fdt), 0);
}

/* A host, and guest "g" holding the big-node device with bootargs_len bytes of bootargs. */
static size_t config(size_t bootargs_len)
{
	assert_int_equal(fdt_create(cfg_buf, CONFIG_CAP), 0);
	assert_int_equal(fdt_finish_reservemap(cfg_buf), 0);
	assert_int_equal(fdt_begin_node(cfg_buf, ""), 0);
	assert_int_equal(fdt_property_string(cfg_buf, "compatible", "bulkhead,config-v1"), 0);
	assert_int_equal(fdt_begin_node(cfg_buf, "partitions"), 0);
	part(cfg_buf, "host", 0, NULL, 0);
	part(cfg_buf, "g", 1, VG_BIG_NODE_PATH, bootargs_len);
	assert_int_equal(fdt_end_node(cfg_buf), 0);
	assert_int_equal(fdt_end_node(cfg_buf), 0);
	assert_int_equal(fdt_finish(cfg_buf), 0);
	return fdt_totalsize(cfg_buf);
}

struct outcome {
	bool valid;
	bool refused;           /* with cfg-dt-too-big */
	char refusal_text[256]; /* its path and message */
	void *tree;             /* creation's tree of the guest, or NULL */
	size_t tree_size;
	bool created_too_big; /* creation said part-dt-too-big */
};

/* Validation of config(bootargs_len) on `b`, then the guest's tree as creation builds it. */
static void run(const struct vg_board *b, size_t bootargs_len, struct outcome *o)
{
	struct cfg_board cb = { .plat = &b->plat, .pci = &b->pci, .gs = &b->gs, .images = &b->blobs, .fdt = b->fdt };
	struct plan_inputs in = { &b->plat, &b->pci, &b->gs, &b->blobs };
	static struct partition_plan plan;
	static struct vpci_bus bus;
	struct guest_layout lay = { 0 };
	struct config cfg;
	struct partition_map map;
	struct diag_list dl, made;
	size_t size = config(bootargs_len);

	memset(o, 0, sizeof(*o));
	cfg_limits_default(&b->plat, &cb.lim);
	diag_init(&dl);
	diag_init(&made);
	o->valid = cfg_check(cfg_buf, size, &cb, &cfg, &map, &dl);
	if (diag_find(&dl, "cfg-dt-too-big")) {
		o->refused = true;
		snprintf(o->refusal_text, sizeof(o->refusal_text), "%s %s", diag_find(&dl, "cfg-dt-too-big")->path,
			 diag_find(&dl, "cfg-dt-too-big")->message);
	}
	assert_int_equal(map.n_parts, 2);
	assert_true(partition_plan(&map.parts[1], &in, &plan, &made));
	assert_true(partition_plan_vpci(&map.parts[1], &in, &bus, &plan.spec, &made));
	o->tree = guest_dt_create(&plan.spec, b->fdt, &b->plat, &lay, &o->tree_size, &made);
	o->created_too_big = diag_find(&made, "part-dt-too-big") != NULL;
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	diag_free(&made);
}

/* The tree's bootargs: all of them, never cut. */
static void assert_bootargs(const void *tree, size_t len)
{
	int l = 0;
	const char *s = fdt_getprop(tree, fdt_path_offset(tree, "/chosen"), "bootargs", &l);

	assert_non_null(s);
	assert_int_equal(l, len + 1);
	assert_int_equal(strlen(s), len);
}

/* Past the old fixed 64 KiB buffer: accepted, and created in full. */
static void test_over_64k_is_created_in_full(void **state)
{
	struct outcome o;

	(void)state;
	run(&plain, 100 * 1024, &o);
	assert_true(o.valid);
	assert_non_null(o.tree);
	assert_true(o.tree_size > 100 * 1024 && o.tree_size < 128 * 1024);
	assert_int_equal(fdt_totalsize(o.tree), o.tree_size);
	assert_bootargs(o.tree, 100 * 1024);
	free(o.tree);
}

static void test_at_and_over_2mib(void **state)
{
	struct outcome o;
	size_t base, len;

	(void)state;
	/* 3 bytes + NUL: one 4-byte cell of bootargs. Each 4 more bytes add one cell. */
	run(&big, 3, &o);
	assert_true(o.valid);
	assert_non_null(o.tree);
	base = o.tree_size;
	free(o.tree);
	assert_true(base > VG_BIG_NODE && base < GUEST_DTB_MAX);
	len = 3 + (GUEST_DTB_MAX - base) / 4 * 4;

	/* At the limit: the largest tree of this shape, within 4 bytes of 2 MiB. */
	run(&big, len, &o);
	assert_true(o.valid);
	assert_false(o.refused);
	assert_non_null(o.tree);
	assert_true(o.tree_size <= GUEST_DTB_MAX && o.tree_size > GUEST_DTB_MAX - 4);
	assert_bootargs(o.tree, len);
	free(o.tree);

	/* One byte more needs one more cell: over 2 MiB, refused by both, naming the partition. */
	run(&big, len + 1, &o);
	assert_false(o.valid);
	assert_true(o.refused);
	assert_non_null(strstr(o.refusal_text, "partition 'g'"));
	assert_non_null(strstr(o.refusal_text, "2097152 bytes"));
	assert_null(o.tree);
	assert_true(o.created_too_big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_over_64k_is_created_in_full),
		cmocka_unit_test(test_at_and_over_2mib),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
