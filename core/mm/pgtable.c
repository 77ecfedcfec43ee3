#include "core/mm/pgtable.h"

#include <string.h>

/* Largest output address the descriptor format holds (bits [47:12]). */
#define PGTABLE_OUT_LIMIT BIT64(48)

/* The shallowest level whose root resolves every input bit above it. `extra_root_bits` is how
 * many more bits a concatenated root may resolve (0 for stage 1, 4 for 16 stage-2 tables).
 * Level 3 is never a start level: that needs FEAT_TTST, and PGTABLE_MIN_INPUT_BITS keeps the
 * input at level 2 or above. */
static unsigned start_level(unsigned input_bits, unsigned extra_root_bits)
{
	unsigned level = PTE_LAST_LEVEL - 1;
	unsigned root_bits = PTE_BITS_PER_LEVEL + extra_root_bits;

	while (level > 0 && input_bits > pte_level_shift(level) + root_bits)
		level--;
	return level;
}

bool pgtable_geometry_for(enum pgtable_stage stage, unsigned input_bits, struct pgtable_geometry *geo)
{
	unsigned root_bits;

	if (input_bits < PGTABLE_MIN_INPUT_BITS || input_bits > PGTABLE_MAX_INPUT_BITS)
		return false;
	switch (stage) {
	case PGTABLE_STAGE1_EL2:
		geo->start_level = start_level(input_bits, 0);
		break;
	case PGTABLE_STAGE2:
		geo->start_level = start_level(input_bits, 4);
		break;
	default:
		return false;
	}
	root_bits = input_bits - pte_level_shift(geo->start_level);
	geo->root_pages = root_bits > PTE_BITS_PER_LEVEL ? 1u << (root_bits - PTE_BITS_PER_LEVEL) : 1;
	return true;
}

/* Entries in one table at `level`: the root may be smaller than 512 entries, or larger when
 * concatenated. */
static size_t entries_at(const struct pgtable *pt, unsigned level)
{
	if (level == pt->geo.start_level)
		return (size_t)1 << (pt->input_bits - pte_level_shift(level));
	return PTE_ENTRIES_PER_TABLE;
}

static size_t entry_index(const struct pgtable *pt, unsigned level, uint64_t addr)
{
	return (size_t)(addr >> pte_level_shift(level)) & (entries_at(pt, level) - 1);
}

/* Bytes of [addr, addr + size) that fall into the entry at `level` containing addr. */
static uint64_t chunk_in_entry(uint64_t addr, uint64_t size, unsigned level)
{
	uint64_t span = pte_level_size(level);
	uint64_t to_end = span - (addr & (span - 1));

	return size < to_end ? size : to_end;
}

static uint64_t *table_of(const struct pgtable *pt, uint64_t table_desc)
{
	return pt->alloc->table_ptr(pt->alloc->ctx, pte_addr(table_desc));
}

/* `pages` tables, zeroed unless `zero` is false (spares: zeroed when attached). */
static int alloc_tables(struct pgtable *pt, unsigned pages, bool zero, uint64_t **table, pa_t *table_pa)
{
	const struct pgtable_alloc *a = pt->alloc;
	uint64_t bytes = pages * PTE_GRANULE;
	void *p = a->alloc_pages(a->ctx, pages, table_pa);

	if (!p)
		return PGTABLE_ERR_NOMEM;
	/* The descriptor's address field would silently truncate a misaligned or too high table. */
	if (!range_within(pa_val(*table_pa), bytes, 0, PGTABLE_OUT_LIMIT) || !is_aligned(pa_val(*table_pa), bytes)) {
		a->free_pages(a->ctx, p, *table_pa, pages);
		return PGTABLE_ERR_ALLOCATOR;
	}
	if (zero)
		memset(p, 0, bytes);
	pt->table_pages += pages;
	*table = p;
	return PGTABLE_OK;
}

static int alloc_table(struct pgtable *pt, unsigned pages, uint64_t **table, pa_t *table_pa)
{
	return alloc_tables(pt, pages, true, table, table_pa);
}

int pgtable_init(struct pgtable *pt, enum pgtable_stage stage, unsigned input_bits, const struct pgtable_alloc *alloc)
{
	struct pgtable_geometry geo;
	uint64_t *root;
	pa_t root_pa;
	int err;

	memset(pt, 0, sizeof(*pt));
	if (!alloc || !alloc->alloc_pages || !alloc->free_pages || !alloc->table_ptr)
		return PGTABLE_ERR_INVALID;
	if (!pgtable_geometry_for(stage, input_bits, &geo))
		return PGTABLE_ERR_INVALID;
	pt->stage = stage;
	pt->input_bits = input_bits;
	pt->geo = geo;
	pt->alloc = alloc;
	err = alloc_table(pt, geo.root_pages, &root, &root_pa);
	if (err) {
		memset(pt, 0, sizeof(*pt));
		return err;
	}
	pt->root = root;
	pt->root_pa = root_pa;
	return PGTABLE_OK;
}

