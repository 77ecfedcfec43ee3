DESC="A guest cannot count cycles at EL2, and its PMU, debug, FP/SIMD, MDSCR, CSSELR and TPIDR_EL0 state is reset by SYSTEM_RESET and by CPU_OFF + CPU_ON"
ARGS=(--config tests/qemu/configs/guest-pmu-debug.dts)
UNTIL='^partition guest: restarting \(boot 3\)$'
TIMEOUT=120
# What every boot of the guest must read (docs/guest-abi.md): zero, except OSLSR_EL1 = OSLM 0b10
# with the OS lock set (its cold reset value); the PMU reads as zero and ignores writes.
REGS='regs v=0x0:0x0 fpcr=0x0 fpsr=0x0 tpidr_el0=0x0 mdscr=0x0 csselr=0x0 oslsr=0xa dbgbcr0=0x0 dbgbvr0=0x0 dbgwcr0=0x0 dbgwvr0=0x0'
PMU='pmu pmcr=0x0 pmcntenset=0x0 pmccfiltr=0x0 pmuserenr=0x0 pmselr=0x0 pmccntr=0x0'
EXPECT=(
	'^\[guest\] probe: pmu filter 0x0, cycles counted at EL2 over 100 hypercalls: 0$'
	'^\[guest\] probe: registers dirtied$'
	'^\[guest\] probe: cpu-on-reset done$'
	'^partition guest: restarting \(boot 2\)$'
)
REJECT=('partition host: (stopped|restarting)' '^fault:' 'FAIL')
# Every line of `grep_re` in $2 must read "[guest] probe: $3".
all_equal() {
	local bad
	bad=$(grep "$1" <<<"$2" | grep -vxF "[guest] probe: $3" | head -1)
	[ -z "$bad" ] || { echo "not at reset values: $bad"; return 1; }
}
CHECK() {
	local after n full
	# QEMU is stopped after the finish line, wherever the guest is: the line it cut (the one
	# QEMU's "terminating" message ends) is not a dump.
	full=$(grep -av 'qemu-system-aarch64: terminating' "$1")
	after=$(sed -n '/^partition guest: restarting (boot 2)$/,$p' <<<"$full")
	n=$(grep -c '^\[guest\] probe: regs ' <<<"$after")
	[ "$n" -ge 1 ] || { echo "no register dump after the restart"; return 1; }
	all_equal '^\[guest\] probe: regs ' "$after" "$REGS" || return 1
	all_equal '^\[guest\] probe: pmu pmcr' "$after" "$PMU" || return 1
	# vCPU 1 after it dirtied everything, turned itself off and was turned on again (every boot).
	n=$(grep -c '^\[guest\] probe: vcpu 1 regs ' <<<"$full")
	[ "$n" -ge 2 ] || { echo "vcpu 1 dumped its registers $n times"; return 1; }
	all_equal '^\[guest\] probe: vcpu 1 regs ' "$full" "vcpu 1 $REGS" || return 1
	all_equal '^\[guest\] probe: vcpu 1 pmu ' "$full" "vcpu 1 $PMU" || return 1
	n=$(grep -c '^\[host\] probe: heartbeat' <<<"$after")
	[ "$n" -ge 3 ] || { echo "host printed $n heartbeats across the guest's restarts"; return 1; }
}
