#!/usr/bin/env python3
"""Writes docs/benchmarks.md (stdout) from the bench outputs bench/gen-benchmarks-md.sh keeps.

Usage: benchmarks_md.py OUTDIR DATE COMMIT

Each OUTDIR/SECTION.out starts with a '# DATE at commit C: COMMAND' line, then the bench's own
stdout. Nothing here computes a figure: tables are the benches' lines rearranged, and the prose
says how each figure is taken, never what it is."""
import os
import re
import sys

TARGET = re.compile(r"^target: (.*) = (\d+) (\w+) \(target <= (\d+)\): (met|NOT met)$")


def num(s):
    return f"{int(s):,}"


def load(outdir, name):
    path = os.path.join(outdir, name + ".out")
    if not os.path.exists(path):
        return None, []
    with open(path) as f:
        lines = f.read().splitlines()
    stamp = lines[0][2:] if lines and lines[0].startswith("# ") else "unknown date"
    return stamp, lines[1:]


def missing(name):
    return [f"Not measured yet: `bash bench/gen-benchmarks-md.sh {name}`.", ""]


def produced(stamp):
    when, _, cmd = stamp.partition(": ")
    return [f"Produced {when} by `{cmd}`.", ""]


def code(lines):
    return ["```"] + lines + ["```", ""]


def targets(lines):
    rows = []
    for line in lines:
        m = TARGET.match(line)
        if m:
            rows.append(m.groups())
    return rows


def head(outdir, name, title, prose):
    """The section's heading and prose, then when its figures were produced (or that they were
    not yet); returns the markdown so far and the kept output's lines (None if there is none)."""
    stamp, lines = load(outdir, name)
    md = [title, ""] + prose + [""]
    if stamp is None:
        return md + missing(name), None
    return md + produced(stamp), lines


def lean(outdir):
    md, lines = head(outdir, "lean", "## Lean paths: issue 15's targets — `bash bench/lean-paths.sh`", [
        "One run under QEMU `-icount shift=0,sleep=off`: virtual time advances one nanosecond per",
        "instruction, so the counter differences below are instruction counts (one 62.5 MHz counter",
        "tick = 16 instructions). Boot figures are from the marks the hypervisor prints",
        "(`partition NAME: first instruction ...`); the first-trap marks come from a bench-only build",
        "(`-DBULKHEAD_BENCH_MARKS`), since the real image prints no such line. Under icount QEMU runs",
        "all vCPUs round-robin on one thread, so boot figures include every other CPU's instructions",
        "meanwhile (CPUs waiting for a vCPU sleep in WFI, so they add little; the first-trap run's",
        "own first-instruction marks, printed below the table, show how close two runs come).",
        "Every partition's first trap is the stage-2 fault of its very first fetch (the lines below",
        "the table say so, from ESR_EL2): its memory is prepared 64 KiB at a time on first touch",
        "(docs/security.md). The demo guest's CPU executes a few thousand hypervisor instructions and",
        "no guest instruction between its two marks; the rest of that figure is QEMU running CPU 0",
        "meanwhile, where the host's kernel makes its first touches (each a 64 KiB chunk, 1,024 lines",
        "copied or zeroed and cleaned to the point of coherency; when a first touch prepared a whole",
        "2 MiB block, four of them took about 1.41M instructions) before QEMU switches to CPU 3. QEMU's",
        "round-robin moves to the next CPU when the running one waits (WFI, WFE), does broadcast TLB",
        "maintenance or brings a timer deadline forward: CPU 3 is switched out at its vCPU entry's",
        "`TLBI VMALLS12E1IS`, and CPU 0 next at the host kernel's `TLBI VMALLE1` in `__cpu_setup`",
        "(broadcast, as HCR_EL2.FB makes every guest TLBI), which comes after those first",
        "touches. On hardware, whose CPUs run at once, the guest's first trap follows its first",
        "instruction as closely as the host's does. QEMU's UART takes no time; the `boot console`",
        "lines below say how long a board's PL011 at 115200 baud would take to send what boot prints",
        "before the last partition starts (10 bits a character): on hardware that, not the",
        "instructions, sets when partitions start. A third boot of each config with",
        "`/chosen/bulkhead,report = \"summary\"` (docs/boot.md: no line per device, group or",
        "assignment) gives the same console figure and first-instruction counts for the short",
        "report a board would boot with. The exit-path figures",
        "are probe's `hvclat=200` and `timerlat=200` (docs/payloads.md) in `bench/lean-paths.dts`,",
        "deterministic to the counter tick; sizes are `aarch64-linux-gnu-size` of build/bulkhead.elf,",
        "whose text includes alignment padding (the vector table's; since the Makefile fixes",
        "Cortex-A53 erratum 843419 by ADR only, no longer a page per erratum stub).",
        "`bash bench/image-size.sh` breaks the size down by directory, library and symbol.",
    ])
    if lines is None:
        return md
    md += ["| figure | measured | target | |", "| --- | ---: | ---: | --- |"]
    for what, value, unit, target, status in targets(lines):
        md.append(f"| {what} | {num(value)} {unit} | {num(target)} | {'met' if status == 'met' else '**not met**'} |")
    md.append("")
    return md + code([l for l in lines if l.startswith("lean-paths: ")])


