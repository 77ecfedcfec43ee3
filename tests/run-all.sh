#!/usr/bin/env bash
# Runs every unit test binary and every QEMU scenario; ends with "N passed, M failed".
#   run-all.sh [--unit-only | --qemu-only] [SCENARIO_GLOB]
# The unit half: the cmocka binaries in build/unit/ and the host-only script tests
# (tests/scripts/test_*.sh). The QEMU half: the scenarios in tests/qemu/scenarios/ and the script
# tests that boot QEMU (tests/scripts/test_*_qemu.sh, matched by GLOB without test_ and _qemu).
set -uo pipefail
cd "$(dirname "$0")/.."

mode=all glob='*'
for a in "$@"; do
	case "$a" in
	--unit-only) mode=unit ;;
	--qemu-only) mode=qemu ;;
	*) glob=$a ;;
	esac
done

passed=0 failed=0
failures=()

run_unit() {
	local bin out rc ok bad
	for bin in build/unit/test_*; do
		[ -x "$bin" ] || continue
		out=$("$bin" 2>&1)
		rc=$?
		ok=$(grep -c '^\[       OK \]' <<<"$out")
		# cmocka names a failed test twice (when it fails and in the summary): count names.
		# "[  ERROR   ] --- why" lines are messages, not tests.
		bad=$(grep -aE '^\[  (FAILED|ERROR)   ?\] [^0-9-]' <<<"$out" | sort -u | wc -l)
		if [ $rc -ne 0 ] && [ "$bad" -eq 0 ]; then
			bad=1 # crashed (sanitizer report, abort) before cmocka could say
		fi
		passed=$((passed + ok))
		failed=$((failed + bad))
		if [ "$bad" -gt 0 ]; then
			failures+=("unit $(basename "$bin")")
			echo "$out" | grep -aE 'FAILED|ERROR|error|runtime error|Sanitizer' | head -20
		fi
		echo "[unit] $(basename "$bin"): $ok passed, $bad failed"
	done
}

run_qemu() {
	local scn out
	for scn in tests/qemu/scenarios/$glob.sh; do
		[ -f "$scn" ] || continue
		out=$(bash tests/qemu/run-scenario.sh "$scn")
		echo "$out"
		if grep -q '^\[test\] PASS' <<<"$out"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			failures+=("qemu $(basename "$scn" .sh)")
		fi
	done
}

run_script_tests() { # unit|qemu
	local t out name
	for t in tests/scripts/test_*.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .sh)
		case "$1:$name" in
		unit:*_qemu) continue ;;
		qemu:*_qemu) name=${name#test_} && [[ ${name%_qemu} == $glob ]] || continue ;;
		qemu:*) continue ;;
		esac
		if out=$(bash "$t" 2>&1); then
			passed=$((passed + 1)); echo "[test] PASS $(basename "$t" .sh)"
		else
			failed=$((failed + 1)); failures+=("script $(basename "$t" .sh)")
			echo "[test] FAIL $(basename "$t" .sh)"; echo "$out" | tail -15
		fi
	done
}

start=$SECONDS
[ "$mode" = qemu ] || { run_unit; run_script_tests unit; }
[ "$mode" = unit ] || { run_qemu; run_script_tests qemu; }
echo
if [ ${#failures[@]} -gt 0 ]; then
	echo "failed: ${failures[*]}"
fi
echo "time: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
