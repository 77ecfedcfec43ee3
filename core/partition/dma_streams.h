/* DMA isolation policy over the SMMUs, as pure functions: which partition each stream of each DMA
 * master is translated into, and which streams abort (docs/smmuv3.md). The hypervisor programs
 * the SMMUs from this (arch/arm64/vm/smmu_setup.c); the same answers are host-tested. */
#ifndef BULKHEAD_CORE_DMA_STREAMS_H
#define BULKHEAD_CORE_DMA_STREAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config/config.h"
#include "core/groups/groups.h"

struct dma_stream {
	size_t master; /* index into group_set.masters */
	int smmu;      /* index into platform.smmus */
	uint32_t sid;
	int owner; /* partition index it is translated into; -1: it aborts */
};

typedef void (*dma_stream_fn)(void *ctx, const struct dma_stream *s);

/* Every stream of every DMA master, in master then stream order, with its owner: the partition
 * owning the master's group when `running[owner]` (it was created), else -1 (an unowned group, or
 * an owner that is not running: the stream keeps aborting). n_parts entries in running. */
void dma_streams_assign(const struct group_set *gs, const struct partition_map *map, const bool *running,
			size_t n_parts, dma_stream_fn fn, void *ctx);

/* The highest stream ID any master uses on SMMU `smmu` (0 if none): the stream table's size. */
uint32_t dma_max_sid(const struct group_set *gs, int smmu);
/* The master emitting `sid` on SMMU `smmu`, or NULL. */
const struct dma_master *dma_master_of(const struct group_set *gs, int smmu, uint32_t sid);
/* The name of the partition owning master m's group, "none" if m is NULL or the group unowned. */
const char *dma_owner_name(const struct partition_map *map, const struct dma_master *m);

/* Whether partition `part` owns a DMA master that Bus Master Enable in the virtual PCI Command
 * register does not hold back: a platform device, or any master without IOMMU coverage (trusted).
 * Such a partition's memory is prepared whole at every start, not on first touch. */
bool dma_has_ungated_master(const struct group_set *gs, const struct partition_map *map, size_t part);

#endif
