/* The hypervisor's own EL2 stage-1 translation: an identity map, W^X (core/mm/hyp_map.c), built
 * with the same table builder as the partitions' stage 2.
 *
 * Two steps. Before the device tree is parsed, early_mmu_enable() builds a coarse map into a
 * static pool: the image by sections (text RX, rodata R, the rest RW XN), the rest of the
 * gigabytes holding the image and the DTB Normal RW XN, everything else below 512 GiB Device XN
 * (the UART, wherever it is). C code, libfdt and picolibc need cacheable Normal memory: the
 * MMU-off default treats everything as Device, where unaligned accesses fault. After discovery,
 * mmu_map_platform() builds the refined map on the heap, with the board's RAM as Normal, and
 * switches to it. SCTLR_EL2.WXN makes any writable page execute-never on top.
 *
 * The same coarse map serves at EL1: if the boot loader entered us at EL1 the hypervisor only
 * prints why it cannot run, and needs working memory for that too. */
#include <stdint.h>

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/image.h"
#include "arch/arm64/mm/heap_brk.h"
#include "arch/arm64/mm/heap_pages.h"
#include "arch/arm64/mm/mmu.h"
#include "core/base/addr.h"
#include "core/base/bitfield.h"
#include "core/hw/vtcr.h"
#include "core/mm/hyp_map.h"

#define TCR_EL1_EPD1 BIT64(23)
#define TCR_EL1_TG1 GENMASK64(31, 30)
#define TCR_EL1_TG1_4K 2
#define TCR_EL1_IPS GENMASK64(34, 32)
#define SCTLR_EL1_M BIT64(0)
#define SCTLR_EL1_C BIT64(2)
#define SCTLR_EL1_I BIT64(12)

/* The identity map covers the first 512 GiB: one level-0 entry (discovery leaves RAM past it out). */
#define MAP_LIMIT HYP_MAP_VA_LIMIT
#define SCTLR_EL2_ON (SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_I | SCTLR_EL2_SA | SCTLR_EL2_WXN)

/* Tables of the coarse map, filled with the MMU off: a root, a level-1 table, a level-2 table per
 * special gigabyte and a few level-3 tables at the image's section boundaries, taken from the start
 * of the heap region (heap_brk.c), [early_tables, early_tables_end). */
static uint64_t early_tables, early_tables_end;

static void *early_pages(void *ctx, unsigned pages, pa_t *out)
{
	void *p;

	(void)ctx;
	if (pages != 1 || !(p = heap_early_page()))
		return NULL;
	if (!early_tables)
		early_tables = (uint64_t)p;
	early_tables_end = (uint64_t)p + SZ_4K;
	*out = pa((uint64_t)p);
	return p;
}

static void early_free(void *ctx, void *ptr, pa_t unused, unsigned pages)
{
	(void)ctx;
	(void)ptr;
	(void)unused;
	(void)pages;
}

static void *identity_ptr(void *ctx, pa_t a)
{
	(void)ctx;
	return (void *)pa_val(a);
}

static const struct pgtable_alloc early_alloc = { early_pages, early_free, identity_ptr, NULL };

static struct pgtable early_pt, final_pt;

/* Read by secondaries with their MMU off: cleaned to the point of coherency after writing. */
static struct {
	uint64_t ttbr, tcr, mair;
} mmu_regs __attribute__((aligned(64)));

static void cache_op_range(const void *p, uint64_t len, bool invalidate)
{
	for (uint64_t a = align_down((uint64_t)p, 64); a < (uint64_t)p + len; a += 64) {
		if (invalidate)
			__asm__ volatile("dc ivac, %0" : : "r"(a) : "memory");
		else
			__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	}
	dsb_sy();
}

static struct hyp_image_layout image_layout(void)
{
	return (struct hyp_image_layout){ (uint64_t)__image_start, (uint64_t)__text_end, (uint64_t)__rodata_end,
					  (uint64_t)__image_end };
}

/* A failed map leaves no console to report on (early) or a half-built one: stop here. */
static void must(int status)
{
	if (status != PGTABLE_OK)
		cpu_halt();
}

