DESC="a guest's edu DMAs into a block of its memory its CPU never touched: all its memory is prepared before bus mastering reaches the device, so the bytes land in zeroed memory and the CPU reads them back intact"
# The block at IPA 0x86000000 (physical 0x66000000) filled with "POISON#\n" before U-Boot runs.
POISON=build/qemu/lazy-mem-dma/poison.bin
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
QX+=" -device loader,file=$POISON,addr=0x66000000,force-raw=on"
ARGS=(--config tests/qemu/configs/lazy-mem-dma.dts --extra "$QX")
UNTIL='\[guest\] probe: done'
TIMEOUT=120
PREPARE() {
	head -c 2097152 <(yes 'POISON#') >"$1/poison.bin"
}
EXPECT=(
	'^smmu: sid 0x100 \(0000:01:00\.0\) -> partition guest, '
	'^\[guest\] probe: edu dma write of 64 bytes to IOVA 0x86000000 done$'
	# The DMA's 64 bytes, then zeros (not the pattern) over the rest of the block.
	'^\[guest\] probe: memory 0x86000000\+0x40: 64 nonzero bytes$'
	'^\[guest\] probe: memory 0x86000040\+0x1fffc0: 0 nonzero bytes$'
	# Before the DMA the guest touched a few 64 KiB chunks (its image's, under 1 MiB, and its
	# DT's); the block read afterwards was prepared with all the others when bus mastering was
	# enabled, not by first touches (reading it otherwise costs 32 more, one per chunk).
	'^stats: partition guest: [0-9]+ exits since start: .* mem-first-touch=1[0-9] '
)
REJECT=('FAIL' '^fault:' 'stopped$' 'mem-first-touch=([2-9][0-9]|[1-9][0-9][0-9]+)')
