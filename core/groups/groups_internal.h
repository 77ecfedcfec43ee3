/* Shared between the groups_*.c files; not for other modules.
 *
 * groups_build() runs in phases over one union-find on master indices: PCI topology rules
 * (groups_pci.c: DMA aliases, ACS, multifunction), then shared stream IDs (groups_streams.c),
 * then the canonical numbering and reason strings (groups.c, groups_reason.c). Each union that
 * actually joins two sets leaves a reason record naming the rule; records are turned into text
 * once the final groups are known. */
#ifndef BULKHEAD_CORE_GROUPS_INTERNAL_H
#define BULKHEAD_CORE_GROUPS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/groups/groups.h"
#include "core/pci/pci.h"

/* In the order reasons are printed within a group. */
enum greason_kind {
	GR_NOIOMMU_PLATFORM, /* DMA-capable platform device without iommus */
	GR_NOIOMMU_HOST,     /* k0 = host: no iommu-map */
	GR_NOIOMMU_RID,      /* k0 = host, k1 = RID: no iommu-map entry */
	GR_ALIAS,            /* k0 = bridge function, k1 = alias RID */
	GR_NO_ACS,           /* k0 = function without ACS isolation */
	GR_MULTIFUNCTION,    /* functions of one slot without ACS */
	GR_SHARED_SID,       /* k0 = smmu, k1 = sid, k2 = master holding it first */
	GR_OVERLAP_SID,      /* k0 = smmu, k1 = sid << 32 | mask, k2 = other sid << 32 | mask, k3 = other master */
};

struct greason {
	size_t master; /* any master of the group the reason belongs to */
	uint32_t kind;
	uint64_t k[4];
};

struct gbuild {
	const struct platform *plat;
	const struct pci_topology *pci;
	struct group_set *gs;
	struct diag_list *dl;
	size_t *uf_parent;
	uint32_t *uf_rank;
	struct greason *reasons;
	size_t n_reasons, cap_reasons;
	bool oom;
};

size_t gb_find(struct gbuild *b, size_t x);
/* Join the sets of x and y; true if they were different sets. */
bool gb_union(struct gbuild *b, size_t x, size_t y);
void gb_reason(struct gbuild *b, size_t master, enum greason_kind kind, uint64_t k0, uint64_t k1, uint64_t k2,
	       uint64_t k3);

/* Master index of PCI function i. */
static inline size_t gb_pci_master(const struct gbuild *b, size_t fn)
{
	return b->gs->n_platform_masters + fn;
}

/* groups_pci.c: streams of every PCI function (aliases through iommu-map), and the topology
 * unions. Streams are appended to *pool (grown with realloc) in function order; counts[i] gets
 * the number for function i. */
bool groups_pci_streams(struct gbuild *b, struct master_stream **pool, size_t *n_pool, size_t *cap_pool,
			size_t *counts);
void groups_pci_unions(struct gbuild *b);

/* groups_streams.c: masters whose streams one SMMU cannot tell apart. */
void groups_stream_unions(struct gbuild *b);

/* groups_smr.c: warn about SMMUv2 streams the driver will refuse (partial SMR overlaps). Needs
 * the final group numbers. */
void groups_smr_check(struct gbuild *b);

/* groups_reason.c: the reason string of every group from the records. */
bool groups_make_reasons(struct gbuild *b);

/* Last path component of an SMMU ("smmu@9050000"). */
const char *groups_smmu_name(const struct platform *plat, int smmu);

#endif
