#include "core/vdev/vgic_queue.h"

#include <string.h>

#include "core/hw/gic_lr.h"

void vgic_queue_init(struct vgic_queue *q)
{
	memset(q, 0, sizeof(*q));
	for (unsigned i = 0; i < VGIC_QUEUE_MAX; i++)
		q->ent[i].lr = -1;
	for (unsigned i = 0; i < VGIC_MAX_LRS; i++)
		q->lr_owner[i] = -1;
}

static int find(const struct vgic_queue *q, uint32_t intid)
{
	for (int i = 0; i < VGIC_QUEUE_MAX; i++)
		if (q->ent[i].used && q->ent[i].intid == intid)
			return i;
	return -1;
}

static int find_or_alloc(struct vgic_queue *q, uint32_t intid)
{
	int i = find(q, intid);

	if (i >= 0)
		return i;
	for (i = 0; i < VGIC_QUEUE_MAX; i++) {
		if (!q->ent[i].used) {
			q->ent[i] = (struct vgic_qent){ .intid = intid, .lr = -1, .used = true };
			return i;
		}
	}
	return -1;
}

/* An entry with nothing left to deliver and nothing in an LR is forgotten. */
static void maybe_free(struct vgic_qent *e)
{
	if (e->used && !e->pending && e->lr < 0 && !(e->level && e->line))
		e->used = false;
}

const struct vgic_qent *vgic_queue_find(const struct vgic_queue *q, uint32_t intid)
{
	int i = find(q, intid);

	return i < 0 ? NULL : &q->ent[i];
}

static bool special(uint32_t intid)
{
	return intid >= GIC_INTID_SPECIAL_FIRST && intid < 1024;
}

bool vgic_queue_inject(struct vgic_queue *q, uint32_t intid, bool hw, uint32_t pintid, uint8_t prio)
{
	int i = special(intid) ? -1 : find_or_alloc(q, intid);
	struct vgic_qent *e;

	if (i < 0) {
		q->stats.dropped++;
		return false;
	}
	e = &q->ent[i];
	e->hw = hw;
	e->pintid = hw ? pintid : 0;
	e->prio = prio;
	e->pending = true;
	e->cancel = false;
	return true;
}

bool vgic_queue_set_level(struct vgic_queue *q, uint32_t intid, uint8_t prio, bool level)
{
	int i = find(q, intid);
	struct vgic_qent *e;

	if (i < 0 && !level)
		return true;
	if (i < 0)
		i = special(intid) ? -1 : find_or_alloc(q, intid);
	if (i < 0) {
		q->stats.dropped++;
		return false;
	}
	e = &q->ent[i];
	e->level = true;
	e->hw = false;
	e->pintid = 0;
	e->line = level;
	e->prio = prio;
	/* In an LR as active, the line is sampled again when the guest completes it. */
	e->pending = level && e->lr < 0;
	maybe_free(e);
	return true;
}

void vgic_queue_retract(struct vgic_queue *q, uint32_t intid)
{
	int i = find(q, intid);
	struct vgic_qent *e;

	if (i < 0)
		return;
	e = &q->ent[i];
	if (e->level || e->hw)
		return;
	e->pending = false;
	e->cancel = e->lr >= 0;
	maybe_free(e);
}

static uint64_t lr_value(const struct vgic_qent *e, enum gic_lr_state state)
{
	struct gic_lr lr = {
		.state = state,
		.hw = e->hw,
		.group1 = true,
		.eoi = e->level && !e->hw,
		.priority = e->prio,
		.vintid = e->intid,
		.pintid = e->pintid,
	};

	return gic_lr_encode(&lr);
}

