#!/usr/bin/env bash
# Regenerates docs/benchmarks.md from the benches' own output, so that the page never drifts
# from the code: every figure in it is a line some bench script printed, stamped with the date
# and commit it was measured at.
#
#   bash bench/gen-benchmarks-md.sh [--reuse] [SECTION...]
#
# SECTIONs: lean (bench/lean-paths.sh), opt (-Os against -O2, two lean-paths variants without
# Linux), groups (bench/run-groups-bench.sh), footprint (bench/boot-icount.sh), smmu
# (bench/smmu-dma-bench.sh), exits (bench/exits-timer-bench.sh), size (bench/image-size.sh
# --features); default: all. Each bench's
# output is kept in build/bench/md/SECTION.out with a first line saying when and at which commit
# it ran; --reuse takes a kept output instead of running the bench again (the page then shows
# that older stamp for that section). The page is always written from every section's kept
# output, so a partial run refreshes only the sections it names.
set -euo pipefail
cd "$(dirname "$0")/.."

reuse="" sections=()
for a in "$@"; do
	case "$a" in
	--reuse) reuse=1 ;;
	lean | opt | groups | footprint | smmu | exits | size) sections+=("$a") ;;
	*) echo "gen-benchmarks-md: unknown argument $a" >&2; exit 2 ;;
	esac
done
[ ${#sections[@]} -gt 0 ] || sections=(lean opt groups footprint smmu exits size)
out=build/bench/md
mkdir -p "$out"

stamp() {
	local dirty=""
	git diff --quiet HEAD -- . || dirty=" (with uncommitted changes)"
	echo "# $(date -u '+%Y-%m-%d %H:%M UTC') at commit $(git rev-parse --short HEAD)$dirty: $*"
}

run_section() { # SECTION: runs its bench into $out/SECTION.out
	local s=$1 tmp=$out/$1.out.new
	case "$s" in
	lean) { stamp bash bench/lean-paths.sh; bash bench/lean-paths.sh; } >"$tmp" ;;
	opt)
		{
			stamp bash bench/lean-paths.sh --no-linux --variant NAME '"HYP_OPT=... HYP_HOT_OPT=..."'
			bash bench/lean-paths.sh --no-linux --variant O2 "HYP_OPT=-O2 HYP_HOT_OPT=-O2"
			bash bench/lean-paths.sh --no-linux --variant Os "HYP_OPT=-Os HYP_HOT_OPT=-Os"
		} >"$tmp" ;;
	groups) { stamp bash bench/run-groups-bench.sh; bash bench/run-groups-bench.sh; } >"$tmp" ;;
	footprint) { stamp bash bench/boot-icount.sh; bash bench/boot-icount.sh; } >"$tmp" ;;
	smmu) { stamp bash bench/smmu-dma-bench.sh; bash bench/smmu-dma-bench.sh; } >"$tmp" ;;
	exits) { stamp bash bench/exits-timer-bench.sh; bash bench/exits-timer-bench.sh; } >"$tmp" ;;
	size) { stamp bash bench/image-size.sh --features; bash bench/image-size.sh --features; } >"$tmp" ;;
	esac
	mv "$tmp" "$out/$s.out"
}

for s in "${sections[@]}"; do
	if [ -n "$reuse" ] && [ -s "$out/$s.out" ]; then
		echo "gen-benchmarks-md: $s: reusing $out/$s.out"
		continue
	fi
	echo "gen-benchmarks-md: $s: running"
	run_section "$s"
done

# Sections other benches write themselves (bench/pci-nvme-bench.sh) are carried over as they are.
python3 bench/benchmarks_md.py "$out" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(git rev-parse --short HEAD)" \
	docs/benchmarks.md >"$out/benchmarks.md"
mv "$out/benchmarks.md" docs/benchmarks.md
echo "gen-benchmarks-md: wrote docs/benchmarks.md"
