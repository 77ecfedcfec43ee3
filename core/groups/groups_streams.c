/* Masters an SMMU cannot tell apart by stream: on one SMMU instance, two streams (a, mask ma) and
 * (b, mask mb) match the same transactions when (a ^ b) & ~(ma | mb) == 0 (an SMMUv2 stream
 * match register ignores the masked bits; SMMUv3 streams have mask 0, so this is equality).
 * Stream IDs on different SMMUs never collide.
 *
 * Without pairwise comparison: for every pair of mask values (m1, m2) present on an SMMU, the
 * streams with those masks are sorted by sid & ~(m1 | m2); a run of equal keys holding streams of
 * both masks (or of one, when m1 == m2) is one connected set. Cost O(K^2 n log n) for K distinct
 * masks on an SMMU: K is 1 on SMMUv3 and a handful on real SMMUv2 boards. */
#include <stdlib.h>

#include "core/groups/groups_internal.h"

struct sref {
	uint32_t smmu, sid, mask;
	uint32_t key; /* sid & ~(combined mask) during one pass */
	size_t master;
};

static int by_smmu_mask_sid(const void *a, const void *b)
{
	const struct sref *x = a, *y = b;

	if (x->smmu != y->smmu)
		return x->smmu < y->smmu ? -1 : 1;
	if (x->mask != y->mask)
		return x->mask < y->mask ? -1 : 1;
	if (x->sid != y->sid)
		return x->sid < y->sid ? -1 : 1;
	return x->master < y->master ? -1 : x->master > y->master;
}

static int by_key(const void *a, const void *b)
{
	const struct sref *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->master != y->master)
		return x->master < y->master ? -1 : 1;
	if (x->sid != y->sid)
		return x->sid < y->sid ? -1 : 1;
	return x->mask < y->mask ? -1 : x->mask > y->mask;
}

static void join(struct gbuild *b, const struct sref *e, const struct sref *r)
{
	if (!gb_union(b, e->master, r->master))
		return;
	if (e->mask == 0 && r->mask == 0)
		gb_reason(b, e->master, GR_SHARED_SID, e->smmu, e->sid, r->master, 0);
	else
		gb_reason(b, e->master, GR_OVERLAP_SID, e->smmu, (uint64_t)e->sid << 32 | e->mask,
			  (uint64_t)r->sid << 32 | r->mask, r->master);
}

/* One run of equal keys. m1 == m2: every stream overlaps the first. Otherwise each stream of one
 * mask overlaps the first stream of the other mask. */
static void join_run(struct gbuild *b, const struct sref *run, size_t len, uint32_t m1, uint32_t m2)
{
	const struct sref *r1 = NULL, *r2 = NULL;

	if (m1 == m2) {
		for (size_t k = 1; k < len; k++)
			join(b, &run[k], &run[0]);
		return;
	}
	for (size_t k = 0; k < len; k++) {
		if (run[k].mask == m1 && !r1)
			r1 = &run[k];
		if (run[k].mask == m2 && !r2)
			r2 = &run[k];
	}
	if (!r1 || !r2)
		return;
	for (size_t k = 0; k < len; k++)
		join(b, &run[k], run[k].mask == m1 ? r2 : r1);
}

/* Join the overlapping streams among those of mask class c1 and class c2 (the same class when
 * c1 == c2), through `tmp`. */
static void pass(struct gbuild *b, const struct sref *c1, size_t n1, const struct sref *c2, size_t n2, struct sref *tmp)
{
	uint32_t m1 = c1[0].mask, m2 = c2[0].mask, combined = m1 | m2;
	size_t n = 0;

	for (size_t k = 0; k < n1; k++) {
		tmp[n] = c1[k];
		tmp[n++].key = c1[k].sid & ~combined;
	}
	if (c2 != c1) {
		for (size_t k = 0; k < n2; k++) {
			tmp[n] = c2[k];
			tmp[n++].key = c2[k].sid & ~combined;
		}
	}
	/* Exact streams of one class are already in key order. */
	if (!(combined == 0 && c1 == c2))
		qsort(tmp, n, sizeof(*tmp), by_key);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		while (j < n && tmp[j].key == tmp[i].key)
			j++;
		if (j - i > 1)
			join_run(b, tmp + i, j - i, m1, m2);
		i = j;
	}
}

void groups_stream_unions(struct gbuild *b)
{
	const struct group_set *gs = b->gs;
	size_t n = 0, k = 0;
	struct sref *refs, *tmp;
	size_t *cls;

	for (size_t m = 0; m < gs->n_masters; m++)
		n += gs->masters[m].n_streams;
	if (n == 0)
		return;
	refs = malloc(n * sizeof(*refs));
	tmp = malloc(n * sizeof(*tmp));
	cls = malloc((n + 1) * sizeof(*cls));
	if (!refs || !tmp || !cls) {
		b->oom = true;
		goto out;
	}
	for (size_t m = 0; m < gs->n_masters; m++) {
		for (size_t s = 0; s < gs->masters[m].n_streams; s++) {
			const struct master_stream *st = &gs->masters[m].streams[s];

			if (st->smmu < 0)
				continue;
			refs[k++] = (struct sref){ (uint32_t)st->smmu, st->sid, st->mask, 0, m };
		}
	}
	n = k;
	qsort(refs, n, sizeof(*refs), by_smmu_mask_sid);
	for (size_t lo = 0; lo < n;) {
		size_t hi = lo, nc = 0;

		/* One SMMU: [lo, hi), its mask classes starting at cls[0..nc). */
		while (hi < n && refs[hi].smmu == refs[lo].smmu) {
			if (hi == lo || refs[hi].mask != refs[hi - 1].mask)
				cls[nc++] = hi;
			hi++;
		}
		cls[nc] = hi;
		for (size_t i = 0; i < nc; i++)
			for (size_t j = i; j < nc; j++)
				pass(b, refs + cls[i], cls[i + 1] - cls[i], refs + cls[j], cls[j + 1] - cls[j], tmp);
		lo = hi;
	}
out:
	free(refs);
	free(tmp);
	free(cls);
}
