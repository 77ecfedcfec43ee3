# its-restart.sh on a GICv3 (gic-version=3): the MSIs take the emulated path, so the vLPI left
# pending is bulkhead's own (kept while the LPI is disabled); the restart must drop it as well.
source tests/qemu/scenarios/its-restart.sh
DESC="on a GICv3 (emulated MSIs), an edu MSI left pending (LPI disabled) when the guest restarts does not reach the next instance; its own MSI then arrives"
MACHINE="virtualization=on,gic-version=3,iommu=smmuv3"
ARGS=(--config tests/qemu/configs/its-restart.dts --extra "$QX" --machine-opts "$MACHINE")
EXPECT=(
	'^partition guest: MSIs take the emulated path \(one exit each\): GITS_TYPER.Virtual clear$'
	'^partition guest: SYSTEM_RESET from vcpu 0$'
	# The second instance's counters: 6 commands, its one MSI through a physical LPI, queued.
	'^stats: partition guest: vits commands=6 refused=0 lpis=1 delivered=1 undeliverable=0 phys-errors=0$'
)
