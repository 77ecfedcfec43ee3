#include "arch/arm64/irq/irq.h"

#include <stdlib.h>

#include "arch/arm64/irq/gic.h"
#include "core/base/log.h"

#define MAX_INTID 1020

struct irq_slot {
	irq_handler_fn fn;
	void *ctx;
	bool guest_completes;
};

/* One per INTID below n_slots (the INTIDs the GIC implements), from the heap (irq_slots_init). */
static struct irq_slot *slots;
static uint32_t n_slots;
static struct irq_slot lpi_slot; /* every LPI (INTID 8192 and up) */

/* LPIs: 8192 up to the 24-bit INTID limit (1020-1023 are special, 1024-8191 reserved). */
static bool is_lpi(uint32_t intid)
{
	return intid >= 8192 && intid < (UINT32_C(1) << 24);
}

void irq_register_lpi(irq_handler_fn fn, void *ctx)
{
	lpi_slot = (struct irq_slot){ fn, ctx, false };
}

bool irq_slots_init(uint32_t n_intids)
{
	if (n_intids > MAX_INTID)
		n_intids = MAX_INTID;
	if (!n_intids)
		return true;
	slots = calloc(n_intids, sizeof(*slots));
	if (!slots)
		return false;
	n_slots = n_intids;
	return true;
}

bool irq_register(uint32_t intid, irq_handler_fn fn, void *ctx, bool guest_completes)
{
	if (intid >= n_slots || slots[intid].fn)
		return false;
	slots[intid] = (struct irq_slot){ fn, ctx, guest_completes };
	return true;
}

uint32_t irq_ack(void)
{
	return gic_ack();
}

void irq_dispatch(uint32_t intid, struct trap_frame *f)
{
	struct irq_slot *s;

	if (is_lpi(intid)) {
		/* An LPI has no active state: the priority drop completes it. */
		gic_eoi(intid);
		if (lpi_slot.fn)
			lpi_slot.fn(intid, lpi_slot.ctx, f);
		return;
	}
	if (intid >= n_slots)
		return; /* spurious (or beyond the GIC's INTIDs) */
	s = &slots[intid];
	gic_eoi(intid);
	if (!s->guest_completes)
		gic_deactivate(intid);
	if (s->fn)
		s->fn(intid, s->ctx, f);
	else
		log_printf("irq: unexpected interrupt %u\n", intid);
}

bool irq_handle_one(struct trap_frame *f)
{
	uint32_t intid = irq_ack();

	irq_dispatch(intid, f);
	return intid < MAX_INTID || is_lpi(intid);
}
