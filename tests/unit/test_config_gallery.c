/* The rejected-config gallery (configs/rejected/NAME.dts) and the demo, against the QEMU virt
 * board they are written for (configs/boards/qemu-virt.dts), and the same for the boards QEMU
 * cannot boot (configs/tegra194/, configs/tegra234/), through the hypervisor's own pipeline:
 * platform_discover, pci_dt_read, groups_build, cfg_check. Every diagnostic line printed must be
 * exactly the lines of NAME.expected (written by hand from the rules), and the verdict invalid.
 * build/bulkhead-check's `check` must print the same lines and exit 1 (0 for the demo): the
 * checker and the core reach the same verdict (a missing checker fails the test; the Makefile
 * builds it before this binary). One test per gallery config. Last, the boot script
 * scripts/gen-bootscr.py writes for the demo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"
#include "tests/unit/fixture_tests.h"
#include "tests/unit/host_console.h"

#define CHECKER "build/bulkhead-check"

/* Galleries: configs/DIR/NN-NAME.dts with NN-NAME.expected, refused on configs/boards/BOARD.dts.
 * The QEMU one, and one per board QEMU cannot boot (with configs/BOARD/demo.dts beside it). */
struct gallery {
	const char *board;
	const char *dir;
};

static const struct gallery galleries[] = { { "qemu-virt", "rejected" },
					    { "tegra194", "tegra194" },
					    { "tegra234", "tegra234" } };

struct board {
	void *fdt;
	struct platform plat;
	struct pci_topology pci;
	struct group_set gs;
	struct cfg_board b;
};

static void load_board(struct board *bd, const char *board)
{
	struct diag_list dl;
	char dtb[256];

	memset(bd, 0, sizeof(*bd));
	diag_init(&dl);
	snprintf(dtb, sizeof(dtb), "build/configs/boards/%s.dtb", board);
	bd->fdt = fixture_load_path(dtb, NULL);
	platform_discover(bd->fdt, &bd->plat, &dl);
	pci_dt_read(bd->fdt, &bd->plat, &bd->pci, &dl);
	groups_build(&bd->plat, &bd->pci, &bd->gs, &dl);
	if (dl.count) {
		diag_print(&dl);
		fprintf(stderr, "%s", console_captured());
	}
	assert_int_equal(dl.count, 0);
	diag_free(&dl);
	bd->b.plat = &bd->plat;
	bd->b.pci = &bd->pci;
	bd->b.gs = &bd->gs;
	cfg_limits_default(&bd->plat, &bd->b.lim);
}

static void free_board(struct board *bd)
{
	groups_free(&bd->gs);
	pci_topology_free(&bd->pci);
	platform_free(&bd->plat);
	free(bd->fdt);
}

static char *read_text(const char *path)
{
	size_t size;
	char *s = fixture_load_path(path, &size);

	s[size] = '\0'; /* fixture_load_path allocates one byte more */
	return s;
}

/* The diagnostic lines, as the hypervisor prints them. */
static char *diag_text(const struct diag_list *dl)
{
	char *s;

	console_clear();
	diag_print(dl);
	s = strdup(console_captured());
	console_clear();
	return s;
}

/* Lines of `out` starting with "error: " or "warning: ". */
static char *diag_lines(const char *out)
{
	size_t n = strlen(out);
	char *r = calloc(1, n + 1);
	size_t len = 0;

	assert_non_null(r);
	for (const char *p = out; *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) + 1 : strlen(p);

		if (strncmp(p, "error: ", 7) == 0 || strncmp(p, "warning: ", 9) == 0) {
			memcpy(r + len, p, l);
			len += l;
		}
		p += l;
	}
	return r;
}

/* Run the checker; its stdout into *out, its exit status returned. */
static int run_checker(const char *board, const char *config, char **out)
{
	char cmd[512], buf[4096];
	size_t len = 0, cap = 0;
	FILE *f;
	int st;

	*out = NULL;
	if (access(CHECKER, X_OK) != 0)
		fail_msg("%s is missing (make tools): the core's verdict cannot be compared with the checker's",
			 CHECKER);
	snprintf(cmd, sizeof(cmd), "%s check configs/boards/%s.dts %s", CHECKER, board, config);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (!feof(f)) {
		size_t n = fread(buf, 1, sizeof(buf), f);

		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			*out = realloc(*out, cap);
			assert_non_null(*out);
		}
		memcpy(*out + len, buf, n);
		len += n;
		(*out)[len] = '\0';
		if (n == 0)
			break;
	}
	st = pclose(f);
	if (!*out)
		*out = strdup("");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* One gallery config: state is the path configs/DIR/NAME.expected. */
