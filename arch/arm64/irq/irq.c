#include "arch/arm64/irq/irq.h"

#include "arch/arm64/irq/gic.h"
#include "core/base/log.h"

#define MAX_INTID 1020

struct irq_slot {
	irq_handler_fn fn;
	void *ctx;
	bool guest_completes;
};

static struct irq_slot slots[MAX_INTID];

bool irq_register(uint32_t intid, irq_handler_fn fn, void *ctx, bool guest_completes)
{
	if (intid >= MAX_INTID || slots[intid].fn)
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

	if (intid >= MAX_INTID)
		return; /* spurious */
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
	return intid < MAX_INTID;
}
