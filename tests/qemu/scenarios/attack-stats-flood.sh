DESC="400 stats hypercalls stay within the guest's console budget: one suppression line accounts for the rest, the host keeps printing"
ARGS=(--config tests/qemu/configs/guest-stats-flood.dts)
UNTIL='^\[guest\] probe: done$'
TIMEOUT=120
EXPECT=(
	'^\[guest\] probe: 400 stats hypercalls made, 0 failed$'
	'^partition guest: [0-9]+ lines suppressed$'
)
# The budget is 20 lines a second (arch/arm64/vm/part_log.h) and one suppression report a second.
COUNT=('1 ^partition guest: [0-9]+ lines suppressed$')
REJECT=('partition host: (stopped|restarting)' '^fault:' 'FAIL')
CHECK() {
	local printed suppressed hb
	printed=$(grep -c '^stats: partition guest: ' "$1")
	suppressed=$(sed -n 's/^partition guest: \([0-9]*\) lines suppressed$/\1/p' "$1")
	# 401 requests of 3 lines each: every line is either printed or counted as suppressed.
	[ $((printed + suppressed)) -eq 1203 ] || { echo "$printed printed + $suppressed suppressed != 1203"; return 1; }
	[ "$printed" -le 30 ] || { echo "$printed stats lines printed, budget is about 20 a second"; return 1; }
	hb=$(sed -n '/probe: 400 stats hypercalls made/,$p' "$1" | grep -c '^\[host\] probe: heartbeat')
	[ "$hb" -ge 5 ] || { echo "host printed only $hb heartbeats after the flood"; return 1; }
}
