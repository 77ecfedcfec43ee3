/* Boot-time marks (boot_marks.c): instructions from hypervisor entry to a partition's start. */
#ifndef BULKHEAD_ARCH_BOOT_MARKS_H
#define BULKHEAD_ARCH_BOOT_MARKS_H

/* The hypervisor's first C instruction. */
void boot_mark_entry(void);
/* Partition `name` is about to run its first instruction (its first boot, vCPU 0). */
void boot_mark_first_entry(const char *name);

#endif
