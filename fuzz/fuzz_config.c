/* libFuzzer target: the whole path from untrusted blobs to a verdict, as the hypervisor and
 * bulkhead-check run it (fuzz/README.md).
 *
 * Input: a 4-byte big-endian length N, then N bytes of board DTB, then the config DTB (the rest).
 * The board goes through platform_discover, pci_dt_read and groups_build; its /chosen through
 * config_locate, with the config bytes as the staging window; the config through cfg_check; and
 * every report through a console that discards its output. Each stage gets exactly the checks
 * its real callers do first (the board: a header whose totalsize fits the buffer), no more, so
 * a crash here is a crash there. */
#include <libfdt.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/config.h"
#include "core/base/diag.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A private, exactly-sized copy: ASan then catches any read past the end. */
static void *copy(const uint8_t *p, size_t n)
{
	void *q = malloc(n ? n : 1);

	if (q && n)
		memcpy(q, p, n);
	return q;
}

static void run(void *board, size_t board_len, void *cfg_blob, size_t cfg_len)
{
	struct diag_list dl;
	struct platform plat;
	struct pci_topology pci;
	struct group_set gs;
	struct cfg_board b;
	struct config_blobs blobs;
	struct cfg_window window;
	struct config cfg;
	struct partition_map map;
	bool have_board;

	diag_init(&dl);
	memset(&b, 0, sizeof(b));
	have_board = board_len >= sizeof(struct fdt_header) && fdt_check_header(board) == 0 &&
		     fdt_totalsize(board) <= board_len;
	if (!have_board) {
		diag_free(&dl);
		return;
	}
	platform_discover(board, &plat, &dl);
	platform_report(&plat);
	if (plat.n_mem == 0 || plat.n_cpus == 0) {
		/* Where bulkhead-check stops too (and the hypervisor halted long before). What it
		 * still does, and must survive, is look for the config in a malformed board. */
		config_locate(board, &plat, &(struct cfg_window){ 0x44000000, cfg_len, cfg_blob }, &blobs, &dl);
		config_blobs_free(&blobs);
		platform_free(&plat);
		diag_free(&dl);
		return;
	}
	pci_dt_read(board, &plat, &pci, &dl);
	groups_build(&plat, &pci, &gs, &dl);
	groups_report(&gs, &plat);

	b.plat = &plat;
	b.pci = &pci;
	b.gs = &gs;
	b.fdt = board; /* each partition's device tree is built and measured, as at boot */
	cfg_limits_default(&plat, &b.lim);

	/* The config bytes stand in for the staging area: /chosen may point anywhere. */
	window = (struct cfg_window){ b.lim.hyp.base + CFG_HYP_STAGING_OFFSET, cfg_len, cfg_blob };
	if (config_locate(board, &plat, &window, &blobs, &dl)) {
		for (size_t i = 0; i < blobs.n_images; i++) {
			volatile uint8_t s = 0;
			const uint8_t *d = blobs.images[i].data;

			if (blobs.images[i].size)
				s ^= d[0] ^ d[blobs.images[i].size - 1];
			(void)s;
		}
	}
	b.images = &blobs;
	cfg_check(cfg_blob, cfg_len, &b, &cfg, &map, &dl);
	pmap_report(&map, &plat, &gs);
	diag_print(&dl);

	pmap_free(&map);
	cfg_free(&cfg);
	config_blobs_free(&blobs);
	groups_free(&gs);
	pci_topology_free(&pci);
	platform_free(&plat);
	diag_free(&dl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t n;
	void *board, *cfg;

	if (size < 4)
		return 0;
	n = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
	data += 4;
	size -= 4;
	if (n > size)
		n = (uint32_t)size;
	board = copy(data, n);
	cfg = copy(data + n, size - n);
	if (board && cfg)
		run(board, n, cfg, size - n);
	free(board);
	free(cfg);
	return 0;
}
