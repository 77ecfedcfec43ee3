/* Isolation groups: collect the DMA masters, run the grouping phases, number the groups in the
 * canonical order (docs/groups.md). Everything is sort or union-find: 100,000 masters group in a
 * few tens of milliseconds (bench/). */
#include <stdlib.h>
#include <string.h>

#include "core/groups/groups.h"
#include "core/groups/groups_internal.h"
#include "core/pci/pci.h"

size_t gb_find(struct gbuild *b, size_t x)
{
	size_t *p = b->uf_parent;

	while (p[x] != x) {
		p[x] = p[p[x]]; /* path halving */
		x = p[x];
	}
	return x;
}

bool gb_union(struct gbuild *b, size_t x, size_t y)
{
	size_t rx = gb_find(b, x), ry = gb_find(b, y);

	if (rx == ry)
		return false;
	if (b->uf_rank[rx] < b->uf_rank[ry]) {
		size_t t = rx;

		rx = ry;
		ry = t;
	}
	b->uf_parent[ry] = rx;
	if (b->uf_rank[rx] == b->uf_rank[ry])
		b->uf_rank[rx]++;
	return true;
}

void gb_reason(struct gbuild *b, size_t master, enum greason_kind kind, uint64_t k0, uint64_t k1, uint64_t k2,
	       uint64_t k3)
{
	if (b->n_reasons == b->cap_reasons) {
		size_t cap = b->cap_reasons ? b->cap_reasons * 2 : 64;
		struct greason *p = realloc(b->reasons, cap * sizeof(*p));

		if (!p) {
			b->oom = true;
			return;
		}
		b->reasons = p;
		b->cap_reasons = cap;
	}
	b->reasons[b->n_reasons++] = (struct greason){ master, kind, { k0, k1, k2, k3 } };
}

const char *groups_smmu_name(const struct platform *plat, int smmu)
{
	const char *path, *slash;

	if (smmu < 0 || (size_t)smmu >= plat->n_smmus || !plat->smmus[smmu].path)
		return "smmu?";
	path = plat->smmus[smmu].path;
	slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

struct plat_master {
	const char *path;
	int device;
};

static int plat_master_cmp(const void *a, const void *b)
{
	return strcmp(((const struct plat_master *)a)->path, ((const struct plat_master *)b)->path);
}

static bool is_platform_master(const struct plat_device *d)
{
	return d->path && (d->n_streams > 0 || d->dma_capable);
}

/* Platform masters sorted by path; their names and streams. */
static bool add_platform_masters(struct gbuild *b, struct plat_master *pm, size_t np, char **names,
				 struct master_stream **pool, size_t *n_pool, size_t *cap_pool, size_t *counts)
{
	const struct platform *plat = b->plat;

	for (size_t i = 0; i < np; i++) {
		const struct plat_device *d = &plat->devices[pm[i].device];
		struct dma_master *m = &b->gs->masters[i];
		size_t len = strlen(d->path) + 1;

		m->kind = MASTER_PLATFORM;
		m->device = pm[i].device;
		m->pci_fn = -1;
		m->name = *names;
		memcpy(*names, d->path, len);
		*names += len;
		if (*n_pool + d->n_streams > *cap_pool) {
			size_t cap = (*cap_pool ? *cap_pool * 2 : 256) + d->n_streams;
			struct master_stream *p = realloc(*pool, cap * sizeof(*p));

			if (!p)
				return false;
			*pool = p;
			*cap_pool = cap;
		}
		for (size_t s = 0; s < d->n_streams; s++) {
			const struct plat_stream *ps = &d->streams[s];
			bool v3 = ps->smmu >= 0 && (size_t)ps->smmu < plat->n_smmus &&
				  plat->smmus[ps->smmu].model == SMMU_MODEL_V3;

			(*pool)[(*n_pool)++] = (struct master_stream){ ps->smmu, ps->sid, v3 ? 0 : ps->mask };
		}
		counts[i] = d->n_streams;
		if (d->n_streams == 0) {
			m->no_iommu = true;
			gb_reason(b, i, GR_NOIOMMU_PLATFORM, 0, 0, 0, 0);
		}
	}
	return true;
}

static void add_pci_names(struct gbuild *b, char *names)
{
	for (size_t i = 0; b->pci && i < b->pci->n_fns; i++) {
		struct dma_master *m = &b->gs->masters[gb_pci_master(b, i)];

		m->kind = MASTER_PCI;
		m->device = -1;
		m->pci_fn = (int)i;
		m->name = pci_fn_name(&b->pci->fns[i], names, PCI_NAME_LEN);
		names += PCI_NAME_LEN;
	}
}

/* Number groups by first member, fill member lists (ascending, so canonical). */
static bool number_groups(struct gbuild *b)
{
	struct group_set *gs = b->gs;
	size_t n = gs->n_masters, ng = 0, *gid = malloc((n + 1) * sizeof(size_t)), *fill;

	if (!gid)
		return false;
	for (size_t i = 0; i < n; i++)
		gid[i] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t r = gb_find(b, i);

		if (gid[r] == SIZE_MAX)
			gid[r] = ng++;
		gs->masters[i].group = gid[r];
	}
	free(gid);
	gs->groups = calloc(ng + 1, sizeof(*gs->groups));
	gs->member_pool = malloc((n + 1) * sizeof(size_t));
	fill = calloc(ng + 1, sizeof(size_t));
	if (!gs->groups || !gs->member_pool || !fill) {
		free(fill);
		return false;
	}
	gs->n_groups = ng;
	for (size_t i = 0; i < n; i++)
		gs->groups[gs->masters[i].group].n_members++;
	for (size_t g = 0, off = 0; g < ng; g++) {
		gs->groups[g].id = (unsigned)g;
		gs->groups[g].members = gs->member_pool + off;
		off += gs->groups[g].n_members;
	}
	for (size_t i = 0; i < n; i++) {
		struct iso_group *g = &gs->groups[gs->masters[i].group];

		g->members[fill[gs->masters[i].group]++] = i;
		g->no_iommu |= gs->masters[i].no_iommu;
	}
	free(fill);
	return true;
}

