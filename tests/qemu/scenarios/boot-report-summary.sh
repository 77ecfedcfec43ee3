DESC="/chosen/bulkhead,report = \"summary\" leaves the boot report's per-item lines out, counts them, and changes nothing else"
ARGS=(--config tests/qemu/configs/two-partitions.dts --report summary)
UNTIL='\[guest\] probe: done'
TIMEOUT=90
EXPECT=(
	'^bulkhead: boot report: summary \(/chosen/bulkhead,report\): no line per device, PCI function, group or assignment; bulkhead-check prints them$'
	# The summary lines stay.
	'^platform: linux,dummy-virt '
	'^cpus: 4 \(mpidr 0x0 0x1 0x2 0x3\)$'
	'^cpus: 4 of 4 online$'
	'^pci: /pcie@10000000 segment 0 ECAM '
	'^pci: host /pcie@10000000: 2 functions, '
	'^groups: 35 groups of 35 DMA masters, 33 without IOMMU$'
	'^partition host: memory ipa 0x48000000-0x57ffffff '
	'^partition map: 33 groups held by no partition '
	'^partition map: valid$'
	'^bulkhead: 2 of 2 partitions started$'
	# What the full report of this board and config prints and the summary leaves out
	# (part-two-partitions boots the same): 42 device lines, 3 PCI windows, the iommu-map and
	# the msi-map, 4 CPUs online, 2 PCI functions, 35 groups, the host's 7 assignments (groups 33
	# and 34, their 2 functions, 3 devices) and its 2 streams on the SMMU: 97.
	'^bulkhead: boot report: 97 detail lines left out$'
	'^bulkhead: boot complete$'
	'^\[host\] probe: hello from partition with 2 vCPUs and 256 MiB at 0x48000000$'
	'^\[guest\] probe: memcheck ok 127 MiB$'
)
REJECT=('FAIL' '^fault:' '^device: ' '^group [0-9]+: ' '^cpu [0-9]+ online' '^pci:   (window|iommu-map|msi-map)'
	'^pci: [0-9a-f]{4}:' '^partition [a-z]+: (group|device|pci|channel) ' '^smmu: sid 0x[0-9a-f/x]+ \(.*\) -> partition ')
