/* A partition's RAM, prepared on first touch (guest_mem.h). Partition RAM is identity-mapped at
 * EL2 (VA == PA), Normal Write-Back, execute-never. */
#include "arch/arm64/mm/guest_mem.h"

#include <stdlib.h>
#include <string.h>

#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/mm/cache.h"
#include "core/base/log.h"
#include "core/partition/part_maps.h"

bool guest_mem_build(struct guest_mem *m, const struct partition_spec *spec, struct pgtable *s2)
{
	int err = PGTABLE_OK;

	memset(m, 0, sizeof(*m));
	m->spec = spec;
	m->s2 = s2;
	if (s2->pages_only || !lazy_layout_compute(spec, &m->layout)) {
		err = part_map_cpu_memory(s2, spec);
	} else {
		/* The level-2 tables now, so that the fault path never allocates. */
		for (unsigned i = 0; i < spec->n_mem && !err; i++)
			err = pgtable_reserve(s2, spec->mem[i].ipa, spec->mem[i].size, 2);
		if (!err) {
			m->prepared = calloc(LAZY_BITMAP_WORDS(m->layout.n_blocks), sizeof(uint64_t));
			if (!m->prepared) {
				log_printf("partition %s: out of memory for its %u-block memory map\n", spec->name,
					   m->layout.n_blocks);
				return false;
			}
		}
	}
	if (err) {
		log_printf("partition %s: stage-2 tables: %s\n", spec->name, pgtable_strerror(err));
		return false;
	}
	return true;
}

/* Zeros, then the image bytes over them, each byte written once, all cleaned to the point of
 * coherency; then the block mapped. Lock held. */
static bool prepare_block(struct guest_mem *m, unsigned block)
{
	struct lazy_overlay ov[GUEST_MEM_IMAGES];
	uint64_t block_ipa, base, cur = 0;
	size_t n;
	int err;

	lazy_block_addr(m->spec, &m->layout, block, &block_ipa, &base);
	n = lazy_overlays(block_ipa, m->images, m->n_images, ov);
	for (size_t k = 0; k < n; k++) {
		if (ov[k].offset > cur)
			mem_zero_to_poc(base + cur, ov[k].offset - cur);
		mem_copy_to_poc((void *)(base + ov[k].offset), ov[k].src, ov[k].len);
		cur = ov[k].offset + ov[k].len;
	}
	if (cur < LAZY_BLOCK_SIZE)
		mem_zero_to_poc(base + cur, LAZY_BLOCK_SIZE - cur);
	/* Code was written as data (guest_mem_restart already dropped every older line). */
	if (n)
		icache_inval_all();
	err = pgtable_set_leaf(m->s2, block_ipa, pa(base), 2, PTE_MEM_NORMAL, PTE_PERM_RWX);
	if (err) {
		log_printf("partition %s: cannot map its memory at IPA 0x%llx: %s\n", m->spec->name,
			   (unsigned long long)block_ipa, pgtable_strerror(err));
		return false;
	}
	/* The descriptor was invalid, so no TLB holds it: a translation table entry that generates a
	 * Translation fault is never held in a TLB (Arm ARM, general TLB maintenance requirements).
	 * The DSB makes the store visible to every walker; the exception return that retries the
	 * access is the context synchronization. No TLBI. */
	dsb_ish();
	lazy_bit_set(m->prepared, block);
	m->n_prepared++;
	return true;
}

void guest_mem_restart(struct guest_mem *m, uint64_t vttbr, const struct lazy_image *img, size_t n_img)
{
	bool unmapped = false;

	spin_lock(&m->lock);
	for (unsigned b = lazy_bitmap_next(m->prepared, m->layout.n_blocks, 0, true); b < m->layout.n_blocks;
	     b = lazy_bitmap_next(m->prepared, m->layout.n_blocks, b + 1, true)) {
		uint64_t block_ipa, base;

		lazy_block_addr(m->spec, &m->layout, b, &block_ipa, &base);
		pgtable_clear_leaf(m->s2, block_ipa, 2);
		unmapped = true;
	}
	memset(m->prepared, 0, LAZY_BITMAP_WORDS(m->layout.n_blocks) * sizeof(uint64_t));
	m->n_prepared = 0;
	if (unmapped) {
		/* Valid to invalid: break, then the VMID's TLB entries invalidated on every CPU (and the
		 * walk caches), before any block is mapped again. TLBI VMALLS12E1IS acts on the VMID in
		 * VTTBR_EL2: this CPU may be in another partition's trap (a management `start`). */
		uint64_t saved = read_vttbr_el2();

		__asm__ volatile("dsb ishst" : : : "memory");
		write_vttbr_el2(vttbr);
		isb();
		__asm__ volatile("tlbi vmalls12e1is\n\tdsb ish" : : : "memory");
		write_vttbr_el2(saved);
		isb();
	}
	m->n_images = 0;
	for (size_t i = 0; i < n_img && i < GUEST_MEM_IMAGES; i++)
		if (img[i].size)
			m->images[m->n_images++] = img[i];
	/* Whatever firmware or the previous instance left in the instruction caches for this RAM is
	 * dropped now; no line of it can be fetched again before its block is prepared and mapped. */
	icache_inval_all();
	spin_unlock(&m->lock);
}

bool guest_mem_first_touch(struct guest_mem *m, uint64_t ipa)
{
	unsigned first, last;
	bool ok = true;

	if (!m->prepared || !lazy_blocks_of(m->spec, &m->layout, ipa, 1, &first, &last))
		return false;
	spin_lock(&m->lock);
	if (!lazy_bit_test(m->prepared, first))
		ok = prepare_block(m, first);
	spin_unlock(&m->lock);
	return ok;
}

void guest_mem_prepare_all(struct guest_mem *m)
{
	if (!m->prepared)
		return;
	spin_lock(&m->lock);
	for (unsigned b = lazy_bitmap_next(m->prepared, m->layout.n_blocks, 0, false); b < m->layout.n_blocks;
	     b = lazy_bitmap_next(m->prepared, m->layout.n_blocks, b + 1, false))
		if (!prepare_block(m, b))
			break;
	spin_unlock(&m->lock);
}

bool guest_mem_access(struct guest_mem *m, uint64_t ipa, uint64_t len, uint64_t *pa_out)
{
	unsigned first, last;
	bool ok = true;

	if (!part_ipa_to_pa(m->spec, ipa, len, pa_out))
		return false;
	if (!m->prepared)
		return true;
	if (!lazy_blocks_of(m->spec, &m->layout, ipa, len, &first, &last))
		return false;
	spin_lock(&m->lock);
	for (unsigned b = first; b <= last && ok; b++)
		if (!lazy_bit_test(m->prepared, b))
			ok = prepare_block(m, b);
	spin_unlock(&m->lock);
	return ok;
}
