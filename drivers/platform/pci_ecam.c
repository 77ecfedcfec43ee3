/* ECAM configuration accesses. Only aligned 32-bit accesses are issued (every ECAM supports
 * them); callers extract narrower fields. A bus outside the host's bus-range reads as all ones
 * (no function) and ignores writes, like an unclaimed configuration cycle. */
#include "drivers/platform/pci_ecam.h"

#include <stdint.h>

static volatile uint32_t *ecam_reg(const struct platform *plat, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off)
{
	const struct plat_pci_host *h;
	uint64_t addr;

	if (host >= plat->n_pci_hosts)
		return NULL;
	h = &plat->pci_hosts[host];
	if (bus < h->bus_start || bus > h->bus_end || off >= 0x1000 || (off & 3))
		return NULL;
	addr = h->ecam.base + ((uint64_t)(bus - h->bus_start) << 20 | (uint64_t)devfn << 12 | off);
	if (addr + 4 > h->ecam.base + h->ecam.size)
		return NULL;
	/* Device memory is mapped 1:1 at EL2 (core/base/addr.h). */
	return (volatile uint32_t *)(uintptr_t)addr;
}

static uint32_t ecam_read32(void *ctx, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off)
{
	volatile uint32_t *r = ecam_reg(ctx, host, bus, devfn, off);

	return r ? *r : 0xffffffffu;
}

static void ecam_write32(void *ctx, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off, uint32_t val)
{
	volatile uint32_t *r = ecam_reg(ctx, host, bus, devfn, off);

	if (r)
		*r = val;
}

void pci_ecam_ops(struct pci_cfg_ops *ops, const struct platform *plat)
{
	ops->read32 = ecam_read32;
	ops->write32 = ecam_write32;
	ops->ctx = (void *)(uintptr_t)plat;
}
