#include "core/vdev/vgicd.h"

#include <string.h>

#include "core/hw/gic_lr.h"

/* ==== Interrupt banks ================================================================== */

static void emit(const struct vgic_env *env, enum vgic_fx_kind kind, uint32_t intid, unsigned vcpu, uint8_t prio,
		 bool enable, bool edge)
{
	struct vgic_effect fx = {
		.kind = kind,
		.intid = intid,
		.vcpu = vcpu,
		.priority = prio,
		.enable = enable,
		.edge = edge,
	};

	if (env->ops && env->ops->effect)
		env->ops->effect(env->ops->ctx, &fx);
}

/* Bring what was last reported for interrupt i in line with its state. */
static void eval(struct vgic_bank *b, unsigned i, const struct vgic_env *env)
{
	uint32_t bit = UINT32_C(1) << i;
	uint32_t intid = b->base + i;
	bool deliverable;

	if (!(b->owned & bit))
		return;
	deliverable = env->grp1 && (b->enabled & bit) && b->target[i] != VGIC_NO_VCPU;
	if (b->hw & bit) {
		bool edge = (b->edge & bit) != 0;

		if ((b->out_valid & bit) && ((b->out_on & bit) != 0) == deliverable && b->out_prio[i] == b->prio[i] &&
		    ((b->out_edge & bit) != 0) == edge && b->out_target[i] == b->target[i])
			return;
		b->out_valid |= bit;
		b->out_on = deliverable ? b->out_on | bit : b->out_on & ~bit;
		b->out_edge = edge ? b->out_edge | bit : b->out_edge & ~bit;
		b->out_prio[i] = b->prio[i];
		b->out_target[i] = b->target[i];
		emit(env, VGIC_FX_HW_SYNC, intid, b->target[i], b->prio[i], deliverable, edge);
		return;
	}

	/* Emulated. A level-sensitive interrupt is pending at its vCPU for as long as its line is
	 * high; the queue is told about every change of level, vCPU or priority. */
	bool want = deliverable && !(b->edge & bit) && (b->line & bit);

	if ((b->out_on & bit) && (!want || b->out_target[i] != b->target[i])) {
		b->out_on &= ~bit;
		emit(env, VGIC_FX_SW_LEVEL, intid, b->out_target[i], b->out_prio[i], false, false);
	}
	if (want && (!(b->out_on & bit) || b->out_prio[i] != b->prio[i])) {
		b->out_on |= bit;
		b->out_target[i] = b->target[i];
		b->out_prio[i] = b->prio[i];
		emit(env, VGIC_FX_SW_LEVEL, intid, b->target[i], b->prio[i], true, false);
	}
	/* A latched event is handed over once; the vCPU's queue holds it from then on. Until the
	 * interrupt is deliverable it stays latched, like a pending interrupt that is disabled. */
	if (deliverable && (b->latch & bit)) {
		b->latch &= ~bit;
		emit(env, VGIC_FX_SW_EDGE, intid, b->target[i], b->prio[i], false, false);
	}
}

static void eval_mask(struct vgic_bank *b, uint32_t mask, const struct vgic_env *env)
{
	for (unsigned i = 0; i < 32; i++)
		if (mask & (UINT32_C(1) << i))
			eval(b, i, env);
}

void vgic_bank_init(struct vgic_bank *b, uint32_t base)
{
	memset(b, 0, sizeof(*b));
	b->base = base;
	memset(b->target, VGIC_NO_VCPU, sizeof(b->target));
	memset(b->out_target, VGIC_NO_VCPU, sizeof(b->out_target));
}

void vgic_bank_reset(struct vgic_bank *b, const struct vgic_env *env)
{
	b->enabled = 0;
	b->latch = 0;
	b->active = 0;
	b->edge = b->reset_edge;
	memset(b->prio, 0, sizeof(b->prio));
	eval_mask(b, b->owned, env);
}

static uint32_t hw_state(const struct vgic_bank *b, bool active, const struct vgic_env *env)
{
	if (!b->hw || !env->ops || !env->ops->hw_state)
		return 0;
	return env->ops->hw_state(env->ops->ctx, env->hw_vcpu, active, b->base) & b->hw;
}

