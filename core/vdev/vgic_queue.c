#include "core/vdev/vgic_queue.h"

#include <string.h>

#include "core/hw/gic_lr.h"

#define ENT_BIT(i) (UINT64_C(1) << (i))
#define LR_BIT(n) (UINT32_C(1) << (n))

/* Index of the lowest set bit of a non-zero mask. */
static inline unsigned low_bit(uint64_t m)
{
	return (unsigned)__builtin_ctzll(m);
}

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
	for (uint64_t m = q->used; m; m &= m - 1) {
		unsigned i = low_bit(m);

		if (q->ent[i].intid == intid)
			return (int)i;
	}
	return -1;
}

static int find_or_alloc(struct vgic_queue *q, uint32_t intid)
{
	int i = find(q, intid);
	unsigned f;

	if (i >= 0)
		return i;
	if (!~q->used)
		return -1;
	f = low_bit(~q->used);
	q->ent[f] = (struct vgic_qent){ .intid = intid, .lr = -1 };
	q->used |= ENT_BIT(f);
	q->pending &= ~ENT_BIT(f);
	q->cancel &= ~ENT_BIT(f);
	q->level_high &= ~ENT_BIT(f);
	return (int)f;
}

/* An entry with nothing left to deliver and nothing in an LR is forgotten. */
static void maybe_free(struct vgic_queue *q, unsigned i)
{
	if (!((q->pending | q->in_lr | q->level_high) & ENT_BIT(i)))
		q->used &= ~ENT_BIT(i);
}

/* A change to an entry an LR holds: that LR must be looked at by the next fill. */
static void touched(struct vgic_queue *q, unsigned i)
{
	if (q->ent[i].lr >= 0)
		q->dirty_lrs |= LR_BIT(q->ent[i].lr);
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
	q->pending |= ENT_BIT(i);
	q->cancel &= ~ENT_BIT(i);
	touched(q, (unsigned)i);
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
	q->level_high = level ? q->level_high | ENT_BIT(i) : q->level_high & ~ENT_BIT(i);
	/* In an LR as active, the line is sampled again when the guest completes it. */
	if (level && e->lr < 0)
		q->pending |= ENT_BIT(i);
	else
		q->pending &= ~ENT_BIT(i);
	touched(q, (unsigned)i);
	maybe_free(q, (unsigned)i);
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
	q->pending &= ~ENT_BIT(i);
	if (e->lr >= 0)
		q->cancel |= ENT_BIT(i);
	else
		q->cancel &= ~ENT_BIT(i);
	touched(q, (unsigned)i);
	maybe_free(q, (unsigned)i);
}

