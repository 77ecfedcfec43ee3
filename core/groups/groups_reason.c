/* Reason strings: the records left by the grouping phases, sorted by group and rule, deduplicated
 * and joined with "; ". The wording is part of the console contract (docs/groups.md). */
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"
#include "core/groups/groups_internal.h"
#include "core/base/log.h"

struct keyed {
	size_t group;
	const struct greason *r;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->r->kind != y->r->kind)
		return x->r->kind < y->r->kind ? -1 : 1;
	for (int i = 0; i < 4; i++)
		if (x->r->k[i] != y->r->k[i])
			return x->r->k[i] < y->r->k[i] ? -1 : 1;
	return 0;
}

static const char *host_path(const struct gbuild *b, uint64_t h)
{
	return h < b->plat->n_pci_hosts && b->plat->pci_hosts[h].path ? b->plat->pci_hosts[h].path : "?";
}

static const char *bridge_kind(const struct pci_function *f)
{
	if (f->is_pcie && f->pcie_type == PCI_EXP_TYPE_PCI_BRIDGE)
		return "PCIe-to-PCI bridge";
	if (f->is_pcie && f->pcie_type == PCI_EXP_TYPE_PCIE_BRIDGE)
		return "PCI-to-PCIe bridge";
	return "PCI bridge";
}

/* "0x14" or "0x400 mask 0x7f" */
static void stream_text(char *buf, size_t len, uint64_t sid_mask)
{
	uint32_t sid = (uint32_t)(sid_mask >> 32), mask = (uint32_t)sid_mask;

	if (mask)
		fmt_snprintf(buf, len, "0x%x mask 0x%x", sid, mask);
	else
		fmt_snprintf(buf, len, "0x%x", sid);
}

static void reason_text(const struct gbuild *b, const struct greason *r, char *buf, size_t len)
{
	const struct group_set *gs = b->gs;
	char name[PCI_NAME_LEN], s1[32], s2[32];

	switch ((enum greason_kind)r->kind) {
	case GR_NOIOMMU_PLATFORM:
		fmt_snprintf(buf, len, "DMA master without iommus");
		return;
	case GR_NOIOMMU_HOST:
		fmt_snprintf(buf, len, "host %s has no iommu-map", host_path(b, r->k[0]));
		return;
	case GR_NOIOMMU_RID:
		fmt_snprintf(buf, len, "RID 0x%04x not in iommu-map of %s", (unsigned)r->k[1], host_path(b, r->k[0]));
		return;
	case GR_ALIAS: {
		const struct pci_function *f = &b->pci->fns[r->k[0]];

		fmt_snprintf(buf, len, "alias 0x%04x via %s %s", (unsigned)r->k[1], bridge_kind(f),
			     pci_fn_name(f, name, sizeof(name)));
		return;
	}
	case GR_NO_ACS:
		fmt_snprintf(buf, len, "no ACS at %s", pci_fn_name(&b->pci->fns[r->k[0]], name, sizeof(name)));
		return;
	case GR_MULTIFUNCTION:
		fmt_snprintf(buf, len, "multifunction without ACS");
		return;
	case GR_SHARED_SID:
		fmt_snprintf(buf, len, "stream ID 0x%x shared with %s", (unsigned)r->k[1], gs->masters[r->k[2]].name);
		return;
	case GR_OVERLAP_SID:
		stream_text(s1, sizeof(s1), r->k[1]);
		stream_text(s2, sizeof(s2), r->k[2]);
		fmt_snprintf(buf, len, "stream ID %s overlaps %s of %s", s1, s2, gs->masters[r->k[3]].name);
		return;
	}
	fmt_snprintf(buf, len, "?");
}

/* Append to a growable string. */
static bool append(char **s, size_t *len, size_t *cap, const char *t)
{
	size_t tl = strlen(t);

	if (*len + tl + 1 > *cap) {
		size_t ncap = (*cap ? *cap * 2 : 128) + tl;
		char *p = realloc(*s, ncap);

		if (!p)
			return false;
		*s = p;
		*cap = ncap;
	}
	memcpy(*s + *len, t, tl + 1);
	*len += tl;
	return true;
}

bool groups_make_reasons(struct gbuild *b)
{
	struct group_set *gs = b->gs;
	size_t n = b->n_reasons;
	struct keyed *ks;
	char text[LOG_LINE_MAX];

	if (n == 0)
		return true;
	ks = malloc(n * sizeof(*ks));
	if (!ks)
		return false;
	for (size_t i = 0; i < n; i++)
		ks[i] = (struct keyed){ gs->masters[b->reasons[i].master].group, &b->reasons[i] };
	qsort(ks, n, sizeof(*ks), keyed_cmp);
	for (size_t i = 0; i < n;) {
		size_t g = ks[i].group, j = i, len = 0, cap = 0;
		char *s = NULL;

		for (; j < n && ks[j].group == g; j++) {
			if (j > i && keyed_cmp(&ks[j - 1], &ks[j]) == 0)
				continue; /* the same reason twice */
			reason_text(b, ks[j].r, text, sizeof(text));
			if ((len && !append(&s, &len, &cap, "; ")) || !append(&s, &len, &cap, text)) {
				free(s);
				free(ks);
				return false;
			}
		}
		gs->groups[g].reason = s;
		i = j;
	}
	free(ks);
	return true;
}
