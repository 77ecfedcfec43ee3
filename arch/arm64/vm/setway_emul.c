/* DC ISW/CSW/CISW from a guest (trapped by HCR_EL2.TSW). Done as the guest asked, by set and way,
 * it would clean or invalidate whatever line occupies that slot of a shared cache: another
 * partition's or the hypervisor's. Instead, every line of the partition's own memory that indexes
 * the named set is cleaned and invalidated by address (core/mm/setway.c): the guest's own data
 * reaches memory exactly as with its walk, nobody else's line is touched, and an invalidate-only
 * ISW is upgraded to clean and invalidate so that nothing is ever lost. The work per operation is
 * bounded by the partition's memory size divided by the cache's way size, and is done on the
 * guest's own CPU. Partition memory is identity-mapped at EL2 (VA == PA). */
#include "arch/arm64/vm/setway_emul.h"

#include "core/base/bitfield.h"
#include "core/mm/setway.h"

#define CLIDR_CTYPE_BITS 3
#define CLIDR_CTYPE_DATA 2 /* 2 data only, 3 separate I and D, 4 unified: a data cache */
#define CLIDR_LEVELS 7
#define CSSELR_LEVEL GENMASK64(3, 1)
#define ID_AA64MMFR2_CCIDX GENMASK64(23, 20)
#define CTR_DMINLINE GENMASK64(19, 16) /* log2(words) of the smallest data cache line */

static void clean_invalidate_line(void *ctx, uint64_t addr)
{
	(void)ctx;
	__asm__ volatile("dc civac, %0" : : "r"(addr) : "memory");
}

static void clean_invalidate_range(uint64_t base, uint64_t size)
{
	uint64_t ctr, line;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4ull << FIELD_GET(CTR_DMINLINE, ctr);
	for (uint64_t a = base & ~(line - 1); a < base + size; a += line)
		clean_invalidate_line(NULL, a);
}

/* CCSIDR_EL1 of data cache `level`; CSSELR_EL1 is the guest's, so it is put back. */
static uint64_t data_cache_geometry(unsigned level)
{
	uint64_t saved, ccsidr;

	__asm__ volatile("mrs %0, csselr_el1\n\t"
			 "msr csselr_el1, %2\n\t"
			 "isb\n\t"
			 "mrs %1, ccsidr_el1\n\t"
			 "msr csselr_el1, %0\n\t"
			 "isb"
			 : "=&r"(saved), "=&r"(ccsidr)
			 : "r"(FIELD_PREP(CSSELR_LEVEL, level))
			 : "memory");
	return ccsidr;
}

void setway_emulate(const struct partition_rt *p, uint64_t operand)
{
	unsigned level = (unsigned)FIELD_GET(SETWAY_LEVEL, operand);
	uint64_t clidr, mmfr2;
	struct setway_op op;

	__asm__ volatile("mrs %0, clidr_el1\n\tmrs %1, id_aa64mmfr2_el1" : "=r"(clidr), "=r"(mmfr2));
	if (level >= CLIDR_LEVELS || ((clidr >> (CLIDR_CTYPE_BITS * level)) & 7) < CLIDR_CTYPE_DATA)
		return; /* no data cache at that level: the operation does nothing */
	if (FIELD_GET(ID_AA64MMFR2_CCIDX, mmfr2)) {
		/* CCSIDR_EL1 has another layout with FEAT_CCIDX: clean the whole of the partition's
		 * memory once per walk, on its first slot. */
		if ((operand & ~(uint64_t)SETWAY_LEVEL) == 0)
			for (unsigned i = 0; i < p->spec.n_mem; i++)
				clean_invalidate_range(p->spec.mem[i].pa, p->spec.mem[i].size);
		__asm__ volatile("dsb sy" : : : "memory");
		return;
	}
	op = setway_decode(operand, data_cache_geometry(level));
	for (unsigned i = 0; i < p->spec.n_mem; i++)
		setway_lines_in_range(&op, p->spec.mem[i].pa, p->spec.mem[i].size, clean_invalidate_line, NULL);
	__asm__ volatile("dsb sy" : : : "memory");
}
