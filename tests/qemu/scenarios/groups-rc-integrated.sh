DESC="endpoints straight on pcie.0 (root-complex integrated): one group each"
QX="-device edu,addr=5 -device edu,addr=6 -device virtio-net-pci,addr=7,romfile="
ARGS=(--export-pci --extra "$QX")
UNTIL='bulkhead: (boot complete|halted)'
EXPECT=(
	'^group [0-9]+: 0000:00:05\.0 smmuv3@9050000 sid 0x28$'
	'^group [0-9]+: 0000:00:06\.0 smmuv3@9050000 sid 0x30$'
	'^group [0-9]+: 0000:00:07\.0 smmuv3@9050000 sid 0x38$'
)
REJECT=('^group [0-9]+: 0000:00:0[567]\.0 0000')
CHECK() { source tests/qemu/groups_check.sh; groups_match_offline "$1" "$QX"; }
