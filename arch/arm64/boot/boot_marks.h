/* The first-trap boot mark: bench builds only. bench/lean-paths.sh builds a second image with
 * HYP_EXTRA_CFLAGS=-DBULKHEAD_BENCH_MARKS, whose vCPU 0 of each partition prints
 *   partition NAME: first trap N us after hypervisor entry (T counter ticks)
 * at its first exit to EL2; the real image prints nothing more and pays nothing on the exit path. */
#ifndef BULKHEAD_ARCH_BOOT_MARKS_H
#define BULKHEAD_ARCH_BOOT_MARKS_H

struct partition_rt;

#ifdef BULKHEAD_BENCH_MARKS
void boot_mark_first_trap(const struct partition_rt *p, unsigned vcpu);
#else
static inline void boot_mark_first_trap(const struct partition_rt *p, unsigned vcpu)
{
	(void)p;
	(void)vcpu;
}
#endif

#endif
