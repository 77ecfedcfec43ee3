#!/usr/bin/env bash
# Where the bytes of the hypervisor image's text and rodata come from (issue 15's size target,
# text+rodata <= 140,000 bytes): builds the image and prints bench/image_size.py's breakdown (per
# source directory and library, largest objects, library members and why they are linked,
# largest symbols).
#
#   bash bench/image-size.sh [--top N] [--variant NAME "MAKE VARS"]...
#   bash bench/image-size.sh --features
#
# --variant builds an image with other make variables (e.g. --variant os "HYP_HOT_OPT=-Os", or
# --variant lto "HYP_EXTRA_CFLAGS='-flto -flto-partition=one'": shell words) into
# build/bench/variants/NAME; given one or more times, the script prints one line per variant
# (text+rodata and its difference from the default image) instead of the breakdown.
# --features prints what each feature costs (bench/image-features.txt maps source files to the
# issues that brought them), measured on a build without LTO, which keeps each function in the
# file that defines it (LTO inlines across files and merges every file's strings).
set -euo pipefail
cd "$(dirname "$0")/.."

top=25 features=""
names=() vars=()
while [ $# -gt 0 ]; do
	case "$1" in
	--top) top=$2; shift ;;
	--features) features=1 ;;
	--variant) names+=("$2") vars+=("$3"); shift 2 ;;
	*) echo "image-size: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

make --no-print-directory -j2 build/bulkhead.elf >/dev/null
text_rodata() { # ELF: the figure issue 15 sets a target for, as `size` counts it
	aarch64-linux-gnu-size "$1" | awk 'NR == 2 { print $1 }'
}

if [ -n "$features" ]; then
	build=build/bench/variants/nolto
	make --no-print-directory -j2 BUILD="$build" HYP_LTO= "$build/bulkhead.elf" >/dev/null
	echo "image-size: commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' (with uncommitted changes)'): as built (with LTO) text+rodata $(text_rodata build/bulkhead.elf) bytes (target <= 140000); without LTO $(text_rodata "$build/bulkhead.elf")"
	python3 bench/image_size.py "$build/bulkhead.map" "$build/bulkhead.elf" --features bench/image-features.txt |
		grep '^image-size: feature'
	exit 0
fi

if [ ${#names[@]} -eq 0 ]; then
	echo "image-size: commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' (with uncommitted changes)'), build/bulkhead.elf, text+rodata $(text_rodata build/bulkhead.elf) bytes (target <= 140000)"
	python3 bench/image_size.py build/bulkhead.map build/bulkhead.elf --top "$top"
	exit 0
fi

base=$(text_rodata build/bulkhead.elf)
printf 'image-size: %-24s text+rodata %7d\n' default "$base"
for i in "${!names[@]}"; do
	build=build/bench/variants/${names[$i]}
	args=()
	eval "args=(${vars[$i]})" # shell words, so that a value can hold spaces: "V='-a -b'"
	make --no-print-directory -j2 BUILD="$build" "${args[@]}" "$build/bulkhead.elf" >/dev/null
	size=$(text_rodata "$build/bulkhead.elf")
	printf 'image-size: %-24s text+rodata %7d (%+d)  %s\n' "${names[$i]}" "$size" $((size - base)) "${vars[$i]}"
done
