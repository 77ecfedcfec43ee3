#include "arch/arm64/mm/cache.h"

#include <stdbool.h>

#include "arch/arm64/cpu/sysreg.h"
#include "core/base/addr.h"
#include "core/base/bitfield.h"
#include "core/base/mem_words.h"
#include "core/mm/copy_split.h"

#define CTR_DMINLINE GENMASK64(19, 16) /* log2 of the smallest D-cache line, in words */
#define DCZID_BS GENMASK64(3, 0)       /* log2 of the DC ZVA block, in words */
#define DCZID_DZP BIT64(4)             /* DC ZVA prohibited */

static uint64_t dcache_line(void)
{
	return UINT64_C(4) << FIELD_GET(CTR_DMINLINE, read_ctr_el0());
}

/* Each line of [p, p + size) cleaned (and invalidated) to the point of coherency. */
static void dcache_lines_to_poc(const void *p, uint64_t size, bool invalidate)
{
	uint64_t line = dcache_line();
	uint64_t end = (uint64_t)p + size;

	for (uint64_t a = align_down((uint64_t)p, line); a < end; a += line) {
		if (invalidate)
			__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
		else
			__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	}
	__asm__ volatile("dsb sy" : : : "memory");
}

void dcache_clean_poc(const void *p, uint64_t size)
{
	dcache_lines_to_poc(p, size, false);
}

void dcache_clean_inval_poc(const void *p, uint64_t size)
{
	dcache_lines_to_poc(p, size, true);
}

/* COPY_LINES lines of 64 bytes a turn: for each, four load pairs, four store pairs and a DC CVAC of
 * the line just written (DC takes no offset: `t` walks the lines of the turn). About ten
 * instructions a line against seventeen for a copy and then a second pass to clean: guest images
 * are most of what a partition's first touch of its memory costs. */
#define COPY_LINE 64u
#define COPY_LINES 4u
#define CLEAN_LINE_AT(off)                  \
	"	add %[t], %[d], #" off "\n" \
	"	dc cvac, %[t]\n"
#define COPY_ONE_LINE(off)                             \
	"	ldp %[a], %[b], [%[s], #" off "+0]\n"  \
	"	ldp %[c], %[e], [%[s], #" off "+16]\n" \
	"	ldp %[f], %[g], [%[s], #" off "+32]\n" \
	"	ldp %[h], %[i], [%[s], #" off "+48]\n" \
	"	stp %[a], %[b], [%[d], #" off "+0]\n"  \
	"	stp %[c], %[e], [%[d], #" off "+16]\n" \
	"	stp %[f], %[g], [%[d], #" off "+32]\n" \
	"	stp %[h], %[i], [%[d], #" off "+48]\n"

/* One turn: four lines, the first cleaned through d itself. */
#define COPY_TURN                                                                                                  \
	COPY_ONE_LINE("0")                                                                                         \
	"	dc cvac, %[d]\n" COPY_ONE_LINE("64") CLEAN_LINE_AT("64") COPY_ONE_LINE("128") CLEAN_LINE_AT("128") \
		COPY_ONE_LINE("192") CLEAN_LINE_AT("192")

/* [d, end) copied from s, COPY_LINES whole 64-byte lines a turn, each cleaned once written: d and
 * end line aligned, s 8-byte aligned (-mstrict-align: the image is), end - d a whole number of
 * turns. */
static void copy_lines_to_poc(uint64_t d, uint64_t s, uint64_t end)
{
	uint64_t a, b, c, e, f, g, h, i, t;

	__asm__ volatile("1:\n" COPY_TURN "	add %[s], %[s], #256\n"
			 "	add %[d], %[d], #256\n"
			 "	cmp %[d], %[end]\n"
			 "	b.lo 1b"
			 : [d] "+r"(d), [s] "+r"(s), [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c), [e] "=&r"(e),
			   [f] "=&r"(f), [g] "=&r"(g), [h] "=&r"(h), [i] "=&r"(i), [t] "=&r"(t)
			 : [end] "r"(end)
			 : "memory", "cc");
}

_Static_assert(COPY_LINE *COPY_LINES == 256, "copy_lines_to_poc's asm steps 256 bytes a turn");

void mem_copy_to_poc(void *dst, const void *src, uint64_t size)
{
	uint64_t d = (uint64_t)dst, s = (uint64_t)src, end = d + size;
	struct copy_split sp;

	/* The fused loop wants 64-byte lines (every Cortex-A; CTR_EL0 says) and a source that stays
	 * 8-byte aligned where the destination is line aligned; anything else copies, then cleans. */
	if (dcache_line() != COPY_LINE || !copy_split_lines(d, s, size, COPY_LINE, COPY_LINE * COPY_LINES, &sp)) {
		memcpy(dst, src, size);
		dcache_clean_poc(dst, size);
		return;
	}
	copy_lines_to_poc(sp.lo, s + (sp.lo - d), sp.hi);
	/* The partial lines at either end (and any whole lines short of a turn) the plain way. */
	memcpy(dst, src, sp.lo - d);
	memcpy((void *)sp.hi, (const void *)(s + (sp.hi - d)), end - sp.hi);
	if (sp.lo > d)
		dcache_clean_poc(dst, sp.lo - d); /* ends with the DSB that completes every clean above */
	dcache_clean_poc((const void *)sp.hi, end - sp.hi);
}

