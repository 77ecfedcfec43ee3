DESC="a /chosen/bulkhead,report that is neither \"full\" nor \"summary\" is named, and the full report follows"
ARGS=(--smp 2 --mem 1G --report verbose)
UNTIL='^group [0-9]+: '
TIMEOUT=60
EXPECT=(
	'^bulkhead: /chosen/bulkhead,report is "verbose", not "full" or "summary": the full report follows$'
	'^device: /pl011@9000000 \[console\] reg 0x9000000\+0x1000 irq 33$'
	'^cpu 1 online \(mpidr 0x1\)$'
	'^pci:   iommu-map rid 0x0-0xffff -> /smmuv3@9050000 sid 0x0 '
	'^group [0-9]+: '
)
REJECT=('boot report: summary')
