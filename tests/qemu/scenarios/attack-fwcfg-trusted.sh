DESC="a host trusted with fw-cfg is warned about at boot, and its fw-cfg DMA does overwrite the guest's memory (the control for attack-fwcfg-dma)"
ARGS=(--config tests/qemu/configs/fwcfg-trusted.dts)
UNTIL='\[guest\] probe: FAIL canary at 0x40100000 changed'
TIMEOUT=90
EXPECT=(
	'^warning: /partitions/host: trusted-devices: UNISOLATED DMA: /fw-cfg@9020000 has no IOMMU coverage and can read and write ALL memory, the hypervisor.s and every partition.s included; partition .host. is trusted with it \[cfg-trusted-no-iommu\]$'
	'^partition host: group 0: /fw-cfg@9020000 \(no-iommu, trusted\)$'
	'^\[host\] probe: fw-cfg DMA of "QEMU" to physical 0x58100000$'
	'^\[host\] probe: FAIL fw-cfg DMA to 0x58100000 was not stopped \(control 0x0\)$'
	# "QEMU": the first canary byte 'C' (0x43) became 'Q' (0x51).
	'^\[guest\] probe: FAIL canary at 0x40100000 changed \(byte 0: got 0x51\)$'
)
REJECT=('^fault:' 'stopped$')
