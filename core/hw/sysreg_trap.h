/* Which architectural group a trapped MSR/MRS/SYS instruction (EC 0x18) belongs to, from its ISS
 * (Arm ARM D17.2.37, encodings from the register descriptions in D23). Pure functions. */
#ifndef BULKHEAD_CORE_SYSREG_TRAP_H
#define BULKHEAD_CORE_SYSREG_TRAP_H

#include <stdint.h>

enum sysreg_trap_class {
	SYSREG_TRAP_OTHER,
	SYSREG_TRAP_PMU,    /* a Performance Monitors register (trapped by MDCR_EL2.TPM) */
	SYSREG_TRAP_SETWAY, /* DC ISW, DC CSW or DC CISW (trapped by HCR_EL2.TSW) */
};

enum sysreg_trap_class sysreg_trap_classify(uint64_t iss);

#endif
