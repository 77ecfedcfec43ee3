/* A partition's RAM, prepared on first touch (guest_mem.h). Partition RAM is identity-mapped at
 * EL2 (VA == PA), Normal Write-Back, execute-never. */
#include "arch/arm64/mm/guest_mem.h"

#include <stdlib.h>
#include <string.h>

#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/mm/cache.h"
#include "core/base/log.h"
#include "core/partition/part_maps.h"

_Static_assert(GUEST_MEM_SPLIT_TABLES >= 1 && GUEST_MEM_SPLIT_TABLES <= 16 &&
		       (GUEST_MEM_SPLIT_TABLES & (GUEST_MEM_SPLIT_TABLES - 1)) == 0,
	       "the spare tables are one allocation of 1, 2, 4, 8 or 16 pages");

/* The prepared and split bitmaps, then a chunk word per block: one allocation, cleared at restart. */
static size_t map_bytes(unsigned n_blocks)
{
	return 2 * LAZY_BITMAP_WORDS(n_blocks) * sizeof(uint64_t) + n_blocks * sizeof(uint32_t);
}

bool guest_mem_build(struct guest_mem *m, const struct partition_spec *spec, struct pgtable *s2)
{
	int err = PGTABLE_OK;

	memset(m, 0, sizeof(*m));
	m->spec = spec;
	m->s2 = s2;
	if (s2->pages_only || !lazy_layout_compute(spec, &m->layout)) {
		err = part_map_cpu_memory(s2, spec);
	} else {
		/* The level-2 tables and the spare level-3 ones now, so that the fault path never
		 * allocates. */
		for (unsigned i = 0; i < spec->n_mem && !err; i++)
			err = pgtable_reserve(s2, spec->mem[i].ipa, spec->mem[i].size, 2);
		if (!err)
			err = pgtable_add_spares(s2, GUEST_MEM_SPLIT_TABLES);
		if (!err) {
			size_t words = LAZY_BITMAP_WORDS(m->layout.n_blocks);

			m->prepared = calloc(1, map_bytes(m->layout.n_blocks));
			if (!m->prepared) {
				log_printf("partition %s: out of memory for its %u-block memory map\n", spec->name,
					   m->layout.n_blocks);
				return false;
			}
			m->split = m->prepared + words;
			m->chunks = (uint32_t *)(m->split + words);
		}
	}
	if (err) {
		log_printf("partition %s: stage-2 tables: %s\n", spec->name, pgtable_strerror(err));
		return false;
	}
	return true;
}

/* [ipa, ipa + size) of the partition's RAM, at `base`: zeros, then the image bytes over them, each
 * byte written once, all cleaned to the point of coherency. */
static void fill(struct guest_mem *m, uint64_t ipa, uint64_t base, uint64_t size)
{
	struct lazy_overlay ov[GUEST_MEM_IMAGES];
	size_t n = lazy_overlays(ipa, size, m->images, m->n_images, ov);
	uint64_t cur = 0;

	for (size_t k = 0; k < n; k++) {
		if (ov[k].offset > cur)
			mem_zero_to_poc(base + cur, ov[k].offset - cur);
		mem_copy_to_poc((void *)(base + ov[k].offset), ov[k].src, ov[k].len);
		cur = ov[k].offset + ov[k].len;
	}
	if (cur < size)
		mem_zero_to_poc(base + cur, size - cur);
	/* Code was written as data (guest_mem_restart already dropped every older line). */
	if (n)
		icache_inval_all();
}

static bool map_failed(struct guest_mem *m, uint64_t ipa, int err)
{
	log_printf("partition %s: cannot map its memory at IPA 0x%llx: %s\n", m->spec->name, (unsigned long long)ipa,
		   pgtable_strerror(err));
	return false;
}

/* The descriptors written were invalid, so no TLB holds them: a translation table entry that
 * generates a Translation fault is never held in a TLB (Arm ARM, general TLB maintenance
 * requirements). The DSB makes the stores visible to every walker; the exception return that
 * retries the access is the context synchronization. No TLBI. */
static void block_done(struct guest_mem *m, unsigned block)
{
	dsb_ish();
	lazy_bit_set(m->prepared, block);
}

/* A whole unsplit block prepared and mapped by one descriptor. Lock held. */
static bool prepare_block(struct guest_mem *m, unsigned block)
{
	uint64_t block_ipa, base;
	int err;

	lazy_block_addr(m->spec, &m->layout, block, &block_ipa, &base);
	fill(m, block_ipa, base, LAZY_BLOCK_SIZE);
	err = pgtable_set_leaf(m->s2, block_ipa, pa(base), 2, PTE_MEM_NORMAL, PTE_PERM_RWX);
	if (err)
		return map_failed(m, block_ipa, err);
	block_done(m, block);
	return true;
}

/* One chunk of a split block prepared and mapped by its 16 pages (not yet visible: the caller's
 * DSB). Lock held. */
