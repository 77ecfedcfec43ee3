DESC="host and guest run at once on disjoint CPUs, each with its own stage-2; both print heartbeats"
ARGS=(--config tests/qemu/configs/two-partitions.dts)
UNTIL='\[guest\] probe: done'
TIMEOUT=90
EXPECT=(
	'^bulkhead: 2 of 2 partitions started$'
	'^partition host: vmid 1, kernel at IPA 0x48000000'
	'^partition guest: vmid 2, kernel at IPA 0x40000000'
	'^\[host\] probe: hello from partition with 2 vCPUs and 256 MiB at 0x48000000$'
	'^\[guest\] probe: hello from partition with 2 vCPUs and 128 MiB at 0x40000000$'
	'^\[host\] probe: vcpu 1 online$'
	'^\[guest\] probe: vcpu 1 online$'
	'^\[host\] probe: psci ok$'
	'^\[guest\] probe: psci ok$'
	# 128 MiB less what memcheck must not overwrite (its own 484 KiB image, the DTB): 127 MiB
	# and some KiB, printed in whole MiB.
	'^\[guest\] probe: memcheck ok 127 MiB$'
	'^\[guest\] probe: heartbeat 20$'
	'^\[host\] probe: heartbeat 10$'
)
REJECT=('FAIL' '^fault:' 'stopped$')
