/* bulkhead-check: the hypervisor's discovery, grouping and validation, run offline on a board DTB
 * and a partition config, with the same core/ code and therefore the same verdict.
 *
 *   bulkhead-check platform BOARD.dtb|.dts     print the platform report the hypervisor prints */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/platform.h"
#include "tools/load_blob.h"

static int usage(void)
{
	fprintf(stderr, "usage: bulkhead-check platform BOARD.dtb\n");
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

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "platform") == 0)
		return cmd_platform(argv[2]);
	return usage();
}
