/* The virtual GICv3: glue between the portable models and the hardware (docs/vgic.md, "Wiring
 * in arch/arm64").
 *
 * vCPUs are pinned to their physical CPUs and never share one, so the virtual CPU interface
 * state (ICH_LR<n>_EL2, ICH_AP*R_EL2, ICH_VMCR_EL2) stays live in the hardware for as long as the
 * vCPU exists: it is never saved or restored, only emptied when the vCPU starts or parks. What
 * the hypervisor keeps per vCPU is its redistributor model and its list-register queue; per
 * partition, the distributor model. */
#include "arch/arm64/vdev/vgic.h"
#include "arch/arm64/vdev/vits_direct.h"

#include <string.h>

#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/irq/irq.h"
#include "core/base/log.h"
#include "core/hw/esr.h"
#include "core/hw/gic_lr.h"

/* ---- ICH_* system registers ---------------------------------------------------------- */

#define ICH_SYSREG_RW(name, enc)                                           \
	static inline uint64_t read_##name(void)                           \
	{                                                                  \
		uint64_t v;                                                \
		__asm__ volatile("mrs %0, " enc : "=r"(v));                \
		return v;                                                  \
	}                                                                  \
	static inline void write_##name(uint64_t v)                        \
	{                                                                  \
		__asm__ volatile("msr " enc ", %0" : : "r"(v) : "memory"); \
	}

ICH_SYSREG_RW(ich_hcr_el2, "S3_4_C12_C11_0")
ICH_SYSREG_RW(ich_vtr_el2, "S3_4_C12_C11_1")
ICH_SYSREG_RW(ich_elrsr_el2, "S3_4_C12_C11_5")
ICH_SYSREG_RW(ich_vmcr_el2, "S3_4_C12_C11_7")
ICH_SYSREG_RW(ich_ap0r0_el2, "S3_4_C12_C8_0")
ICH_SYSREG_RW(ich_ap1r0_el2, "S3_4_C12_C9_0")