void icache_inval_all(void)
{
	__asm__ volatile("dsb ish\n\tic ialluis\n\tdsb ish\n\tisb" : : : "memory");
}

/* [a, end) (block aligned, whole blocks) zeroed by DC ZVA blocks, each cleaned to the point of
 * coherency right away while it is hot if `clean`; one pass, no loop over the range twice. For a
 * block that is not one cache line (zva_lines is the common case). */
static void zva_blocks(uint64_t a, uint64_t end, uint64_t block, uint64_t line, bool clean)
{
	for (; a < end; a += block) {
		__asm__ volatile("dc zva, %0" : : "r"(a) : "memory");
		for (uint64_t l = 0; clean && l < block; l += line)
			__asm__ volatile("dc cvac, %0" : : "r"(a + l) : "memory");
	}
}

/* ZVA_UNROLL lines per iteration: DC ZVA, then `clean_insn` (a DC CVAC or nothing), then the add
 * (DC takes no offset), for each line. */
#define ZVA_UNROLL 16
#define ZVA_LOOP(clean_insn)                                                 \
	__asm__ volatile("1:	.rept 16\n"                                     \
			 "	dc zva, %0\n" clean_insn "	add %0, %0, %2\n" \
			 "	.endr\n"                                          \
			 "	cmp %0, %1\n"                                     \
			 "	b.lo 1b"                                          \
			 : "+r"(a)                                           \
			 : "r"(unrolled), "r"(line)                          \
			 : "memory", "cc")

/* [a, end) (whole lines) where a DC ZVA block is one cache line, as on every Cortex-A: each line
 * zeroed (and cleaned right away if `clean`), ZVA_UNROLL per iteration. Three instructions a line
 * with the clean, two without, plus the compare and branch per iteration: the least zeroing by
 * address can cost, and partitions' memory is most of the boot's instructions. */
static void zva_lines(uint64_t a, uint64_t end, uint64_t line, bool clean)
{
	uint64_t unrolled = a + align_down(end - a, ZVA_UNROLL * line);

	if (a < unrolled && clean)
		ZVA_LOOP("	dc cvac, %0\n");
	else if (a < unrolled)
		ZVA_LOOP("");
	for (; a < end; a += line) {
		__asm__ volatile("dc zva, %0" : : "r"(a) : "memory");
		if (clean)
			__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	}
}

/* Plain stores: bytes up to 8-byte alignment, then words, then bytes. */
static void store_zeros(uint64_t a, uint64_t end)
{
	for (; a < end && !is_aligned(a, 8); a++)
		*(volatile uint8_t *)a = 0;
	for (; a < end && end - a >= 8; a += 8)
		*(volatile uint64_t *)a = 0;
	for (; a < end; a++)
		*(volatile uint8_t *)a = 0;
}

/* Zeros by DC ZVA (a whole block per instruction) where allowed and aligned, else stores. */
static void zero_range(uint64_t pa, uint64_t size, bool clean)
{
	uint64_t dczid = read_dczid_el0();
	uint64_t line = dcache_line();
	uint64_t block = UINT64_C(4) << FIELD_GET(DCZID_BS, dczid);
	uint64_t end = pa + size, lo, hi;

	if (size == 0)
		return;
	lo = (dczid & DCZID_DZP) ? end : align_up(pa, block);
	hi = (dczid & DCZID_DZP) ? end : align_down(end, block);
	if (lo >= hi || block < line) {
		lo = end; /* no whole block (or an odd CPU): plain stores for all of it */
		hi = end;
	}
	store_zeros(pa, lo);
	if (block == line)
		zva_lines(lo, hi, line, clean);
	else
		zva_blocks(lo, hi, block, line, clean);
	store_zeros(hi, end);
	__asm__ volatile("dsb sy" : : : "memory");
	if (clean && lo > pa)
		dcache_clean_poc((const void *)pa, lo - pa);
	if (clean && end > hi)
		dcache_clean_poc((const void *)hi, end - hi);
}

void mem_zero_to_poc(uint64_t pa, uint64_t size)
{
	zero_range(pa, size, true);
}

void mem_zero(uint64_t pa, uint64_t size)
{
	zero_range(pa, size, false);
}

/* Below this, bh_memset's stores cost less than zero_range()'s set-up and barrier. */
#define MEMSET_ZVA_MIN 1024u

/* The hypervisor's memset (and libfdt's and picolibc's: malloc clears every block it hands out,
 * and translation, ITS and SMMU tables are cleared too). Large zero fills go by DC ZVA, a cache
 * line an instruction instead of about one store pair, once the MMU is on: before, every access is
 * Device memory, where DC ZVA faults. Only at EL2: entered at EL1 by mistake, bulkhead still
 * allocates before it refuses to run, and SCTLR_EL2 is undefined there. Nothing clears device
 * registers with memset. */
static void *hyp_memset(void *dst, int c, size_t n)
{
	if (c == 0 && n >= MEMSET_ZVA_MIN && current_el() == 2 && (read_sctlr_el2() & SCTLR_EL2_M)) {
		zero_range((uint64_t)(uintptr_t)dst, n, false);
		return dst;
	}
	return bh_memset(dst, c, n);
}
extern __typeof(hyp_memset) memset __attribute__((alias("hyp_memset")));
