/* Translation table builder, 4 KiB granule: the hypervisor's EL2 stage-1 identity map and each
 * partition's stage-2 tables (IPA -> PA). See docs/pagetables.md.
 *
 * A range is mapped with the largest leaves its alignment allows (1 GiB blocks at level 1,
 * 2 MiB blocks at level 2, 4 KiB pages at level 3). Nothing is ever split or replaced: mapping
 * over anything already mapped fails and leaves the tables unchanged. Tables are built before any
 * walker uses them (static partitioning builds everything at boot), so no barrier or TLB
 * maintenance happens here; the caller does that when it installs the root. */
#ifndef BULKHEAD_CORE_PGTABLE_H
#define BULKHEAD_CORE_PGTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/addr.h"
#include "core/hw/pte.h"

enum pgtable_stage {
	PGTABLE_STAGE1_EL2, /* TTBR0_EL2, non-VHE: one VA range, AP[1] RES1 */
	PGTABLE_STAGE2,     /* VTTBR_EL2: IPA -> PA */
};

/* Results, negative like -EEXIST so a caller can return them unchanged. */
enum pgtable_status {
	PGTABLE_OK = 0,
	PGTABLE_ERR_INVALID = -1,    /* bad stage, input size or allocator */
	PGTABLE_ERR_ALIGN = -2,      /* address or size not 4 KiB aligned */
	PGTABLE_ERR_EMPTY = -3,      /* size is zero */
	PGTABLE_ERR_RANGE = -4,      /* beyond the input size, or output beyond 48 bits */
	PGTABLE_ERR_EXISTS = -5,     /* overlaps an existing mapping */
	PGTABLE_ERR_ATTRS = -6,      /* memory type / permissions refused for this stage */
	PGTABLE_ERR_NOMEM = -7,      /* the allocator returned NULL */
	PGTABLE_ERR_ALLOCATOR = -8,  /* the allocator returned a misaligned or too high address */
	PGTABLE_ERR_NOT_MAPPED = -9, /* lookup: no leaf covers the address */
	PGTABLE_ERR_BAD_DESC = -10,  /* lookup: a descriptor the builder never writes */
};

/* Input sizes the builder accepts. The lower bound is the smallest the 4 KiB granule allows
 * without FEAT_TTST (T0SZ at most 39); the upper one is the 48-bit format without LPA2. */
#define PGTABLE_MIN_INPUT_BITS 25
#define PGTABLE_MAX_INPUT_BITS 48
/* The hypervisor's own map: TCR_EL2.T0SZ = 16. */
#define PGTABLE_EL2_VA_BITS 48
/* A stage-2 root may be up to 16 concatenated tables. */
#define PGTABLE_MAX_ROOT_PAGES 16

/* Where table memory comes from.
 *
 * alloc_pages returns `pages` (1, 2, 4, 8 or 16; more than 1 only for a concatenated stage-2
 * root) physically contiguous 4 KiB pages, aligned to pages * 4 KiB, with their physical address
 * in *pa; or NULL. Their content does not matter: the builder zeroes them. The memory must be
 * Normal Write-Back cacheable as seen by the walker, which is what TCR_EL2/VTCR_EL2 announce.
 *
 * table_ptr turns a table's physical address back into a pointer the builder can write through.
 * In the hypervisor (identity map) it is the identity; the host tests hand out fake physical
 * addresses so that a pointer used as a PA shows up. free_pages gives back one alloc_pages
 * block, with the same arguments. */
struct pgtable_alloc {
	void *(*alloc_pages)(void *ctx, unsigned pages, pa_t *pa);
	void (*free_pages)(void *ctx, void *ptr, pa_t pa, unsigned pages);
	void *(*table_ptr)(void *ctx, pa_t pa);
	void *ctx;
};

/* Shape of the tables for one stage and input size. */
struct pgtable_geometry {
	unsigned start_level; /* level of the root table */
	unsigned root_pages;  /* 4 KiB tables concatenated at the root (stage 2 only) */
};

struct pgtable {
	enum pgtable_stage stage;
	unsigned input_bits;
	struct pgtable_geometry geo;
	uint64_t *root;
	pa_t root_pa;
	size_t table_pages; /* 4 KiB pages of tables, root included */
	const struct pgtable_alloc *alloc;
	/* Map with 4 KiB pages only, never blocks. Set after pgtable_init(), before the first map:
	 * an SMMU sharing these tables may be unable to walk blocks correctly (Tegra194/234's
	 * MMU-500 walk-cache erratum, for which Linux, too, maps pages only). */
	bool pages_only;
	/* Spare level-3 tables (pgtable_add_spares): one allocation of spare_pages pages at
	 * spare_block, freed whole by pgtable_destroy(); those not attached form a list, each
	 * holding the next one's PA in its entry 0. */
	uint64_t *spare_block;
	pa_t spare_block_pa;
	unsigned spare_pages;
	pa_t spare_head;
	unsigned n_spares;
};

/* Start level and root size for `input_bits`, false when the size is out of range.
 *
 * Stage 1 starts at the level whose 512 entries cover the input (level 0 above 39 bits, level 1
 * above 30). Stage 2 uses concatenated root tables to start one level lower where the Arm ARM
 * allows it (up to 16 tables, i.e. 4 extra bits): level 2 up to 34 bits, level 1 up to 43, level 0
 * above. E.g. a 40-bit IPA starts at level 1 with 2 root pages. VTCR_EL2.SL0 comes from here. */
