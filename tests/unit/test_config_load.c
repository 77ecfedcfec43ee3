/* config_locate(): finding the config and the images through /chosen, as U-Boot leaves them
 * (docs/boot.md). "RAM" is a buffer standing in for the staging window at 0x44000000; the board
 * is the config test board with /chosen filled in by each test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "core/config/config.h"
#include "tests/unit/config_test_util.h"
#include "tests/unit/fixture.h"
#include "tests/unit/host_console.h"

#define STAGING_PA UINT64_C(0x44000000)
#define STAGING_SIZE UINT64_C(0x200000)
#define IMAGE_PA (STAGING_PA + 0x100000)

static struct ctu_board board;
static unsigned char *ram;
static char fdt[65536];
static struct cfg_window window;

static int setup(void **state)
{
	void *cfg;
	size_t cfg_size;

	(void)state;
	ctu_load_board(&board, "config/board.dtb");
	assert_int_equal(fdt_open_into(board.fdt, fdt, sizeof(fdt)), 0);
	ram = calloc(1, STAGING_SIZE);
	assert_non_null(ram);
	cfg = fixture_load("config/valid.dtb", &cfg_size);
	memcpy(ram, cfg, cfg_size);
	free(cfg);
	memcpy(ram + (IMAGE_PA - STAGING_PA), "kernel bytes", 12);
	/* guest.bin and the end-to-end test's Image (at IMAGE_PA + 0x1000 and + 0x5000): arm64 Image
	 * headers, image_size 2 MiB. */
	for (size_t off = 0x1000; off <= 0x5000; off += 0x4000) {
		ram[IMAGE_PA - STAGING_PA + off + 18] = 0x20;
		memcpy(ram + (IMAGE_PA - STAGING_PA) + off + 56, "ARM\x64", 4);
	}
	window = (struct cfg_window){ STAGING_PA, STAGING_SIZE, ram };
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	ctu_free_board(&board);
	console_clear();
	return 0;
}

static void set_config_addr(uint64_t addr)
{
	int chosen = fdt_path_offset(fdt, "/chosen");

	assert_true(chosen >= 0);
	assert_int_equal(fdt_setprop_u64(fdt, chosen, "bulkhead,config", addr), 0);
}

static void set_image(const char *name, uint64_t addr, uint64_t size)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	int node = fdt_subnode_offset(fdt, chosen, "bulkhead-images");
	fdt64_t v[2] = { cpu_to_fdt64(addr), cpu_to_fdt64(size) };

	if (node < 0)
		node = fdt_add_subnode(fdt, chosen, "bulkhead-images");
	assert_true(node >= 0);
	assert_int_equal(fdt_setprop(fdt, node, name, v, sizeof(v)), 0);
}

static void expect_one(struct diag_list *dl, const char *code, const char *path, const char *prop, const char *msg)
{
	if (dl->count != 1 || strcmp(dl->items[0].code, code) != 0 || strcmp(dl->items[0].message, msg) != 0) {
		fprintf(stderr, "want: %s %s\n", code, msg);
		diag_print(dl);
		fprintf(stderr, "%s", console_captured());
	}
	assert_int_equal(dl->count, 1);
	assert_string_equal(dl->items[0].code, code);
	assert_string_equal(dl->items[0].path, path);
	if (prop)
		assert_string_equal(dl->items[0].property, prop);
	else
		assert_null(dl->items[0].property);
	assert_string_equal(dl->items[0].message, msg);
}

