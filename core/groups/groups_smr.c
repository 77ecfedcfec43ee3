/* Stream match entries the SMMUv2 driver will refuse, predicted offline.
 *
 * Overlapping streams of one SMMUv2 are always one group (groups_streams.c), so the hypervisor
 * routes them to one context bank, installing each group's entries in decreasing mask weight: an
 * entry inside one already installed reuses it (core/hw/smr.h). What remains is a partial
 * overlap, e.g. 0x400/0x7f and 0x47f/0x80: some stream IDs match both entries, which the SMMU
 * treats as a fault (sCR0.SMCFCFG), and no single entry covers exactly the two. Linux refuses such
 * a stream; so does bulkhead, which leaves it faulting. This warns about each one, naming both
 * masters, so bulkhead-check predicts the boot. Cost O(s^2) per group for s streams in it. */
#include <stdlib.h>

#include "core/groups/groups_internal.h"
#include "core/hw/smr.h"

struct smr_ref {
	size_t group;
	int smmu;
	unsigned weight;
	uint32_t id, mask;
	size_t master;
};

static int by_group_smmu_weight(const void *a, const void *b)
{
	const struct smr_ref *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->smmu != y->smmu)
		return x->smmu < y->smmu ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->mask != y->mask)
		return x->mask < y->mask ? -1 : 1;
	return x->master < y->master ? -1 : x->master > y->master;
}

/* The driver's decisions for one (group, SMMU) run, in installation order: an entry is
 * installed unless an installed one contains it; overlapping without containment is refused. */
static void check_run(struct gbuild *b, const struct smr_ref *run, size_t len, bool *installed)
{
	for (size_t i = 0; i < len; i++) {
		const struct smr_ref *e = &run[i];
		bool reused = false;

		installed[i] = false;
		for (size_t k = 0; k < i && !reused; k++) {
			const struct smr_ref *o = &run[k];

			if (!installed[k] || !smr_overlap(o->id, o->mask, e->id, e->mask))
				continue;
			if (smr_contains(o->id, o->mask, e->id, e->mask)) {
				reused = true;
				continue;
			}
			diag_warn(b->dl, "dt-smr-overlap", b->gs->masters[e->master].name, "iommus",
				  "stream 0x%x mask 0x%x on %s partially overlaps 0x%x mask 0x%x of %s: no stream "
				  "match register serves both, so this stream will fault",
				  e->id, e->mask, b->plat->smmus[e->smmu].path, o->id, o->mask,
				  b->gs->masters[o->master].name);
			reused = true; /* refused: not installed */
			break;
		}
		installed[i] = !reused;
	}
}

void groups_smr_check(struct gbuild *b)
{
	const struct group_set *gs = b->gs;
	struct smr_ref *refs;
	bool *installed;
	size_t n = 0;

	for (size_t m = 0; m < gs->n_masters; m++)
		n += gs->masters[m].n_streams;
	refs = malloc((n + 1) * sizeof(*refs));
	installed = malloc((n + 1) * sizeof(*installed));
	if (!refs || !installed) {
		b->oom = true;
		goto out;
	}
	n = 0;
	for (size_t m = 0; m < gs->n_masters; m++) {
		for (size_t s = 0; s < gs->masters[m].n_streams; s++) {
			const struct master_stream *st = &gs->masters[m].streams[s];

			if (st->smmu < 0 || b->plat->smmus[st->smmu].model == SMMU_MODEL_V3)
				continue;
			refs[n++] = (struct smr_ref){
				gs->masters[m].group, st->smmu, smr_mask_weight(st->mask), st->sid, st->mask, m
			};
		}
	}
	qsort(refs, n, sizeof(*refs), by_group_smmu_weight);
	for (size_t lo = 0; lo < n;) {
		size_t hi = lo + 1;

		while (hi < n && refs[hi].group == refs[lo].group && refs[hi].smmu == refs[lo].smmu)
			hi++;
		if (hi - lo > 1)
			check_run(b, refs + lo, hi - lo, installed + lo);
		lo = hi;
	}
out:
	free(refs);
	free(installed);
}
