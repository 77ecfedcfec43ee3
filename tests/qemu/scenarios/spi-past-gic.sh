DESC="a device the host holds raises SPI 400 (INTID 432), which the board DT names but QEMU's GIC does not have (288 INTIDs): the host cannot be created, so no partition starts"
ARGS=(--config tests/qemu/configs/two-partitions.dts)
UNTIL='bulkhead: halted: nothing was started'
TIMEOUT=60
BOARD_PATCH() {
	# The RTC's interrupt moved from SPI 2 to SPI 400: a valid DT, an interrupt the GIC lacks.
	python3 - "$1" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s, n = re.subn(r'(pl031@9010000 \{.*?interrupts = <0x00 )0x02( 0x04>)', r'\g<1>0x190\2', s, count=1, flags=re.S)
assert n == 1
open(p, 'w').write(s)
PY
}
EXPECT=(
	# Validation has nothing to refuse: the virtual GIC models every SPI a DT can name.
	'^partition host: device /pl031@9010000 irq 432$'
	'^partition map: valid$'
	'^partition host: SPI 432 cannot be forwarded$'
	'^partition host: cannot be created$'
	'^bulkhead: a partition could not be created \(above\): none was started$'
)
REJECT=('partitions started' '^\[(host|guest)\]' '^smmu: sid')