unsigned vgic_queue_move_waiting(struct vgic_queue *from, struct vgic_queue *to, uint32_t first)
{
	unsigned moved = 0;

	for (uint64_t m = from->used & from->pending & ~from->in_lr; m; m &= m - 1) {
		unsigned i = low_bit(m);
		const struct vgic_qent *e = &from->ent[i];

		if (e->intid < first || e->hw || e->level || !vgic_queue_inject(to, e->intid, false, 0, e->prio))
			continue;
		from->pending &= ~ENT_BIT(i);
		maybe_free(from, i);
		moved++;
	}
	return moved;
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

static uint64_t waiting_mask(const struct vgic_queue *q)
{
	return q->used & q->pending & ~q->in_lr;
}

uint32_t vgic_queue_lrs_to_read(const struct vgic_queue *q, unsigned n_lrs, uint32_t empty)
{
	uint32_t busy = q->live & ~empty &
			(uint32_t)((UINT64_C(1) << (n_lrs > VGIC_MAX_LRS ? VGIC_MAX_LRS : n_lrs)) - 1);

	if (!busy || waiting_mask(q) || (q->level_high & ~q->in_lr))
		return busy;
	return busy & (q->dirty_lrs | q->eoi_lrs);
}

/* LR n no longer holds entry i. */
static void release(struct vgic_queue *q, unsigned n, unsigned i)
{
	q->ent[i].lr = -1;
	q->in_lr &= ~ENT_BIT(i);
	q->lr_owner[n] = -1;
	q->live &= ~LR_BIT(n);
	q->eoi_lrs &= ~LR_BIT(n);
}

/* Step 1 for one LR the queue filled, whose current value is v: what the guest did with it.
 * Returns true when the LR is free; *out: what it must hold if it stays taken. */
static bool fold_one(struct vgic_queue *q, unsigned n, uint64_t v, bool others_wait, uint64_t *out)
{
	unsigned i = (unsigned)q->lr_owner[n];
	struct vgic_qent *e = &q->ent[i];
	uint64_t bit = ENT_BIT(i);
	bool cancelled = q->cancel & bit;

	*out = v;
	if (!(q->used & bit) || e->lr != (int)n || e->intid != (uint32_t)FIELD_GET(ICH_LR_VINTID, v)) {
		/* Someone else rewrote this LR: ours is lost; deliver it again if it can be. */
		if ((q->used & bit) && e->lr == (int)n) {
			release(q, n, i);
			if (!e->hw)
				q->pending |= bit;
		} else {
			q->lr_owner[n] = -1;
			q->live &= ~LR_BIT(n);
			q->eoi_lrs &= ~LR_BIT(n);
		}
		return FIELD_GET(ICH_LR_STATE, v) == GIC_LR_INVALID;
	}

	switch ((enum gic_lr_state)FIELD_GET(ICH_LR_STATE, v)) {
	case GIC_LR_INVALID: /* completed: the guest deactivated it */
		release(q, n, i);
		if (e->level && e->line) {
			q->pending |= bit;
			q->stats.reinjected++;
		}
		return true;
	case GIC_LR_PENDING: /* not taken yet */
		if (e->level ? !e->line : cancelled) {
			release(q, n, i); /* withdrawn or retracted: dropped */
			q->pending &= ~bit;
			return true;
		}
		if (others_wait) { /* back into the queue, to compete again */
			release(q, n, i);
			q->pending |= bit;
			return true;
		}
		q->pending &= ~bit; /* a second edge merges with the pending one */
		return false;
	case GIC_LR_ACTIVE:
	case GIC_LR_PENDING_ACTIVE:
		/* The guest is handling it: it stays. An emulated edge that fired again is added as
		 * the pending half of the same LR; a level interrupt keeps only its active state (the
		 * EOI maintenance interrupt resamples the line). */
		if (e->hw)
			return false;
		if (e->level) {
			*out = lr_value(e, GIC_LR_ACTIVE);
		} else {
			bool pend = (q->pending & bit) ||
				    (FIELD_GET(ICH_LR_STATE, v) == GIC_LR_PENDING_ACTIVE && !cancelled);

			*out = lr_value(e, pend ? GIC_LR_PENDING_ACTIVE : GIC_LR_ACTIVE);
		}
		q->pending &= ~bit;
		return false;
	}
	return false;
}

/* The waiting interrupt to deliver first: lowest priority value, then lowest INTID. */
static int best_waiting(const struct vgic_queue *q, uint64_t waiting)
{
	int best = -1;

	if (!(waiting & (waiting - 1)))
		return (int)low_bit(waiting); /* the usual case: one */
	for (uint64_t m = waiting; m; m &= m - 1) {
		unsigned i = low_bit(m);
		const struct vgic_qent *e = &q->ent[i];

		if (best < 0 || e->prio < q->ent[best].prio ||
		    (e->prio == q->ent[best].prio && e->intid < q->ent[best].intid))
			best = (int)i;
	}
	return best;
}

uint32_t vgic_queue_fill_lrs(struct vgic_queue *q, unsigned n_lrs, uint32_t empty, uint32_t known, uint64_t *lrs,
			     bool *need_maintenance)
{
	uint32_t all, scan, free_lrs, placed, changed = 0;
	uint64_t waiting;
	bool others_wait;

	if (n_lrs > VGIC_MAX_LRS)
		n_lrs = VGIC_MAX_LRS;
	all = (uint32_t)((UINT64_C(1) << n_lrs) - 1);
	empty &= all;
	known &= all;
	/* A level interrupt whose line is high and that no LR holds is pending. */
	q->pending |= q->level_high & ~q->in_lr;
	others_wait = waiting_mask(q) != 0;

	/* Step 1: the LRs the guest may have changed and that the queue can tell about: every one it
	 * was given, and the live ones ELRSR reports empty (their State is now invalid). LRs neither
	 * live nor given that ELRSR reports empty are free and hold 0: the queue wrote that last. */
	scan = (known | (q->live & empty)) & all;
	free_lrs = ~q->live & empty & ~known & all;
	for (uint32_t m = scan; m; m &= m - 1) {
		unsigned n = low_bit(m);
		uint64_t v = (known & LR_BIT(n)) ? lrs[n] : (q->shadow[n] & ~ICH_LR_STATE);

		q->shadow[n] = v; /* what the LR holds now */
		if (q->live & LR_BIT(n)) {
			if (fold_one(q, n, v, others_wait, &lrs[n]))
				free_lrs |= LR_BIT(n);
		} else {
			lrs[n] = v;
			if (FIELD_GET(ICH_LR_STATE, v) == GIC_LR_INVALID)
				free_lrs |= LR_BIT(n); /* a valid LR the queue did not fill belongs to the arch */
		}
	}
	q->cancel = 0;

	/* Step 3: the free LRs to the waiting interrupts, in priority order; the free LRs looked at
	 * and left without one are cleared. */
	waiting = waiting_mask(q);
	placed = 0;
	for (uint32_t m = free_lrs; m && waiting; m &= m - 1) {
		unsigned n = low_bit(m);
		unsigned i = (unsigned)best_waiting(q, waiting);

		lrs[n] = lr_value(&q->ent[i], GIC_LR_PENDING);
		q->ent[i].lr = (int8_t)n;
		q->in_lr |= ENT_BIT(i);
		q->pending &= ~ENT_BIT(i);
		q->lr_owner[n] = (int8_t)i;
		q->live |= LR_BIT(n);
		if (q->ent[i].level && !q->ent[i].hw)
			q->eoi_lrs |= LR_BIT(n);
		waiting &= ~ENT_BIT(i);
		placed |= LR_BIT(n);
	}
	for (uint32_t m = free_lrs & scan & ~placed; m; m &= m - 1)
		lrs[low_bit(m)] = 0; /* also clears a completed LR's EOI bit, which keeps MISR.EOI set */

	/* Bookkeeping: entries with nothing left are forgotten. */
	q->used &= q->pending | q->in_lr | q->level_high;
	q->dirty_lrs = 0;
	for (uint32_t m = scan | placed; m; m &= m - 1) {
		unsigned n = low_bit(m);

		if (lrs[n] != q->shadow[n]) {
			changed |= LR_BIT(n);
			q->shadow[n] = lrs[n];
		}
	}

	/* Step 4: overflow. */
	if (waiting_mask(q)) {
		q->stats.overflows++;
		*need_maintenance = n_lrs >= 2;
	} else {
		*need_maintenance = false;
	}
	return changed;
}

uint32_t vgic_queue_fill(struct vgic_queue *q, const uint64_t *lrs_in, unsigned n_lrs, uint64_t *lrs_out,
			 bool *need_maintenance)
{
	uint32_t empty = 0;

	if (n_lrs > VGIC_MAX_LRS)
		n_lrs = VGIC_MAX_LRS;
	for (unsigned n = 0; n < n_lrs; n++) {
		lrs_out[n] = lrs_in[n];
		if (FIELD_GET(ICH_LR_STATE, lrs_in[n]) == GIC_LR_INVALID)
			empty |= LR_BIT(n);
	}
	return vgic_queue_fill_lrs(q, n_lrs, empty, (uint32_t)((UINT64_C(1) << n_lrs) - 1), lrs_out, need_maintenance);
}

unsigned vgic_queue_waiting(const struct vgic_queue *q)
{
	unsigned n = 0;

	for (uint64_t m = waiting_mask(q); m; m &= m - 1)
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
