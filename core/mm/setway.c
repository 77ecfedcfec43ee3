/* Set/way operations turned into by-address maintenance of one address range. */
#include "core/mm/setway.h"

#include "core/base/bitfield.h"

/* ceil(log2(n)) for n >= 1: the width of the way field. */
static unsigned ceil_log2(uint32_t n)
{
	unsigned bits = 0;

	while ((1ull << bits) < n)
		bits++;
	return bits;
}

struct setway_op setway_decode(uint64_t operand, uint64_t ccsidr)
{
	struct setway_op op;
	uint32_t ways = (uint32_t)FIELD_GET(CCSIDR_ASSOCIATIVITY, ccsidr) + 1;
	unsigned way_bits = ceil_log2(ways);

	op.level = (unsigned)FIELD_GET(SETWAY_LEVEL, operand);
	op.line_shift = (unsigned)FIELD_GET(CCSIDR_LINESIZE, ccsidr) + 4;
	op.n_sets = (uint32_t)FIELD_GET(CCSIDR_NUMSETS, ccsidr) + 1;
	op.set = (uint32_t)(operand >> op.line_shift) & (op.n_sets - 1);
	op.way = way_bits ? (uint32_t)((operand & 0xffffffffu) >> (32 - way_bits)) : 0;
	return op;
}

uint64_t setway_lines_in_range(const struct setway_op *op, uint64_t base, uint64_t size,
			       void (*line)(void *ctx, uint64_t addr), void *ctx)
{
	uint64_t line_bytes = 1ull << op->line_shift;
	/* n_sets is a power of two for every cache the architecture allows set/way on. */
	uint64_t stride = (uint64_t)op->n_sets << op->line_shift;
	uint64_t first, last, n = 0;

	if (op->way != 0 || size == 0)
		return 0;
	last = base + (size - 1);
	if (last < base)
		return 0; /* wraps around the address space: no such memory */
	first = (base & ~(stride - 1)) + ((uint64_t)op->set << op->line_shift);
	if (first + line_bytes <= base) {
		if (first > UINT64_MAX - stride)
			return 0;
		first += stride;
	}
	for (uint64_t a = first; a >= first && a <= last; a += stride) {
		line(ctx, a);
		n++;
	}
	return n;
}
