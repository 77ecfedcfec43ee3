DESC="entered at EL1 (QEMU without virtualization): a clear refusal, not a hang"
ARGS=(--smp 2 --mem 1G --machine-opts "virtualization=off,gic-version=3")
UNTIL='bulkhead: halted: nothing was started'
TIMEOUT=60
EXPECT=(
	'^bulkhead: entered at EL1, not EL2: the boot loader must start bulkhead in EL2$'
	'^bulkhead: \(on QEMU: -machine virt,virtualization=on\)$'
)
REJECT=('platform:' 'boot complete')
