DESC="a channel placed over the top of RAM, where U-Boot relocated itself, is zeroed before its partitions see it: both find its 2 MiB all zero"
ARGS=(--config tests/qemu/configs/channel-zeroed.dts --until-count 2)
UNTIL='\[(host|guest)\] probe: done'
TIMEOUT=60
# Without the zeroing (channels_init's mem_zero_to_poc left out) both probes count 675428
# nonzero bytes there, U-Boot's relocated code and data.
EXPECT=(
	'^partition guest: channel top ipa 0x90000000-0x901fffff pa 0xbfe00000-0xbfffffff \(2 MiB, read-only, doorbell 100\)$'
	'^channel top: 0x200000 bytes at pa 0xbfe00000, zeroed$'
	'^\[host\] probe: channel 0x90000000\+0x200000: 0 nonzero bytes$'
	'^\[guest\] probe: channel 0x90000000\+0x200000: 0 nonzero bytes$'
)
REJECT=('FAIL' '^fault:' 'stopped$')
