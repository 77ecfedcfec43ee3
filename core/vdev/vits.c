/* The virtual ITS of one partition (vits.h): configuration, registers and the command queue.
 * The commands themselves are in vits_cmd.c. */
#include "core/vdev/vits.h"

#include <string.h>

#include "core/vdev/vgicd.h"
#include "core/vdev/vits_cmd.h"

#define QUEUE_PAGE 4096u

/* ---- configuration and tables ------------------------------------------------------ */

static unsigned bits_for(uint64_t count) /* smallest b >= 1 with count <= 2^b */
{
	unsigned b = 1;

	while (b < 32 && (UINT64_C(1) << b) < count)
		b++;
	return b;
}

static bool power_of_two(unsigned v)
{
	return v && !(v & (v - 1));
}

static uint64_t baser_reset(unsigned n)
{
	/* BASER0: Device table, BASER1: Collection table, the rest unimplemented (Type 0, RAZ/WI). */
	if (n == 0)
		return FIELD_PREP(GITS_BASER_TYPE, GITS_BASER_TYPE_DEVICE) |
		       FIELD_PREP(GITS_BASER_ENTRY_SIZE, VITS_TABLE_ENTRY_BYTES - 1);
	if (n == 1)
		return FIELD_PREP(GITS_BASER_TYPE, GITS_BASER_TYPE_COLLECTION) |
		       FIELD_PREP(GITS_BASER_ENTRY_SIZE, VITS_TABLE_ENTRY_BYTES - 1);
	return 0;
}

static void registers_reset(struct vits *its)
{
	its->enabled = false;
	its->cbaser = 0;
	its->cwriter = 0;
	its->creadr = 0;
	for (unsigned n = 0; n < GITS_BASER_COUNT; n++)
		its->baser[n] = baser_reset(n);
}

int vits_init(struct vits *its, const struct vits_config *cfg)
{
	uint32_t max_vdevid = 0;

	memset(its, 0, sizeof(*its));
	if (!cfg || cfg->n_devices > VITS_MAX_DEVICES || (cfg->n_devices && !cfg->devices) || cfg->n_vcpus == 0 ||
	    cfg->n_vcpus > VITS_MAX_VCPUS || cfg->lpi_id_bits < VLPI_MIN_ID_BITS ||
	    cfg->lpi_id_bits > VLPI_MAX_ID_BITS || cfg->max_events_per_device < 2 ||
	    !power_of_two(cfg->max_events_per_device) ||
	    (uint64_t)cfg->n_devices * cfg->max_events_per_device > VITS_MAX_ITES ||
	    (cfg->frame_ipa & (VITS_TRANSLATION_PAGE - 1)))
		return -1;
	for (unsigned i = 0; i < cfg->n_devices; i++) {
		for (unsigned j = 0; j < i; j++) {
			if (cfg->devices[j].vdevid == cfg->devices[i].vdevid ||
			    cfg->devices[j].pdevid == cfg->devices[i].pdevid)
				return -1;
		}
		its->dev_ids[i] = cfg->devices[i];
		if (cfg->devices[i].vdevid > max_vdevid)
			max_vdevid = cfg->devices[i].vdevid;
	}
	its->cfg = *cfg;
	its->cfg.devices = its->dev_ids;
	its->device_bits = bits_for((uint64_t)max_vdevid + 1);
	its->event_bits = cfg->lpi_id_bits; /* EventIDs as wide as INTIDs: MAPI can name every LPI */
	registers_reset(its);
	return 0;
}

static uint64_t queue_bytes(const struct vits *its)
{
	return (FIELD_GET(GITS_CBASER_SIZE, its->cbaser) + 1) * QUEUE_PAGE;
}

static bool queue_running(const struct vits *its)
{
	return its->enabled && (its->cbaser & GITS_CBASER_VALID) && its->cwriter < queue_bytes(its);
}

unsigned vits_pending(const struct vits *its)
{
	uint64_t q = queue_bytes(its);

	if (!queue_running(its))
		return 0;
	return (unsigned)(((its->cwriter + q - its->creadr) % q) / ITS_CMD_BYTES);
}

