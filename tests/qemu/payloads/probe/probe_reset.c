/* probe: what a guest can learn from the PMU and what survives a restart (issue 13 items 3, 4).
 *   pmu-el2     counts cycles at EL2 only (PMCCFILTR_EL0: P and U set, NSH set) across 100
 *               hypercalls and prints the filter it reads back and the count
 *   regs-dirty  writes FP/SIMD, TPIDR_EL0, debug, CSSELR_EL1 and PMU registers
 *   regs-show   prints them (FP/SIMD and TPIDR_EL0 as found at the first instruction, since the
 *               runtime uses them): after a restart each must read its reset value
 *   cpu-on-reset  the same across CPU_OFF and CPU_ON: vCPU 1 dirties them and turns itself off,
 *               is turned on again and prints them */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hvc.h"
#include "probe.h"
#include "rt.h"

#define PMCCFILTR_P (1ull << 31)
#define PMCCFILTR_U (1ull << 30)
#define PMCCFILTR_NSH (1ull << 27)
#define PMCR_E (1ull << 0)
#define PMCR_C (1ull << 2)
#define PMCNTEN_CYCLES (1ull << 31)
#define PMU_HYPERCALLS 100

#define READ(reg, v) __asm__ volatile("mrs %0, " #reg : "=r"(v))
#define WRITE(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")

void probe_pmu_el2(const char *arg)
{
	uint64_t before, after, filter, pmcr;

	(void)arg;
	WRITE(pmccfiltr_el0, PMCCFILTR_P | PMCCFILTR_U | PMCCFILTR_NSH);
	WRITE(pmcntenset_el0, PMCNTEN_CYCLES);
	READ(pmcr_el0, pmcr);
	WRITE(pmcr_el0, pmcr | PMCR_E | PMCR_C);
	READ(pmccntr_el0, before);
	for (int i = 0; i < PMU_HYPERCALLS; i++)
		(void)psci_call(PSCI_VERSION, 0, 0, 0);
	READ(pmccntr_el0, after);
	READ(pmccfiltr_el0, filter);
	con_printf("probe: pmu filter 0x%lx, cycles counted at EL2 over %d hypercalls: %lu\n", (unsigned long)filter,
		   PMU_HYPERCALLS, (unsigned long)(after - before));
}

static void regs_dirty(void)
{
	uint64_t pmcr;

	/* Every V register all ones, FPCR AHP/DN/FZ/RMode, FPSR QC and the cumulative flags. */
	__asm__ volatile("mov x9, #-1\n\t"
			 ".irp n, "
			 "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n\t"
			 "dup v\\n\\().2d, x9\n\t"
			 ".endr"
			 :
			 :
			 : "x9", "memory");
	WRITE(fpcr, 0x07c00000);
	WRITE(fpsr, 0x0800001f);
	WRITE(tpidr_el0, 0x1234);
	WRITE(csselr_el1, 2); /* level 2 data or unified cache */
	/* Breakpoint 0 and watchpoint 0 programmed but not enabled (E clear), so nothing fires. */
	WRITE(dbgbvr0_el1, 0x40001000);
	WRITE(dbgbcr0_el1, 0x1e6);
	WRITE(dbgwvr0_el1, 0x40002000);
	WRITE(dbgwcr0_el1, 0x1ff8);
	WRITE(oslar_el1, 0);
	WRITE(mdscr_el1, 0x9000); /* MDE, TDCC */
	WRITE(pmccfiltr_el0, PMCCFILTR_NSH);
	WRITE(pmcntenset_el0, PMCNTEN_CYCLES);
	WRITE(pmuserenr_el0, 0xf);
	WRITE(pmselr_el0, 1);
	READ(pmcr_el0, pmcr);
	WRITE(pmcr_el0, pmcr | PMCR_E);
}

void probe_regs_dirty(const char *arg)
{
	(void)arg;
	regs_dirty();
	con_printf("probe: registers dirtied\n");
}

/* `who` prefixes the lines ("" or "vcpu N "); `entry` holds the registers the runtime uses itself,
 * as found at the first instruction (start.S). */
