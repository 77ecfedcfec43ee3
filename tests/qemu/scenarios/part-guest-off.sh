DESC="SYSTEM_OFF from the guest (with both its vCPUs online) stops only the guest"
ARGS=(--config tests/qemu/configs/guest-off.dts)
UNTIL='\[host\] probe: heartbeat 40$'
TIMEOUT=90
EXPECT=(
	'^\[guest\] probe: vcpu 1 online$'
	'^\[guest\] probe: powering off$'
	'^partition guest: SYSTEM_OFF from vcpu 0$'
	'^partition guest: stopped$'
)
REJECT=('partition host: stopped')
CHECK() {
	local after
	after=$(sed -n '/^partition guest: stopped$/,$p' "$1" | grep -c '^\[host\] probe: heartbeat')
	[ "$after" -ge 10 ] || { echo "only $after host heartbeats after the guest powered off"; return 1; }
}
