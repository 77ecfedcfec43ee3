/* `fwcfg-dma=PA`: the attack a partition holding QEMU's fw-cfg device can make. fw-cfg's DMA
 * interface (QEMU docs/specs/fw_cfg.rst) copies an item to any physical address the programmer
 * names, and no IOMMU stands in the way; here its 4-byte signature "QEMU" goes to PA.
 *
 * Interface on QEMU virt: the device at 0x09020000; the DMA address register at +0x10 takes the
 * physical address of a descriptor { be32 control; be32 length; be64 address }, big-endian, and a
 * 64-bit write of it starts the transfer at once. Control bits: ERROR 0x01, READ 0x02 (item ->
 * memory), SELECT 0x08 with the item key in bits 31:16. The device clears control when done.
 *
 * Under bulkhead fw-cfg belongs to nobody unless the config trusts a partition with it, so the
 * register write is a stage-2 fault and the partition stops before the DMA starts. The
 * descriptor is addressed by its IPA, which is its PA only in an identity-mapped partition. */
#include <stdbool.h>

#include "hvc.h"
#include "probe.h"

#define FWCFG_BASE UINT64_C(0x09020000) /* QEMU virt: VIRT_FW_CFG */
#define FWCFG_DMA_ADDR 0x10
#define FWCFG_CTL_ERROR 0x01u
#define FWCFG_CTL_READ 0x02u
#define FWCFG_CTL_SELECT 0x08u
#define FWCFG_KEY_SIGNATURE 0x0000u
#define FWCFG_SIGNATURE_LEN 4u

struct fwcfg_dma_access {
	uint32_t control; /* all three big-endian */
	uint32_t length;
	uint64_t address;
};

static struct fwcfg_dma_access dma_desc __attribute__((aligned(16)));

static bool parse_pa(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (unsigned)((*s | 0x20) - 'a' + 10);
		else
			return false;
		x = x * 16 + d;
	}
	*v = x;
	return true;
}

void probe_fwcfg_dma(const char *arg)
{
	volatile uint64_t *reg = (volatile uint64_t *)(uintptr_t)(FWCFG_BASE + FWCFG_DMA_ADDR);
	uint32_t control;
	uint64_t target;

	if (!parse_pa(arg, &target)) {
		con_printf("probe: FAIL bad address in fwcfg-dma=%s\n", arg);
		return;
	}
	dma_desc.control = __builtin_bswap32((FWCFG_KEY_SIGNATURE << 16) | FWCFG_CTL_SELECT | FWCFG_CTL_READ);
	dma_desc.length = __builtin_bswap32(FWCFG_SIGNATURE_LEN);
	dma_desc.address = __builtin_bswap64(target);
	con_printf("probe: fw-cfg DMA of \"QEMU\" to physical 0x%lx\n", (unsigned long)target);
	__asm__ volatile("dsb sy" : : : "memory");
	*reg = __builtin_bswap64((uint64_t)(uintptr_t)&dma_desc);
	__asm__ volatile("dsb sy" : : : "memory");
	control = __builtin_bswap32(*(volatile uint32_t *)&dma_desc.control);
	con_printf("probe: FAIL fw-cfg DMA to 0x%lx was not stopped (control 0x%x%s)\n", (unsigned long)target,
		   (unsigned)control, control & FWCFG_CTL_ERROR ? ", error" : "");
}
