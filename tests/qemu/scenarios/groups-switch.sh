DESC="x3130 switch, two downstream ports without ACS: each port shares a group with its endpoint; upstream port alone"
QX="-device pcie-root-port,id=rp1,chassis=1 -device x3130-upstream,id=up,bus=rp1 -device xio3130-downstream,id=dn1,bus=up,chassis=2,slot=0 -device xio3130-downstream,id=dn2,bus=up,chassis=3,slot=1 -device edu,bus=dn1 -device edu,bus=dn2"
ARGS=(--export-pci --extra "$QX")
UNTIL='bulkhead: (boot complete|halted)'
EXPECT=(
	'^group [0-9]+: 0000:00:01\.0 smmuv3@9050000 sid 0x8$'
	'^group [0-9]+: 0000:01:00\.0 smmuv3@9050000 sid 0x100$'
	'^group [0-9]+: 0000:02:00\.0 0000:03:00\.0 smmuv3@9050000 sid 0x200 0x300 -- no ACS at 0000:02:00\.0$'
	'^group [0-9]+: 0000:02:01\.0 0000:04:00\.0 smmuv3@9050000 sid 0x208 0x400 -- no ACS at 0000:02:01\.0$'
)
CHECK() { source tests/qemu/groups_check.sh; groups_match_offline "$1" "$QX"; }
