/* bulkhead-check: the hypervisor's discovery, grouping and validation, run offline on a board DTB
 * and a partition config, with the same core/ code and therefore the same verdict.
 *
 *   bulkhead-check platform BOARD.dtb|.dts     print the platform report the hypervisor prints
 *   bulkhead-check groups BOARD.dtb|.dts       print the isolation-group block the hypervisor prints
 *                                              (PCI functions from the host bridges' child nodes)
 *   bulkhead-check check [--json|--dot] [--images DIR] BOARD CONFIG
 *                                              the groups, the partition map and every error of a
 *                                              partition config (tools/check_config.c) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/groups.h"
#include "core/pci.h"
#include "core/platform.h"
#include "tools/check.h"
#include "tools/load_blob.h"

static int usage(void)
{
	fprintf(stderr, "usage: bulkhead-check platform BOARD.dtb\n");
	fprintf(stderr, "       bulkhead-check groups BOARD.dtb\n");
	fprintf(stderr, "       bulkhead-check check [--json|--dot] [--images DIR] BOARD CONFIG\n");
	return 2;
}

/* Exit status: 0 clean, 1 errors in the inputs, 2 usage or I/O problems. */
static int cmd_platform(const char *board_path)
{
	size_t size;
	void *board = load_blob(board_path, &size);
	struct diag_list dl;
	struct platform plat;
	int rc;

	if (!board)
		return 2;
	diag_init(&dl);
	if (!blob_is_fdt(board, size)) {
		diag_error(&dl, "dt-bad-header", board_path, NULL, "not a valid flattened device tree");
		diag_print(&dl);
		free(board);
		diag_free(&dl);
		return 1;
	}
	platform_discover(board, &plat, &dl);
	platform_report(&plat);
	diag_print(&dl);
	rc = diag_has_errors(&dl) ? 1 : 0;
	platform_free(&plat);
	diag_free(&dl);
	free(board);
	return rc;
}

/* The group block from a board DTB whose PCI functions are child nodes of the host bridges
 * (docs/groups.md). Exit status as for cmd_platform. */
static int cmd_groups(const char *board_path)
{
	size_t size;
	void *board = load_blob(board_path, &size);
	struct diag_list dl;
	struct platform plat;
	struct pci_topology topo;
	struct group_set gs;
	int rc;

	if (!board)
		return 2;
	diag_init(&dl);
	if (!blob_is_fdt(board, size)) {
		diag_error(&dl, "dt-bad-header", board_path, NULL, "not a valid flattened device tree");
		diag_print(&dl);
		free(board);
		diag_free(&dl);
		return 1;
	}
	platform_discover(board, &plat, &dl);
	pci_dt_read(board, &plat, &topo, &dl);
	groups_build(&plat, &topo, &gs, &dl);
	if (!dl.out_of_memory)
		groups_report(&gs, &plat); /* even with errors in the inputs: show what was grouped */
	diag_print(&dl);
	rc = diag_has_errors(&dl) ? 1 : 0;
	groups_free(&gs);
	pci_topology_free(&topo);
	platform_free(&plat);
	diag_free(&dl);
	free(board);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "platform") == 0)
		return cmd_platform(argv[2]);
	if (argc == 3 && strcmp(argv[1], "groups") == 0)
		return cmd_groups(argv[2]);
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	return usage();
}
