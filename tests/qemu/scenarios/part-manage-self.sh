DESC="a partition that manages itself restarts itself through the management hypercall (both vCPUs parked, pristine images, boot 2 and 3); the host, managing nobody, is refused"
ARGS=(--config tests/qemu/configs/manage-self.dts)
UNTIL='^partition guest: restarting \(boot 3\)$'
TIMEOUT=90
EXPECT=(
	'^manage: partition host: restart guest refused: denied$'
	'^\[host\] probe: manage restart:guest -> -3 len 0$'
	'^manage: partition guest: restart guest$'
	'^partition guest: restarting \(boot 2\)$'
	'^partition guest: restarting \(boot 3\)$'
)
# The restarting vCPU parks on the way out of its hypercall: it never reaches `done`.
REJECT=('^fault:' 'FAIL' '\[guest\] probe: done' 'partition host: stopped' 'boot count 2')
CHECK() {
	# Boot 2, between the two restarts: a fresh image (.data boot count 1 again) with its second
	# vCPU online, once each.
	local b2
	b2=$(sed -n '/^partition guest: restarting (boot 2)$/,/^partition guest: restarting (boot 3)$/p' "$1")
	[ "$(grep -c '^\[guest\] probe: boot count 1$' <<<"$b2")" = 1 ] || { echo "boot 2: no single 'boot count 1'"; return 1; }
	[ "$(grep -c '^\[guest\] probe: vcpu 1 online$' <<<"$b2")" = 1 ] || { echo "boot 2: vCPU 1 not online once"; return 1; }
}
