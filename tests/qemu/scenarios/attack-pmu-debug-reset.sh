DESC="A guest cannot count cycles at EL2, and its PMU, debug, FP/SIMD, MDSCR, CSSELR and TPIDR_EL0 state is reset by SYSTEM_RESET"
ARGS=(--config tests/qemu/configs/guest-pmu-debug.dts)
UNTIL='^partition guest: restarting \(boot 3\)$'
TIMEOUT=120
# What every boot of the guest must read (docs/guest-abi.md): zero, except OSLSR_EL1 = OSLM 0b10
# with the OS lock set (its cold reset value); the PMU reads as zero and ignores writes.
REGS='probe: regs v=0x0:0x0 fpcr=0x0 fpsr=0x0 tpidr_el0=0x0 mdscr=0x0 csselr=0x0 oslsr=0xa dbgbcr0=0x0 dbgbvr0=0x0 dbgwcr0=0x0 dbgwvr0=0x0'
PMU='probe: pmu pmcr=0x0 pmcntenset=0x0 pmccfiltr=0x0 pmuserenr=0x0 pmselr=0x0 pmccntr=0x0'
EXPECT=(
	'^\[guest\] probe: pmu filter 0x0, cycles counted at EL2 over 100 hypercalls: 0$'
	'^\[guest\] probe: registers dirtied$'
	'^partition guest: restarting \(boot 2\)$'
)
REJECT=('partition host: (stopped|restarting)' '^fault:' 'FAIL')
CHECK() {
	local after n
	after=$(sed -n '/^partition guest: restarting (boot 2)$/,$p' "$1")
	n=$(grep -c '^\[guest\] probe: regs ' <<<"$after")
	[ "$n" -ge 1 ] || { echo "no register dump after the restart"; return 1; }
	if grep '^\[guest\] probe: regs ' <<<"$after" | grep -vqxF "[guest] $REGS"; then
		echo "after restart: $(grep '^\[guest\] probe: regs ' <<<"$after" | grep -vxF "[guest] $REGS" | head -1)"
		return 1
	fi
	if grep '^\[guest\] probe: pmu pmcr' <<<"$after" | grep -vqxF "[guest] $PMU"; then
		echo "after restart: $(grep '^\[guest\] probe: pmu pmcr' <<<"$after" | grep -vxF "[guest] $PMU" | head -1)"
		return 1
	fi
	n=$(grep -c '^\[host\] probe: heartbeat' <<<"$after")
	[ "$n" -ge 3 ] || { echo "host printed $n heartbeats across the guest's restarts"; return 1; }
}
