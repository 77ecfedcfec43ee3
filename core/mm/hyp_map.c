#include "core/mm/hyp_map.h"

#include "core/base/addr.h"

/* RAM ranges page-aligned inwards, sorted by base, overlaps merged. Returns how many. */
static size_t sorted_ram(const struct hyp_map_layout *l, struct hyp_map_range *out)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n_ram; i++) {
		uint64_t lo = align_up(l->ram[i].base, PTE_GRANULE);
		uint64_t hi = l->ram[i].base + l->ram[i].size;
		size_t k;

		hi = hi < l->ram[i].base || hi > l->limit ? align_down(l->limit, PTE_GRANULE)
							  : align_down(hi, PTE_GRANULE);
		if (lo >= hi)
			continue;
		for (k = n; k > 0 && out[k - 1].base > lo; k--)
			out[k] = out[k - 1];
		out[k] = (struct hyp_map_range){ lo, hi - lo };
		n++;
	}
	/* Merge in place: ranges that touch or overlap become one. */
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		if (m && out[i].base <= out[m - 1].base + out[m - 1].size) {
			uint64_t end = out[i].base + out[i].size;

			if (end > out[m - 1].base + out[m - 1].size)
				out[m - 1].size = end - out[m - 1].base;
		} else {
			out[m++] = out[i];
		}
	}
	return m;
}

static int map_if_any(struct pgtable *pt, uint64_t lo, uint64_t hi, enum pte_mem mem, unsigned perms)
{
	if (lo >= hi)
		return PGTABLE_OK;
	return pgtable_map(pt, lo, pa(lo), hi - lo, mem, perms);
}

/* [lo, hi) minus the image (which the RAM list may or may not cover), read/write execute-never. */
static int map_around_image(struct pgtable *pt, const struct hyp_image_layout *img, uint64_t lo, uint64_t hi,
			    enum pte_mem mem)
{
	int err;

	if (hi <= img->text_start || lo >= img->image_end)
		return map_if_any(pt, lo, hi, mem, PTE_PERM_RW);
	err = map_if_any(pt, lo, img->text_start, mem, PTE_PERM_RW);
	return err ?: map_if_any(pt, img->image_end, hi, mem, PTE_PERM_RW);
}

int hyp_map_build(struct pgtable *pt, const struct hyp_map_layout *l)
{
	const struct hyp_image_layout *img = &l->image;
	struct hyp_map_range ram[HYP_MAP_MAX_RAM];
	uint64_t cursor = 0;
	size_t n;
	int err;

	if (!is_aligned(img->text_start | img->text_end | img->rodata_end | img->image_end, PTE_GRANULE) ||
	    img->text_start >= img->text_end || img->text_end > img->rodata_end || img->rodata_end >= img->image_end ||
	    img->image_end > l->limit)
		return PGTABLE_ERR_ALIGN;
	if (l->n_ram > HYP_MAP_MAX_RAM)
		return PGTABLE_ERR_INVALID;
	n = sorted_ram(l, ram);

	err = map_if_any(pt, img->text_start, img->text_end, PTE_MEM_NORMAL, PTE_PERM_RX);
	err = err ?: map_if_any(pt, img->text_end, img->rodata_end, PTE_MEM_NORMAL, PTE_PERM_R);
	err = err ?: map_if_any(pt, img->rodata_end, img->image_end, PTE_MEM_NORMAL, PTE_PERM_RW);
	for (size_t i = 0; i < n && !err; i++) {
		err = map_around_image(pt, img, cursor, ram[i].base, PTE_MEM_DEVICE_nGnRE);
		err = err ?: map_around_image(pt, img, ram[i].base, ram[i].base + ram[i].size, PTE_MEM_NORMAL);
		cursor = ram[i].base + ram[i].size;
	}
	return err ?: map_around_image(pt, img, cursor, align_down(l->limit, PTE_GRANULE), PTE_MEM_DEVICE_nGnRE);
}