def opt(outdir):
    md, lines = head(outdir, "opt", "## -Os against -O2 — `bash bench/gen-benchmarks-md.sh opt`", [
        "The same bench without the Linux config for two builds: everything at -O2, and everything",
        "at -Os (`HYP_OPT` for all hypervisor files, `HYP_HOT_OPT` for the exit-path files, see the",
        "Makefile; both with the Makefile's -flto). The `as built` column is the lean-paths run above,",
        "with the Makefile's defaults (-Os, the exit path at -O2). Boot figures differ between runs",
        "(see above); the exit-path",
        "figures and sizes do not.",
    ])
    if lines is None:
        return md
    variants, cur = {}, None
    for line in lines:
        m = re.match(r"^lean-paths: commit .* \(variant (\S+):", line)
        if m:
            cur = m.group(1)
            variants[cur] = []
        elif cur:
            variants[cur].append(line)
    _, built = load(outdir, "lean")
    cols = list(variants) + (["as built"] if built else [])
    vals = {name: {w: v for w, v, *_ in targets(ls)} for name, ls in variants.items()}
    if built:
        vals["as built"] = {w: v for w, v, *_ in targets(built)}
    rows = [w for w, *_ in targets(next(iter(variants.values()), []))]
    md += ["| figure | " + " | ".join(cols) + " |", "| --- |" + " ---: |" * len(cols)]
    for w in rows:
        md.append(f"| {w} | " + " | ".join(num(vals[c][w]) if w in vals[c] else "" for c in cols) + " |")
    md.append("")
    return md + code([l for l in lines if re.match(r"^lean-paths: (commit|image sections|stack)", l)])


FEATURE = re.compile(r"^image-size: feature: +(\d+) bytes \( *([\d.]+)%: code (\d+), strings (\d+), tables (\d+)\)  (.*)$")


