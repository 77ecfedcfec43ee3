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
send grep "System RAM" /proc/iomem | sed "s/^/host-ram=/"\r
expect ^\[host\] host-ram=
send dmesg | grep -o "Memory: [0-9]*K/[0-9]*K" | sed "s|.*K/|host-physmem=|"\r
expect ^\[host\] host-physmem=
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
send grep "System RAM" /proc/iomem | sed "s/^/guest-ram=/"\r
expect ^\[guest\] guest-ram=
send dmesg | grep -o "Memory: [0-9]*K/[0-9]*K" | sed "s|.*K/|guest-physmem=|"\r
expect ^\[guest\] guest-physmem=
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
	# The RAM each kernel found, exactly as tests/qemu/configs/linux-two.dts gives it: the host
	# 512 MiB identity-mapped at 0x48000000, the guest 256 MiB at IPA 0x40000000; one range each
	# (top-level lines of /proc/iomem) and the kernel's own count of physical pages at boot.
	'^\[host\] host-ram=48000000-67ffffff : System RAM$'
	'^\[guest\] guest-ram=40000000-4fffffff : System RAM$'
	'^\[host\] host-physmem=524288K$'
	'^\[guest\] guest-physmem=262144K$'
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
COUNT=(
	'1 ^\[host\] host-ram='
	'1 ^\[guest\] guest-ram='
)
REJECT=('^fault:' 'stopped$' 'restarting' 'Kernel panic' 'Oops' 'BUG:' 'WARNING:' 'rcu.*stall'
	'^\[guest\] .*(rtc-pl031|arm-pmu)')
CHECK() {
	local hmem gmem t1 t2
	hmem=$(sed -n 's/^\[host\] host-mem=\([0-9]*\)$/\1/p' "$1")
	gmem=$(sed -n 's/^\[guest\] guest-mem=\([0-9]*\)$/\1/p' "$1")
	# MemTotal is the RAM above less what this kernel keeps for itself (its image, struct pages,
	# early allocations: Linux's accounting, not bulkhead's, so not pinned here). The banner of
	# /init reports the same figure as the shell does later: nothing took memory meanwhile.
	[ -n "$hmem" ] && grep -q "^\[host\] bulkhead-guest: host up, 3 cpus, $hmem kB$" "$1" ||
		{ echo "host MemTotal '$hmem' kB differs from its banner"; return 1; }
	[ -n "$gmem" ] && grep -q "^\[guest\] bulkhead-guest: guest up, 1 cpus, $gmem kB$" "$1" ||
		{ echo "guest MemTotal '$gmem' kB differs from its banner"; return 1; }
	# The guest's timer count grew across the one-second sleep.
	read -r t1 t2 < <(sed -n '/^\[guest\] .*bulkhead-irqs; sleep 1/,/^\[guest\] ticks-done/p' "$1" |
		sed -n 's/^\[guest\] bulkhead-guest: irq [0-9]* \([0-9]*\) GICv3 27 .*/\1/p' | tr '\n' ' ')
	[ -n "$t1" ] && [ -n "$t2" ] && [ "$t2" -gt "$t1" ] ||
		{ echo "guest arch_timer count did not grow: '$t1' -> '$t2'"; return 1; }
}
