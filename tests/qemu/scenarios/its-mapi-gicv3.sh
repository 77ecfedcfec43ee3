# its-mapi.sh on a GICv3 (gic-version=3): the MAPI'd event gets a physical LPI, routed to the
# guest's vLPI 8200 (= the EventID) and injected at EL2.
source tests/qemu/scenarios/its-mapi.sh
DESC="on a GICv3 (emulated MSIs), a guest's MAPI (INTID = EventID 8200) maps its edu's MSI and LPI 8200 arrives once; a MAPI of EventID 30 and a MOVALL from a CPU that is not the partition's are refused and reported"
ARGS=(--config tests/qemu/configs/its-mapi.dts --extra "$QX" --machine-opts "virtualization=on,gic-version=3,iommu=smmuv3")
EXPECT=(
	'^partition guest: MSIs take the emulated path \(one exit each\): GITS_TYPER.Virtual clear$'
	"${MAPI_COMMON[@]}"
	'^stats: partition guest: vits commands=12 refused=2 lpis=1 delivered=1 undeliverable=0 phys-errors=0$'
)
