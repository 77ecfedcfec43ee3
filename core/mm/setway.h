/* Set/way cache maintenance done by address (setway.c): a guest's DC ISW/CSW/CISW names a line
 * of a shared cache that may hold any partition's data; bulkhead performs it instead as clean and
 * invalidate by address over the lines of the guest's own memory that index the same set, so
 * no other partition's line is ever touched. Pure functions. */
#ifndef BULKHEAD_CORE_SETWAY_H
#define BULKHEAD_CORE_SETWAY_H

#include <stdbool.h>
#include <stdint.h>

/* CCSIDR_EL1 without FEAT_CCIDX (Arm ARM D23.2.28). */
#define CCSIDR_LINESIZE GENMASK64(2, 0)       /* log2(bytes per line) - 4 */
#define CCSIDR_ASSOCIATIVITY GENMASK64(12, 3) /* ways - 1 */
#define CCSIDR_NUMSETS GENMASK64(27, 13)      /* sets - 1 */
/* The operand of DC ISW/CSW/CISW: Level [3:1] (level - 1), then the set from bit log2(line
 * bytes), the way in the top log2(ways) bits of [31:0]. */
#define SETWAY_LEVEL GENMASK64(3, 1)

struct setway_op {
	unsigned level;      /* 0-based, as in the operand */
	unsigned line_shift; /* log2(bytes per line) */
	uint32_t n_sets;
	uint32_t set;
	uint32_t way;
};

/* Decodes `operand` against the CCSIDR_EL1 of its level. */
struct setway_op setway_decode(uint64_t operand, uint64_t ccsidr);

/* A physically indexed cache of op's geometry: the lines of [base, base + size) in op's set, in
 * ascending order, passed to `line`; returns how many. Only way 0 walks the range (one by-address
 * clean covers every way of a set); other ways return 0. */
uint64_t setway_lines_in_range(const struct setway_op *op, uint64_t base, uint64_t size,
			       void (*line)(void *ctx, uint64_t addr), void *ctx);

#endif
