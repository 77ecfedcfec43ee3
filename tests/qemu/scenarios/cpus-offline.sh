DESC="a CPU the board DT lists fails to start (PSCI CPU_ON refuses an MPIDR the machine does not have): the partition that runs on it is named, and no partition starts"
ARGS=(--smp 4 --config tests/qemu/configs/cpus-offline.dts)
UNTIL='bulkhead: halted: nothing was started'
TIMEOUT=60
source tests/qemu/board_patch.sh
BOARD_PATCH() {
	# A fifth CPU node, MPIDR 0x4, after cpu@3: the DT is valid, the CPU is not there.
	add_fake_cpu "$1" cpu@3
}
EXPECT=(
	'^cpus: 5 \(mpidr 0x0 0x1 0x2 0x3 0x4\)$'
	'^cpu 4: PSCI CPU_ON\(mpidr 0x4\) failed: -2$'
	'^cpus: 4 of 5 online$'
	# Validation accepts it (the board lists the CPU; bulkhead-check would too) ...
	'^partition map: valid$'
	# ... the boot finds it is not online before creating anything.
	'^partition guest: CPU 0x4 \(/cpus/cpu@4\) is not online: no vCPU can run on it$'
	"^bulkhead: a partition's CPU cannot run it \\(above\\): none was started$"
	'^bulkhead: halted: nothing was started$'
)
REJECT=('partitions started' '^\[(host|guest)\]' '^smmu: sid' 'partition host: CPU' 'vmid')