/* Any valid descriptor other than a table under [addr, addr + size)? Invalid entries are
 * skipped whole, so checking a large empty range costs little. */
static bool range_has_leaf(const struct pgtable *pt, const uint64_t *table, unsigned level, uint64_t addr,
			   uint64_t size)
{
	if (level == PTE_LAST_LEVEL) {
		/* Every valid level-3 entry is a leaf: one tight loop over the entries. */
		const uint64_t *e = &table[entry_index(pt, level, addr)];

		for (uint64_t n = size / PTE_GRANULE; n; n--, e++)
			if (pte_is_valid(*e))
				return true;
		return false;
	}
	while (size) {
		uint64_t chunk = chunk_in_entry(addr, size, level);
		uint64_t desc = table[entry_index(pt, level, addr)];

		if (pte_is_table(desc, level)) {
			if (range_has_leaf(pt, table_of(pt, desc), level + 1, addr, chunk))
				return true;
		} else if (pte_is_valid(desc)) {
			return true;
		}
		addr += chunk;
		size -= chunk;
	}
	return false;
}

struct map_req {
	uint64_t in;
	uint64_t out;
	uint64_t size;
	enum pte_mem mem;
	unsigned perms;
};

/* A leaf at `level` can map this chunk: it covers the whole entry and the output is aligned to
 * the entry size (the input is, since the chunk is a whole entry). */
static bool leaf_fits(const struct map_req *rq, uint64_t chunk, unsigned level)
{
	uint64_t span = pte_level_size(level);

	return pte_level_has_leaves(level) && chunk == span && is_aligned(rq->out, span);
}

static uint64_t make_leaf(const struct pgtable *pt, const struct map_req *rq, unsigned level)
{
	if (pt->stage == PGTABLE_STAGE2)
		return pte_s2_leaf(pa(rq->out), rq->mem, rq->perms, level);
	return pte_s1_leaf(pa(rq->out), rq->mem, rq->perms, level);
}

/* The next-level table under *slot, allocating it when the slot is empty. */
static int next_table(struct pgtable *pt, uint64_t *slot, unsigned level, uint64_t **next)
{
	pa_t table_pa;
	int err;

	if (pte_is_table(*slot, level)) {
		*next = table_of(pt, *slot);
		return PGTABLE_OK;
	}
	if (pte_is_valid(*slot))
		return PGTABLE_ERR_EXISTS;
	err = alloc_table(pt, 1, next, &table_pa);
	if (err)
		return err;
	*slot = pte_table(table_pa);
	return PGTABLE_OK;
}

/* Leaves for the empty entries from *slot on, as far as the request, the table or the first
 * valid entry goes, and rq advanced past them. Leaves of one request at one level differ only in
 * their output address, which is aligned to the entry and below 2^48 (check_map_args()): the first
 * one is built, and each next one is the previous plus an entry's span (building each one was
 * most of a map's time). */
static void map_leaves(const struct pgtable *pt, uint64_t *slot, unsigned level, struct map_req *rq)
{
	uint64_t span = pte_level_size(level);
	size_t room = entries_at(pt, level) - entry_index(pt, level, rq->in);
	size_t n = rq->size / span < room ? (size_t)(rq->size / span) : room, k;
	uint64_t desc = make_leaf(pt, rq, level);
	uint64_t step = desc ? span : 0; /* 0: attributes make_leaf() refused, all left 0 */

	for (k = 0; k < n && !pte_is_valid(slot[k]); k++, desc += step)
		slot[k] = desc;
	rq->in += k * span;
	rq->out += k * span;
	rq->size -= k * span;
}

/* Fills empty entries only; range_has_leaf() has already excluded any overlap. A table left
 * where a whole block would fit (only after an earlier out-of-memory) is reused, not replaced,
 * and the chunk is mapped inside it at the finer granularity. */
