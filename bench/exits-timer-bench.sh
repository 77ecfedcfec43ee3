#!/usr/bin/env bash
# Exits per second by reason in each partition while idle and while busy, and the timer interrupt
# latency a guest sees under bulkhead compared with the same payload on bare QEMU, in one run.
#
# bulkhead boots bench/exits-timer.dts: the host partition runs probe with
#   stats idle=2000 stats busy=2000 stats timerlat=200 stats done
# (each `stats` is a BULKHEAD_HVC_STATS hypercall: the hypervisor prints the partition's exit
# counters and the exits since the previous request), while the guest partition runs
# `stats idle=8000 stats done`. Then QEMU runs the same probe.bin directly at EL1 (virtualization
# off, QEMU's own GICv3) with `timerlat=200 done off`. timerlat = counter ticks (62.5 MHz on QEMU
# virt) from the virtual timer's deadline (CNTV_CVAL_EL0) to probe's IRQ vector.
#
#   bash bench/exits-timer-bench.sh [MODE...]     MODE: none (default, first), auto, or an icount shift
#
# Modes (default: none 4):
#   none   TCG without -icount (multi-threaded, counter = host time): latency includes TCG's own
#          timer-to-interrupt delay and host scheduling; medians are meaningful, averages and
#          maxima are TCG noise (host hiccups of milliseconds).
#   N      -icount shift=N,sleep=off: deterministic. With N=4 one instruction = 16 ns = one counter
#          tick, so latencies are instruction counts from the deadline to the vector.
#   auto   -icount shift=auto: the shift adapts to host speed; the bare latency is below one tick.
set -euo pipefail
cd "$(dirname "$0")/.."
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(none 4)
make --no-print-directory hyp payloads >/dev/null
work=build/bench/exits-timer
mkdir -p "$work"

field() { # LINE NAME: the number after NAME in a probe timerlat line
	sed -E "s/.* $2 ([0-9.]+).*/\1/" <<<"$1"
}

for mode in "${modes[@]}"; do
	case "$mode" in
	none) icount="" what="TCG without -icount (wall-clock timing: TCG timing noise)" ;;
	auto) icount="-icount shift=auto" what="-icount shift=auto (adaptive; the bare path is below one tick)" ;;
	[0-9]*) icount="-icount shift=$mode,sleep=off"
		what="-icount shift=$mode,sleep=off (deterministic: one instruction = $((1 << mode)) ns, one tick = 16 ns)" ;;
	*) echo "exits-timer: unknown mode $mode" >&2; exit 2 ;;
	esac
	hlog=$work/bulkhead-$mode.log blog=$work/bare-$mode.log
	status=$(bash scripts/run-qemu.sh --config bench/exits-timer.dts --smp 2 --disk "$work/disk.img" \
		--log "$hlog" --timeout 600 --until '\[guest\] probe: done' ${icount:+--extra "$icount"})
	if [ "$status" != stopped ] || ! grep -q '^\[host\] probe: done' "$hlog" || grep -q 'FAIL' "$hlog"; then
		echo "exits-timer: bulkhead run did not finish cleanly ($status), see $hlog" >&2
		exit 1
	fi
	# shellcheck disable=SC2086
	timeout 300 qemu-system-aarch64 -machine virt,gic-version=3 -cpu cortex-a57 -smp 1 -m 512M -nographic \
		-nic none $icount -kernel build/payloads/probe.bin -append "timerlat=200 done off" \
		</dev/null 2>&1 | tr -d '\r' >"$blog" || true
	if ! grep -q '^probe: done' "$blog" || grep -q 'FAIL' "$blog"; then
		echo "exits-timer: bare run did not finish cleanly, see $blog" >&2
		exit 1
	fi

	echo "== mode $mode: $what"
	mapfile -t host < <(grep -E '^stats: partition host: .* since the last request' "$hlog" |
		sed -E 's/^stats: partition host: //')
	mapfile -t guest < <(grep -E '^stats: partition guest: .* since the last request' "$hlog" |
		sed -E 's/^stats: partition guest: //')
	if [ ${#host[@]} -ne 4 ] || [ ${#guest[@]} -ne 2 ]; then
		echo "exits-timer: missing stats lines in $hlog" >&2
		exit 1
	fi
	echo "exits: host  boot to first request: ${host[0]}"
	echo "exits: host  idle=2000 (WFI, vtimer every 10 ms): ${host[1]}"
	echo "exits: host  busy=2000 (stores, no hypercall):    ${host[2]}"
	echo "exits: host  timerlat=200:                       ${host[3]}"
	echo "exits: guest idle=8000 (while the host ran):     ${guest[1]}"
	grep -E '^stats: partition host: [0-9]+ exits since start' "$hlog" | tail -1 | sed -E 's/^stats: /exits: total /'
	grep -E '^stats: partition guest: [0-9]+ exits since start' "$hlog" | tail -1 | sed -E 's/^stats: /exits: total /'

	hl=$(grep -E '^\[host\] probe: timerlat min' "$hlog" | sed -E 's/^\[host\] probe: //')
	bl=$(grep -E '^probe: timerlat min' "$blog" | sed -E 's/^probe: //')
	echo "timerlat: bulkhead: $hl"
	echo "timerlat: bare:     $bl"
	grep -E '^\[host\] probe: timerlat [0-9]+ samples' "$hlog" | sed -E 's/^\[host\] probe: /timerlat: bulkhead: /'
	grep -E '^probe: timerlat [0-9]+ samples' "$blog" | sed -E 's/^probe: /timerlat: bare:     /'
	python3 - "$(field "$hl" median)" "$(field "$bl" median)" "$(field "$hl" avg)" "$(field "$bl" avg)" <<'EOF'
import sys
hm, bm, ha, ba = (float(x) for x in sys.argv[1:])
r = lambda a, b: f"{a / b:.2f}" if b else "inf (bare below one tick)"
print(f"timerlat: ratio bulkhead/bare: median {r(hm, bm)}, avg {r(ha, ba)} "
      f"(bulkhead adds {hm - bm:.0f} ticks at the median)")
EOF
done
