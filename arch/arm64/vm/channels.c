/* Shared-memory channels at run time (channels.h). A doorbell is three things in the receiving
 * partition: an emulated edge-triggered SPI of its virtual GIC (the channel's own, for a guest
 * with its own driver), a pulse on the channel's line of its doorbell GPIO controller (a virtual
 * PL061 that Linux's gpio-pl061 driver binds, so user space waits for the edge through the GPIO
 * character device), and a count it can read through the management window. Counts are kept across
 * the receiver's restarts, like the channel's memory: a channel outlives its members' runs. */
#include "arch/arm64/vm/channels.h"

#include <string.h>

#include "arch/arm64/mm/cache.h"
#include "core/base/log.h"
#include "core/config/config.h"

_Static_assert(PART_MAX_CHANNELS <= VPL061_LINES, "one doorbell GPIO line per channel of a partition");
_Static_assert(CHANNEL_GPIO_SIZE == VPL061_FRAME_SIZE, "the doorbell GPIO window is one PL061 frame");

static struct partition_rt *parts;
static unsigned n_parts;
/* rings[i][k]: doorbells partition i received on its channel slot k (spec.channels[k]). */
static uint64_t rings[PART_MAX_PARTITIONS][PART_MAX_CHANNELS];

void channels_init(struct partition_rt *p, unsigned n, const struct partition_map *map)
{
	parts = p;
	n_parts = n;
	for (unsigned i = 0; i < n; i++)
		vpl061_reset(&p[i].gpio);
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
			spin_lock(&q->gpio_lock);
			vpl061_pulse(&q->gpio, k);
			vgic_set_spi_line(&q->vgic, CHANNEL_GPIO_INTID, vpl061_irq_level(&q->gpio));
			spin_unlock(&q->gpio_lock);
		}
	}
	return MGMT_OK;
}

enum vdev_outcome channel_gpio_mmio(void *dev, unsigned vcpu, struct vdev_access *a)
{
	struct partition_rt *p = dev;
	enum vdev_outcome out;

	(void)vcpu;
	if (!p->spec.n_channels)
		return VDEV_NOT_MINE;
	/* The level is set under the controller's lock so that it follows the controller's state in
	 * the order the changes happened, whichever CPU made them. */
	spin_lock(&p->gpio_lock);
	out = vpl061_mmio(&p->gpio, CHANNEL_GPIO_IPA, a);
	if (out == VDEV_HANDLED)
		vgic_set_spi_line(&p->vgic, CHANNEL_GPIO_INTID, vpl061_irq_level(&p->gpio));
	spin_unlock(&p->gpio_lock);
	return out;
}

void channel_gpio_reset(struct partition_rt *p)
{
	if (!p->spec.n_channels)
		return;
	spin_lock(&p->gpio_lock);
	vpl061_reset(&p->gpio);
	vgic_set_spi_line(&p->vgic, CHANNEL_GPIO_INTID, false);
	spin_unlock(&p->gpio_lock);
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
