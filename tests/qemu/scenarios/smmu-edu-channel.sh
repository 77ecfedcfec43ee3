DESC="channels and DMA: an edu in a partition whose mappings say dma; reads a channel through the SMMU (the host's message), and its write to a read-only channel is refused by the SMMU and reported, the channel unchanged"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/smmu-edu-channel.dts --extra "$QX")
UNTIL='\[host\] probe: channel read 0x70100000'
TIMEOUT=120
EXPECT=(
	'^smmu: sid 0x100 \(0000:01:00\.0\) -> partition guest, stage-1 mirror of its memory map$'
	'^\[guest\] probe: channel doorbell 101$'
	# 64 bytes from the channel: the length word 15 (one nonzero byte) and the 15 message bytes.
	'^\[guest\] probe: edu dma read of 64 bytes from IOVA 0x70000000: 16 nonzero bytes$'
	'^\[guest\] probe: edu dma write of 64 bytes to IOVA 0x70100000 done$'
	'^smmu: F_PERMISSION: partition guest, device 0000:01:00\.0, sid 0x100: write to IOVA 0x70100000: '
	"^\\[guest\\] probe: channel read 0x70100000: 'news-from-host'\$"
	"^\\[host\\] probe: channel read 0x70100000: 'news-from-host'\$"
)
REJECT=('FAIL' '^fault:' 'stopped$')
