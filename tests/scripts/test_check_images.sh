#!/usr/bin/env bash
# bulkhead-check --images lays the images out as partition creation does: a kernel whose
# in-memory size (its Image header's image_size) does not fit the guest's first region with the
# device tree's 2 MiB is refused offline, as the boot would refuse it; a small one passes.
set -euo pipefail
cd "$(dirname "$0")/../.."
CHECK=build/bulkhead-check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-images: $*"; exit 1; }

# An arm64 Image header: text_offset 0, image_size $1 (little-endian), magic "ARM\x64" at 56.
image() {
	python3 -c 'import struct,sys; h=bytearray(64); struct.pack_into("<QQ",h,8,0,int(sys.argv[1],0)); h[56:60]=b"ARM\x64"; sys.stdout.buffer.write(bytes(h))' "$1"
}
mkdir -p "$work/images"
: >"$work/images/host.cpio.gz"
: >"$work/images/guest.cpio.gz"
image 0x2100000 >"$work/images/Image" # 33 MiB in memory
sed 's/reg = <0x0 0x40000000 0x0 0x10000000>;/reg = <0x0 0x40000000 0x0 0x1000000>;/' configs/demo.dts >"$work/small.dts"
grep -q '0x1000000>;' "$work/small.dts" || fail "could not shrink the demo guest"

rc=0; "$CHECK" check --images "$work/images" configs/boards/qemu-virt.dts "$work/small.dts" >"$work/out" 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "33 MiB kernel in a 16 MiB guest: exit $rc, want 1: $(cat "$work/out")"
grep -qxF 'error: /partitions/guest: kernel: kernel image and device tree do not fit the first memory region: kernel "Image" (0x2100000 bytes in memory at offset 0x0) + initrd "guest.cpio.gz" + the device tree'"'"'s 2 MiB in the first region 0x40000000+0x1000000 [cfg-images-too-big]' "$work/out" ||
	fail "no cfg-images-too-big for the guest: $(grep '^error' "$work/out")"
[ "$(grep -c '^error:' "$work/out")" -eq 1 ] || fail "the host's 1 GiB must fit: $(grep '^error' "$work/out")"

image 0x200000 >"$work/images/Image"
"$CHECK" check --images "$work/images" configs/boards/qemu-virt.dts "$work/small.dts" >"$work/out" 2>&1 ||
	fail "a 2 MiB kernel in 16 MiB refused: $(grep '^error' "$work/out")"
echo "check-images: a kernel too big for its guest's first region is refused offline"
