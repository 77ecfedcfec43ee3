#!/usr/bin/env bash
# bulkhead-check --json on the demo: valid JSON, and each partition's virtual PCI bus exactly as
# the partition map places it (docs/pci-passthrough.md; SPIs worked out from QEMU virt's
# interrupt-map: SPI 3 + (slot + pin - 1) % 4, the edu's INTA at root-port slot 1 -> SPI 4).
set -euo pipefail
cd "$(dirname "$0")/../.."
build/bulkhead-check check --json configs/boards/qemu-virt.dts configs/demo.dts > build/check-demo.json || true
python3 - build/check-demo.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
parts = {p["name"]: p for p in d["partitions"]}
want_guest = [{"function": "0000:01:00.0", "virtual": "00:00.0", "irq": 36}]
assert parts["guest"]["pci"] == want_guest, parts["guest"]["pci"]
host = [(f["function"], f["virtual"]) for f in parts["host"]["pci"]]
assert ("0000:00:03.0", "00:01.0") in host, host
assert all(f["function"] != "0000:01:00.0" for f in parts["host"]["pci"])
assert 36 in parts["guest"]["spis"] and 36 not in parts["host"]["spis"]
# The demo's channel (docs/config.md, "Channels"): after the guest's memory, in both.
want_chat = {"name": "chat", "ipa": "0xc0000000", "pa": "0x98000000", "size": "0x10000", "access": "read-write",
             "doorbell": 101, "dma": True}
assert parts["guest"]["channels"] == [want_chat], parts["guest"]["channels"]
assert parts["host"]["channels"][0]["doorbell"] == 100, parts["host"]["channels"]
print("check --json: the guest's virtual bus is 0000:01:00.0 -> 00:00.0 irq 36; channel chat at 0x98000000")
PY
