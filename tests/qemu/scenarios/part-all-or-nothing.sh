DESC="all or nothing: the last partition's creation is forced to fail (selftest fail-last-creation) after the first was created; no partition runs, no stream is assigned, boot halts"
ARGS=(--config tests/qemu/configs/two-partitions.dts --selftest fail-last-creation)
UNTIL='bulkhead: halted: nothing was started'
TIMEOUT=60
EXPECT=(
	'^bulkhead: selftest "fail-last-creation" requested by /chosen/bulkhead,selftest$'
	'^partition map: valid$'
	# The host was created (its stage 2, DT and images placed) before the guest failed.
	'^partition host: vmid 1, kernel at IPA 0x48000000'
	'^partition guest: cannot be created \(selftest fail-last-creation\)$'
	'^bulkhead: a partition could not be created \(above\): none was started$'
	'^bulkhead: halted: nothing was started$'
)
# Nothing ran: no probe output from either partition, no start line, no SMMU assignment.
REJECT=('partitions started' '^\[(host|guest)\]' '^smmu: sid' 'probe:')
