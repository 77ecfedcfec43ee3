/* `--memory BASE:SIZE`: the RAM a bootloader would write into /memory, for boards whose DTB
 * leaves it empty (U-Boot and others fill it at boot from what they probed). */
#ifndef BULKHEAD_TOOLS_BOARD_MEMORY_H
#define BULKHEAD_TOOLS_BOARD_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct board_memory {
	bool given;
	uint64_t base;
	uint64_t size;
};

/* Parse "BASE:SIZE" (each decimal or 0x-hex; SIZE non-zero). */
bool board_memory_parse(const char *arg, struct board_memory *out);

/* Write `mem` into the blob as the bootloader would: the reg of the first node with
 * device_type = "memory", or a new /memory@BASE node. The blob is reallocated (it grows). False,
 * with a message, if the blob cannot be edited. */
bool board_memory_apply(void **blob, size_t *size, const struct board_memory *mem);

#endif
