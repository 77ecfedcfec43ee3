DESC="20 DMA fault bursts from a guest's device: reported within the guest's console budget, the event interrupt moves to the guest's CPU, the host's canary and heartbeats unaffected"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/smmu-edu-flood.dts --extra "$QX")
UNTIL='\[guest\] probe: done'
TIMEOUT=150
EXPECT=(
	'^\[host\] probe: canary set at 0x4f000000$'
	'^smmu: F_TRANSLATION: partition guest, device 0000:01:00\.0, sid 0x100: write to IOVA 0x4f000000: '
	'^smmu: /smmuv3@9050000: event interrupt now taken on the CPU of partition guest \(its device faulted\)$'
	'^partition guest: [0-9]+ lines suppressed$'
	'^\[host\] probe: canary at 0x4f000000 intact$'
)
REJECT=('FAIL' '^fault:' 'stopped$' 'event interrupt back on the host')
CHECK() {
	local lines ms irq
	# 20 bursts of 16 faulting transactions: without a budget 140 lines (6 + 1 a burst). The
	# budget (arch/arm64/vm/part_log.h) is a burst of 20 lines, then 4 a second of the guest's
	# run time, which its statistics line gives ("N exits in MS ms since the last request").
	lines=$(grep -cE '^smmu: (F_TRANSLATION: partition guest|/smmuv3@9050000: [0-9]+ more events)' "$1")
	ms=$(sed -n 's/^stats: partition guest: [0-9]* exits in \([0-9]*\) ms since the last request.*/\1/p' "$1")
	[ -n "$ms" ] || { echo "no statistics from the guest"; return 1; }
	[ "$lines" -le $((20 + 4 * ms / 1000 + 4)) ] ||
		{ echo "$lines SMMU event lines for the guest's device in $ms ms"; return 1; }
	# The guest's CPU took the later bursts' interrupts (irq-other in its statistics).
	irq=$(sed -n 's/^stats: partition guest: [0-9]* exits since start:.* irq-other=\([0-9]*\).*/\1/p' "$1")
	[ -n "$irq" ] && [ "$irq" -ge 10 ] || { echo "the guest's CPU took ${irq:-no} SMMU interrupts"; return 1; }
}
