/* Shared by the config unit tests: the test board (tests/unit/fixtures/config/board.dts), its PCI
 * topology, and isolation groups built by hand so that these tests check the config rules and
 * nothing of the grouping engine (which has its own tests):
 *
 *   - DMA-capable platform devices: one master each; equal first stream (SMMU, ID) -> one group,
 *     no stream -> a no-iommu group of its own;
 *   - PCI functions: functions below a PCIe-to-PCI bridge share the bridge's group, every other
 *     function is a group of its own. Everything below the test host bridge is covered by its
 *     iommu-map.
 *
 * Header-only (static inline) because every non-test .c file in tests/unit is linked into
 * every test binary. */
#ifndef BULKHEAD_TESTS_CONFIG_TEST_UTIL_H
#define BULKHEAD_TESTS_CONFIG_TEST_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "core/config/config.h"
#include "core/base/format.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"

struct ctu_board {
	void *fdt;
	struct platform plat;
	struct pci_topology pci;
	struct group_set gs;
	struct cfg_board board;
};

static inline size_t ctu_add_master(struct group_set *gs, enum master_kind kind, char *name, int device, int pci_fn)
{
	gs->masters = realloc(gs->masters, (gs->n_masters + 1) * sizeof(*gs->masters));
	if (!gs->masters)
		abort();
	memset(&gs->masters[gs->n_masters], 0, sizeof(gs->masters[0]));
	gs->masters[gs->n_masters].kind = kind;
	gs->masters[gs->n_masters].name = name;
	gs->masters[gs->n_masters].device = device;
	gs->masters[gs->n_masters].pci_fn = pci_fn;
	return gs->n_masters++;
}

static inline void ctu_join(struct group_set *gs, size_t group, size_t master)
{
	struct iso_group *g = &gs->groups[group];

	g->members = realloc(g->members, (g->n_members + 1) * sizeof(*g->members));
	if (!g->members)
		abort();
	g->members[g->n_members++] = master;
	gs->masters[master].group = group;
}

static inline size_t ctu_new_group(struct group_set *gs, bool no_iommu, char *reason)
{
	gs->groups = realloc(gs->groups, (gs->n_groups + 1) * sizeof(*gs->groups));
	if (!gs->groups)
		abort();
	memset(&gs->groups[gs->n_groups], 0, sizeof(gs->groups[0]));
	gs->groups[gs->n_groups].id = (unsigned)gs->n_groups;
	gs->groups[gs->n_groups].no_iommu = no_iommu;
	gs->groups[gs->n_groups].reason = reason ? reason : strdup("");
	return gs->n_groups++;
}

static inline void ctu_build_groups(const struct platform *plat, const struct pci_topology *pci, struct group_set *gs)
{
	memset(gs, 0, sizeof(*gs));
	for (size_t d = 0; d < plat->n_devices; d++) {
		const struct plat_device *dev = &plat->devices[d];
		size_t m, g = SIZE_MAX;

		if (!dev->dma_capable)
			continue;
		m = ctu_add_master(gs, MASTER_PLATFORM, strdup(dev->path), (int)d, -1);
		gs->masters[m].no_iommu = dev->n_streams == 0;
		for (size_t o = 0; o < m && dev->n_streams; o++) {
			const struct plat_device *other = &plat->devices[gs->masters[o].device];

			if (gs->masters[o].kind == MASTER_PLATFORM && other->n_streams &&
			    other->streams[0].smmu == dev->streams[0].smmu &&
			    other->streams[0].sid == dev->streams[0].sid) {
				g = gs->masters[o].group;
				if (gs->groups[g].reason[0] == '\0') {
					free(gs->groups[g].reason);
					gs->groups[g].reason = fmt_strdup("stream ID 0x%x shared with %s",
									  dev->streams[0].sid, other->path);
				}
				break;
			}
		}
		if (g == SIZE_MAX)
			g = ctu_new_group(gs, dev->n_streams == 0, NULL);
		ctu_join(gs, g, m);
	}
	for (size_t f = 0; pci && f < pci->n_fns; f++) {
		const struct pci_function *fn = &pci->fns[f];
		char name[PCI_NAME_LEN];
		size_t m, g = SIZE_MAX;

		pci_fn_name(fn, name, sizeof(name));
		m = ctu_add_master(gs, MASTER_PCI, strdup(name), -1, (int)f);
		if (fn->parent >= 0) {
			const struct pci_function *up = &pci->fns[fn->parent];

			if (up->is_pcie && up->pcie_type == PCI_EXP_TYPE_PCI_BRIDGE) {
				for (size_t o = 0; o < m; o++)
					if (gs->masters[o].pci_fn == fn->parent)
						g = gs->masters[o].group;
				if (gs->groups[g].reason[0] == '\0') {
					char bn[PCI_NAME_LEN];

					free(gs->groups[g].reason);
					gs->groups[g].reason = fmt_strdup("alias 0x%x via PCIe-to-PCI bridge %s",
									  (unsigned)up->secondary << 8,
									  pci_fn_name(up, bn, sizeof(bn)));
				}
			}
		}
		if (g == SIZE_MAX)
			g = ctu_new_group(gs, false, NULL);
		ctu_join(gs, g, m);
	}
}

static inline void ctu_free_groups(struct group_set *gs)
{
	for (size_t m = 0; m < gs->n_masters; m++)
		free(gs->masters[m].name);
	for (size_t g = 0; g < gs->n_groups; g++) {
		free(gs->groups[g].members);
		free(gs->groups[g].reason);
	}
	free(gs->masters);
	free(gs->groups);
	memset(gs, 0, sizeof(*gs));
}

/* Load and discover the test board; aborts on any diagnostic (the board is known good). */
static inline void ctu_load_board(struct ctu_board *b, const char *fixture)
{
	struct diag_list dl;

	memset(b, 0, sizeof(*b));
	diag_init(&dl);
	b->fdt = fixture_load(fixture, NULL);
	if (!platform_discover(b->fdt, &b->plat, &dl) || !pci_dt_read(b->fdt, &b->plat, &b->pci, &dl) ||
	    diag_has_errors(&dl)) {
		diag_print(&dl);
		abort();
	}
	diag_free(&dl);
	ctu_build_groups(&b->plat, &b->pci, &b->gs);
	b->board.plat = &b->plat;
	b->board.pci = &b->pci;
	b->board.gs = &b->gs;
	b->board.fdt = b->fdt;
	cfg_limits_default(&b->plat, &b->board.lim);
}

static inline void ctu_free_board(struct ctu_board *b)
{
	ctu_free_groups(&b->gs);
	pci_topology_free(&b->pci);
	platform_free(&b->plat);
	free(b->fdt);
}

#endif
