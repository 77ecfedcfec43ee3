/* `bulkhead-check check [options] BOARD CONFIG`: the verdict the hypervisor would reach.
 *
 *   --json           machine-readable output only (docs/config.md, "bulkhead-check")
 *   --dot            a Graphviz digraph of partitions, groups and devices only
 *   --images DIR     check that every image the config names is a file in DIR (the boot
 *                    partition's contents); without it image presence is not checked
 *   --vmids N        VMIDs available (default 255: 8-bit VMIDs less VMID 0, as on cortex-a57)
 *   --ipa-bits N     stage-2 IPA size (default 40: what stage 2 uses on cortex-a57)
 *   --memory BASE:SIZE  the RAM the bootloader writes into /memory (boards that leave it empty)
 *
 * BOARD and CONFIG are .dtb files, or .dts compiled through dtc. The text output is the group
 * block, the partition map and every diagnostic, in the hypervisor's console format. */
#include <stdlib.h>
#include <string.h>

#include "core/base/log.h"
#include "tools/board_memory.h"
#include "tools/check.h"
#include "tools/load_blob.h"

void check_print_usage(FILE *out)
{
	fputs("usage: bulkhead-check platform [--memory BASE:SIZE] BOARD.dtb|.dts\n"
	      "       bulkhead-check groups [--memory BASE:SIZE] BOARD.dtb|.dts\n"
	      "       bulkhead-check check [--json|--dot] [--images DIR] [--vmids N] [--ipa-bits N]\n"
	      "                            [--memory BASE:SIZE] BOARD.dtb|.dts CONFIG.dtb|.dts\n"
	      "  platform            the platform report the hypervisor prints\n"
	      "  groups              the isolation groups (PCI functions from the host bridges' child nodes)\n"
	      "  check               groups, partition map and every error of a config: the boot's verdict\n"
	      "  --json              machine-readable verdict only\n"
	      "  --dot               a Graphviz picture of partitions, groups and devices only\n"
	      "  --images DIR        check that every image the config names is a file in DIR\n"
	      "  --vmids N           VMIDs available (default 255)\n"
	      "  --ipa-bits N        stage-2 IPA size (default 40, as on cortex-a57)\n"
	      "  --memory BASE:SIZE  the RAM the bootloader writes into /memory, for boards that leave\n"
	      "                      it empty (e.g. --memory 0x80000000:0x40000000)\n"
	      "exit status: 0 valid, 1 invalid input, 2 usage or I/O error\n",
	      out);
}

static int check_usage(void)
{
	check_print_usage(stderr);
	return 2;
}

static bool parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

enum check_format { FMT_TEXT, FMT_JSON, FMT_DOT };

static void free_run(struct check_run *run)
{
	pmap_free(&run->map);
	cfg_free(&run->cfg);
	groups_free(&run->gs);
	pci_topology_free(&run->pci);
	platform_free(&run->plat);
	diag_free(&run->dl);
}

/* The board: platform, PCI functions from the host bridges' child nodes, groups. False when
 * the board is too broken to check a config against (no memory, no CPU). */
static bool load_board(struct check_run *run, const void *fdt, size_t size)
{
	if (!blob_is_fdt(fdt, size)) {
		diag_error(&run->dl, "dt-bad-header", run->board_path, NULL, "not a valid flattened device tree");
		return false;
	}
	platform_discover(fdt, &run->plat, &run->dl);
	if (run->plat.n_mem == 0 || run->plat.n_cpus == 0)
		return false;
	pci_dt_read(fdt, &run->plat, &run->pci, &run->dl);
	groups_build(&run->plat, &run->pci, &run->gs, &run->dl);
	return !run->dl.out_of_memory;
}

