/* Calls to the firmware's PSCI (SMC or HVC, as /psci's `method` says). The argument and result
 * registers follow the SMC Calling Convention: x0 = function ID, x1..x3 arguments, x0 result. */
#include "arch/arm64/boot/psci.h"

int64_t psci_call(enum psci_conduit conduit, uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (conduit == PSCI_SMC)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	else if (conduit == PSCI_HVC)
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	else
		return -1; /* NOT_SUPPORTED */
	return (int64_t)x0;
}
