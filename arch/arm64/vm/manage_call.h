/* The management interface on the trap side (docs/guest-abi.md, "Management"): the hypercall
 * BULKHEAD_HVC_MANAGE and the management window device. Decisions are core/partition/manage.c's;
 * this file snapshots partitions, copies results and drives partition_run.c. */
#ifndef BULKHEAD_ARCH_MANAGE_CALL_H
#define BULKHEAD_ARCH_MANAGE_CALL_H

#include "arch/arm64/cpu/exceptions.h"
#include "arch/arm64/vm/partition.h"
#include "core/vdev/vdev.h"

#define HVC_BULKHEAD_MANAGE 0x86000003u

struct partition_map;
struct group_set;

/* The partitions (parts[i] is the map's partition i; one without a DTB was not created) and what
 * `groups` lists. Called once at boot, before any partition runs. */
void manage_init(struct partition_rt *parts, unsigned n, const struct partition_map *map, const struct group_set *gs);

/* BULKHEAD_HVC_MANAGE from vCPU `v` of p: x1 op, x2/x3 buffer IPA and size, x4-x7 name; returns
 * with x0 = status and x1 = result length. */
void manage_hypercall(struct partition_rt *p, struct trap_frame *f);

/* The management window, a vdev_mmio_fn on the partition (dev = struct partition_rt). */
enum vdev_outcome manage_window_mmio(void *dev, unsigned vcpu, struct vdev_access *a);

#endif
