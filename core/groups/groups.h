/* Isolation groups: the smallest sets of DMA masters the IOMMU cannot tell apart.
 *
 * Built like Linux builds IOMMU groups (docs/groups.md, ../shared/docs/GROUPING-RULES.md): shared
 * or masked stream IDs, PCI DMA aliases, missing ACS and multifunction devices put masters in one
 * group. A partition receives whole groups only. Every group records why it is what it is. */
#ifndef BULKHEAD_CORE_GROUPS_H
#define BULKHEAD_CORE_GROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/diag.h"
#include "core/platform/platform.h"

struct pci_topology; /* core/pci/pci.h */

enum master_kind { MASTER_PLATFORM, MASTER_PCI };

struct master_stream {
	int smmu; /* index into platform.smmus */
	uint32_t sid;
	uint32_t mask; /* SMR mask (SMMUv2), 0 for an exact stream ID */
};

/* A device that can master DMA: a platform device or a PCI function. */
struct dma_master {
	enum master_kind kind;
	char *name; /* platform: DT node path; PCI: "SSSS:BB:DD.F" (e.g. "0000:01:00.0") */
	int device; /* index into platform.devices, or -1 */
	int pci_fn; /* index into the PCI topology's functions, or -1 */
	struct master_stream *streams;
	size_t n_streams;
	size_t group;  /* index into group_set.groups */
	bool no_iommu; /* some DMA of this master is not translated by any IOMMU */
};

struct iso_group {
	unsigned id;     /* position in the canonical order (docs/groups.md) */
	size_t *members; /* indices into group_set.masters, in canonical order */
	size_t n_members;
	bool no_iommu; /* DMA not translated by any IOMMU: cannot be isolated */
	char *reason;  /* why these members share a group (and, when no_iommu, why DMA is not
			   * translated); "" for a lone, isolated master. Wording: docs/groups.md */
};

/* Masters are in canonical order (docs/groups.md): platform devices sorted by DT path, then PCI
 * functions by segment, bus, devfn. Group ids follow their first member's position. */
struct group_set {
	struct dma_master *masters;
	size_t n_masters;
	size_t n_platform_masters; /* masters[0 .. n_platform_masters) are platform devices */
	struct iso_group *groups;
	size_t n_groups;
	/* Storage the pointers above point into (one allocation each, for 100,000 masters): master
	 * names, streams and member lists are not separately freeable; release with groups_free(). */
	char *name_pool;
	struct master_stream *stream_pool;
	size_t *member_pool;
};

/* `pci` may be NULL (no PCI functions known). Returns false on errors (recorded in dl). */
bool groups_build(const struct platform *plat, const struct pci_topology *pci, struct group_set *gs,
		  struct diag_list *dl);
void groups_free(struct group_set *gs);

/* The canonical block: one line per group, "group N: MEMBERS SMMU sid ... -- REASON". */
void groups_report(const struct group_set *gs, const struct platform *plat);

/* Master by name (DT path or "SSSS:BB:DD.F"), or -1. */
int groups_find_master(const struct group_set *gs, const char *name);

#endif
