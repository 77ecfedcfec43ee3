/* The state a vCPU (re)starts with beyond the EL1 system registers: FP/SIMD, debug, performance
 * monitors and the EL2 debug/PMU traps (vcpu_reset.c). */
#ifndef BULKHEAD_ARCH_VCPU_RESET_H
#define BULKHEAD_ARCH_VCPU_RESET_H

/* On the vCPU's CPU, before the first instruction of every (re)start: every register a guest can
 * read holds its architectural reset value or zero; MDCR_EL2 traps the PMU to EL2. */
void vcpu_reset_cpu_state(void);

/* fpsimd_zero.S: V0-V31, FPCR and FPSR to zero (CPTR_EL2.TFP must be clear). */
void fpsimd_zero_guest_state(void);

#endif
