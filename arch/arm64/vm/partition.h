/* A running partition: its spec, run state, stage 2, images and emulated devices. What is done
 * with one lives in partition_setup.h (creation), partition_run.h (the run loop, stop, restart)
 * and vcpu_entry.h. */
#ifndef BULKHEAD_ARCH_PARTITION_H
#define BULKHEAD_ARCH_PARTITION_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/spinlock.h"
#include "arch/arm64/mm/guest_mem.h"
#include "arch/arm64/vdev/vgic.h"
#include "arch/arm64/vdev/vits_glue.h"
#include "arch/arm64/vdev/vpci_ecam.h"
#include "arch/arm64/vdev/vuart.h"
#include "arch/arm64/vm/exit_stats.h"
#include "arch/arm64/cpu/part_log.h"
#include "core/mm/pgtable.h"
#include "core/partition/guest_image.h"
#include "core/partition/partition.h"
#include "core/platform/platform.h"
#include "core/vdev/mgmt_window.h"
#include "core/vdev/psci_emul.h"
#include "core/vdev/vpl061.h"

#define MAX_PARTITIONS PART_MAX_PARTITIONS

enum part_state {
	PART_RUNNING,
	PART_STOPPING, /* vCPUs are being parked; becomes STOPPED when none runs */
	PART_STOPPED,
	PART_RESETTING, /* vCPUs are being parked; vCPU 0's CPU then reloads and restarts */
};

struct partition_rt {
	struct partition_spec spec;
	const struct platform *plat; /* the board it runs on (its PCI host bridges) */
	enum part_state state;
	struct spinlock lock;
	struct psci_state psci;
	bool in_guest[PART_MAX_VCPUS]; /* vCPU i is executing guest code on its CPU */
	struct pgtable s2;
	uint64_t vttbr;
	struct arm64_image img;
	struct guest_layout layout;
	void *dtb; /* generated once, copied in on every (re)start */
	size_t dtb_size;
	unsigned boots;
	bool memory_zeroed;             /* partition_scrub() ran and nothing was loaded since */
	struct guest_mem mem;           /* its RAM, prepared on first touch (guest_mem.h) */
	bool mem_eager;                 /* it owns DMA no Command register gates: all prepared at start */
	uint64_t cntvoff;               /* CNTVOFF_EL2 of every vCPU: the count at (re)start */
	struct vgic_part vgic;          /* its virtual GICv3 (vgic.c) */
	struct vuart vuart;             /* its console: emulated PL011 and output lines (vuart.c) */
	struct exit_stats exits;        /* exits by reason (exit_stats.c) */
	struct part_log log;            /* budget of bulkhead's messages on its behalf (part_log.c) */
	struct vpci_ecam vpci;          /* its virtual PCI host bridge, if it owns PCI functions */
	struct vits_part vits;          /* its virtual ITS, if those functions have MSIs */
	enum mgmt_stop last_stop;       /* why it last stopped or restarted (management `list`) */
	struct mgmt_window mgmt;        /* its management window (manage_call.c) */
	struct spinlock mgmt_lock;      /* mgmt and mgmt_text: one management call at a time */
	char mgmt_text[MGMT_DATA_SIZE]; /* a call's result text before it is copied out */
	struct vpl061 gpio;             /* its channel doorbell GPIO controller (channels.c) */
	struct spinlock gpio_lock;      /* gpio and the level of its SPI: rings come from other CPUs */
};

#endif
