#!/usr/bin/env bash
# The lean-path targets (issue 15), measured in one run under QEMU -icount shift=0,sleep=off (one
# guest or hypervisor instruction = 1 ns of virtual time, deterministic) and printed beside their
# targets:
#   - entry -> each partition's first instruction, and -> its first trap (exit to EL2), for the
#     two-partition bare-metal config and for the demo's Linux config;
#   - HVC round trip and virtual-timer deadline -> guest vector (probe's hvclat= and timerlat=,
#     bench/lean-paths.dts);
#   - text+rodata and bss of the hypervisor ELF.
# The first-trap lines come from a second image built with -DBULKHEAD_BENCH_MARKS (the real
# image prints no such line); every other figure is from the real image.
#
#   bash bench/lean-paths.sh [--no-linux] [--variant NAME "MAKE VARS"]
#
# --variant measures an image built with other make variables (e.g. --variant O2 "HYP_OPT=-O2",
# shell words: "HYP_EXTRA_CFLAGS='-a -b'")
# into build/bench/variants/NAME instead of build/. --no-linux skips the Linux config (it needs
# `make linux`). Lines starting with `target:` are what scripts/gen-benchmarks-md.sh tabulates.
set -euo pipefail
cd "$(dirname "$0")/.."

linux=1 variant="" variant_vars=""
while [ $# -gt 0 ]; do
	case "$1" in
	--no-linux) linux="" ;;
	--variant) variant=$2 variant_vars=$3; shift 2 ;;
	*) echo "lean-paths: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

build=build
[ -n "$variant" ] && build=build/bench/variants/$variant
work=build/bench/lean-paths${variant:+-$variant}
icount="-icount shift=0,sleep=off"
mkdir -p "$work"
# The variables are shell words, so that a value can hold spaces ("HYP_EXTRA_CFLAGS='-a -b'"); the
# marks image gets the variant's HYP_EXTRA_CFLAGS and the marks' define.
vars=() marks_vars=()
eval "vars=($variant_vars)"
marks_extra=-DBULKHEAD_BENCH_MARKS
for v in "${vars[@]}"; do
	case "$v" in
	HYP_EXTRA_CFLAGS=*) marks_extra="${v#HYP_EXTRA_CFLAGS=} $marks_extra" ;;
	*) marks_vars+=("$v") ;;
	esac
done
make --no-print-directory -j2 BUILD="$build" "${vars[@]}" "$build/bulkhead.bin" >/dev/null
make --no-print-directory -j2 BUILD="$build/marks" "${marks_vars[@]}" HYP_EXTRA_CFLAGS="$marks_extra" \
	"$build/marks/bulkhead.bin" >/dev/null
make --no-print-directory payloads >/dev/null
[ -z "$linux" ] || make --no-print-directory linux >/dev/null

hz=62500000 # QEMU virt's CNTFRQ; probe's lines confirm it below
ns_per_tick=$((1000000000 / hz))
met() { # VALUE TARGET
	if [ "$1" -le "$2" ]; then echo met; else echo "NOT met"; fi
}
target() { # WHAT VALUE TARGET UNIT
	printf 'target: %s = %s %s (target <= %s): %s\n' "$1" "$2" "$4" "$3" "$(met "$2" "$3")"
}

# boot LABEL CONFIG MARK IMAGE LOG [QEMU ARGS [RUN-QEMU ARGS]]: runs until every partition printed
# MARK; prints "NAME TICKS" per partition.
boot() {
	local label=$1 config=$2 mark=$3 image=$4 log=$5 extra=$6 more=${7:-} parts status
	local -a dirs=()
	parts=$(dtc -q -I dts -O dtb "$config" | fdtget -l - /partitions | wc -l)
	[ -z "$linux" ] || dirs=(--image-dir .deps/linux --image-dir build/linux)
	status=$(bash scripts/run-qemu.sh --hyp "$image" --config "$config" "${dirs[@]}" --disk "$work/$label.img" \
		--log "$log" --timeout 900 --until "^partition [^ ]+: $mark [0-9]+ us " --until-count "$parts" \
		--extra "$extra $icount" $more)
	if [ "$status" != stopped ] || [ "$(grep -cE "^partition [^ ]+: $mark [0-9]+ us " "$log")" -ne "$parts" ]; then
		echo "lean-paths: $label: not every partition printed '$mark' ($status), see $log" >&2
		exit 1
	fi
	sed -nE "s/^partition ([^ ]+): $mark [0-9]+ us after hypervisor entry \(([0-9]+) counter ticks\)$/\1 \2/p" "$log"
}

