/* The physical console: one PL011 shared by every CPU under a lock, so each console_write()
 * (one log line) comes out whole. Output before the UART is known is dropped. */
#include <libfdt.h>
#include <stdint.h>
#include <string.h>

#include "arch/arm64/boot/console.h"
#include "arch/arm64/cpu/spinlock.h"
#include "core/base/console.h"
#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "drivers/platform/pl011.h"

static uintptr_t uart_base;
static struct spinlock console_lock;

void console_write(const char *s, size_t n)
{
	if (!uart_base)
		return;
	spin_lock(&console_lock);
	pl011_write(uart_base, s, n);
	spin_unlock(&console_lock);
}

void console_use_uart(uintptr_t base)
{
	uart_base = base;
	pl011_init(base);
}

/* Before full discovery: find the UART /chosen/stdout-path names, from its first `reg` entry.
 * Good enough for a UART on the root bus; platform discovery later gives the translated address
 * and the console is switched to it if they differ. */
bool console_early_init(const void *fdt)
{
	int chosen = fdtp_path_offset(fdt, "/chosen");
	const char *sp = chosen >= 0 ? fdtp_getprop(fdt, chosen, "stdout-path", NULL) : NULL;
	char path[128];
	size_t len;
	int node;
	struct fdtp_reg reg;
	struct diag_list dl;

	if (!sp)
		return false;
	len = strcspn(sp, ":");
	if (len >= sizeof(path))
		return false;
	memcpy(path, sp, len);
	path[len] = '\0';
	node = fdtp_path_offset(fdt, path);
	if (node < 0)
		return false;
	diag_init(&dl);
	if (fdtp_reg(fdt, node, &reg, 1, &dl) != 1) {
		diag_free(&dl);
		return false;
	}
	diag_free(&dl);
	console_use_uart((uintptr_t)reg.base);
	return true;
}
