/* probe: the versatile test payload. Its bootargs are a list of commands (docs/payloads.md). */
#ifndef PROBE_H
#define PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "rt.h"

#define PROBE_FOREVER UINT64_MAX
#define PROBE_HEARTBEAT_US 50000

extern const struct rt_boot *probe_boot;
/* The first heartbeat=N of the bootargs (0 if none): what secondaries do once online. */
extern uint64_t probe_secondary_heartbeats;

void probe_heartbeats(int cpu, uint64_t n); /* cpu < 0: the boot vCPU's own format */
void probe_smp(void);
void probe_memcheck(void);

/* The partition's RAM outside the image, DTB, initrd and /memreserve/ (probe_memcheck.c). */
#define PROBE_MAX_EXCL 16
#define PROBE_MAX_SPANS (RT_MAX_RAM * (PROBE_MAX_EXCL + 1))
struct probe_span {
	uint64_t start, end;
};
unsigned probe_free_spans(struct probe_span spans[PROBE_MAX_SPANS]);

/* probe_scan.c: search that memory for leftovers of others (`scan=`), and `note=`. */
void probe_scan(const char *arg);
void probe_note(const char *arg);
void probe_fpsimd(uint64_t n);
void probe_sysregs(uint64_t n);

/* probe_edu.c: QEMU's edu PCI device, and canaries the boot vCPU's heartbeats check. */
void probe_edu(unsigned n);
void probe_edu_write(const char *arg);
void probe_edu_read(const char *arg);
void probe_edu_bench(uint64_t n);
void probe_canary(const char *arg);
/* The n-th edu's BAR0 (0 after a FAIL line); a DMA started and not waited for (bus mastering
 * enabled first, if it is off); waiting (bounded) until none runs; its liveness register, which keeps a value across partition restarts. */
uint64_t probe_edu_bar(unsigned n);
void probe_edu_start(uint64_t bar, uint64_t src, uint64_t dst, uint64_t count, bool to_ram);
bool probe_edu_busy(uint64_t bar);
bool probe_edu_wait(uint64_t bar);
uint32_t probe_edu_scratch(uint64_t bar);
void probe_edu_set_scratch(uint64_t bar, uint32_t v);
/* probe_dma_restart.c: `dma-restart=N`, a DMA in flight at each of N restarts. */
void probe_dma_restart(const char *arg);
void probe_canary_check(uint64_t beat); /* after each heartbeat of the boot vCPU */

/* probe_fwcfg.c: fw-cfg's DMA interface, which no IOMMU translates. */
void probe_fwcfg_dma(const char *arg);
/* probe_pci.c: forbidden configuration-space accesses through a virtual ECAM window. */
void probe_pci_hostile(const char *arg);
/* probe_its.c: commands a virtual ITS must refuse, and a command-queue flood. */
void probe_its_hostile(const char *arg);
void probe_its_translater(const char *arg);
void probe_its_msi(const char *arg);
/* probe_its_pending.c: a pending LPI withdrawn by CLEAR, and one left pending at a restart. */
void probe_its_clear(const char *arg);
void probe_its_restart(const char *arg);
void probe_its_mapi(const char *arg);

/* probe_timer.c: exit statistics, busy and idle phases, timer interrupt latency. */
void probe_stats(const char *arg);
void probe_stats_flood(const char *arg);
void probe_busy(const char *arg);
void probe_idle(const char *arg);
void probe_timerlat(const char *arg);
/* probe_gic_init() (below), then this vCPU's redistributor in *redist. The GIC as those commands set it up (affinity routing, this vCPU's redistributor awake, the CPU
 * interface on), for other users of interrupts: this vCPU's redistributor in *redist. Interrupts
 * other than the timer's are counted, the last one's INTID kept (then EOI'd, nothing else). */
bool probe_gic_redist(uint64_t *redist);
uint64_t probe_irq_others(void);
extern volatile uint32_t probe_irq_last_other;
uint64_t probe_vectors_install(void);
void probe_vectors_restore(uint64_t old);
/* probe_hvclat.c: the HVC round trip in counter ticks. */
void probe_hvclat(const char *arg);

/* probe_reset.c: the PMU at EL2 and the registers a restart must reset. */
void probe_pmu_el2(const char *arg);
void probe_regs_dirty(const char *arg);
void probe_regs_show(const char *arg);
void probe_cpu_on_reset(const char *arg);
void probe_secondary_job(unsigned cpu); /* first thing a secondary does: cpu-on-reset's part */
void probe_setway(const char *arg);     /* probe_setway.c */

/* Register checks in assembly (probe_fpsimd.S, probe_sysregs.S): 0 if every register held
 * its pattern across n PSCI_VERSION calls, else 1 with the first difference in *fail. */
struct probe_reg_fail {
	uint64_t trap;  /* 1-based hypercall after which the difference showed */
	uint64_t index; /* which register (see the tables in probe_regs.c) */
	uint64_t half;  /* V registers: 0 = bits 63:0, 1 = bits 127:64 */
	uint64_t want;
	uint64_t got;
};
int probe_fpsimd_check(uint64_t n, struct probe_reg_fail *fail);
int probe_sysregs_check(uint64_t n, struct probe_reg_fail *fail, uint64_t alt_vbar);

/* probe_manage.c: the management hypercall. */
void probe_manage(const char *arg);

/* probe_timer.c's minimal GICv3 driver: distributor on, this CPU's redistributor awake, the CPU
 * interface's Group 1 on (interrupts stay masked in PSTATE). probe_gicd: the distributor. */
bool probe_gic_init(void);
extern uint64_t probe_gicd;

/* probe_channel.c: shared-memory channels (docs/guest-abi.md, "Channels"). */
void probe_chan_write(const char *arg);
void probe_chan_read(const char *arg);
void probe_chan_zero(const char *arg);
void probe_nonzero(const char *arg);
void probe_chan_wait(const char *arg);

#endif
