DESC="a two-function conventional device on a root port: the functions share a group (no ACS), the port is alone"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,addr=0.0,multifunction=on -device edu,bus=rp1,addr=0.1"
ARGS=(--export-pci --extra "$QX")
UNTIL='bulkhead: (boot complete|halted)'
EXPECT=(
	'^group [0-9]+: 0000:00:01\.0 smmuv3@9050000 sid 0x8$'
	'^group [0-9]+: 0000:01:00\.0 0000:01:00\.1 smmuv3@9050000 sid 0x100 0x101 -- '
)
CHECK() { source tests/qemu/groups_check.sh; groups_match_offline "$1" "$QX"; }
