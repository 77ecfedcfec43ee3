# QEMU's GIC as a GICv4.0 (gic-version=4): redistributors of four 64 KiB frames, an ITS with
# GITS_TYPER.Virtual and a vPE table register. bulkhead must find every CPU's redistributor at the
# GICv4 stride, bring the physical ITS up with its vPE table, make each CPU's vPE resident, and
# map the guest's event with VMAPTI: the edu's MSI then reaches the guest as its LPI 8200 with no
# exit (irq-msi=0) and without any physical LPI passing through bulkhead (vits lpis=0).
DESC="on a GICv4.0 GIC (gic-version=4) bulkhead finds all redistributors, sets up the vPE table and a resident vPE per CPU, and a guest's edu MSI arrives as its LPI through direct injection: no irq-msi exit, no physical LPI at EL2"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/its-gicv4.dts --extra "$QX" --machine-opts "virtualization=on,gic-version=4,iommu=smmuv3")
UNTIL='\[guest\] probe: done'
TIMEOUT=60
EXPECT=(
	# 4 collections: every CPU's redistributor was found (GICR_TYPER.VLPIS: 256 KiB apart).
	'^its: /intc@8000000/its@8080000: up, 4 collections \(one per CPU\)'
	'^its: /intc@8000000/its@8080000: GICv4.0 \(GITS_TYPER.Virtual, vPE table, VLPIS on 4 redistributors, ICH_VTR_EL2.nV4 clear\): partitions. MSIs are injected directly, one vPE per CPU$'
	'^partition guest: MSIs are injected directly \(GICv4.0, a vPE per vCPU, no exit\)$'
	'^\[guest\] probe: its-msi event 1: 1 interrupts, last INTID 8200$'
	'^\[guest\] probe: its-msi event 5 \(not mapped\): 0 interrupts$'
	# No exit for it, and no physical LPI taken at EL2; the 4 commands done, none failed.
	'^stats: partition guest: .* its=4 .* irq-msi=0 irq-other=0$'
	'^stats: partition guest: vits commands=4 refused=0 lpis=0 delivered=0 undeliverable=0 phys-errors=0$'
)
REJECT=('FAIL' '^fault:' 'stopped$' '^its: .*(timeout|stalled|cannot be set up)' 'no redistributor for cpu')
