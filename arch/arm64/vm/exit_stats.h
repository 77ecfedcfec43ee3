/* Exits of each partition by reason: every trap from a guest to EL2 and every physical interrupt
 * taken while a guest ran counts once, in the row of the vCPU that exited (only that vCPU's CPU
 * writes its row, so no atomics). BULKHEAD_HVC_STATS (docs/guest-abi.md) prints the sums.
 * WFI/WFE do not trap (HCR_EL2.TWI/TWE clear): an idle vCPU sleeps without an exit. */
#ifndef BULKHEAD_ARCH_EXIT_STATS_H
#define BULKHEAD_ARCH_EXIT_STATS_H

#include <stdint.h>

#include "arch/arm64/cpu/spinlock.h"
#include "core/partition/partition.h"

struct partition_rt;

enum exit_reason {
	EXIT_PSCI,            /* HVC/SMC: a PSCI function */
	EXIT_HVC_CONSOLE,     /* HVC/SMC: BULKHEAD_HVC_CONSOLE_WRITE */
	EXIT_HVC_STATS,       /* HVC/SMC: BULKHEAD_HVC_STATS */
	EXIT_HVC_MANAGE,      /* HVC/SMC: BULKHEAD_HVC_MANAGE */
	EXIT_HVC_OTHER,       /* HVC/SMC: anything else (NOT_SUPPORTED) */
	EXIT_MMIO_GICD,       /* stage-2 data abort emulated: virtual GIC distributor */
	EXIT_MMIO_GICR,       /* ... virtual GIC redistributors */
	EXIT_MMIO_UART,       /* ... virtual PL011 */
	EXIT_MMIO_PCI,        /* ... virtual PCI ECAM (configuration space) */
	EXIT_MMIO_MGMT,       /* ... management window */
	EXIT_MMIO_ITS,        /* ... virtual ITS */
	EXIT_MMIO_GPIO,       /* ... channel doorbell GPIO controller */
	EXIT_SYSREG_SGI,      /* trapped ICC_SGI1R/ASGI1R/SGI0R_EL1 */
	EXIT_SYSREG_SETWAY,   /* trapped DC ISW/CSW/CISW */
	EXIT_SYSREG_PMU,      /* trapped PMU register (read as zero, write ignored) */
	EXIT_FAULT,           /* anything that stopped the partition */
	EXIT_MEM_FIRST_TOUCH, /* stage-2 translation fault on RAM not prepared yet (guest_mem.h) */
	EXIT_IRQ_PASSTHROUGH, /* physical IRQ: one of the partition's SPIs */
	EXIT_IRQ_KICK,        /* physical IRQ: IPI_VCPU_KICK (new virtual interrupts) */
	EXIT_IRQ_MAINTENANCE, /* physical IRQ: vGIC maintenance (list registers to refill) */
	EXIT_IRQ_VTIMER,      /* physical IRQ: the guest's virtual timer (PPI 27) */
	EXIT_IRQ_STOP,        /* physical IRQ: IPI_PARTITION_STOP */
	EXIT_IRQ_HYPTIMER,    /* physical IRQ: bulkhead's EL2 timer (console line flush) */
	EXIT_IRQ_MSI,         /* physical IRQ: an LPI, a device's MSI for some partition */
	EXIT_IRQ_OTHER,       /* physical IRQ: console input, SMMU, spurious */
	EXIT_NR
};

struct exit_stats {
	uint64_t n[PART_MAX_VCPUS][EXIT_NR]; /* row v: written only on vCPU v's CPU */
	struct spinlock lock;                /* the two fields below */
	uint64_t last[EXIT_NR];              /* the sums at the last request */
	uint64_t last_count;                 /* CNTPCT_EL0 at the last request (or at start) */
};

static inline void exit_count(struct exit_stats *s, unsigned vcpu, enum exit_reason r)
{
	if (vcpu < PART_MAX_VCPUS)
		s->n[vcpu][r]++;
}

/* Partition (re)start, no vCPU in guest code: counters to zero, the clock to now. */
void exit_stats_start(struct exit_stats *s);
/* The reason a physical interrupt `intid` taken while p's vCPU ran counts under. */
enum exit_reason exit_irq_reason(const struct partition_rt *p, uint32_t intid);
/* The sums over the partition's vCPUs since its (re)start, and the reasons' names (keys of the
 * management interface's `stats`, docs/guest-abi.md). */
void exit_stats_sums(const struct partition_rt *p, uint64_t sum[EXIT_NR]);
extern const char *const exit_reason_names[EXIT_NR];
/* BULKHEAD_HVC_STATS: print the partition's counters; returns the total number of exits. */
uint64_t exit_stats_report(struct partition_rt *p);

#endif
