/* Minimal physical GICv3 driver: each CPU's redistributor is woken, SGIs and PPIs are Group 1,
 * bulkhead's own per-CPU interrupts are enabled (IPI_PARTITION_STOP, IPI_VCPU_KICK, the vGIC
 * maintenance interrupt, the EL2 physical timer), the CPU interface is used through system
 * registers with split priority drop and deactivation (ICC_CTLR_EL1.EOImode = 1), so that an
 * interrupt forwarded to a guest through a hardware list register stays active until the guest
 * deactivates it. Guests never reach these registers: the distributor and redistributors are
 * not mapped into any partition; the vGIC (arch/arm64/vdev/vgic.c) mirrors what a guest programs
 * onto the lines it owns through gic_irq_config() and friends. */
#include "arch/arm64/irq/gic.h"

#include "arch/arm64/cpu/spinlock.h"
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/cpu/time.h"
#include "core/base/bitfield.h"
#include "core/base/log.h"
#include "core/hw/gic_regs.h"
#include "core/hw/gicv4.h"
#include "core/vdev/vgicd.h"
#include "core/vdev/vgicr.h"

/* Register n of a GICD array (the base offsets are core/vdev/vgicd.h's, shared with the model). */
#define GICD_ISENABLER_N(n) (GICD_ISENABLER + 4 * (n))
#define GICD_ICENABLER_N(n) (GICD_ICENABLER + 4 * (n))
#define GICD_ISPENDR_N(n) (GICD_ISPENDR + 4 * (n))
#define GICD_ICPENDR_N(n) (GICD_ICPENDR + 4 * (n))
#define GICD_ISACTIVER_N(n) (GICD_ISACTIVER + 4 * (n))
#define GICD_ICACTIVER_N(n) (GICD_ICACTIVER + 4 * (n))
#define GICD_IGROUPR_N(n) (GICD_IGROUPR + 4 * (n))
#define GICD_IPRIORITYR_N(n) (GICD_IPRIORITYR + (n))
#define GICD_ICFGR_N(n) (GICD_ICFGR + 4 * (n))
#define GICD_IROUTER_N(n) (GICD_IROUTER + 8 * (n))

#define GICR_CTLR_RWP BIT64(3)

#define ICC_CTLR_EOIMODE BIT64(1)
#define ICC_SRE_EL2_SRE BIT64(0)
#define ICC_SRE_EL2_ENABLE BIT64(3)

/* Priority of bulkhead's own interrupts; forwarded ones use GIC_PRIO_FORWARDED (gic.h). Only the
 * order of acknowledgement depends on it: EL2 runs with interrupts masked. */
#define GIC_PRIO_OWN 0x80

static uintptr_t gicd;
/* Every read-modify-write of a distributor register: GICD_IGROUPR, GICD_ICFGR and GICD_CTLR hold
 * the bits of many interrupts, owned by different partitions and programmed from their CPUs at
 * the same time. A leaf lock (taken under the vGIC locks, never the other way). */
static struct spinlock gicd_lock;
/* The redistributor regions of the GIC node (a board may split its redistributors over several:
 * #redistributor-regions). */
static struct mem_range gicr_regions[PLAT_GIC_MAX_REDIST];
static unsigned n_gicr_regions;
static bool gic_ok;
static uintptr_t cpu_redist[MAX_CPUS]; /* by CPU index, once gic_init_cpu ran there */

static inline uint32_t rd32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}
static inline void wr32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}
static inline uint64_t rd64(uintptr_t a)
{
	return *(volatile uint64_t *)a;
}
static inline void wr8(uintptr_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}
static inline void wr64(uintptr_t a, uint64_t v)
{
	*(volatile uint64_t *)a = v;
}

/* GICD_CTLR.RWP, GICR_CTLR.RWP and GICR_WAKER.ChildrenAsleep clear within microseconds on a
 * working GIC. A GIC that never clears them must not hang a CPU forever: give up after this
 * long and say so (issue 13: every wait on hardware bounded). */
#define GIC_WAIT_NS UINT64_C(10000000)

