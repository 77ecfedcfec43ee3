/* Exits and timer latency (bench/exits-timer-bench.sh): `stats`, `busy=N`, `idle=N` and
 * `timerlat=N` (docs/payloads.md).
 *
 * idle= and timerlat= take the EL1 virtual timer's interrupt (PPI 27) through a minimal GICv3
 * driver of probe's own: the distributor's affinity routing and Group 1 enable, this CPU's
 * redistributor (found by GICR_TYPER affinity = MPIDR) awake with PPI 27 in Group 1 and enabled,
 * and the ICC_* system registers. The same code runs on QEMU's GIC (bare, at EL1) and on
 * bulkhead's emulated GICD/GICR with the virtual CPU interface. */
#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "hvc.h"
#include "probe.h"

#define HVC_BULKHEAD_STATS 0x86000002u /* docs/guest-abi.md */

#define TIMER_INTID 27 /* EL1 virtual timer PPI */
#define CNTV_CTL_ENABLE 1u

#define GICD_CTLR 0x0000
#define GICD_CTLR_G1 (1u << 1)  /* EnableGrp1 (single Security state) / EnableGrp1NS */
#define GICD_CTLR_ARE (1u << 4) /* ARE (single Security state) */
#define GICD_CTLR_RWP (1u << 31)
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_STRIDE 0x20000
#define GICR_SGI 0x10000 /* the SGI/PPI frame */
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_IPRIORITYR 0x0400

#define GIC_TIMEOUT_US 100000
#define TIMERLAT_KEPT 1024 /* samples kept for the median */

/* The interrupt handler's state (probe_irq). */
static volatile uint64_t irq_fired;
static volatile uint64_t irq_latency; /* counter at the vector minus CNTV_CVAL_EL0 */
static volatile uint64_t irq_other;   /* anything but PPI 27 */
volatile uint32_t probe_irq_last_other;

static bool gic_ready;
uint64_t probe_gicd;    /* the distributor, once probe_gic_init() succeeded */
static uint64_t gic_rd; /* this vCPU's redistributor */

static inline uint64_t counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static inline uint32_t rd32(uint64_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

static inline void wr32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)a = v;
}

static inline uint64_t rd64(uint64_t a)
{
	return *(volatile uint64_t *)(uintptr_t)a;
}

/* Waits until (reg & mask) == 0; false after GIC_TIMEOUT_US. */
static bool wait_clear(uint64_t reg, uint32_t mask)
{
	uint64_t start = counter(), limit = GIC_TIMEOUT_US * (rt_counter_hz() / 1000) / 1000;

	while (rd32(reg) & mask)
		if (counter() - start > limit)
			return false;
	return true;
}

/* reg entry i of a root child (the GIC node): root #address-cells/#size-cells. */
static bool reg_entry(const void *fdt, int node, int i, uint64_t *base, uint64_t *size)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0), len;
	const fdt32_t *p = fdt_getprop(fdt, node, "reg", &len);
	uint64_t v[2] = { 0, 0 };

	if (!p || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len < (i + 1) * (ac + sc) * 4)
		return false;
	p += i * (ac + sc);
	for (int k = 0; k < ac + sc; k++) {
		int which = k < ac ? 0 : 1;

		v[which] = (v[which] << 32) | fdt32_to_cpu(p[k]);
	}
	*base = v[0];
	*size = v[1];
	return true;
}

bool probe_gic_init(void)
{
	const void *fdt = probe_boot->fdt;
	uint64_t gicd, gicd_size, gicr, gicr_size, rd = 0, self = rt_read_mpidr();
	uint64_t aff = (self & 0xffffff) | ((self >> 32) & 0xff) << 24;
	int node;

	if (gic_ready)
		return true;
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	if (node < 0 || !reg_entry(fdt, node, 0, &gicd, &gicd_size) || !reg_entry(fdt, node, 1, &gicr, &gicr_size)) {
		con_printf("probe: FAIL no arm,gic-v3 node with distributor and redistributor in the DT\n");
		return false;
	}
	for (uint64_t off = 0; off + GICR_STRIDE <= gicr_size; off += GICR_STRIDE) {
		uint64_t typer = rd64(gicr + off + GICR_TYPER);

		if ((typer >> 32) == aff) {
			rd = gicr + off;
			break;
		}
		if (typer & GICR_TYPER_LAST)
			break;
	}
	gic_rd = rd;
	if (!rd) {
		con_printf("probe: FAIL no redistributor for MPIDR 0x%lx in 0x%lx+0x%lx\n", (unsigned long)self,
			   (unsigned long)gicr, (unsigned long)gicr_size);
		return false;
	}

	/* Distributor: affinity routing, Group 1 on. */
	wr32(gicd + GICD_CTLR, rd32(gicd + GICD_CTLR) | GICD_CTLR_ARE | GICD_CTLR_G1);
	if (!wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP)) {
		con_printf("probe: FAIL GICD_CTLR.RWP stays set\n");
		return false;
	}
	/* Redistributor: awake; PPI 27 Group 1, middle priority, enabled. */
	wr32(rd + GICR_WAKER, rd32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	if (!wait_clear(rd + GICR_WAKER, GICR_WAKER_ASLEEP)) {
		con_printf("probe: FAIL GICR_WAKER.ChildrenAsleep stays set\n");
		return false;
	}
	wr32(rd + GICR_SGI + GICR_ICENABLER0, 1u << TIMER_INTID);
	wr32(rd + GICR_SGI + GICR_IGROUPR0, rd32(rd + GICR_SGI + GICR_IGROUPR0) | 1u << TIMER_INTID);
	*(volatile uint8_t *)(uintptr_t)(rd + GICR_SGI + GICR_IPRIORITYR + TIMER_INTID) = 0x80;
	__asm__ volatile("msr cntv_ctl_el0, xzr; isb" : : : "memory");
	wr32(rd + GICR_SGI + GICR_ISENABLER0, 1u << TIMER_INTID);

	/* CPU interface: system registers, every priority unmasked, Group 1 on, EOImode 0. */
	__asm__ volatile("mrs x0, S3_0_C12_C12_5\n\t" /* ICC_SRE_EL1 */
			 "orr x0, x0, #1\n\t"
			 "msr S3_0_C12_C12_5, x0\n\t"
			 "isb\n\t"
			 "mov x0, #0xff\n\t"
			 "msr S3_0_C4_C6_0, x0\n\t"    /* ICC_PMR_EL1 */
			 "msr S3_0_C12_C12_3, xzr\n\t" /* ICC_BPR1_EL1 */
			 "mov x0, #1\n\t"
			 "msr S3_0_C12_C12_7, x0\n\t" /* ICC_IGRPEN1_EL1 */
			 "isb"
			 :
			 :
			 : "x0", "memory");
	probe_gicd = gicd;
	gic_ready = true;
	return true;
}

