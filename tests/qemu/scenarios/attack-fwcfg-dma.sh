DESC="the host programs fw-cfg's DMA (no IOMMU) to overwrite the guest's memory: fw-cfg is nobody's, so the host faults and the guest's canary stays intact"
ARGS=(--config tests/qemu/configs/fwcfg-dma.dts)
UNTIL='\[guest\] probe: done$'
TIMEOUT=90
EXPECT=(
	'^partition map: 33 groups held by no partition'
	'^partition guest: memory ipa 0x40000000-0x47ffffff pa 0x58000000-0x5fffffff'
	'^\[guest\] probe: canary set at 0x40100000$'
	'^\[host\] probe: fw-cfg DMA of "QEMU" to physical 0x58100000$'
	'^fault: partition host vcpu 0: stage-2 data abort: write to IPA 0x9020010 .*outside the partition'
	'^partition host: stopped$'
	'^\[guest\] probe: canary at 0x40100000 intact$'
)
REJECT=('probe: FAIL' 'partition guest: stopped' '^\[host\] probe: heartbeat 11$')
