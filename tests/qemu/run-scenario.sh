#!/usr/bin/env bash
# Run one QEMU boot scenario and check its console.
#
# A scenario is a bash file in tests/qemu/scenarios/ that sets:
#   DESC      one line saying what it shows
#   ARGS      array of scripts/run-qemu.sh options (config, QEMU devices, selftest, ...)
#   UNTIL     regex: the line that ends the run early (the scenario's finish line)
#   UNTIL_COUNT  the run ends at the UNTIL_COUNT-th line matching UNTIL (default 1)
#   TIMEOUT   seconds (default 60)
#   EXPECT    array of regexes that must each match a console line (any: QEMU may print a few
#             more lines after the finish line, such as a fault burst reported just after it)
#   REJECT    array of regexes that must match no line of the whole console (crash lines are
#             always rejected unless ALLOW_CRASH=1)
#   COUNT     array of "N regex": exactly N lines up to the finish line must match (QEMU may
#             print a little more before it is stopped: that is not counted)
#   PREPARE   optional bash function run before the boot with the scenario's directory
#             (build/qemu/NAME), e.g. to write a disk image QEMU gets; non-zero = fail
#   CHECK     optional bash function run after the boot with the log path; non-zero = fail
#   INPUT     optional keystrokes for the console: a run-qemu.sh --input script (expect/send/sleep
#             lines), e.g. to drive a shell in a Linux partition
# It passes only if the finish line appeared, every EXPECT matched and no REJECT did.
# Prints "[test] PASS name" or "[test] FAIL name: why" and exits 0/1.
set -uo pipefail
cd "$(dirname "$0")/../.."

scn=$1
name=$(basename "$scn" .sh)
DESC="" ARGS=() UNTIL="" UNTIL_COUNT=1 TIMEOUT=60 EXPECT=() REJECT=() COUNT=() ALLOW_CRASH=0 INPUT=""
unset -f CHECK BOARD_PATCH PREPARE 2>/dev/null
# shellcheck source=/dev/null
source "$scn"

dir=build/qemu/$name
mkdir -p "$dir"
log=$dir/console.log
if declare -F PREPARE >/dev/null; then
	PREPARE "$dir" || { echo "[test] FAIL $name: PREPARE failed"; exit 1; }
fi
if declare -F BOARD_PATCH >/dev/null; then
	# Boot with QEMU's own DTB for this machine, patched by the scenario.
	bash scripts/run-qemu.sh --dump-dts "$dir/board.dts" "${ARGS[@]}" || { echo "[test] FAIL $name: cannot dump the board DTB"; exit 1; }
	BOARD_PATCH "$dir/board.dts" || { echo "[test] FAIL $name: BOARD_PATCH failed"; exit 1; }
	ARGS+=(--board-dts "$dir/board.dts")
fi
if [ -n "$INPUT" ]; then
	printf '%s\n' "$INPUT" > "$dir/input"
	ARGS+=(--input "$dir/input")
fi
status=$(bash scripts/run-qemu.sh --disk "$dir/disk.img" --log "$log" --timeout "$TIMEOUT" \
	${UNTIL:+--until "$UNTIL" --until-count "$UNTIL_COUNT"} "${ARGS[@]}" 2>"$dir/run.err")
rc=$?

fail() {
	echo "[test] FAIL $name: $*"
	echo "       console: $log"
	exit 1
}

[ $rc -eq 0 ] || fail "run-qemu.sh failed: $(tail -3 "$dir/run.err" | tr '\n' ' ')"
if [ -n "$UNTIL" ] && ! grep -aqE "$UNTIL" "$log"; then
	case "$status" in
	timeout) fail "finish line /$UNTIL/ never appeared within ${TIMEOUT}s" ;;
	*) fail "finish line /$UNTIL/ never appeared; QEMU $status: $(grep -a 'qemu-system' "$log" | tail -1)" ;;
	esac
fi
# COUNT reads the console up to the finish line (what follows it depends on when QEMU was
# stopped); EXPECT reads all of it.
head=$log
if [ -n "$UNTIL" ]; then
	head=$dir/console.until.log
	end=$(grep -anE -- "$UNTIL" "$log" | sed -n "${UNTIL_COUNT}p" | cut -d: -f1)
	sed -n "1,${end:-\$}p" "$log" > "$head"
fi
for re in "${EXPECT[@]}"; do
	grep -aqE -- "$re" "$log" || fail "expected line /$re/ not found"
done
[ "$ALLOW_CRASH" = 1 ] || REJECT+=('CRASH on cpu' 'FATAL' 'qemu: hardware error')
for re in "${REJECT[@]}"; do
	if line=$(grep -aE -m1 -- "$re" "$log"); then
		fail "rejected line /$re/ found: $line"
	fi
done
for spec in "${COUNT[@]}"; do
	want=${spec%% *}
	re=${spec#* }
	got=$(grep -acE -- "$re" "$head")
	[ "$got" -eq "$want" ] || fail "/$re/ matched $got lines, expected $want"
done
if declare -F CHECK >/dev/null; then
	out=$(CHECK "$log" 2>&1) || fail "check: $out"
fi
echo "[test] PASS $name"