static void test_rejected(void **state)
{
	const char *exp_path = *state;
	const char *slash = strrchr(exp_path, '/');
	const struct gallery *g = NULL;
	char name[128], dtb[256], dts[256];
	char *expected, *got, *tool_out, *lines;
	struct board bd;
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	size_t size;
	void *blob;
	bool ok;
	int rc;

	for (size_t i = 0; i < sizeof(galleries) / sizeof(galleries[0]); i++)
		if (strncmp(exp_path + strlen("configs/"), galleries[i].dir, strlen(galleries[i].dir)) == 0 &&
		    exp_path + strlen("configs/") + strlen(galleries[i].dir) == slash)
			g = &galleries[i];
	assert_non_null(g);
	snprintf(name, sizeof(name), "%.*s", (int)(strlen(slash + 1) - strlen(".expected")), slash + 1);
	snprintf(dtb, sizeof(dtb), "build/configs/%s/%s.dtb", g->dir, name);
	snprintf(dts, sizeof(dts), "configs/%s/%s.dts", g->dir, name);
	expected = read_text(exp_path);
	blob = fixture_load_path(dtb, &size);
	load_board(&bd, g->board);
	diag_init(&dl);
	ok = cfg_check(blob, size, &bd.b, &cfg, &map, &dl);
	got = diag_text(&dl);
	if (ok || strcmp(got, expected) != 0)
		fprintf(stderr, "%s: verdict %s\n--- expected\n%s--- got\n%s", name, ok ? "valid" : "invalid", expected,
			got);
	assert_false(ok);
	assert_string_equal(got, expected);

	rc = run_checker(g->board, dts, &tool_out);
	lines = diag_lines(tool_out);
	if (rc != 1 || strcmp(lines, expected) != 0)
		fprintf(stderr, "%s: bulkhead-check exited %d\n--- expected\n%s--- got\n%s", name, rc, expected, lines);
	assert_int_equal(rc, 1);
	assert_string_equal(lines, expected);
	free(lines);
	free(tool_out);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	free(blob);
	free(got);
	free(expected);
	free_board(&bd);
}

/* A demo config checked on its board: valid through the core pipeline and through the checker
 * whose output is handed to `inspect` with the board and the map. */
typedef void (*demo_inspect_fn)(const struct board *bd, const struct partition_map *map, const char *tool_out);

static void check_demo(const char *board, const char *name, demo_inspect_fn inspect)
{
	struct board bd;
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	char dtb[128], dts[128];
	size_t size;
	void *blob;
	char *tool_out;
	int rc;

	snprintf(dtb, sizeof(dtb), "build/configs/%s.dtb", name);
	snprintf(dts, sizeof(dts), "configs/%s.dts", name);
	blob = fixture_load_path(dtb, &size);
	load_board(&bd, board);
	diag_init(&dl);
	assert_true(cfg_check(blob, size, &bd.b, &cfg, &map, &dl));
	assert_int_equal(dl.count, 0);
	rc = run_checker(board, dts, &tool_out);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(tool_out, "check: valid, 0 errors, 0 warnings\n"));
	inspect(&bd, &map, tool_out);
	free(tool_out);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	free(blob);
	free_board(&bd);
}

/* The guest owns exactly the edu on the root port, in memory the allocator placed right after
 * the host's. */
