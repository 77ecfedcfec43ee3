DESC="a guest reading a device it does not own (the SMMU's registers) is stopped; the host goes on"
ARGS=(--config tests/qemu/configs/guest-fault-mmio.dts)
UNTIL='\[host\] probe: heartbeat 40$'
TIMEOUT=90
EXPECT=(
	# The guest owns RAM at IPA 0x40000000 (GiB 1) and no device: nothing of GiB 0 is mapped, so
	# its stage-2 walk for 0x9050000 finds the level-1 entry of GiB 0 invalid.
	'^fault: partition guest vcpu 0: stage-2 data abort: read from IPA 0x9050000 \(FAR 0x9050000, translation fault, level 1\): outside the partition'
	'^partition guest: stopped$'
)
REJECT=('\[guest\] probe: FAIL access' 'partition host: stopped')
