DESC="all or nothing for boot-time allocations: the physical ITS's state and LPI route table cannot be allocated (selftest its-no-memory); the partition whose PCI function needs MSIs is not created, no partition runs, boot halts"
QX="-device pcie-root-port,id=rp1,chassis=1 -device edu,bus=rp1,dma_mask=0xffffffffffffffff"
ARGS=(--config tests/qemu/configs/its-hostile.dts --extra "$QX" --selftest its-no-memory)
UNTIL='bulkhead: halted: nothing was started'
TIMEOUT=60
EXPECT=(
	'^bulkhead: selftest "its-no-memory" requested by /chosen/bulkhead,selftest$'
	'^partition map: valid$'
	# Both partitions own PCI functions (the host its bridges, the guest the edu): 2 x 1024 routes.
	'^its: /intc@8000000/its@8080000: out of memory for its state and 2048 LPI routes$'
	'^partition guest: cannot be created$'
	'^bulkhead: a partition could not be created \(above\): none was started$'
	'^bulkhead: halted: nothing was started$'
)
# Nothing ran, no ITS came up, no stream was assigned.
REJECT=('partitions started' '^\[(host|guest)\]' '^smmu: sid' 'probe:' '^its: .*: up,' 'no physical ITS')
