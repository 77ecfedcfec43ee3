DESC="shared-memory channels between two Linux partitions with Debian's kernel: bulkhead channels lists them, a message each way with a doorbell each way (bulkhead channel send/recv through /dev/mem and the management window; bulkhead channel wait and recv sleep on the channel's line of the virtual PL061 GPIO controller until the other side rings, and /proc/interrupts counts its SPI), a read-only mapping's write is a reported fault, a partition not on the channel faults on its address; the host keeps running"
ARGS=(--config tests/qemu/configs/linux-channels.dts --image-dir .deps/linux --image-dir build/linux)
UNTIL='^\[host\] channels-done$'
TIMEOUT=240
INPUT='seen ^\[host\] host# 
seen ^\[guest\] guest# 
send \x1d1
expect ^bulkhead: console input -> guest$
send (bulkhead channel chat wait --timeout 90 && bulkhead channel chat read | sed "s/^/guest-woke-got: /") &\r
expect ^\[guest\] (guest# )?bulkhead: channel chat: waiting on gpiochip
send \x1d0
expect ^bulkhead: console input -> host$
send bulkhead channels\r
expect ^\[host\] news 
send bulkhead channel chat send hello-from-host-linux\r
expect ^\[host\] bulkhead: channel chat: sent
seen ^\[guest\] (guest# )?guest-woke-got: 
send (bulkhead channel chat wait --timeout 90 && bulkhead channel chat read --at 0x800 | sed "s/^/host-woke-got: /") &\r
expect ^\[host\] (host# )?bulkhead: channel chat: waiting on gpiochip
send \x1d1
expect ^bulkhead: console input -> guest$
send bulkhead channels\r
expect ^\[guest\] news 
send bulkhead channel chat recv | sed "s/^/guest-got: /"\r
expect ^\[guest\] guest-got: 
send bulkhead channel news recv --timeout 90 | sed "s/^/guest-news: /" &\r
send bulkhead channel chat send --at 0x800 pong-from-guest-linux\r
expect ^\[guest\] (guest# )?bulkhead: channel chat: sent
send \x1d0
expect ^bulkhead: console input -> host$
seen ^\[host\] (host# )?host-woke-got: 
send bulkhead channel chat recv --at 0x800 | sed "s/^/host-got: /"\r
expect ^\[host\] host-got: 
send grep 9f02000.gpio /proc/interrupts | sed "s/^/gpio-irq: /"\r
expect ^\[host\] gpio-irq: 
send bulkhead channel news send news-for-guest\r
expect ^\[host\] bulkhead: channel news: sent
seen ^\[guest\] (guest# )?guest-news: 
send bulkhead --json channels | grep news | sed "s/^/json-news: /"\r
expect ^\[host\] json-news: 
send \x1d1
expect ^bulkhead: console input -> guest$
send grep 9f02000.gpio /proc/interrupts | sed "s/^/gpio-irq: /"\r
expect ^\[guest\] gpio-irq: 
send bulkhead channel news send nope; echo ro-send-rc=$?\r
expect ^\[guest\] ro-send-rc=
send devmem 0x70100000 32 1\r
expect ^partition guest: stopped$
send \x1d0
expect ^bulkhead: console input -> host$
send bulkhead list | grep -v running | sed "s/^/not-running: /"\r
expect ^\[host\] not-running: intruder
send bulkhead channel chat read --at 0x800 | sed "s/^/host-still: /"\r
expect ^\[host\] host-still: 
send echo channels-done\r'
EXPECT=(
	'^bulkhead: 3 of 3 partitions started$'
	'^channel chat: 0x10000 bytes at pa 0x7c000000, zeroed$'
	'^partition guest: channel news ipa 0x70100000-0x70100fff pa 0x7c010000-0x7c010fff \(4 KiB, read-only, doorbell 103\)$'
	# bulkhead channels in each Linux: its own view (IPA, access, doorbell, doorbells received, peers).
	'^\[host\] NAME +SIZE +IPA +ACCESS +DOORBELL +RINGS +PEERS$'
	'^\[host\] chat +65536 +0x70000000 +read-write +100 +0 +guest$'
	'^\[host\] news +4096 +0x70100000 +read-write +102 +0 +guest$'
	'^\[guest\] chat +65536 +0x70000000 +read-write +101 +1 +host$'
	'^\[guest\] news +4096 +0x70100000 +read-only +103 +0 +host$'
	# Host -> guest and back: the bytes arrive, each doorbell counted on the other side.
	'^\[host\] bulkhead: channel chat: sent 21 bytes at offset 0x0, doorbell rung$'
	# Each direction: a `wait` blocked on the channel's doorbell GPIO line (the virtual PL061 that
	# Linux's gpio-pl061 binds, line named after the channel) is woken by the other side's ring.
	'^\[guest\] (guest# )?bulkhead: channel chat: waiting on gpiochip[0-9]+ line 0$'
	'^\[guest\] (guest# )?bulkhead: channel chat: doorbell on gpiochip[0-9]+ line 0$'
	'^\[guest\] (guest# )?guest-woke-got: hello-from-host-linux$'
	'^\[host\] (host# )?bulkhead: channel chat: waiting on gpiochip[0-9]+ line 0$'
	'^\[host\] (host# )?bulkhead: channel chat: doorbell on gpiochip[0-9]+ line 0$'
	'^\[host\] (host# )?host-woke-got: pong-from-guest-linux$'
	# Linux counted the doorbells as interrupts of the PL061's line 0 (the controller's own SPI,
	# INTID 511, is a chained handler that /proc/interrupts does not count).
	'^\[host\] gpio-irq: +[0-9]+: +([0-9]+ +)*[1-9][0-9]* +([0-9]+ +)*9f02000\.gpio +0 +Edge'
	'^\[guest\] gpio-irq: +[0-9]+: +([0-9]+ +)*[1-9][0-9]* +([0-9]+ +)*9f02000\.gpio +0 +Edge'
	'^\[guest\] guest-got: hello-from-host-linux$'
	'^\[guest\] (guest# )?bulkhead: channel chat: sent 21 bytes at offset 0x800, doorbell rung$'
	'^\[host\] host-got: pong-from-guest-linux$'
	'^\[host\] json-news:   \{"name": "news", "size": 4096, "ipa": "0x70100000", "access": "read-write", "doorbell": 102, "rings": 0, "peers": \["guest"\]\}$'
	# recv waited (on the news line) for the doorbell before reading.
	'^\[guest\] (guest# )?guest-news: news-for-guest$'
	# Read-only: the tool refuses; a raw store is a stage-2 permission fault naming the channel.
	'^\[guest\] ro-send-rc=1$'
	'^fault: partition guest vcpu 0: stage-2 data abort: write to IPA 0x70100000 \(FAR 0x[0-9a-f]+, permission fault, level 3\): read-only channel .news. at ELR '
	# Not on the channel: nothing listed, its address unmapped.
	'^\[intruder\] probe: manage channels -> 0 len 0$'
	'^fault: partition intruder vcpu 0: stage-2 data abort: read from IPA 0x70000000 \(FAR 0x70000000, translation fault, level [0-9]\): outside the partition at ELR '
	'^\[host\] not-running: intruder +stopped +1 +64 MiB +1 fault$'
	'^\[host\] not-running: guest +stopped +1 +256 MiB +1 fault$'
	'^\[host\] host-still: pong-from-guest-linux$'
)
COUNT=(
	'1 ^fault: partition guest'
)
REJECT=('^fault: partition host' 'partition host: stopped' 'Kernel panic' 'Oops' 'BUG:' 'rcu.*stall' 'probe: FAIL')