uint32_t vgic_bank_read(const struct vgic_bank *b, enum vgic_bank_reg reg, const struct vgic_env *env)
{
	uint32_t sw = b->owned & ~b->hw;

	switch (reg) {
	case VGIC_REG_IGROUPR:
		return b->owned; /* RAO/WI: every interrupt is Group 1 */
	case VGIC_REG_ISENABLER:
	case VGIC_REG_ICENABLER:
		return b->enabled & b->owned;
	case VGIC_REG_ISPENDR:
	case VGIC_REG_ICPENDR:
		return ((b->latch | (b->line & ~b->edge)) & sw) | hw_state(b, false, env);
	case VGIC_REG_ISACTIVER:
	case VGIC_REG_ICACTIVER:
		return (b->active & sw) | hw_state(b, true, env);
	}
	return 0;
}

/* One effect per interrupt of mask. fx.vcpu is the interrupt's target: for a private bank the
 * vCPU itself (whose redistributor a HW_* write goes to); for an SPI it only informs, since the
 * physical distributor's state is global. */
static void emit_each(const struct vgic_bank *b, uint32_t mask, enum vgic_fx_kind kind, const struct vgic_env *env)
{
	for (unsigned i = 0; i < 32; i++) {
		if (!(mask & (UINT32_C(1) << i)))
			continue;
		if (kind == VGIC_FX_SW_RETRACT && b->target[i] == VGIC_NO_VCPU)
			continue;
		emit(env, kind, b->base + i, b->target[i], b->prio[i], false, (b->edge >> i) & 1);
	}
}

uint32_t vgic_bank_write(struct vgic_bank *b, enum vgic_bank_reg reg, uint32_t val, const struct vgic_env *env)
{
	uint32_t mine = val & b->owned;
	uint32_t hw = mine & b->hw;
	uint32_t sw = mine & ~b->hw;
	uint32_t changed;

	switch (reg) {
	case VGIC_REG_IGROUPR:
		break;
	case VGIC_REG_ISENABLER:
		changed = mine & ~b->enabled;
		b->enabled |= mine;
		eval_mask(b, changed, env);
		break;
	case VGIC_REG_ICENABLER:
		changed = mine & b->enabled;
		b->enabled &= ~mine;
		eval_mask(b, changed, env);
		break;
	case VGIC_REG_ISPENDR:
		emit_each(b, hw, VGIC_FX_HW_SET_PENDING, env);
		b->latch |= sw;
		eval_mask(b, sw, env);
		break;
	case VGIC_REG_ICPENDR:
		emit_each(b, hw, VGIC_FX_HW_CLEAR_PENDING, env);
		b->latch &= ~sw;
		emit_each(b, sw, VGIC_FX_SW_RETRACT, env);
		break;
	case VGIC_REG_ISACTIVER:
		emit_each(b, hw, VGIC_FX_HW_SET_ACTIVE, env);
		b->active |= sw;
		break;
	case VGIC_REG_ICACTIVER:
		emit_each(b, hw, VGIC_FX_HW_CLEAR_ACTIVE, env);
		b->active &= ~sw;
		break;
	}
	return val & ~b->owned;
}

uint8_t vgic_bank_prio_read(const struct vgic_bank *b, unsigned i)
{
	return (b->owned >> i) & 1 ? b->prio[i] : 0;
}

bool vgic_bank_prio_write(struct vgic_bank *b, unsigned i, uint8_t prio, const struct vgic_env *env)
{
	if (!((b->owned >> i) & 1))
		return false;
	prio &= env->pri_mask;
	if (b->prio[i] != prio) {
		b->prio[i] = prio;
		eval(b, i, env);
	}
	return true;
}

uint32_t vgic_bank_cfg_read(const struct vgic_bank *b, unsigned half)
{
	uint32_t v = 0;

	for (unsigned k = 0; k < 16; k++) {
		unsigned i = half * 16 + k;

		if ((b->owned >> i) & 1 && (b->edge >> i) & 1)
			v |= UINT32_C(2) << (2 * k);
	}
	return v;
}

