#!/usr/bin/env bash
# Every diagnostic code core/ or tools/ can print is listed (as `code`) in docs/: the config
# codes in docs/config.md, device-tree and partition codes in docs/console.md, PCI codes in
# docs/groups.md. A code is any "cfg-..." or "dt-..." string literal, and any "xxx-..." literal on
# a line calling diag_error()/diag_warn() (the code is their second argument; helpers that take
# a code, like config_load.c's reach(), get cfg-/dt- codes).
set -euo pipefail
cd "$(dirname "$0")/../.."
codes=$({
	grep -rhoE '"(cfg|dt)-[a-z0-9-]+"' core tools
	grep -rhE 'diag_(error|warn)\(' core tools | grep -oE '"[a-z]+-[a-z0-9-]+"'
} | tr -d '"' | sort -u)
[ "$(wc -l <<<"$codes")" -ge 50 ] || { echo "found only $(wc -l <<<"$codes") codes: is the pattern stale?"; exit 1; }
missing=()
for c in $codes; do
	grep -qF "\`$c\`" docs/*.md || missing+=("$c")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "codes missing from docs/: ${missing[*]}"; exit 1
fi
echo "diag codes: all $(wc -l <<<"$codes") documented in docs/"
