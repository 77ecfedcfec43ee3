# A guest's CLEAR of an MSI pending while its LPI is disabled, on a GICv4.0 (gic-version=4): the
# event is mapped with VMAPTI, so the pending state is in the vPE's pending table, which only a
# physical CLEAR (then VSYNC of the vPE) reaches. probe_its_pending.c: round 1 shows the pending
# state is kept and taken once the LPI is enabled; round 2 is the same with a CLEAR before
# enabling: nothing may arrive (1 if bulkhead did not forward the CLEAR); round 3 shows the
# event still works.
DESC="on a GICv4.0, a guest's edu MSI left pending by a disabled LPI and then CLEARed through the virtual ITS never arrives when the LPI is enabled (without the CLEAR it does), and the event still works afterwards"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/its-clear.dts --extra "$QX" --machine-opts "virtualization=on,gic-version=4,iommu=smmuv3")
UNTIL='\[guest\] probe: done'
TIMEOUT=60
EXPECT=(
	'^partition guest: MSIs are injected directly \(GICv4.0, a vPE per vCPU, no exit\)$'
	# No physical LPI at EL2 and no exit for MSIs: every interrupt counted came directly; 12
	# commands (MAPD MAPC MAPTI SYNC, then INV/CLEAR each with a SYNC), the CLEAR's physical
	# CLEAR + VSYNC included in phys-errors=0.
	'^stats: partition guest: .* irq-msi=0 irq-other=0$'
	'^stats: partition guest: vits commands=12 refused=0 lpis=0 delivered=0 undeliverable=0 phys-errors=0$'
)
COUNT=(
	'1 ^\[guest\] probe: its-clear round 1: raised while disabled: 0 interrupts; enabled: 1 interrupts$'
	'1 ^\[guest\] probe: its-clear round 2: raised while disabled: 0 interrupts; CLEAR, enabled: 0 interrupts$'
	'1 ^\[guest\] probe: its-clear round 3: raised while enabled: 1 interrupts$'
)
REJECT=('FAIL' '^fault:' 'stopped$' '^its: .*(timeout|stalled|cannot be set up)' '^vits: ')
