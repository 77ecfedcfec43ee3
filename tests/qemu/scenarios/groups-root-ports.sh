DESC="endpoints on separate root ports: each root port isolates (ACS), port and endpoint are separate groups; the offline tool agrees"
QX="-device pcie-root-port,id=rp1,chassis=1,slot=1 -device pcie-root-port,id=rp2,chassis=2,slot=2 -device edu,bus=rp1 -device edu,bus=rp2"
ARGS=(--export-pci --extra "$QX")
UNTIL='bulkhead: (boot complete|halted)'
# QEMU's virtio-blk boot disk sits at 00:03.0 here (after the two ports).
EXPECT=(
	'^pci: 0000:00:01\.0 1b36:000c class 0x060400 root-port acs 0x5f/0x1d buses 01-01'
	'^group [0-9]+: 0000:00:01\.0 smmuv3@9050000 sid 0x8$'
	'^group [0-9]+: 0000:00:02\.0 smmuv3@9050000 sid 0x10$'
	'^group [0-9]+: 0000:01:00\.0 smmuv3@9050000 sid 0x100$'
	'^group [0-9]+: 0000:02:00\.0 smmuv3@9050000 sid 0x200$'
)
REJECT=('^group [0-9]+: 0000:0[012]:00\.0 0000')
CHECK() { source tests/qemu/groups_check.sh; groups_match_offline "$1" "$QX"; }