uint32_t vgic_bank_cfg_write(struct vgic_bank *b, unsigned half, uint32_t val, const struct vgic_env *env)
{
	uint32_t refused = 0;

	for (unsigned k = 0; k < 16; k++) {
		unsigned i = half * 16 + k;
		uint32_t bit = UINT32_C(1) << i;
		bool edge = (val >> (2 * k + 1)) & 1;

		if (!(b->owned & bit)) {
			if (edge)
				refused |= bit;
			continue;
		}
		if (edge == ((b->edge & bit) != 0))
			continue;
		if (b->fixed_cfg & bit) {
			refused |= bit;
			continue;
		}
		b->edge ^= bit;
		eval(b, i, env);
	}
	return refused;
}

void vgic_bank_set_target(struct vgic_bank *b, unsigned i, unsigned vcpu, const struct vgic_env *env)
{
	b->target[i] = (uint8_t)(vcpu >= VGIC_NO_VCPU ? VGIC_NO_VCPU : vcpu);
	eval(b, i, env);
}

bool vgic_bank_set_line(struct vgic_bank *b, unsigned i, bool level, const struct vgic_env *env)
{
	uint32_t bit = UINT32_C(1) << i;

	if (!(b->owned & bit) || (b->hw & bit))
		return false;
	if (level && !(b->line & bit) && (b->edge & bit))
		b->latch |= bit; /* rising edge of an edge-triggered input */
	b->line = level ? b->line | bit : b->line & ~bit;
	eval(b, i, env);
	return true;
}

bool vgic_bank_raise(struct vgic_bank *b, unsigned i, const struct vgic_env *env)
{
	uint32_t bit = UINT32_C(1) << i;

	if (!(b->owned & bit) || (b->hw & bit))
		return false;
	b->latch |= bit;
	eval(b, i, env);
	return true;
}

void vgic_bank_eval_all(struct vgic_bank *b, const struct vgic_env *env)
{
	eval_mask(b, b->owned, env);
}

void vgic_bank_resync(struct vgic_bank *b, const struct vgic_env *env)
{
	b->out_valid &= ~b->hw;
	eval_mask(b, b->owned & b->hw, env);
}

void vgic_bank_info(const struct vgic_bank *b, unsigned i, bool grp1, struct vgic_irq_info *out)
{
	uint32_t bit = UINT32_C(1) << i;
	bool owned = (b->owned & bit) != 0;
	bool sw = owned && !(b->hw & bit);

	/* Every field assigned, no memset: this runs on the exit path of every forwarded interrupt. */
	out->owned = owned;
	out->hw = owned && (b->hw & bit);
	out->enabled = owned && (b->enabled & bit);
	out->edge = owned && (b->edge & bit);
	out->priority = owned ? b->prio[i] : 0;
	out->target = owned ? b->target[i] : VGIC_NO_VCPU;
	out->deliverable = grp1 && out->enabled && out->target != VGIC_NO_VCPU;
	out->pending = sw && ((b->latch & bit) || ((b->line & bit) && !out->edge));
	out->active = sw && (b->active & bit);
}

/* ==== Distributor ====================================================================== */

/* The register a distributor offset falls in. */
enum gicd_reg {
	R_CTLR,
	R_TYPER,
	R_IIDR,
	R_RAZWI, /* implemented as RAZ/WI: TYPER2, STATUSR, IGRPMODR, NSACR, SGI registers */
	R_BANK,  /* IGROUPR .. ICACTIVER */
	R_PRIORITY,
	R_ITARGETS, /* RAZ/WI with affinity routing */
	R_ICFGR,
	R_IROUTER,
	R_ID,
	R_RESERVED,
};

struct gicd_decoded {
	enum gicd_reg reg;
	enum vgic_bank_reg bank_reg;
	unsigned index; /* register number within its array */
	bool byte_ok;   /* byte accesses allowed */
	bool is64;      /* 64-bit register */
};

