#!/usr/bin/env bash
# configs/boards/qemu-virt.dts is the board `make run` boots: regenerate it from the same QEMU
# command line (scripts/gen-board-dts.sh: U-Boot as -bios, the Makefile's demo devices, the
# hypervisor's own PCI export) and compare.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash scripts/gen-board-dts.sh "$work/qemu-virt.dts" >/dev/null
if ! diff -u configs/boards/qemu-virt.dts "$work/qemu-virt.dts"; then
	echo "board-file: configs/boards/qemu-virt.dts is not the machine make run boots;"
	echo "board-file: regenerate it with scripts/gen-board-dts.sh"
	exit 1
fi
echo "board-file: configs/boards/qemu-virt.dts matches the machine make run boots"