# console_time LABEL WHAT PARTS LOG: the console's bytes from the banner to the last of PARTS
# first-instruction marks, and how long a board's PL011 at 115200 baud (8N1: 10 bits a character,
# each newline sent as CR LF) takes for them: under QEMU the UART costs nothing, so the
# instruction counts do not show it.
console_time() {
	awk -v label="$1" -v what="$2" -v parts="$3" '
		/^bulkhead .*: static partitioning hypervisor/ { on = 1 }
		on { bytes += length($0) + 2; lines++ }
		on && /^partition [^ ]+: first instruction [0-9]+ us / && ++marks == parts { exit }
		END { printf "lean-paths: %s: boot console%s up to the last first-instruction mark: %d lines, %d bytes, %d ms at 115200 baud\n", label, what, lines, bytes, bytes * 10 * 1000 / 115200 }
	' "$4"
}

boot_figures() { # LABEL CONFIG [QEMU ARGS]
	local label=$1 config=$2 extra=${3:-} name ticks marks
	# Assigned first, so that a boot that fails stops the bench (set -e) instead of leaving a
	# target line out.
	marks=$(boot "$label-entry" "$config" "first instruction" "$build/bulkhead.bin" "$work/$label-entry.log" "$extra")
	while read -r name ticks; do
		target "$label $name: entry -> first instruction" $((ticks * ns_per_tick)) 3000000 instructions
	done <<<"$marks"
	console_time "$label" "" "$(wc -l <<<"$marks")" "$work/$label-entry.log"
	# The same boot with the short report a board would use (docs/boot.md): what its console takes,
	# and the instructions the left-out lines cost.
	marks=$(boot "$label-summary" "$config" "first instruction" "$build/bulkhead.bin" "$work/$label-summary.log" "$extra" \
		"--report summary")
	console_time "$label" " with /chosen/bulkhead,report = summary" "$(wc -l <<<"$marks")" "$work/$label-summary.log"
	while read -r name ticks; do
		echo "lean-paths: $label $name: entry -> first instruction with the summary report: $((ticks * ns_per_tick)) instructions"
	done <<<"$marks"
	marks=$(boot "$label-trap" "$config" "first trap" "$build/marks/bulkhead.bin" "$work/$label-trap.log" "$extra")
	while read -r name ticks; do
		target "$label $name: entry -> first trap" $((ticks * ns_per_tick)) 3500000 instructions
	done <<<"$marks"
	# What each first trap was (the marks image says), with the exception class decoded: a
	# Linux partition's is the stage-2 fault of its first fetch, whose block is prepared then.
	sed -nE 's/^partition ([^ ]+): first trap was (.*)$/\1 \2/p' "$work/$label-trap.log" |
		while read -r name what; do
			local ec="" esr
			esr=$(sed -nE 's/^ESR_EL2 (0x[0-9a-f]+) .*/\1/p' <<<"$what")
			if [ -n "$esr" ]; then
				case $(((esr >> 26) & 0x3f)) in
				32) ec=" (an instruction abort: a first touch of its memory)" ;;
				36) ec=" (a data abort)" ;;
				22) ec=" (an HVC)" ;;
				24) ec=" (a trapped system register access)" ;;
				*) ec=" (exception class $(((esr >> 26) & 0x3f)))" ;;
				esac
			fi
			echo "lean-paths: $label $name: first trap was $what$ec"
		done
	# The same mark in the second run shows how far two runs differ (QEMU's round-robin vCPUs).
	sed -nE 's/^partition ([^ ]+): first instruction [0-9]+ us after hypervisor entry \(([0-9]+) counter ticks\)$/\1 \2/p' \
		"$work/$label-trap.log" | while read -r name ticks; do
		echo "lean-paths: $label $name: first instruction in the first-trap run: $((ticks * ns_per_tick)) instructions"
	done
}

