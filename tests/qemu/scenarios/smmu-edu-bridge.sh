DESC="two edu functions behind a pcie-pci-bridge, assigned to the guest as one group, both DMA through the SMMU; an attack is blocked"
QX="-device pcie-pci-bridge,id=ppb,addr=4 -device edu,bus=ppb,addr=2,dma_mask=0xffffffffffffffff -device edu,bus=ppb,addr=3,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/smmu-edu-bridge.dts --extra "$QX")
UNTIL='\[guest\] probe: done'
TIMEOUT=120
EXPECT=(
	'^group [0-9]+: 0000:00:04\.0 0000:01:02\.0 0000:01:03\.0 smmuv3@9050000 sid 0x20 0x100 0x110 0x118 -- alias 0x0100 via PCIe-to-PCI bridge 0000:00:04\.0$'
	'^smmu: sid 0x100 \(0000:01:02\.0\) -> partition guest, stage-1 mirror of its memory map$'
	'^partition guest: pci 0000:01:02\.0 -> 00:00\.0 irq 37$'
	'^partition guest: pci 0000:01:03\.0 -> 00:01\.0 irq 38$'
	'^\[guest\] probe: edu 0 dma ok: 64 bytes out and back through IOVA 0x8'
	'^\[guest\] probe: edu 1 dma ok: 64 bytes out and back through IOVA 0x8'
	'^smmu: F_TRANSLATION: partition guest, device 0000:0[01]:0[1234]\.0, sid 0x100: write to IOVA 0x4f0000'
	'^\[host\] probe: canary at 0x4f000000 intact$'
)
REJECT=('FAIL' '^fault:' 'stopped$')
