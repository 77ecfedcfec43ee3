DESC="Linux in the guest partition: reboot restarts only the guest (its banner again), poweroff stops only the guest; the host's Linux answers afterwards"
ARGS=(--config tests/qemu/configs/linux-two.dts --image-dir .deps/linux --image-dir build/linux)
UNTIL='^\[host\] host-alive=3$'
TIMEOUT=180
INPUT='seen ^\[host\] host# 
seen ^\[guest\] guest# 
send \x1d1
expect ^bulkhead: console input -> guest$
send reboot\r
expect ^partition guest: restarting \(boot 2\)$
expect ^\[guest\] bulkhead-guest: guest up
expect ^\[guest\] guest# 
send echo guest-again=$(grep -c ^processor /proc/cpuinfo)\r
expect ^\[guest\] guest-again=
send poweroff\r
expect ^partition guest: stopped$
send \x1d0
expect ^bulkhead: console input -> host$
send echo host-alive=$(grep -c ^processor /proc/cpuinfo)\r'
EXPECT=(
	'^partition guest: SYSTEM_RESET from vcpu 0$'
	'^partition guest: restarting \(boot 2\)$'
	'^partition guest: SYSTEM_OFF from vcpu 0$'
	'^partition guest: stopped$'
	'^\[guest\] guest-again=1$'
)
# The guest booted twice, the host once; nothing else stopped or restarted.
COUNT=(
	'2 ^\[guest\] bulkhead-guest: guest up, 1 cpus, [0-9]+ kB$'
	'1 ^\[host\] bulkhead-guest: host up, 3 cpus, [0-9]+ kB$'
	'1 ^partition [a-z]+: restarting'
	'1 stopped$'
)
REJECT=('^fault:' '^partition host: (stopped|restarting|SYSTEM_)' 'Kernel panic' 'Oops' 'BUG:' 'WARNING:')
CHECK() {
	# The restarted guest got exactly the memory it had: both banners report the same MemTotal
	# (same kernel, same 256 MiB; linux-two-partitions.sh checks the range itself).
	local kb
	kb=$(sed -n 's/^\[guest\] bulkhead-guest: guest up, 1 cpus, \([0-9]*\) kB$/\1/p' "$1" | sort -u)
	[ "$(wc -l <<<"$kb")" -eq 1 ] || { echo "the guest's banners differ: $(echo $kb)"; return 1; }
}
