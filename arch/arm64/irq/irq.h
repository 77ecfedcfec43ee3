/* Physical interrupts taken by the hypervisor, dispatched by INTID to whoever registered it
 * (the partition-stop IPI, the SMMU's event and error lines, the vGIC's passthrough lines). */
#ifndef BULKHEAD_ARCH_IRQ_H
#define BULKHEAD_ARCH_IRQ_H

#include <stdbool.h>
#include <stdint.h>

struct trap_frame;

/* Called after the interrupt was acknowledged and its priority dropped. `f` is the trap frame of
 * the interrupted guest (NULL if the hypervisor itself was interrupted). */
typedef void (*irq_handler_fn)(uint32_t intid, void *ctx, struct trap_frame *f);

/* The handler table, one slot per INTID below n_intids (the GIC's, at most 1020), from the heap:
 * before any irq_register(). False if the heap cannot hold it (a boot error); n_intids 0 (no
 * usable GIC) allocates nothing and every registration is then refused. */
bool irq_slots_init(uint32_t n_intids);
/* One handler per INTID (0..1019, below the GIC's count). `guest_completes`: the interrupt is forwarded to a guest
 * through a hardware list register, and the guest's EOI deactivates it; otherwise the
 * dispatcher deactivates it before calling the handler. */
bool irq_register(uint32_t intid, irq_handler_fn fn, void *ctx, bool guest_completes);
/* The one handler of every LPI (the physical ITS's, for partitions' MSIs); called after the
 * priority drop, which is all an LPI needs. */
void irq_register_lpi(irq_handler_fn fn, void *ctx);
/* Acknowledge the highest-priority pending interrupt and dispatch it; false if none was pending. */
bool irq_handle_one(struct trap_frame *f);
/* The same in two steps (to look at the INTID before its handler runs, which may not return):
 * acknowledge (1020 and above: spurious), then deactivate-or-not and call the handler. */
uint32_t irq_ack(void);
void irq_dispatch(uint32_t intid, struct trap_frame *f);

#endif
