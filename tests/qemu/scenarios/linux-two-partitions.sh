DESC="Debian's Linux in a host (3 vCPUs) and a guest (1 vCPU) partition at once: both reach a shell, each sees only its own CPUs, memory and interrupts, the host takes a vCPU off and on; keyboard focus moves with Ctrl-] N"
ARGS=(--config tests/qemu/configs/linux-two.dts --image-dir .deps/linux --image-dir build/linux)
UNTIL='^\[host\] back-on-host$'
TIMEOUT=150
# The commands print tagged values so that their echo never matches what is checked. Commands
# stay shorter than the 80 columns busybox's line editor wraps at.
INPUT='seen ^\[host\] host# 
seen ^\[guest\] guest# 
send echo host-cpus=$(grep -c ^processor /proc/cpuinfo)\r
expect ^\[host\] host-cpus=
send awk "/MemTotal/{print \"host-mem=\" \$2}" /proc/meminfo\r
expect ^\[host\] host-mem=
send echo +1 >/sys/class/rtc/rtc0/wakealarm; sleep 2\r
send awk "/rtc/{print \"rtc-irqs=\" \$2+\$3+\$4}" /proc/interrupts\r
expect ^\[host\] rtc-irqs=
send echo 0 >/sys/devices/system/cpu/cpu2/online\r
send echo cpus-after-off=$(grep -c ^processor /proc/cpuinfo)\r
expect ^\[host\] cpus-after-off=
send echo 1 >/sys/devices/system/cpu/cpu2/online\r
send echo cpus-after-on=$(grep -c ^processor /proc/cpuinfo)\r
expect ^\[host\] cpus-after-on=
send \x1d1
expect ^bulkhead: console input -> guest$
send echo guest-cpus=$(grep -c ^processor /proc/cpuinfo)\r
expect ^\[guest\] guest-cpus=
send awk "/MemTotal/{print \"guest-mem=\" \$2}" /proc/meminfo\r
expect ^\[guest\] guest-mem=
send bulkhead-irqs; sleep 1; bulkhead-irqs; echo ticks-done\r
expect ^\[guest\] ticks-done
send \x1d0
expect ^bulkhead: console input -> host$
send echo back-on-host\r'
EXPECT=(
	'^bulkhead: 2 of 2 partitions started$'
	'^vgic: 4 list registers, 5 priority bits$'
	'^bulkhead: console input -> host \(Ctrl-\] N switches to partition N\)$'
	# Banners of the initramfs' /init: CPUs and memory each partition sees.
	'^\[host\] bulkhead-guest: host up, 3 cpus, [0-9]+ kB$'
	'^\[guest\] bulkhead-guest: guest up, 1 cpus, [0-9]+ kB$'
	'^\[host\] host-cpus=3$'
	'^\[guest\] guest-cpus=1$'
	# The virtual timer ticks in both (PPI 27 forwarded with a hardware list register).
	'^\[host\] bulkhead-guest: irq [0-9]+ [1-9][0-9]* GICv3 27 Level arch_timer$'
	'^\[guest\] bulkhead-guest: irq [0-9]+ [1-9][0-9]* GICv3 27 Level arch_timer$'
	# Each sees its own virtual PL011 at SPI 33; IPIs between the host's vCPUs (trapped SGIs).
	'^\[host\] bulkhead-guest: irq [0-9]+ [0-9]+ GICv3 33 Level uart-pl011$'
	'^\[guest\] bulkhead-guest: irq [0-9]+ [0-9]+ GICv3 33 Level uart-pl011$'
	'^\[host\] bulkhead-guest: irq ipi [1-9][0-9]*$'
	# The host's RTC (a passthrough SPI) fired once for the alarm and its EOI reached the GIC.
	'^\[host\] rtc-irqs=1$'
	# vCPU 2 of the host goes off (PSCI CPU_OFF) and comes back (CPU_ON).
	'^\[host\] cpus-after-off=2$'
	'^\[host\] cpus-after-on=3$'
	'^bulkhead: console input -> guest$'
	'^bulkhead: console input -> host$'
	'^\[host\] back-on-host$'
)
REJECT=('^fault:' 'stopped$' 'restarting' 'Kernel panic' 'Oops' 'BUG:' 'WARNING:' 'rcu.*stall'
	'^\[guest\] .*(rtc-pl031|arm-pmu)')
CHECK() {
	local hmem gmem t1 t2
	hmem=$(sed -n 's/^\[host\] host-mem=\([0-9]*\)$/\1/p' "$1")
	gmem=$(sed -n 's/^\[guest\] guest-mem=\([0-9]*\)$/\1/p' "$1")
	# 512 MiB and 256 MiB partitions, less the kernel's own image and reservations.
	[ -n "$hmem" ] && [ "$hmem" -gt 450000 ] && [ "$hmem" -le 524288 ] ||
		{ echo "host MemTotal '$hmem' kB not in 450000..524288"; return 1; }
	[ -n "$gmem" ] && [ "$gmem" -gt 200000 ] && [ "$gmem" -le 262144 ] ||
		{ echo "guest MemTotal '$gmem' kB not in 200000..262144"; return 1; }
	# The guest's timer count grew across the one-second sleep.
	read -r t1 t2 < <(sed -n '/^\[guest\] .*bulkhead-irqs; sleep 1/,/^\[guest\] ticks-done/p' "$1" |
		sed -n 's/^\[guest\] bulkhead-guest: irq [0-9]* \([0-9]*\) GICv3 27 .*/\1/p' | tr '\n' ' ')
	[ -n "$t1" ] && [ -n "$t2" ] && [ "$t2" -gt "$t1" ] ||
		{ echo "guest arch_timer count did not grow: '$t1' -> '$t2'"; return 1; }
}