static struct gicd_decoded decode(uint64_t off)
{
	static const struct {
		uint32_t base;
		enum vgic_bank_reg reg;
	} banks[] = {
		{ GICD_IGROUPR, VGIC_REG_IGROUPR },     { GICD_ISENABLER, VGIC_REG_ISENABLER },
		{ GICD_ICENABLER, VGIC_REG_ICENABLER }, { GICD_ISPENDR, VGIC_REG_ISPENDR },
		{ GICD_ICPENDR, VGIC_REG_ICPENDR },     { GICD_ISACTIVER, VGIC_REG_ISACTIVER },
		{ GICD_ICACTIVER, VGIC_REG_ICACTIVER },
	};
	struct gicd_decoded r = { .reg = R_RESERVED };

	if (off == GICD_CTLR)
		r.reg = R_CTLR;
	else if (off == GICD_TYPER)
		r.reg = R_TYPER;
	else if (off == GICD_IIDR)
		r.reg = R_IIDR;
	else if (off == GICD_TYPER2 || off == GICD_STATUSR)
		r.reg = R_RAZWI;
	else if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
		for (unsigned k = 0; k < sizeof(banks) / sizeof(banks[0]); k++) {
			if (off >= banks[k].base && off < banks[k].base + 0x80u) {
				r.reg = R_BANK;
				r.bank_reg = banks[k].reg;
				r.index = (unsigned)(off - banks[k].base) / 4;
			}
		}
	} else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 1020u) {
		r.reg = R_PRIORITY;
		r.index = (unsigned)(off - GICD_IPRIORITYR); /* INTID of the first byte */
		r.byte_ok = true;
	} else if (off >= GICD_ITARGETSR && off < GICD_ITARGETSR + 1020u) {
		r.reg = R_ITARGETS;
		r.byte_ok = true;
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100u) {
		r.reg = R_ICFGR;
		r.index = (unsigned)(off - GICD_ICFGR) / 4; /* INTIDs 16*index .. +15 */
	} else if ((off >= GICD_IGRPMODR && off < GICD_IGRPMODR + 0x80u) ||
		   (off >= GICD_NSACR && off < GICD_NSACR + 0x100u) || off == GICD_SGIR) {
		r.reg = R_RAZWI;
	} else if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10u) {
		r.reg = R_RAZWI;
		r.byte_ok = true;
	} else if (off >= GICD_IROUTER && off < GICD_IROUTER + 8u * 1020u) {
		r.reg = R_IROUTER;
		r.index = (unsigned)(off - GICD_IROUTER) / 8; /* INTID */
		r.is64 = true;
	} else if (off >= GICD_IDREGS && off < GICD_FRAME_SIZE) {
		r.reg = R_ID;
	}
	return r;
}

static bool size_ok(const struct gicd_decoded *r, uint64_t off, unsigned size)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return false;
	if (off & (size - 1))
		return false;
	switch (size) {
	case 1:
		return r->byte_ok;
	case 4:
		return true; /* a 32-bit register, or either half of a 64-bit one */
	case 8:
		return r->is64 || r->reg == R_RESERVED;
	default:
		return false; /* halfword accesses are not supported by any GIC register */
	}
}

struct vgic_env vgicd_env(const struct vgicd *d, unsigned hw_vcpu)
{
	return (struct vgic_env){ .ops = &d->ops, .grp1 = d->grp1, .hw_vcpu = hw_vcpu, .pri_mask = d->pri_mask };
}

static struct vgic_bank *spi_bank(struct vgicd *d, uint32_t intid, unsigned *i)
{
	*i = 0;
	if (intid < VGIC_NR_PRIVATE || intid >= VGICD_MAX_INTIDS)
		return NULL;
	*i = intid % 32;
	return &d->spi[intid / 32 - 1];
}

static const struct vgic_bank *spi_bank_c(const struct vgicd *d, uint32_t intid, unsigned *i)
{
	return spi_bank((struct vgicd *)d, intid, i);
}

static unsigned route_target(const struct vgicd *d, uint64_t irouter)
{
	uint64_t aff0 = FIELD_GET(GICD_IROUTER_AFF0, irouter);

	if (FIELD_GET(GICD_IROUTER_AFF1, irouter) || FIELD_GET(GICD_IROUTER_AFF2, irouter) ||
	    FIELD_GET(GICD_IROUTER_AFF3, irouter) || aff0 >= d->n_vcpus)
		return VGIC_NO_VCPU;
	return (unsigned)aff0;
}