#define LR_CASE(n, crm, op2)                                                                           \
	case n:                                                                                        \
		if (write)                                                                             \
			__asm__ volatile("msr S3_4_C12_C" #crm "_" #op2 ", %0" : : "r"(v) : "memory"); \
		else                                                                                   \
			__asm__ volatile("mrs %0, S3_4_C12_C" #crm "_" #op2 : "=r"(v));                \
		break;

/* ICH_LR<n>_EL2: the register number is part of the instruction. */
static uint64_t lr_access(unsigned n, bool write, uint64_t v)
{
	switch (n) {
		LR_CASE(0, 12, 0)
		LR_CASE(1, 12, 1)
		LR_CASE(2, 12, 2)
		LR_CASE(3, 12, 3)
		LR_CASE(4, 12, 4)
		LR_CASE(5, 12, 5)
		LR_CASE(6, 12, 6)
		LR_CASE(7, 12, 7)
		LR_CASE(8, 13, 0)
		LR_CASE(9, 13, 1)
		LR_CASE(10, 13, 2)
		LR_CASE(11, 13, 3)
		LR_CASE(12, 13, 4)
		LR_CASE(13, 13, 5)
		LR_CASE(14, 13, 6)
		LR_CASE(15, 13, 7)
	default:
		break;
	}
	return v;
}

static inline uint64_t read_lr(unsigned n)
{
	return lr_access(n, false, 0);
}

static inline void write_lr(unsigned n, uint64_t v)
{
	lr_access(n, true, v);
}

/* ---- Board facts ------------------------------------------------------------------------ */

static unsigned n_lrs;    /* ICH_VTR_EL2.ListRegs + 1: 4 on QEMU */
static unsigned pri_bits; /* 5 on QEMU */
static uint64_t board_gicd, board_gicr;

static unsigned this_cpu_index(void)
{
	return this_cpu()->index;
}

static uint64_t cpu_mpidr(unsigned cpu)
{
	return cpu < MAX_CPUS ? percpu_data[cpu].mpidr : 0;
}

void vgic_kick(const struct vgic_part *g, unsigned vcpu)
{
	unsigned cpu;

	if (vcpu >= g->spec->n_vcpus)
		return;
	cpu = g->spec->pcpu[vcpu];
	/* On this CPU, the return to the guest (or the next entry) fills the list registers. */
	if (cpu != this_cpu_index())
		gic_send_sgi(IPI_VCPU_KICK, cpu_mpidr(cpu));
}

/* ---- Effects of the models --------------------------------------------------------------- */

static void effect(void *ctx, const struct vgic_effect *fx)
{
	struct vgic_part *g = ctx;
	unsigned v = fx->vcpu;
	bool valid = v < g->spec->n_vcpus;
	unsigned cpu = valid ? g->spec->pcpu[v] : 0;

	switch (fx->kind) {
	case VGIC_FX_HW_SYNC:
		if (fx->intid < VGIC_NR_PRIVATE && !valid)
			return;
		/* The physical priority stays fixed; the guest's is what the LR carries. */
		gic_irq_config(fx->intid, cpu, valid ? cpu_mpidr(cpu) : 0, fx->enable && valid, fx->edge,
			       GIC_PRIO_FORWARDED);
		return;
	case VGIC_FX_HW_SET_PENDING:
	case VGIC_FX_HW_CLEAR_PENDING:
	case VGIC_FX_HW_SET_ACTIVE:
	case VGIC_FX_HW_CLEAR_ACTIVE:
		if (fx->intid < VGIC_NR_PRIVATE && !valid)
			return;
		gic_irq_set_state(fx->intid, cpu,
				  fx->kind == VGIC_FX_HW_SET_ACTIVE || fx->kind == VGIC_FX_HW_CLEAR_ACTIVE,
				  fx->kind == VGIC_FX_HW_SET_PENDING || fx->kind == VGIC_FX_HW_SET_ACTIVE);
		return;
	case VGIC_FX_SW_LEVEL:
	case VGIC_FX_SW_EDGE:
	case VGIC_FX_SW_RETRACT:
		if (!valid)
			return;
		spin_lock(&g->qlock[v]);
		if (fx->kind == VGIC_FX_SW_LEVEL)
			vgic_queue_set_level(&g->q[v], fx->intid, fx->priority, fx->enable);
		else if (fx->kind == VGIC_FX_SW_EDGE)
			vgic_queue_inject(&g->q[v], fx->intid, false, 0, fx->priority);
		else
			vgic_queue_retract(&g->q[v], fx->intid);
		spin_unlock(&g->qlock[v]);
		vgic_kick(g, v);
		return;
	}
}

static uint32_t hw_state(void *ctx, unsigned vcpu, bool active, uint32_t base)
{
	const struct vgic_part *g = ctx;

	if (base < VGIC_NR_PRIVATE)
		return vcpu < g->spec->n_vcpus ? gic_irq_read_state(0, g->spec->pcpu[vcpu], active) : 0;
	return gic_irq_read_state(base, 0, active);
}

/* ---- Interrupts bulkhead takes for the vGIC ------------------------------------------------ */

/* The maintenance interrupt only makes the vCPU leave the guest: the list registers are
 * refilled on the way back (vgic_vcpu_sync), which also drops the maintenance condition. The
 * kick IPI (guest_traps.c) works the same way. */
static void nudge_irq(uint32_t intid, void *ctx, struct trap_frame *f)
{
	(void)intid;
	(void)ctx;
	(void)f;
}

/* No stack canary: its only local object is the info the models fill in (every interrupt the
 * guest gets from hardware comes through here). */
__attribute__((no_stack_protector)) void vgic_forward_hw(struct vgic_part *g, unsigned cur, uint32_t intid)
{
	unsigned n_vcpus = g->spec->n_vcpus;
	struct vgic_irq_info info;
	unsigned target;

	spin_lock(&g->lock);
	if (intid < VGIC_NR_PRIVATE) {
		/* A PPI is the CPU's own: it belongs to the vCPU running here, if any. */
		if (cur >= n_vcpus || !vgicr_irq_info(&g->r[cur], intid, &info))
			info.deliverable = false;
		target = cur;
	} else {
		vgicd_spi_info(&g->d, intid, &info);
		target = info.target;
	}
	if (!info.deliverable || !info.hw || target >= n_vcpus) {
		/* Disabled or unrouted while in flight: give it back to the physical GIC. An edge
		 * would be lost, so it is left pending there for when the guest enables it again. */
		g->count.undeliverable++;
		gic_deactivate(intid);
		if (intid >= VGIC_NR_PRIVATE && info.owned && info.edge)
			gic_irq_set_state(intid, 0, false, true);
		spin_unlock(&g->lock);
		return;
	}
	g->count.forwarded++;
	spin_lock(&g->qlock[target]);
	if (!vgic_queue_inject(&g->q[target], intid, true, intid, info.priority))
		gic_deactivate(intid); /* queue full (counted there): never leave it active for nobody */
	spin_unlock(&g->qlock[target]);
	spin_unlock(&g->lock);
	if (target != cur)
		vgic_kick(g, target);
}

bool vgic_global_init(const struct platform *plat)
{
	struct gic_vtr vtr;

	if (plat->gic.version != GIC_V3 || !plat->gic.n_redist)
		return false;
	vtr = gic_vtr_decode(read_ich_vtr_el2());
	n_lrs = vtr.n_lrs > VGIC_MAX_LRS ? VGIC_MAX_LRS : vtr.n_lrs;
	pri_bits = vtr.pri_bits;
	board_gicd = plat->gic.dist.base;
	board_gicr = plat->gic.redist[0].base;
	irq_register(GIC_INTID_MAINTENANCE, nudge_irq, NULL, false);
	log_printf("vgic: %u list registers, %u priority bits\n", n_lrs, pri_bits);
	return true;
}

bool vgic_cpuif_direct_vlpis(void)
{
	return !gic_vtr_decode(read_ich_vtr_el2()).nv4;
}

/* ---- Partitions ------------------------------------------------------------------------------ */

bool vgic_partition_init(struct vgic_part *g, const struct partition_spec *s, irq_handler_fn forward, void *forward_ctx)
{
	struct vgic_ops ops = { .effect = effect, .hw_state = hw_state, .ctx = g };

	if (!n_lrs) {
		log_printf("partition %s: no GICv3 virtualization: no interrupts for it\n", s->name);
		return false;
	}
	memset(g, 0, sizeof(*g));
	g->spec = s;
	g->gicd_base = board_gicd;
	g->gicr_base = board_gicr;
	g->gicr_size = (uint64_t)s->n_vcpus * GICR_STRIDE_V3;
	if (!vgicd_init(&g->d, s->n_vcpus, pri_bits, &ops)) {
		log_printf("partition %s: %u vCPUs is more than the virtual GIC supports\n", s->name, s->n_vcpus);
		return false;
	}
	for (unsigned i = 0; i < s->n_spis; i++) {
		uint32_t intid = s->spis[i].intid;

		/* Validation refused an SPI the model does not hold; the physical GIC may still lack
		 * it (ITLinesNumber), which no checker sees: then the partition is not created. */
		if (!vgicd_add_spi(&g->d, intid, true, s->spis[i].edge) ||
		    !irq_register(intid, forward, forward_ctx, true)) {
			log_printf("partition %s: SPI %u cannot be forwarded\n", s->name, intid);
			return false;
		}
	}
	if (s->vuart.present && s->vuart.intid >= VGIC_NR_PRIVATE &&
	    !vgicd_add_spi(&g->d, s->vuart.intid, false, false)) {
		log_printf("partition %s: its console's SPI %u cannot be emulated\n", s->name, s->vuart.intid);
		return false;
	}
	/* Channel doorbells: emulated, edge-triggered (one ring, one interrupt). */
	for (unsigned i = 0; i < s->n_channels; i++)
		vgicd_add_spi(&g->d, s->channels[i].doorbell, false, true);
	if (s->n_channels) /* the doorbell GPIO controller's output: emulated, level */
		vgicd_add_spi(&g->d, CHANNEL_GPIO_INTID, false, false);
	for (unsigned v = 0; v < s->n_vcpus; v++) {
		vgicr_init(&g->r[v], &g->d, v);
		vgicr_set_hw_ppi(&g->r[v], GIC_INTID_VTIMER, false);
		vgic_queue_init(&g->q[v]);
	}
	/* Every physical line the partition owns starts disabled, routed to its vCPU's CPU. */
	spin_lock(&g->lock);
	vgicd_resync(&g->d);
	for (unsigned v = 0; v < s->n_vcpus; v++)
		vgicr_resync(&g->r[v]);
	spin_unlock(&g->lock);
	return true;
}

void vgic_partition_reset(struct vgic_part *g)
{
	const struct partition_spec *s = g->spec;

	if (!n_lrs)
		return;
	spin_lock(&g->lock);
	vgicd_reset(&g->d);
	for (unsigned v = 0; v < s->n_vcpus; v++)
		vgicr_reset(&g->r[v]);
	vgicd_resync(&g->d);
	for (unsigned v = 0; v < s->n_vcpus; v++)
		vgicr_resync(&g->r[v]);
	/* A guest that died inside a handler leaves its interrupt active, masked for good. */
	for (unsigned i = 0; i < s->n_spis; i++) {
		gic_irq_set_state(s->spis[i].intid, 0, true, false);
		gic_irq_set_state(s->spis[i].intid, 0, false, false);
	}
	spin_unlock(&g->lock);
	for (unsigned v = 0; v < s->n_vcpus; v++) {
		spin_lock(&g->qlock[v]);
		vgic_queue_init(&g->q[v]);
		spin_unlock(&g->qlock[v]);
	}
	memset(&g->count, 0, sizeof(g->count));
}

static void clear_cpu_interface(void)
{
	for (unsigned n = 0; n < n_lrs; n++)
		write_lr(n, 0);
	write_ich_ap0r0_el2(0);
	write_ich_ap1r0_el2(0);
	write_ich_vmcr_el2(0);
}

void vgic_vcpu_start(struct vgic_part *g, unsigned vcpu)
{
	if (!n_lrs)
		return;
	clear_cpu_interface();
	write_ich_hcr_el2(ICH_HCR_EN);
	g->uie[vcpu] = false;
	isb();
	vits_direct_load_here(); /* GICv4.0: this CPU's vPE resident */
}

void vgic_vcpu_stop(struct vgic_part *g, unsigned vcpu)
{
	unsigned me = this_cpu_index();

	if (!n_lrs)
		return;
	write_ich_hcr_el2(0);
	isb();
	vits_direct_unload_here(); /* GICv4.0: this CPU's vPE non-resident until the vCPU starts again */
	spin_lock(&g->qlock[vcpu]);
	/* Hardware interrupts the vCPU holds (in an LR or waiting for one) would stay active at
	 * the physical GIC, masked for good: deactivate them. */
	for (uint64_t m = g->q[vcpu].used; m; m &= m - 1) {
		const struct vgic_qent *e = &g->q[vcpu].ent[__builtin_ctzll(m)];

		if (e->hw)
			gic_irq_set_state(e->pintid, me, true, false);
	}
	vgic_queue_init(&g->q[vcpu]);
	spin_unlock(&g->qlock[vcpu]);
	clear_cpu_interface();
	isb();
}

/* The fill proper: ELRSR, the LRs the queue asks for, the LRs that change. Kept out of line so
 * that the idle exit below has no stack frame to build. No stack canary: lrs[] is indexed only
 * by bits of masks of the n_lrs (at most 16) LRs. */
static __attribute__((noinline, no_stack_protector)) bool refill(struct vgic_part *g, unsigned vcpu)
{
	struct vgic_queue *q = &g->q[vcpu];
	uint64_t lrs[VGIC_MAX_LRS];
	uint32_t empty = (uint32_t)read_ich_elrsr_el2(), known, changed;
	bool maint;

	spin_lock(&g->qlock[vcpu]);
	known = vgic_queue_lrs_to_read(q, n_lrs, empty);
	for (uint32_t m = known; m; m &= m - 1)
		lrs[__builtin_ctz(m)] = read_lr((unsigned)__builtin_ctz(m));
	changed = vgic_queue_fill_lrs(q, n_lrs, empty, known, lrs, &maint);
	spin_unlock(&g->qlock[vcpu]);
	for (uint32_t m = changed; m; m &= m - 1)
		write_lr((unsigned)__builtin_ctz(m), lrs[__builtin_ctz(m)]);
	return maint;
}

void vgic_vcpu_sync(struct vgic_part *g, unsigned vcpu)
{
	/* Nothing queued, no LR in use: nothing to read or write (the common exit). */
	bool maint = n_lrs && !vgic_queue_idle(&g->q[vcpu]) && refill(g, vcpu);

	/* The exception return that follows synchronises the writes. */
	if (maint != g->uie[vcpu]) {
		g->uie[vcpu] = maint;
		write_ich_hcr_el2(ICH_HCR_EN | (maint ? ICH_HCR_UIE : 0));
	}
}

void vgic_set_spi_line(struct vgic_part *g, uint32_t intid, bool level)
{
	spin_lock(&g->lock);
	vgicd_spi_set_line(&g->d, intid, level);
	spin_unlock(&g->lock);
}

void vgic_raise_spi(struct vgic_part *g, uint32_t intid)
{
	spin_lock(&g->lock);
	vgicd_spi_raise(&g->d, intid);
	spin_unlock(&g->lock);
}

/* ---- Trapped accesses --------------------------------------------------------------------- */

enum vdev_outcome vgic_gicd_mmio(void *dev, unsigned vcpu, struct vdev_access *a)
{
	struct vgic_part *g = dev;
	bool ok;

	(void)vcpu;
	if (!n_lrs || !vdev_in_window(a, g->gicd_base, GICD_FRAME_SIZE))
		return VDEV_NOT_MINE;
	if (a->kind != VDEV_LOAD_STORE)
		return vdev_not_load_store(a, "virtual GIC");
	spin_lock(&g->lock);
	g->count.gicd++;
	ok = vgicd_access(&g->d, a->ipa - g->gicd_base, a->size, a->write, &a->val);
	spin_unlock(&g->lock);
	return ok ? VDEV_HANDLED : vdev_refuse(a, "virtual GIC distributor");
}

enum vdev_outcome vgic_gicr_mmio(void *dev, unsigned vcpu, struct vdev_access *a)
{
	struct vgic_part *g = dev;
	unsigned rv;
	uint64_t off;
	bool ok;

	(void)vcpu;
	if (!n_lrs || !vdev_in_window(a, g->gicr_base, g->gicr_size))
		return VDEV_NOT_MINE;
	if (a->kind != VDEV_LOAD_STORE)
		return vdev_not_load_store(a, "virtual GIC");
	spin_lock(&g->lock);
	g->count.gicr++;
	ok = vgicr_locate(a->ipa - g->gicr_base, g->spec->n_vcpus, &rv, &off) &&
	     vgicr_access(&g->r[rv], off, a->size, a->write, &a->val);
	spin_unlock(&g->lock);
	return ok ? VDEV_HANDLED : vdev_refuse(a, "virtual GIC redistributor");
}

enum vdev_outcome vgic_sysreg(struct vgic_part *g, unsigned vcpu, uint64_t iss, uint64_t val)
{
	unsigned n_vcpus = g->spec->n_vcpus;
	unsigned op2 = (unsigned)FIELD_GET(ESR_ISS_SYS_OP2, iss);

	/* ICC_SGI1R_EL1 (op2 5), ICC_ASGI1R_EL1 (6), ICC_SGI0R_EL1 (7): S3_0_C12_C11_{5,6,7}, trapped
	 * by HCR_EL2.IMO/FMO. Only Group 1 SGIs exist in a partition: the other two are ignored. */
	if (!n_lrs || FIELD_GET(ESR_ISS_SYS_OP0, iss) != 3 || FIELD_GET(ESR_ISS_SYS_OP1, iss) != 0 ||
	    FIELD_GET(ESR_ISS_SYS_CRN, iss) != 12 || FIELD_GET(ESR_ISS_SYS_CRM, iss) != 11 || op2 < 5 ||
	    (iss & ESR_ISS_SYS_READ))
		return VDEV_NOT_MINE;
	if (op2 == 5) {
		uint32_t mask = vgic_sgi_targets(val, n_vcpus, vcpu);
		unsigned sgi = vgic_sgi_intid(val);

		g->count.sgi++;
		spin_lock(&g->lock);
		for (unsigned t = 0; t < n_vcpus; t++)
			if (mask & (UINT32_C(1) << t))
				vgicr_sgi_raise(&g->r[t], sgi); /* SW_EDGE: queued, target kicked */
		spin_unlock(&g->lock);
	}
	return VDEV_HANDLED;
}