static void process(struct vits *its, const struct vits_mem_ops *mem, const struct vits_phys_ops *phys, void *ctx)
{
	uint64_t base = its->cbaser & GITS_CBASER_PA;
	unsigned n = 0;

	if (!queue_running(its))
		return;
	its->phys_calls = 0;
	for (; its->creadr != its->cwriter && n < VITS_CMDS_PER_EXIT && its->phys_calls < VITS_PHYS_PER_EXIT; n++) {
		uint64_t raw[ITS_CMD_WORDS];
		struct its_cmd c;
		struct vits_exec x = { .its = its, .c = &c, .mem = mem, .phys = phys, .ctx = ctx };
		uint64_t at = its->creadr;

		its->creadr = (its->creadr + ITS_CMD_BYTES) % queue_bytes(its);
		its->stats.commands++;
		/* Little-endian commands, read as such: bulkhead runs little-endian. */
		if (!mem->read(ctx, base + at, raw, sizeof(raw))) {
			vits_refuse(its, VITS_REFUSE_QUEUE_UNREADABLE, NULL, base + at);
			continue;
		}
		if (!its_cmd_decode(raw, &c)) {
			vits_refuse(its, VITS_REFUSE_UNKNOWN_COMMAND, &c, c.op);
			continue;
		}
		vits_execute(&x);
	}
	if (its->creadr != its->cwriter)
		its->stats.deferred++;
}

/* ---- registers --------------------------------------------------------------------- */

uint64_t vits_typer(const struct vits *its)
{
	return GITS_TYPER_PHYSICAL | FIELD_PREP(GITS_TYPER_ITT_ENTRY_SIZE, VITS_ITT_ENTRY_BYTES - 1) |
	       FIELD_PREP(GITS_TYPER_ID_BITS, its->event_bits - 1) |
	       FIELD_PREP(GITS_TYPER_DEVBITS, its->device_bits - 1);
}

static uint64_t baser_write(unsigned n, uint64_t old, uint64_t v)
{
	const uint64_t rw = GITS_BASER_VALID | GITS_BASER_INNER_CACHE | GITS_BASER_OUTER_CACHE | GITS_BASER_PA |
			    GITS_BASER_SHAREABILITY | GITS_BASER_PAGE_SIZE | GITS_BASER_SIZE;

	if (FIELD_GET(GITS_BASER_TYPE, old) == GITS_BASER_TYPE_NONE)
		return 0;
	/* Type and Entry_Size are read-only; Indirect RAZ/WI (flat tables only). */
	return baser_reset(n) | (v & rw);
}

enum reg64 { R64_NONE, R64_TYPER, R64_CBASER, R64_CWRITER, R64_CREADR, R64_BASER };

static enum reg64 reg64_at(uint64_t off)
{
	if (off == GITS_TYPER)
		return R64_TYPER;
	if (off == GITS_CBASER)
		return R64_CBASER;
	if (off == GITS_CWRITER)
		return R64_CWRITER;
	if (off == GITS_CREADR)
		return R64_CREADR;
	if (off >= GITS_BASER(0) && off < GITS_BASER(GITS_BASER_COUNT))
		return R64_BASER;
	return R64_NONE;
}

/* A 64-bit register: *reg updated by a write of size bytes at byte offset half (0 or 4). */
static uint64_t merge(uint64_t reg, uint64_t v, unsigned size, unsigned half)
{
	if (size == 8)
		return v;
	return (reg & ~(UINT64_C(0xffffffff) << (8 * half))) | ((v & 0xffffffffu) << (8 * half));
}

static void write64(struct vits *its, enum reg64 r, uint64_t off, uint64_t v)
{
	unsigned n;

	switch (r) {
	case R64_CBASER:
		/* Ignored while the ITS is enabled; a successful write rewinds CREADR. */
		if (!its->enabled) {
			its->cbaser = v & (GITS_CBASER_VALID | GITS_CBASER_INNER_CACHE | GITS_CBASER_OUTER_CACHE |
					   GITS_CBASER_PA | GITS_CBASER_SHAREABILITY | GITS_CBASER_SIZE);
			its->creadr = 0;
		}
		break;
	case R64_CWRITER:
		v &= GITS_CQUEUE_OFFSET; /* Retry: nothing ever stalls */
		if ((its->cbaser & GITS_CBASER_VALID) && v >= queue_bytes(its)) {
			vits_refuse(its, VITS_REFUSE_CWRITER_RANGE, NULL, v);
			break;
		}
		its->cwriter = v;
		break;
	case R64_BASER:
		n = (unsigned)((off - GITS_BASER(0)) / 8);
		if (!its->enabled)
			its->baser[n] = baser_write(n, its->baser[n], v);
		break;
	default: /* TYPER, CREADR: read-only */
		break;
	}
}

