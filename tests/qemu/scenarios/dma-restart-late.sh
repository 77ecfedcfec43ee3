DESC="dma-restart with the reset asked for 4 to 40 ms after the DMA starts: the restart is often over before the edu issues the old run's DMA, and the new instance, which has not enabled bus mastering yet, must not receive it"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
CONFIG=build/qemu/dma-restart-late/dma-restart-late.dts
ARGS=(--config "$CONFIG" --extra "$QX")
UNTIL='\[guest\] probe: dma-restart done'
TIMEOUT=120
PREPARE() {
	# 8 MiB of guest memory, so that the scrub is short and the restart often ends before the DMA.
	sed -e "s/dma-restart=100/dma-restart=30,late/" -e "s/0x0 0x80000000 0x0 0x8000000/0x0 0x80000000 0x0 0x800000/" \
		tests/qemu/configs/dma-restart.dts >"$1/dma-restart-late.dts"
}
EXPECT=(
	'^\[guest\] probe: dma-restart boot [0-9]+: previous DMA still in flight at start, done [0-9]+ us later$'
	'^\[guest\] probe: dma-restart done: 30 restarts, 0 stale landings, [0-9]+ instances started before the previous DMA happened$'
)
REJECT=('FAIL' '^fault:' 'partition host: (stopped|restarting)')
CHECK() {
	# The case must have happened: instances that started with the old DMA still queued (10 of
	# 30 in a quiet run). Before bulkhead left bus mastering off, those DMAs landed.
	local n
	n=$(sed -nE 's/.*dma-restart done: 30 restarts, 0 stale landings, ([0-9]+) instances.*/\1/p' "$1")
	[ -n "$n" ] && [ "$n" -ge 3 ] || { echo "${n:-no} instances started before the old DMA, expected >= 3"; return 1; }
}