static void inspect_qemu_demo(const struct board *bd, const struct partition_map *map, const char *tool_out)
{
	assert_int_equal(map->n_parts, 2);
	assert_int_equal(map->parts[1].n_masters, 1);
	assert_string_equal(bd->gs.masters[map->parts[1].masters[0]].name, "0000:01:00.0");
	assert_int_equal(pa_val(map->parts[1].mem[0].pa), 0x88000000);
	assert_non_null(strstr(tool_out, "partition guest: group 37: 0000:01:00.0\n"));
	/* The demo's channel: after the guest's 256 MiB (0x88000000-0x97ffffff), in both. */
	assert_int_equal(map->n_channels, 1);
	assert_int_equal(pa_val(map->channels[0].pa), 0x98000000);
	assert_int_equal(map->parts[0].n_channels, 1);
	assert_int_equal(map->parts[1].n_channels, 1);
	assert_non_null(strstr(tool_out, "partition guest: channel chat ipa 0xc0000000-0xc000ffff pa "
					 "0x98000000-0x9800ffff (64 KiB, read-write, doorbell 101, dma)\n"));
	/* fw-cfg and the virtio-mmio slots master DMA no IOMMU translates and the demo names none of
	 * them: nobody holds them, the host included. */
	for (size_t g = 0; g < bd->gs.n_groups; g++)
		if (bd->gs.groups[g].no_iommu)
			assert_int_equal(map->group_owner[g], PMAP_NOBODY);
}

static void test_demo(void **state)
{
	(void)state;
	check_demo("qemu-virt", "demo", inspect_qemu_demo);
}

/* The Tegra-shaped boards' demos: the guest owns exactly one Ethernet controller, behind a
 * two-instance MMU-500; the I2C controllers are grouped with the DMA controller whose stream
 * they use. */
static void inspect_tegra_demo(const struct board *bd, const struct partition_map *map, const char *tool_out)
{
	const struct dma_master *m;
	int dma = groups_find_master(&bd->gs, "/bus@0/dma-controller@2600000");
	int i2c = groups_find_master(&bd->gs, "/bus@0/i2c@3160000");

	(void)tool_out;
	assert_int_equal(map->n_parts, 2);
	assert_int_equal(map->parts[1].n_masters, 1);
	m = &bd->gs.masters[map->parts[1].masters[0]];
	assert_non_null(strstr(m->name, "/bus@0/ethernet@"));
	assert_int_equal(bd->plat.smmus[m->streams[0].smmu].impl, SMMU_IMPL_NVIDIA);
	assert_int_equal(bd->plat.smmus[m->streams[0].smmu].n_inst, 2);
	assert_true(dma >= 0 && i2c >= 0);
	assert_int_equal(bd->gs.masters[dma].group, bd->gs.masters[i2c].group);
}

static void test_tegra_demos(void **state)
{
	(void)state;
	check_demo("tegra194", "tegra194/demo", inspect_tegra_demo);
	check_demo("tegra234", "tegra234/demo", inspect_tegra_demo);
}

static char *run_cmd(const char *cmd, int *status)
{
	char buf[4096];
	size_t len = 0;
	char *out = calloc(1, 1);
	FILE *f = popen(cmd, "r");
	size_t n;

	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		out = realloc(out, len + n + 1);
		assert_non_null(out);
		memcpy(out + len, buf, n);
		len += n;
		out[len] = '\0';
	}
	*status = pclose(f);
	return out;
}

