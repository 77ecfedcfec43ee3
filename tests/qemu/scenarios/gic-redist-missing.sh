DESC="a GIC node that describes redistributors for CPUs 0-1 only: CPUs 2 and 3 come up without one, and the guest that runs on them is named and nothing starts (it would take no interrupt)"
ARGS=(--config tests/qemu/configs/two-partitions.dts)
UNTIL='bulkhead: halted: nothing was started'
TIMEOUT=60
BOARD_PATCH() {
	# The redistributor region cut to its first 0x40000 bytes: two GICv3 redistributors.
	python3 - "$1" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s, n = re.subn(r'reg = <0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0xf60000>;',
               'reg = <0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0x40000>;', s, count=1)
assert n == 1
open(p, 'w').write(s)
PY
}
EXPECT=(
	'^gic: no redistributor for cpu 2 \(mpidr 0x2\)$'
	'^gic: no redistributor for cpu 3 \(mpidr 0x3\)$'
	'^partition map: valid$'
	'^partition guest: CPU 0x2 \(/cpus/cpu@2\) has no GIC redistributor: no vCPU can run on it$'
	'^partition guest: CPU 0x3 \(/cpus/cpu@3\) has no GIC redistributor: no vCPU can run on it$'
	"^bulkhead: a partition's CPU cannot run it \\(above\\): none was started$"
)
REJECT=('partitions started' '^\[(host|guest)\]' '^smmu: sid' 'partition host: CPU')
