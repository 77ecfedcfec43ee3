#!/usr/bin/env bash
# Instructions from the hypervisor's entry to each partition's first instruction, measured under
# QEMU's -icount shift=0 (one instruction per nanosecond of virtual time, deterministic), and the
# hypervisor's memory footprint: image sections and page-table memory per partition.
#   bash bench/boot-icount.sh [CONFIG.dts]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-tests/qemu/configs/two-partitions.dts}
make --no-print-directory hyp payloads >/dev/null
work=build/bench/boot-icount
mkdir -p "$work"
bash scripts/run-qemu.sh --config "$config" --disk "$work/disk.img" --log "$work/console.log" \
	--timeout 600 --until 'probe: hello' --extra "-icount shift=0,sleep=off" >/dev/null

echo "boot: config $config, QEMU -icount shift=0 (1 instruction = 1 ns of virtual time)"
grep -E '^partition [a-z0-9_-]+: first instruction' "$work/console.log" |
	sed -E 's/^partition ([^:]+): first instruction ([0-9]+) us .*/\1 \2/' |
	while read -r name us; do
		printf 'boot: partition %-8s first instruction after %s instructions (%s us virtual)\n' \
			"$name" "$((us * 1000))" "$us"
	done

read -r text data bss _ < <(aarch64-linux-gnu-size build/bulkhead.elf | tail -1)
heap=$(( $(aarch64-linux-gnu-nm build/bulkhead.elf | awk '/ __heap_end$/{print "0x"$1}') - \
	$(aarch64-linux-gnu-nm build/bulkhead.elf | awk '/ __heap_start$/{print "0x"$1}') ))
echo "footprint: text+rodata $text bytes, data $data bytes, bss $bss bytes (stacks, TLS, tables), heap $heap bytes reserved"
grep -oE '^partition [a-z0-9_-]+: vmid [0-9]+, .*stage-2 [0-9]+ KiB' "$work/console.log" |
	sed -E 's/^partition ([^:]+): .*stage-2 ([0-9]+) KiB/footprint: partition \1 stage-2 tables \2 KiB/'
