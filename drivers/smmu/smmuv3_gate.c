/* Opening and closing a partition's streams on one SMMUv3 (smmuv3_gate.h). */
#include "drivers/smmu/smmuv3_gate.h"

#include <stdlib.h>
#include <string.h>

void smmuv3_gate_init(struct smmuv3_gate *g, const uint64_t ste[8], uint16_t tlb_tag)
{
	memset(g, 0, sizeof(*g));
	memcpy(g->ste, ste, sizeof(g->ste));
	g->tlb_tag = tlb_tag;
	g->open = true;
}

/* The STE of every stream of the gate in its current state. */
static enum smmuv3_status install(struct smmuv3 *smmu, const struct smmuv3_gate *g, uint32_t sid)
{
	uint64_t closed[8];

	if (g->open)
		return smmuv3_install_ste(smmu, sid, g->ste);
	smmuv3_ste_closed(closed, g->ste);
	return smmuv3_install_ste(smmu, sid, closed);
}

enum smmuv3_status smmuv3_gate_add(struct smmuv3 *smmu, struct smmuv3_gate *g, uint32_t sid)
{
	enum smmuv3_status st;

	for (unsigned i = 0; i < g->n_sids; i++)
		if (g->sids[i] == sid)
			return install(smmu, g, sid);
	if (g->n_sids == g->cap) {
		unsigned cap = g->cap ? g->cap * 2 : 8;
		uint32_t *sids = realloc(g->sids, cap * sizeof(*sids));

		if (!sids)
			return SMMUV3_E_NOMEM;
		g->sids = sids;
		g->cap = cap;
	}
	st = install(smmu, g, sid);
	if (st == SMMUV3_OK)
		g->sids[g->n_sids++] = sid;
	return st;
}

static enum smmuv3_status install_all(struct smmuv3 *smmu, const struct smmuv3_gate *g)
{
	enum smmuv3_status first = SMMUV3_OK;

	for (unsigned i = 0; i < g->n_sids; i++) {
		enum smmuv3_status st = install(smmu, g, g->sids[i]);

		if (first == SMMUV3_OK)
			first = st;
	}
	return first;
}

enum smmuv3_status smmuv3_gate_close(struct smmuv3 *smmu, struct smmuv3_gate *g)
{
	enum smmuv3_status st, tlbi;

	g->open = false;
	st = install_all(smmu, g);
	/* No stream reaches the tables any more: what the SMMU cached of them goes too, so nothing
	 * of this run's translations survives into the next (whose tables are the same, rebuilt
	 * or not). */
	if (!g->n_sids)
		return st;
	tlbi = smmu->feat.s2p ? smmuv3_tlbi_vmid(smmu, g->tlb_tag) : smmuv3_tlbi_asid(smmu, g->tlb_tag);
	return st != SMMUV3_OK ? st : tlbi;
}

enum smmuv3_status smmuv3_gate_open(struct smmuv3 *smmu, struct smmuv3_gate *g)
{
	if (g->open)
		return SMMUV3_OK;
	g->open = true;
	return install_all(smmu, g);
}
