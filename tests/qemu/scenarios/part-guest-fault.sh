DESC="a guest writing outside itself (to the host's physical range) is reported and stopped; the host keeps running"
ARGS=(--config tests/qemu/configs/guest-fault.dts)
UNTIL='\[host\] probe: heartbeat 60$'
TIMEOUT=90
EXPECT=(
	'^\[guest\] probe: touching 0x48000000 \(write\)$'
	# The guest's RAM is 0x40000000-0x47ffffff: GiB 1 has a level-2 table, whose 2 MiB entry
	# for 0x48000000 is invalid, so the walk stops at level 2. ELR and ESR: checked below.
	'^fault: partition guest vcpu 0: stage-2 data abort: write to IPA 0x48000000 \(FAR 0x48000000, translation fault, level 2\): outside the partition at ELR 0x[0-9a-f]+ \(ESR 0x[0-9a-f]+, EC 0x24 data abort from a lower EL\)$'
	'^partition guest: stopped$'
)
REJECT=('\[guest\] probe: FAIL access' 'partition host: stopped')
CHECK() {
	# The faulting instruction is the probe's 64-bit store of 0x70726f6265212121 (the `str xN`
	# right after the movk of #0x7072): ELR is its offset in probe.elf (linked at 0) from the
	# guest's RAM base 0x40000000. ESR: EC 0x24, IL, ISV (one general register), SAS 11 (64
	# bits), SRT N, SF, WnR, DFSC 000110 (translation fault, level 2).
	local ins off rt elr esr
	ins=$(aarch64-linux-gnu-objdump -d build/payloads/probe.elf | grep -A1 $'movk\tx[0-9]*, #0x7072, lsl #48' |
		awk '$3 == "str" { print $1, $4 }')
	off=${ins%%:*} rt=${ins#* x} rt=${rt%%,*}
	[ -n "$off" ] && [ -n "$rt" ] || { echo "no probe store found in build/payloads/probe.elf"; return 1; }
	elr=$(printf '0x%x' $((0x40000000 + 0x$off)))
	esr=$(printf '0x%x' $(((0x24 << 26) | (1 << 25) | (1 << 24) | (3 << 22) | (rt << 16) | (1 << 15) | (1 << 6) | 0x6)))
	grep -q "outside the partition at ELR $elr (ESR $esr, EC 0x24 " "$1" ||
		{ echo "fault line lacks ELR $elr and ESR $esr (store x$rt at probe.elf+0x$off)"; return 1; }
	# The host must go on printing after the guest is stopped: count its heartbeats after.
	local after hb
	after=$(sed -n '/^partition guest: stopped$/,$p' "$1")
	hb=$(grep -c '^\[host\] probe: heartbeat' <<<"$after")
	[ "$hb" -ge 10 ] || { echo "only $hb host heartbeats after the guest stopped"; return 1; }
	# The guest's second vCPU was running too: it must not print after the stop.
	# (Searched in the captured text: `sed | grep -q` under pipefail fails when grep stops
	# reading early, which would hide the very output this looks for.)
	if grep -q '^\[guest\]' <<<"$after"; then
		echo "guest output after it was stopped"; return 1
	fi
}