/* From probe_irq.S with interrupts masked: acknowledge, and for the timer take the latency and
 * switch it off (its line drops) before the EOI, which also deactivates (EOImode 0; under
 * bulkhead the hardware list register passes the deactivation to the physical PPI). */
void probe_irq(uint64_t now);
__attribute__((target("general-regs-only"))) void probe_irq(uint64_t now)
{
	uint64_t iar, cval;

	__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(iar) : : "memory"); /* ICC_IAR1_EL1 */
	iar &= 0xffffff;
	if (iar >= 1020 && iar <= 1023)
		return; /* spurious */
	if (iar == TIMER_INTID) {
		__asm__ volatile("mrs %0, cntv_cval_el0" : "=r"(cval));
		__asm__ volatile("msr cntv_ctl_el0, xzr; isb" : : : "memory");
		irq_latency = now - cval;
		irq_fired = irq_fired + 1;
	} else {
		probe_irq_last_other = (uint32_t)iar;
		irq_other = irq_other + 1;
	}
	__asm__ volatile("msr S3_0_C12_C12_1, %0; isb" : : "r"(iar) : "memory"); /* ICC_EOIR1_EL1 */
}

static uint64_t vectors_install(void)
{
	extern char probe_irq_vectors[];
	uint64_t old;

	__asm__ volatile("mrs %0, vbar_el1" : "=r"(old));
	__asm__ volatile("msr vbar_el1, %0; isb" : : "r"(probe_irq_vectors) : "memory");
	return old;
}

static void vectors_restore(uint64_t old)
{
	__asm__ volatile("msr cntv_ctl_el0, xzr; msr vbar_el1, %0; isb" : : "r"(old) : "memory");
}

bool probe_gic_redist(uint64_t *redist)
{
	if (!probe_gic_init())
		return false;
	*redist = gic_rd;
	return true;
}

uint64_t probe_irq_others(void)
{
	return irq_other;
}

uint64_t probe_vectors_install(void)
{
	return vectors_install();
}

void probe_vectors_restore(uint64_t old)
{
	vectors_restore(old);
}

static void timer_arm(uint64_t cval)
{
	__asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb"
			 :
			 : "r"(cval), "r"((uint64_t)CNTV_CTL_ENABLE)
			 : "memory");
}

static bool parse_ms(const char *what, const char *arg, uint64_t *n)
{
	uint64_t v = 0;

	if (!arg || !*arg)
		goto bad;
	for (const char *p = arg; *p; p++) {
		if (*p < '0' || *p > '9' || v > UINT64_MAX / 100)
			goto bad;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v == 0)
		goto bad;
	*n = v;
	return true;
bad:
	con_printf("probe: FAIL bad count in %s=%s\n", what, arg ? arg : "");
	return false;
}

/* BULKHEAD_HVC_STATS: x0 (0, or an error such as NOT_SUPPORTED), and the exit count in *exits. */
static int64_t stats_hypercall(uint64_t *exits)
{
	register uint64_t x0 __asm__("x0") = HVC_BULKHEAD_STATS;
	register uint64_t x1 __asm__("x1") = 0;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1)
			 :
			 : "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
			   "x16", "x17", "memory");
	*exits = x1;
	return (int64_t)x0;
}