bool vgicd_init(struct vgicd *d, unsigned n_vcpus, unsigned pri_bits, const struct vgic_ops *ops)
{
	memset(d, 0, sizeof(*d));
	if (n_vcpus == 0 || n_vcpus > VGIC_MAX_VCPUS || pri_bits == 0 || pri_bits > 8)
		return false;
	d->n_vcpus = n_vcpus;
	d->pri_mask = gic_pri_mask(pri_bits);
	if (ops)
		d->ops = *ops;
	for (unsigned k = 0; k < VGICD_NR_BANKS; k++)
		vgic_bank_init(&d->spi[k], VGIC_NR_PRIVATE + 32 * k);
	return true;
}

bool vgicd_add_spi(struct vgicd *d, uint32_t intid, bool hw, bool edge)
{
	unsigned i = 0;
	struct vgic_bank *b = spi_bank(d, intid, &i);
	uint32_t bit = UINT32_C(1) << i;
	struct vgic_env env = vgicd_env(d, VGIC_NO_VCPU);

	if (!b || d->n_vcpus == 0)
		return false;
	b->owned |= bit;
	b->hw = hw ? b->hw | bit : b->hw & ~bit;
	/* The trigger given here is also where a reset returns to. */
	b->edge = edge ? b->edge | bit : b->edge & ~bit;
	b->reset_edge = edge ? b->reset_edge | bit : b->reset_edge & ~bit;
	d->irouter[intid - VGIC_NR_PRIVATE] = 0;
	if (intid > d->max_spi)
		d->max_spi = intid;
	vgic_bank_set_target(b, i, route_target(d, 0), &env);
	return true;
}

static void eval_private(struct vgicd *d)
{
	for (unsigned v = 0; v < d->n_vcpus; v++) {
		if (d->priv[v]) {
			struct vgic_env env = vgicd_env(d, v);

			vgic_bank_eval_all(d->priv[v], &env);
		}
	}
}

void vgicd_reset(struct vgicd *d)
{
	bool was_enabled = d->grp1;
	struct vgic_env env;

	d->grp1 = false;
	env = vgicd_env(d, VGIC_NO_VCPU);
	for (unsigned k = 0; k < VGICD_NR_BANKS; k++) {
		struct vgic_bank *b = &d->spi[k];

		vgic_bank_reset(b, &env);
		for (unsigned i = 0; i < 32; i++) {
			if (!((b->owned >> i) & 1))
				continue;
			d->irouter[32 * k + i] = 0;
			vgic_bank_set_target(b, i, route_target(d, 0), &env);
		}
	}
	if (was_enabled)
		eval_private(d);
	memset(&d->stats, 0, sizeof(d->stats));
}

void vgicd_resync(struct vgicd *d)
{
	struct vgic_env env = vgicd_env(d, VGIC_NO_VCPU);

	for (unsigned k = 0; k < VGICD_NR_BANKS; k++)
		vgic_bank_resync(&d->spi[k], &env);
}

void vgicd_attach_private(struct vgicd *d, unsigned vcpu, struct vgic_bank *b)
{
	if (vcpu < VGIC_MAX_VCPUS)
		d->priv[vcpu] = b;
}

uint32_t vgicd_typer(const struct vgicd *d)
{
	unsigned id_bits = d->lpi_id_bits ? d->lpi_id_bits : 10;

	return (uint32_t)(FIELD_PREP(GICD_TYPER_ITLINES, d->max_spi / 32) | FIELD_PREP(GICD_TYPER_IDBITS, id_bits - 1) |
			  (d->lpi_id_bits ? GICD_TYPER_LPIS : 0) | GICD_TYPER_NO1N);
}

static void note_unowned(struct vgicd *d, uint32_t first_intid)
{
	d->stats.unowned++;
	d->stats.last_unowned_intid = first_intid;
}

static uint32_t lowest_bit(uint32_t m)
{
	return (uint32_t)__builtin_ctz(m);
}