/* scripts/gen-bootscr.py: the script for the demo, line by line (docs/boot.md). */
static void test_bootscr(void **state)
{
	static const char want[] =
		"# Generated by scripts/gen-bootscr.py from build/configs/demo.dtb: do not edit (docs/boot.md).\n"
		"fdt addr ${fdtcontroladdr}\n"
		"fdt resize 8192\n"
		"setenv bh_addr 44000000\n"
		"if load ${devtype} ${devnum}:${distro_bootpart} ${bh_addr} config.dtb; then\n"
		"\tfdt set /chosen bulkhead,config <0x0 0x${bh_addr}>\n"
		"\tsetexpr bh_addr ${bh_addr} + ${filesize}\n"
		"\tsetexpr bh_addr ${bh_addr} + fff\n"
		"\tsetexpr bh_addr ${bh_addr} / 1000\n"
		"\tsetexpr bh_addr ${bh_addr} * 1000\n"
		"else\n"
		"\techo \"bulkhead: boot.scr: cannot load config.dtb\"\n"
		"fi\n"
		"fdt mknode /chosen bulkhead-images\n"
		"if load ${devtype} ${devnum}:${distro_bootpart} ${bh_addr} Image; then\n"
		"\tfdt set /chosen/bulkhead-images Image <0x0 0x${bh_addr} 0x0 0x${filesize}>\n"
		"\tsetexpr bh_addr ${bh_addr} + ${filesize}\n"
		"\tsetexpr bh_addr ${bh_addr} + fff\n"
		"\tsetexpr bh_addr ${bh_addr} / 1000\n"
		"\tsetexpr bh_addr ${bh_addr} * 1000\n"
		"else\n"
		"\techo \"bulkhead: boot.scr: cannot load image Image\"\n"
		"fi\n"
		"if load ${devtype} ${devnum}:${distro_bootpart} ${bh_addr} host.cpio.gz; then\n"
		"\tfdt set /chosen/bulkhead-images host.cpio.gz <0x0 0x${bh_addr} 0x0 0x${filesize}>\n"
		"\tsetexpr bh_addr ${bh_addr} + ${filesize}\n"
		"\tsetexpr bh_addr ${bh_addr} + fff\n"
		"\tsetexpr bh_addr ${bh_addr} / 1000\n"
		"\tsetexpr bh_addr ${bh_addr} * 1000\n"
		"else\n"
		"\techo \"bulkhead: boot.scr: cannot load image host.cpio.gz\"\n"
		"fi\n"
		"if load ${devtype} ${devnum}:${distro_bootpart} ${bh_addr} guest.cpio.gz; then\n"
		"\tfdt set /chosen/bulkhead-images guest.cpio.gz <0x0 0x${bh_addr} 0x0 0x${filesize}>\n"
		"\tsetexpr bh_addr ${bh_addr} + ${filesize}\n"
		"\tsetexpr bh_addr ${bh_addr} + fff\n"
		"\tsetexpr bh_addr ${bh_addr} / 1000\n"
		"\tsetexpr bh_addr ${bh_addr} * 1000\n"
		"else\n"
		"\techo \"bulkhead: boot.scr: cannot load image guest.cpio.gz\"\n"
		"fi\n"
		"if itest 0x${bh_addr} -gt 0x48000000; then\n"
		"\techo \"bulkhead: boot.scr: config and images overflow the staging area 0x44000000-0x47ffffff\"\n"
		"fi\n"
		"load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} bulkhead.bin\n"
		"booti ${kernel_addr_r} - ${fdtcontroladdr}\n";
	static const char want_none[] = "# Generated by scripts/gen-bootscr.py: do not edit (docs/boot.md).\n"
					"load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} bulkhead.bin\n"
					"booti ${kernel_addr_r} - ${fdtcontroladdr}\n";
	int st;
	char *out;

	(void)state;
	out = run_cmd("python3 scripts/gen-bootscr.py build/configs/demo.dtb 2>/dev/null", &st);
	assert_int_equal(st, 0);
	assert_string_equal(out, want);
	free(out);
	out = run_cmd("python3 scripts/gen-bootscr.py --no-config", &st);
	assert_int_equal(st, 0);
	assert_string_equal(out, want_none);
	free(out);
	out = run_cmd("python3 scripts/gen-bootscr.py 2>/dev/null", &st);
	assert_int_equal(WEXITSTATUS(st), 2);
	free(out);
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_tegra_demos),
		cmocka_unit_test(test_bootscr),
	};
	struct fixture_tests t = { 0 };
	size_t n;

	fixture_tests_add_array(&t, fixed);
	/* One test per expected-lines file: a config without one is not part of a gallery. */
	for (size_t i = 0; i < sizeof(galleries) / sizeof(galleries[0]); i++) {
		char dir[64];

		snprintf(dir, sizeof(dir), "configs/%s", galleries[i].dir);
		n = fixture_tests_add_dir(&t, galleries[i].dir, dir, ".expected", test_rejected, NULL, NULL);
		/* The QEMU gallery holds at least ten, from 01-split-group; every other at least one. */
		if (n < (i == 0 ? 10u : 1u) ||
		    (i == 0 && access("configs/rejected/01-split-group.expected", R_OK) != 0)) {
			fprintf(stderr, "%s holds %zu configs with expected lines, too few\n", dir, n);
			return 1;
		}
	}
	return fixture_tests_run("config_gallery", &t);
}
