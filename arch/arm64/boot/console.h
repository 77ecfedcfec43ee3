/* The physical console (console.c): bulkhead's own PL011, shared by every CPU. */
#ifndef BULKHEAD_ARCH_CONSOLE_H
#define BULKHEAD_ARCH_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

/* Before discovery: the UART /chosen/stdout-path names; false if there is none. */
bool console_early_init(const void *fdt);
/* From now on, write to the PL011 at `base`. */
void console_use_uart(uintptr_t base);

#endif
