/* The PL061 GPIO model (vpl061.h). */
#include "core/vdev/vpl061.h"

#include <string.h>

#define DEVICE "virtual PL061 GPIO"

/* PeriphID0-3 then PCellID0-3, one byte in the low bits of each word from 0xfe0. */
static const uint8_t id_bytes[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vpl061_reset(struct vpl061 *g)
{
	memset(g, 0, sizeof(*g));
}

/* The level of every line: an output's latch, an input's idle low. */
static uint8_t levels(const struct vpl061 *g)
{
	return g->data & g->dir;
}

/* Latch the edges the lines made going from `before` to `after`, on edge-sensitive lines. */
static void detect(struct vpl061 *g, uint8_t before, uint8_t after)
{
	uint8_t rose = (uint8_t)(~before & after), fell = (uint8_t)(before & ~after);
	uint8_t hit = (uint8_t)((rose & (g->ibe | g->iev)) | (fell & (g->ibe | (uint8_t)~g->iev)));

	g->edge |= (uint8_t)(hit & ~g->is);
}

uint8_t vpl061_ris(const struct vpl061 *g)
{
	/* A level-sensitive line is asserted while its level equals its GPIOIEV bit. */
	uint8_t level_hit = (uint8_t)(g->is & ~(levels(g) ^ g->iev));

	return (uint8_t)((g->edge & ~g->is) | level_hit);
}

uint8_t vpl061_mis(const struct vpl061 *g)
{
	return vpl061_ris(g) & g->ie;
}

bool vpl061_irq_level(const struct vpl061 *g)
{
	return vpl061_mis(g) != 0;
}

void vpl061_pulse(struct vpl061 *g, unsigned line)
{
	uint8_t before = levels(g), bit;

	if (line >= VPL061_LINES || (g->dir & (1u << line)))
		return;
	bit = (uint8_t)(1u << line);
	detect(g, before, before | bit);
	detect(g, before | bit, before);
}

/* The 8-bit register at word offset `reg`, as a read returns it. */
static uint8_t reg_read(const struct vpl061 *g, uint64_t reg)
{
	if (reg <= GPIODATA_END) /* masked by address bits 9:2 */
		return (uint8_t)(levels(g) & FIELD_GET(GPIODATA_ADDR_MASK, reg));
	if (reg >= GPIOPERIPHID0)
		return id_bytes[(reg - GPIOPERIPHID0) / 4];
	switch (reg) {
	case GPIODIR:
		return g->dir;
	case GPIOIS:
		return g->is;
	case GPIOIBE:
		return g->ibe;
	case GPIOIEV:
		return g->iev;
	case GPIOIE:
		return g->ie;
	case GPIORIS:
		return vpl061_ris(g);
	case GPIOMIS:
		return vpl061_mis(g);
	case GPIOAFSEL:
		return g->afsel;
	default:
		return 0; /* GPIOIC is write-only; reserved offsets read as zero */
	}
}

static void reg_write(struct vpl061 *g, uint64_t reg, uint8_t v)
{
	uint8_t before = levels(g);

	if (reg <= GPIODATA_END) {
		uint8_t mask = (uint8_t)FIELD_GET(GPIODATA_ADDR_MASK, reg);

		g->data = (uint8_t)((g->data & ~mask) | (v & mask));
	} else if (reg == GPIODIR) {
		g->dir = v;
	} else if (reg == GPIOIS) {
		g->is = v;
	} else if (reg == GPIOIBE) {
		g->ibe = v;
	} else if (reg == GPIOIEV) {
		g->iev = v;
	} else if (reg == GPIOIE) {
		g->ie = v;
	} else if (reg == GPIOIC) {
		g->edge &= (uint8_t)~v;
	} else if (reg == GPIOAFSEL) {
		g->afsel = v;
	}
	detect(g, before, levels(g)); /* an output driven to a new level is an edge too */
}

enum vdev_outcome vpl061_mmio(struct vpl061 *g, uint64_t base, struct vdev_access *a)
{
	uint64_t off = a->ipa - base, reg = off & ~UINT64_C(3);
	unsigned shift = (unsigned)(off & 3) * 8;

	if (!vdev_in_window(a, base, VPL061_FRAME_SIZE))
		return VDEV_NOT_MINE;
	if (a->kind != VDEV_LOAD_STORE)
		return vdev_not_load_store(a, DEVICE);
	if ((a->size != 1 && a->size != 2 && a->size != 4) || (off & (a->size - 1)))
		return vdev_refuse(a, DEVICE);
	if (a->write) {
		if (shift == 0)
			reg_write(g, reg, (uint8_t)a->val);
		return VDEV_HANDLED;
	}
	a->val = shift == 0 ? reg_read(g, reg) : 0;
	return VDEV_HANDLED;
}
