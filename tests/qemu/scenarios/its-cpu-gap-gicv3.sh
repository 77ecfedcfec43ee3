# its-cpu-gap.sh on a GICv3 (emulated MSIs): the guest's MAPTI goes to the physical ITS with the
# collection of a CPU after the gap.
source tests/qemu/scenarios/its-cpu-gap.sh
source tests/qemu/scenarios/its-mapi-gicv3.sh
DESC="a CPU in the middle of /cpus fails to start: the CPUs after it keep their ITS collections, and a guest on them gets its MSI (GICv3, emulated)"
EXPECT+=("${CPU_GAP[@]}")
REJECT+=('vits-phys-failed')