/* Writes that would enable, set pending or active, or route an interrupt the partition does not
 * own are counted; clearing, priority and trigger writes to such interrupts are harmless (Linux
 * writes them for every SPI line at boot) and are ignored silently. */
static bool counted(enum vgic_bank_reg reg)
{
	return reg == VGIC_REG_ISENABLER || reg == VGIC_REG_ISPENDR || reg == VGIC_REG_ISACTIVER;
}

/* IGROUPR..ICACTIVER: index 0 holds SGIs and PPIs, which live in the redistributors. */
static uint32_t bank_access(struct vgicd *d, const struct gicd_decoded *r, bool write, uint32_t v)
{
	struct vgic_env env = vgicd_env(d, VGIC_NO_VCPU);
	struct vgic_bank *b;
	uint32_t refused;

	if (r->index == 0)
		return 0;
	if (r->index - 1 >= VGICD_NR_BANKS) {
		if (write && v && counted(r->bank_reg))
			note_unowned(d, 32 * r->index + lowest_bit(v));
		return 0;
	}
	b = &d->spi[r->index - 1];
	if (!write)
		return vgic_bank_read(b, r->bank_reg, &env);
	refused = vgic_bank_write(b, r->bank_reg, v, &env);
	if (refused && counted(r->bank_reg))
		note_unowned(d, b->base + lowest_bit(refused));
	return 0;
}

/* IPRIORITYR: one byte per INTID; bytes for SGIs/PPIs (RES0 with affinity routing) and for
 * interrupts the partition does not own read as zero and ignore writes. */
static uint32_t priority_access(struct vgicd *d, uint32_t first, unsigned n, bool write, uint32_t v)
{
	struct vgic_env env = vgicd_env(d, VGIC_NO_VCPU);
	uint32_t out = 0;

	for (unsigned k = 0; k < n; k++) {
		unsigned i;
		struct vgic_bank *b = spi_bank(d, first + k, &i);

		if (!b)
			continue;
		if (write)
			vgic_bank_prio_write(b, i, (uint8_t)(v >> (8 * k)), &env);
		else
			out |= (uint32_t)vgic_bank_prio_read(b, i) << (8 * k);
	}
	return out;
}

/* ICFGR<n>: two bits per INTID, bit 2k+1 set for edge-triggered (bit 2k is RES0). */
static uint32_t icfgr_access(struct vgicd *d, unsigned index, bool write, uint32_t v)
{
	struct vgic_env env = vgicd_env(d, VGIC_NO_VCPU);
	uint32_t first = 16 * index;
	struct vgic_bank *b;

	if (first < VGIC_NR_PRIVATE || first >= VGICD_MAX_INTIDS)
		return 0; /* ICFGR0/1 are RES0 with affinity routing */
	b = &d->spi[first / 32 - 1];
	if (!write)
		return vgic_bank_cfg_read(b, index % 2);
	vgic_bank_cfg_write(b, index % 2, v, &env);
	return 0;
}

/* IROUTER<n>: Aff3.Aff2.Aff1.Aff0 of the target vCPU (guest MPIDR: Aff0 = vCPU number). IRM is
 * RAZ/WI because 1-of-N routing is not offered (GICD_TYPER.No1N). An affinity naming no vCPU
 * of the partition is kept as written and leaves the interrupt without a target: it is not
 * delivered (and a hardware-backed one is disabled at the physical GIC) until re-routed. */
#define IROUTER_WRITABLE (GICD_IROUTER_AFF0 | GICD_IROUTER_AFF1 | GICD_IROUTER_AFF2 | GICD_IROUTER_AFF3)

static uint64_t irouter_access(struct vgicd *d, uint32_t intid, uint64_t off, unsigned size, bool write, uint64_t v)
{
	struct vgic_env env = vgicd_env(d, VGIC_NO_VCPU);
	unsigned i;
	struct vgic_bank *b = spi_bank(d, intid, &i);
	unsigned shift = size == 4 && (off & 4) ? 32 : 0;
	uint64_t lane = size == 8 ? ~UINT64_C(0) : GENMASK64(31, 0) << shift;
	uint64_t *reg;

	if (!b || !((b->owned >> i) & 1)) {
		if (write && v && intid >= VGIC_NR_PRIVATE)
			note_unowned(d, intid);
		return 0;
	}
	reg = &d->irouter[intid - VGIC_NR_PRIVATE];
	if (!write)
		return (*reg & lane) >> shift;
	*reg = ((*reg & ~lane) | ((v << shift) & lane)) & IROUTER_WRITABLE;
	vgic_bank_set_target(b, i, route_target(d, *reg), &env);
	return 0;
}

