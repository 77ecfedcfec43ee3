# MAPI on a GICv4.0 (gic-version=4): the guest maps its edu's MSI with MAPI, whose INTID is its
# EventID, after a MAPD of 14 EventID bits; the edu writes event 8200 and LPI 8200 arrives, once,
# injected directly (VMAPTI of the physical event 8200 to vLPI 8200). A MAPI whose EventID is not
# an LPI and a MOVALL from a processor the partition does not have are refused with their lines.
# probe_its_mapi.c.
DESC="on a GICv4.0, a guest's MAPI (INTID = EventID 8200) maps its edu's MSI and LPI 8200 arrives once; a MAPI of EventID 30 and a MOVALL from a CPU that is not the partition's are refused and reported"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/its-mapi.dts --extra "$QX" --machine-opts "virtualization=on,gic-version=4,iommu=smmuv3")
UNTIL='\[guest\] probe: done'
TIMEOUT=60
R='^vits: partition guest: refused'
# What both GIC versions show: the two refusals and the end of the probe.
MAPI_COMMON=(
	"$R MAPI \\(0x0b\\) DeviceID 0x0 EventID 30 value 0x1e: MAPI EventID \\(its INTID\\) is not an LPI of the partition \\[vits-mapi-event\\]$"
	"$R MOVALL \\(0x0e\\) DeviceID 0x0 EventID 0 value 0x5: target is not a vCPU of the partition \\[vits-target\\]$"
	'^\[guest\] probe: its-mapi done$'
)
EXPECT=(
	'^partition guest: MSIs are injected directly \(GICv4.0, a vPE per vCPU, no exit\)$'
	"${MAPI_COMMON[@]}"
	# setup's 4, then MAPD, MAPI, MAPI 30, MOVALL, each with a SYNC: 12, two refused; no
	# physical LPI at EL2 (direct injection).
	'^stats: partition guest: vits commands=12 refused=2 lpis=0 delivered=0 undeliverable=0 phys-errors=0$'
	'^stats: partition guest: .* irq-msi=0 irq-other=0$'
)
COUNT=(
	'1 ^\[guest\] probe: its-mapi event 8200: 1 interrupts, last INTID 8200$'
)
REJECT=('FAIL' '^fault:' 'stopped$' '^its: .*(timeout|stalled|cannot be set up)')
