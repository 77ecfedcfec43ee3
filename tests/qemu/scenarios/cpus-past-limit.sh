DESC="an 18-CPU machine: bulkhead runs the first 16; a guest naming CPUs 0x100 and 0x101 (numbers 16 and 17) is refused by the boot with the same errors as bulkhead-check, and nothing starts"
ARGS=(--smp 18 --config tests/qemu/configs/cpus-past-limit.dts)
UNTIL='bulkhead: halted: nothing was started'
TIMEOUT=90
# QEMU's own DTB for this machine, unchanged, so that CHECK reads the board the boot read.
BOARD_PATCH() { test -s "$1"; }
EXPECT=(
	'^cpus: only the first 16 of 18 CPUs are used \(MAX_CPUS\)$'
	'^cpus: 16 of 18 online$'
	'^error: /partitions/guest: cpus: CPU 0x100 \(/cpus/cpu@16\) is number 16 of the board.s 18 CPUs \(from 0, in /cpus order\); this build of bulkhead runs only numbers 0-15 \[cfg-over-limit\]$'
	'^error: /partitions/guest: cpus: CPU 0x101 \(/cpus/cpu@17\) is number 17 of the board.s 18 CPUs \(from 0, in /cpus order\); this build of bulkhead runs only numbers 0-15 \[cfg-over-limit\]$'
	'^bulkhead: config rejected: 2 errors$'
	'^bulkhead: no partition was started$'
)
REJECT=('partitions started' '^\[(host|guest)\]' '^smmu: sid' 'cpu 16 online')
CHECK() {
	local dir; dir=$(dirname "$1")
	build/bulkhead-check check --images build/payloads "$dir/board.dts" tests/qemu/configs/cpus-past-limit.dts |
		grep -E '^(error|warning):' > "$dir/offline.diags"
	grep -E '^(error|warning):' "$1" > "$dir/console.diags"
	diff -u "$dir/console.diags" "$dir/offline.diags" || { echo "verdicts differ"; return 1; }
}
