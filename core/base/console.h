/* The one output channel core/ needs. The hypervisor implements it on the physical UART (with a
 * lock shared by all CPUs); the host checker on stdout; unit tests in a capture buffer. */
#ifndef BULKHEAD_CORE_CONSOLE_H
#define BULKHEAD_CORE_CONSOLE_H

#include <stddef.h>

/* Write n bytes. Must be safe to call from any CPU; whole calls are not interleaved. */
void console_write(const char *s, size_t n);

#endif
