DESC="a board DTB with a truncated reg and a CPU reg that disagrees with #address-cells: named errors, halt"
ARGS=(--smp 4 --mem 2G)
UNTIL='bulkhead: halted: nothing was started'
TIMEOUT=60
BOARD_PATCH() {
	# pl061's reg loses its last cell; cpu@1's reg grows a cell /cpus does not declare.
	python3 - "$1" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s, n1 = re.subn(r'(pl061@9030000 \{.*?reg = <0x00 0x9030000 0x00) 0x1000>', r'\1>', s, flags=re.S)
s, n2 = re.subn(r'(cpu@1 \{.*?reg = <)0x01>', r'\g<1>0x00 0x01>', s, flags=re.S)
assert n1 == 1 and n2 == 1, (n1, n2)
open(p, 'w').write(s)
PY
}
EXPECT=(
	'^error: /pl061@9030000: reg: length 12 is not a multiple of 4 cells \(read with #address-cells = 2 and #size-cells = 2 of /\) \[dt-truncated-property\]$'
	'^error: /cpus/cpu@1: reg: 8 bytes, but #address-cells of /cpus is 1 \(one MPIDR of 4 bytes expected\) \[dt-cells-mismatch\]$'
	'^bulkhead: the board device tree has errors \(above\); refusing to boot$'
)
REJECT=('bulkhead: boot complete' 'cpu [1-3] online')
