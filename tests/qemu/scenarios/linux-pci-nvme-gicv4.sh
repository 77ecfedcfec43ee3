# linux-pci-nvme on a GICv4.0 GIC (gic-version=4): the same guest, the same I/O and checks, but
# the partitions' MSIs are injected directly (docs/msi.md, "GICv4 direct injection"): Linux's
# ITS-MSI vectors still count, and not one physical LPI reaches bulkhead (vits lpis=0) nor does
# any MSI cost the guest an exit (irq-msi=0).
# shellcheck source=tests/qemu/scenarios/linux-pci-nvme.sh
source tests/qemu/scenarios/linux-pci-nvme.sh
DESC="the NVMe Linux guest with MSI-X on gic-version=4: its device's MSIs injected directly by the GICv4.0 (no exit, no physical LPI at EL2), I/O verified as on GICv3"
IMG=build/qemu/linux-pci-nvme-gicv4/nvme.img
QX="-device pcie-root-port,id=rp1,chassis=1 -drive file=$IMG,if=none,id=nv0,format=raw -device nvme,serial=bulkhead0,drive=nv0,bus=rp1"
ARGS=(--config tests/qemu/configs/linux-pci.dts --extra "$QX" --image-dir .deps/linux --image-dir build/linux
	--machine-opts "virtualization=on,gic-version=4,iommu=smmuv3")
for i in "${!EXPECT[@]}"; do
	case ${EXPECT[$i]} in
	'^stats: partition guest: vits commands='*)
		EXPECT[i]='^stats: partition guest: vits commands=[1-9][0-9]* refused=0 lpis=0 delivered=0 undeliverable=0 phys-errors=0$'
		;;
	esac
done
EXPECT+=(
	'^partition guest: MSIs are injected directly \(GICv4.0, a vPE per vCPU, no exit\)$'
	'^stats: partition guest: [0-9]+ exits since start: .* irq-msi=0 irq-other=0$'
	# Its poweroff clears the vPE of its one vCPU (non-resident since the vCPU parked).
	'^partition guest: 1 of 1 vPEs cleared for the next boot$'
)
# Nothing of that may fail: no vPE left uncleared, no Dirty that never cleared.
REJECT+=('its vPE could not be cleared' '^its: .*timeout')
