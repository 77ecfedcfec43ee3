DESC="the management hypercall: a guest lists the partitions into its own buffer, is refused a buffer past its memory, a too-small buffer, stopping the host and an unknown name; the host restarts the guest from pristine images (boot 2)"
ARGS=(--config tests/qemu/configs/manage-hvc.dts)
UNTIL='\[host\] probe: heartbeat 60$'
TIMEOUT=90
# Lengths: the two list lines below are 88 and 89 bytes with their newlines (177).
EXPECT=(
	'^\[guest\] probe: manage list -> 0 len 177$'
	'^\[guest\] probe: manage: partition name=host state=running cpus=2 memory=268435456 boots=1 last-stop=none host=1$'
	'^\[guest\] probe: manage: partition name=guest state=running cpus=1 memory=134217728 boots=1 last-stop=none host=0$'
	# [end - 16, end + 48) leaves the guest's RAM: invalid, nothing written.
	'^manage: partition guest: list \(buffer outside the partition.s memory\) refused: invalid$'
	'^\[guest\] probe: manage outside -> -2 len 177$'
	'^\[guest\] probe: manage small -> -6 len 177$'
	'^manage: partition guest: stop host refused: denied$'
	'^\[guest\] probe: manage stop:host -> -3 len 0$'
	'^manage: partition guest: restart nobody refused: no-such-partition$'
	'^\[guest\] probe: manage restart:nobody -> -4 len 0$'
	'^\[guest\] probe: manage stats:guest -> 0 len [0-9]+$'
	'^\[guest\] probe: manage: stats name=guest total=[0-9]+ psci=[0-9]+ hvc-console=[0-9]+ hvc-stats=0 hvc-manage=6 '
	# The host restarts the guest: a fresh image (its .data boot count is 1 again), boot 2.
	'^\[host\] probe: manage restart:guest -> 0 len 0$'
	'^manage: partition host: restart guest$'
	'^partition guest: restarting \(boot 2\)$'
	'^\[guest\] probe: manage: partition name=guest state=running cpus=1 memory=134217728 boots=2 last-stop=managed-restart host=0$'
)
COUNT=(
	'2 ^\[guest\] probe: boot count 1$'
	'2 ^\[guest\] probe: done$'
	'0 ^\[guest\] probe: boot count 2$'
)
REJECT=('^fault:' 'FAIL' 'partition host: stopped')
