/* A partition's RAM in blocks prepared on first touch (lazy_mem.h). */
#include "core/partition/lazy_mem.h"

#include "core/base/addr.h"

bool lazy_layout_compute(const struct partition_spec *s, struct lazy_layout *out)
{
	unsigned n = 0;

	if (!s->n_mem)
		return false;
	for (unsigned i = 0; i < s->n_mem; i++) {
		const struct part_mem *m = &s->mem[i];

		if (!m->size || !is_aligned(m->ipa | m->pa | m->size, LAZY_BLOCK_SIZE))
			return false;
		out->first_block[i] = n;
		n += (unsigned)(m->size >> LAZY_BLOCK_SHIFT);
	}
	out->n_blocks = n;
	return true;
}

bool lazy_blocks_of(const struct partition_spec *s, const struct lazy_layout *l, uint64_t ipa, uint64_t len,
		    unsigned *first, unsigned *last)
{
	if (!len)
		len = 1;
	for (unsigned i = 0; i < s->n_mem; i++) {
		const struct part_mem *m = &s->mem[i];

		if (range_within(ipa, len, m->ipa, m->size)) {
			*first = l->first_block[i] + (unsigned)((ipa - m->ipa) >> LAZY_BLOCK_SHIFT);
			*last = l->first_block[i] + (unsigned)((ipa + len - 1 - m->ipa) >> LAZY_BLOCK_SHIFT);
			return true;
		}
	}
	return false;
}

void lazy_block_addr(const struct partition_spec *s, const struct lazy_layout *l, unsigned block, uint64_t *ipa,
		     uint64_t *pa)
{
	unsigned i = 0;

	while (i + 1 < s->n_mem && block >= l->first_block[i + 1])
		i++;
	*ipa = s->mem[i].ipa + ((uint64_t)(block - l->first_block[i]) << LAZY_BLOCK_SHIFT);
	*pa = s->mem[i].pa + ((uint64_t)(block - l->first_block[i]) << LAZY_BLOCK_SHIFT);
}

unsigned lazy_bitmap_next(const uint64_t *bitmap, unsigned n_blocks, unsigned from, bool set)
{
	while (from < n_blocks) {
		uint64_t word = bitmap[from / 64] ^ (set ? 0 : ~UINT64_C(0));

		word &= ~UINT64_C(0) << (from % 64);
		if (word) {
			unsigned b = (from & ~63u) + (unsigned)__builtin_ctzll(word);

			return b < n_blocks ? b : n_blocks;
		}
		from = (from & ~63u) + 64;
	}
	return n_blocks;
}

size_t lazy_overlays(uint64_t ipa, uint64_t size, const struct lazy_image *img, size_t n_img, struct lazy_overlay *out)
{
	uint64_t win_end = ipa + size;
	size_t n = 0;

	for (size_t i = 0; i < n_img; i++) {
		uint64_t lo = img[i].ipa > ipa ? img[i].ipa : ipa;
		uint64_t end = img[i].ipa + img[i].size, hi = end < win_end ? end : win_end;
		size_t k;

		if (!img[i].size || lo >= hi)
			continue;
		/* Insertion by offset: at most a handful of images. */
		for (k = n++; k > 0 && out[k - 1].offset > lo - ipa; k--)
			out[k] = out[k - 1];
		out[k] = (struct lazy_overlay){ lo - ipa, (const uint8_t *)img[i].data + (lo - img[i].ipa), hi - lo };
	}
	return n;
}
