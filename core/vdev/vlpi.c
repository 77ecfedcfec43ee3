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

bool vlpi_enabled_prio(const struct vgicr_lpi *l, uint32_t vlpi, const struct vits_mem_ops *mem, void *ctx,
		       uint8_t *prio)
{
	unsigned bits = (unsigned)FIELD_GET(GICR_PROPBASER_IDBITS, l->propbaser) + 1;
	uint64_t table = l->propbaser & GICR_PROPBASER_PA;
	uint8_t byte;

	if (!l->id_bits || !l->enabled || vlpi < GIC_LPI_FIRST)
		return false;
	if (bits > l->id_bits)
		bits = l->id_bits;
	if (bits < VLPI_MIN_ID_BITS || (uint64_t)vlpi >= (UINT64_C(1) << bits))
		return false;
	if (!mem || !mem->read || !mem->read(ctx, table + (vlpi - GIC_LPI_FIRST), &byte, 1))
		return false;
	*prio = (uint8_t)(byte & LPI_PROP_PRIORITY);
	return (byte & LPI_PROP_ENABLE) != 0;
}