static void regs_show(const char *who, const struct rt_entry_regs *entry)
{
	uint64_t lo = entry->v_or_lo, hi = entry->v_or_hi, fpcr = entry->fpcr, fpsr = entry->fpsr;
	uint64_t tpidr = entry->tpidr_el0, mdscr, csselr, oslsr, bcr, bvr, wcr, wvr;
	uint64_t pmcr, pmcnten, pmccfiltr, pmuserenr, pmselr, pmccntr;

	READ(mdscr_el1, mdscr);
	READ(csselr_el1, csselr);
	READ(oslsr_el1, oslsr);
	READ(dbgbcr0_el1, bcr);
	READ(dbgbvr0_el1, bvr);
	READ(dbgwcr0_el1, wcr);
	READ(dbgwvr0_el1, wvr);
	READ(pmcr_el0, pmcr);
	READ(pmcntenset_el0, pmcnten);
	READ(pmccfiltr_el0, pmccfiltr);
	READ(pmuserenr_el0, pmuserenr);
	READ(pmselr_el0, pmselr);
	READ(pmccntr_el0, pmccntr);
	con_printf("probe: %sregs v=0x%lx:0x%lx fpcr=0x%lx fpsr=0x%lx tpidr_el0=0x%lx mdscr=0x%lx csselr=0x%lx "
		   "oslsr=0x%lx dbgbcr0=0x%lx dbgbvr0=0x%lx dbgwcr0=0x%lx dbgwvr0=0x%lx\n",
		   who, (unsigned long)hi, (unsigned long)lo, (unsigned long)fpcr, (unsigned long)fpsr,
		   (unsigned long)tpidr, (unsigned long)mdscr, (unsigned long)csselr, (unsigned long)oslsr,
		   (unsigned long)bcr, (unsigned long)bvr, (unsigned long)wcr, (unsigned long)wvr);
	con_printf("probe: %spmu pmcr=0x%lx pmcntenset=0x%lx pmccfiltr=0x%lx pmuserenr=0x%lx pmselr=0x%lx "
		   "pmccntr=0x%lx\n",
		   who, (unsigned long)pmcr, (unsigned long)pmcnten, (unsigned long)pmccfiltr, (unsigned long)pmuserenr,
		   (unsigned long)pmselr, (unsigned long)pmccntr);
}

void probe_regs_show(const char *arg)
{
	(void)arg;
	regs_show("", &rt_entry_regs);
}

/* What vCPU 1 does at its next CPU_ON (probe_secondary_job). */
enum { JOB_NONE, JOB_DIRTY, JOB_SHOW };
static int secondary_job;

void probe_secondary_job(unsigned cpu)
{
	int job = __atomic_exchange_n(&secondary_job, JOB_NONE, __ATOMIC_ACQ_REL);
	char who[16];

	if (job == JOB_NONE)
		return;
	if (job == JOB_DIRTY)
		regs_dirty();
	else {
		snprintf(who, sizeof(who), "vcpu %u ", cpu);
		regs_show(who, &rt_entry_regs_cpu[cpu < RT_MAX_CPUS ? cpu : 0]);
	}
	(void)psci_call(PSCI_CPU_OFF, 0, 0, 0);
}

/* Start vCPU 1 for `job` and wait until it has turned itself off again. */
static bool run_on_vcpu1(int job)
{
	uint64_t mpidr = probe_boot->mpidr[1];

	__atomic_store_n(&secondary_job, job, __ATOMIC_RELEASE);
	if (rt_cpu_on(1, mpidr) != PSCI_RET_SUCCESS)
		return false;
	for (int waited_ms = 0; waited_ms < 5000; waited_ms++) {
		rt_delay_us(1000);
		if (__atomic_load_n(&secondary_job, __ATOMIC_ACQUIRE) == JOB_NONE &&
		    psci_call(PSCI_AFFINITY_INFO64, mpidr, 0, 0) == 1 /* OFF */)
			return true;
	}
	return false;
}

void probe_cpu_on_reset(const char *arg)
{
	(void)arg;
	if (probe_boot->n_cpus < 2) {
		con_printf("probe: FAIL cpu-on-reset needs a second vCPU\n");
		return;
	}
	if (!run_on_vcpu1(JOB_DIRTY) || !run_on_vcpu1(JOB_SHOW)) {
		con_printf("probe: FAIL cpu-on-reset: vcpu 1 did not start or stop\n");
		return;
	}
	con_printf("probe: cpu-on-reset done\n");
}
