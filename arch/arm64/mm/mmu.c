/* The hypervisor's own EL2 stage-1 translation: an identity map, so hypervisor virtual ==
 * physical for RAM and devices alike.
 *
 * Two steps. Before the device tree is parsed, early_mmu_enable() maps all of the first 512 GiB
 * as Device memory in 1 GiB blocks, except the gigabytes holding the image and the DTB, which are
 * Normal write-back: C code, libfdt and picolibc need cacheable Normal memory (the MMU-off
 * default treats everything as Device, where unaligned accesses fault). After discovery,
 * mmu_map_platform() makes every gigabyte that holds RAM Normal.
 *
 * The same routine can run at EL1: if the boot loader entered us at EL1 the hypervisor only
 * prints why it cannot run, and needs working memory for that too. */
#include <stdint.h>

#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/image.h"
#include "arch/arm64/mm/mmu.h"
#include "core/base/addr.h"
#include "core/base/bitfield.h"

/* Block and table descriptors (Arm ARM D8.3). */
#define DESC_VALID BIT64(0)
#define DESC_TABLE BIT64(1) /* at levels 0-2: next-level table */
#define DESC_ATTRINDX GENMASK64(4, 2)
#define DESC_AP GENMASK64(7, 6)
/* Read/write for the regime's privileged level. At EL2 AP[1] is RES1, so 0b01. At EL1 0b01 would
 * also grant EL0 write access, and the architecture then makes the memory privileged
 * execute-never, so EL1 uses 0b00. */
#define AP_RW_EL2 1
#define AP_RW_EL1 0
#define DESC_SH GENMASK64(9, 8)
#define DESC_AF BIT64(10)
#define DESC_PXN BIT64(53)
#define DESC_XN BIT64(54)
#define DESC_L1_OA GENMASK64(47, 30)
#define DESC_TABLE_ADDR GENMASK64(47, 12)

#define SH_INNER 3
#define MAIR_IDX_DEVICE 0 /* Device-nGnRE */
#define MAIR_IDX_NORMAL 1 /* Normal, inner/outer write-back, read/write-allocate */
#define MAIR_VALUE (UINT64_C(0x04) | (UINT64_C(0xff) << 8))

/* TCR_EL2 (non-VHE) and TCR_EL1 */
#define TCR_T0SZ GENMASK64(5, 0)
#define TCR_IRGN0 GENMASK64(9, 8)
#define TCR_ORGN0 GENMASK64(11, 10)
#define TCR_SH0 GENMASK64(13, 12)
#define TCR_TG0 GENMASK64(15, 14)
#define TCR_EL2_PS GENMASK64(18, 16)
#define TCR_EL2_RES1 (BIT64(31) | BIT64(23))
#define TCR_EL1_EPD1 BIT64(23)
#define TCR_EL1_TG1 GENMASK64(31, 30)
#define TCR_EL1_IPS GENMASK64(34, 32)
#define TCR_WBWA 1
#define ID_AA64MMFR0_PARANGE GENMASK64(3, 0)

#define SCTLR_EL1_M BIT64(0)
#define SCTLR_EL1_C BIT64(2)
#define SCTLR_EL1_I BIT64(12)

#define VA_BITS 48
#define GIB_ENTRIES 512

static uint64_t l0_table[512] __attribute__((aligned(4096)));
static uint64_t l1_table[512] __attribute__((aligned(4096)));

/* Read by secondaries with their MMU off: cleaned to the point of coherency after writing. */
static struct {
	uint64_t ttbr, tcr, mair;
} mmu_regs __attribute__((aligned(64)));

static unsigned map_el = 2;

static uint64_t gib_block(uint64_t gib, bool normal)
{
	uint64_t d = DESC_VALID | FIELD_PREP(DESC_AP, map_el == 2 ? AP_RW_EL2 : AP_RW_EL1) | DESC_AF |
		     ((gib << 30) & DESC_L1_OA);

	if (normal)
		return d | FIELD_PREP(DESC_ATTRINDX, MAIR_IDX_NORMAL) | FIELD_PREP(DESC_SH, SH_INNER);
	return d | FIELD_PREP(DESC_ATTRINDX, MAIR_IDX_DEVICE) | DESC_XN | DESC_PXN;
}

static void clean_to_poc(const void *p, uint64_t len)
{
	for (uint64_t a = align_down((uint64_t)p, 64); a < (uint64_t)p + len; a += 64)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb_sy();
}

