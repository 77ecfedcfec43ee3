/* Arm PL011 UART, polled transmit: the hypervisor's own console. */
#ifndef BULKHEAD_DRIVERS_PL011_H
#define BULKHEAD_DRIVERS_PL011_H

#include <stddef.h>
#include <stdint.h>

void pl011_init(uintptr_t base);
void pl011_write(uintptr_t base, const char *s, size_t n);

#endif
