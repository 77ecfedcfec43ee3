/* Typed system-register accessors, one macro per register: read_hcr_el2(), write_hcr_el2(v).
 * Field masks for the registers bulkhead programs live beside them, named as in the Arm ARM. */
#ifndef BULKHEAD_ARCH_SYSREG_H
#define BULKHEAD_ARCH_SYSREG_H

#include <stdint.h>

#include "core/base/bitfield.h"
#include "core/hw/mpidr.h"

#define DEFINE_SYSREG_RW(name)                                               \
	static inline uint64_t read_##name(void)                             \
	{                                                                    \
		uint64_t v;                                                  \
		__asm__ volatile("mrs %0, " #name : "=r"(v));                \
		return v;                                                    \
	}                                                                    \
	static inline void write_##name(uint64_t v)                          \
	{                                                                    \
		__asm__ volatile("msr " #name ", %0" : : "r"(v) : "memory"); \
	}

#define DEFINE_SYSREG_RO(name)                                \
	static inline uint64_t read_##name(void)              \
	{                                                     \
		uint64_t v;                                   \
		__asm__ volatile("mrs %0, " #name : "=r"(v)); \
		return v;                                     \
	}

DEFINE_SYSREG_RO(currentel)
DEFINE_SYSREG_RO(mpidr_el1)
DEFINE_SYSREG_RO(midr_el1)
DEFINE_SYSREG_RO(id_aa64mmfr0_el1)
DEFINE_SYSREG_RO(id_aa64mmfr1_el1)
DEFINE_SYSREG_RO(id_aa64pfr0_el1)
DEFINE_SYSREG_RO(cntpct_el0)
DEFINE_SYSREG_RO(cntfrq_el0)
DEFINE_SYSREG_RO(esr_el2)
DEFINE_SYSREG_RO(far_el2)
DEFINE_SYSREG_RO(hpfar_el2)
DEFINE_SYSREG_RW(elr_el2)
DEFINE_SYSREG_RW(spsr_el2)
DEFINE_SYSREG_RW(hcr_el2)
DEFINE_SYSREG_RW(sctlr_el2)
DEFINE_SYSREG_RW(tcr_el2)
DEFINE_SYSREG_RW(mair_el2)
DEFINE_SYSREG_RW(ttbr0_el2)
DEFINE_SYSREG_RW(vbar_el2)
DEFINE_SYSREG_RW(vtcr_el2)
DEFINE_SYSREG_RW(vttbr_el2)
DEFINE_SYSREG_RW(tpidr_el2)
DEFINE_SYSREG_RW(tpidr_el0)
DEFINE_SYSREG_RW(cptr_el2)
DEFINE_SYSREG_RW(cnthctl_el2)
DEFINE_SYSREG_RW(cntvoff_el2)
DEFINE_SYSREG_RW(vmpidr_el2)
DEFINE_SYSREG_RW(vpidr_el2)
DEFINE_SYSREG_RW(mdcr_el2)
DEFINE_SYSREG_RW(daif)
DEFINE_SYSREG_RW(sctlr_el1)
DEFINE_SYSREG_RW(tcr_el1)
DEFINE_SYSREG_RW(mair_el1)
DEFINE_SYSREG_RW(ttbr0_el1)

/* CurrentEL */
#define CURRENTEL_EL GENMASK64(3, 2)

/* SCTLR_EL2 (non-VHE) */
#define SCTLR_EL2_M BIT64(0)
#define SCTLR_EL2_A BIT64(1)
#define SCTLR_EL2_C BIT64(2)
#define SCTLR_EL2_SA BIT64(3)
#define SCTLR_EL2_I BIT64(12)
#define SCTLR_EL2_WXN BIT64(19)
#define SCTLR_EL2_EE BIT64(25)
/* RES1 bits of SCTLR_EL2 when HCR_EL2.E2H == 0: 4,5,11,16,18,22,23,28,29. */
#define SCTLR_EL2_RES1 \
	(BIT64(4) | BIT64(5) | BIT64(11) | BIT64(16) | BIT64(18) | BIT64(22) | BIT64(23) | BIT64(28) | BIT64(29))

/* HCR_EL2 (Arm ARM D17.2.48) */
#define HCR_VM BIT64(0)   /* stage-2 translation */
#define HCR_SWIO BIT64(1) /* set/way invalidate becomes clean+invalidate */
#define HCR_PTW BIT64(2)  /* stage-1 walks into Device memory fault */
#define HCR_FMO BIT64(3)  /* physical FIQ, IRQ, SError go to EL2 */
#define HCR_IMO BIT64(4)
#define HCR_AMO BIT64(5)
#define HCR_FB BIT64(9) /* broadcast TLB/cache maintenance inner shareable */
#define HCR_BSU GENMASK64(11, 10)
#define HCR_BSU_IS 1
#define HCR_TSC BIT64(19)   /* SMC traps: the guest must not reach the real firmware's PSCI */
#define HCR_TIDCP BIT64(20) /* implementation-defined registers can affect other CPUs */
#define HCR_TSW BIT64(22)   /* set/way maintenance reaches shared caches */
#define HCR_RW BIT64(31)    /* EL1 is AArch64 */

/* SPSR for an exception return */
#define SPSR_D BIT64(9)
#define SPSR_A BIT64(8)
#define SPSR_I BIT64(7)
#define SPSR_F BIT64(6)
#define SPSR_M GENMASK64(4, 0)
#define SPSR_M_EL1H 0x5

static inline unsigned current_el(void)
{
	return (unsigned)FIELD_GET(CURRENTEL_EL, read_currentel());
}

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

static inline void wfe(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

static inline void sev(void)
{
	__asm__ volatile("sev" : : : "memory");
}

#endif
