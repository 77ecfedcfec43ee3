DESC="a guest writes a BAR, forbidden Command bits, functions it does not own and an 8-byte access through its virtual ECAM: the hardware keeps its values, every attempt is counted, the guest keeps running"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/pci-hostile.dts --extra "$QX")
UNTIL='\[guest\] probe: done'
TIMEOUT=90
EXPECT=(
	# What the guest reads: the edu with the BAR U-Boot gave it, decoding on, bus mastering off
	# (as after a reset: bulkhead leaves it to the guest).
	'^\[guest\] probe: pci 00:00\.0 id 1234:11e8 command 0x0002 bar0 0x10100000$'
	'^\[guest\] probe: pci bar0 after relocation to 0x10200000: 0x10100000$'
	'^\[guest\] probe: pci command after writing 0x0143: 0x0002$'
	'^\[guest\] probe: pci edu id at bar0 0x10100000: 0x010000ed$'
	'^\[guest\] probe: pci 00:01\.0 id 0xffffffff$'
	'^\[guest\] probe: pci 00:1f\.7 id 0xffffffff$'
	'^\[guest\] probe: pci 8-byte read 0x00000000ffffffff$'
	# bulkhead's count of the attempts (probe_pci.c lists the accesses) ...
	'^stats: partition guest: pci-cfg reads=8 writes=4 dropped=2 bar-relocations=1 command-forbidden=1 absent=4 bad=1$'
	# ... and the hardware, read from the physical ECAM: BAR0 and Command as before.
	'^stats: partition guest: pci 00:00\.0 = phys 01:00\.0 command 0x0002 bar0 0x10100000$'
	'^stats: partition guest: [0-9]+ exits since start: .* pci-cfg=12 '
	# It keeps running after all of it.
	'^\[guest\] probe: heartbeat 3$'
)
REJECT=('FAIL' '^fault:' 'stopped$')