static bool wait_clear(uintptr_t reg, uint32_t mask, const char *what)
{
	uint64_t deadline = time_now_ns() + GIC_WAIT_NS;

	while (rd32(reg) & mask) {
		if (time_now_ns() > deadline) {
			log_printf("gic: timeout: %s still set after %llu ms\n", what,
				   (unsigned long long)(GIC_WAIT_NS / 1000000));
			return false;
		}
	}
	return true;
}

bool gic_init_boot(const struct platform *plat)
{
	if (plat->gic.version != GIC_V3 || plat->gic.n_redist == 0) {
		log_printf("gic: bulkhead's own interrupts need a GICv3; partitions cannot be stopped remotely\n");
		return false;
	}
	gicd = (uintptr_t)plat->gic.dist.base;
	for (n_gicr_regions = 0; n_gicr_regions < plat->gic.n_redist && n_gicr_regions < PLAT_GIC_MAX_REDIST;
	     n_gicr_regions++)
		gicr_regions[n_gicr_regions] = plat->gic.redist[n_gicr_regions];
	/* The boot loader normally leaves affinity routing on; Group 1 must be enabled. */
	spin_lock(&gicd_lock);
	wr32(gicd + GICD_CTLR, rd32(gicd + GICD_CTLR) | (uint32_t)(GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1NS));
	wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
	spin_unlock(&gicd_lock);
	gic_ok = true;
	gic_lpi_init_boot(rd32(gicd + GICD_TYPER));
	return true;
}

uint32_t gic_n_intids(void)
{
	uint32_t n;

	if (!gic_ok)
		return 0;
	n = 32 * ((uint32_t)FIELD_GET(GICD_TYPER_ITLINES, rd32(gicd + GICD_TYPER)) + 1);
	return n < GIC_MAX_INTID ? n : GIC_MAX_INTID;
}

/* This CPU's redistributor: the one whose GICR_TYPER affinity equals our MPIDR, in whichever
 * region holds it (each region ends at its size or at a frame with GICR_TYPER.Last). A GICv4
 * redistributor (GICR_TYPER.VLPIS) is four 64 KiB frames, not two. */
static uintptr_t find_redist(uint64_t mpidr)
{
	uint32_t aff = gic_typer_affinity(mpidr);
	uint64_t typer;

	for (unsigned g = 0; g < n_gicr_regions; g++) {
		uintptr_t base = (uintptr_t)gicr_regions[g].base, end = base + gicr_regions[g].size;

		for (uintptr_t r = base; r < end; r += gicv4_redist_bytes(typer)) {
			typer = rd64(r + GICR_TYPER);
			if (FIELD_GET(GICR_TYPER_AFF, typer) == aff)
				return r;
			if (typer & GICR_TYPER_LAST)
				break;
		}
	}
	return 0;
}

bool gic_init_cpu(unsigned cpu_index, uint64_t mpidr)
{
	uintptr_t r;
	uint64_t sre;

	if (!gic_ok)
		return true; /* no GICv3 at all: said once, and no partition can be created */
	r = find_redist(mpidr);
	if (!r) {
		log_printf("gic: no redistributor for cpu %u (mpidr 0x%llx)\n", cpu_index, (unsigned long long)mpidr);
		return false;
	}
	wr32(r + GICR_WAKER, rd32(r + GICR_WAKER) & ~(uint32_t)GICR_WAKER_PROCESSOR_SLEEP);
	wait_clear(r + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP, "GICR_WAKER.ChildrenAsleep");
	if (cpu_index < MAX_CPUS)
		cpu_redist[cpu_index] = r;
	gic_lpi_init_cpu(cpu_index, r);
	wr32(r + GICR_IGROUPR0, 0xffffffffu);
	wr8(r + GICR_IPRIORITYR(IPI_PARTITION_STOP), GIC_PRIO_OWN);
	wr8(r + GICR_IPRIORITYR(IPI_VCPU_KICK), GIC_PRIO_OWN);
	wr8(r + GICR_IPRIORITYR(GIC_INTID_MAINTENANCE), GIC_PRIO_OWN);
	wr8(r + GICR_IPRIORITYR(GIC_INTID_HYP_TIMER), GIC_PRIO_OWN);
	wr32(r + GICR_ISENABLER0, gic_bit(IPI_PARTITION_STOP) | gic_bit(IPI_VCPU_KICK) |
					  gic_bit(GIC_INTID_MAINTENANCE) | gic_bit(GIC_INTID_HYP_TIMER));

	__asm__ volatile("mrs %0, S3_4_C12_C9_5" : "=r"(sre)); /* ICC_SRE_EL2 */
	sre |= ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE;
	__asm__ volatile("msr S3_4_C12_C9_5, %0\n\tisb" : : "r"(sre));
	__asm__ volatile("msr S3_0_C4_C6_0, %0" : : "r"((uint64_t)0xff)); /* ICC_PMR_EL1 */
	/* EOImode 1: ICC_EOIR1_EL1 only drops the priority, ICC_DIR_EL1 deactivates. */
	__asm__ volatile("msr S3_0_C12_C12_4, %0\n\tisb" : : "r"((uint64_t)ICC_CTLR_EOIMODE)); /* ICC_CTLR_EL1 */
	__asm__ volatile("msr S3_0_C12_C12_7, %0\n\tisb" : : "r"((uint64_t)1));                /* ICC_IGRPEN1_EL1 */
	return true;
}