/* This CPU's EL2 translation on, with the tables in mmu_regs; the caller synchronises after. */
static void el2_mmu_on(void)
{
	write_mair_el2(mmu_regs.mair);
	write_tcr_el2(mmu_regs.tcr);
	write_ttbr0_el2(mmu_regs.ttbr);
	isb();
	__asm__ volatile("tlbi alle2\n\tdsb ish" : : : "memory");
	isb();
	write_sctlr_el2(SCTLR_EL2_ON);
}

/* Runs with the MMU off: aligned accesses only (-mstrict-align; picolibc's memset stores bytes). */
void early_mmu_enable(const void *fdt, unsigned el)
{
	struct hyp_map_range special[2] = {
		{ align_down((uint64_t)__image_start, SZ_1G), SZ_1G },
		{ align_down((uint64_t)fdt, SZ_1G), SZ_1G },
	};
	struct hyp_map_layout layout = { image_layout(), special, 2, MAP_LIMIT };
	uint64_t tcr;

	must(pgtable_init(&early_pt, PGTABLE_STAGE1_EL2, PGTABLE_EL2_VA_BITS, &early_alloc));
	must(hyp_map_build(&early_pt, &layout));
	must(tcr_el2_compute(read_id_aa64mmfr0_el1(), &tcr) == VTCR_OK ? PGTABLE_OK : PGTABLE_ERR_INVALID);
	mmu_regs.ttbr = pa_val(pgtable_root_pa(&early_pt));
	mmu_regs.mair = MAIR_EL2_VALUE;
	mmu_regs.tcr = tcr;
	/* The tables were written to memory past any cache; drop stale lines a boot loader may
	 * have left for these addresses, so the walker and later reads see what was written. */
	cache_op_range((const void *)early_tables, early_tables_end - early_tables, true);

	if (el == 2) {
		el2_mmu_on();
	} else {
		/* TCR_EL1 shares T0SZ..TG0 with TCR_EL2; PS moves to IPS. EL2-format leaves read the
		 * same at EL1 for this purpose: writable ones are EL1 execute-never (EL0 can write). */
		write_mair_el1(mmu_regs.mair);
		write_tcr_el1((mmu_regs.tcr & GENMASK64(15, 0)) | TCR_EL1_EPD1 |
			      FIELD_PREP(TCR_EL1_TG1, TCR_EL1_TG1_4K) |
			      FIELD_PREP(TCR_EL1_IPS, FIELD_GET(TCR_EL2_PS, mmu_regs.tcr)));
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
	el2_mmu_on();
	isb();
}

/* Replace the live map. The same addresses change type (Device to Normal for RAM found in the DT),
 * which must never be visible through two TLB entries at once: the MMU goes off for the switch,
 * in one asm block that touches no memory, and the TLB is emptied before it comes back on. */
static void switch_tables(uint64_t ttbr)
{
	uint64_t sctlr = read_sctlr_el2();

	__asm__ volatile("dsb ish\n\t"
			 "msr sctlr_el2, %1\n\t"
			 "isb\n\t"
			 "msr ttbr0_el2, %0\n\t"
			 "isb\n\t"
			 "tlbi alle2\n\t"
			 "dsb ish\n\t"
			 "isb\n\t"
			 "msr sctlr_el2, %2\n\t"
			 "isb"
			 :
			 : "r"(ttbr), "r"(sctlr & ~SCTLR_EL2_M), "r"(sctlr)
			 : "memory");
}

/* The refined map: the board's RAM Normal, everything else below 512 GiB Device. Before any
 * secondary starts (they read mmu_regs with their MMU off). */
void mmu_map_platform(const struct platform *plat)
{
	struct hyp_map_range ram[HYP_MAP_MAX_RAM];
	struct hyp_map_layout layout = { image_layout(), ram, 0, MAP_LIMIT };

	for (size_t i = 0; i < plat->n_mem && layout.n_ram < HYP_MAP_MAX_RAM; i++)
		ram[layout.n_ram++] = (struct hyp_map_range){ plat->mem[i].base, plat->mem[i].size };
	must(pgtable_init(&final_pt, PGTABLE_STAGE1_EL2, PGTABLE_EL2_VA_BITS, &heap_page_alloc));
	must(hyp_map_build(&final_pt, &layout));
	mmu_regs.ttbr = pa_val(pgtable_root_pa(&final_pt));
	cache_op_range(&mmu_regs, sizeof(mmu_regs), false);
	switch_tables(mmu_regs.ttbr);
}
