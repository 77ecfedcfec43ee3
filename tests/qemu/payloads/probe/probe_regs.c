/* `fpsimd=N` and `sysregs=N`: the C side of probe_fpsimd.S and probe_sysregs.S. */
#include "hvc.h"
#include "probe.h"

/* Index order of probe_sysregs.S. */
static const char *const sysreg_names[] = {
	"TPIDR_EL0", "TPIDRRO_EL0", "TPIDR_EL1",     "SP_EL0",       "CONTEXTIDR_EL1",
	"VBAR_EL1",  "MAIR_EL1",    "ELR_EL1",       "SPSR_EL1",     "FAR_EL1",
	"ESR_EL1",   "AFSR0_EL1",   "AFSR1_EL1",     "AMAIR_EL1",    "PAR_EL1",
	"TTBR1_EL1", "CNTKCTL_EL1", "CNTV_CVAL_EL0", "CNTV_CTL_EL0", "CSSELR_EL1",
	"x19",       "x20",         "x21",           "x22",          "x23",
	"x24",       "x25",         "x26",           "x27",          "x28",
};

void probe_fpsimd(uint64_t n)
{
	struct probe_reg_fail f;

	if (probe_fpsimd_check(n, &f) == 0)
		con_printf("probe: fpsimd ok after %lu traps\n", (unsigned long)n);
	else if (f.index < 32)
		con_printf("probe: FAIL fpsimd v%lu changed after trap %lu (bits %s expected 0x%lx, got 0x%lx)\n",
			   (unsigned long)f.index, (unsigned long)f.trap, f.half ? "127:64" : "63:0",
			   (unsigned long)f.want, (unsigned long)f.got);
	else
		con_printf("probe: FAIL fpsimd %s changed after trap %lu (expected 0x%lx, got 0x%lx)\n",
			   f.index == 32 ? "fpcr" : "fpsr", (unsigned long)f.trap, (unsigned long)f.want,
			   (unsigned long)f.got);
}

void probe_sysregs(uint64_t n)
{
	struct probe_reg_fail f;

	if (probe_sysregs_check(n, &f, (uint64_t)(uintptr_t)rt_vectors_alt) == 0) {
		con_printf("probe: sysregs ok after %lu traps\n", (unsigned long)n);
		return;
	}
	con_printf("probe: FAIL sysregs %s changed after trap %lu (expected 0x%lx, got 0x%lx)\n",
		   f.index < sizeof(sysreg_names) / sizeof(sysreg_names[0]) ? sysreg_names[f.index] : "?",
		   (unsigned long)f.trap, (unsigned long)f.want, (unsigned long)f.got);
}