bool pgtable_geometry_for(enum pgtable_stage stage, unsigned input_bits, struct pgtable_geometry *geo);

/* Allocates the (empty) root. On failure *pt is left so that pgtable_destroy() is a no-op. */
int pgtable_init(struct pgtable *pt, enum pgtable_stage stage, unsigned input_bits, const struct pgtable_alloc *alloc);

/* Maps [in_addr, in_addr + size) to [out, out + size). All three must be 4 KiB aligned and
 * size non-zero. On PGTABLE_ERR_NOMEM part of the range may already be mapped; the tables are
 * still consistent and pgtable_destroy() frees them. Any other error changes nothing. */
int pgtable_map(struct pgtable *pt, uint64_t in_addr, pa_t out, uint64_t size, enum pte_mem mem, unsigned perms);

/* Leaves filled in later, one at a time, by a caller that must not allocate then (a stage-2 fault
 * handler mapping a partition's RAM block on first touch, docs/pagetables.md): */

/* Allocates every table above `level` that [in_addr, in_addr + size) needs, and writes no leaf.
 * in_addr and size must be aligned to the size of one entry at `level` (from the start level to 3).
 * PGTABLE_ERR_EXISTS if any leaf is already mapped
 * there (nothing changes); PGTABLE_ERR_NOMEM as for pgtable_map(). */
int pgtable_reserve(struct pgtable *pt, uint64_t in_addr, uint64_t size, unsigned level);

/* Writes the leaf at `level` mapping [in_addr, in_addr + one entry) to out, with one 64-bit store,
 * into a table that already exists (pgtable_reserve): never allocates. PGTABLE_ERR_NOT_MAPPED if
 * the table is missing, PGTABLE_ERR_EXISTS if the entry is valid, PGTABLE_ERR_ALIGN if in_addr or
 * out is not aligned to the entry, PGTABLE_ERR_INVALID for a level without leaves (or other than 3
 * under pages_only). The caller makes the store visible to walkers (a DSB). */
int pgtable_set_leaf(struct pgtable *pt, uint64_t in_addr, pa_t out, unsigned level, enum pte_mem mem, unsigned perms);

/* Makes the entry at `level` for in_addr invalid again if it is a leaf (an invalid one stays so).
 * PGTABLE_ERR_NOT_MAPPED if its table is missing, PGTABLE_ERR_BAD_DESC if it holds a table. The
 * caller does the barrier and TLB invalidation. */
int pgtable_clear_leaf(struct pgtable *pt, uint64_t in_addr, unsigned level);

/* A 2 MiB entry mapped 4 KiB at a time, by a fault handler that must not allocate either (a
 * partition's RAM block prepared 64 KiB at a time, docs/pagetables.md), through spare level-3
 * tables set aside at creation: */

/* Allocates n spare tables, in one allocation (n is 1, 2, 4, 8 or 16, as alloc_pages takes; once
 * per table, else PGTABLE_ERR_INVALID). They count in pgtable_count_tables(), and pgtable_destroy()
 * frees them, attached or not. PGTABLE_ERR_NOMEM (nothing changes) if the allocator has no room. */
int pgtable_add_spares(struct pgtable *pt, unsigned n);

/* The invalid level-2 entry for in_addr (in a table that exists) becomes a table descriptor to a
 * spare, zeroed first: all 512 pages invalid, to be filled by pgtable_set_leaf(..., 3, ...). One
 * 64-bit store; the caller makes it visible (a DSB), no TLB invalidation (the entry was invalid).
 * PGTABLE_ERR_NOMEM when no spare is left (nothing changes), PGTABLE_ERR_EXISTS if the entry is
 * valid, PGTABLE_ERR_NOT_MAPPED if the level-2 table is missing, PGTABLE_ERR_INVALID if the tables
 * start below level 2. */
int pgtable_attach_spare(struct pgtable *pt, uint64_t in_addr);

/* The level-2 entry for in_addr, a table descriptor, becomes invalid (one store) and its level-3
 * table a spare again, whatever pages it maps. The caller then makes the store visible and
 * invalidates the TLBs and walk caches that may hold the table or its pages, before the next
 * pgtable_attach_spare(), which may hand the same table out. PGTABLE_ERR_BAD_DESC if the entry is
 * not a table descriptor, PGTABLE_ERR_NOT_MAPPED if the level-2 table is missing. */
int pgtable_detach_to_spare(struct pgtable *pt, uint64_t in_addr);

/* What a software walk finds for one input address. */
struct pgtable_mapping {
	pa_t out; /* translation of the looked-up address itself */
	enum pte_mem mem;
	unsigned perms; /* PTE_PERM_* */
	unsigned level; /* of the leaf: 1 or 2 for a block, 3 for a page */
	uint64_t size;  /* bytes the leaf covers */
	uint64_t desc;  /* the leaf descriptor as the hardware sees it */
};

int pgtable_lookup(const struct pgtable *pt, uint64_t in_addr, struct pgtable_mapping *m);

/* 4 KiB pages of table memory in use, concatenated root pages included. */
size_t pgtable_count_tables(const struct pgtable *pt);

/* For TTBR0_EL2 / VTTBR_EL2.BADDR; aligned to the whole root. */
pa_t pgtable_root_pa(const struct pgtable *pt);

/* Frees every table and resets *pt. Safe on a table whose init failed, or twice. */
void pgtable_destroy(struct pgtable *pt);

/* Short text for a pgtable_status value, for diagnostics. */
const char *pgtable_strerror(int status);

#endif
