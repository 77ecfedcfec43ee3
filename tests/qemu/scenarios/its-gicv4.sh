# QEMU's GIC as a GICv4.0 (gic-version=4): redistributors of four 64 KiB frames, an ITS with
# GITS_TYPER.Virtual and a vPE table register. bulkhead must find every CPU's redistributor at the
# GICv4 stride, bring the physical ITS up with its vPE table, say which path the partitions' MSIs
# take, and the guest's edu MSI must still arrive. Direct injection is not driven yet (docs/msi.md),
# so the MSI costs one irq-msi exit, as on gic-version=3.
DESC="on a GICv4.0 GIC (gic-version=4) bulkhead finds all redistributors, sets up the ITS's vPE table, reports GICv4 present and the path the partitions' MSIs take; a guest's edu MSI arrives through its virtual ITS"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/its-gicv4.dts --extra "$QX" --machine-opts "virtualization=on,gic-version=4,iommu=smmuv3")
UNTIL='\[guest\] probe: done'
TIMEOUT=60
EXPECT=(
	# 4 collections: every CPU's redistributor was found (GICR_TYPER.VLPIS: 256 KiB apart).
	'^its: /intc@8000000/its@8080000: up, 4 collections \(one per CPU\)'
	'^its: /intc@8000000/its@8080000: GICv4.0 present \(GITS_TYPER.Virtual, vPE table, VLPIS on 4 redistributors, ICH_VTR_EL2.nV4 clear\), direct injection not driven yet: partitions. MSIs are emulated$'
	'^partition guest: MSIs take the emulated path \(one exit each\): GICv4.0 direct injection not driven yet$'
	'^\[guest\] probe: its-msi event 1: 1 interrupts, last INTID 8200$'
	'^\[guest\] probe: its-msi event 5 \(not mapped\): 0 interrupts$'
	'^stats: partition guest: .* irq-msi=1 irq-other=0$'
)
REJECT=('FAIL' '^fault:' 'stopped$' '^its: .*(timeout|stalled|cannot be set up)' 'no redistributor for cpu')
