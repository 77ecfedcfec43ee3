#include "core/mm/copy_split.h"

#include "core/base/addr.h"

bool copy_split_lines(uint64_t dst, uint64_t src, uint64_t size, uint64_t line, uint64_t turn, struct copy_split *out)
{
	uint64_t end = dst + size, lo = align_up(dst, line), body;

	if (end < dst || lo < dst || lo >= end) /* wraps, or no line boundary inside */
		return false;
	body = align_down(end - lo, turn);
	if (!body || !is_aligned(src + (lo - dst), 8))
		return false;
	out->lo = lo;
	out->hi = lo + body;
	return true;
}
