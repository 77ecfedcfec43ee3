/* GICv3 register fields and values bulkhead programs on the physical GIC and decodes for the
 * virtual one (GICv3/v4 architecture specification, IHI 0069: ICC_SGI1R_EL1 12.2.23,
 * ICC_IAR1_EL1 12.2.14, GICD_ICFGR<n> 12.9.9, GICD_IROUTER<n> 12.9.22, GICR_TYPER 12.11.37).
 * The register offsets live with the models that emulate them (core/vdev/vgicd.h, vgicr.h). */
#ifndef BULKHEAD_CORE_GIC_REGS_H
#define BULKHEAD_CORE_GIC_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/bitfield.h"

/* ICC_SGI1R_EL1 */
#define ICC_SGI1R_TARGETS GENMASK64(15, 0)
#define ICC_SGI1R_AFF1 GENMASK64(23, 16)
#define ICC_SGI1R_INTID GENMASK64(27, 24)
#define ICC_SGI1R_AFF2 GENMASK64(39, 32)
#define ICC_SGI1R_IRM BIT64(40)
#define ICC_SGI1R_RS GENMASK64(47, 44)
#define ICC_SGI1R_AFF3 GENMASK64(55, 48)

/* GICD_IROUTER<n> */
#define GICD_IROUTER_AFF0 GENMASK64(7, 0)
#define GICD_IROUTER_AFF1 GENMASK64(15, 8)
#define GICD_IROUTER_AFF2 GENMASK64(23, 16)
#define GICD_IROUTER_IRM BIT64(31)
#define GICD_IROUTER_AFF3 GENMASK64(39, 32)

/* GICR_TYPER.Affinity_Value, as a 32-bit value */
#define GICR_TYPER_AFF_AFF012 GENMASK64(23, 0)
#define GICR_TYPER_AFF_AFF3 GENMASK64(31, 24)

/* ICC_IAR1_EL1: the acknowledged INTID (1020-1023: special) */
#define ICC_IAR1_INTID GENMASK64(23, 0)

/* GICD_ICFGR<n>: two bits per interrupt, 16 interrupts per register; the upper bit of a pair
 * set means edge-triggered. */
#define GIC_ICFGR_PER_REG 16
#define GIC_ICFGR_FIELD GENMASK64(1, 0)
#define GIC_ICFGR_EDGE 2u

/* One bit per interrupt, 32 per register: ISENABLER, ICENABLER, ISPENDR, ICPENDR, ISACTIVER,
 * ICACTIVER, IGROUPR. */
static inline unsigned gic_bit_reg(uint32_t intid)
{
	return intid / 32;
}

static inline uint32_t gic_bit(uint32_t intid)
{
	return UINT32_C(1) << (intid % 32);
}

/* The ICC_SGI1R_EL1 value that sends SGI `intid` (0-15) to exactly the PE with this MPIDR:
 * affinity routing (IRM 0), RS = Aff0 / 16 and TargetList bit Aff0 % 16. */
uint64_t gic_sgi1r_to(unsigned intid, uint64_t mpidr);
/* The GICD_IROUTER<n> value routing an SPI to the PE with this MPIDR (IRM 0). */
uint64_t gic_irouter_to(uint64_t mpidr);
/* GICR_TYPER.Affinity_Value (Aff3.Aff2.Aff1.Aff0) of the redistributor of this MPIDR's PE. */
uint32_t gic_typer_affinity(uint64_t mpidr);
/* The GICD_ICFGR<intid / 16> value `icfgr` with intid's trigger set to edge or level. */
uint32_t gic_icfgr_set(uint32_t icfgr, uint32_t intid, bool edge);

#endif
