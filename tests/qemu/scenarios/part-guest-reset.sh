DESC="SYSTEM_RESET restarts only the guest, from a fresh image copy; the host keeps running"
ARGS=(--config tests/qemu/configs/guest-reset.dts)
UNTIL='^partition guest: restarting \(boot 4\)$'
TIMEOUT=90
EXPECT=(
	'^partition guest: SYSTEM_RESET from vcpu 0$'
	'^partition guest: restarting \(boot 2\)$'
	'^partition guest: restarting \(boot 3\)$'
)
COUNT=('0 \[guest\] probe: boot count [02-9]')
REJECT=('partition host: (stopped|restarting)')
CHECK() {
	local boots hb
	boots=$(grep -c '^\[guest\] probe: boot count 1$' "$1")
	[ "$boots" -ge 3 ] || { echo "guest printed 'boot count 1' $boots times, expected >= 3"; return 1; }
	hb=$(sed -n '/restarting (boot 2)/,$p' "$1" | grep -c '^\[host\] probe: heartbeat')
	[ "$hb" -ge 3 ] || { echo "host printed $hb heartbeats across the guest's restarts"; return 1; }
}