static void test_found(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;
	const struct cfg_image *img;

	(void)state;
	set_config_addr(STAGING_PA);
	set_image("Image", IMAGE_PA, 12);
	set_image("guest.bin", IMAGE_PA + 0x1000, 0x2000);
	diag_init(&dl);
	assert_true(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	assert_int_equal(dl.count, 0);
	assert_ptr_equal(blobs.config, ram);
	assert_int_equal(blobs.config_pa, STAGING_PA);
	assert_int_equal(blobs.config_size, fdt_totalsize(ram));
	assert_int_equal(blobs.n_images, 2);
	img = config_find_image(&blobs, "Image");
	assert_non_null(img);
	assert_int_equal(img->pa, IMAGE_PA);
	assert_int_equal(img->size, 12);
	assert_memory_equal(img->data, "kernel bytes", 12);
	assert_non_null(config_find_image(&blobs, "guest.bin"));
	assert_null(config_find_image(&blobs, "initrd.gz"));
	config_blobs_free(&blobs);
	diag_free(&dl);
}

/* From /chosen to a verdict, the way the hypervisor does it: the missing initrd and dtb are
 * reported against the partitions that name them. */
static void test_end_to_end(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;
	struct config cfg;
	struct partition_map map;
	struct cfg_board b = board.board;

	(void)state;
	set_config_addr(STAGING_PA);
	set_image("Image", IMAGE_PA + 0x5000, 64);
	set_image("guest.bin", IMAGE_PA + 0x1000, 0x2000);
	set_image("guest.dtbo", IMAGE_PA + 0x3000, 0x100);
	diag_init(&dl);
	assert_true(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	b.images = &blobs;
	assert_false(cfg_check(blobs.config, blobs.config_size, &b, &cfg, &map, &dl));
	expect_one(&dl, "cfg-missing-image", "/partitions/host", "initrd",
		   "image \"initrd.gz\" was not loaded (is it on the boot partition?)");
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);

	set_image("initrd.gz", IMAGE_PA + 0x4000, 0x100);
	config_blobs_free(&blobs);
	diag_init(&dl);
	assert_true(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	b.images = &blobs;
	assert_true(cfg_check(blobs.config, blobs.config_size, &b, &cfg, &map, &dl));
	assert_int_equal(dl.count, 0);
	pmap_free(&map);
	cfg_free(&cfg);
	config_blobs_free(&blobs);
	diag_free(&dl);
}

static void test_missing(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;

	(void)state;
	diag_init(&dl);
	assert_false(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	expect_one(&dl, "cfg-blob-missing", "/chosen", "bulkhead,config",
		   "missing: U-Boot did not say where it loaded the partition config (see docs/boot.md)");
	config_blobs_free(&blobs);
	diag_free(&dl);
}

static void test_outside_staging(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;

	(void)state;
	set_config_addr(0x50000000);
	diag_init(&dl);
	assert_false(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	expect_one(&dl, "cfg-blob-outside", "/chosen", "bulkhead,config",
		   "the config at 0x50000000-0x50000027 is outside the hypervisor's staging area "
		   "0x44000000-0x441fffff, where partitions cannot overwrite it");
	config_blobs_free(&blobs);
	diag_free(&dl);
}

static void test_not_ram(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;

	(void)state;
	set_config_addr(0x1000);
	diag_init(&dl);
	assert_false(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	expect_one(&dl, "cfg-blob-outside", "/chosen", "bulkhead,config", "the config at 0x1000-0x1027 is not in RAM");
	config_blobs_free(&blobs);
	diag_free(&dl);
}

static void test_bad_magic(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;

	(void)state;
	set_config_addr(IMAGE_PA);
	diag_init(&dl);
	assert_false(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	expect_one(&dl, "cfg-bad-header", "/chosen", "bulkhead,config",
		   "no device tree blob at 0x44100000 (bad magic 0x6b65726e)");
	config_blobs_free(&blobs);
	diag_free(&dl);
}

/* A header claiming more than fits: refused before anything past the header is read. */
static void test_unaligned(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;

	(void)state;
	set_config_addr(STAGING_PA + 0x1002);
	diag_init(&dl);
	assert_false(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	expect_one(&dl, "cfg-bad-header", "/chosen", "bulkhead,config",
		   "the config at 0x44001002 is not 8-byte aligned");
	config_blobs_free(&blobs);
	diag_free(&dl);
}

static void test_too_big(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;

	(void)state;
	set_config_addr(STAGING_PA + STAGING_SIZE - 0x1000);
	memcpy(ram + STAGING_SIZE - 0x1000, ram, sizeof(struct fdt_header));
	fdt_set_totalsize(ram + STAGING_SIZE - 0x1000, 0x2000);
	diag_init(&dl);
	assert_false(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	expect_one(&dl, "cfg-blob-outside", "/chosen", "bulkhead,config",
		   "the config at 0x441ff000-0x44200fff is outside the hypervisor's staging area "
		   "0x44000000-0x441fffff, where partitions cannot overwrite it");
	config_blobs_free(&blobs);
	diag_free(&dl);

	fdt_set_totalsize(ram, 0x7fffffff);
	set_config_addr(STAGING_PA);
	diag_init(&dl);
	assert_false(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	expect_one(&dl, "cfg-bad-header", "/chosen", "bulkhead,config",
		   "the config at 0x44000000 claims 2147483647 bytes: at most 1048576");
	config_blobs_free(&blobs);
	diag_free(&dl);
}

static void test_image_outside(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;

	(void)state;
	set_config_addr(STAGING_PA);
	set_image("Image", IMAGE_PA, STAGING_SIZE);
	diag_init(&dl);
	assert_false(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	expect_one(&dl, "cfg-image-outside", "/chosen/bulkhead-images", "Image",
		   "the image at 0x44100000-0x442fffff is outside the hypervisor's staging area 0x44000000-0x441fffff, "
		   "where partitions cannot overwrite it");
	assert_int_equal(blobs.n_images, 0);
	config_blobs_free(&blobs);
	diag_free(&dl);
}

static void test_image_truncated(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;
	int node;

	(void)state;
	set_config_addr(STAGING_PA);
	node = fdt_add_subnode(fdt, fdt_path_offset(fdt, "/chosen"), "bulkhead-images");
	assert_int_equal(fdt_setprop_u64(fdt, node, "Image", IMAGE_PA), 0);
	diag_init(&dl);
	assert_false(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	expect_one(&dl, "dt-truncated-property", "/chosen/bulkhead-images", "Image",
		   "expected <addr-hi addr-lo size-hi size-lo>");
	config_blobs_free(&blobs);
	diag_free(&dl);
}

static void test_too_many_images(void **state)
{
	struct config_blobs blobs;
	struct diag_list dl;
	char name[16];

	(void)state;
	set_config_addr(STAGING_PA);
	for (int i = 0; i < 257; i++) {
		snprintf(name, sizeof(name), "img%03d", i);
		set_image(name, IMAGE_PA, 16);
	}
	diag_init(&dl);
	assert_false(config_locate(fdt, &board.plat, &window, &blobs, &dl));
	/* libfdt adds each new property first in its node: img000 is the 257th read. */
	expect_one(&dl, "cfg-too-many-images", "/chosen/bulkhead-images", "img000", "more than 256 images");
	assert_int_equal(blobs.n_images, 256);
	config_blobs_free(&blobs);
	diag_free(&dl);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_found),           TEST(test_end_to_end),    TEST(test_missing),
		TEST(test_outside_staging), TEST(test_not_ram),       TEST(test_bad_magic),
		TEST(test_too_big),         TEST(test_image_outside), TEST(test_image_truncated),
		TEST(test_too_many_images), TEST(test_unaligned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
