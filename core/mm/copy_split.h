/* How a copy splits for a loop that moves whole cache lines (arch/arm64/mm/cache.c's
 * mem_copy_to_poc, which cleans each line as soon as it is written): the bytes before the first
 * line boundary, whole turns of the loop, and the rest. Pure, so that the split is host-tested;
 * the loop itself is a few lines of assembly. */
#ifndef BULKHEAD_CORE_MM_COPY_SPLIT_H
#define BULKHEAD_CORE_MM_COPY_SPLIT_H

#include <stdbool.h>
#include <stdint.h>

/* The destination range [dst, dst + size) as head [dst, lo), body [lo, hi) and tail [hi, end). */
struct copy_split {
	uint64_t lo, hi;
};

/* A split of a copy of `size` bytes from `src` to `dst` for a loop that moves `turn` bytes (whole
 * lines of `line` bytes, both powers of two) from a line-aligned destination and an 8-byte
 * aligned source: lo is dst rounded up to a line, hi leaves the body a whole number of turns. False
 * (out untouched) when no whole turn fits or the source is not 8-byte aligned where the
 * destination is line aligned: the caller then copies and cleans the plain way. */
bool copy_split_lines(uint64_t dst, uint64_t src, uint64_t size, uint64_t line, uint64_t turn, struct copy_split *out);

#endif
