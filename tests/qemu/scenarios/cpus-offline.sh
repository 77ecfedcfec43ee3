DESC="a CPU the board DT lists fails to start (PSCI CPU_ON refuses an MPIDR the machine does not have): the partition that runs on it is named, and no partition starts"
ARGS=(--smp 4 --config tests/qemu/configs/cpus-offline.dts)
UNTIL='bulkhead: halted: nothing was started'
TIMEOUT=60
BOARD_PATCH() {
	# A fifth CPU node, MPIDR 0x4, after cpu@3: the DT is valid, the CPU is not there.
	python3 - "$1" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
node = '\n\t\tcpu@4 {\n\t\t\treg = <0x04>;\n\t\t\tenable-method = "psci";\n\t\t\tcompatible = "arm,cortex-a57";\n\t\t\tdevice_type = "cpu";\n\t\t};\n'
s, n = re.subn(r'(\t\tcpu@3 \{.*?\n\t\t\};\n)', lambda m: m.group(1) + node, s, count=1, flags=re.S)
assert n == 1
open(p, 'w').write(s)
PY
}
EXPECT=(
	'^cpus: 5 \(mpidr 0x0 0x1 0x2 0x3 0x4\)$'
	'^cpu 4: PSCI CPU_ON\(mpidr 0x4\) failed: -2$'
	'^cpus: 4 of 5 online$'
	# Validation accepts it (the board lists the CPU; bulkhead-check would too) ...
	'^partition map: valid$'
	# ... the boot finds it is not online before creating anything.
	'^partition guest: CPU 0x4 \(/cpus/cpu@4\) is not online: no vCPU can run on it$'
	"^bulkhead: a partition's CPU cannot run it \\(above\\): none was started$"
	'^bulkhead: halted: nothing was started$'
)
REJECT=('partitions started' '^\[(host|guest)\]' '^smmu: sid' 'partition host: CPU' 'vmid')
