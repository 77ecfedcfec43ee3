#!/usr/bin/env python3
"""Where the bytes of the hypervisor image's text and rodata come from (issue 15's size target).

    python3 bench/image_size.py MAP ELF [--top N] [--nm NM]

Reads ld's link map for each input section placed in .text and .rodata (its size and the object
or archive member it came from), and the ELF's symbol table for the largest functions and objects.
Prints:
  - the totals as `size` counts them and the alignment padding inside .text;
  - text and rodata per source directory (core/base, arch/arm64/vm, ...) and per library (libfdt,
    picolibc, libgcc), rodata split into strings (.rodata.str*, merged by ld) and everything else;
  - the largest objects;
  - each library member linked and the reference that pulled it in (the map's first section);
  - the largest symbols in text and in rodata.
"""
import argparse
import fnmatch
import collections
import os
import re
import signal
import subprocess
import sys


def parse_map(path):
    """Input sections of .text and .rodata: (output, input name, address, size, origin); the
    archive members with the reference that pulled each in; each output section's size."""
    sections, members, totals = [], [], {}
    out, pending, in_members, member = None, None, False, None
    for line in open(path):
        if line.startswith("Archive member included"):
            in_members = True
            continue
        if in_members:
            if line.startswith("Discarded input sections") or line.startswith("Memory Configuration"):
                in_members = False
                continue
            if line.strip() and not line.startswith(" "):
                member = line.strip()
            elif line.strip() and member:
                members.append((member, line.strip()))
                member = None
            continue
        m = re.match(r"^(\.\S+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)", line)
        if m or re.match(r"^(\.\S+)\s*$", line):
            out = (m or re.match(r"^(\.\S+)", line)).group(1)
            if m:
                totals[out] = int(m.group(2), 16)
            pending = None
            continue
        if out not in (".text", ".rodata"):
            continue
        m = re.match(r"^ (\.\S+|\*fill\*)\s*$", line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r"^ (\.\S+|\*fill\*)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)(?:\s+(\S.*?))?\s*$", line)
        if m:
            name = m.group(1) or pending
            pending = None
            if name is None:
                continue
            origin = (m.group(4) or "").strip()
            sections.append((out, name, int(m.group(2), 16), int(m.group(3), 16), origin))
    return sections, members, totals


def is_string(name):
    """GCC puts string literals in mergeable sections named .rodata[.FUNCTION].strN.M."""
    return re.search(r"\.str\d", name) is not None


def group_of(origin):
    """Source directory of a hypervisor object, or the library an archive member came from."""
    if not origin:
        return "(padding)"
    if "libfdt.a(" in origin:
        return "libfdt"
    if "picolibc" in origin or "libc.a(" in origin:
        return "picolibc"
    if "libgcc" in origin:
        return "libgcc"
    m = re.search(r"hyp/(.*)/[^/]+\.o$", origin)
    if m:
        return m.group(1)
    return os.path.basename(origin)


def object_of(origin):
    m = re.search(r"hyp/(.*)\.o$", origin)
    if m:
        return m.group(1)
    m = re.search(r"/(lib[^/]*\.a\(.*\))$", origin)
    return m.group(1) if m else origin or "(padding)"


def split_lto(args, sections):
    """With -flto the map names one object for all of the hypervisor's code (ltrans*.o): its text
    and tables are given back to the source files their symbols are defined in (debug info, nm -l;
    one symbol per address). A function inlined into another file's counts for that file (`make
    HYP_LTO=`, or --variant in image-size.sh, shows each file's own code); strings are merged
    across files by then, and tables without a symbol or line count as "between named symbols"."""
    lto = [s for s in sections if ".ltrans" in s[4]]
    if not lto:
        return sections
    symbols = []
    nm = subprocess.run([args.nm, "-S", "-l", args.elf], check=True, capture_output=True, text=True).stdout
    for line in nm.split("\n"):
        m = re.match(r"^([0-9a-f]+) ([0-9a-f]+) [tTrRdD] \S+\t(.*):\d+$", line)
        if m:
            path = os.path.relpath(m.group(3))
            symbols.append((int(m.group(1), 16), int(m.group(2), 16), f"build/hyp/{path}.o"))
    symbols = sorted({a: (a, n, origin) for a, n, origin in reversed(sorted(symbols))}.values())
    out = [s for s in sections if ".ltrans" not in s[4]]
    for sec, name, addr, size, _ in lto:
        if is_string(name):
            out.append((sec, name, addr, size, "(lto: strings of every file, merged)"))
            continue
        named = 0
        for a, n, origin in symbols:
            if addr <= a < addr + size:
                out.append((sec, name, a, n, origin))
                named += n
        out.append((sec, name, addr, size - named, "(lto: between named symbols)"))
    return out


def unreferenced(args, sections):
    """Library functions no instruction of the image branches to or takes the address of: an
    archive member is linked whole unless it was built with -ffunction-sections (Debian's libfdt.a
    was not), so these come along with the functions that are used."""
    members = [(a, a + n) for out, name, a, n, origin in sections if out == ".text" and "(" in origin and n]
    dis = os.path.splitext(args.elf)[0] + ".dis"
    if not os.path.exists(dis):
        return
    funcs, refs = {}, collections.Counter()
    for line in open(dis):
        m = re.match(r"^([0-9a-f]+) <([^>+]+)>:$", line)
        if m:
            addr = int(m.group(1), 16)
            if any(lo <= addr < hi for lo, hi in members):
                funcs[m.group(2)] = addr
            continue
        m = re.search(r"\t(b|bl|b\.\w+|cbn?z|tbn?z|adrp?)\t.*<([^>+]+)>", line)
        if m:
            refs[m.group(2)] += 1
    ends = sorted(funcs.values()) + [max(hi for _, hi in members)]
    unused = [(name, ends[ends.index(addr) + 1] - addr) for name, addr in funcs.items() if not refs[name]]
    print(f"\nlibrary functions linked but never referenced: {sum(n for _, n in unused)} bytes")
    for name, size in sorted(unused, key=lambda u: -u[1]):
        print(f"  {size:6d}  {name}")


