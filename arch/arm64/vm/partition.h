/* Running partitions: setup, the per-CPU run loop, stopping and restarting. */
#ifndef BULKHEAD_ARCH_PARTITION_H
#define BULKHEAD_ARCH_PARTITION_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/vm/exit_stats.h"
#include "arch/arm64/cpu/spinlock.h"
#include "arch/arm64/vdev/vgic.h"
#include "arch/arm64/vdev/vpci_ecam.h"
#include "arch/arm64/vdev/vuart.h"
#include "core/partition/guest_image.h"
#include "core/partition/partition.h"
#include "core/mm/pgtable.h"
#include "core/platform/platform.h"
#include "core/vdev/psci_emul.h"

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
	uint64_t cntvoff;        /* CNTVOFF_EL2 of every vCPU: the count at (re)start */
	struct vgic_part vgic;   /* its virtual GICv3 (vgic.c) */
	struct vuart vuart;      /* its console: emulated PL011 and output lines (vuart.c) */
	struct exit_stats exits; /* exits by reason (exit_stats.c) */
	struct vpci_ecam vpci;   /* its virtual PCI host bridge, if it owns PCI functions */
};

struct vcpu_ref {
	struct partition_rt *part;
	unsigned vcpu;
};

/* Which partition and vCPU physical CPU `cpu` runs (part NULL: none). */
extern struct vcpu_ref cpu_vcpu[MAX_CPUS];

/* The vCPU this CPU runs. */
static inline struct vcpu_ref current_vcpu(void)
{
	return cpu_vcpu[this_cpu()->index];
}
extern uint64_t guest_vtcr;

/* Build stage-2, DTB and memory contents; false after printing why. */
bool partition_create(struct partition_rt *p, const struct partition_spec *spec, const void *board_fdt,
		      const struct platform *plat);
/* Copy images and DTB into the partition's memory (fresh on every start). */
void partition_load(struct partition_rt *p);
/* Make vCPU 0 pending and wake the CPUs: called once per partition after all are created. */
void partition_start(struct partition_rt *p);

/* The physical CPU's loop: run whichever of its vCPUs is pending, or wait. Never returns. */
__attribute__((noreturn)) void cpu_run_loop(void);
/* Leave guest code for good on this CPU (CPU_OFF, partition stop): back to the run loop on a
 * fresh stack. Called with p->lock held; releases it. */
__attribute__((noreturn)) void vcpu_park(struct partition_rt *p, unsigned vcpu);
/* Stop (or restart) the partition the calling vCPU belongs to; the caller parks. Lock held. */
__attribute__((noreturn)) void partition_stop_from_vcpu(struct partition_rt *p, unsigned vcpu, bool restart);
/* An IPI arrived while vCPU ran guest code: park if its partition is stopping. */
void partition_check_stop(struct partition_rt *p, unsigned vcpu);

/* vcpu_entry.c */
__attribute__((noreturn)) void vcpu_enter(struct partition_rt *p, unsigned vcpu, uint64_t entry, uint64_t x0);
/* switch_stack.S: run fn on the given stack; never returns */
__attribute__((noreturn)) void switch_stack_and_run(uint64_t stack_top, void (*fn)(void));
__attribute__((noreturn)) void guest_launch(struct trap_frame *frame);

/* partition_pci.c: its PCI functions' Command at every start; bus mastering off and
 * function-level reset when it stops or before it restarts (before its memory is reused). */
void partition_pci_start(struct partition_rt *p);
void partition_pci_quiesce(struct partition_rt *p);

/* Wake the physical CPUs of the partition's vCPUs (not this one) to look at their run state. */
void partition_wake_cpus(const struct partition_rt *p);

/* IPA -> PA in the partition's memory; false outside it. */
bool partition_ipa_to_pa(const struct partition_rt *p, uint64_t ipa, uint64_t len, uint64_t *pa);

#endif
