DESC="two devices behind a pcie-pci-bridge: one group with the bridge, aliased to (secondary bus, devfn 0)"
QX="-device pcie-pci-bridge,id=ppb,addr=4 -device edu,bus=ppb,addr=1 -device edu,bus=ppb,addr=2"
ARGS=(--export-pci --extra "$QX")
UNTIL='bulkhead: (boot complete|halted)'
EXPECT=(
	'^pci: 0000:00:04\.0 1b36:000e class 0x060400 pcie-pci-bridge buses 01-01'
	'^group [0-9]+: 0000:00:04\.0 0000:01:01\.0 0000:01:02\.0 smmuv3@9050000 sid 0x20 0x100 0x108 0x110 -- alias 0x0100 via PCIe-to-PCI bridge 0000:00:04\.0$'
)
CHECK() { source tests/qemu/groups_check.sh; groups_match_offline "$1" "$QX"; }