/* Step 1: what the guest did with each LR since the last fill. Returns the free LRs. */
static uint32_t fold(struct vgic_queue *q, const uint64_t *lrs_in, unsigned n_lrs, uint64_t *lrs_out)
{
	uint32_t free_lrs = 0;

	for (unsigned n = 0; n < n_lrs; n++) {
		struct gic_lr lr = gic_lr_decode(lrs_in[n]);
		int owner = q->lr_owner[n];
		struct vgic_qent *e = owner >= 0 ? &q->ent[owner] : NULL;

		lrs_out[n] = lrs_in[n];
		if (e && (!e->used || e->lr != (int)n || e->intid != lr.vintid)) {
			/* Someone else rewrote this LR: ours is lost; deliver it again if it can be. */
			if (e->used && e->lr == (int)n) {
				e->lr = -1;
				e->pending = e->pending || !e->hw;
			}
			q->lr_owner[n] = -1;
			e = NULL;
		}
		if (!e) {
			if (lr.state == GIC_LR_INVALID)
				free_lrs |= UINT32_C(1) << n;
			continue; /* a valid LR we did not fill belongs to the arch */
		}

		switch (lr.state) {
		case GIC_LR_INVALID: /* completed: the guest deactivated it */
			e->lr = -1;
			q->lr_owner[n] = -1;
			free_lrs |= UINT32_C(1) << n;
			if (e->level && e->line) {
				e->pending = true;
				q->stats.reinjected++;
			}
			break;
		case GIC_LR_PENDING: /* not taken yet: back into the queue, to compete again */
			e->lr = -1;
			q->lr_owner[n] = -1;
			free_lrs |= UINT32_C(1) << n;
			if (e->level)
				e->pending = e->line;
			else
				e->pending = e->pending || !e->cancel;
			break;
		case GIC_LR_ACTIVE:
		case GIC_LR_PENDING_ACTIVE:
			/* The guest is handling it: it stays. An emulated edge that fired again is
			 * added as the pending half of the same LR; a level interrupt keeps only its
			 * active state (the EOI maintenance interrupt resamples the line). */
			if (e->hw)
				break;
			if (e->level) {
				e->pending = false;
				lrs_out[n] = lr_value(e, GIC_LR_ACTIVE);
			} else {
				bool pend = e->pending || (lr.state == GIC_LR_PENDING_ACTIVE && !e->cancel);

				e->pending = false;
				lrs_out[n] = lr_value(e, pend ? GIC_LR_PENDING_ACTIVE : GIC_LR_ACTIVE);
			}
			break;
		}
	}
	for (unsigned i = 0; i < VGIC_QUEUE_MAX; i++) {
		struct vgic_qent *e = &q->ent[i];

		e->cancel = false;
		if (e->used && e->level && e->line && e->lr < 0)
			e->pending = true;
	}
	return free_lrs;
}

/* The waiting interrupt to deliver first: lowest priority value, then lowest INTID. */
static int best_waiting(const struct vgic_queue *q)
{
	int best = -1;

	for (int i = 0; i < VGIC_QUEUE_MAX; i++) {
		const struct vgic_qent *e = &q->ent[i];

		if (!e->used || !e->pending || e->lr >= 0)
			continue;
		if (best < 0 || e->prio < q->ent[best].prio ||
		    (e->prio == q->ent[best].prio && e->intid < q->ent[best].intid))
			best = i;
	}
	return best;
}

uint32_t vgic_queue_fill(struct vgic_queue *q, const uint64_t *lrs_in, unsigned n_lrs, uint64_t *lrs_out,
			 bool *need_maintenance)
{
	uint32_t free_lrs, changed = 0;
	unsigned waiting;

	if (n_lrs > VGIC_MAX_LRS)
		n_lrs = VGIC_MAX_LRS;
	free_lrs = fold(q, lrs_in, n_lrs, lrs_out);

	for (unsigned n = 0; n < n_lrs; n++) {
		int i;

		if (!(free_lrs & (UINT32_C(1) << n)))
			continue;
		i = best_waiting(q);
		if (i < 0) {
			lrs_out[n] = 0; /* also clears a completed LR's EOI bit, which keeps MISR.EOI set */
			continue;
		}
		lrs_out[n] = lr_value(&q->ent[i], GIC_LR_PENDING);
		q->ent[i].lr = (int8_t)n;
		q->ent[i].pending = false;
		q->lr_owner[n] = (int8_t)i;
	}

	for (unsigned i = 0; i < VGIC_QUEUE_MAX; i++)
		maybe_free(&q->ent[i]);
	waiting = vgic_queue_waiting(q);
	if (waiting)
		q->stats.overflows++;
	*need_maintenance = waiting > 0 && n_lrs >= 2;

	for (unsigned n = 0; n < n_lrs; n++)
		if (lrs_out[n] != lrs_in[n])
			changed |= UINT32_C(1) << n;
	return changed;
}

unsigned vgic_queue_waiting(const struct vgic_queue *q)
{
	unsigned n = 0;

	for (unsigned i = 0; i < VGIC_QUEUE_MAX; i++)
		if (q->ent[i].used && q->ent[i].pending && q->ent[i].lr < 0)
			n++;
	return n;
}

uint32_t vgic_sgi_targets(uint64_t v, unsigned n_vcpus, unsigned sender)
{
	uint32_t all, mask = 0;
	uint64_t list;
	unsigned base;

	if (n_vcpus == 0)
		return 0;
	all = n_vcpus >= 32 ? 0xffffffffu : (UINT32_C(1) << n_vcpus) - 1;
	if (v & ICC_SGI1R_IRM)
		return sender < 32 ? all & ~(UINT32_C(1) << sender) : all;
	if (FIELD_GET(ICC_SGI1R_AFF1, v) || FIELD_GET(ICC_SGI1R_AFF2, v) || FIELD_GET(ICC_SGI1R_AFF3, v))
		return 0;
	list = FIELD_GET(ICC_SGI1R_TARGETS, v);
	base = 16 * (unsigned)FIELD_GET(ICC_SGI1R_RS, v);
	for (unsigned bit = 0; bit < 16; bit++)
		if ((list >> bit) & 1 && base + bit < n_vcpus && base + bit < 32)
			mask |= UINT32_C(1) << (base + bit);
	return mask;
}