static void print_text(const struct check_run *run, bool board_ok)
{
	if (board_ok) {
		groups_report(&run->gs, &run->plat);
		if (run->map.n_parts)
			pmap_report(&run->map, &run->plat, &run->gs);
	}
	diag_print(&run->dl);
	if (!run->images_checked)
		log_printf("check: images not checked (use --images DIR)\n");
	log_printf("check: %s, %zu error%s, %zu warning%s\n", diag_has_errors(&run->dl) ? "INVALID" : "valid",
		   run->dl.errors, run->dl.errors == 1 ? "" : "s", run->dl.warnings, run->dl.warnings == 1 ? "" : "s");
}

int cmd_check(int argc, char **argv)
{
	enum check_format fmt = FMT_TEXT;
	const char *images_dir = NULL;
	struct check_run run;
	struct config_blobs images = { 0 };
	void *board_blob = NULL, *cfg_blob = NULL;
	size_t board_size = 0, cfg_size = 0;
	unsigned vmids = 0, ipa_bits = 0;
	struct board_memory mem = { 0 };
	enum load_failure why;
	bool have_vmids = false, have_ipa = false, board_ok;
	int i, rc;

	memset(&run, 0, sizeof(run));
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--json") == 0 && fmt == FMT_TEXT)
			fmt = FMT_JSON;
		else if (strcmp(argv[i], "--dot") == 0 && fmt == FMT_TEXT)
			fmt = FMT_DOT;
		else if (strcmp(argv[i], "--images") == 0 && i + 1 < argc)
			images_dir = argv[++i];
		else if (strcmp(argv[i], "--vmids") == 0 && i + 1 < argc && parse_uint(argv[i + 1], 65536, &vmids))
			have_vmids = true, i++;
		else if (strcmp(argv[i], "--ipa-bits") == 0 && i + 1 < argc && parse_uint(argv[i + 1], 64, &ipa_bits) &&
			 ipa_bits >= 12)
			have_ipa = true, i++;
		else if (strcmp(argv[i], "--memory") == 0 && i + 1 < argc && board_memory_parse(argv[i + 1], &mem))
			i++;
		else
			return check_usage();
	}
	if (argc - i != 2)
		return check_usage();
	run.board_path = argv[i];
	run.config_path = argv[i + 1];

	board_blob = load_blob(run.board_path, &board_size, &why);
	if (board_blob)
		cfg_blob = load_blob(run.config_path, &cfg_size, &why);
	if (!board_blob || !cfg_blob) {
		free(board_blob);
		return (int)why;
	}
	if ((images_dir && !check_images_from_dir(images_dir, &images)) ||
	    (mem.given && blob_is_fdt(board_blob, board_size) && !board_memory_apply(&board_blob, &board_size, &mem))) {
		free(board_blob);
		free(cfg_blob);
		check_images_free(&images);
		return 2;
	}
	run.images_checked = images_dir != NULL;

	diag_init(&run.dl);
	board_ok = load_board(&run, board_blob, board_size);
	run.board_ok = board_ok;
	if (board_ok) {
		run.board.plat = &run.plat;
		run.board.pci = &run.pci;
		run.board.gs = &run.gs;
		cfg_limits_default(&run.plat, &run.board.lim);
		if (have_vmids)
			run.board.lim.vmids = vmids;
		if (have_ipa)
			run.board.lim.ipa_bits = ipa_bits;
		run.board.images = images_dir ? &images : NULL;
		run.board.fdt = board_blob;
		cfg_check(cfg_blob, cfg_size, &run.board, &run.cfg, &run.map, &run.dl);
	}

	switch (fmt) {
	case FMT_TEXT:
		print_text(&run, board_ok);
		break;
	case FMT_JSON:
		check_print_json(stdout, &run);
		break;
	case FMT_DOT:
		check_print_dot(stdout, &run);
		break;
	}
	rc = diag_has_errors(&run.dl) || !board_ok ? 1 : 0;
	free_run(&run);
	check_images_free(&images);
	free(board_blob);
	free(cfg_blob);
	return rc;
}
