#!/usr/bin/env bash
# Build a boot disk the way a board's SD card looks: an MBR with one bootable FAT partition
# holding boot.scr (compiled from BOOT_CMD with mkimage) and the given files. U-Boot's default
# distro boot finds boot.scr there without anyone typing at its prompt.
#
#   mkdisk.sh OUT.img BOOT_CMD [FILE[=NAME_ON_DISK]...]
set -euo pipefail

out=$1; cmd=$2; shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkimage -A arm64 -O linux -T script -C none -n bulkhead -d "$cmd" "$work/boot.scr" >/dev/null

total=0
for spec in "$@"; do
	src=${spec%%=*}
	total=$((total + $(stat -L -c %s "$src")))
done
# FAT16/32 overhead and slack; at least 32 MiB so FAT picks sane cluster sizes.
fs_kib=$(( (total / 1024) * 11 / 10 + 8192 ))
[ "$fs_kib" -lt 32768 ] && fs_kib=32768

mkfs.vfat -C -n BULKHEAD "$work/fs.img" "$fs_kib" >/dev/null
mcopy -i "$work/fs.img" "$work/boot.scr" ::/boot.scr
for spec in "$@"; do
	src=${spec%%=*}
	name=${spec#*=}
	[ "$name" = "$spec" ] && name=$(basename "$src")
	mcopy -i "$work/fs.img" "$src" "::/$name"
done

# The partition table is required: U-Boot does not scan a bare FAT image.
fs_bytes=$(stat -c %s "$work/fs.img")
rm -f "$out"
truncate -s $((1024 * 1024 + fs_bytes)) "$out"
echo 'start=2048, type=c, bootable' | sfdisk -q "$out" >/dev/null
dd if="$work/fs.img" of="$out" bs=1M seek=1 conv=notrunc status=none
