/* The rejected-config gallery (configs/rejected/NAME.dts) and the demo, against the QEMU virt
 * board they are written for (configs/boards/qemu-virt.dts), through the hypervisor's own pipeline:
 * platform_discover, pci_dt_read, groups_build, cfg_check. Every diagnostic line printed must be
 * exactly the lines of NAME.expected (written by hand from the rules), and the verdict invalid.
 * When build/bulkhead-check exists, its `check` must print the same lines and exit 1 (0 for the
 * demo): the checker and the core reach the same verdict. Last, the boot script
 * scripts/gen-bootscr.py writes for the demo. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"
#include "tests/unit/host_console.h"

#define BOARD_DTB "build/configs/boards/qemu-virt.dtb"
#define BOARD_DTS "configs/boards/qemu-virt.dts"
#define CHECKER "build/bulkhead-check"

struct board {
	void *fdt;
	struct platform plat;
	struct pci_topology pci;
	struct group_set gs;
	struct cfg_board b;
};

static void load_board(struct board *bd)
{
	struct diag_list dl;

	memset(bd, 0, sizeof(*bd));
	diag_init(&dl);
	bd->fdt = fixture_load_path(BOARD_DTB, NULL);
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

/* Run the checker; its stdout into *out, its exit status returned (-1 when absent). */
static int run_checker(const char *config, char **out)
{
	char cmd[512], buf[4096];
	size_t len = 0, cap = 0;
	FILE *f;
	int st;

	*out = NULL;
	if (access(CHECKER, X_OK) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s check %s %s", CHECKER, BOARD_DTS, config);
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

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_one(struct board *bd, const char *name, bool *all_ok)
{
	char dtb[256], dts[256], exp_path[256];
	char *expected, *got, *tool_out;
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	size_t size;
	void *blob;
	bool ok;
	int rc;

	snprintf(dtb, sizeof(dtb), "build/configs/rejected/%s.dtb", name);
	snprintf(dts, sizeof(dts), "configs/rejected/%s.dts", name);
	snprintf(exp_path, sizeof(exp_path), "configs/rejected/%s.expected", name);
	expected = read_text(exp_path);
	blob = fixture_load_path(dtb, &size);
	diag_init(&dl);
	ok = cfg_check(blob, size, &bd->b, &cfg, &map, &dl);
	got = diag_text(&dl);
	if (ok || strcmp(got, expected) != 0) {
		fprintf(stderr, "%s: verdict %s\n--- expected\n%s--- got\n%s", name, ok ? "valid" : "invalid", expected,
			got);
		*all_ok = false;
	}
	rc = run_checker(dts, &tool_out);
	if (rc >= 0) {
		char *lines = diag_lines(tool_out);

		if (rc != 1 || strcmp(lines, expected) != 0) {
			fprintf(stderr, "%s: bulkhead-check exited %d\n--- expected\n%s--- got\n%s", name, rc, expected,
				lines);
			*all_ok = false;
		}
		free(lines);
	}
	free(tool_out);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	free(blob);
	free(got);
	free(expected);
}

static void test_gallery(void **state)
{
	struct board bd;
	DIR *d = opendir("configs/rejected");
	struct dirent *e;
	char *names[256];
	size_t n = 0;
	bool all_ok = true;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l > 4 && strcmp(e->d_name + l - 4, ".dts") == 0 && n < 256)
			names[n++] = strndup(e->d_name, l - 4);
	}
	closedir(d);
	assert_true(n >= 10);
	qsort(names, n, sizeof(names[0]), cmp_name);
	/* The gallery opens with the rule that matters most. */
	assert_string_equal(names[0], "01-split-group");

	load_board(&bd);
	for (size_t i = 0; i < n; i++) {
		check_one(&bd, names[i], &all_ok);
		free(names[i]);
	}
	free_board(&bd);
	if (access(CHECKER, X_OK) != 0)
		fprintf(stderr, "note: %s not built; checked the core pipeline only\n", CHECKER);
	assert_true(all_ok);
}

static void test_demo(void **state)
{
	struct board bd;
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	size_t size;
	void *blob = fixture_load_path("build/configs/demo.dtb", &size);
	char *tool_out;
	int rc;

	(void)state;
	load_board(&bd);
	diag_init(&dl);
	assert_true(cfg_check(blob, size, &bd.b, &cfg, &map, &dl));
	assert_int_equal(dl.count, 0);
	/* The guest owns exactly the edu on the root port, in memory the allocator placed right
	 * after the host's. */
	assert_int_equal(map.n_parts, 2);
	assert_int_equal(map.parts[1].n_masters, 1);
	assert_string_equal(bd.gs.masters[map.parts[1].masters[0]].name, "0000:01:00.0");
	assert_int_equal(pa_val(map.parts[1].mem[0].pa), 0x88000000);
	/* fw-cfg and the virtio-mmio slots master DMA no IOMMU translates and the demo names none of
	 * them: nobody holds them, the host included. */
	for (size_t g = 0; g < bd.gs.n_groups; g++)
		if (bd.gs.groups[g].no_iommu)
			assert_int_equal(map.group_owner[g], PMAP_NOBODY);
	rc = run_checker("configs/demo.dts", &tool_out);
	if (rc >= 0) {
		assert_int_equal(rc, 0);
		assert_non_null(strstr(tool_out, "partition guest: group 37: 0000:01:00.0\n"));
		assert_non_null(strstr(tool_out, "check: valid, 0 errors, 0 warnings\n"));
	}
	free(tool_out);
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	free(blob);
	free_board(&bd);
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
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gallery),
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_bootscr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