static int map_range(struct pgtable *pt, uint64_t *table, unsigned level, struct map_req rq)
{
	while (rq.size) {
		uint64_t chunk = chunk_in_entry(rq.in, rq.size, level);
		uint64_t *slot = &table[entry_index(pt, level, rq.in)];

		if (!pte_is_valid(*slot) && leaf_fits(&rq, chunk, level) &&
		    (!pt->pages_only || level == PTE_LAST_LEVEL)) {
			map_leaves(pt, slot, level, &rq);
		} else if (level == PTE_LAST_LEVEL) {
			return PGTABLE_ERR_EXISTS;
		} else {
			struct map_req sub = rq;
			uint64_t *next;
			int err = next_table(pt, slot, level, &next);

			sub.size = chunk;
			if (!err)
				err = map_range(pt, next, level + 1, sub);
			if (err)
				return err;
			rq.in += chunk;
			rq.out += chunk;
			rq.size -= chunk;
		}
	}
	return PGTABLE_OK;
}

static bool attrs_valid(enum pgtable_stage stage, enum pte_mem mem, unsigned perms)
{
	if (stage == PGTABLE_STAGE2)
		return pte_s2_attrs_valid(mem, perms);
	return pte_s1_attrs_valid(mem, perms);
}

static int check_map_args(const struct pgtable *pt, uint64_t in, uint64_t out, uint64_t size, enum pte_mem mem,
			  unsigned perms)
{
	if (!pt->root)
		return PGTABLE_ERR_INVALID;
	if (size == 0)
		return PGTABLE_ERR_EMPTY;
	if (!is_aligned(in | out | size, PTE_GRANULE))
		return PGTABLE_ERR_ALIGN;
	if (!range_within(in, size, 0, BIT64(pt->input_bits)) || !range_within(out, size, 0, PGTABLE_OUT_LIMIT))
		return PGTABLE_ERR_RANGE;
	if (!attrs_valid(pt->stage, mem, perms))
		return PGTABLE_ERR_ATTRS;
	return PGTABLE_OK;
}

int pgtable_map(struct pgtable *pt, uint64_t in_addr, pa_t out, uint64_t size, enum pte_mem mem, unsigned perms)
{
	struct map_req rq = { in_addr, pa_val(out), size, mem, perms };
	int err = check_map_args(pt, in_addr, pa_val(out), size, mem, perms);

	if (err)
		return err;
	if (range_has_leaf(pt, pt->root, pt->geo.start_level, in_addr, size))
		return PGTABLE_ERR_EXISTS;
	return map_range(pt, pt->root, pt->geo.start_level, rq);
}

static bool level_in_tables(const struct pgtable *pt, unsigned level)
{
	return level >= pt->geo.start_level && level <= PTE_LAST_LEVEL;
}

int pgtable_reserve(struct pgtable *pt, uint64_t in_addr, uint64_t size, unsigned level)
{
	uint64_t span, table_span;
	int err;

	if (!pt->root || !level_in_tables(pt, level))
		return PGTABLE_ERR_INVALID;
	span = pte_level_size(level);
	if (size == 0)
		return PGTABLE_ERR_EMPTY;
	if (!is_aligned(in_addr | size, span))
		return PGTABLE_ERR_ALIGN;
	if (!range_within(in_addr, size, 0, BIT64(pt->input_bits)))
		return PGTABLE_ERR_RANGE;
	if (range_has_leaf(pt, pt->root, pt->geo.start_level, in_addr, size))
		return PGTABLE_ERR_EXISTS;
	/* One walk per table of `level` the range touches (each covers an entry of the level above),
	 * not one per entry: a partition's 1 GiB is one or two walks, not 512. */
	table_span = level > pt->geo.start_level ? pte_level_size(level - 1) : span;
	for (uint64_t a = in_addr, end = in_addr + size; a < end; a = align_down(a, table_span) + table_span) {
		uint64_t *table = pt->root;

		for (unsigned l = pt->geo.start_level; l < level; l++) {
			err = next_table(pt, &table[entry_index(pt, l, a)], l, &table);
			if (err)
				return err;
		}
	}
	return PGTABLE_OK;
}

/* The entry at `level` for in_addr, through existing tables only; NULL where one is missing. */
static uint64_t *existing_slot(const struct pgtable *pt, uint64_t in_addr, unsigned level)
{
	uint64_t *table = pt->root;

	for (unsigned l = pt->geo.start_level; l < level; l++) {
		uint64_t desc = table[entry_index(pt, l, in_addr)];

		if (!pte_is_table(desc, l))
			return NULL;
		table = table_of(pt, desc);
	}
	return &table[entry_index(pt, level, in_addr)];
}