static bool prepare_chunk(struct guest_mem *m, unsigned block, unsigned chunk)
{
	uint64_t chunk_ipa, base;

	lazy_block_addr(m->spec, &m->layout, block, &chunk_ipa, &base);
	chunk_ipa += (uint64_t)chunk << LAZY_CHUNK_SHIFT;
	base += (uint64_t)chunk << LAZY_CHUNK_SHIFT;
	fill(m, chunk_ipa, base, LAZY_CHUNK_SIZE);
	for (uint64_t off = 0; off < LAZY_CHUNK_SIZE; off += PTE_GRANULE) {
		int err = pgtable_set_leaf(m->s2, chunk_ipa + off, pa(base + off), 3, PTE_MEM_NORMAL, PTE_PERM_RWX);

		if (err)
			return map_failed(m, chunk_ipa + off, err);
	}
	m->chunks[block] |= UINT32_C(1) << chunk;
	return true;
}

/* The rest of a split block prepared; it stays mapped by its level-3 table until the next restart
 * (these callers may run outside the partition's VMID, so no TLB maintenance here). Lock held. */
static bool complete_split(struct guest_mem *m, unsigned block)
{
	for (unsigned c = 0; c < LAZY_CHUNKS_PER_BLOCK; c++)
		if (!(m->chunks[block] & (UINT32_C(1) << c)) && !prepare_chunk(m, block, c))
			return false;
	block_done(m, block);
	return true;
}

/* Every chunk of the split block prepared, from a fault in the partition: one 2 MiB descriptor
 * replaces the table. Changing the size of a mapping needs break-before-make: the table entry made
 * invalid, then every TLB and walk-cache entry that may hold it or its pages invalidated on every
 * CPU (TLBI VMALLS12E1IS, the VMID in VTTBR_EL2: the partition's own), then the block written. A
 * vCPU touching the block meanwhile faults, waits for the lock and retries. Lock held. */
static bool merge_block(struct guest_mem *m, unsigned block)
{
	uint64_t block_ipa, base;
	int err;

	lazy_block_addr(m->spec, &m->layout, block, &block_ipa, &base);
	err = pgtable_detach_to_spare(m->s2, block_ipa);
	if (err)
		return map_failed(m, block_ipa, err);
	__asm__ volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish" : : : "memory");
	lazy_bit_clear(m->split, block);
	m->chunks[block] = 0;
	err = pgtable_set_leaf(m->s2, block_ipa, pa(base), 2, PTE_MEM_NORMAL, PTE_PERM_RWX);
	if (err)
		return map_failed(m, block_ipa, err); /* unmapped: the fault that led here stops the partition */
	block_done(m, block);
	return true;
}

/* The block prepared whole by the hypervisor's own access or the DMA gate. Lock held. */
static bool prepare_rest(struct guest_mem *m, unsigned block)
{
	if (lazy_bit_test(m->prepared, block))
		return true;
	return lazy_bit_test(m->split, block) ? complete_split(m, block) : prepare_block(m, block);
}

void guest_mem_restart(struct guest_mem *m, uint64_t vttbr, const struct lazy_image *img, size_t n_img)
{
	bool unmapped = false;

	spin_lock(&m->lock);
	for (size_t w = 0; w < LAZY_BITMAP_WORDS(m->layout.n_blocks); w++) {
		/* A word at a time: at the first start nothing is mapped. */
		for (uint64_t bits = m->prepared[w] | m->split[w]; bits; bits &= bits - 1) {
			unsigned b = (unsigned)(w * 64) + (unsigned)__builtin_ctzll(bits);
			uint64_t block_ipa, base;

			lazy_block_addr(m->spec, &m->layout, b, &block_ipa, &base);
			if (lazy_bit_test(m->split, b))
				pgtable_detach_to_spare(m->s2, block_ipa);
			else
				pgtable_clear_leaf(m->s2, block_ipa, 2);
			unmapped = true;
		}
	}
	memset(m->prepared, 0, map_bytes(m->layout.n_blocks));
	if (unmapped) {
		/* Valid to invalid: break, then the VMID's TLB entries invalidated on every CPU (and the
		 * walk caches, which may hold the detached level-3 tables), before any block is mapped
		 * again or a spare handed out. TLBI VMALLS12E1IS acts on the VMID in
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
	unsigned b, last, chunk = lazy_chunk_of(ipa);
	uint64_t block_ipa, base;
	bool ok = true;

	if (!m->prepared || !lazy_blocks_of(m->spec, &m->layout, ipa, 1, &b, &last))
		return false;
	spin_lock(&m->lock);
	if (lazy_bit_test(m->prepared, b))
		goto out; /* a concurrent fault prepared it */
	if (!lazy_bit_test(m->split, b)) {
		lazy_block_addr(m->spec, &m->layout, b, &block_ipa, &base);
		if (pgtable_attach_spare(m->s2, block_ipa) != PGTABLE_OK) {
			ok = prepare_block(m, b); /* no spare table left */
			goto out;
		}
		lazy_bit_set(m->split, b);
	}
	if (!(m->chunks[b] & (UINT32_C(1) << chunk)))
		ok = prepare_chunk(m, b, chunk);
	if (ok && m->chunks[b] == LAZY_CHUNKS_ALL)
		ok = merge_block(m, b);
	else
		dsb_ish(); /* the table and pages visible to every walker, as in block_done() */
out:
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
		if (!prepare_rest(m, b))
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
		ok = prepare_rest(m, b);
	spin_unlock(&m->lock);
	return ok;
}
