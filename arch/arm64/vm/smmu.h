/* DMA isolation policy on the board's SMMUs (smmu_setup.c). */
#ifndef BULKHEAD_ARCH_SMMU_H
#define BULKHEAD_ARCH_SMMU_H

#include <stdbool.h>
#include <stddef.h>

struct boot_inputs;
struct partition_rt;

/* Take over every SMMU, translate each owned stream into its partition's memory, abort the
 * rest, and report faults from then on. Before any partition runs. `in` is copied; what it
 * points to must live for the rest of the hypervisor's life. False when a guest's stream is on an
 * SMMU that did not come up: then nothing may start. */
bool smmu_setup(const struct boot_inputs *in, struct partition_rt *partitions, size_t n);
/* Partition p stops or is about to restart (first thing, before its devices are reset): every
 * stream of its devices aborts, and what the SMMUs cached for it is dropped. Lock held. */
void smmu_partition_quiesce(const struct partition_rt *p);
/* Partition p's new run is about to start (its memory scrubbed and reloaded): its streams
 * translate again. Nothing to do at its first start. Lock held. */
void smmu_partition_resume(const struct partition_rt *p);
/* Test hook (/chosen/bulkhead,selftest "quiesce-bus-master-only", "quiesce-none"): quiesce leaves
 * the streams translating. */
void smmu_selftest_keep_streams(void);

#endif
