#include "mmu.h"

#include <string.h>

/* 4 KiB granule. The virtual address space is sized to the CPU's physical one (identity map),
 * between 39 bits (one level-1 table as the root) and 44 bits (a level-0 root with 32
 * level-1 tables: cortex-a57's PARange). Gigabytes that hold RAM only in part get a level-2
 * table of 2 MiB blocks. */
#define GIB (UINT64_C(1) << 30)
#define MIB2 (UINT64_C(1) << 21)
#define ENTRIES 512
#define VA_BITS_MIN 39
#define VA_BITS_MAX 44
#define MAX_L1 (1u << (VA_BITS_MAX - VA_BITS_MIN))
#define MAX_L2 16

typedef uint64_t table_t[ENTRIES];

static table_t l0 __attribute__((aligned(4096)));
static table_t l1[MAX_L1] __attribute__((aligned(4096)));
static table_t l2[MAX_L2] __attribute__((aligned(4096)));
table_t rt_boot_l1 __attribute__((aligned(4096))); /* filled by start.S */

struct rt_mmu_params rt_mmu_params;
struct rt_mmu_params rt_boot_mmu_params;

static unsigned pa_bits;

uint64_t mmu_block(uint64_t pa, int normal)
{
	return pa | (normal ? RT_PTE_NORMAL_BLOCK : RT_PTE_DEVICE_BLOCK);
}

uint64_t mmu_table(uint64_t pa)
{
	return pa | RT_PTE_TABLE;
}

unsigned mmu_pa_bits(void)
{
	return pa_bits;
}

static unsigned parange_bits(unsigned parange)
{
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48 };

	return parange < sizeof(bits) / sizeof(bits[0]) ? bits[parange] : 48;
}

/* Does [base, base + size) meet any RAM range? */
static int touches_ram(const struct rt_range *ram, unsigned n_ram, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < n_ram; i++)
		if (ram[i].base < base + size && base < ram[i].base + ram[i].size)
			return 1;
	return 0;
}

/* A 2 MiB chunk that holds any RAM is Normal as a whole: bulkhead's memory regions are 2 MiB
 * aligned, and a partial chunk would only add Normal mappings of addresses stage 2 rejects. */
static int fill_l1_entry(uint64_t *slot, uint64_t va, const struct rt_range *ram, unsigned n_ram, unsigned *l2_used)
{
	unsigned normal = 0;
	uint64_t *t;

	if (!touches_ram(ram, n_ram, va, GIB)) {
		*slot = mmu_block(va, 0);
		return 0;
	}
	for (uint64_t c = 0; c < GIB; c += MIB2)
		normal += (unsigned)touches_ram(ram, n_ram, va + c, MIB2);
	if (normal == 0 || normal == ENTRIES) {
		*slot = mmu_block(va, normal != 0);
		return 0;
	}
	if (*l2_used >= MAX_L2)
		return -1;
	t = l2[(*l2_used)++];
	for (unsigned i = 0; i < ENTRIES; i++) {
		uint64_t a = va + (uint64_t)i * MIB2;

		t[i] = mmu_block(a, touches_ram(ram, n_ram, a, MIB2));
	}
	*slot = mmu_table((uint64_t)(uintptr_t)t);
	return 0;
}

int mmu_build(const struct rt_range *ram, unsigned n_ram)
{
	uint64_t mmfr0, limit;
	unsigned parange, va_bits, n_l1, l2_used = 0;
	uint64_t root;

	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	parange = (unsigned)(mmfr0 & 0xf);
	if (parange > 5)
		parange = 5; /* no 52-bit (LPA) output addresses */
	pa_bits = parange_bits(parange);
	va_bits = pa_bits < VA_BITS_MIN ? VA_BITS_MIN : pa_bits > VA_BITS_MAX ? VA_BITS_MAX : pa_bits;
	limit = UINT64_C(1) << (pa_bits < va_bits ? pa_bits : va_bits);
	n_l1 = 1u << (va_bits - VA_BITS_MIN);

	memset(l0, 0, sizeof(l0));
	for (unsigned t = 0; t < n_l1; t++) {
		for (unsigned i = 0; i < ENTRIES; i++) {
			uint64_t va = ((uint64_t)t * ENTRIES + i) * GIB;

			if (va >= limit) {
				l1[t][i] = 0; /* beyond the output size: leave unmapped */
				continue;
			}
			if (fill_l1_entry(&l1[t][i], va, ram, n_ram, &l2_used))
				return -1;
		}
		l0[t] = mmu_table((uint64_t)(uintptr_t)l1[t]);
	}
	root = va_bits == VA_BITS_MIN ? (uint64_t)(uintptr_t)l1[0] : (uint64_t)(uintptr_t)l0;

	rt_mmu_params.mair = RT_MAIR_VALUE;
	rt_mmu_params.tcr = RT_TCR_BASE | (64 - va_bits) | ((uint64_t)parange << RT_TCR_IPS_SHIFT);
	rt_mmu_params.ttbr0 = root;
	rt_mmu_params.sctlr = RT_SCTLR_ON;
	return 0;
}

static void dcache_clean_range(const void *p, size_t size)
{
	uint64_t ctr, line;
	uintptr_t a = (uintptr_t)p, end = a + size;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = UINT64_C(4) << ((ctr >> 16) & 0xf);
	for (a &= ~(line - 1); a < end; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}

void mmu_activate(void)
{
	/* Tables were written through the cacheable map; the walker is coherent with it
	 * (TCR's walk attributes are write-back), but secondaries read rt_mmu_params with their
	 * MMU still off, i.e. from memory. */
	__asm__ volatile("dsb ishst" : : : "memory");
	rt_mmu_switch(&rt_mmu_params);
	dcache_clean_range(&rt_mmu_params, sizeof(rt_mmu_params));
}

void mmu_keep_boot_map(void)
{
	rt_mmu_params = rt_boot_mmu_params;
	dcache_clean_range(&rt_mmu_params, sizeof(rt_mmu_params));
}
