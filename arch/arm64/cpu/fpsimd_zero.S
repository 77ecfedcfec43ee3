/* The one place the hypervisor touches FP/SIMD registers: zeroing them before a vCPU (re)starts,
 * so no value of an earlier run of the partition survives a restart. Assembly because the C code
 * is built with -mgeneral-regs-only; scripts/check-fpsimd.py allows this function by name and
 * rejects FP/SIMD anywhere else. Needs CPTR_EL2.TFP clear (vcpu_enter sets CPTR_EL2 first). */
	.text
	.global fpsimd_zero_guest_state
	.type fpsimd_zero_guest_state, %function
fpsimd_zero_guest_state:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	movi	v\n\().2d, #0
	.endr
	msr	fpcr, xzr
	msr	fpsr, xzr
	isb
	ret
	.size fpsimd_zero_guest_state, . - fpsimd_zero_guest_state
