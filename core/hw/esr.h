/* Decoding of ESR_ELx for crash and fault reports (Arm ARM D17.2.37). Pure functions. */
#ifndef BULKHEAD_CORE_ESR_H
#define BULKHEAD_CORE_ESR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/bitfield.h"

#define ESR_ELx_EC GENMASK64(31, 26)
#define ESR_ELx_IL BIT64(25)
#define ESR_ELx_ISS GENMASK64(24, 0)
/* Data/instruction abort ISS */
#define ESR_ELx_ISV BIT64(24)
#define ESR_ELx_SAS GENMASK64(23, 22)
#define ESR_ELx_SSE BIT64(21) /* the load sign-extends */
#define ESR_ELx_SRT GENMASK64(20, 16)
#define ESR_ELx_SF BIT64(15) /* the register is 64-bit (Xt), else 32-bit (Wt) */
#define ESR_ELx_CM BIT64(8)  /* a cache maintenance instruction, not a load or store */
#define ESR_ELx_S1PTW BIT64(7)
#define ESR_ELx_WNR BIT64(6)
#define ESR_ELx_FSC GENMASK64(5, 0)

/* ISS of a trapped MSR, MRS or SYS instruction (EC 0x18) */
#define ESR_ISS_SYS_OP0 GENMASK64(21, 20)
#define ESR_ISS_SYS_OP2 GENMASK64(19, 17)
#define ESR_ISS_SYS_OP1 GENMASK64(16, 14)
#define ESR_ISS_SYS_CRN GENMASK64(13, 10)
#define ESR_ISS_SYS_RT GENMASK64(9, 5)
#define ESR_ISS_SYS_CRM GENMASK64(4, 1)
#define ESR_ISS_SYS_READ BIT64(0)

#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_FP_ASIMD 0x07
#define EC_ILLEGAL 0x0e
#define EC_SVC64 0x15
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYS64 0x18
#define EC_SVE 0x19
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_SERROR 0x2f
#define EC_BRK64 0x3c

static inline unsigned esr_ec(uint64_t esr)
{
	return (unsigned)FIELD_GET(ESR_ELx_EC, esr);
}

/* Human-readable exception class, e.g. "data abort from a lower EL". */
const char *esr_class_name(unsigned ec);
/* Fault status code of an abort, e.g. "translation fault, level 3". */
const char *esr_fault_name(unsigned fsc);
/* The fault status code is a translation fault (DFSC/IFSC 0b0001xx, levels 0 to 3): the walk
 * found an invalid descriptor. */
static inline bool esr_fsc_is_translation(unsigned fsc)
{
	return (fsc & 0x3c) == 0x04;
}
/* Data abort: the access was a write. */
static inline bool esr_is_write(uint64_t esr)
{
	return (esr & ESR_ELx_WNR) != 0;
}
static inline bool esr_is_abort(uint64_t esr)
{
	unsigned ec = esr_ec(esr);

	return ec == EC_IABT_LOW || ec == EC_IABT_CUR || ec == EC_DABT_LOW || ec == EC_DABT_CUR;
}

#endif
