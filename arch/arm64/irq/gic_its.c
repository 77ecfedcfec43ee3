/* The physical ITS driver's access to the hardware (drivers/irqchip/gicv3_its.h: struct
 * gicv3_its_ops): single loads and stores to the ITS registers, a DSB before each doorbell write
 * so the commands and tables in memory are visible to the ITS, and the generic timer for its
 * bounded waits. bulkhead's heap is Normal write-back inner-shareable memory, which the tables
 * are declared as (GITS_BASER/CBASER), so no cache maintenance is needed. */
#include "arch/arm64/irq/gic.h"

#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/cpu/time.h"

static uint64_t its_read64(void *ctx, uintptr_t a)
{
	(void)ctx;
	return *(volatile uint64_t *)a;
}

static void its_write64(void *ctx, uintptr_t a, uint64_t v)
{
	(void)ctx;
	*(volatile uint64_t *)a = v;
}

static uint32_t its_read32(void *ctx, uintptr_t a)
{
	(void)ctx;
	return *(volatile uint32_t *)a;
}

static void its_write32(void *ctx, uintptr_t a, uint32_t v)
{
	(void)ctx;
	*(volatile uint32_t *)a = v;
}

static void its_publish(void *ctx)
{
	(void)ctx;
	dsb_ish();
}

static uint64_t its_now(void *ctx)
{
	(void)ctx;
	return time_now_ns();
}

const struct gicv3_its_ops gic_its_mmio_ops = { its_read64,  its_write64, its_read32, its_write32,
						its_publish, its_now,     NULL };
