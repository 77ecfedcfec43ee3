DESC="FP/SIMD, general and EL1 system registers survive thousands of traps to the hypervisor"
ARGS=(--config tests/qemu/configs/guest-regs.dts)
UNTIL='\[guest\] probe: done'
TIMEOUT=120
EXPECT=(
	'^\[guest\] probe: fpsimd ok after 3000 traps$'
	'^\[guest\] probe: sysregs ok after 3000 traps$'
)
REJECT=('FAIL' '^fault:')
