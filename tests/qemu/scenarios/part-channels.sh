DESC="shared-memory channels between probe partitions: a message each way with a doorbell each way, zeroed memory, a read-only mapping's write refused and reported, two partitions not on the channel fault on its guest-physical and physical addresses; the host keeps running"
ARGS=(--config tests/qemu/configs/channels.dts)
UNTIL='\[host\] probe: heartbeat 40$'
TIMEOUT=90
EXPECT=(
	# Placed after every partition's memory (the spy's ends at 0x5fffffff), zeroed once.
	'^partition host: channel chat ipa 0x70000000-0x7000ffff pa 0x60000000-0x6000ffff \(64 KiB, read-write, doorbell 100, dma\)$'
	'^partition guest: channel news ipa 0x70100000-0x70100fff pa 0x60010000-0x60010fff \(4 KiB, read-only, doorbell 103\)$'
	'^channel chat: 0x10000 bytes at pa 0x60000000, zeroed$'
	"^\[host\] probe: channel read 0x70008000: ''$"
	# Host -> guest: the message, then the guest's doorbell (SPI 101) taken from its CPU interface.
	'^\[host\] probe: manage ring:chat -> 0 len 0$'
	'^\[guest\] probe: channel doorbell 101$'
	"^\[guest\] probe: channel read 0x70000000: 'hello-from-host'$"
	# Guest -> host, the other way.
	'^\[guest\] probe: manage ring:chat -> 0 len 0$'
	'^\[host\] probe: channel doorbell 100$'
	"^\[host\] probe: channel read 0x70000800: 'pong-from-guest'$"
	'^\[host\] probe: manage: channel name=chat size=65536 ipa=0x70000000 access=read-write doorbell=100 rings=1 peers=guest$'
	'^\[host\] probe: manage: channel name=news size=4096 ipa=0x70100000 access=read-write doorbell=102 rings=0 peers=guest$'
	'^\[guest\] probe: manage: channel name=chat size=65536 ipa=0x70000000 access=read-write doorbell=101 rings=1 peers=host$'
	'^\[guest\] probe: manage: channel name=news size=4096 ipa=0x70100000 access=read-only doorbell=103 rings=0 peers=host$'
	# Read-only: the guest reads the host's news, its write is a permission fault naming the channel.
	"^\[guest\] probe: channel read 0x70100000: 'news-from-host'$"
	'^fault: partition guest vcpu 0: stage-2 data abort: write to IPA 0x70100000 \(FAR 0x70100000, permission fault, level 3\): read-only channel .news. at ELR '
	# Not on the channel: nothing to list, nothing to ring, and no way to its memory.
	'^manage: partition intruder: ring chat refused: no-such-channel$'
	'^\[intruder\] probe: manage ring:chat -> -7 len 0$'
	'^manage: partition host: ring nosuch refused: no-such-channel$'
	'^fault: partition intruder vcpu 0: stage-2 data abort: read from IPA 0x70000000 \(FAR 0x70000000, translation fault, level [0-9]\): outside the partition at ELR '
	'^fault: partition spy vcpu 0: stage-2 data abort: read from IPA 0x60000000 \(FAR 0x60000000, translation fault, level [0-9]\): outside the partition at ELR '
	'^partition guest: stopped$'
	'^partition intruder: stopped$'
	'^partition spy: stopped$'
)
COUNT=(
	'1 ^\[intruder\] probe: manage channels -> 0 len 0$'
)
REJECT=('probe: FAIL' 'partition host: stopped' '^\[intruder\] probe: manage: channel' '^\[guest\] probe: channel write 0x70100000')
CHECK() {
	# The host goes on after the three others stopped.
	local after hb
	after=$(sed -n '/^partition spy: stopped$/,$p' "$1")
	hb=$(grep -c '^\[host\] probe: heartbeat' <<<"$after")
	[ "$hb" -ge 5 ] || { echo "only $hb host heartbeats after the spy stopped"; return 1; }
}