echo "lean-paths: commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' (with uncommitted changes)'), image $build/bulkhead.elf${variant:+ (variant $variant: $variant_vars)}"
echo "lean-paths: QEMU $icount: 1 instruction = 1 ns of virtual time, 1 counter tick = $ns_per_tick ns"
boot_figures two-partitions tests/qemu/configs/two-partitions.dts
if [ -n "$linux" ]; then
	. bench/demo-devices.sh
	boot_figures demo-linux configs/demo.dts "$demo_devices"
fi

# Exit paths: probe in bench/lean-paths.dts.
log=$work/exits.log
status=$(bash scripts/run-qemu.sh --hyp "$build/bulkhead.bin" --config bench/lean-paths.dts --smp 2 \
	--disk "$work/exits.img" --log "$log" --timeout 600 --until '^\[host\] probe: done' --extra "$icount")
hvc=$(grep -E '^\[host\] probe: hvclat ' "$log" || true)
lat=$(grep -E '^\[host\] probe: timerlat min ' "$log" || true)
if [ "$status" != stopped ] || [ -z "$hvc" ] || [ -z "$lat" ] || grep -q FAIL "$log"; then
	echo "lean-paths: exit-path run did not finish cleanly ($status), see $log" >&2
	exit 1
fi
read -r samples batch with without phz < <(sed -E 's/.*hvclat ([0-9]+) samples: batch of ([0-9]+) .* min ([0-9]+) ticks, same batch without hvc min ([0-9]+) ticks, of ([0-9]+) Hz/\1 \2 \3 \4 \5/' <<<"$hvc")
read -r lmin lmed lhz < <(sed -E 's/.*timerlat min ([0-9]+) median ([0-9]+) .* ticks of ([0-9]+) Hz.*/\1 \2 \3/' <<<"$lat")
if [ "$phz" != "$hz" ] || [ "$lhz" != "$hz" ]; then
	echo "lean-paths: the counter runs at $phz Hz, not $hz" >&2
	exit 1
fi
echo "lean-paths: hvclat: min over $samples samples of $batch PSCI_VERSION calls $with ticks, without the hvc $without ticks"
target "exit: HVC round trip (PSCI_VERSION)" $(((with - without) * ns_per_tick / batch)) 300 instructions
echo "lean-paths: timerlat: 200 samples, min $lmin median $lmed ticks ($((lmin * ns_per_tick)) / $((lmed * ns_per_tick)) instructions)"
target "exit: timer IRQ deadline -> guest vector (median)" $((lmed * ns_per_tick)) 700 instructions

read -r text data bss _ < <(aarch64-linux-gnu-size "$build/bulkhead.elf" | tail -1)
# Gaps of 1 KiB or more inside .text: the vector table's alignment, and (with ld's default
# --fix-cortex-a53-843419=full, which the Makefile no longer uses) a 4 KiB page per erratum stub.
# Counted apart, so that a jump of the total can be told from a change of the code.
padding=$(python3 - "$build/bulkhead.map" <<'PY'
import re, sys
secs, name, text = [], None, False
for line in open(sys.argv[1]):
    m = re.match(r"^ (\.\S+)\s*$", line)
    if m:
        name = m.group(1)
        continue
    m = re.match(r"^ (\.\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s", line)
    if m and (m.group(1) or name or "").startswith(".text") and int(m.group(3), 16):
        secs.append((int(m.group(2), 16), int(m.group(3), 16)))
    name = None
secs = sorted(s for s in secs if s[0])
print(sum(max(0, b - (a + n)) for (a, n), (b, _) in zip(secs, secs[1:]) if b - (a + n) >= 1024))
PY
)
echo "lean-paths: image sections: text+rodata $text (of which $padding bytes are alignment padding), data $data, bss $bss bytes"
# The stack headroom of this build's deepest call chain (-O2 inlines more, and deeper).
python3 scripts/check-stack.py --report "$build/bulkhead.dis" arch/arm64/cpu/cpu.h | sed 's/^check-stack: /lean-paths: stack: /' || true
target "size: text+rodata" "$text" 140000 bytes
target "size: bss" "$bss" 65536 bytes
