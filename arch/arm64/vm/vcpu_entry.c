/* Entering a vCPU: the EL2 controls that confine it, the architectural reset state of its EL1
 * registers (and, through vcpu_reset.c, of FP/SIMD, debug and PMU), its virtual timer and virtual CPU interface, then an exception return to its first
 * instruction. */
#include <string.h>

#include "arch/arm64/cpu/switch_stack.h"
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/vdev/vtimer.h"
#include "arch/arm64/vm/stage2.h"
#include "arch/arm64/vm/vcpu_entry.h"
#include "arch/arm64/vm/vcpu_reset.h"

/* HCR_EL2 while a guest runs (fields in cpu/sysreg.h). */
#define HCR_GUEST                                                                                               \
	(HCR_VM | HCR_SWIO | HCR_PTW | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | FIELD_PREP(HCR_BSU, HCR_BSU_IS) | \
	 HCR_TSC | HCR_TIDCP | HCR_TSW | HCR_RW)

/* CPTR_EL2 (non-VHE): RES1 bits 13:12 and 9:0; TFP (bit 10) clear so FP/SIMD is the guest's;
 * TTA: trace unit registers trap (a guest's trace could cover EL2), and are a fault. */
#define CPTR_EL2_RES1 (GENMASK64(13, 12) | GENMASK64(9, 0))
#define CPTR_EL2_TTA BIT64(20)
#define VMPIDR_RES1 BIT64(31)
/* SCTLR_EL1 reset: MMU and caches off, RES1 bits of ARMv8.0 (11, 20, 22, 23, 28, 29). */
#define SCTLR_EL1_RESET (BIT64(11) | BIT64(20) | BIT64(22) | BIT64(23) | BIT64(28) | BIT64(29))

static void reset_el1_state(void)
{
	__asm__ volatile("msr sctlr_el1, %0\n\t"
			 "msr tcr_el1, xzr\n\t"
			 "msr ttbr0_el1, xzr\n\t"
			 "msr ttbr1_el1, xzr\n\t"
			 "msr mair_el1, xzr\n\t"
			 "msr vbar_el1, xzr\n\t"
			 "msr contextidr_el1, xzr\n\t"
			 "msr tpidr_el1, xzr\n\t"
			 "msr tpidrro_el0, xzr\n\t"
			 "msr sp_el0, xzr\n\t"
			 "msr sp_el1, xzr\n\t"
			 "msr elr_el1, xzr\n\t"
			 "msr spsr_el1, xzr\n\t"
			 "msr cpacr_el1, xzr\n\t"
			 "msr cntv_ctl_el0, xzr\n\t"
			 "msr cntkctl_el1, xzr\n\t"
			 "msr afsr0_el1, xzr\n\t"
			 "msr afsr1_el1, xzr\n\t"
			 "msr esr_el1, xzr\n\t"
			 "msr far_el1, xzr\n\t"
			 "msr amair_el1, xzr\n\t"
			 "msr par_el1, xzr"
			 :
			 : "r"(SCTLR_EL1_RESET)
			 : "memory");
}

void vcpu_enter(struct partition_rt *p, unsigned vcpu, uint64_t entry, uint64_t x0)
{
	uint64_t stack_top = cpu_stack_top[this_cpu()->index];
	struct trap_frame *f = (struct trap_frame *)(stack_top - sizeof(struct trap_frame));

	write_vtcr_el2(guest_vtcr);
	write_vttbr_el2(p->vttbr);
	write_vmpidr_el2(VMPIDR_RES1 | vcpu);
	write_vpidr_el2(read_midr_el1());
	write_cptr_el2(CPTR_EL2_RES1 | CPTR_EL2_TTA);
	/* FP/SIMD (CPTR_EL2 above gives it to the guest), debug, PMU, MDCR_EL2; then EL1. */
	vcpu_reset_cpu_state();
	reset_el1_state();
	/* The virtual timer (CNTVOFF_EL2, CNTHCTL_EL2, an idle CNTV) and an empty virtual CPU
	 * interface; then whatever interrupts are already queued for this vCPU. */
	vtimer_vcpu_enter(p->cntvoff);
	vgic_vcpu_start(&p->vgic, vcpu);
	vgic_vcpu_sync(&p->vgic, vcpu);
	write_hcr_el2(HCR_GUEST);
	isb();
	/* Nothing this VMID cached before (an earlier run of the partition) may survive. */
	__asm__ volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb" : : : "memory");

	memset(f, 0, sizeof(*f));
	f->x[0] = x0;
	f->elr = entry;
	f->spsr = SPSR_D | SPSR_A | SPSR_I | SPSR_F | SPSR_M_EL1H;
	guest_launch(f);
}