def size(outdir):
    md, lines = head(outdir, "size", "## Size by feature — `bash bench/image-size.sh --features`", [
        "What each feature costs in text+rodata, so that the size target above can be weighed",
        "against what the image does: bench/image-features.txt gives each source file (and the",
        "libraries) to the issue whose feature it is; a file no line names counts in the",
        "partitioning core. The bytes come from a build without LTO, which keeps each function and",
        "string in the file that defines it, so their sum is a little larger than the image as built",
        "(the first line gives both).",
    ])
    if lines is None:
        return md
    md += ["| feature | bytes | share | code | strings | tables |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for line in lines:
        m = FEATURE.match(line)
        if m:
            total, share, text, strings, tables, name = m.groups()
            md.append(f"| {name} | {num(total)} | {share}% | {num(text)} | {num(strings)} | {num(tables)} |")
    md.append("")
    return md + code(lines)


def raw_section(outdir, name, title, prose):
    md, lines = head(outdir, name, title, prose)
    return md if lines is None else md + code(lines)


def previous_sections(prev_path):
    """The previous doc's `## ` sections, each as its lines, in order, by heading."""
    try:
        with open(prev_path) as f:
            text = f.read()
    except OSError:
        return {}
    sections, cur = {}, None
    for line in text.split("\n"):
        if line.startswith("## "):
            cur = sections.setdefault(line, [])
        if cur is not None:
            cur.append(line)
    return sections


def carried(section, previous):
    """A section whose bench output is not kept here (a fresh checkout has no build/bench/md) is
    carried over from the previous doc as it was, with its own stamp, rather than emptied."""
    heading = section[0]
    if any(line.startswith("Not measured yet:") for line in section) and heading in previous:
        kept = list(previous[heading])
        while kept and kept[-1] == "":
            kept.pop()
        return kept + [""]
    return section


def main():
    outdir, date, commit = sys.argv[1:4]
    prev = sys.argv[4] if len(sys.argv) > 4 else None
    md = [
        "# Benchmarks",
        "",
        f"Generated by `bash bench/gen-benchmarks-md.sh` on {date} at commit {commit};",
        "do not edit by hand. Each section says when and at which commit its figures were measured (a",
        "section can be refreshed on its own). Guest-side figures are QEMU TCG on the development",
        "machine; they are measurements, not pass/fail tests.",
        "",
    ]
    previous = previous_sections(prev) if prev else {}
    sections = [lean(outdir), opt(outdir), size(outdir)]
    sections.append(raw_section(outdir, "groups", "## Isolation groups at scale — `bash bench/run-groups-bench.sh`", [
        "The host tool's grouping (`groups_build`) on synthetic topologies (bench/README.md): masters,",
        "groups, build and report time, peak RSS and how much of it the grouping added. Target:",
        "100,000 masters in well under 1 s, growth no worse than n log n.",
    ]))
    sections.append(raw_section(outdir, "footprint", "## Boot and footprint — `bash bench/boot-icount.sh`", [
        "The two-partition config under `-icount shift=0`: entry to each partition's first",
        "instruction, the image's sections, the heap the hypervisor reserves (DTB copy, platform",
        "model, stage-2 and SMMU tables) and each partition's stage-2 tables (32 KiB of them are",
        "the 8 spare level-3 tables a partition's first touches split 2 MiB blocks with).",
    ]))
    sections.append(raw_section(outdir, "smmu", "## DMA through the SMMU — `bash bench/smmu-dma-bench.sh`", [
        "The edu device's DMA engine copying 4095-byte blocks into the guest's own memory, with the",
        "SMMU translating and with a test-only build (`-DBULKHEAD_TEST_SMMU_BYPASS`) that leaves the",
        "partition's streams in bypass. QEMU's edu model spends a fixed 100 ms of virtual time per",
        "transfer, so both are dominated by it: the ratio shows whether translation adds anything",
        "visible on this path.",
    ]))
    sections.append(raw_section(outdir, "exits", "## Exits and timer latency — `bash bench/exits-timer-bench.sh`", [
        "bulkhead boots bench/exits-timer.dts (two single-vCPU probe partitions); the host asks for",
        "its exit counters (the BULKHEAD_HVC_STATS hypercall, docs/guest-abi.md) around an idle, a",
        "busy and a timer-latency phase while the guest idles; then QEMU runs the same probe.bin",
        "bare at EL1. Mode `none` is TCG without icount (host time: only medians mean something);",
        "mode `4` is `-icount shift=4,sleep=off`, where one tick is one instruction, so the bulkhead",
        "latencies are instruction counts from the deadline to the vector. Under icount the vCPUs run",
        "round-robin, so an idle partition's wake-ups can wait for a busy one's turn.",
    ]))
    for section in sections:
        md += carried(section, previous)
    # Sections this script does not produce (the PCI section bench/pci-nvme-bench.sh writes
    # between its markers) are kept as they are, after ours.
    ours = [section[0] for section in sections]
    extra = [line for heading, lines in previous.items() if heading not in ours for line in lines]
    if extra:
        md += [""] + extra
    sys.stdout.write("\n".join(md).rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
