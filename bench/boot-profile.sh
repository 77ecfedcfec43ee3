#!/usr/bin/env bash
# Where the boot's instructions go: boots a config under QEMU -icount shift=0,sleep=off with QEMU's
# translation and execution log restricted to the hypervisor image, until every partition printed
# its first-instruction mark, and prints the functions that executed the most instructions (every
# CPU together, as -icount's virtual time counts them) and each CPU's total.
#
#   bash bench/boot-profile.sh [--top N] [--config CONFIG.dts | --demo] [--hyp-build DIR] [--reuse]
#
# --demo profiles the demo's Linux config (configs/demo.dts) with the devices and images
# bench/lean-paths.sh boots it with (needs `make linux`). --reuse analyses the previous run's log
# again (build/bench/boot-profile) without booting.
#
# How: `-d in_asm` logs each translation block's instructions once, `-d exec,nochain` logs every
# execution of a block (nochain: QEMU does not jump from block to block without logging),
# `-dfilter` keeps only blocks inside the image. A block counts all its instructions each time it
# runs (one that faults half-way is over-counted; rare at boot), under the function of the ELF
# symbol (`nm -n`) at or below its address. Counting stops where the last partition's mark is
# printed: at the Nth call of boot_mark_first_entry, N partitions. Only blocks run at EL2 count (QEMU
# 7.2's TB flags hold the MMU index, 6 for EL2): a guest whose IPAs overlap the image's addresses
# (the demo's guest RAM starts at IPA 0x40000000) is logged too, but is not the hypervisor.
set -euo pipefail
cd "$(dirname "$0")/.."

top=30 config=tests/qemu/configs/two-partitions.dts build=build reuse="" demo=""
while [ $# -gt 0 ]; do
	case "$1" in
	--top) top=$2; shift ;;
	--config) config=$2; shift ;;
	--demo) demo=1 config=configs/demo.dts ;;
	--hyp-build) build=$2; shift ;;
	--reuse) reuse=1 ;;
	*) echo "boot-profile: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

work=build/bench/boot-profile
mkdir -p "$work"
elf=$build/bulkhead.elf
if [ -z "$reuse" ]; then
	make --no-print-directory -j2 BUILD="$build" "$build/bulkhead.bin" >/dev/null
	make --no-print-directory payloads >/dev/null
	start=$(aarch64-linux-gnu-nm "$elf" | awk '/ __image_start$/{print "0x"$1}')
	end=$(aarch64-linux-gnu-nm "$elf" | awk '/ __image_end$/{print "0x"$1}')
	parts=$(dtc -q -I dts -O dtb "$config" | fdtget -l - /partitions | wc -l)
	dirs=() devices=""
	if [ -n "$demo" ]; then
		make --no-print-directory linux >/dev/null
		dirs=(--image-dir .deps/linux --image-dir build/linux)
		. bench/demo-devices.sh
		devices=$demo_devices
	fi
	rm -f "$work/qemu.log"
	status=$(bash scripts/run-qemu.sh --hyp "$build/bulkhead.bin" --config "$config" "${dirs[@]}" \
		--disk "$work/disk.img" --log "$work/console.log" --timeout 1800 \
		--until '^partition [^ ]+: first instruction ' --until-count "$parts" \
		--extra "$devices -icount shift=0,sleep=off -d in_asm,exec,nochain -dfilter $start..$end -D $work/qemu.log")
	if [ "$status" != stopped ]; then
		echo "boot-profile: the boot did not reach every partition's first instruction ($status), see $work/console.log" >&2
		exit 1
	fi
	aarch64-linux-gnu-nm -n "$elf" >"$work/syms.txt"
	cp "$build/bulkhead.map" "$work/bulkhead.map"
fi
marks=$(grep -E '^partition [^ ]+: first instruction ' "$work/console.log")
sed 's/^/boot-profile: /' <<<"$marks"
python3 - "$work/qemu.log" "$work/syms.txt" "$work/bulkhead.map" "$top" "$(wc -l <<<"$marks")" <<'PY'
import bisect, collections, re, sys

log, syms_file, map_file, top = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
parts = int(sys.argv[5])
addrs, names = [], []
for line in open(syms_file):
    f = line.split()
    if len(f) == 3 and f[1] in "tTwW" and not f[2].startswith("$"):
        addrs.append(int(f[0], 16))
        names.append(f[2])
