DESC="a 12-CPU machine: every CPU comes online, the ITS maps a collection for each (MAPCs in two batches), and a guest runs its four vCPUs on CPUs 0x8-0xb"
ARGS=(--smp 12 --config tests/qemu/configs/cpus-many.dts)
UNTIL='\[guest\] probe: done'
TIMEOUT=90
EXPECT=(
	'^cpu 11 online \(mpidr 0xb\)$'
	'^cpus: 12 of 12 online$'
	'^its: /intc@8000000/its@8080000: up, 12 collections \(one per CPU\)'
	'^bulkhead: 2 of 2 partitions started$'
	'^\[guest\] probe: hello from partition with 4 vCPUs and 128 MiB at 0x40000000$'
	'^\[guest\] probe: vcpu 1 online$'
	'^\[guest\] probe: vcpu 2 online$'
	'^\[guest\] probe: vcpu 3 online$'
	'^\[guest\] probe: psci ok$'
	'^\[host\] probe: hello from partition with 2 vCPUs and 256 MiB at 0x48000000$'
)
REJECT=('FAIL' '^fault:' 'stopped$' 'only the first' '^its: .*(timeout|stalled|cannot be set up)')
