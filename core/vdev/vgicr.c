#include "core/vdev/vgicr.h"

#include <string.h>

#define SGI_MASK 0x0000ffffu

static struct vgic_env env_of(const struct vgicr *r)
{
	return vgicd_env(r->dist, r->vcpu);
}

bool vgicr_init(struct vgicr *r, struct vgicd *d, unsigned vcpu)
{
	struct vgic_env env;

	memset(r, 0, sizeof(*r));
	if (!d || vcpu >= d->n_vcpus)
		return false;
	r->dist = d;
	r->vcpu = vcpu;
	r->last = vcpu == d->n_vcpus - 1;
	r->sleep = true;
	vgic_bank_init(&r->bank, 0);
	r->bank.owned = 0xffffffffu;
	r->bank.edge = r->bank.reset_edge = SGI_MASK;
	r->bank.fixed_cfg = SGI_MASK;
	env = env_of(r);
	for (unsigned i = 0; i < VGIC_NR_PRIVATE; i++)
		vgic_bank_set_target(&r->bank, i, vcpu, &env);
	vgicd_attach_private(d, vcpu, &r->bank);
	return true;
}

bool vgicr_set_hw_ppi(struct vgicr *r, uint32_t intid, bool edge)
{
	uint32_t bit;
	struct vgic_env env = env_of(r);

	if (intid < VGIC_NR_SGIS || intid >= VGIC_NR_PRIVATE)
		return false;
	bit = UINT32_C(1) << intid;
	r->bank.hw |= bit;
	r->bank.fixed_cfg |= bit;
	r->bank.line &= ~bit;
	r->bank.latch &= ~bit;
	r->bank.edge = edge ? r->bank.edge | bit : r->bank.edge & ~bit;
	r->bank.reset_edge = edge ? r->bank.reset_edge | bit : r->bank.reset_edge & ~bit;
	vgic_bank_resync(&r->bank, &env);
	return true;
}

void vgicr_reset(struct vgicr *r)
{
	struct vgic_env env = env_of(r);

	r->sleep = true;
	vgic_bank_reset(&r->bank, &env);
	vgicr_lpi_reset(&r->lpi);
	memset(&r->stats, 0, sizeof(r->stats));
}

void vgicr_resync(struct vgicr *r)
{
	struct vgic_env env = env_of(r);

	vgic_bank_resync(&r->bank, &env);
}

bool vgicr_locate(uint64_t region_offset, unsigned n_vcpus, unsigned *vcpu, uint64_t *frame_offset)
{
	uint64_t v = region_offset / GICR_STRIDE_V3;

	if (v >= n_vcpus)
		return false;
	*vcpu = (unsigned)v;
	*frame_offset = region_offset % GICR_STRIDE_V3;
	return true;
}

uint64_t vgicr_typer(const struct vgicr *r)
{
	return FIELD_PREP(GICR_TYPER_AFF, r->vcpu) | FIELD_PREP(GICR_TYPER_PROCESSOR_NUMBER, r->vcpu) |
	       (r->last ? GICR_TYPER_LAST : 0) | (r->lpi.id_bits ? GICR_TYPER_PLPIS : 0);
}

bool vgicr_enable_lpis(struct vgicr *r, unsigned id_bits)
{
	return vgicr_lpi_init(&r->lpi, id_bits);
}

enum gicr_reg {
	RR_RAZWI, /* STATUSR, IGRPMODR0, NSACR */
	RR_CTLR,
	RR_PROPBASER,
	RR_PENDBASER,
	RR_IIDR,
	RR_TYPER,
	RR_WAKER,
	RR_ID,
	RR_BANK,
	RR_PRIORITY,
	RR_ICFGR,
	RR_RESERVED,
};

struct gicr_decoded {
	enum gicr_reg reg;
	enum vgic_bank_reg bank_reg;
	bool byte_ok;
	bool is64;
};

static struct gicr_decoded decode(uint64_t off)
{
	static const struct {
		uint32_t off;
		enum vgic_bank_reg reg;
	} banks[] = {
		{ GICR_IGROUPR0, VGIC_REG_IGROUPR },     { GICR_ISENABLER0, VGIC_REG_ISENABLER },
		{ GICR_ICENABLER0, VGIC_REG_ICENABLER }, { GICR_ISPENDR0, VGIC_REG_ISPENDR },
		{ GICR_ICPENDR0, VGIC_REG_ICPENDR },     { GICR_ISACTIVER0, VGIC_REG_ISACTIVER },
		{ GICR_ICACTIVER0, VGIC_REG_ICACTIVER },
	};
	struct gicr_decoded r = { .reg = RR_RESERVED };

	switch (off) {
	case GICR_CTLR:
		r.reg = RR_CTLR;
		return r;
	case GICR_STATUSR:
	case GICR_IGRPMODR0:
	case GICR_NSACR:
		r.reg = RR_RAZWI;
		return r;
	case GICR_PROPBASER:
	case GICR_PROPBASER + 4:
		r.reg = RR_PROPBASER;
		r.is64 = true;
		return r;
	case GICR_PENDBASER:
	case GICR_PENDBASER + 4:
		r.reg = RR_PENDBASER;
		r.is64 = true;
		return r;
	case GICR_IIDR:
		r.reg = RR_IIDR;
		return r;
	case GICR_TYPER:
	case GICR_TYPER + 4:
		r.reg = RR_TYPER;
		r.is64 = true;
		return r;
	case GICR_WAKER:
		r.reg = RR_WAKER;
		return r;
	case GICR_ICFGR0:
	case GICR_ICFGR1:
		r.reg = RR_ICFGR;
		return r;
	default:
		break;
	}
	for (unsigned k = 0; k < sizeof(banks) / sizeof(banks[0]); k++) {
		if (off == banks[k].off) {
			r.reg = RR_BANK;
			r.bank_reg = banks[k].reg;
			return r;
		}
	}
	if (off >= GICR_IPRIORITYR(0) && off < GICR_IPRIORITYR(32)) {
		r.reg = RR_PRIORITY;
		r.byte_ok = true;
	} else if (off >= GICR_IDREGS && off < GICR_SGI_BASE) {
		r.reg = RR_ID;
	}
	return r;
}

