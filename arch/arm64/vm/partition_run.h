/* Partitions at run time (partition_run.c): which vCPU each CPU runs, the per-CPU run loop,
 * starting, stopping and restarting. */
#ifndef BULKHEAD_ARCH_PARTITION_RUN_H
#define BULKHEAD_ARCH_PARTITION_RUN_H

#include <stdbool.h>

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/vm/partition.h"

struct vcpu_ref {
	struct partition_rt *part;
	unsigned vcpu;
};

/* Which partition and vCPU physical CPU `cpu` runs (part NULL: none). */
extern struct vcpu_ref cpu_vcpu[MAX_CPUS];

/* The vCPU this CPU runs. */
static inline struct vcpu_ref current_vcpu(void)
{
	return cpu_vcpu[this_cpu()->index];
}

/* Zero the partition's memory (to the point of coherency) except where its images are copied at its
 * start; the next start does not zero it again. */
void partition_scrub(struct partition_rt *p);
/* Make vCPU 0 pending and wake the CPUs: called once per partition after all are created. */
void partition_start(struct partition_rt *p);

/* The physical CPU's loop: run whichever of its vCPUs is pending, or wait. Never returns. */
__attribute__((noreturn)) void cpu_run_loop(void);
/* Leave guest code for good on this CPU (CPU_OFF, partition stop): back to the run loop on a
 * fresh stack. Called with p->lock held; releases it. */
__attribute__((noreturn)) void vcpu_park(struct partition_rt *p, unsigned vcpu);
/* Stop (or restart) the partition the calling vCPU belongs to; the caller parks. Lock held. */
__attribute__((noreturn)) void partition_stop_from_vcpu(struct partition_rt *p, unsigned vcpu, bool restart);
/* Stop (or restart) partition p from outside it (a management call of another partition): its
 * vCPUs in guest code are sent IPI_PARTITION_STOP; with none there, the stop completes here. A
 * STOPPED partition asked to restart boots again from its pristine images. Lock held. */
void partition_stop_remote(struct partition_rt *p, bool restart);
/* An IPI arrived while vCPU ran guest code: park if its partition is stopping. */
void partition_check_stop(struct partition_rt *p, unsigned vcpu);
/* Wake the physical CPUs of the partition's vCPUs (not this one) to look at their run state. */
void partition_wake_cpus(const struct partition_rt *p);

#endif
