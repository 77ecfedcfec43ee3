DESC="a guest placed over U-Boot's old memory finds no leftovers (host bootargs, config, U-Boot, board DTB), nor its own canary after a restart: memory is zeroed before every start"
ARGS=(--config tests/qemu/configs/scrub.dts)
UNTIL='^partition guest: restarting \(boot 3\)$'
TIMEOUT=180
# Each line twice, once per life, up to the line that ends the run (run-scenario.sh counts only
# that far: QEMU may print a little more before it is stopped, e.g. the third life's first scan).
COUNT=(
	'2 ^\[guest\] probe: scan "bh-secret-4711": not found in 6[0-9] MiB$'
	'2 ^\[guest\] probe: scan "bulkhead,config": not found in 6[0-9] MiB$'
	'2 ^\[guest\] probe: scan "U-Boot": not found in 6[0-9] MiB$'
	'2 ^\[guest\] probe: scan "qemu,fw-cfg-mmio": not found in 6[0-9] MiB$'
	'2 ^\[guest\] probe: scan "CANARY<>": not found in 6[0-9] MiB$'
	'2 ^\[guest\] probe: canary set at 0x40100000$'
)
EXPECT=(
	'^partition guest: memory ipa 0x40000000-0x43ffffff pa 0xbc000000-0xbfffffff \(64 MiB, fixed\)$'
	'^bulkhead: staging area 0x44000000-0x47ffffff wiped \([0-9]+ KiB\), the config included$'
)
REJECT=('probe: FAIL' 'found at' '^fault:' 'stopped$')