bool groups_build(const struct platform *plat, const struct pci_topology *pci, struct group_set *gs,
		  struct diag_list *dl)
{
	struct gbuild b = { .plat = plat, .pci = pci, .gs = gs, .dl = dl };
	size_t errors_before = dl->errors, np = 0, npci = pci ? pci->n_fns : 0, n, names_len = 0;
	struct plat_master *pm = NULL;
	struct master_stream *pool = NULL;
	size_t n_pool = 0, cap_pool = 0, *counts = NULL;
	char *names;
	bool ok = false;

	memset(gs, 0, sizeof(*gs));
	for (size_t i = 0; i < plat->n_devices; i++)
		np += is_platform_master(&plat->devices[i]);
	pm = malloc((np + 1) * sizeof(*pm));
	if (!pm)
		goto out;
	np = 0;
	for (size_t i = 0; i < plat->n_devices; i++) {
		if (is_platform_master(&plat->devices[i])) {
			pm[np++] = (struct plat_master){ plat->devices[i].path, (int)i };
			names_len += strlen(plat->devices[i].path) + 1;
		}
	}
	qsort(pm, np, sizeof(*pm), plat_master_cmp);

	n = np + npci;
	gs->n_masters = n;
	gs->n_platform_masters = np;
	gs->masters = calloc(n + 1, sizeof(*gs->masters));
	gs->name_pool = malloc(names_len + npci * PCI_NAME_LEN + 1);
	counts = calloc(n + 1, sizeof(*counts));
	b.uf_parent = malloc((n + 1) * sizeof(size_t));
	b.uf_rank = calloc(n + 1, sizeof(uint32_t));
	if (!gs->masters || !gs->name_pool || !counts || !b.uf_parent || !b.uf_rank)
		goto out;
	for (size_t i = 0; i < n; i++)
		b.uf_parent[i] = i;

	names = gs->name_pool;
	if (!add_platform_masters(&b, pm, np, &names, &pool, &n_pool, &cap_pool, counts))
		goto out;
	add_pci_names(&b, names);
	if (!groups_pci_streams(&b, &pool, &n_pool, &cap_pool, counts + np))
		goto out;
	/* The pool no longer moves: point every master at its slice. */
	gs->stream_pool = pool;
	pool = NULL;
	for (size_t i = 0, off = 0; i < n; i++) {
		gs->masters[i].streams = counts[i] ? gs->stream_pool + off : NULL;
		gs->masters[i].n_streams = counts[i];
		off += counts[i];
	}

	groups_pci_unions(&b);
	groups_stream_unions(&b);
	if (b.oom || !number_groups(&b) || !groups_make_reasons(&b))
		goto out;
	groups_smr_check(&b);
	if (b.oom)
		goto out;
	/* Every reason is its own allocation, "" included, so any owner may free() it. */
	for (size_t g = 0; g < gs->n_groups; g++)
		if (!gs->groups[g].reason && !(gs->groups[g].reason = calloc(1, 1)))
			goto out;
	ok = true;
out:
	free(pm);
	free(pool);
	free(counts);
	free(b.uf_parent);
	free(b.uf_rank);
	free(b.reasons);
	if (!ok) {
		dl->out_of_memory = true;
		return false;
	}
	return dl->errors == errors_before && !dl->out_of_memory;
}

void groups_free(struct group_set *gs)
{
	for (size_t g = 0; gs->groups && g < gs->n_groups; g++)
		free(gs->groups[g].reason);
	free(gs->groups);
	free(gs->masters);
	free(gs->name_pool);
	free(gs->stream_pool);
	free(gs->member_pool);
	memset(gs, 0, sizeof(*gs));
}

static int find_in(const struct group_set *gs, size_t lo, size_t hi, const char *name)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(gs->masters[mid].name, name);

		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int groups_find_master(const struct group_set *gs, const char *name)
{
	int m;

	if (!gs->masters || !name)
		return -1;
	/* Both ranges are sorted by name: paths by strcmp, PCI names are fixed-width hex. */
	m = find_in(gs, 0, gs->n_platform_masters, name);
	if (m < 0)
		m = find_in(gs, gs->n_platform_masters, gs->n_masters, name);
	return m;
}