static uint64_t read64(const struct vits *its, enum reg64 r, uint64_t off)
{
	switch (r) {
	case R64_TYPER:
		return vits_typer(its);
	case R64_CBASER:
		return its->cbaser;
	case R64_CWRITER:
		return its->cwriter;
	case R64_CREADR:
		return its->creadr;
	case R64_BASER:
		return its->baser[(off - GITS_BASER(0)) / 8];
	default:
		return 0;
	}
}

static enum vdev_outcome translation_page(struct vits *its, uint64_t offset, bool is_write, unsigned size,
					  uint64_t *value)
{
	if (offset == GITS_TRANSLATER) {
		if (size != 2 && size != 4)
			return VDEV_FAULT;
		if (is_write)
			vits_refuse(its, VITS_REFUSE_TRANSLATER_CPU_WRITE, NULL, *value);
		else
			*value = 0; /* write-only */
		return VDEV_HANDLED;
	}
	its->stats.reserved++;
	if (!is_write)
		*value = 0;
	return VDEV_HANDLED;
}

enum vdev_outcome vits_mmio(struct vits *its, uint64_t offset, bool is_write, unsigned size, uint64_t *value,
			    const struct vits_mem_ops *mem, const struct vits_phys_ops *phys, void *ctx)
{
	enum reg64 r;
	uint64_t v = 0;

	if (offset >= VITS_FRAME_SIZE)
		return VDEV_NOT_MINE;
	if (size == 0 || size > 8 || (offset & (size - 1)))
		return VDEV_FAULT;
	if (offset >= VITS_TRANSLATION_PAGE)
		return translation_page(its, offset, is_write, size, value);
	r = reg64_at(offset & ~UINT64_C(7));
	if (r != R64_NONE) {
		unsigned half = (unsigned)(offset & 4);
		uint64_t reg_off = offset & ~UINT64_C(7);

		if (size != 4 && size != 8)
			return VDEV_FAULT;
		if (is_write) {
			write64(its, r, reg_off, merge(read64(its, r, reg_off), *value, size, half));
			if (r == R64_CWRITER)
				process(its, mem, phys, ctx);
			return VDEV_HANDLED;
		}
		if (r == R64_CREADR)
			process(its, mem, phys, ctx); /* a poll moves the queue on */
		v = read64(its, r, reg_off);
		*value = size == 8 ? v : (v >> (8 * half)) & 0xffffffffu;
		return VDEV_HANDLED;
	}
	switch (offset) {
	case GITS_CTLR:
		if (size != 4)
			return VDEV_FAULT;
		if (is_write) {
			its->enabled = (*value & GITS_CTLR_ENABLED) != 0;
			process(its, mem, phys, ctx);
		} else {
			*value = its->enabled ? GITS_CTLR_ENABLED : GITS_CTLR_QUIESCENT;
		}
		return VDEV_HANDLED;
	case GITS_IIDR:
	case GITS_PIDR2:
		if (size != 4)
			return VDEV_FAULT;
		v = offset == GITS_IIDR ? VGIC_IIDR : FIELD_PREP(GITS_PIDR2_ARCHREV, 3);
		break;
	default: /* the other ID registers read 0; the rest is reserved: RAZ/WI */
		if (offset < GITS_IDREGS)
			its->stats.reserved++;
		break;
	}
	if (!is_write)
		*value = v;
	return VDEV_HANDLED;
}

/* ---- reset -------------------------------------------------------------------------- */

void vits_reset(struct vits *its, const struct vits_phys_ops *phys, void *ctx)
{
	its->n_log = 0; /* what follows may report physical failures */
	memset(&its->stats, 0, sizeof(its->stats));
	vits_forget_all(its, phys, ctx);
	registers_reset(its);
}