static uint32_t id_read(uint64_t off)
{
	return off == GICD_PIDR2 ? VGIC_PIDR2 : 0;
}

bool vgicd_access(struct vgicd *d, uint64_t offset, unsigned size, bool write, uint64_t *val)
{
	struct gicd_decoded r;
	uint64_t v = 0, out = 0;
	/* The 32-bit register a 4-byte-or-smaller access addresses, and the access's lane. */
	uint64_t reg32 = offset & ~UINT64_C(3);

	if (offset >= GICD_FRAME_SIZE) {
		d->stats.invalid++;
		if (!write)
			*val = 0;
		return false;
	}
	r = decode(reg32);
	if (!size_ok(&r, offset, size)) {
		d->stats.invalid++;
		if (!write)
			*val = 0;
		return false;
	}
	if (write)
		v = size == 8 ? *val : *val & ((UINT64_C(1) << (8 * size)) - 1);

	switch (r.reg) {
	case R_CTLR:
		if (write) {
			bool grp1 = (v & GICD_CTLR_ENABLE_G1NS) != 0;

			if (grp1 != d->grp1) {
				struct vgic_env env;

				d->grp1 = grp1;
				env = vgicd_env(d, VGIC_NO_VCPU);
				for (unsigned k = 0; k < VGICD_NR_BANKS; k++)
					vgic_bank_eval_all(&d->spi[k], &env);
				eval_private(d);
			}
		}
		out = GICD_CTLR_ARE_NS | GICD_CTLR_DS | (d->grp1 ? GICD_CTLR_ENABLE_G1NS : 0);
		break;
	case R_TYPER:
		out = vgicd_typer(d);
		break;
	case R_IIDR:
		out = VGIC_IIDR;
		break;
	case R_RAZWI:
	case R_ITARGETS:
		break;
	case R_BANK:
		out = bank_access(d, &r, write, (uint32_t)v);
		break;
	case R_PRIORITY:
		out = priority_access(d, (uint32_t)(offset - GICD_IPRIORITYR), size, write, (uint32_t)v);
		break;
	case R_ICFGR:
		out = icfgr_access(d, r.index, write, (uint32_t)v);
		break;
	case R_IROUTER:
		out = irouter_access(d, (uint32_t)((offset - GICD_IROUTER) / 8), offset, size, write, v);
		break;
	case R_ID:
		out = id_read(offset);
		break;
	case R_RESERVED:
		d->stats.reserved++;
		break;
	}
	if (!write)
		*val = out;
	return true;
}

bool vgicd_spi_set_line(struct vgicd *d, uint32_t intid, bool level)
{
	struct vgic_env env = vgicd_env(d, VGIC_NO_VCPU);
	unsigned i;
	struct vgic_bank *b = spi_bank(d, intid, &i);

	return b && vgic_bank_set_line(b, i, level, &env);
}

bool vgicd_spi_raise(struct vgicd *d, uint32_t intid)
{
	struct vgic_env env = vgicd_env(d, VGIC_NO_VCPU);
	unsigned i;
	struct vgic_bank *b = spi_bank(d, intid, &i);

	return b && vgic_bank_raise(b, i, &env);
}

bool vgicd_spi_info(const struct vgicd *d, uint32_t intid, struct vgic_irq_info *out)
{
	unsigned i;
	const struct vgic_bank *b = spi_bank_c(d, intid, &i);

	bool spi = intid >= VGIC_NR_PRIVATE && intid < GIC_INTID_SPECIAL_FIRST;

	if (spi && b) {
		vgic_bank_info(b, i, d->grp1, out);
		return true;
	}
	memset(out, 0, sizeof(*out));
	out->target = VGIC_NO_VCPU;
	return spi;
}
