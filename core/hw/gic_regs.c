/* GICv3 register encoders (gic_regs.h). */
#include "core/hw/gic_regs.h"

#include "core/hw/mpidr.h"

uint64_t gic_sgi1r_to(unsigned intid, uint64_t mpidr)
{
	unsigned aff0 = (unsigned)FIELD_GET(MPIDR_AFF0, mpidr);

	return FIELD_PREP(ICC_SGI1R_TARGETS, UINT64_C(1) << (aff0 % 16)) |
	       FIELD_PREP(ICC_SGI1R_AFF1, FIELD_GET(MPIDR_AFF1, mpidr)) | FIELD_PREP(ICC_SGI1R_INTID, intid & 0xf) |
	       FIELD_PREP(ICC_SGI1R_AFF2, FIELD_GET(MPIDR_AFF2, mpidr)) | FIELD_PREP(ICC_SGI1R_RS, aff0 / 16) |
	       FIELD_PREP(ICC_SGI1R_AFF3, FIELD_GET(MPIDR_AFF3, mpidr));
}

uint64_t gic_irouter_to(uint64_t mpidr)
{
	return FIELD_PREP(GICD_IROUTER_AFF0, FIELD_GET(MPIDR_AFF0, mpidr)) |
	       FIELD_PREP(GICD_IROUTER_AFF1, FIELD_GET(MPIDR_AFF1, mpidr)) |
	       FIELD_PREP(GICD_IROUTER_AFF2, FIELD_GET(MPIDR_AFF2, mpidr)) |
	       FIELD_PREP(GICD_IROUTER_AFF3, FIELD_GET(MPIDR_AFF3, mpidr));
}

uint32_t gic_typer_affinity(uint64_t mpidr)
{
	return (uint32_t)(FIELD_PREP(GICR_TYPER_AFF_AFF012, mpidr & (MPIDR_AFF0 | MPIDR_AFF1 | MPIDR_AFF2)) |
			  FIELD_PREP(GICR_TYPER_AFF_AFF3, FIELD_GET(MPIDR_AFF3, mpidr)));
}

uint32_t gic_icfgr_set(uint32_t icfgr, uint32_t intid, bool edge)
{
	unsigned shift = (intid % GIC_ICFGR_PER_REG) * 2;

	icfgr &= ~(uint32_t)(GIC_ICFGR_FIELD << shift);
	return icfgr | ((edge ? GIC_ICFGR_EDGE : 0u) << shift);
}
