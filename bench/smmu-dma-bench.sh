#!/usr/bin/env bash
# DMA throughput of QEMU's edu engine into a partition's own memory, with the SMMU translating
# (the real image) and with the partition's streams in bypass (a test-only build), and the
# ratio. Under TCG the edu model spends a fixed 100 ms of virtual time per transfer, so this
# mostly measures that: the point is that translation adds nothing visible on this path.
#   bash bench/smmu-dma-bench.sh [DMAS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
make --no-print-directory hyp payloads >/dev/null
make --no-print-directory BUILD=build/bench-bypass HYP_EXTRA_CFLAGS=-DBULKHEAD_TEST_SMMU_BYPASS \
	build/bench-bypass/bulkhead.bin >/dev/null
work=build/bench/smmu-dma
mkdir -p "$work"
sed "s/bootargs = \"hello edu edu-write.*/bootargs = \"edu-bench=$n done\";/" \
	tests/qemu/configs/smmu-edu.dts > "$work/bench.dts"
qx="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"

run() { # image label
	bash scripts/run-qemu.sh --hyp "$1" --config "$work/bench.dts" --extra "$qx" \
		--disk "$work/$2/disk.img" --log "$work/$2.log" --timeout 300 --until '\[guest\] probe: done' >/dev/null
	grep -o 'edu bench: .*' "$work/$2.log" || { echo "bench: no result in $work/$2.log" >&2; exit 1; }
}
translated=$(run build/bulkhead.bin translated)
bypass=$(run build/bench-bypass/bulkhead.bin bypass)
bps() { sed -E 's/.* ([0-9]+) bytes\/s.*/\1/' <<<"$1"; }
echo "smmu-dma: translated (stage-1 mirror): $translated"
echo "smmu-dma: bypass (test-only build):    $bypass"
python3 -c "import sys; t,b=int(sys.argv[1]),int(sys.argv[2]); print(f'smmu-dma: translated/bypass throughput ratio {t/b:.3f}')" \
	"$(bps "$translated")" "$(bps "$bypass")"