static bool size_ok(const struct gicr_decoded *r, uint64_t off, unsigned size)
{
	if ((size != 1 && size != 4 && size != 8) || (off & (size - 1)))
		return false;
	if (size == 1)
		return r->byte_ok;
	if (size == 8)
		return r->is64 || r->reg == RR_RESERVED;
	return true;
}

/* A 64-bit register written whole (size 8) or one 32-bit half (shift 0 or 32). */
static uint64_t merge_half(uint64_t cur, uint64_t v, unsigned size, unsigned shift)
{
	if (size == 8)
		return v;
	return (cur & ~(UINT64_C(0xffffffff) << shift)) | ((v & 0xffffffffu) << shift);
}

static uint64_t half_of(uint64_t reg, unsigned size, unsigned shift)
{
	return size == 8 ? reg : (reg >> shift) & 0xffffffffu;
}

bool vgicr_access(struct vgicr *r, uint64_t offset, unsigned size, bool write, uint64_t *val)
{
	struct vgic_env env = env_of(r);
	struct gicr_decoded d;
	uint64_t v = 0, out = 0;
	unsigned shift;

	if (offset >= GICR_STRIDE_V3) {
		r->stats.invalid++;
		if (!write)
			*val = 0;
		return false;
	}
	d = decode(offset & ~UINT64_C(3));
	if (!size_ok(&d, offset, size)) {
		r->stats.invalid++;
		if (!write)
			*val = 0;
		return false;
	}
	if (write)
		v = size == 8 ? *val : *val & ((UINT64_C(1) << (8 * size)) - 1);
	shift = size == 4 && (offset & 4) ? 32 : 0; /* upper half of a 64-bit register */

	switch (d.reg) {
	case RR_RAZWI:
		break;
	case RR_CTLR:
		if (write)
			vgicr_lpi_write_ctlr(&r->lpi, v);
		out = vgicr_lpi_ctlr(&r->lpi);
		break;
	case RR_PROPBASER:
		if (write)
			vgicr_lpi_write_propbaser(&r->lpi, merge_half(r->lpi.propbaser, v, size, shift));
		out = half_of(r->lpi.propbaser, size, shift);
		break;
	case RR_PENDBASER:
		if (write)
			vgicr_lpi_write_pendbaser(&r->lpi, merge_half(vgicr_lpi_pendbaser(&r->lpi), v, size, shift));
		out = half_of(vgicr_lpi_pendbaser(&r->lpi), size, shift);
		break;
	case RR_IIDR:
		out = VGIC_IIDR;
		break;
	case RR_TYPER:
		out = vgicr_typer(r) >> shift;
		if (size == 4)
			out &= 0xffffffffu;
		break;
	case RR_WAKER:
		if (write)
			r->sleep = (v & GICR_WAKER_PROCESSOR_SLEEP) != 0;
		out = r->sleep ? GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0;
		break;
	case RR_ID:
		out = (offset == GICR_PIDR2) ? VGIC_PIDR2 : 0;
		break;
	case RR_BANK:
		if (write)
			vgic_bank_write(&r->bank, d.bank_reg, (uint32_t)v, &env);
		else
			out = vgic_bank_read(&r->bank, d.bank_reg, &env);
		break;
	case RR_PRIORITY:
		for (unsigned k = 0; k < size; k++) {
			unsigned i = (unsigned)(offset - GICR_IPRIORITYR(0)) + k;

			if (write)
				vgic_bank_prio_write(&r->bank, i, (uint8_t)(v >> (8 * k)), &env);
			else
				out |= (uint64_t)vgic_bank_prio_read(&r->bank, i) << (8 * k);
		}
		break;
	case RR_ICFGR: {
		unsigned half = offset == GICR_ICFGR1 ? 1 : 0;

		if (write && vgic_bank_cfg_write(&r->bank, half, (uint32_t)v, &env) && half == 1)
			r->stats.refused++;
		else if (!write)
			out = vgic_bank_cfg_read(&r->bank, half);
		break;
	}
	case RR_RESERVED:
		r->stats.reserved++;
		break;
	}
	if (!write)
		*val = out;
	return true;
}

bool vgicr_sgi_raise(struct vgicr *r, unsigned sgi)
{
	struct vgic_env env = env_of(r);

	return sgi < VGIC_NR_SGIS && vgic_bank_raise(&r->bank, sgi, &env);
}

bool vgicr_ppi_set_line(struct vgicr *r, uint32_t intid, bool level)
{
	struct vgic_env env = env_of(r);

	if (intid < VGIC_NR_SGIS || intid >= VGIC_NR_PRIVATE)
		return false;
	return vgic_bank_set_line(&r->bank, intid, level, &env);
}

bool vgicr_irq_info(const struct vgicr *r, uint32_t intid, struct vgic_irq_info *out)
{
	if (intid >= VGIC_NR_PRIVATE) {
		memset(out, 0, sizeof(*out));
		out->target = VGIC_NO_VCPU;
		return false;
	}
	vgic_bank_info(&r->bank, intid, r->dist->grp1, out);
	return true;
}
