DESC="the gallery's split-group config on the machine it was written for: every error printed, nothing started, and the same verdict as bulkhead-check"
# The machine configs/boards/qemu-virt.dts describes (make run's devices, the NVMe's disk a blank
# image here), so the offline check in CHECK reads the same board.
mkdir -p build/qemu/config-rejected-split
truncate -s 16M build/qemu/config-rejected-split/nvme.img
QX="-device pcie-root-port,id=rp1,chassis=1 -drive file=build/qemu/config-rejected-split/nvme.img,if=none,id=nv0,format=raw -device nvme,serial=bulkhead0,drive=nv0,bus=rp1 -device pcie-pci-bridge,id=br1 -device edu,bus=br1,addr=1,dma_mask=0xffffffffffffffff -device edu,bus=br1,addr=2,dma_mask=0xffffffffffffffff"
ARGS=(--config configs/rejected/01-split-group.dts --extra "$QX")
UNTIL='bulkhead: halted: nothing was started'
TIMEOUT=60
EXPECT=(
	"^$(sed 's/[][().*^$?+|\\{}]/\\&/g' configs/rejected/01-split-group.expected)\$"
	# The split group, the guest's edu sharing an INTx line with a host function (both in
	# the .expected file), and each partition's kernel "Image": a scenario's disk carries no Linux
	# image (only interactive runs add .deps/linux), so both are missing.
	'^bulkhead: config rejected: 4 errors$'
	'^bulkhead: no partition was started$'
)
REJECT=('partitions started' '^\[(host|guest)\]' '^smmu: sid')
CHECK() {
	# Same inputs offline: the board this machine is (configs/boards/qemu-virt.dts), the same
	# config, and the same image directory the boot disk was built from.
	local dir; dir=$(dirname "$1")
	build/bulkhead-check check --images build/payloads configs/boards/qemu-virt.dts \
		configs/rejected/01-split-group.dts | grep -E '^(error|warning):' > "$dir/offline.diags"
	grep -E '^(error|warning):' "$1" > "$dir/console.diags"
	diff -u "$dir/console.diags" "$dir/offline.diags" || { echo "verdicts differ"; return 1; }
}