int pgtable_set_leaf(struct pgtable *pt, uint64_t in_addr, pa_t out, unsigned level, enum pte_mem mem, unsigned perms)
{
	struct map_req rq = { in_addr, pa_val(out), 0, mem, perms };
	uint64_t *slot;
	int err;

	if (!pt->root || !level_in_tables(pt, level) || !pte_level_has_leaves(level) ||
	    (pt->pages_only && level != PTE_LAST_LEVEL))
		return PGTABLE_ERR_INVALID;
	rq.size = pte_level_size(level);
	err = check_map_args(pt, in_addr, pa_val(out), rq.size, mem, perms);
	if (err)
		return err;
	if (!is_aligned(in_addr | pa_val(out), rq.size))
		return PGTABLE_ERR_ALIGN;
	slot = existing_slot(pt, in_addr, level);
	if (!slot)
		return PGTABLE_ERR_NOT_MAPPED;
	if (pte_is_valid(*slot))
		return PGTABLE_ERR_EXISTS;
	/* One store: a walker on another CPU sees the old invalid entry or the whole new one. */
	__atomic_store_n(slot, make_leaf(pt, &rq, level), __ATOMIC_RELAXED);
	return PGTABLE_OK;
}

/* The entry at `level` for in_addr, through existing tables: NULL with *err set when the table
 * is missing (PGTABLE_ERR_NOT_MAPPED), the level is not in the tables or in_addr beyond them. */
static uint64_t *checked_slot(const struct pgtable *pt, uint64_t in_addr, unsigned level, int *err)
{
	uint64_t *slot;

	*err = PGTABLE_OK;
	if (!pt->root || !level_in_tables(pt, level)) {
		*err = PGTABLE_ERR_INVALID;
		return NULL;
	}
	if (in_addr >= BIT64(pt->input_bits)) {
		*err = PGTABLE_ERR_RANGE;
		return NULL;
	}
	slot = existing_slot(pt, in_addr, level);
	if (!slot)
		*err = PGTABLE_ERR_NOT_MAPPED;
	return slot;
}

int pgtable_clear_leaf(struct pgtable *pt, uint64_t in_addr, unsigned level)
{
	int err;
	uint64_t *slot = checked_slot(pt, in_addr, level, &err);

	if (!slot)
		return err;
	if (pte_is_valid(*slot) && !pte_is_leaf(*slot, level))
		return PGTABLE_ERR_BAD_DESC;
	__atomic_store_n(slot, 0, __ATOMIC_RELAXED);
	return PGTABLE_OK;
}

int pgtable_add_spares(struct pgtable *pt, unsigned n)
{
	uint64_t *block;
	pa_t block_pa;
	int err;

	if (!pt->root || pt->spare_block || !n || n > PGTABLE_MAX_ROOT_PAGES || (n & (n - 1)))
		return PGTABLE_ERR_INVALID;
	/* One allocation, not n: the heap's aligned allocations cost ~2,000 instructions each. */
	err = alloc_tables(pt, n, false, &block, &block_pa);
	if (err)
		return err;
	pt->spare_block = block;
	pt->spare_block_pa = block_pa;
	pt->spare_pages = n;
	for (unsigned i = n; i-- > 0;) {
		block[i * PTE_ENTRIES_PER_TABLE] = pa_val(pt->spare_head);
		pt->spare_head = pa(pa_val(block_pa) + i * PTE_GRANULE);
		pt->n_spares++;
	}
	return PGTABLE_OK;
}

/* One of the spares (attached or not): freed with their block, not on its own. */
static bool is_spare(const struct pgtable *pt, pa_t table_pa)
{
	return pt->spare_block && range_within(pa_val(table_pa), PTE_GRANULE, pa_val(pt->spare_block_pa),
					       (uint64_t)pt->spare_pages * PTE_GRANULE);
}

int pgtable_attach_spare(struct pgtable *pt, uint64_t in_addr)
{
	int err;
	uint64_t *slot = checked_slot(pt, in_addr, PTE_LAST_LEVEL - 1, &err), *table;
	pa_t table_pa;

	if (!slot)
		return err;
	if (pte_is_valid(*slot))
		return PGTABLE_ERR_EXISTS;
	if (!pt->n_spares)
		return PGTABLE_ERR_NOMEM;
	table_pa = pt->spare_head;
	table = pt->alloc->table_ptr(pt->alloc->ctx, table_pa);
	pt->spare_head = pa(table[0]);
	pt->n_spares--;
	/* Zeroed only now: a detached table may have been walked until the caller's TLB maintenance. */
	memset(table, 0, PTE_GRANULE);
	/* One store, after the zeros: a walker sees the invalid entry or a table of invalid pages. */
	__atomic_store_n(slot, pte_table(table_pa), __ATOMIC_RELEASE);
	return PGTABLE_OK;
}

