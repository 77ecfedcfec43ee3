#!/usr/bin/env python3
"""Generate U-Boot boot script source (boot.cmd, for mkimage -T script) from a bulkhead config.

    gen-bootscr.py [options] CONFIG.dtb|CONFIG.dts > boot.cmd
    gen-bootscr.py --no-config > boot.cmd

The script (docs/boot.md, "Config and images") loads, from the FAT partition boot.scr was found
on, the config blob as config.dtb and every image the config names into the hypervisor's staging
area (from 0x44000000 on QEMU virt), records where they are in the board DTB's /chosen
(bulkhead,config and /chosen/bulkhead-images), loads bulkhead.bin to ${kernel_addr_r} and boots it
with booti. With --no-config it only loads and boots bulkhead.bin.

Options:
  --no-config          no config: just boot the hypervisor
  --prelude FILE       copy FILE's lines first (e.g. an echo, a board.dtb load, test hooks)
  --fdt EXPR           the board DTB's address (default ${fdtcontroladdr})
  --files-out FILE     write the files the boot partition needs, one "SOURCE=NAME" per line
                       (the config blob, compiled to FILE's directory if given as .dts, and each
                       image found in the image directories); bulkhead.bin is not listed
  --image-dir DIR      where to look for image files (repeatable); after these: the config's
                       directory, build/images, build/payloads, build
  --staging ADDR       start of the staging area (default 0x44000000)
  --staging-end ADDR   end of the staging area (default 0x48000000: the hypervisor's region ends)

Images whose names are not plain file names are left out with a warning; images not found on
the host are still loaded by the script (and reported missing by the hypervisor if absent).
"""

import os
import re
import struct
import subprocess
import sys
import tempfile

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9
IMAGE_PROPS = ("kernel", "initrd", "dtb")
# Valid in a DT property name (each image becomes one under /chosen/bulkhead-images) and on FAT.
IMAGE_NAME = re.compile(r"^[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,62}$")
CONFIG_NAME = "config.dtb"
PAGE = 0x1000


class FdtError(Exception):
    pass


