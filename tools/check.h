/* `bulkhead-check check`: a board and a partition config through the hypervisor's own pipeline
 * (platform_discover, pci_dt_read, groups_build, cfg_check), printed as text, JSON or Graphviz. */
#ifndef BULKHEAD_TOOLS_CHECK_H
#define BULKHEAD_TOOLS_CHECK_H

#include <stdio.h>

#include "core/config/config.h"
#include "core/base/diag.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"

/* Everything one run produced, for the output formats. */
struct check_run {
	const char *board_path;
	const char *config_path;
	struct platform plat;
	struct pci_topology pci;
	struct group_set gs;
	struct cfg_board board;
	struct config cfg;
	struct partition_map map;
	struct diag_list dl;
	bool images_checked;
	bool board_ok; /* the board could be checked against at all */
};

/* bulkhead-check's usage message: every command and option. */
void check_print_usage(FILE *out);

/* argv[0] is "check". Exit status: 0 valid, 1 invalid, 2 usage or I/O. */
int cmd_check(int argc, char **argv);

void check_print_json(FILE *out, const struct check_run *run);
void check_print_dot(FILE *out, const struct check_run *run);

/* Every regular file in `dir` as an image (name, size; no data): what U-Boot would find on the
 * boot partition. False (with a message) if the directory cannot be read. */
bool check_images_from_dir(const char *dir, struct config_blobs *out);
void check_images_free(struct config_blobs *b);

#endif
