/* Per-CPU data, the boot CPU's stack and every CPU's stack top, picolibc TLS blocks. */
#include <stdint.h>

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/sysreg.h"

struct percpu percpu_data[MAX_CPUS];
uint8_t boot_stack[CPU_STACK_SIZE] __attribute__((aligned(16)));
uint64_t cpu_stack_top[MAX_CPUS];
static uint8_t tls_blocks[MAX_CPUS][TLS_BLOCK_SIZE] __attribute__((aligned(64)));

/* picolibc: copy the TLS template into a block, and point TPIDR_EL0 at a block. */
void _init_tls(void *tls);
void _set_tls(void *tls);

uint64_t tls_init(unsigned index)
{
	_init_tls(tls_blocks[index]);
	_set_tls(tls_blocks[index]);
	return read_tpidr_el0();
}

/* Physical interrupts are routed to EL2 from the CPU's start, not only once it first enters a
 * guest: a CPU waiting in the run loop for its vCPU must take the kick IPI. Without IMO the IPI
 * targets EL1, is never taken at EL2 and stays pending, so every WFI returns at once and the loop
 * spins, stealing instructions from the CPUs that work (under QEMU's round-robin vCPUs, from the
 * boot CPU itself). EL2 runs with interrupts masked except in the run loop's idle wait. */
static void route_interrupts_to_el2(void)
{
	write_hcr_el2(read_hcr_el2() | HCR_IMO | HCR_FMO | HCR_AMO);
	isb();
}

void percpu_init(unsigned index, uint64_t mpidr)
{
	struct percpu *p = &percpu_data[index];

	p->index = index;
	p->mpidr = mpidr;
	write_tpidr_el2((uint64_t)p);
	p->tls_tpidr = tls_init(index);
	route_interrupts_to_el2();
	/* ACTLR_EL2 is IMPLEMENTATION DEFINED. On the Cortex-A53/A57/A72 its bits let EL1 write the
	 * CPU's own control registers (CPUACTLR, CPUECTLR, L2CTLR, L2ECTLR, L2ACTLR), which reach
	 * the shared L2 and so every partition. Zero, their reset value, keeps those from every
	 * partition whatever the boot loader left there. */
	write_actlr_el2(0);
}

void cpu_halt(void)
{
	write_daif(0x3c0);
	for (;;)
		wfi();
}
