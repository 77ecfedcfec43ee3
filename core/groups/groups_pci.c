/* PCI grouping, as Linux's pci_device_group() decides it with ACS enabled (GROUPING-RULES.md).
 *
 * Linux adds devices parents first and lets each join a group that already exists, in this
 * order: (1) the group of its nearest upstream DMA-aliasing bridge; (2) else, if the bridge
 * directly above it has no ACS path to the root, that bridge's group; (3) quirk aliases on the
 * same bus (bulkhead knows no quirks, so never); (4) else, if it is a multifunction device
 * without ACS, the group of another non-ACS function of its slot. Because each step only joins an
 * existing group, the result is a partition we compute with unions: device-with-alias-bridge,
 * device-with-parent, and all non-ACS functions of a slot (every function above 0 is
 * multifunction, so whichever comes later joins the earlier one).
 *
 * Every function is a master, host bridges (class 0x0600) included, because Linux puts them in
 * groups too. */
#include <stdlib.h>

#include "core/groups/groups_internal.h"
#include "core/pci/pci.h"

#define MAX_ALIASES 258 /* own RID plus at most one alias per bus level */

/* Linux's pci_for_each_dma_alias() without quirks: the function's own RID, then one RID per
 * aliasing bridge walking up. Returns the count; *nearest is the nearest aliasing bridge or -1. */
static unsigned dma_aliases(const struct pci_topology *t, size_t i, uint16_t *rids, int *nearest)
{
	const struct pci_function *f = &t->fns[i];
	unsigned n = 0;

	rids[n++] = PCI_RID(f->bus, PCI_DEVFN(f->dev, f->fn));
	*nearest = -1;
	for (int p = f->parent; p >= 0 && n < MAX_ALIASES; p = t->fns[p].parent) {
		const struct pci_function *br = &t->fns[p];
		uint16_t alias;

		if (br->is_pcie) {
			if (br->pcie_type == PCI_EXP_TYPE_PCI_BRIDGE)
				alias = PCI_RID(br->secondary, 0); /* takes ownership: (secondary bus, 00.0) */
			else if (br->pcie_type == PCI_EXP_TYPE_PCIE_BRIDGE)
				alias = PCI_RID(br->bus, PCI_DEVFN(br->dev, br->fn));
			else
				continue; /* root, upstream and downstream ports pass RIDs through */
		} else {
			alias = PCI_RID(br->bus, PCI_DEVFN(br->dev, br->fn)); /* conventional bridge */
		}
		rids[n++] = alias;
		if (*nearest < 0)
			*nearest = p;
	}
	return n;
}

/* Linux's of_map_id(): the first entry covering rid & mask. Returns the SMMU index or -1. */
static int map_rid(const struct plat_pci_host *h, uint32_t rid, uint32_t *sid)
{
	uint32_t masked = rid & h->iommu_map_mask;

	for (size_t e = 0; e < h->n_iommu_map; e++) {
		const struct plat_id_map *m = &h->iommu_map[e];

		if (masked >= m->rid_base && (uint64_t)masked < (uint64_t)m->rid_base + m->length) {
			*sid = masked - m->rid_base + m->id_base;
			return m->target;
		}
	}
	return -1;
}

static void check_maps(struct gbuild *b)
{
	for (size_t h = 0; h < b->plat->n_pci_hosts; h++) {
		const struct plat_pci_host *host = &b->plat->pci_hosts[h];

		for (size_t e = 0; host->has_iommu_map && e < host->n_iommu_map; e++) {
			if (host->iommu_map[e].rid_base & ~host->iommu_map_mask) {
				diag_error(b->dl, "dt-bad-iommu-map", host->path, "iommu-map",
					   "rid-base 0x%x has bits outside iommu-map-mask 0x%x: Linux rejects "
					   "the whole map",
					   host->iommu_map[e].rid_base, host->iommu_map_mask);
				break;
			}
		}
	}
}

