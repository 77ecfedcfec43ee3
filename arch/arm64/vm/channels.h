/* Shared-memory channels at run time (docs/guest-abi.md, "Channels"): their memory zeroed once
 * at boot, each partition's doorbell counts, and ringing. The mappings themselves are stage 2's
 * (stage2.c) and the guest DT's (core/partition/guest_dt_channels.c). */
#ifndef BULKHEAD_ARCH_CHANNELS_H
#define BULKHEAD_ARCH_CHANNELS_H

#include "arch/arm64/vm/partition.h"
#include "core/partition/manage.h"

struct partition_map;

/* Once at boot, before any partition runs: the partitions (parts[i] is the map's partition i)
 * and every channel's memory zeroed to the point of coherency. */
void channels_init(struct partition_rt *parts, unsigned n, const struct partition_map *map);

/* `caller` rings channel `name`: every other partition on it has its doorbell count raised and
 * its doorbell SPI made pending, and the channel's line of its doorbell GPIO controller pulsed. MGMT_OK, or MGMT_ERR_NO_CHANNEL when the caller maps no channel
 * of that name. */
int channel_ring(struct partition_rt *caller, const char *name);

/* The doorbell GPIO controller (vdev_mmio_fn, dev: the struct partition_rt): the virtual PL061 at
 * CHANNEL_GPIO_IPA of a partition that maps channels, its output driven onto CHANNEL_GPIO_INTID
 * after every access. NOT_MINE in a partition without channels. */
enum vdev_outcome channel_gpio_mmio(void *dev, unsigned vcpu, struct vdev_access *a);
/* Stop or restart (and once at boot): the controller back to reset, its interrupt low. */
void channel_gpio_reset(struct partition_rt *p);

/* The channels `caller` maps, one mgmt_format_channel() line each. */
void channels_list(const struct partition_rt *caller, struct mgmt_out *o);

#endif