static unsigned pa_range_code(void)
{
	unsigned pr = (unsigned)FIELD_GET(ID_AA64MMFR0_PARANGE, read_id_aa64mmfr0_el1());

	return pr > 5 ? 5 : pr; /* 52-bit output needs LPA descriptors we do not use */
}

/* Runs with the MMU off: plain aligned stores only, no library calls. */
void early_mmu_enable(const void *fdt, unsigned el)
{
	uint64_t image_gib = (uint64_t)__image_start >> 30;
	uint64_t fdt_gib = (uint64_t)fdt >> 30;
	unsigned pr = pa_range_code();

	map_el = el;
	for (uint64_t i = 0; i < GIB_ENTRIES; i++)
		l1_table[i] = gib_block(i, i == image_gib || i == fdt_gib);
	l0_table[0] = DESC_VALID | DESC_TABLE | ((uint64_t)l1_table & DESC_TABLE_ADDR);

	mmu_regs.ttbr = (uint64_t)l0_table;
	mmu_regs.mair = MAIR_VALUE;
	mmu_regs.tcr = FIELD_PREP(TCR_T0SZ, 64 - VA_BITS) | FIELD_PREP(TCR_IRGN0, TCR_WBWA) |
		       FIELD_PREP(TCR_ORGN0, TCR_WBWA) | FIELD_PREP(TCR_SH0, SH_INNER) | FIELD_PREP(TCR_TG0, 0);
	dsb_sy();

	if (el == 2) {
		write_mair_el2(mmu_regs.mair);
		write_tcr_el2(mmu_regs.tcr | TCR_EL2_RES1 | ((uint64_t)pr << 16));
		write_ttbr0_el2(mmu_regs.ttbr);
		isb();
		__asm__ volatile("tlbi alle2\n\tdsb ish" : : : "memory");
		isb();
		write_sctlr_el2(SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_I | SCTLR_EL2_SA);
	} else {
		write_mair_el1(mmu_regs.mair);
		write_tcr_el1(mmu_regs.tcr | TCR_EL1_EPD1 | FIELD_PREP(TCR_EL1_TG1, 2) | ((uint64_t)pr << 32));
		write_ttbr0_el1(mmu_regs.ttbr);
		isb();
		__asm__ volatile("tlbi vmalle1\n\tdsb ish" : : : "memory");
		isb();
		write_sctlr_el1(read_sctlr_el1() | SCTLR_EL1_M | SCTLR_EL1_C | SCTLR_EL1_I);
	}
	isb();
}

/* Secondaries start with the MMU off and reuse the boot CPU's tables. */
void secondary_mmu_enable(void)
{
	write_mair_el2(mmu_regs.mair);
	write_tcr_el2(mmu_regs.tcr | TCR_EL2_RES1 | ((uint64_t)pa_range_code() << 16));
	write_ttbr0_el2(mmu_regs.ttbr);
	isb();
	__asm__ volatile("tlbi alle2\n\tdsb ish" : : : "memory");
	isb();
	write_sctlr_el2(SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_I | SCTLR_EL2_SA);
	isb();
}

static bool gib_has_ram(const struct platform *plat, uint64_t gib)
{
	for (size_t i = 0; i < plat->n_mem; i++)
		if (ranges_overlap(gib << 30, SZ_1G, plat->mem[i].base, plat->mem[i].size))
			return true;
	return false;
}

/* Make every gigabyte with RAM Normal memory. A live entry changes type only through an invalid
 * entry and a TLB invalidation (break-before-make), so no CPU ever holds both attributes. */
void mmu_map_platform(const struct platform *plat)
{
	bool changed = false;

	for (uint64_t i = 0; i < GIB_ENTRIES; i++) {
		uint64_t want = gib_block(i, gib_has_ram(plat, i));

		if (l1_table[i] != want) {
			l1_table[i] = 0;
			changed = true;
		}
	}
	if (!changed)
		return;
	__asm__ volatile("dsb ishst\n\ttlbi alle2is\n\tdsb ish\n\tisb" : : : "memory");
	for (uint64_t i = 0; i < GIB_ENTRIES; i++)
		if (l1_table[i] == 0)
			l1_table[i] = gib_block(i, gib_has_ram(plat, i));
	dsb_ish();
	isb();
	clean_to_poc(&mmu_regs, sizeof(mmu_regs));
	clean_to_poc(l1_table, sizeof(l1_table));
	clean_to_poc(l0_table, sizeof(l0_table));
}
