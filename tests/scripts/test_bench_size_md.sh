#!/usr/bin/env bash
# bench/image_size.py --features must give each input section's bytes to the first feature whose
# globs match its source file (code, strings and tables apart; fill to none), the rest to the
# partitioning core; bench/benchmarks_md.py must put those lines in a table, and carry a section
# whose bench output is not kept here (a fresh checkout) over from the previous page unchanged
# instead of emptying it, and keep the sections other benches write.
set -euo pipefail
cd "$(dirname "$0")/../.."
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT

# A map in ld's layout: one section on one line, one with its name on a line of its own.
cat > "$t/image.map" <<'MAP'
.text           0x0000000040400000      0x400
 .text.a        0x0000000040400000      0x100 build/hyp/core/vdev/vits.c.o
 .text.b        0x0000000040400100      0x80 build/hyp/core/vdev/vits_cmd.c.o
 *fill*         0x0000000040400180      0x80 
 .text.long_function_name
                0x0000000040400200      0x100 build/hyp/core/base/log.c.o
 .text          0x0000000040400300      0x100 /usr/lib/libfdt.a(fdt_ro.o)

.rodata         0x0000000040401000      0x60
 .rodata.x.str1.8
                0x0000000040401000      0x20 build/hyp/core/vdev/vits.c.o
 .rodata.tbl    0x0000000040401020      0x30 build/hyp/core/base/log.c.o
 .rodata.y.str1.1
                0x0000000040401050      0x10 build/hyp/core/base/log.c.o
MAP
cat > "$t/features.txt" <<'FEAT'
# comment
MSI | core/vdev/vits*.c core/nothing.c
libraries | libfdt.a(*)
FEAT
out=$(python3 bench/image_size.py "$t/image.map" /nonexistent.elf --features "$t/features.txt")
expect() {
	grep -qxF -- "$1" <<<"$out" || { echo "missing: $1"; echo "$out"; exit 1; }
}
# 0x400 + 0x60 = 1120 bytes; sections 1120 - 0x80 fill = 992.
expect "image-size: features: text+rodata 1120 bytes, of which 992 are in a source file or library and 128 are alignment padding less strings ld merged across files"
expect "image-size: feature:     416 bytes (37.1%: code 384, strings 32, tables 0)  MSI"
expect "image-size: feature:     256 bytes (22.9%: code 256, strings 0, tables 0)  libraries"
expect "image-size: feature:     320 bytes (28.6%: code 256, strings 16, tables 48)  the partitioning core (boot, CPUs, stage 2, vGIC, timers, consoles, DT, reports)"

# The page: only size.out is kept; lean and the PCI section come from the previous page as they are.
mkdir "$t/md"
{ echo "# 2026-01-01 00:00 UTC at commit abc1234: bash bench/image-size.sh --features"; echo "$out"; } > "$t/md/size.out"
cat > "$t/prev.md" <<'PREV'
# Benchmarks

old header

## Lean paths: issue 15's targets — `bash bench/lean-paths.sh`

kept prose
| figure | 1 |


## PCI passthrough: NVMe in a Linux guest — `bash bench/pci-nvme-bench.sh [MIB]`

pci lines
PREV
page=$(python3 bench/benchmarks_md.py "$t/md" "2026-01-02 00:00 UTC" def5678 "$t/prev.md")
for line in "kept prose" "| figure | 1 |" "pci lines" \
	"| MSI | 416 | 37.1% | 384 | 32 | 0 |" "| libraries | 256 | 22.9% | 256 | 0 | 0 |" \
	"Produced 2026-01-01 00:00 UTC at commit abc1234 by \`bash bench/image-size.sh --features\`." \
	"Not measured yet: \`bash bench/gen-benchmarks-md.sh groups\`."; do
	grep -qxF -- "$line" <<<"$page" || { echo "page lacks: $line"; echo "$page"; exit 1; }
done
# The lean section is carried once, in its place (before the size section), the PCI one last.
[ "$(grep -c '^## Lean paths' <<<"$page")" = 1 ] || { echo "lean section not exactly once"; exit 1; }
order=$(grep '^## ' <<<"$page" | sed 's/ —.*//')
[ "$(head -1 <<<"$order")" = "## Lean paths: issue 15's targets" ] || { echo "lean not first: $order"; exit 1; }
[ "$(tail -1 <<<"$order")" = "## PCI passthrough: NVMe in a Linux guest" ] || { echo "PCI not last: $order"; exit 1; }
echo "bench size attribution and page carry-over: ok"
