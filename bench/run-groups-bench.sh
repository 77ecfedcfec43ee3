#!/usr/bin/env bash
# Grouping scale benchmark: 10k, 50k and 100k DMA masters (issue 3: 100,000 in well under 1 s,
# growth no worse than n log n). Builds bench/groups_bench.c with the grouping sources of core/
# at -O2 without sanitizers, into build/bench/, and runs each size in its own process so that
# the peak RSS of one size does not hide the next.
#   bench/run-groups-bench.sh [N...]
set -euo pipefail
cd "$(dirname "$0")/.."

out=build/bench/groups_bench
srcs=(bench/groups_bench.c core/groups/groups.c core/groups/groups_pci.c core/groups/groups_streams.c core/groups/groups_smr.c core/groups/groups_reason.c
      core/groups/groups_report.c core/pci/pci_topology.c core/base/diag.c core/base/format.c core/base/log.c)
mkdir -p build/bench
${CC:-gcc} -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -I. -o "$out" "${srcs[@]}"

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 50000 100000)
for n in "${sizes[@]}"; do
	"$out" "$n"
done
