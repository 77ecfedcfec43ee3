#!/usr/bin/env bash
# core/ is portable: it never includes arch/ or drivers/ headers. drivers/ never include arch/.
# Emulated devices (arch/arm64/vdev) never include the partition runtime (arch/arm64/vm): they
# answer the trap dispatcher with an outcome, and only vm/ stops partitions.
set -euo pipefail
cd "$(dirname "$0")/../.."
bad=$(grep -rnE '#include "(arch|drivers)/' core || true)
bad+=$(grep -rnE '#include "arch/' drivers || true)
bad+=$(grep -rnE '#include "arch/arm64/vm/' arch/arm64/vdev || true)
if [ -n "$bad" ]; then
	echo "layering violation:"; echo "$bad"; exit 1
fi
echo "layering: core/ includes no arch/ or drivers/ header; drivers/ no arch/ header; arch/arm64/vdev no vm/ header"
