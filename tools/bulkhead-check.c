/* bulkhead-check: the hypervisor's discovery, grouping and validation, run offline on a board DTB
 * and a partition config, with the same core/ code and therefore the same verdict.
 *
 *   bulkhead-check platform [--memory BASE:SIZE] BOARD.dtb|.dts
 *                              print the platform report the hypervisor prints
 *   bulkhead-check groups [--memory BASE:SIZE] BOARD.dtb|.dts
 *                              print the isolation-group block the hypervisor prints (PCI
 *                              functions from the host bridges' child nodes)
 *   bulkhead-check check [OPTIONS] BOARD CONFIG
 *                              the groups, the partition map and every error of a partition
 *                              config (tools/check_config.c)
 *
 * --memory gives the RAM for a board whose /memory the bootloader fills at boot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/diag.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "tools/board_memory.h"
#include "tools/check.h"
#include "tools/load_blob.h"

static int usage(void)
{
	check_print_usage(stderr);
	return 2;
}

/* A board DTB (or DTS) read and discovered. load_board() returns 2 for an unreadable file, 1
 * for a blob that is no FDT (after printing why), 0 when `plat` is filled (possibly with
 * diagnostics in `dl`); the caller then calls finish_board(). */
struct board_run {
	void *blob;
	struct diag_list dl;
	struct platform plat;
};

static int load_board(const char *path, const struct board_memory *mem, struct board_run *b)
{
	size_t size;
	enum load_failure why;

	b->blob = load_blob(path, &size, &why);
	if (!b->blob)
		return (int)why;
	diag_init(&b->dl);
	if (!blob_is_fdt(b->blob, size)) {
		diag_error(&b->dl, "dt-bad-header", path, NULL, "not a valid flattened device tree");
		diag_print(&b->dl);
		diag_free(&b->dl);
		free(b->blob);
		return 1;
	}
	if (mem->given && !board_memory_apply(&b->blob, &size, mem)) {
		diag_free(&b->dl);
		free(b->blob);
		return 1;
	}
	platform_discover(b->blob, &b->plat, &b->dl);
	return 0;
}

/* Print the diagnostics, release everything; exit status 0 clean, 1 errors in the inputs. */
static int finish_board(struct board_run *b)
{
	int rc;

	diag_print(&b->dl);
	rc = diag_has_errors(&b->dl) ? 1 : 0;
	platform_free(&b->plat);
	diag_free(&b->dl);
	free(b->blob);
	return rc;
}

/* Exit status: 0 clean, 1 errors in the inputs, 2 usage or I/O problems. */
static int cmd_platform(const char *board_path, const struct board_memory *mem)
{
	struct board_run b;
	int rc = load_board(board_path, mem, &b);

	if (rc)
		return rc;
	platform_report(&b.plat);
	return finish_board(&b);
}

/* The group block from a board DTB whose PCI functions are child nodes of the host bridges
 * (docs/groups.md). Exit status as for cmd_platform. */
static int cmd_groups(const char *board_path, const struct board_memory *mem)
{
	struct board_run b;
	struct pci_topology topo;
	struct group_set gs;
	int rc = load_board(board_path, mem, &b);

	if (rc)
		return rc;
	pci_dt_read(b.blob, &b.plat, &topo, &b.dl);
	groups_build(&b.plat, &topo, &gs, &b.dl);
	if (!b.dl.out_of_memory)
		groups_report(&gs, &b.plat); /* even with errors in the inputs: show what was grouped */
	groups_free(&gs);
	pci_topology_free(&topo);
	return finish_board(&b);
}

int main(int argc, char **argv)
{
	struct board_memory mem = { 0 };

	if (argc >= 3 && (strcmp(argv[1], "platform") == 0 || strcmp(argv[1], "groups") == 0)) {
		int a = 2; /* the board's argument */

		if (strcmp(argv[2], "--memory") == 0) {
			if (argc < 4 || !board_memory_parse(argv[3], &mem))
				return usage();
			a = 4;
		}
		if (argc != a + 1)
			return usage();
		return argv[1][0] == 'p' ? cmd_platform(argv[a], &mem) : cmd_groups(argv[a], &mem);
	}
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	return usage();
}
