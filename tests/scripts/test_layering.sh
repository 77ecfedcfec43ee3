#!/usr/bin/env bash
# core/ is portable: it never includes arch/ or drivers/ headers. drivers/ never include arch/.
set -euo pipefail
cd "$(dirname "$0")/../.."
bad=$(grep -rnE '#include "(arch|drivers)/' core || true)
bad+=$(grep -rnE '#include "arch/' drivers || true)
if [ -n "$bad" ]; then
	echo "layering violation:"; echo "$bad"; exit 1
fi
echo "layering: core/ includes no arch/ or drivers/ header; drivers/ no arch/ header"
