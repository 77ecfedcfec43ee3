DESC="an EL2 fault gives a decoded crash report and halts that CPU instead of hanging"
ARGS=(--smp 2 --mem 1G --selftest el2-crash)
UNTIL='bulkhead: cpu 0 halted'
TIMEOUT=60
ALLOW_CRASH=1
EXPECT=(
	'^bulkhead: selftest "el2-crash" requested by /chosen/bulkhead,selftest$'
	'^bulkhead: CRASH on cpu 0: synchronous exception taken to EL2 from EL2 \(the hypervisor itself\)$'
	# The selftest's `str x1, [x0]`: EC 0x25, IL, ISV, SAS=3 (64-bit), SRT=1 (x1), SF, WnR, and
	# DFSC 0b000100 (translation fault, level 0) -> 0x97c18044.
	'^  EC 0x25 data abort at the same EL, ESR 0x97c18044$'
	'^  write of address 0xff0000000000: translation fault, level 0$'
	# ELR: checked against the image below. SPSR: EL2h (M 1001) with D, A, I, F masked (0x3c9);
	# only NZCV (the top nibble) depends on what the compiler did before the store.
	'^  ELR 0x[0-9a-f]+ SPSR 0x[0-9a-f]?00003c9 FAR 0xff0000000000$'
	'^  x30 [0-9a-f]{16}  sp  [0-9a-f]{16}$'
)
REJECT=('bulkhead: boot complete')
CHECK() {
	# ELR is exactly the selftest's store: the `str x1, [x0]` after `mov x0, #0xff0000000000`
	# in the disassembly of the image that was booted.
	local elr
	elr=$(grep -A2 $'\tmov\tx0, #0xff0000000000' build/bulkhead.dis | awk '/\tstr\tx1, \[x0\]/ { sub(":", "", $1); print $1 }')
	[ -n "$elr" ] || { echo "no selftest store in build/bulkhead.dis"; return 1; }
	grep -q "^  ELR 0x$elr SPSR " "$1" || { echo "ELR is not 0x$elr (the selftest's store)"; return 1; }
}
