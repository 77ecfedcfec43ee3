DESC="an nvme behind a root port and a virtio-net-pci on pcie.0: separate groups"
QX="-device pcie-root-port,id=rp1,chassis=1 -device nvme,bus=rp1,serial=bh1 -device virtio-net-pci,addr=6,romfile="
ARGS=(--export-pci --extra "$QX")
UNTIL='bulkhead: (boot complete|halted)'
EXPECT=(
	'^pci: 0000:01:00\.0 1b36:0010 class 0x010802 endpoint'
	'^group [0-9]+: 0000:01:00\.0 smmuv3@9050000 sid 0x100$'
	'^group [0-9]+: 0000:00:06\.0 smmuv3@9050000 sid 0x30$'
)
CHECK() { source tests/qemu/groups_check.sh; groups_match_offline "$1" "$QX"; }
