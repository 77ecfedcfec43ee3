#!/usr/bin/env bash
# Fuzz the DT + config parsing and validation path for a bounded time (fuzz/README.md).
#
#   fuzz/run.sh [SECONDS]           default 60; exit status 1 when libFuzzer found a crash
#   fuzz/run.sh SECONDS verdict     the verdict-agreement target instead (fuzz/fuzz_verdict.c):
#                                   exit status 1 on a crash or a checker/creation disagreement
#
# Builds build/fuzz/fuzz_config with clang (libFuzzer, ASan, UBSan) from every core/ source and
# fuzz/fuzz_config.c, makes seeds from every board x config pair among the unit-test fixtures and
# configs/ (plus boards whose /chosen points at a config, so config_locate is reached), and runs
# with the corpus kept in build/fuzz/corpus between runs. Inputs that once crashed it are in
# fuzz/regressions/ and run first. Crashes land in build/fuzz/crashes/; replay one with
# build/fuzz/fuzz_config build/fuzz/crashes/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
target=${2:-config}
out=build/fuzz
mkdir -p "$out/corpus" "$out/seeds" "$out/crashes"
make -s fixtures configs

build() { # NAME SOURCES...: a libFuzzer binary from every core/ source and SOURCES
	local name=$1
	shift
	clang -std=gnu11 -g -O1 -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Wall -Wextra -Wno-unused-parameter -I. \
		$(find core -name "*.c" | sort) fuzz/fuzz_console.c "$@" -lfdt -o "$out/$name"
}

# run LOG DONE BINARY ARGS...: libFuzzer's summary lines shown, everything kept in LOG; exit 1
# when it found something, else print DONE.
run() {
	local log=$1 done=$2 rc
	shift 2
	set +e
	"$@" 2>&1 | tee "$log" |
		grep -E '^(#[0-9]+ *(INITED|DONE)|==|SUMMARY|stat::|artifact|Done|verdicts differ|  (check|create):)'
	rc=${PIPESTATUS[0]}
	set -e
	if [ "$rc" -ne 0 ]; then
		echo "fuzz: libFuzzer exited $rc: see $log and $out/crashes/"
		exit 1
	fi
	echo "fuzz: $done"
}

if [ "$target" = verdict ]; then
	# The input is the generator's choices: no seeds needed (an empty input is a config too).
	build fuzz_verdict fuzz/fuzz_verdict.c tests/unit/verdict_gen.c tests/unit/fixture.c
	mkdir -p "$out/verdict-corpus"
	run "$out/last-verdict-run.log" "verdicts agreed on every input in ${secs}s" \
		"$out/fuzz_verdict" -max_total_time="$secs" -max_len=512 -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/crashes/verdict-" "$out/verdict-corpus" fuzz/regressions-verdict
	exit 0
fi

build fuzz_config fuzz/fuzz_config.c

# Boards whose /chosen names a config at the staging area's start (where the fuzz target maps
# the config bytes) and one image inside it.
boards=(build/fixtures/config/board.dtb build/configs/boards/qemu-virt.dtb)
for b in build/fixtures/config/board.dtb build/configs/boards/qemu-virt.dtb; do
	c="$out/seeds/$(basename "$b" .dtb)-chosen.dtb"
	cp "$b" "$c"
	fdtput -p -t x "$c" /chosen bulkhead,config 0x0 0x44000000
	fdtput -p -t x "$c" /chosen/bulkhead-images Image 0x0 0x44000000 0x0 0x100
	boards+=("$c")
done
configs=(build/fixtures/config/*.dtb build/configs/*.dtb build/configs/rejected/*.dtb)

python3 - "$out/seeds" "${#boards[@]}" "${boards[@]}" "${configs[@]}" <<'PY'
import os, struct, sys
seeds, nb = sys.argv[1], int(sys.argv[2])
boards, configs = sys.argv[3:3 + nb], sys.argv[3 + nb:]
n = 0
for b in boards:
    bb = open(b, "rb").read()
    for c in configs:
        if c == b or os.path.basename(c) == "board.dtb":
            continue
        cb = open(c, "rb").read()
        open(os.path.join(seeds, "seed-%04d" % n), "wb").write(struct.pack(">I", len(bb)) + bb + cb)
        n += 1
print("fuzz: %d seeds" % n)
PY

run "$out/last-run.log" "no crash in ${secs}s" \
	"$out/fuzz_config" -max_total_time="$secs" -max_len=131072 -timeout=10 -rss_limit_mb=2048 \
	-dict=fuzz/config.dict -print_final_stats=1 -artifact_prefix="$out/crashes/" "$out/corpus" "$out/seeds" fuzz/regressions
