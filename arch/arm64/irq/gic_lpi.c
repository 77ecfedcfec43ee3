/* LPIs at EL2: bulkhead's own LPI property table and one pending table per CPU, programmed into
 * every CPU's redistributor (GICR_PROPBASER, GICR_PENDBASER, then GICR_CTLR.EnableLPIs), so the
 * physical ITS can interrupt bulkhead with the LPIs it hands out for partitions' MSIs
 * (core/vdev/lpi_route.h). The tables come from bulkhead's heap, never from partition memory.
 *
 * Every LPI of bulkhead's range is enabled in the property table once, at GIC_PRIO_FORWARDED,
 * before any redistributor reads it: an LPI fires only once the ITS maps an event to it, so no
 * INV is ever needed. The range is LPI_ROUTE_MAX LPIs from 8192 (all of 8192-16383); the tables
 * cover INTIDs below 2^LPI_ID_BITS, which every GICv3 with LPIs implements (IDbits >= 14). */
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/irq/gic.h"
#include "core/base/log.h"
#include "drivers/irqchip/gicv3_its.h"
#include "core/vdev/lpi_route.h"
#include "core/vdev/vgicd.h"
#include "core/vdev/vgicr.h"
#include "core/vdev/vlpi.h"

#define LPI_ID_BITS 14u
#define PROP_BYTES ((1u << LPI_ID_BITS) - GIC_LPI_FIRST)
#define PEND_BYTES ((1u << LPI_ID_BITS) / 8)
#define PEND_ALIGN 0x10000u /* GICR_PENDBASER keeps PA[51:16] */

static uint8_t *prop_table;
static uint8_t *pend_tables; /* MAX_CPUS tables, PEND_ALIGN apart */
static bool lpis_ok;

_Static_assert(GIC_LPI_FIRST + LPI_ROUTE_MAX <= (1u << LPI_ID_BITS), "the LPI range fits the tables");

bool gic_lpi_init_boot(uint32_t gicd_typer)
{
	unsigned id_bits = (unsigned)FIELD_GET(GICD_TYPER_IDBITS, gicd_typer) + 1;

	if (!(gicd_typer & GICD_TYPER_LPIS) || id_bits < LPI_ID_BITS) {
		log_printf("gic: no LPIs (GICD_TYPER 0x%x): partitions get no MSIs\n", gicd_typer);
		return false;
	}
	prop_table = aligned_alloc(0x1000, PROP_BYTES);
	pend_tables = aligned_alloc(PEND_ALIGN, (size_t)MAX_CPUS * PEND_ALIGN);
	if (!prop_table || !pend_tables) {
		log_printf("gic: no memory for the LPI tables: partitions get no MSIs\n");
		return false;
	}
	/* One memset a table, not a store a byte: the range's entries enabled, any entry above the
	 * range disabled; of each CPU's PEND_ALIGN slot only its first PEND_BYTES are a pending table
	 * (GICR_PENDBASER.PTZ says they are zero), the rest is alignment the GIC never reads. */
	memset(prop_table, (int)(FIELD_PREP(LPI_PROP_PRIORITY, GIC_PRIO_FORWARDED >> 2) | LPI_PROP_ENABLE),
	       LPI_ROUTE_MAX);
	memset(prop_table + LPI_ROUTE_MAX, 0, PROP_BYTES - LPI_ROUTE_MAX);
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++)
		memset(pend_tables + (size_t)cpu * PEND_ALIGN, 0, PEND_BYTES);
	dsb_ish();
	lpis_ok = true;
	return true;
}

bool gic_lpi_available(void)
{
	return lpis_ok;
}

void gic_lpi_init_cpu(unsigned cpu, uintptr_t rd)
{
	volatile uint64_t *propbaser = (volatile uint64_t *)(rd + GICR_PROPBASER);
	volatile uint64_t *pendbaser = (volatile uint64_t *)(rd + GICR_PENDBASER);
	volatile uint32_t *ctlr = (volatile uint32_t *)(rd + GICR_CTLR);

	if (!lpis_ok || cpu >= MAX_CPUS)
		return;
	if (!(*(volatile uint64_t *)(rd + GICR_TYPER) & GICR_TYPER_PLPIS)) {
		log_printf("gic: cpu %u: redistributor without physical LPIs\n", cpu);
		return;
	}
	if (*ctlr & GICR_CTLR_ENABLE_LPIS) {
		/* Firmware enabled them with its own tables, which cannot be replaced any more. */
		log_printf("gic: cpu %u: LPIs already enabled by firmware: not reprogrammed\n", cpu);
		return;
	}
	*propbaser = (uint64_t)(uintptr_t)prop_table | FIELD_PREP(GICR_PROPBASER_IDBITS, LPI_ID_BITS - 1) |
		     FIELD_PREP(GICR_PROPBASER_INNER_CACHE, GIC_MEM_CACHE_WAWB) |
		     FIELD_PREP(GICR_PROPBASER_SHAREABILITY, GIC_MEM_INNER_SHAREABLE);
	*pendbaser = (uint64_t)(uintptr_t)(pend_tables + (size_t)cpu * PEND_ALIGN) | GICR_PENDBASER_PTZ |
		     FIELD_PREP(GICR_PENDBASER_INNER_CACHE, GIC_MEM_CACHE_WAWB) |
		     FIELD_PREP(GICR_PENDBASER_SHAREABILITY, GIC_MEM_INNER_SHAREABLE);
	dsb_ish();
	*ctlr |= (uint32_t)GICR_CTLR_ENABLE_LPIS;
	dsb_ish();
}
