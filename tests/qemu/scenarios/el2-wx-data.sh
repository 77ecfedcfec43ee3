DESC="W^X at EL2: the hypervisor jumping into writable data takes a permission fault on the fetch, decoded, instead of running it"
ARGS=(--smp 2 --mem 1G --selftest el2-exec-data)
UNTIL='bulkhead: cpu 0 halted'
TIMEOUT=60
ALLOW_CRASH=1
EXPECT=(
	'^bulkhead: selftest "el2-exec-data" requested by /chosen/bulkhead,selftest$'
	'^bulkhead: CRASH on cpu 0: synchronous exception taken to EL2 from EL2 \(the hypervisor itself\)$'
	# EC 0x21, IL, IFSC 0b001111 (permission fault, level 3).
	'^  EC 0x21 instruction abort at the same EL, ESR 0x8600000f$'
	'^  fetch of address 0x404[0-9a-f]{5}: permission fault, level 3$'
)
REJECT=('bulkhead: boot complete' 'FAIL the jump to data')
