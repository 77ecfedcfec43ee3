/* A partition's RAM in 2 MiB blocks, each prepared on its first touch (docs/security.md, "Memory
 * prepared on first touch"): which block an address is in, the bitmap of prepared blocks, and which
 * bytes of the partition's images fall into a block. Pure: the hypervisor's
 * arch/arm64/mm/guest_mem.c zeroes, copies, cleans and maps; the same answers are host-tested. */
#ifndef BULKHEAD_CORE_LAZY_MEM_H
#define BULKHEAD_CORE_LAZY_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/partition/partition.h"

/* One stage-2 level-2 block: the unit of the bitmap, and what is mapped by one descriptor once
 * all of it is prepared. */
#define LAZY_BLOCK_SHIFT 21
#define LAZY_BLOCK_SIZE (UINT64_C(1) << LAZY_BLOCK_SHIFT)

/* What a first touch prepares where it can: 64 KiB of the block, mapped by 16 pages of a level-3
 * table (a block's 32 chunks each get a bit of a 32-bit word). A 2 MiB block is ~32,000 lines to
 * zero or copy and clean: one fault stalled the vCPU that long. */
#define LAZY_CHUNK_SHIFT 16
#define LAZY_CHUNK_SIZE (UINT64_C(1) << LAZY_CHUNK_SHIFT)
#define LAZY_CHUNKS_PER_BLOCK (1u << (LAZY_BLOCK_SHIFT - LAZY_CHUNK_SHIFT))
#define LAZY_CHUNKS_ALL UINT32_MAX

_Static_assert(LAZY_CHUNKS_PER_BLOCK == 32, "a block's chunks are the bits of a uint32_t");

/* The chunk of its block that ipa falls in. */
static inline unsigned lazy_chunk_of(uint64_t ipa)
{
	return (unsigned)(ipa >> LAZY_CHUNK_SHIFT) & (LAZY_CHUNKS_PER_BLOCK - 1);
}

/* Blocks are numbered region after region, in the spec's order. */
struct lazy_layout {
	unsigned first_block[PART_MAX_MEM]; /* number of region i's first block */
	unsigned n_blocks;
};

/* False when the partition has no memory or some region's IPA, PA or size is not a whole number
 * of blocks (it is then prepared whole at every start, as before). */
bool lazy_layout_compute(const struct partition_spec *s, struct lazy_layout *out);

/* The blocks [*first, *last] that [ipa, ipa + len) touches (len 0: one byte); false unless the
 * range lies within one memory region. */
bool lazy_blocks_of(const struct partition_spec *s, const struct lazy_layout *l, uint64_t ipa, uint64_t len,
		    unsigned *first, unsigned *last);

/* Block `block`'s first IPA and PA (block < l->n_blocks). */
void lazy_block_addr(const struct partition_spec *s, const struct lazy_layout *l, unsigned block, uint64_t *ipa,
		     uint64_t *pa);

/* A bit per block, set when it is prepared. */
#define LAZY_BITMAP_WORDS(n_blocks) (((size_t)(n_blocks) + 63) / 64)

static inline bool lazy_bit_test(const uint64_t *bitmap, unsigned block)
{
	return (bitmap[block / 64] >> (block % 64)) & 1;
}

static inline void lazy_bit_set(uint64_t *bitmap, unsigned block)
{
	bitmap[block / 64] |= UINT64_C(1) << (block % 64);
}

static inline void lazy_bit_clear(uint64_t *bitmap, unsigned block)
{
	bitmap[block / 64] &= ~(UINT64_C(1) << (block % 64));
}

/* The next block at or after `from` whose bit is `set`; n_blocks when there is none. */
unsigned lazy_bitmap_next(const uint64_t *bitmap, unsigned n_blocks, unsigned from, bool set);

/* An image as it is placed in the partition: its bytes at `ipa` in the new instance. */
struct lazy_image {
	uint64_t ipa;
	const void *data;
	uint64_t size;
};

/* The bytes of one image that fall into a window: `len` bytes from `src` at `offset` in it. */
struct lazy_overlay {
	uint64_t offset;
	const uint8_t *src;
	uint64_t len;
};

/* The parts of the images inside the window [ipa, ipa + size) (a block or a chunk), by increasing
 * offset from ipa, written to out (room for n_img); returns how many. Images do not overlap each
 * other (the guest layout places them apart). */
size_t lazy_overlays(uint64_t ipa, uint64_t size, const struct lazy_image *img, size_t n_img, struct lazy_overlay *out);

#endif
