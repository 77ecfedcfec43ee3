/* Arm PL011 UART: the hypervisor's own console. Polled transmit; receive by interrupt (the bytes
 * typed on the console go to the partition that has the input focus, arch/arm64/vdev/vuart.c). */
#ifndef BULKHEAD_DRIVERS_PL011_H
#define BULKHEAD_DRIVERS_PL011_H

#include <stddef.h>
#include <stdint.h>

void pl011_init(uintptr_t base);

/* Write n bytes ('\n' becomes CRLF). Callers serialise (the console lock).
 *
 * Open lines: a write that does not end with '\n' leaves the physical line open. The next write
 * continues it only if it starts with the same tag as the write that opened it — a tag being a
 * leading "[...] " of at most 40 bytes, the prefix partitions' console lines carry, or none for
 * the hypervisor's own lines — and the tag is then not repeated; any other write first ends the
 * open line. So a partition's partial line (a shell prompt, the echo of what is typed) shows at
 * once, continues where it stopped, and nothing else is ever printed in the middle of it. */
void pl011_write(uintptr_t base, const char *s, size_t n);

/* Reception: raise the UART's interrupt when a byte arrives (RX and receive timeout). */
void pl011_rx_enable(uintptr_t base);
/* Clear the receive interrupts, then read up to max received bytes (stops when the FIFO is
 * empty); returns how many. Call until it returns less than max. */
size_t pl011_rx_read(uintptr_t base, uint8_t *buf, size_t max);

#endif