entries = dict(zip(addrs, names))
mark_fn = [a for a, n in entries.items() if n == "boot_mark_first_entry"]
if len(mark_fn) != 1:
    sys.exit("boot-profile: boot_mark_first_entry is not in the symbols")
EL2_MMU_INDEX = 6  # QEMU 7.2 ARMMMUIdx_E2, in TB flags bits 7:4

# Library code (libfdt, picolibc, the word-sized mem functions): its instructions are also
# charged to the nearest caller outside it, which says which of bulkhead's steps spent them.
lib_ranges, section = [], None
for line in open(map_file):
    m = re.match(r"^ (\.text\S*)\s*$", line)
    if m:
        section = m.group(1)
        continue
    m = re.match(r"^ (\.text\S*)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)", line)
    if m and (m.group(1) or section):
        a, n, obj = int(m.group(2), 16), int(m.group(3), 16), m.group(4)
        if a and n and (".a(" in obj or "mem_words" in obj):
            lib_ranges.append((a, a + n))
    section = None
lib_ranges.sort()
lib_starts = [r[0] for r in lib_ranges]

def is_lib(pc):
    i = bisect.bisect_right(lib_starts, pc) - 1
    return i >= 0 and pc < lib_ranges[i][1]

def func(pc):
    i = bisect.bisect_right(addrs, pc) - 1
    return names[i] if i >= 0 else "?"

size, last = {}, {}  # block start -> instructions, and its last instruction's text
self_cost = collections.Counter()
caller_cost = collections.Counter()
calls = collections.Counter()  # executions of the block at a function's symbol: its calls
per_cpu = collections.Counter()
stacks = collections.defaultdict(list)  # per CPU: (return address, function, is library)
prev_call = {}  # per CPU: the return address if the previous block ended in a call
insn = re.compile(r"^0x([0-9a-f]+):\s+[0-9a-f]+\s+(\S+)")
trace = re.compile(r"^Trace (\d+): \S+ \[[0-9a-f]+/([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)\]")
block, first, mnem, addr, marks_seen = 0, None, "", 0, 0
with open(log, errors="replace") as f:
    for line in f:
        m = insn.match(line)
        if m:
            addr = int(m.group(1), 16)
            if first is None:
                first = addr
            block += 1
            mnem = m.group(2)
            continue
        if first is not None and not line.strip():
            size[first] = block
            last[first] = (addr + 4) if mnem in ("bl", "blr") else None
            block, first = 0, None
            continue
        m = trace.match(line)
        if not m:
            continue
        cpu, pc = int(m.group(1)), int(m.group(2), 16)
        if (int(m.group(3), 16) >> 4) & 0xF != EL2_MMU_INDEX:
            continue
        if pc == mark_fn[0]:
            marks_seen += 1
            if marks_seen == parts:
                break
        n = size.get(pc, 1)
        limit = int(m.group(4), 16) & 0x1FF  # CF_COUNT_MASK: icount's shortened blocks
        if limit:
            n = min(n, limit)
        fn = func(pc)
        self_cost[fn] += n
        per_cpu[cpu] += n
        st = stacks[cpu]
        while st and st[-1][0] == pc:  # returned to a caller
            st.pop()
        if pc in entries:
            calls[fn] += 1
            if prev_call.get(cpu):
                st.append((prev_call[cpu], fn, is_lib(pc)))
                if len(st) > 64:
                    del st[0]
        owner = fn
        if is_lib(pc):
            for ret, name, lib in reversed(st):
                if not lib:
                    owner = name
                    break
        caller_cost[owner] += n
        prev_call[cpu] = last.get(pc)
total = sum(self_cost.values())
if marks_seen != parts:
    sys.exit(f"boot-profile: the log has {marks_seen} calls of boot_mark_first_entry, not {parts}")
print(f"boot-profile: {total} instructions in the hypervisor image up to the last first-instruction mark")
print("boot-profile: per CPU: " + ", ".join(f"cpu {c} {n}" for c, n in sorted(per_cpu.items())))
print("boot-profile: by function (self):")
for fn, n in self_cost.most_common(top):
    print(f"boot-profile: {n:>12} {100.0 * n / total:5.1f}% {calls[fn]:>8} calls  {fn}")
print("boot-profile: by function with the library code it called (libfdt, picolibc, mem functions):")
for fn, n in caller_cost.most_common(top):
    print(f"boot-profile: {n:>12} {100.0 * n / total:5.1f}% {calls[fn]:>8} calls  {fn}")
PY
