/* ECAM configuration accesses. The scan issues only aligned 32-bit accesses (every ECAM supports
 * them) and extracts narrower fields; the virtual host bridges (core/pci/vpci.h) also write 8 and
 * 16 bits at natural alignment, as the guest did, so that RW1C bits beside the field are never
 * written. A bus outside the host's bus-range reads as all ones (no function) and ignores writes,
 * like an unclaimed configuration cycle. */
#include "drivers/platform/pci_ecam.h"

#include <stdint.h>

static uintptr_t ecam_addr(const struct platform *plat, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off,
			   unsigned size)
{
	const struct plat_pci_host *h;
	uint64_t addr;

	if (host >= plat->n_pci_hosts || (size != 1 && size != 2 && size != 4))
		return 0;
	h = &plat->pci_hosts[host];
	if (bus < h->bus_start || bus > h->bus_end || off >= 0x1000 || (off & (size - 1)))
		return 0;
	addr = h->ecam.base + ((uint64_t)(bus - h->bus_start) << 20 | (uint64_t)devfn << 12 | off);
	if (addr + size > h->ecam.base + h->ecam.size)
		return 0;
	/* Device memory is mapped 1:1 at EL2 (core/base/addr.h). */
	return (uintptr_t)addr;
}

static volatile uint32_t *ecam_reg(const struct platform *plat, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off)
{
	return (volatile uint32_t *)ecam_addr(plat, host, bus, devfn, off, 4);
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

/* The virtual host bridges' accessor: `bdf` = bus << 8 | devfn, `off` aligned to `size`. */
static uint32_t vpci_phys_read(void *ctx, unsigned host, uint16_t bdf, uint16_t off, unsigned size)
{
	uintptr_t a = ecam_addr(ctx, host, (uint8_t)(bdf >> 8), (uint8_t)bdf, off, size);

	if (!a)
		return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	if (size == 1)
		return *(volatile uint8_t *)a;
	if (size == 2)
		return *(volatile uint16_t *)a;
	return *(volatile uint32_t *)a;
}

static void vpci_phys_write(void *ctx, unsigned host, uint16_t bdf, uint16_t off, unsigned size, uint32_t val)
{
	uintptr_t a = ecam_addr(ctx, host, (uint8_t)(bdf >> 8), (uint8_t)bdf, off, size);

	if (!a)
		return;
	if (size == 1)
		*(volatile uint8_t *)a = (uint8_t)val;
	else if (size == 2)
		*(volatile uint16_t *)a = (uint16_t)val;
	else
		*(volatile uint32_t *)a = val;
}

void pci_ecam_vpci_ops(struct vpci_phys_ops *ops, const struct platform *plat)
{
	ops->read = vpci_phys_read;
	ops->write = vpci_phys_write;
	ops->ctx = (void *)(uintptr_t)plat;
}
