/* The hypervisor's own EL2 stage-1 map (TTBR0_EL2), W^X: an identity map in which
 *
 *   text                       Normal, read-only, executable
 *   rodata                     Normal, read-only, execute-never
 *   data, bss, stacks, heap    Normal, read/write, execute-never
 *   other RAM (partitions,     Normal, read/write, execute-never: bulkhead loads images, scrubs
 *   the staging area)          and reads configs there, but never runs code from it
 *   everything else below      Device-nGnRE, read/write, execute-never
 *   `limit`
 *
 * so no page is both writable and executable (SCTLR_EL2.WXN enforces it on top). Built twice at
 * boot: a coarse map before the device tree is parsed, where `ram` is only the gigabytes that
 * hold the image and the DTB (all else is Device, so the UART works), and the refined one from
 * the board's memory nodes. Pure: the host unit tests build it with a fake layout. */
#ifndef BULKHEAD_CORE_HYP_MAP_H
#define BULKHEAD_CORE_HYP_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/mm/pgtable.h"

#define HYP_MAP_MAX_RAM 16 /* RAM ranges a layout may name */
/* The hypervisor's identity map covers the first 512 GiB (one level-0 entry): RAM at or past
 * this is not mapped at EL2, so nothing of bulkhead's may live there, nor may it scrub or load a
 * partition there. platform_discover() leaves such RAM, and banks past HYP_MAP_MAX_RAM, out. */
#define HYP_MAP_VA_LIMIT (UINT64_C(1) << 39)

struct hyp_map_range {
	uint64_t base;
	uint64_t size;
};

/* The image's section boundaries, page aligned: [text_start, text_end) text,
 * [text_end, rodata_end) rodata, [rodata_end, image_end) everything writable. */
struct hyp_image_layout {
	uint64_t text_start;
	uint64_t text_end;
	uint64_t rodata_end;
	uint64_t image_end;
};

struct hyp_map_layout {
	struct hyp_image_layout image;
	const struct hyp_map_range *ram; /* may overlap each other and the image; not page aligned */
	size_t n_ram;
	uint64_t limit; /* nothing is mapped at or above it */
};

/* Map the layout into `pt` (a PGTABLE_STAGE1_EL2 table, empty). Returns a pgtable status:
 * PGTABLE_ERR_ALIGN for image boundaries that are not page aligned or out of order,
 * PGTABLE_ERR_INVALID for more than HYP_MAP_MAX_RAM ranges, or what pgtable_map() returned. */
int hyp_map_build(struct pgtable *pt, const struct hyp_map_layout *l);

#endif