bool groups_pci_streams(struct gbuild *b, struct master_stream **pool, size_t *n_pool, size_t *cap_pool, size_t *counts)
{
	const struct pci_topology *t = b->pci;
	uint16_t rids[MAX_ALIASES];

	check_maps(b);
	for (size_t i = 0; t && i < t->n_fns; i++) {
		const struct pci_function *f = &t->fns[i];
		size_t m = gb_pci_master(b, i), first = *n_pool;
		const struct plat_pci_host *h;
		int nearest;
		unsigned nr = dma_aliases(t, i, rids, &nearest);

		if (f->host < 0 || (size_t)f->host >= b->plat->n_pci_hosts)
			continue;
		h = &b->plat->pci_hosts[f->host];
		if (!h->has_iommu_map) {
			b->gs->masters[m].no_iommu = true;
			gb_reason(b, m, GR_NOIOMMU_HOST, (uint64_t)f->host, 0, 0, 0);
			continue;
		}
		if (*n_pool + nr > *cap_pool) {
			size_t cap = (*cap_pool ? *cap_pool * 2 : 256) + nr;
			struct master_stream *p = realloc(*pool, cap * sizeof(*p));

			if (!p)
				return false;
			*pool = p;
			*cap_pool = cap;
		}
		for (unsigned a = 0; a < nr; a++) {
			uint32_t sid = 0;
			int smmu = map_rid(h, rids[a], &sid);
			struct master_stream s;
			bool dup = false;

			if (smmu < 0) {
				b->gs->masters[m].no_iommu = true;
				gb_reason(b, m, GR_NOIOMMU_RID, (uint64_t)f->host, rids[a], 0, 0);
				continue;
			}
			s = (struct master_stream){ smmu, sid,
						    b->plat->smmus[smmu].model == SMMU_MODEL_V3
							    ? 0
							    : b->plat->smmus[smmu].stream_match_mask };
			for (size_t k = first; k < *n_pool && !dup; k++)
				dup = (*pool)[k].smmu == s.smmu && (*pool)[k].sid == s.sid && (*pool)[k].mask == s.mask;
			if (!dup)
				(*pool)[(*n_pool)++] = s;
		}
		counts[i] = *n_pool - first;
	}
	return true;
}

void groups_pci_unions(struct gbuild *b)
{
	const struct pci_topology *t = b->pci;
	size_t n = t ? t->n_fns : 0;
	int *first_noacs;
	uint16_t rids[MAX_ALIASES];

	if (n == 0)
		return;
	first_noacs = malloc(n * sizeof(int));
	if (!first_noacs) {
		b->oom = true;
		return;
	}
	/* The first device without ACS isolation on the path from i to the root (Linux's
	 * pci_acs_path_enabled() fails there). Parents come before children. */
	for (size_t i = 0; i < n; i++) {
		const struct pci_function *f = &t->fns[i];

		first_noacs[i] = !pci_acs_isolated(f) ? (int)i : f->parent >= 0 ? first_noacs[f->parent] : -1;
	}

	/* (1) DMA aliases. */
	for (size_t i = 0; i < n; i++) {
		int a;

		dma_aliases(t, i, rids, &a);
		if (a >= 0 && gb_union(b, gb_pci_master(b, i), gb_pci_master(b, (size_t)a))) {
			const struct pci_function *br = &t->fns[a];
			uint16_t alias = br->is_pcie && br->pcie_type == PCI_EXP_TYPE_PCI_BRIDGE
						 ? PCI_RID(br->secondary, 0)
						 : PCI_RID(br->bus, PCI_DEVFN(br->dev, br->fn));

			gb_reason(b, gb_pci_master(b, i), GR_ALIAS, (uint64_t)a, alias, 0, 0);
		}
	}
	/* (2) ACS: a function without an aliasing bridge joins its parent bridge when that
	 * bridge's path to the root is not ACS-isolated. */
	for (size_t i = 0; i < n; i++) {
		int p = t->fns[i].parent, a;

		dma_aliases(t, i, rids, &a);
		if (a >= 0 || p < 0 || first_noacs[p] < 0)
			continue;
		if (gb_union(b, gb_pci_master(b, i), gb_pci_master(b, (size_t)p)))
			gb_reason(b, gb_pci_master(b, i), GR_NO_ACS, (uint64_t)first_noacs[p], 0, 0, 0);
	}
	/* (4) Multifunction: the non-ACS functions of one slot. Functions of a slot are adjacent. */
	for (size_t i = 0; i < n;) {
		const struct pci_function *f = &t->fns[i];
		size_t j = i, lead = SIZE_MAX;

		for (; j < n && t->fns[j].host == f->host && t->fns[j].bus == f->bus && t->fns[j].dev == f->dev; j++) {
			if (pci_acs_isolated(&t->fns[j]))
				continue;
			if (lead == SIZE_MAX)
				lead = j;
			else if (gb_union(b, gb_pci_master(b, lead), gb_pci_master(b, j)))
				gb_reason(b, gb_pci_master(b, j), GR_MULTIFUNCTION, 0, 0, 0, 0);
		}
		i = j;
	}
	free(first_noacs);
}
