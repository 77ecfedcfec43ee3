/* Placing a partition's images per the arm64 Linux boot protocol. Pure functions. */
#ifndef BULKHEAD_CORE_GUEST_IMAGE_H
#define BULKHEAD_CORE_GUEST_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/partition/partition.h"

#define ARM64_IMAGE_MAGIC 0x644d5241u /* "ARM\x64" at offset 56 */
#define ARM64_IMAGE_HEADER_SIZE 64
#define ARM64_IMAGE_FLAG_BE (UINT64_C(1) << 0)
#define GUEST_DTB_MAX (UINT64_C(2) << 20) /* the boot protocol's limit */
/* The first buffer guest_dt_create() tries (it doubles up to GUEST_DTB_MAX). The layout always
 * reserves the 2 MiB slot a tree of up to GUEST_DTB_MAX takes, so it does not depend on the
 * tree's size: validation and creation lay out with GUEST_DTB_MAX. */
#define GUEST_DTB_FIRST_TRY (16 * 1024)

struct arm64_image {
	uint64_t text_offset;
	uint64_t image_size; /* memory footprint incl. bss; >= file size */
	uint64_t flags;
};

/* Where everything goes, as IPAs of the partition's first memory region. */
struct guest_layout {
	uint64_t kernel_ipa; /* entry point */
	uint64_t kernel_end; /* kernel_ipa + image_size */
	uint64_t dtb_ipa;    /* 8-byte aligned, below 2 MiB-aligned end of RAM region */
	uint64_t initrd_ipa; /* 0 when none */
	uint64_t initrd_end;
};

/* Check the header of a kernel image; the message says what is wrong. */
bool arm64_image_parse(const void *img, size_t size, struct arm64_image *out, const char **why);

/* Lay out kernel, initrd and a DTB of dtb_size bytes in mem[0]. False (with why) if they do not
 * fit. The kernel goes at the 2 MiB-aligned base + text_offset; the DTB at the top of the region
 * (2 MiB-aligned so it never shares a block with the kernel), the initrd just below it. */
bool guest_layout_compute(const struct part_mem *mem, const struct arm64_image *img, size_t initrd_size,
			  size_t dtb_size, struct guest_layout *out, const char **why);

#endif
