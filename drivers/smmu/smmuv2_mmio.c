/* SMMUv2 register access on hardware. Single 32-bit ldr/str on the Device mapping (see
 * smmuv3_mmio.h for why they are asm); the driver issues each 64-bit register as two halves. */
#include "drivers/smmu/smmuv2_mmio.h"

#include "drivers/smmu/smmuv3_mmio.h"

static uint32_t mmio_read32(void *ctx, unsigned inst, uint64_t off)
{
	const struct smmuv2_mmio *m = ctx;

	return smmu_read32(m->base[inst] + (uintptr_t)off);
}

static void mmio_write32(void *ctx, unsigned inst, uint64_t off, uint32_t v)
{
	const struct smmuv2_mmio *m = ctx;

	smmu_write32(m->base[inst] + (uintptr_t)off, v);
}

/* The stage-2 tables the SMMU walks were written as ordinary memory: DSB SY makes them, and
 * every register write before it, complete before the next access (Linux's wmb() before TLB
 * sync and enabling). */
static void mmio_barrier(void *ctx)
{
	(void)ctx;
	__asm__ volatile("dsb sy" : : : "memory");
}

const struct smmuv2_ops smmuv2_mmio_ops = { mmio_read32, mmio_write32, mmio_barrier };