def parse_fdt(blob):
    """Return the tree as nested dicts: {"props": {name: bytes}, "children": [(name, node)]}."""
    if len(blob) < 40:
        raise FdtError("too short for a device tree header")
    magic, total, off_struct, off_strings, _, _, _, _, size_strings, size_struct = struct.unpack(
        ">10I", blob[:40])
    if magic != FDT_MAGIC:
        raise FdtError("bad magic 0x%08x" % magic)
    if total > len(blob) or off_struct + size_struct > total or off_strings + size_strings > total:
        raise FdtError("header sizes exceed the blob")
    strings = blob[off_strings:off_strings + size_strings]

    def string_at(off):
        end = strings.find(b"\0", off)
        if end < 0:
            raise FdtError("property name runs past the strings block")
        return strings[off:end].decode("ascii", "replace")

    pos = off_struct
    end = off_struct + size_struct
    root = None
    stack = []
    while pos + 4 <= end:
        (token,) = struct.unpack(">I", blob[pos:pos + 4])
        pos += 4
        if token == FDT_BEGIN_NODE:
            nul = blob.find(b"\0", pos, end)
            if nul < 0:
                raise FdtError("node name runs past the structure block")
            name = blob[pos:nul].decode("ascii", "replace")
            pos = (nul + 4) & ~3
            node = {"props": {}, "children": []}
            if stack:
                stack[-1]["children"].append((name, node))
            elif root is None:
                root = node
            else:
                raise FdtError("more than one root node")
            stack.append(node)
        elif token == FDT_END_NODE:
            if not stack:
                raise FdtError("unbalanced end of node")
            stack.pop()
        elif token == FDT_PROP:
            if pos + 8 > end or not stack:
                raise FdtError("property outside a node")
            length, nameoff = struct.unpack(">II", blob[pos:pos + 8])
            pos += 8
            if pos + length > end:
                raise FdtError("property value runs past the structure block")
            stack[-1]["props"][string_at(nameoff)] = blob[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif token == FDT_NOP:
            continue
        elif token == FDT_END:
            break
        else:
            raise FdtError("unknown token 0x%x" % token)
    if root is None:
        raise FdtError("no root node")
    return root


def prop_string(node, name):
    v = node["props"].get(name)
    if v is None or not v.endswith(b"\0"):
        return None
    return v[:v.index(b"\0")].decode("utf-8", "replace")


def child(node, name):
    for n, c in node["children"]:
        if n == name:
            return c
    return None


def config_images(root):
    """Image names in config order, each once; and warnings for names left out."""
    names, warnings = [], []
    parts = child(root, "partitions")
    for pname, part in (parts["children"] if parts else []):
        for prop in IMAGE_PROPS:
            value = prop_string(part, prop)
            if value is None:
                continue
            if not IMAGE_NAME.match(value):
                warnings.append("partition %s: %s \"%s\" is not a plain file name; not loaded" %
                                (pname, prop, value))
                continue
            if value not in names:
                names.append(value)
    return names, warnings


def compile_dts(path, dtb):
    r = subprocess.run(["dtc", "-q", "-@", "-I", "dts", "-O", "dtb", "-o", dtb, path],
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise FdtError("dtc failed on %s:\n%s" % (path, r.stderr.strip()))


def read_config(path, out_dir):
    """The config as (DTB bytes, path of a DTB file to put on the disk). A .dts is compiled into
    out_dir, or, when there is none (no --files-out), into a temporary file that is removed."""
    if path.endswith(".dts"):
        if out_dir is None:
            with tempfile.TemporaryDirectory(prefix="gen-bootscr-") as tmp:
                dtb = os.path.join(tmp, CONFIG_NAME)
                compile_dts(path, dtb)
                with open(dtb, "rb") as f:
                    return f.read(), None
        dtb = os.path.join(out_dir, CONFIG_NAME)
        compile_dts(path, dtb)
        path = dtb
    with open(path, "rb") as f:
        return f.read(), path


def find_image(name, dirs):
    for d in dirs:
        p = os.path.join(d, name)
        if os.path.isfile(p):
            return p
    return None


LOAD = "load ${devtype} ${devnum}:${distro_bootpart}"


def advance(lines):
    """bh_addr += filesize, rounded up to the next page (setexpr works in hex)."""
    lines.append("\tsetexpr bh_addr ${bh_addr} + ${filesize}")
    lines.append("\tsetexpr bh_addr ${bh_addr} + %x" % (PAGE - 1))
    lines.append("\tsetexpr bh_addr ${bh_addr} / %x" % PAGE)
    lines.append("\tsetexpr bh_addr ${bh_addr} * %x" % PAGE)


def script(config_src, images, fdt, staging, staging_end, prelude):
    out = list(prelude)
    out.append("# Generated by scripts/gen-bootscr.py%s: do not edit (docs/boot.md)." %
               (" from " + config_src if config_src else ""))
    if config_src is not None:
        out += [
            "fdt addr %s" % fdt,
            "fdt resize 8192",
            "setenv bh_addr %x" % staging,
            "if %s ${bh_addr} %s; then" % (LOAD, CONFIG_NAME),
            "\tfdt set /chosen bulkhead,config <0x0 0x${bh_addr}>",
        ]
        advance(out)
        out += [
            "else",
            "\techo \"bulkhead: boot.scr: cannot load %s\"" % CONFIG_NAME,
            "fi",
            "fdt mknode /chosen bulkhead-images",
        ]
        for name in images:
            out += [
                "if %s ${bh_addr} %s; then" % (LOAD, name),
                "\tfdt set /chosen/bulkhead-images %s <0x0 0x${bh_addr} 0x0 0x${filesize}>" % name,
            ]
            advance(out)
            out += [
                "else",
                "\techo \"bulkhead: boot.scr: cannot load image %s\"" % name,
                "fi",
            ]
        out += [
            "if itest 0x${bh_addr} -gt %#x; then" % staging_end,
            "\techo \"bulkhead: boot.scr: config and images overflow the staging area %#x-%#x\"" %
            (staging, staging_end - 1),
            "fi",
        ]
    out += [
        "%s ${kernel_addr_r} bulkhead.bin" % LOAD,
        "booti ${kernel_addr_r} - %s" % fdt,
    ]
    return "\n".join(out) + "\n"


def main(argv):
    args = {"no_config": False, "prelude": None, "fdt": "${fdtcontroladdr}", "files_out": None,
            "image_dirs": [], "staging": 0x44000000, "staging_end": 0x48000000}
    config = None
    i = 0
    try:
        while i < len(argv):
            a = argv[i]
            if a == "--no-config":
                args["no_config"] = True
            elif a in ("--prelude", "--fdt", "--files-out", "--image-dir", "--staging",
                       "--staging-end") and i + 1 < len(argv):
                i += 1
                v = argv[i]
                if a == "--image-dir":
                    args["image_dirs"].append(v)
                elif a in ("--staging", "--staging-end"):
                    args[a[2:].replace("-", "_")] = int(v, 0)
                else:
                    args[a[2:].replace("-", "_")] = v
            elif a in ("-h", "--help"):
                print(__doc__)
                return 0
            elif a.startswith("-") or config is not None:
                raise ValueError(a)
            else:
                config = a
            i += 1
    except ValueError as e:
        sys.stderr.write("gen-bootscr: bad argument %s\n%s" % (e, __doc__))
        return 2
    if (config is None) == (not args["no_config"]):
        sys.stderr.write("gen-bootscr: give a CONFIG or --no-config\n")
        return 2
    if args["staging"] % PAGE or args["staging_end"] <= args["staging"]:
        sys.stderr.write("gen-bootscr: bad staging area\n")
        return 2

    prelude = []
    if args["prelude"]:
        with open(args["prelude"]) as f:
            prelude = f.read().splitlines()

    images, files = [], []
    if config is not None:
        out_dir = (os.path.dirname(args["files_out"]) or ".") if args["files_out"] else None
        try:
            blob, dtb_path = read_config(config, out_dir)
            root = parse_fdt(blob)
        except (OSError, FdtError) as e:
            sys.stderr.write("gen-bootscr: %s: %s\n" % (config, e))
            return 2
        images, warnings = config_images(root)
        for w in warnings:
            sys.stderr.write("gen-bootscr: %s: %s\n" % (config, w))
        if dtb_path:
            files.append("%s=%s" % (dtb_path, CONFIG_NAME))
        dirs = args["image_dirs"] + [os.path.dirname(config) or ".", "build/images",
                                     "build/payloads", "build"]
        for name in images:
            src = find_image(name, dirs)
            if src is None:
                sys.stderr.write("gen-bootscr: %s: image %s not found in %s; the boot script "
                                 "still tries to load it\n" % (config, name, " ".join(dirs)))
            else:
                files.append("%s=%s" % (src, name))

    sys.stdout.write(script(config, images, args["fdt"], args["staging"], args["staging_end"],
                            prelude))
    if args["files_out"]:
        with open(args["files_out"], "w") as f:
            f.write("".join(line + "\n" for line in files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
