/* Physical interrupts taken for the partition runtime (guest_irqs.c). */
#ifndef BULKHEAD_ARCH_GUEST_IRQS_H
#define BULKHEAD_ARCH_GUEST_IRQS_H

#include <stdint.h>

struct trap_frame;

/* Once, on the boot CPU: the IPIs, the virtual timer's and the EL2 timer's handlers. */
void guest_irqs_init(void);
/* The handler of a passthrough SPI (ctx: its struct partition_rt), given to the vGIC. */
void guest_spi_irq(uint32_t intid, void *ctx, struct trap_frame *f);

#endif
