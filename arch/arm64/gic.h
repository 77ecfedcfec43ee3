/* The physical GIC, as far as the hypervisor itself uses it: SGIs between physical CPUs. */
#ifndef BULKHEAD_ARCH_GIC_H
#define BULKHEAD_ARCH_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/platform.h"

#define IPI_PARTITION_STOP 8 /* SGI: a partition this CPU runs is stopping or restarting */

bool gic_init_boot(const struct platform *plat);
void gic_init_cpu(unsigned cpu_index, uint64_t mpidr);
void gic_send_sgi(unsigned intid, uint64_t target_mpidr);
/* Acknowledge the highest-priority pending interrupt; 1023 if none. */
uint32_t gic_ack(void);
/* Priority drop (and, while EOImode is 0, deactivation). */
void gic_eoi(uint32_t intid);
/* Deactivation when EOImode is 1 (split drop/deactivate); a no-op while EOImode is 0. */
void gic_deactivate(uint32_t intid);
/* Route an SPI to one physical CPU, set its trigger and priority, and enable it. */
void gic_spi_enable(uint32_t intid, bool edge, uint64_t target_mpidr, uint8_t priority);

#endif
