DESC="the host programs fw-cfg's DMA (no IOMMU) to overwrite the guest's memory: fw-cfg is nobody's, so the host faults and the guest's canary stays intact"
ARGS=(--config tests/qemu/configs/fwcfg-dma.dts)
# The host starts its DMA after zeroing its memory and 10 heartbeats; the guest checks its canary
# every heartbeat and says so every 10th: run until well after.
UNTIL='\[guest\] probe: heartbeat 200$'
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
CHECK() {
	# The guest must have checked its canary after the host was stopped, and kept running.
	# (Captured first: `sed | grep -q` under pipefail fails when grep stops reading early.)
	local after
	after=$(sed -n '/^partition host: stopped$/,$p' "$1")
	grep -q '^\[guest\] probe: canary at 0x40100000 intact$' <<<"$after" ||
		{ echo "no intact canary reported after the host was stopped"; return 1; }
}