int pgtable_detach_to_spare(struct pgtable *pt, uint64_t in_addr)
{
	int err;
	uint64_t *slot = checked_slot(pt, in_addr, PTE_LAST_LEVEL - 1, &err), *table;
	uint64_t desc;

	if (!slot)
		return err;
	desc = *slot;
	if (!pte_is_table(desc, PTE_LAST_LEVEL - 1))
		return PGTABLE_ERR_BAD_DESC;
	__atomic_store_n(slot, 0, __ATOMIC_RELAXED);
	/* Entry 0 holds the list link from now on: a 4 KiB aligned PA, bit 0 clear, so a walker that
	 * still reaches the table before the caller's TLB maintenance reads an invalid entry there. */
	table = table_of(pt, desc);
	table[0] = pa_val(pt->spare_head);
	pt->spare_head = pte_addr(desc);
	pt->n_spares++;
	return PGTABLE_OK;
}

static int describe_leaf(const struct pgtable *pt, uint64_t desc, unsigned level, uint64_t in_addr,
			 struct pgtable_mapping *m)
{
	uint64_t size = pte_level_size(level);
	bool known = pt->stage == PGTABLE_STAGE2 ? pte_s2_decode(desc, &m->mem, &m->perms)
						 : pte_s1_decode(desc, &m->mem, &m->perms);

	if (!known)
		return PGTABLE_ERR_BAD_DESC;
	m->out = pa(align_down(pa_val(pte_addr(desc)), size) | (in_addr & (size - 1)));
	m->level = level;
	m->size = size;
	m->desc = desc;
	return PGTABLE_OK;
}

int pgtable_lookup(const struct pgtable *pt, uint64_t in_addr, struct pgtable_mapping *m)
{
	const uint64_t *table = pt->root;
	unsigned level;

	if (!table)
		return PGTABLE_ERR_INVALID;
	if (in_addr >= BIT64(pt->input_bits))
		return PGTABLE_ERR_RANGE;
	for (level = pt->geo.start_level; level <= PTE_LAST_LEVEL; level++) {
		uint64_t desc = table[entry_index(pt, level, in_addr)];

		if (!pte_is_valid(desc))
			return PGTABLE_ERR_NOT_MAPPED;
		if (pte_is_leaf(desc, level))
			return describe_leaf(pt, desc, level, in_addr, m);
		if (!pte_is_table(desc, level))
			break; /* a block at level 0, or a reserved level-3 encoding */
		table = table_of(pt, desc);
	}
	return PGTABLE_ERR_BAD_DESC;
}

size_t pgtable_count_tables(const struct pgtable *pt)
{
	return pt->table_pages;
}

pa_t pgtable_root_pa(const struct pgtable *pt)
{
	return pt->root_pa;
}

static void free_tables(struct pgtable *pt, uint64_t *table, pa_t table_pa, unsigned level, unsigned pages)
{
	size_t i;

	for (i = 0; level < PTE_LAST_LEVEL && i < entries_at(pt, level); i++) {
		uint64_t desc = table[i];

		if (pte_is_table(desc, level) && !is_spare(pt, pte_addr(desc)))
			free_tables(pt, table_of(pt, desc), pte_addr(desc), level + 1, 1);
	}
	pt->alloc->free_pages(pt->alloc->ctx, table, table_pa, pages);
}

void pgtable_destroy(struct pgtable *pt)
{
	if (pt->root)
		free_tables(pt, pt->root, pt->root_pa, pt->geo.start_level, pt->geo.root_pages);
	if (pt->spare_block)
		pt->alloc->free_pages(pt->alloc->ctx, pt->spare_block, pt->spare_block_pa, pt->spare_pages);
	memset(pt, 0, sizeof(*pt));
}

const char *pgtable_strerror(int status)
{
	switch (status) {
	case PGTABLE_OK:
		return "ok";
	case PGTABLE_ERR_INVALID:
		return "invalid stage, input size or allocator";
	case PGTABLE_ERR_ALIGN:
		return "address or size not 4 KiB aligned";
	case PGTABLE_ERR_EMPTY:
		return "size is zero";
	case PGTABLE_ERR_RANGE:
		return "range beyond the input or output address size";
	case PGTABLE_ERR_EXISTS:
		return "overlaps an existing mapping";
	case PGTABLE_ERR_ATTRS:
		return "memory type or permissions not allowed for this stage";
	case PGTABLE_ERR_NOMEM:
		return "out of memory for translation tables";
	case PGTABLE_ERR_ALLOCATOR:
		return "allocator returned a misaligned or out-of-range table";
	case PGTABLE_ERR_NOT_MAPPED:
		return "address not mapped";
	case PGTABLE_ERR_BAD_DESC:
		return "unexpected descriptor in translation table";
	}
	return "unknown page-table error";
}
