# The payload idles 6 s after the flood so that bulkhead's message budget for the partition (20
# lines, then 4 a second: arch/arm64/cpu/part_log.h) has room again for the lines after it.
DESC="a guest's edu raises an MSI through its virtual ITS (delivered; an unmapped event is not), then it sends its virtual ITS a foreign device ID, a collection on a CPU that is not its own, bad sizes, an ITT outside its RAM, out-of-range events and LPIs, then floods the whole command queue and stores to GITS_TRANSLATER: each refused and reported, what is its own done, the host keeps running"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/its-hostile.dts --extra "$QX")
UNTIL='\[guest\] probe: done'
TIMEOUT=90
# probe_its.c lists the batch; command numbers: MAPD 0x08, MAPC 0x09, MAPTI 0x0a, SYNC 0x05.
R='^vits: partition guest: refused'
EXPECT=(
	'^partition guest: virtual ITS at 0x8080000, 1 devices'
	# gic-version=3: no GICv4.0, so the emulated path, and the line says why.
	'^its: /intc@8000000/its@8080000: no GICv4.0 direct injection \(GITS_TYPER.Virtual clear\): partitions. MSIs are emulated$'
	'^partition guest: MSIs take the emulated path \(one exit each\): GITS_TYPER.Virtual clear$'
	# First what it may do (probe_its.c, its-msi): its edu's MSI, event 1 mapped to LPI 8200 on
	# its own vCPU, arrives through the SMMU doorbell, the physical ITS and bulkhead; the same
	# device writing event 5, which nothing mapped, raises nothing.
	'^\[guest\] probe: its-msi event 1: 1 interrupts, last INTID 8200$'
	'^\[guest\] probe: its-msi event 5 \(not mapped\): 0 interrupts$'
	"$R MAPD \\(0x08\\) DeviceID 0x99 EventID [0-9]+ value 0x99: device not assigned to the partition \\[vits-foreign-device\\]$"
	"$R MAPC \\(0x09\\) .* value 0x5: target is not a vCPU of the partition \\[vits-target\\]$"
	"$R MAPD \\(0x08\\) DeviceID 0x0 .*\\[vits-size\\]$"
	"$R MAPD \\(0x08\\) DeviceID 0x0 .* value 0x1000: ITT not in the partition's RAM \\[vits-itt-address\\]$"
	"$R MAPTI \\(0x0a\\) DeviceID 0x0 EventID 64 .*\\[vits-event-range\\]$"
	"$R MAPTI \\(0x0a\\) DeviceID 0x0 EventID 1 value 0x20000: INTID is not an LPI of the partition \\[vits-vlpi-range\\]$"
	"$R SYNC \\(0x05\\) .* value 0x7: target is not a vCPU of the partition \\[vits-target\\]$"
	'^\[guest\] probe: its batch of 10 consumed \([0-9]+ polls\)$'
	# The flood: bounded work per trapped access, every command refused, the guest goes on.
	"$R .*\\[vits-unknown-command\\]$"
	'^\[guest\] probe: its flood of 2047 commands consumed \([0-9]+ polls\)$'
	"$R register access .*\\[vits-translater-cpu-write\\]$"
	'^\[guest\] probe: its translater store returned$'
	# its-msi's 4 commands, then 10 + 2047, 3 of those done (MAPD, MAPC, MAPTI of its own device
	# and vCPU): 7 + 2047 refused, plus the CPU store; the one MSI delivered; nothing failed on
	# the physical ITS.
	'^stats: partition guest: vits commands=2061 refused=2055 lpis=1 delivered=1 undeliverable=0 phys-errors=0$'
	'^\[guest\] probe: heartbeat 3$'
	'^\[host\] probe: heartbeat [0-9]+$'
)
REJECT=('FAIL' '^fault:' 'stopped$' '^its: .*(timeout|stalled)')
CHECK() {
	# The host printed heartbeats after the flood.
	awk '/probe: its flood/ { f = 1 } f && /^\[host\] probe: heartbeat/ { ok = 1 } END { exit !ok }' "$1" || { echo "no host heartbeat after the flood"; return 1; }
}
