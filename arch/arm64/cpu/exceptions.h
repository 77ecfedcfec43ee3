/* Exceptions the hypervisor cannot recover from (exceptions.c). */
#ifndef BULKHEAD_ARCH_EXCEPTIONS_H
#define BULKHEAD_ARCH_EXCEPTIONS_H

struct trap_frame;

/* Print the registers and halt this CPU: an exception taken from EL2 itself, or a guest trap
 * with no partition on this CPU. `kind`: 0 sync, 1 IRQ, 2 FIQ, 3 SError; `lower`: from a lower EL. */
__attribute__((noreturn)) void hyp_fatal_exception(struct trap_frame *f, unsigned kind, unsigned lower);

#endif
