/* Guest timers.
 *
 * A partition uses the EL1 virtual timer directly: CNTV_CTL_EL0/CNTV_CVAL_EL0 are not trapped and
 * its interrupt, PPI 27 of the vCPU's physical CPU, is forwarded with a hardware list register
 * (vgic_forward_hw, called by the runtime's handler in arch/arm64/vm/guest_irqs.c), so the guest's EOI deactivates it and nothing traps on the way out. The EL1
 * physical timer stays trapped (CNTHCTL_EL2.EL1PCEN = 0) and is not offered; the physical counter
 * is readable (EL1PCTEN = 1). The EL2 physical timer is bulkhead's own (arch/arm64/vdev/vuart.c uses
 * it to flush partial console lines).
 *
 * CNTVOFF_EL2 is per partition: the physical count when the partition (re)starts. Each
 * partition's virtual counter therefore starts near 0 at its boot, like a machine just powered
 * on (Linux's sched_clock and printk times start at 0 on every boot and restart), and all its
 * vCPUs see the same virtual counter, which Linux requires. The offset never changes while the
 * partition runs, so the virtual counter never jumps.
 *
 * Across a restart the timer is reset: each vCPU's CNTV_CTL_EL0 is cleared when it parks and when
 * it enters, and the physical PPI 27 is left neither pending nor active. */
#include "arch/arm64/vdev/vtimer.h"

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/irq/gic.h"

/* CNTHCTL_EL2 (non-VHE): EL1 may read the physical counter; the physical timer traps. */
#define CNTHCTL_EL1PCTEN BIT64(0)

uint64_t vtimer_partition_offset(void)
{
	return read_cntpct_el0();
}

void vtimer_vcpu_enter(uint64_t cntvoff)
{
	unsigned me = this_cpu()->index;

	write_cntvoff_el2(cntvoff);
	write_cnthctl_el2(CNTHCTL_EL1PCTEN);
	__asm__ volatile("msr cntv_ctl_el0, xzr\n\tmsr cntv_cval_el0, xzr\n\tisb" : : : "memory");
	/* Whatever an earlier run of this CPU left behind. */
	gic_irq_set_state(GIC_INTID_VTIMER, me, true, false);
	gic_irq_set_state(GIC_INTID_VTIMER, me, false, false);
}

void vtimer_vcpu_stop(void)
{
	/* The line drops at once: no virtual timer interrupt reaches an idle CPU. */
	__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb" : : : "memory");
}
