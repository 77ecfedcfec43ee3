/* probe: `setway` cleans and invalidates every data/unified cache level by set/way, the way a
 * boot loader flushes before turning caches off, and checks that data written just before
 * survives (bulkhead performs the walk by address over the partition's own memory). */
#include <stdint.h>

#include "hvc.h"
#include "probe.h"

#define CLIDR_CTYPE(clidr, level) (((clidr) >> (3 * (level))) & 7)
#define CTYPE_DATA 2 /* 2 data, 3 separate, 4 unified */
#define PATTERN_WORDS 512

static volatile uint64_t pattern[PATTERN_WORDS];

static unsigned ceil_log2(uint32_t n)
{
	unsigned bits = 0;

	while ((1u << bits) < n)
		bits++;
	return bits;
}

void probe_setway(const char *arg)
{
	uint64_t clidr, ops = 0, bad = 0;
	unsigned levels = 0;

	(void)arg;
	for (unsigned i = 0; i < PATTERN_WORDS; i++)
		pattern[i] = 0x5e7a5e7a00000000ull | i;
	__asm__ volatile("mrs %0, clidr_el1" : "=r"(clidr));
	for (unsigned level = 0; level < 7; level++) {
		uint64_t ccsidr;
		uint32_t ways, sets;
		unsigned line_shift, way_shift;

		if (CLIDR_CTYPE(clidr, level) < CTYPE_DATA)
			continue;
		__asm__ volatile("msr csselr_el1, %1\n\tisb\n\tmrs %0, ccsidr_el1"
				 : "=r"(ccsidr)
				 : "r"((uint64_t)level << 1));
		line_shift = (unsigned)(ccsidr & 7) + 4;
		ways = (uint32_t)((ccsidr >> 3) & 0x3ff) + 1;
		sets = (uint32_t)((ccsidr >> 13) & 0x7fff) + 1;
		way_shift = 32 - ceil_log2(ways);
		for (uint32_t way = 0; way < ways; way++)
			for (uint32_t set = 0; set < sets; set++) {
				uint64_t op = (way_shift < 32 ? (uint64_t)way << way_shift : 0) |
					      ((uint64_t)set << line_shift) | ((uint64_t)level << 1);

				__asm__ volatile("dc cisw, %0" : : "r"(op) : "memory");
				ops++;
			}
		levels++;
	}
	__asm__ volatile("dsb sy\n\tmsr csselr_el1, xzr\n\tisb" : : : "memory");
	for (unsigned i = 0; i < PATTERN_WORDS; i++)
		bad += pattern[i] != (0x5e7a5e7a00000000ull | i);
	if (bad)
		con_printf("probe: FAIL set/way walk: %lu of %d words changed\n", (unsigned long)bad, PATTERN_WORDS);
	else
		con_printf("probe: set/way walk of %u cache levels, %lu operations, data intact\n", levels,
			   (unsigned long)ops);
}
