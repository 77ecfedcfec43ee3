DESC="a guest writing outside itself (to the host's physical range) is reported and stopped; the host keeps running"
ARGS=(--config tests/qemu/configs/guest-fault.dts)
UNTIL='\[host\] probe: heartbeat 60$'
TIMEOUT=90
EXPECT=(
	'^\[guest\] probe: touching 0x48000000 \(write\)$'
	'^fault: partition guest vcpu 0: stage-2 data abort: write to IPA 0x48000000 \(FAR 0x48000000, translation fault, level [0-3]\): outside the partition at ELR 0x4[0-9a-f]+ \(ESR 0x9[0-9a-f]+, EC 0x24 data abort from a lower EL\)$'
	'^partition guest: stopped$'
)
REJECT=('\[guest\] probe: FAIL access' 'partition host: stopped')
CHECK() {
	# The host must go on printing after the guest is stopped: count its heartbeats after.
	local after
	after=$(sed -n '/^partition guest: stopped$/,$p' "$1" | grep -c '^\[host\] probe: heartbeat')
	[ "$after" -ge 10 ] || { echo "only $after host heartbeats after the guest stopped"; return 1; }
	# The guest's second vCPU was running too: it must not print after the stop.
	if sed -n '/^partition guest: stopped$/,$p' "$1" | grep -q '^\[guest\]'; then
		echo "guest output after it was stopped"; return 1
	fi
}
