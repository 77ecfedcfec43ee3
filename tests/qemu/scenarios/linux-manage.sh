DESC="bulkhead (the management tool) in the host's Linux: lists both partitions and the groups, restarts a guest stopped by a fault from pristine images (boot 2), and is refused stopping the host, which it does not manage"
ARGS=(--config tests/qemu/configs/linux-manage.dts --image-dir .deps/linux --image-dir build/linux)
UNTIL='^\[host\] manage-done$'
TIMEOUT=200
# Tagged echoes and the tool's own table lines never match a command's echo ("host# ...").
INPUT='seen ^\[host\] host# 
seen ^\[guest\] guest# 
send bulkhead list\r
expect ^\[host\] guest +running
send \x1d1
expect ^bulkhead: console input -> guest$
send devmem 0x20000000 32 1\r
expect ^partition guest: stopped$
send \x1d0
expect ^bulkhead: console input -> host$
send bulkhead list | grep stopped | sed "s/^/after-fault: /"\r
expect ^\[host\] after-fault: 
send bulkhead stop host; echo stop-host-rc=$?\r
expect ^\[host\] stop-host-rc=
send bulkhead restart guest\r
expect ^\[host\] bulkhead: restart guest: ok$
expect ^\[guest\] bulkhead-guest: guest up
send bulkhead list | grep "^guest" | sed "s/^/after-restart: /"\r
expect ^\[host\] after-restart: 
send bulkhead --json list | grep -c "\"name\"" | sed "s/^/json-parts=/"\r
expect ^\[host\] json-parts=
send bulkhead stats guest | grep "^fault" | sed "s/^/guest-stats: /"\r
expect ^\[host\] guest-stats: 
send bulkhead groups | grep "a000200$" | sed "s/^/groups-row: /"\r
expect ^\[host\] groups-row: 
send \x1d1
expect ^bulkhead: console input -> guest$
send bulkhead restart guest; echo guest-rc=$?\r
expect ^\[guest\] guest-rc=
send bulkhead list | grep -c running | sed "s/^/guest-sees-running=/"\r
expect ^\[guest\] guest-sees-running=
send \x1d0
expect ^bulkhead: console input -> host$
send bulkhead start guest; echo start-running-rc=$?\r
expect ^\[host\] start-running-rc=
send bulkhead stop guest\r
expect ^partition guest: stopped$
send bulkhead start guest\r
expect ^\[guest\] bulkhead-guest: guest up
send bulkhead --json list | grep "guest" | sed "s/^/json-guest: /"\r
expect ^\[host\] json-guest: 
send echo manage-done\r'
EXPECT=(
	'^bulkhead: 2 of 2 partitions started$'
	# bulkhead list: exactly what linux-manage.dts says (3 + 1 CPUs, 512 + 256 MiB).
	'^\[host\] NAME +STATE +CPUS +MEMORY +BOOTS +LAST-STOP$'
	'^\[host\] host +running +3 +512 MiB +1 none \(host\)$'
	'^\[host\] guest +running +1 +256 MiB +1 none$'
	# The guest's Linux writes outside its memory: stopped by the fault.
	'^fault: partition guest vcpu 0: stage-2 data abort: write to IPA 0x20000000 .*: outside the partition at ELR '
	'^\[host\] after-fault: guest +stopped +1 +256 MiB +1 fault$'
	# The host does not manage itself: refused, logged, exit status 1.
	'^manage: partition host: stop host refused: denied$'
	'^\[host\] stop-host-rc=1$'
	# The restart reloads the pristine images and boots the guest's Linux again.
	'^manage: partition host: restart guest$'
	'^partition guest: restarting \(boot 2\)$'
	'^\[host\] after-restart: guest +running +1 +256 MiB +2 managed-restart$'
	'^\[host\] json-parts=2$'
	# Counters restart with the partition: no fault since boot 2.
	'^\[host\] guest-stats: fault +0$'
	# An unisolated DMA master no partition names belongs to nobody (docs/config.md).
	'^\[host\] groups-row: 2 +none +/virtio_mmio@a000200$'
	# The guest has no `manages`: listing works, restarting even itself is refused.
	'^manage: partition guest: restart guest refused: denied$'
	'^\[guest\] guest-rc=1$'
	'^\[guest\] guest-sees-running=2$'
	# start needs a stopped partition; stop, then start: boot 3.
	'^manage: partition host: start guest refused: wrong-state$'
	'^\[host\] start-running-rc=1$'
	'^manage: partition host: stop guest$'
	'^manage: partition host: start guest$'
	'^partition guest: restarting \(boot 3\)$'
	'^\[host\] json-guest:   \{"name": "guest", "state": "running", "cpus": 1, "memory": 268435456, "boots": 3, "last-stop": "managed-restart", "host": 0\}$'
)
COUNT=(
	'3 ^\[guest\] bulkhead-guest: guest up, 1 cpus'
	'1 ^fault: partition guest'
)
REJECT=('^fault: partition host' 'partition host: stopped' 'Kernel panic' 'Oops' 'BUG:' 'rcu.*stall')
