/* Classification of trapped system register accesses by their encoding. */
#include "core/hw/sysreg_trap.h"

#include <stdbool.h>

#include "core/hw/esr.h"

struct sysreg_enc {
	unsigned op0, op1, crn, crm, op2;
};

static struct sysreg_enc decode(uint64_t iss)
{
	struct sysreg_enc e = {
		.op0 = (unsigned)FIELD_GET(ESR_ISS_SYS_OP0, iss),
		.op1 = (unsigned)FIELD_GET(ESR_ISS_SYS_OP1, iss),
		.crn = (unsigned)FIELD_GET(ESR_ISS_SYS_CRN, iss),
		.crm = (unsigned)FIELD_GET(ESR_ISS_SYS_CRM, iss),
		.op2 = (unsigned)FIELD_GET(ESR_ISS_SYS_OP2, iss),
	};
	return e;
}

/* PMCR_EL0 .. PMOVSSET_EL0 (op1 3, CRn 9, CRm 12-14), PMINTENSET/CLR_EL1 and PMMIR_EL1 (op1 0,
 * CRn 9, CRm 14), PMEVCNTR<n>_EL0 / PMEVTYPER<n>_EL0 / PMCCFILTR_EL0 (op1 3, CRn 14, CRm 8-15). */
static bool is_pmu(struct sysreg_enc e)
{
	if (e.op0 != 3)
		return false;
	if (e.op1 == 3 && e.crn == 9 && e.crm >= 12 && e.crm <= 14)
		return true;
	if (e.op1 == 0 && e.crn == 9 && e.crm == 14)
		return true;
	return e.op1 == 3 && e.crn == 14 && e.crm >= 8;
}

/* DC ISW (CRm 6), DC CSW (CRm 10), DC CISW (CRm 14): op0 1, op1 0, CRn 7, op2 2. */
static bool is_set_way(struct sysreg_enc e)
{
	return e.op0 == 1 && e.op1 == 0 && e.crn == 7 && e.op2 == 2 && (e.crm == 6 || e.crm == 10 || e.crm == 14);
}

enum sysreg_trap_class sysreg_trap_classify(uint64_t iss)
{
	struct sysreg_enc e = decode(iss);

	if (is_pmu(e))
		return SYSREG_TRAP_PMU;
	if (is_set_way(e))
		return SYSREG_TRAP_SETWAY;
	return SYSREG_TRAP_OTHER;
}