void probe_stats(const char *arg)
{
	uint64_t exits;
	int64_t r = stats_hypercall(&exits);

	(void)arg;
	if (r == PSCI_RET_NOT_SUPPORTED)
		con_printf("probe: stats not available (NOT_SUPPORTED: no bulkhead underneath)\n");
	else if (r != 0)
		con_printf("probe: FAIL stats hypercall returned %ld\n", (long)r);
	else
		con_printf("probe: stats: %lu exits so far\n", (unsigned long)exits);
}

/* N statistics hypercalls in a row, printing nothing itself: what bulkhead prints for them must
 * stay within the partition's console budget. */
void probe_stats_flood(const char *arg)
{
	uint64_t n = strtoull(arg, NULL, 10), failed = 0, exits;

	for (uint64_t i = 0; i < n; i++)
		failed += stats_hypercall(&exits) != 0;
	con_printf("probe: %lu stats hypercalls made, %lu failed\n", (unsigned long)n, (unsigned long)failed);
}

/* Compute with memory stores and no hypercall: what a busy guest costs in exits. */
#define BUSY_WORDS 2048 /* 16 KiB */
static volatile uint64_t busy_area[BUSY_WORDS];

void probe_busy(const char *arg)
{
	uint64_t ms, end, passes = 0, x = 0x9e3779b97f4a7c15ULL;

	if (!parse_ms("busy", arg, &ms))
		return;
	end = counter() + ms * (rt_counter_hz() / 1000);
	while (counter() < end) {
		for (unsigned i = 0; i < BUSY_WORDS; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			busy_area[i] = x;
		}
		passes++;
	}
	con_printf("probe: busy %lu ms: %lu passes of 16 KiB stores\n", (unsigned long)ms, (unsigned long)passes);
}

/* Sleep in WFI; the virtual timer wakes the vCPU every 10 ms. Interrupts stay masked around
 * WFI (which still wakes on a pending one) and are opened only to take it: no lost wake-up. */
void probe_idle(const char *arg)
{
	uint64_t ms, hz = rt_counter_hz(), tick = hz / 100, end, wakeups = 0, timer_irqs, saved;

	if (!parse_ms("idle", arg, &ms) || !probe_gic_init())
		return;
	saved = vectors_install();
	irq_fired = 0;
	end = counter() + ms * (hz / 1000);
	for (uint64_t now = counter(); now < end; now = counter()) {
		uint64_t seen = irq_fired;

		timer_arm(now + tick < end ? now + tick : end);
		while (irq_fired == seen) {
			__asm__ volatile("dsb sy; wfi" : : : "memory");
			wakeups++;
			__asm__ volatile("msr daifclr, #2; isb; msr daifset, #2" : : : "memory");
		}
	}
	timer_irqs = irq_fired;
	vectors_restore(saved);
	con_printf("probe: idle %lu ms: %lu timer interrupts, %lu wake-ups\n", (unsigned long)ms,
		   (unsigned long)timer_irqs, (unsigned long)wakeups);
}

static uint64_t timerlat_samples[TIMERLAT_KEPT];

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* N times: the virtual timer ~1 ms ahead, then the ticks from its deadline to the IRQ vector.
 * The vCPU spins with interrupts open while it waits. */
void probe_timerlat(const char *arg)
{
	uint64_t n, hz = rt_counter_hz(), ahead = hz / 1000, min = UINT64_MAX, max = 0, sum = 0, saved, avg100, kept;

	if (!parse_ms("timerlat", arg, &n) || !probe_gic_init())
		return;
	saved = vectors_install();
	irq_other = 0;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t seen = irq_fired, start = counter(), lat;

		timer_arm(start + ahead);
		__asm__ volatile("msr daifclr, #2; isb" : : : "memory");
		while (irq_fired == seen && counter() - start < 100 * ahead)
			;
		__asm__ volatile("msr daifset, #2; isb" : : : "memory");
		if (irq_fired == seen) {
			vectors_restore(saved);
			con_printf("probe: FAIL timerlat: no timer interrupt within 100 ms (sample %lu)\n",
				   (unsigned long)i + 1);
			return;
		}
		lat = irq_latency;
		if (i < TIMERLAT_KEPT)
			timerlat_samples[i] = lat;
		sum += lat;
		min = lat < min ? lat : min;
		max = lat > max ? lat : max;
	}
	vectors_restore(saved);
	avg100 = sum * 100 / n;
	kept = n < TIMERLAT_KEPT ? n : TIMERLAT_KEPT;
	qsort(timerlat_samples, kept, sizeof(timerlat_samples[0]), cmp_u64);
	con_printf("probe: timerlat min %lu median %lu avg %lu.%02lu max %lu ticks of %lu Hz (deadline 1 ms ahead)\n",
		   (unsigned long)min, (unsigned long)timerlat_samples[kept / 2], (unsigned long)(avg100 / 100),
		   (unsigned long)(avg100 % 100), (unsigned long)max, (unsigned long)hz);
	if (irq_other)
		con_printf("probe: FAIL timerlat: %lu interrupts other than PPI 27\n", (unsigned long)irq_other);
	con_printf("probe: timerlat %lu samples avg %lu.%02lu ticks\n", (unsigned long)n, (unsigned long)(avg100 / 100),
		   (unsigned long)(avg100 % 100));
}
