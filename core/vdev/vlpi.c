/* LPI configuration of one virtual redistributor (vlpi.h). */
#include "core/vdev/vlpi.h"

#include <string.h>

bool vgicr_lpi_init(struct vgicr_lpi *l, unsigned id_bits)
{
	memset(l, 0, sizeof(*l));
	if (id_bits == 0)
		return true;
	if (id_bits < VLPI_MIN_ID_BITS || id_bits > VLPI_MAX_ID_BITS)
		return false;
	l->id_bits = id_bits;
	return true;
}

void vgicr_lpi_reset(struct vgicr_lpi *l)
{
	l->enabled = false;
	l->propbaser = 0;
	l->pendbaser = 0;
}

void vgicr_lpi_write_ctlr(struct vgicr_lpi *l, uint64_t v)
{
	if (l->id_bits && (v & GICR_CTLR_ENABLE_LPIS))
		l->enabled = true;
}

uint64_t vgicr_lpi_ctlr(const struct vgicr_lpi *l)
{
	return l->enabled ? GICR_CTLR_ENABLE_LPIS : 0;
}

void vgicr_lpi_write_propbaser(struct vgicr_lpi *l, uint64_t v)
{
	if (l->id_bits && !l->enabled)
		l->propbaser = v & GICR_PROPBASER_RW;
}

void vgicr_lpi_write_pendbaser(struct vgicr_lpi *l, uint64_t v)
{
	if (l->id_bits && !l->enabled)
		l->pendbaser = v & GICR_PENDBASER_RW; /* PTZ is a hint at enable time, never read back */
}

uint64_t vgicr_lpi_pendbaser(const struct vgicr_lpi *l)
{
	return l->pendbaser;
}

enum vlpi_config vlpi_config_of(const struct vgicr_lpi *l, uint32_t vlpi, const struct vits_mem_ops *mem, void *ctx,
				uint8_t *prio)
{
	unsigned bits = (unsigned)FIELD_GET(GICR_PROPBASER_IDBITS, l->propbaser) + 1;
	uint64_t table = l->propbaser & GICR_PROPBASER_PA;
	uint8_t byte;

	if (!l->id_bits || !l->enabled || vlpi < GIC_LPI_FIRST)
		return VLPI_UNDELIVERABLE;
	if (bits > l->id_bits)
		bits = l->id_bits;
	if (bits < VLPI_MIN_ID_BITS || (uint64_t)vlpi >= (UINT64_C(1) << bits))
		return VLPI_UNDELIVERABLE;
	if (!mem || !mem->read || !mem->read(ctx, table + (vlpi - GIC_LPI_FIRST), &byte, 1))
		return VLPI_UNDELIVERABLE;
	*prio = (uint8_t)(byte & LPI_PROP_PRIORITY);
	return (byte & LPI_PROP_ENABLE) ? VLPI_ENABLED : VLPI_DISABLED;
}

bool vlpi_enabled_prio(const struct vgicr_lpi *l, uint32_t vlpi, const struct vits_mem_ops *mem, void *ctx,
		       uint8_t *prio)
{
	return vlpi_config_of(l, vlpi, mem, ctx, prio) == VLPI_ENABLED;
}

void vlpi_pending_init(struct vlpi_pending *p)
{
	memset(p, 0, sizeof(*p));
}

static int pending_index(const struct vlpi_pending *p, uint32_t vlpi)
{
	for (unsigned i = 0; i < p->n; i++) {
		if (p->vlpi[i] == vlpi)
			return (int)i;
	}
	return -1;
}

static void pending_remove(struct vlpi_pending *p, unsigned i)
{
	p->vlpi[i] = p->vlpi[--p->n]; /* order does not matter: priority decides delivery */
}

bool vlpi_pending_arrive(struct vlpi_pending *p, const struct vgicr_lpi *l, uint32_t vlpi,
			 const struct vits_mem_ops *mem, void *ctx, uint8_t *prio)
{
	switch (vlpi_config_of(l, vlpi, mem, ctx, prio)) {
	case VLPI_ENABLED:
		return true;
	case VLPI_DISABLED:
		if (pending_index(p, vlpi) >= 0) /* pending already: one pending state per LPI */
			return false;
		if (p->n == VLPI_PENDING_MAX)
			p->dropped++;
		else
			p->vlpi[p->n++] = vlpi;
		return false;
	default:
		return false;
	}
}

unsigned vlpi_pending_recheck(struct vlpi_pending *p, const struct vgicr_lpi *l, uint32_t vlpi,
			      const struct vits_mem_ops *mem, void *ctx, uint32_t *ready, uint8_t *prio, unsigned max)
{
	unsigned out = 0;

	for (unsigned i = 0; i < p->n && out < max;) {
		uint8_t pr = 0;

		if ((vlpi == VLPI_ALL || p->vlpi[i] == vlpi) &&
		    vlpi_config_of(l, p->vlpi[i], mem, ctx, &pr) == VLPI_ENABLED) {
			ready[out] = p->vlpi[i];
			prio[out++] = pr;
			pending_remove(p, i);
			continue;
		}
		i++;
	}
	return out;
}

void vlpi_pending_move(struct vlpi_pending *from, struct vlpi_pending *to)
{
	for (unsigned i = 0; i < from->n; i++) {
		if (pending_index(to, from->vlpi[i]) >= 0)
			continue;
		if (to->n == VLPI_PENDING_MAX)
			to->dropped++;
		else
			to->vlpi[to->n++] = from->vlpi[i];
	}
	from->n = 0;
}

void vlpi_pending_clear(struct vlpi_pending *p, uint32_t vlpi)
{
	int i = pending_index(p, vlpi);

	if (i >= 0)
		pending_remove(p, (unsigned)i);
}
