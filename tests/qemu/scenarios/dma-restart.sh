DESC="a guest restarts itself 100 times, each time with an edu DMA in flight: the DMA never lands in the next instance's memory (its streams abort and its bus mastering is off until it runs again); the host runs on"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/dma-restart.dts --extra "$QX")
UNTIL='\[guest\] probe: dma-restart done'
TIMEOUT=150
EXPECT=(
	'^smmu: sid 0x100 \(0000:01:00\.0\) -> partition guest, stage-1 mirror of its memory map$'
	# The target is the first page after the probe image, so it moves as the probe grows.
	'^\[guest\] probe: dma-restart: target 0x800[0-9a-f]{5}, 100 restarts with a DMA in flight$'
	'^partition guest: SYSTEM_RESET from vcpu 0$'
	'^partition guest: pci 0000:01:00\.0: bus master off \(no function-level reset\)$'
	# The payload counts its instances in the edu (nothing in RAM survives a restart): 100
	# restarts, and not one of the DMAs in flight at them landed after the scrub (nor in an
	# instance that started before its predecessor's DMA happened: dma-restart-late.sh).
	'^\[guest\] probe: dma-restart done: 100 restarts, 0 stale landings, [0-9]+ instances started before the previous DMA happened$'
	'^\[host\] probe: canary at 0x4f000000 intact$'
)
REJECT=('FAIL' '^fault:' 'partition host: (stopped|restarting)' 'could not all be')
CHECK() {
	# The host kept running through the guest's restarts (its lines are budgeted too: about 4 a
	# second get through) and after the last one.
	local n
	n=$(sed -n '/SYSTEM_RESET from vcpu 0/,$p' "$1" | grep -c '^\[host\] probe: heartbeat')
	[ "$n" -ge 20 ] || { echo "$n host heartbeats during the guest's restarts"; return 1; }
	n=$(tac "$1" | sed '/\[guest\] probe: start on vcpu 0/q' | grep -c '^\[host\] probe: heartbeat')
	[ "$n" -ge 1 ] || { echo "no host heartbeat after the guest's last start"; return 1; }
}
