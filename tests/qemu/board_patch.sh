# Shared by scenarios whose BOARD_PATCH edits QEMU's dumped board DTS.
# add_fake_cpu DTS AFTER: a CPU node cpu@4 (MPIDR 0x4, PSCI) right after node AFTER (e.g. cpu@1):
# a valid DT entry for a CPU the 4-CPU machine does not have, so its CPU_ON fails.
add_fake_cpu() {
	python3 - "$1" "$2" <<'PY'
import re, sys
p, after = sys.argv[1], sys.argv[2]
s = open(p).read()
node = '\n\t\tcpu@4 {\n\t\t\treg = <0x04>;\n\t\t\tenable-method = "psci";\n\t\t\tcompatible = "arm,cortex-a57";\n\t\t\tdevice_type = "cpu";\n\t\t};\n'
s, n = re.subn(r'(\t\t' + re.escape(after) + r' \{.*?\n\t\t\};\n)', lambda m: m.group(1) + node, s, count=1, flags=re.S)
assert n == 1, after
open(p, 'w').write(s)
PY
}
