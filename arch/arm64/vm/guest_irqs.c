/* Physical interrupts taken for the partition runtime: the vector entry points, and the handlers
 * that need to know which vCPU runs on this CPU (the devices below them do not): the
 * partition-stop and kick IPIs, passthrough SPIs and the virtual timer (both forwarded to the
 * vGIC), and the EL2 timer that flushes a partition's partial console line. Every return to a
 * guest passes vgic_vcpu_sync(), which refills the vCPU's list registers. */
#include "arch/arm64/vm/guest_irqs.h"
#include "arch/arm64/vm/partition_run.h"

#include "arch/arm64/cpu/boot_marks.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/irq/irq.h"
#include "arch/arm64/vm/partition.h"

void guest_irq_handler(struct trap_frame *f);
void guest_irq_handler(struct trap_frame *f)
{
	struct vcpu_ref cur = current_vcpu();
	uint32_t intid;

	if (cur.part)
		boot_mark_first_trap(cur.part->spec.name, cur.part->boots, cur.vcpu, f, true);
	intid = irq_ack();
	/* Counted first: the partition-stop IPI's handler does not return. */
	if (cur.part)
		exit_count(&cur.part->exits, cur.vcpu, exit_irq_reason(cur.part, intid));
	irq_dispatch(intid, f);
	cur = current_vcpu();
	if (cur.part)
		vgic_vcpu_sync(&cur.part->vgic, cur.vcpu);
}

/* An interrupt while the hypervisor itself ran: only in the run loop's idle wait (EL2 otherwise
 * runs with interrupts masked), so no guest frame goes with it. */
void hyp_irq_handler(struct trap_frame *f);
void hyp_irq_handler(struct trap_frame *f)
{
	(void)f;
	irq_handle_one(NULL);
}

/* IPI_PARTITION_STOP: the partition this CPU runs is stopping or restarting. */
static void stop_ipi(uint32_t intid, void *ctx, struct trap_frame *f)
{
	struct vcpu_ref cur = current_vcpu();

	(void)intid;
	(void)ctx;
	/* In the run loop (no frame) the CPU is not in guest code: nothing to park. */
	if (cur.part && f)
		partition_check_stop(cur.part, cur.vcpu);
}

/* IPI_VCPU_KICK: new virtual interrupts for the vCPU here (refilled on the way back into the
 * guest), or new work for an idle CPU's run loop. Nothing to do in the handler itself. */
static void kick_ipi(uint32_t intid, void *ctx, struct trap_frame *f)
{
	(void)intid;
	(void)ctx;
	(void)f;
}

void guest_spi_irq(uint32_t intid, void *ctx, struct trap_frame *f)
{
	struct partition_rt *p = ctx;
	struct vcpu_ref cur = current_vcpu();

	vgic_forward_hw(&p->vgic, f && cur.part == p ? cur.vcpu : PART_MAX_VCPUS, intid);
}

/* PPI 27 (acknowledged, priority dropped, still active): for the vCPU running on this CPU. */
static void vtimer_irq(uint32_t intid, void *ctx, struct trap_frame *f)
{
	struct vcpu_ref cur = current_vcpu();

	(void)ctx;
	if (!cur.part || !f) {
		gic_deactivate(intid);
		return;
	}
	vgic_forward_hw(&cur.part->vgic, cur.vcpu, intid);
}

/* The EL2 timer: print the partial console line of the partition this CPU runs. */
static void flush_irq(uint32_t intid, void *ctx, struct trap_frame *f)
{
	struct vcpu_ref cur = current_vcpu();

	(void)intid;
	(void)ctx;
	(void)f;
	vuart_flush_timer_expired(cur.part ? &cur.part->vuart : NULL);
}

void guest_irqs_init(void)
{
	irq_register(IPI_PARTITION_STOP, stop_ipi, NULL, false);
	irq_register(IPI_VCPU_KICK, kick_ipi, NULL, false);
	irq_register(GIC_INTID_VTIMER, vtimer_irq, NULL, true);
	irq_register(GIC_INTID_HYP_TIMER, flush_irq, NULL, false);
}
