DESC="FP/SIMD, general and EL1 system registers survive thousands of traps to the hypervisor; a set/way walk keeps working"
ARGS=(--config tests/qemu/configs/guest-regs.dts)
UNTIL='\[guest\] probe: done'
TIMEOUT=120
EXPECT=(
	'^\[guest\] probe: fpsimd ok after 3000 traps$'
	'^\[guest\] probe: sysregs ok after 3000 traps$'
	'^\[guest\] probe: set/way walk of [1-9] cache levels, [0-9]+ operations, data intact$'
)
REJECT=('FAIL' '^fault:')
