DESC="the host owns 34 SMMUv3 streams (the 32 virtio-mmio transports given iommus, plus two PCI functions): every one is attached to its memory map; a partition's streams once stopped at 32 and the rest stayed aborted while it ran"
ARGS=(--config tests/qemu/configs/two-partitions.dts)
UNTIL='\[guest\] probe: done'
TIMEOUT=90
BOARD_PATCH() {
	# Each virtio_mmio@a00X000 node gets `iommus = <&smmu 0x1000+i>`: 32 isolated DMA masters
	# the host holds (nobody names them), one stream each.
	python3 - "$1" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
m = re.search(r'smmuv3@9050000 \{\s*phandle = <(0x[0-9a-f]+)>;', s)
assert m
ph = m.group(1)
n = 0
def add(mt):
	global n
	sid = 0x1000 + n
	n += 1
	return mt.group(0) + '\n\t\tiommus = <%s 0x%x>;' % (ph, sid)
s = re.sub(r'virtio_mmio@[0-9a-f]+ \{', add, s)
assert n == 32, n
open(p, 'w').write(s)
PY
}
EXPECT=(
	'^smmu: sid 0x1000 \(/virtio_mmio@a000000\) -> partition host, stage-1 mirror of its memory map$'
	'^smmu: sid 0x101f \(/virtio_mmio@a003e00\) -> partition host, stage-1 mirror of its memory map$'
	'^bulkhead: 2 of 2 partitions started$'
	'^\[guest\] probe: memcheck ok 127 MiB$'
)
COUNT=(
	'34 ^smmu: sid 0x[0-9a-f]+ \([^)]*\) -> partition host, stage-1 mirror of its memory map$'
)
REJECT=('could not be attached' 'FAIL' '^fault:' 'stopped$')
