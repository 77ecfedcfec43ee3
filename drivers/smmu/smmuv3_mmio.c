/* The SMMUv3 driver's access to real hardware (smmuv3.h: struct smmuv3_ops), through the single
 * load/store and barrier instructions of smmuv3_mmio.h. Hypervisor only. */
#include "drivers/smmu/smmuv3_mmio.h"

#include "drivers/smmu/smmuv3.h"

static uint32_t mmio_read32(void *ctx, uintptr_t addr)
{
	(void)ctx;
	return smmu_read32(addr);
}

static void mmio_write32(void *ctx, uintptr_t addr, uint32_t v)
{
	(void)ctx;
	smmu_write32(addr, v);
}

static void mmio_write64(void *ctx, uintptr_t addr, uint64_t v)
{
	(void)ctx;
	smmu_write64(addr, v);
}

static void mem_write64(void *ctx, volatile uint64_t *p, uint64_t v)
{
	(void)ctx;
	*p = v;
}

static void barrier(void *ctx, enum smmuv3_barrier b)
{
	(void)ctx;
	switch (b) {
	case SMMUV3_PUBLISH:
		smmu_publish();
		return;
	case SMMUV3_ORDER_STORES:
		smmu_order_stores();
		return;
	case SMMUV3_RMB:
		smmu_rmb();
		return;
	case SMMUV3_MB:
		smmu_mb();
		return;
	}
}

const struct smmuv3_ops smmuv3_mmio_ops = { mmio_read32, mmio_write32, mmio_write64, mem_write64, barrier, NULL };
