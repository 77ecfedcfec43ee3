DESC="a guest's memory filled with a pattern before the hypervisor runs reads as zeros wherever the guest never wrote, in its first life and after a restart: each 64 KiB chunk is zeroed (and loaded) on its first touch, a whole 2 MiB block while all 8 spare level-3 tables are in use, counted as mem-first-touch exits"
# 2 MiB of "POISON#\n" at four places of the guest's physical memory (0x60000000, IPA 0x40000000):
# 1 MiB into its first block (the probe's image ends at 0x400b8000) and over the next one, and
# three more blocks; the DT is in the last block (0x43e00000), which is left alone.
POISON=build/qemu/lazy-mem-poisoned/poison.bin
QX="-device loader,file=$POISON,addr=0x60100000,force-raw=on"
QX+=" -device loader,file=$POISON,addr=0x60400000,force-raw=on"
QX+=" -device loader,file=$POISON,addr=0x61000000,force-raw=on"
QX+=" -device loader,file=$POISON,addr=0x63c00000,force-raw=on"
ARGS=(--config tests/qemu/configs/lazy-mem.dts --extra "$QX")
UNTIL='^partition guest: restarting \(boot 3\)$'
TIMEOUT=180
PREPARE() {
	head -c 2097152 <(yes 'POISON#') >"$1/poison.bin"
}
# Each line once per life, up to the line that ends the run.
COUNT=(
	'2 ^\[guest\] probe: memory 0x41200000\+0x1000 every 0x200000 x8: 0 nonzero bytes$'
	'2 ^\[guest\] probe: memory 0x40100000\+0x100000: 0 nonzero bytes$'
	'2 ^\[guest\] probe: memory 0x40200000\+0x100000: 0 nonzero bytes$'
	'2 ^\[guest\] probe: memory 0x40400000\+0x200000: 0 nonzero bytes$'
	'2 ^\[guest\] probe: memory 0x41000000\+0x200000: 0 nonzero bytes$'
	'2 ^\[guest\] probe: memory 0x43c00000\+0x200000: 0 nonzero bytes$'
	'2 ^\[guest\] probe: scan "POISON#": not found in 6[0-9] MiB$'
	'2 ^\[guest\] probe: boot count 1$'
	# Before the reads the guest has touched its image's chunks (under 1 MiB) and its DT's (block
	# 31). The reads touch 136 chunks: 16 of block 0 (its second half), 16 of block 1, all of
	# blocks 2, 8 and 30 (each then one 2 MiB descriptor again, its table a spare), then one page
	# in each of blocks 9-16: blocks 0, 1 and 31 still hold three of the 8 tables, so 9-13 are
	# split and 14-16 prepared whole, one fault each. The scan touches everything else: 29 blocks
	# of 32 chunks and the 3 whole blocks, 931 first touches in all, each chunk prepared exactly
	# once. The same in the second life: the restart gave every table back.
	'2 ^stats: partition guest: [0-9]+ exits in [0-9]+ ms since the last request, .* mem-first-touch=136( |$)'
	'2 ^stats: partition guest: [0-9]+ exits since start: .* mem-first-touch=931 '
)
EXPECT=(
	'^partition guest: memory ipa 0x40000000-0x43ffffff pa 0x60000000-0x63ffffff \(64 MiB, fixed\)$'
)
REJECT=('probe: FAIL' 'found at' '^fault:' 'stopped$')
