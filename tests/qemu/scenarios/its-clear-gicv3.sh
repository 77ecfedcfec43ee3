# its-clear.sh on a GICv3 (gic-version=3): the MSIs take the emulated path, so the pending LPI is
# bulkhead's own (kept while the LPI is disabled, core/vdev/vlpi.h) and the CLEAR withdraws it
# there.
source tests/qemu/scenarios/its-clear.sh
DESC="on a GICv3 (emulated MSIs), a guest's edu MSI left pending by a disabled LPI and then CLEARed through the virtual ITS never arrives when the LPI is enabled (without the CLEAR it does)"
ARGS=(--config tests/qemu/configs/its-clear.dts --extra "$QX" --machine-opts "virtualization=on,gic-version=3,iommu=smmuv3")
EXPECT=(
	'^partition guest: MSIs take the emulated path \(one exit each\): GITS_TYPER.Virtual clear$'
	# Three physical LPIs (one per raise); rounds 1 and 2 raised while disabled (undeliverable,
	# kept pending), round 1's queued on the INV, round 3's at once; round 2's withdrawn.
	'^stats: partition guest: vits commands=12 refused=0 lpis=3 delivered=2 undeliverable=2 phys-errors=0$'
)
