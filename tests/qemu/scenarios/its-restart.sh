# A vLPI left pending across a restart, on a GICv4.0 (gic-version=4): the guest's first instance
# maps its edu's event to LPI 8200 disabled, has the edu raise it (pending in the vPE's table, not
# taken) and restarts with SYSTEM_RESET; the second instance (it counts instances in the edu,
# which nothing resets) maps the same event to the same LPI, enabled: the previous boot's vLPI
# must not arrive (bulkhead discards the events and clears the vPEs between boots), its own does.
DESC="on a GICv4.0, an edu MSI left pending (LPI disabled) when the guest restarts does not reach the next instance, which maps the same event to the same LPI and enables it; its own MSI then arrives"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
MACHINE="virtualization=on,gic-version=4,iommu=smmuv3"
ARGS=(--config tests/qemu/configs/its-restart.dts --extra "$QX" --machine-opts "$MACHINE")
UNTIL='\[guest\] probe: done'
TIMEOUT=60
EXPECT=(
	'^partition guest: MSIs are injected directly \(GICv4.0, a vPE per vCPU, no exit\)$'
	'^partition guest: SYSTEM_RESET from vcpu 0$'
	'^partition guest: 2 of 2 vPEs cleared for the next boot$'
	# The second instance's counters (reset at the restart): 6 commands, no physical error.
	'^stats: partition guest: vits commands=6 refused=0 lpis=0 delivered=0 undeliverable=0 phys-errors=0$'
)
COUNT=(
	'1 ^\[guest\] probe: its-restart boot 1: LPI 8200 raised while disabled: 0 interrupts; restarting$'
	'1 ^\[guest\] probe: its-restart boot 2: LPI 8200 mapped again and enabled: 0 interrupts from the previous boot; raised: 1 interrupts$'
	'2 ^\[guest\] probe: start on vcpu 0'
)
REJECT=('FAIL' '^fault:' 'stopped$' '^its: .*(timeout|stalled|cannot be set up)' '^vits: ' 'could not be cleared')
