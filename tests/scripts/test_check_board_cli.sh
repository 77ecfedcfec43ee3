#!/usr/bin/env bash
# bulkhead-check on boards as they come: /memory left for the bootloader (--memory), a device
# behind an IOMMU bulkhead cannot program (a warning for the board, an error for a config that
# gives it to a partition). Exact lines, from tests/unit/fixtures/platform/linux_reading.dts.
set -euo pipefail
cd "$(dirname "$0")/../.."
CHECK=build/bulkhead-check
BOARD=tests/unit/fixtures/platform/linux_reading.dts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-board-cli: $*"; exit 1; }

# The same board without RAM: the error says what to do; --memory supplies it.
sed '/memory@40000000 {/,/};/d' "$BOARD" >"$work/no-memory.dts"
rc=0; "$CHECK" platform "$work/no-memory.dts" >"$work/out" 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "no /memory: exit $rc, want 1"
grep -qxF 'error: /: device_type: no memory node with a non-empty reg: nothing to partition (a bootloader fills /memory at boot; for bulkhead-check, give the RAM with --memory BASE:SIZE) [dt-no-memory]' "$work/out" ||
	fail "no /memory: message missing: $(cat "$work/out")"
"$CHECK" groups --memory 0x40000000:0x10000000 "$work/no-memory.dts" >"$work/out" 2>&1 ||
	fail "--memory did not make the board usable: $(cat "$work/out")"
"$CHECK" platform --memory 0x40000000:0x10000000 "$work/no-memory.dts" >"$work/out" 2>&1
grep -qE '^memory: 0x40000000-0x4fffffff' "$work/out" || grep -q '0x40000000' "$work/out" ||
	fail "--memory: RAM not reported: $(cat "$work/out")"
rc=0; "$CHECK" platform --memory 0x40000000 "$BOARD" >/dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "--memory without SIZE: exit $rc, want 2 (usage)"

# The board: warnings only.
"$CHECK" platform "$BOARD" >"$work/out" 2>&1 || fail "board refused: $(cat "$work/out")"
grep -qF 'warning: /iommu@9090000: compatible: "vendor,media-iommu" is no IOMMU bulkhead can program' "$work/out" ||
	fail "no warning for the vendor IOMMU: $(cat "$work/out")"

# A config giving the guest a device behind it: refused, naming the IOMMU and the device.
cat >"$work/config.dts" <<'CFG'
/dts-v1/;
/ {
	compatible = "bulkhead,config-v1";
	partitions {
		host {
			host;
			#address-cells = <2>;
			#size-cells = <2>;
			cpus = <0x0>;
			kernel = "Image";
			memory@48000000 { reg = <0x0 0x48000000 0x0 0x4000000>; phys = <0x0 0x48000000>; };
		};
		guest {
			#address-cells = <2>;
			#size-cells = <2>;
			cpus = <0x1>;
			kernel = "guest.bin";
			devices = "/soc/media@500000";
			memory@80000000 { reg = <0x0 0x80000000 0x0 0x2000000>; };
		};
	};
};
CFG
rc=0; "$CHECK" check "$BOARD" "$work/config.dts" >"$work/out" 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "device behind an unsupported IOMMU: exit $rc, want 1: $(cat "$work/out")"
grep -qxF 'error: /partitions/guest: devices: /soc/media@500000 is behind /iommu@9090000 ("vendor,media-iommu"), an IOMMU bulkhead cannot program: its DMA cannot be isolated, so no partition may be given it [cfg-iommu-unsupported]' "$work/out" ||
	fail "no cfg-iommu-unsupported: $(cat "$work/out")"
[ "$(grep -c '^error:' "$work/out")" -eq 1 ] || fail "more than the one error: $(cat "$work/out")"

# A device behind an SMMU bulkhead recognises but does not program (an SMMUv1, MMU-401): refused
# for the guest, naming the SMMU and the device; the board alone is fine.
sed 's|devices = "/soc/media@500000";|devices = "/soc/isp@900000";|' "$work/config.dts" >"$work/config-smmu.dts"
rc=0; "$CHECK" check "$BOARD" "$work/config-smmu.dts" >"$work/out" 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "device behind an MMU-500: exit $rc, want 1: $(cat "$work/out")"
grep -qxF 'error: /partitions/guest: devices: /soc/isp@900000 is behind /iommu@90a0000, an MMU-401 bulkhead cannot program (SMMUv1 has no AArch64 stage-2 context bank; bulkhead programs SMMUv2 and SMMUv3 only): its streams would not be isolated, so no partition may be given it [cfg-smmu-unsupported]' "$work/out" ||
	fail "no cfg-smmu-unsupported: $(grep '^error' "$work/out")"
[ "$(grep -c '^error:' "$work/out")" -eq 1 ] || fail "more than the one error: $(grep '^error' "$work/out")"
echo "check-board-cli: --memory, unsupported IOMMU warning and refusal as documented"
