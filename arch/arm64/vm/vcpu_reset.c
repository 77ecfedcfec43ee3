/* What a vCPU starts with besides its EL1 system registers (vcpu_entry.c): FP/SIMD, the debug
 * registers, the performance monitors, and MDCR_EL2.
 *
 * The PMU belongs to nobody: MDCR_EL2.TPM/TPMCR trap every guest access and guest_traps.c
 * answers them read-as-zero, write-ignored, so no partition can count cycles or events at EL2
 * (a timing channel into the hypervisor) and the guest DT has no PMU node. The debug registers
 * are the guest's own: bulkhead never runs two vCPUs on one CPU, debug exceptions of a guest
 * target EL1 (MDCR_EL2.TDE clear) and are never taken from EL2, and every (re)start clears them
 * here (docs/guest-abi.md). */
#include "arch/arm64/vm/vcpu_reset.h"

#include "arch/arm64/cpu/sysreg.h"
#include "core/base/bitfield.h"

#define MDCR_EL2_HPMN GENMASK64(4, 0)
#define MDCR_EL2_TPMCR BIT64(5)
#define MDCR_EL2_TPM BIT64(6)
#define MDCR_EL2_HPMD BIT64(17) /* FEAT_PMUv3p1: no event counting at EL2 */
#define MDCR_EL2_TTRF BIT64(19) /* FEAT_TRF: TRFCR_EL1 traps (a fault) */
#define MDCR_EL2_HCCD BIT64(23) /* FEAT_PMUv3p5: no cycle counting at EL2 */

#define ID_AA64DFR0_PMUVER GENMASK64(11, 8)
#define ID_AA64DFR0_BRPS GENMASK64(15, 12) /* breakpoints - 1 */
#define ID_AA64DFR0_WRPS GENMASK64(23, 20) /* watchpoints - 1 */
#define ID_AA64DFR0_TRACEFILT GENMASK64(43, 40)
#define PMUVER_V3 1
#define PMUVER_V3P1 4
#define PMUVER_V3P5 6
#define PMUVER_IMPDEF 0xf

#define PMCR_N GENMASK64(15, 11)
#define PMCR_C BIT64(2) /* reset the cycle counter */
#define PMCR_P BIT64(1) /* reset the event counters */
#define PMU_ALL_COUNTERS 0xffffffffull
#define OSLAR_OSLK BIT64(0)

static uint64_t read_id_aa64dfr0(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, id_aa64dfr0_el1" : "=r"(v));
	return v;
}

/* One breakpoint's or watchpoint's value and control registers; n is part of the encoding. */
#define CLEAR_BP(n) __asm__ volatile("msr dbgbcr" #n "_el1, xzr\n\tmsr dbgbvr" #n "_el1, xzr")
#define CLEAR_WP(n) __asm__ volatile("msr dbgwcr" #n "_el1, xzr\n\tmsr dbgwvr" #n "_el1, xzr")
/* Registers last..0 (falls through downwards: only implemented registers are touched). */
#define CLEAR_DOWN_FROM(last, CLEAR)          \
	switch (last) {                       \
	case 15:                              \
		CLEAR(15);                    \
		__attribute__((fallthrough)); \
	case 14:                              \
		CLEAR(14);                    \
		__attribute__((fallthrough)); \
	case 13:                              \
		CLEAR(13);                    \
		__attribute__((fallthrough)); \
	case 12:                              \
		CLEAR(12);                    \
		__attribute__((fallthrough)); \
	case 11:                              \
		CLEAR(11);                    \
		__attribute__((fallthrough)); \
	case 10:                              \
		CLEAR(10);                    \
		__attribute__((fallthrough)); \
	case 9:                               \
		CLEAR(9);                     \
		__attribute__((fallthrough)); \
	case 8:                               \
		CLEAR(8);                     \
		__attribute__((fallthrough)); \
	case 7:                               \
		CLEAR(7);                     \
		__attribute__((fallthrough)); \
	case 6:                               \
		CLEAR(6);                     \
		__attribute__((fallthrough)); \
	case 5:                               \
		CLEAR(5);                     \
		__attribute__((fallthrough)); \
	case 4:                               \
		CLEAR(4);                     \
		__attribute__((fallthrough)); \
	case 3:                               \
		CLEAR(3);                     \
		__attribute__((fallthrough)); \
	case 2:                               \
		CLEAR(2);                     \
		__attribute__((fallthrough)); \
	default:                              \
		CLEAR(1);                     \
		CLEAR(0);                     \
	}

/* Debug state: no breakpoint or watchpoint armed, monitors off, OS lock set (its cold reset
 * value; a guest's OS clears it). At least two of each exist (ARMv8). The claim tags
 * (DBGCLAIM*_EL1) are left alone: QEMU does not implement them, and they only coordinate
 * software, holding no address or control. */
static void reset_debug(uint64_t dfr0)
{
	CLEAR_DOWN_FROM(FIELD_GET(ID_AA64DFR0_BRPS, dfr0), CLEAR_BP)
	CLEAR_DOWN_FROM(FIELD_GET(ID_AA64DFR0_WRPS, dfr0), CLEAR_WP)
	__asm__ volatile("msr mdscr_el1, xzr\n\t"
			 "msr mdccint_el1, xzr\n\t"
			 "msr osdlr_el1, xzr\n\t"
			 "msr oslar_el1, %0\n\t"
			 "isb"
			 :
			 : "r"(OSLAR_OSLK)
			 : "memory");
}

/* PMU: counters stopped, zeroed, no overflow or interrupt, no EL0 access, no filters. Guests
 * cannot reach it (TPM), so this is the state until the next start. */
static void reset_pmu(void)
{
	__asm__ volatile("msr pmcr_el0, %0\n\t"
			 "msr pmcntenclr_el0, %1\n\t"
			 "msr pmintenclr_el1, %1\n\t"
			 "msr pmovsclr_el0, %1\n\t"
			 "msr pmuserenr_el0, xzr\n\t"
			 "msr pmselr_el0, xzr\n\t"
			 "msr pmccfiltr_el0, xzr\n\t"
			 "isb"
			 :
			 : "r"(PMCR_C | PMCR_P), "r"(PMU_ALL_COUNTERS)
			 : "memory");
}

void vcpu_reset_cpu_state(void)
{
	uint64_t dfr0 = read_id_aa64dfr0();
	unsigned pmuver = (unsigned)FIELD_GET(ID_AA64DFR0_PMUVER, dfr0);
	uint64_t mdcr = MDCR_EL2_TPM | MDCR_EL2_TPMCR;

	if (pmuver >= PMUVER_V3 && pmuver != PMUVER_IMPDEF) {
		uint64_t pmcr;

		__asm__ volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
		/* All counters in the guest range: EL2 itself counts nothing. */
		mdcr |= FIELD_PREP(MDCR_EL2_HPMN, FIELD_GET(PMCR_N, pmcr));
		if (pmuver >= PMUVER_V3P1)
			mdcr |= MDCR_EL2_HPMD;
		if (pmuver >= PMUVER_V3P5)
			mdcr |= MDCR_EL2_HCCD;
		reset_pmu();
	}
	if (FIELD_GET(ID_AA64DFR0_TRACEFILT, dfr0))
		mdcr |= MDCR_EL2_TTRF;
	/* E2PB and E2TB stay 0b00: a profiling or trace buffer, if any, is EL2's and EL1 traps. */
	write_mdcr_el2(mdcr);
	reset_debug(dfr0);
	__asm__ volatile("msr csselr_el1, xzr\n\tmsr tpidr_el0, xzr\n\tisb" : : : "memory");
	fpsimd_zero_guest_state();
}
