DESC="W^X at EL2: the hypervisor writing to its own text takes a permission fault, decoded, instead of succeeding"
ARGS=(--smp 2 --mem 1G --selftest el2-write-text)
UNTIL='bulkhead: cpu 0 halted'
TIMEOUT=60
ALLOW_CRASH=1
EXPECT=(
	'^bulkhead: selftest "el2-write-text" requested by /chosen/bulkhead,selftest$'
	'^bulkhead: CRASH on cpu 0: synchronous exception taken to EL2 from EL2 \(the hypervisor itself\)$'
	# EC 0x25, IL, WnR, DFSC 0b001111 (permission fault, level 3); ISV/SAS/SRT are the
	# compiler's choice of store.
	'^  EC 0x25 data abort at the same EL, ESR 0x9[67][0-9a-f]{4}4f$'
	'^  write of address 0x404[0-9a-f]{5}: permission fault, level 3$'
)
REJECT=('bulkhead: boot complete' 'FAIL the write to text')