bool gic_redist_info(unsigned cpu, uint32_t *proc_num, uint64_t *pa)
{
	uintptr_t r = cpu < MAX_CPUS ? cpu_redist[cpu] : 0;

	if (!r)
		return false;
	*proc_num = (uint32_t)FIELD_GET(GICR_TYPER_PROCESSOR_NUMBER, rd64(r + GICR_TYPER));
	*pa = r; /* the EL2 map is an identity map */
	return true;
}

uint64_t gic_redist_typer(unsigned cpu)
{
	uintptr_t r = cpu < MAX_CPUS ? cpu_redist[cpu] : 0;

	return r ? rd64(r + GICR_TYPER) : 0;
}

bool gic_available(void)
{
	return gic_ok;
}

void gic_send_sgi(unsigned intid, uint64_t mpidr)
{
	uint64_t v = gic_sgi1r_to(intid, mpidr);

	if (!gic_ok)
		return;
	dsb_ish();
	__asm__ volatile("msr S3_0_C12_C11_5, %0\n\tisb" : : "r"(v)); /* ICC_SGI1R_EL1 */
}

uint32_t gic_ack(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(v)); /* ICC_IAR1_EL1 */
	return (uint32_t)FIELD_GET(ICC_IAR1_INTID, v);
}

void gic_eoi(uint32_t intid)
{
	__asm__ volatile("msr S3_0_C12_C12_1, %0\n\tisb" : : "r"((uint64_t)intid)); /* ICC_EOIR1_EL1 */
}

/* Every CPU runs with EOImode = 1 (gic_init_cpu), so every interrupt taken needs this. */
void gic_deactivate(uint32_t intid)
{
	__asm__ volatile("msr S3_0_C12_C11_1, %0\n\tisb" : : "r"((uint64_t)intid)); /* ICC_DIR_EL1 */
}

/* SPIs arrive as edge pulses on some devices (QEMU's SMMU): a level-configured line loses them. */
void gic_spi_enable(uint32_t intid, bool edge, uint64_t mpidr, uint8_t priority)
{
	uint32_t n = gic_bit_reg(intid), bit = gic_bit(intid);
	uint32_t icfgr = intid / GIC_ICFGR_PER_REG;

	if (!gic_ok || intid < 32)
		return;
	spin_lock(&gicd_lock);
	wr32(gicd + GICD_ICENABLER_N(n), bit);
	wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
	wr32(gicd + GICD_IGROUPR_N(n), rd32(gicd + GICD_IGROUPR_N(n)) | bit);
	wr8(gicd + GICD_IPRIORITYR_N(intid), priority);
	wr32(gicd + GICD_ICFGR_N(icfgr), gic_icfgr_set(rd32(gicd + GICD_ICFGR_N(icfgr)), intid, edge));
	wr64(gicd + GICD_IROUTER_N(intid), gic_irouter_to(mpidr));
	wr32(gicd + GICD_ISENABLER_N(n), bit);
	spin_unlock(&gicd_lock);
}

