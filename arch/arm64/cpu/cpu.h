/* Per-CPU data. TPIDR_EL2 points at the running CPU's struct percpu; the exception vectors read
 * the hypervisor's TLS pointer from it (offset PERCPU_TLS) to swap TPIDR_EL0. */
#ifndef BULKHEAD_ARCH_CPU_H
#define BULKHEAD_ARCH_CPU_H

#define MAX_CPUS 16
/* scripts/check-stack.py fails the build if the deepest call chain could overflow it. */
#define CPU_STACK_SIZE 24576
#define PERCPU_TLS 0 /* offsetof(struct percpu, tls_tpidr) */
#define TLS_BLOCK_SIZE 256

/* trap_frame layout, shared with vectors.S */
#define FRAME_X(n) ((n)*8)
#define FRAME_ELR (31 * 8)
#define FRAME_SPSR (32 * 8)
#define FRAME_ESR (33 * 8)
#define FRAME_FAR (34 * 8)
#define FRAME_TPIDR_EL0 (35 * 8)
#define FRAME_SP (36 * 8)
#define FRAME_SIZE (38 * 8) /* 16-byte aligned */

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stdint.h>

struct percpu {
	uint64_t tls_tpidr; /* hypervisor TPIDR_EL0 value (picolibc TLS), must stay first */
	unsigned index;     /* position in the board's /cpus, which the console calls "cpu N" */
	uint64_t mpidr;
	volatile bool online;
	bool no_gic; /* online, but the GIC node names no redistributor for it: no vCPU may run here */
};

struct trap_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t tpidr_el0; /* the interrupted context's TPIDR_EL0 (a guest's, for lower-EL traps) */
	uint64_t sp;        /* SP at the time of the exception (current-EL traps) */
	uint64_t pad;
};

_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "trap_frame layout out of sync with vectors.S");
_Static_assert(__builtin_offsetof(struct percpu, tls_tpidr) == PERCPU_TLS, "percpu layout");

extern struct percpu percpu_data[MAX_CPUS];
/* The boot CPU's stack (from its entry on); every other CPU's comes from the heap, for the CPUs
 * the board has (smp.c). */
extern uint8_t boot_stack[CPU_STACK_SIZE];
/* The top of CPU i's stack: where secondary_entry starts it, and where the run loop restarts on a
 * fresh stack (vcpu_park, vcpu_enter). Read with the MMU off: cleaned after writing. */
extern uint64_t cpu_stack_top[MAX_CPUS];

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(p));
	return p;
}

/* picolibc's TLS block `index` made current (TPIDR_EL0); returns the TPIDR_EL0 value. Usable at
 * EL1 too, unlike percpu_init(). */
uint64_t tls_init(unsigned index);
/* Set up TPIDR_EL2 and the hypervisor's TLS for CPU `index`. */
void percpu_init(unsigned index, uint64_t mpidr);

__attribute__((noreturn)) void cpu_halt(void);
#endif

#endif
