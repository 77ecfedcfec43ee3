/* Boot-time marks (boot_marks.c): instructions from hypervisor entry to a partition's start. */
#ifndef BULKHEAD_ARCH_BOOT_MARKS_H
#define BULKHEAD_ARCH_BOOT_MARKS_H

#include <stdbool.h>

struct trap_frame;

/* The hypervisor's first C instruction. */
void boot_mark_entry(void);
/* Partition `name` is about to run its first instruction (its first boot, vCPU 0). */
void boot_mark_first_entry(const char *name);

/* The first-trap mark: bench builds only. bench/lean-paths.sh builds a second image with
 * HYP_EXTRA_CFLAGS=-DBULKHEAD_BENCH_MARKS, whose vCPU 0 of each partition prints
 *   partition NAME: first trap N us after hypervisor entry (T counter ticks)
 *   partition NAME: first trap was ESR_EL2 0x... at guest PC 0x... (FAR_EL2 0x...)
 *                                 (or: an interrupt at guest PC 0x...)
 * at its first exit to EL2 (first boot only), so that the bench can say what the figure measures;
 * the real image prints nothing more and pays nothing on the exit path. */
#ifdef BULKHEAD_BENCH_MARKS
void boot_mark_first_trap(const char *name, unsigned boots, unsigned vcpu, const struct trap_frame *f, bool irq);
#else
static inline void boot_mark_first_trap(const char *name, unsigned boots, unsigned vcpu, const struct trap_frame *f,
					bool irq)
{
	(void)name;
	(void)boots;
	(void)vcpu;
	(void)f;
	(void)irq;
}
#endif

#endif