CORE = "the partitioning core (boot, CPUs, stage 2, vGIC, timers, consoles, DT, reports)"


def load_features(path):
    rules = []
    for line in open(path):
        if line.strip() and not line.startswith("#"):
            name, _, globs = line.partition("|")
            rules.append((name.strip(), globs.split()))
    return rules


def features(path, sections, totals):
    """Each feature's text, strings and tables, from a build without LTO (which would give a
    function inlined into another file's to that file): a file's bytes go to the first feature
    whose patterns match its path."""
    rules = load_features(path)
    per = collections.OrderedDict((name, [0, 0, 0]) for name, _ in rules + [(CORE, [])])
    for out, name, _, size, origin in sections:
        if name == "*fill*" or not origin:
            continue
        obj = object_of(origin)
        feature = next((f for f, globs in rules if any(fnmatch.fnmatchcase(obj, g) for g in globs)), CORE)
        per[feature][0 if out == ".text" else (1 if is_string(name) else 2)] += size
    image = totals[".text"] + totals[".rodata"]
    listed = sum(sum(v) for v in per.values())
    print(f"image-size: features: text+rodata {image} bytes, of which {listed} are in a source file or "
          f"library and {image - listed} are alignment padding less strings ld merged across files")
    for name, (t, s, o) in per.items():
        print(f"image-size: feature: {t + s + o:7d} bytes ({100.0 * (t + s + o) / image:4.1f}%: code {t}, "
              f"strings {s}, tables {o})  {name}")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("map")
    ap.add_argument("elf")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--nm", default="aarch64-linux-gnu-nm")
    ap.add_argument("--features", metavar="FILE", help="only the per-feature table (bench/image-features.txt)")
    args = ap.parse_args()

    sections, members, totals = parse_map(args.map)
    # Padding: alignment fill, and the gaps ld leaves around its Cortex-A53 erratum 843419 stubs
    # (each stub section is page aligned), which the map does not list as fill.
    text = sum(s[3] for s in sections if s[0] == ".text" and s[1] != "*fill*")
    # Strings: what is left of .rodata after tables and fill (ld merges equal strings and suffixes
    # across objects, and the map lists some merged sections with overlapping addresses).
    tables = sum(s[3] for s in sections if s[0] == ".rodata" and s[1] != "*fill*" and not is_string(s[1]))
    rofill = sum(s[3] for s in sections if s[0] == ".rodata" and s[1] == "*fill*")
    strings = totals[".rodata"] - tables - rofill
    stubs = sum(1 for s in sections if s[0] == ".text" and s[1].endswith(".stub"))
    print(f"image-size: .text {totals['.text']} (code {text}, padding {totals['.text'] - text}, "
          f"{stubs} erratum 843419 stubs), .rodata {totals['.rodata']} (strings {strings}, tables and "
          f"constants {tables}, padding {rofill})")

    if args.features:
        return features(args.features, sections, totals)
    sections = split_lto(args, sections)
    per = collections.defaultdict(lambda: [0, 0, 0])
    per_obj = collections.defaultdict(lambda: [0, 0, 0])
    for out, name, _, size, origin in sections:
        if name == "*fill*":
            continue
        slot = 0 if out == ".text" else (1 if is_string(name) else 2)
        per[group_of(origin)][slot] += size
        per_obj[object_of(origin)][slot] += size

    def table(title, rows, limit=None):
        print(f"\n{title}")
        print(f"  {'text':>7} {'strings':>7} {'tables':>7} {'total':>7}  {'share':>5}")
        ordered = sorted(rows.items(), key=lambda kv: -sum(kv[1]))
        for key, (t, s, o) in ordered[:limit]:
            total = t + s + o
            print(f"  {t:7d} {s:7d} {o:7d} {total:7d}  {100.0 * total / (totals['.text'] + totals['.rodata']):4.1f}%  {key}")

    listed = sum(sum(v) for v in per.values())
    per["(padding: alignment, erratum stub pages, merged strings)"] = [
        totals[".text"] - text, totals[".rodata"] - listed + text, 0]
    table("per directory / library (rodata: strings, tables):", per)
    table(f"largest {args.top} objects:", per_obj, args.top)

    lib_sizes = collections.defaultdict(int)
    for out, name, _, size, origin in sections:
        if "(" in origin and name != "*fill*":
            lib_sizes[object_of(origin)] += size
    print("\nlibrary members linked (bytes in text+rodata, pulled in by):")
    for member, why in members:
        key = object_of(member)
        print(f"  {lib_sizes.get(key, 0):6d}  {key}  <- {object_of(why.split(' (')[0])} ({why.rsplit('(', 1)[-1]}")

    unreferenced(args, sections)

    nm = subprocess.run([args.nm, "--size-sort", "-S", "-t", "d", args.elf], check=True, capture_output=True,
                        text=True).stdout.split("\n")
    syms = []
    for line in nm:
        parts = line.split()
        if len(parts) == 4:
            syms.append((int(parts[1]), parts[2], parts[3]))
    for label, kinds in (("text", "Tt"), ("rodata", "Rr")):
        print(f"\nlargest {args.top} {label} symbols:")
        for size, kind, name in sorted((s for s in syms if s[1] in kinds), reverse=True)[:args.top]:
            print(f"  {size:6d}  {name}")


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # piped into head: stop quietly
    sys.exit(main())
