# Sourced by bench/lean-paths.sh and bench/boot-profile.sh: the QEMU devices both give the demo's
# Linux config (configs/demo.dts), so that their figures are of the same machine. A root port with
# an edu (no disk image to make, unlike `make run`'s NVMe), and a PCIe-to-PCI bridge with two edus
# behind it. One line of QEMU arguments.
# shellcheck shell=bash
demo_devices="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
demo_devices+=" -device pcie-pci-bridge,id=br1 -device edu,bus=br1,addr=1,dma_mask=0xffffffffffffffff"
demo_devices+=" -device edu,bus=br1,addr=2,dma_mask=0xffffffffffffffff"
