#include "tools/board_memory.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool board_memory_parse(const char *arg, struct board_memory *out)
{
	char *end;
	unsigned long long base, size;

	base = strtoull(arg, &end, 0);
	if (end == arg || *end != ':')
		return false;
	arg = end + 1;
	size = strtoull(arg, &end, 0);
	if (end == arg || *end || size == 0 || base + size < base)
		return false;
	*out = (struct board_memory){ true, base, size };
	return true;
}

static uint32_t root_cells(const void *fdt, const char *prop, uint32_t dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, 0, prop, &len);

	return p && len == 4 ? fdt32_ld(p) : dflt;
}

static int put_cells(fdt32_t *out, uint64_t v, uint32_t cells)
{
	for (uint32_t i = 0; i < cells; i++)
		out[i] = cpu_to_fdt32((uint32_t)(v >> (32 * (cells - 1 - i))));
	return (int)cells;
}

bool board_memory_apply(void **blob, size_t *size, const struct board_memory *mem)
{
	size_t grown = fdt_totalsize(*blob) + 1024;
	void *edit = malloc(grown);
	uint32_t ac = root_cells(*blob, "#address-cells", 2), sc = root_cells(*blob, "#size-cells", 1);
	fdt32_t reg[4];
	int n = 0, node, err;

	if (!edit || ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		fprintf(stderr, "bulkhead-check: --memory: cannot edit this board (root cells %u/%u)\n", ac, sc);
		free(edit);
		return false;
	}
	err = fdt_open_into(*blob, edit, (int)grown);
	n += put_cells(reg, mem->base, ac);
	n += put_cells(reg + n, mem->size, sc);
	node = fdt_node_offset_by_prop_value(edit, -1, "device_type", "memory", sizeof("memory"));
	if (!err && node < 0) {
		char name[32];

		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)mem->base);
		node = fdt_add_subnode(edit, 0, name);
		err = node < 0 ? node : fdt_setprop_string(edit, node, "device_type", "memory");
	}
	if (!err)
		err = fdt_setprop(edit, node, "reg", reg, n * (int)sizeof(fdt32_t));
	if (!err)
		fdt_delprop(edit, node, "status"); /* a disabled /memory is what the bootloader enables */
	if (err) {
		fprintf(stderr, "bulkhead-check: --memory: %s\n", fdt_strerror(err));
		free(edit);
		return false;
	}
	free(*blob);
	*blob = edit;
	*size = grown;
	return true;
}
