#!/usr/bin/env bash
# Every config in the rejected gallery, booted on the QEMU machine it was written for
# (configs/boards/qemu-virt.dts): the hypervisor must print exactly the diagnostics
# bulkhead-check prints for the same board and config, say it started nothing, and start
# nothing. Runs one boot per config.
set -uo pipefail
cd "$(dirname "$0")/../.."
# Without the checker there is nothing to compare the console with: that is a failure.
[ -x build/bulkhead-check ] || { echo "build/bulkhead-check is missing (make tools)"; exit 1; }
qx="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff -device pcie-pci-bridge,id=br1 -device edu,bus=br1,addr=1,dma_mask=0xffffffffffffffff -device edu,bus=br1,addr=2,dma_mask=0xffffffffffffffff"
fail=0
for cfg in configs/rejected/*.dts; do
	name=$(basename "$cfg" .dts)
	dir=build/qemu/gallery/$name
	mkdir -p "$dir"
	bash scripts/run-qemu.sh --config "$cfg" --extra "$qx" --disk "$dir/disk.img" --log "$dir/console.log" \
		--timeout 60 --until 'bulkhead: halted: nothing was started' >/dev/null 2>"$dir/run.err"
	build/bulkhead-check check --images build/payloads configs/boards/qemu-virt.dts "$cfg" |
		grep -E '^(error|warning):' > "$dir/offline.diags"
	grep -aE '^(error|warning):' "$dir/console.log" > "$dir/console.diags"
	if ! grep -q 'bulkhead: halted: nothing was started' "$dir/console.log" ||
	   grep -qE 'partitions started|^\[[a-z0-9_-]+\] ' "$dir/console.log"; then
		echo "$name: the hypervisor did not refuse to start (console: $dir/console.log)"; fail=1
	elif ! diff -u "$dir/console.diags" "$dir/offline.diags" > "$dir/diff"; then
		echo "$name: hypervisor and bulkhead-check disagree:"; cat "$dir/diff"; fail=1
	elif missing=$(grep -vxF -f "$dir/console.diags" "configs/rejected/$name.expected"); [ -n "$missing" ]; then
		echo "$name: expected lines (configs/rejected/$name.expected) not printed: $missing"; fail=1
	else
		echo "$name: same $(wc -l < "$dir/console.diags") diagnostics on the console and offline"
	fi
done
exit $fail
