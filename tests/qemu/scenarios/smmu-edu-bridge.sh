DESC="two edu functions behind a pcie-pci-bridge, assigned to the guest as one group, both DMA through the SMMU; an attack is blocked"
QX="-device pcie-pci-bridge,id=ppb,addr=4 -device edu,bus=ppb,addr=1,dma_mask=0xffffffffffffffff -device edu,bus=ppb,addr=2,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/smmu-edu-bridge.dts --extra "$QX")
UNTIL='\[guest\] probe: done'
TIMEOUT=120
# dma_out's IOVA, as in smmu-edu.sh (the guest's RAM at IPA 0x80000000 here too).
DMA_OUT_IOVA=$(printf '0x%x' $((0x80000000 + 0x$(aarch64-linux-gnu-nm build/payloads/probe.elf | awk '$3 == "dma_out" { print $1 }'))))
EXPECT=(
	'^group [0-9]+: 0000:00:04\.0 0000:01:01\.0 0000:01:02\.0 smmuv3@9050000 sid 0x20 0x100 0x108 0x110 -- alias 0x0100 via PCIe-to-PCI bridge 0000:00:04\.0$'
	'^smmu: sid 0x100 \(0000:01:01\.0\) -> partition guest, stage-1 mirror of its memory map$'
	"^\\[guest\\] probe: edu 0 dma ok: 64 bytes out and back through IOVA $DMA_OUT_IOVA\$"
	"^\\[guest\\] probe: edu 1 dma ok: 64 bytes out and back through IOVA $DMA_OUT_IOVA\$"
	# Both edus' DMA carries the bridge's alias 0x0100 (bus 1, devfn 0): one stream, which
	# bulkhead names after the first function of the group it maps to, 0000:01:01.0 (as on the
	# line above). 16 faulting 4-byte transactions from the IOVA the guest gave, 6 printed.
	'^smmu: F_TRANSLATION: partition guest, device 0000:01:01\.0, sid 0x100: write to IOVA 0x4f000000: translation fault: not in the partition.s memory$'
	'^smmu: /smmuv3@9050000: 10 more events in this burst not shown$'
	'^\[host\] probe: canary at 0x4f000000 intact$'
)
REJECT=('FAIL' '^fault:' 'stopped$')
