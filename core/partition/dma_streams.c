/* DMA isolation policy over the SMMUs (dma_streams.h). */
#include "core/partition/dma_streams.h"

void dma_streams_assign(const struct group_set *gs, const struct partition_map *map, const bool *running,
			size_t n_parts, dma_stream_fn fn, void *ctx)
{
	for (size_t i = 0; i < gs->n_masters; i++) {
		const struct dma_master *m = &gs->masters[i];
		int owner = m->group < map->n_groups ? map->group_owner[m->group] : -1;

		if (owner < 0 || (size_t)owner >= n_parts || !running[owner])
			owner = -1;
		for (size_t k = 0; k < m->n_streams; k++) {
			struct dma_stream s = { i, m->streams[k].smmu, m->streams[k].sid, owner };

			fn(ctx, &s);
		}
	}
}

uint32_t dma_max_sid(const struct group_set *gs, int smmu)
{
	uint32_t max = 0;

	for (size_t i = 0; i < gs->n_masters; i++)
		for (size_t k = 0; k < gs->masters[i].n_streams; k++)
			if (gs->masters[i].streams[k].smmu == smmu && gs->masters[i].streams[k].sid > max)
				max = gs->masters[i].streams[k].sid;
	return max;
}

const struct dma_master *dma_master_of(const struct group_set *gs, int smmu, uint32_t sid)
{
	for (size_t i = 0; i < gs->n_masters; i++)
		for (size_t k = 0; k < gs->masters[i].n_streams; k++)
			if (gs->masters[i].streams[k].smmu == smmu && gs->masters[i].streams[k].sid == sid)
				return &gs->masters[i];
	return NULL;
}

const char *dma_owner_name(const struct partition_map *map, const struct dma_master *m)
{
	int owner;

	if (!m || !map->group_owner || m->group >= map->n_groups)
		return "none";
	owner = map->group_owner[m->group];
	return owner >= 0 && (size_t)owner < map->n_parts ? map->parts[owner].name : "none";
}

bool dma_has_ungated_master(const struct group_set *gs, const struct partition_map *map, size_t part)
{
	for (size_t i = 0; i < gs->n_masters; i++) {
		const struct dma_master *m = &gs->masters[i];
		int owner = m->group < map->n_groups ? map->group_owner[m->group] : -1;

		if (owner < 0 || (size_t)owner != part)
			continue;
		if (m->kind != MASTER_PCI || m->no_iommu || (map->master_trusted && map->master_trusted[i]))
			return true;
	}
	return false;
}