void gic_spi_set_target(uint32_t intid, uint64_t mpidr)
{
	if (!gic_ok || intid < 32 || intid >= GIC_MAX_INTID)
		return;
	spin_lock(&gicd_lock);
	wr64(gicd + GICD_IROUTER_N(intid), gic_irouter_to(mpidr));
	spin_unlock(&gicd_lock);
}

bool gic_selftest_wait_timeout(void)
{
	return gic_ok && wait_clear(gicd + GICD_TYPER, GICD_TYPER_ITLINES, "GICD_TYPER.ITLinesNumber (selftest)");
}

static void wait_dist(void)
{
	wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
}

static void wait_redist(uintptr_t r)
{
	wait_clear(r + GICR_CTLR, GICR_CTLR_RWP, "GICR_CTLR.RWP");
}

static uintptr_t redist_of(unsigned cpu)
{
	return cpu < MAX_CPUS ? cpu_redist[cpu] : 0;
}

void gic_irq_config(uint32_t intid, unsigned cpu, uint64_t target_mpidr, bool enable, bool edge, uint8_t priority)
{
	uint32_t bit = gic_bit(intid);
	uintptr_t r;

	if (!gic_ok || intid >= GIC_MAX_INTID)
		return;
	if (intid >= 32) {
		uint32_t n = gic_bit_reg(intid), icfgr = intid / GIC_ICFGR_PER_REG;

		/* Disable, wait until the distributor has stopped forwarding it, reprogram, enable. */
		spin_lock(&gicd_lock);
		wr32(gicd + GICD_ICENABLER_N(n), bit);
		wait_dist();
		wr32(gicd + GICD_IGROUPR_N(n), rd32(gicd + GICD_IGROUPR_N(n)) | bit);
		wr8(gicd + GICD_IPRIORITYR_N(intid), priority);
		wr32(gicd + GICD_ICFGR_N(icfgr), gic_icfgr_set(rd32(gicd + GICD_ICFGR_N(icfgr)), intid, edge));
		wr64(gicd + GICD_IROUTER_N(intid), gic_irouter_to(target_mpidr));
		if (enable)
			wr32(gicd + GICD_ISENABLER_N(n), bit);
		spin_unlock(&gicd_lock);
		return;
	}
	r = redist_of(cpu);
	if (!r)
		return;
	/* A PPI's trigger is fixed by the hardware that drives it (the timers): only enable and
	 * priority are programmed. */
	wr32(r + GICR_ICENABLER0, bit);
	wait_redist(r);
	wr8(r + GICR_IPRIORITYR(intid), priority);
	if (enable)
		wr32(r + GICR_ISENABLER0, bit);
}

void gic_irq_set_state(uint32_t intid, unsigned cpu, bool active, bool set)
{
	uint32_t bit = gic_bit(intid);
	uintptr_t r;

	if (!gic_ok || intid >= GIC_MAX_INTID)
		return;
	if (intid >= 32) {
		uint32_t n = gic_bit_reg(intid);

		wr32(gicd + (active ? (set ? GICD_ISACTIVER_N(n) : GICD_ICACTIVER_N(n))
				    : (set ? GICD_ISPENDR_N(n) : GICD_ICPENDR_N(n))),
		     bit);
		return;
	}
	r = redist_of(cpu);
	if (r)
		wr32(r + (active ? (set ? GICR_ISACTIVER0 : GICR_ICACTIVER0) : (set ? GICR_ISPENDR0 : GICR_ICPENDR0)),
		     bit);
}

uint32_t gic_irq_read_state(uint32_t base, unsigned cpu, bool active)
{
	uintptr_t r;

	if (!gic_ok || base >= GIC_MAX_INTID)
		return 0;
	if (base >= 32)
		return rd32(gicd + (active ? GICD_ISACTIVER_N(gic_bit_reg(base)) : GICD_ISPENDR_N(gic_bit_reg(base))));
	r = redist_of(cpu);
	return r ? rd32(r + (active ? GICR_ISACTIVER0 : GICR_ISPENDR0)) : 0;
}
