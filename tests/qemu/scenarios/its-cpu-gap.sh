# its-mapi.sh (GICv4.0) on a board whose DT lists a CPU between cpu@1 and cpu@2 that the machine
# does not have: it fails to start, so /cpus numbers 0, 1, 3, 4 are up and 2 is not. The guest
# runs on numbers 3 and 4. Every CPU that is up gets its ITS collection, the ones after the gap
# included, and the guest's MSI arrives as on a board without the gap.
source tests/qemu/scenarios/its-mapi.sh
DESC="a CPU in the middle of /cpus fails to start: the CPUs after it keep their ITS collections and vPEs, and a guest on them gets its MSI (GICv4.0)"
source tests/qemu/board_patch.sh
BOARD_PATCH() {
	add_fake_cpu "$1" cpu@1
}
CPU_GAP=(
	'^cpus: 5 \(mpidr 0x0 0x1 0x4 0x2 0x3\)$'
	'^cpu 2: PSCI CPU_ON\(mpidr 0x4\) failed: -2$'
	'^cpu 4 online \(mpidr 0x3\)$'
	'^cpus: 4 of 5 online$'
	'^its: /intc@8000000/its@8080000: up, 4 collections \(one per CPU\)'
)
EXPECT+=("${CPU_GAP[@]}"
	'^its: /intc@8000000/its@8080000: GICv4.0 \(GITS_TYPER.Virtual, vPE table, VLPIS on 4 redistributors,'
)
REJECT+=('vits-phys-failed')
