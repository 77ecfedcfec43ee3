/* Shared-memory channels at run time (channels.h). A doorbell is an emulated edge-triggered SPI
 * of the receiving partition's virtual GIC plus a count the receiver can poll (user space, which
 * cannot take the interrupt, reads it through the management window). Counts are kept across
 * the receiver's restarts, like the channel's memory: a channel outlives its members' runs. */
#include "arch/arm64/vm/channels.h"

#include <string.h>

#include "arch/arm64/mm/cache.h"
#include "core/base/log.h"
#include "core/config/config.h"

static struct partition_rt *parts;
static unsigned n_parts;
/* rings[i][k]: doorbells partition i received on its channel slot k (spec.channels[k]). */
static uint64_t rings[PART_MAX_PARTITIONS][PART_MAX_CHANNELS];

void channels_init(struct partition_rt *p, unsigned n, const struct partition_map *map)
{
	parts = p;
	n_parts = n;
	for (size_t i = 0; i < map->n_channels; i++) {
		const struct pmap_channel *c = &map->channels[i];

		if (!c->allocated)
			continue;
		mem_zero_to_poc(pa_val(c->pa), c->size);
		log_printf("channel %s: 0x%llx bytes at pa 0x%llx, zeroed\n", c->name, (unsigned long long)c->size,
			   (unsigned long long)pa_val(c->pa));
	}
}

static const struct part_channel *find(const struct partition_rt *p, const char *name)
{
	for (unsigned k = 0; k < p->spec.n_channels; k++)
		if (strcmp(p->spec.channels[k].name, name) == 0)
			return &p->spec.channels[k];
	return NULL;
}

int channel_ring(struct partition_rt *caller, const char *name)
{
	const struct part_channel *mine = find(caller, name);

	if (!mine)
		return MGMT_ERR_NO_CHANNEL;
	for (unsigned i = 0; i < n_parts; i++) {
		struct partition_rt *q = &parts[i];

		if (q == caller || !q->dtb)
			continue;
		for (unsigned k = 0; k < q->spec.n_channels; k++) {
			if (q->spec.channels[k].id != mine->id)
				continue;
			__atomic_fetch_add(&rings[i][k], 1, __ATOMIC_RELAXED);
			vgic_raise_spi(&q->vgic, q->spec.channels[k].doorbell);
		}
	}
	return MGMT_OK;
}

void channels_list(const struct partition_rt *caller, struct mgmt_out *o)
{
	unsigned self = (unsigned)(caller - parts);

	for (unsigned k = 0; k < caller->spec.n_channels; k++) {
		const struct part_channel *c = &caller->spec.channels[k];
		const char *peers[PART_MAX_PARTITIONS];
		struct mgmt_chan_info ci = { .name = c->name,
					     .size = c->size,
					     .ipa = c->ipa,
					     .read_only = c->read_only,
					     .doorbell = c->doorbell,
					     .rings = self < PART_MAX_PARTITIONS
							      ? __atomic_load_n(&rings[self][k], __ATOMIC_RELAXED)
							      : 0,
					     .peers = peers };

		for (unsigned i = 0; i < n_parts; i++) {
			if (&parts[i] == caller || !parts[i].dtb)
				continue;
			for (unsigned j = 0; j < parts[i].spec.n_channels; j++)
				if (parts[i].spec.channels[j].id == c->id)
					peers[ci.n_peers++] = parts[i].spec.name;
		}
		mgmt_format_channel(o, &ci);
	}
}
