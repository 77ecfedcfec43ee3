/* The canonical group block of the boot report (docs/groups.md): a summary line, then
 *   group N: MEMBER... [SMMU sid SID...]... [-- [no-iommu: ]REASON]
 * one line per group in group order. The same code prints it in the hypervisor and in
 * bulkhead-check, so the two outputs are byte-identical for the same inputs. A line longer than
 * one log call is written in several calls (boot is single-CPU at this point). */
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"
#include "core/groups/groups_internal.h"
#include "core/base/log.h"

struct line {
	char buf[LOG_LINE_MAX - 16];
	size_t len;
};

static void flush(struct line *l)
{
	if (l->len) {
		log_detail_write(l->buf, l->len);
		l->len = 0;
		l->buf[0] = '\0';
	}
}

static void put(struct line *l, const char *s)
{
	size_t n = strlen(s);

	while (n) {
		size_t room = sizeof(l->buf) - 1 - l->len, k = n < room ? n : room;

		memcpy(l->buf + l->len, s, k);
		l->len += k;
		l->buf[l->len] = '\0';
		s += k;
		n -= k;
		if (n)
			flush(l);
	}
}

static int stream_cmp(const void *a, const void *b)
{
	const struct master_stream *x = a, *y = b;

	if (x->smmu != y->smmu)
		return x->smmu < y->smmu ? -1 : 1;
	if (x->sid != y->sid)
		return x->sid < y->sid ? -1 : 1;
	return x->mask < y->mask ? -1 : x->mask > y->mask;
}

static void put_streams(struct line *l, const struct group_set *gs, const struct iso_group *g,
			const struct platform *plat, struct master_stream *tmp)
{
	size_t n = 0;
	char buf[48];

	for (size_t k = 0; k < g->n_members; k++) {
		const struct dma_master *m = &gs->masters[g->members[k]];

		if (m->n_streams)
			memcpy(tmp + n, m->streams, m->n_streams * sizeof(*tmp));
		n += m->n_streams;
	}
	qsort(tmp, n, sizeof(*tmp), stream_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && stream_cmp(&tmp[i - 1], &tmp[i]) == 0)
			continue;
		if (i == 0 || tmp[i - 1].smmu != tmp[i].smmu) {
			put(l, " ");
			put(l, groups_smmu_name(plat, tmp[i].smmu));
			put(l, " sid");
		}
		if (tmp[i].mask)
			fmt_snprintf(buf, sizeof(buf), " 0x%x/0x%x", tmp[i].sid, tmp[i].mask);
		else
			fmt_snprintf(buf, sizeof(buf), " 0x%x", tmp[i].sid);
		put(l, buf);
	}
}

void groups_report(const struct group_set *gs, const struct platform *plat)
{
	size_t total = 0, no_iommu = 0;
	struct master_stream *tmp;
	struct line l = { .len = 0 };
	char buf[48];

	for (size_t m = 0; m < gs->n_masters; m++)
		total += gs->masters[m].n_streams;
	for (size_t g = 0; g < gs->n_groups; g++)
		no_iommu += gs->groups[g].no_iommu;
	log_printf("groups: %zu group%s of %zu DMA master%s, %zu without IOMMU\n", gs->n_groups,
		   gs->n_groups == 1 ? "" : "s", gs->n_masters, gs->n_masters == 1 ? "" : "s", no_iommu);
	tmp = malloc((total + 1) * sizeof(*tmp));
	if (!tmp) {
		log_printf("groups: out of memory for the report\n");
		return;
	}
	for (size_t g = 0; g < gs->n_groups; g++) {
		const struct iso_group *grp = &gs->groups[g];

		fmt_snprintf(buf, sizeof(buf), "group %u:", grp->id);
		put(&l, buf);
		for (size_t k = 0; k < grp->n_members; k++) {
			put(&l, " ");
			put(&l, gs->masters[grp->members[k]].name);
		}
		put_streams(&l, gs, grp, plat, tmp);
		if (grp->no_iommu || (grp->reason && grp->reason[0])) {
			put(&l, " --");
			if (grp->no_iommu)
				put(&l, " no-iommu:");
			if (grp->reason && grp->reason[0]) {
				put(&l, " ");
				put(&l, grp->reason);
			}
		}
		put(&l, "\n");
		flush(&l);
	}
	free(tmp);
}
