/* Bus mastering off and function-level reset for a function whose partition stops or restarts. */
#include "core/pci/pci_reset.h"

#include <string.h>

#include "core/base/bitfield.h"

/* Type 0 header (PCI Local Bus spec 6.1, PCIe base spec 7.5.1). */
#define REG_ID 0x00
#define REG_BAR0 0x10
#define N_BAR_REGS 6
#define REG_CAP_PTR 0x34
#define STATUS_CAP_LIST BIT64(4 + 16)
#define ID_VENDOR GENMASK64(15, 0)
#define CAP_ID GENMASK64(7, 0)
#define CAP_NEXT GENMASK64(15, 8)
#define CAP_ID_EXP 0x10
#define CAP_LIST_MAX 48 /* (256 - 64) / 4: a longer chain loops */

/* PCI Express capability (PCIe base spec 7.5.3): Device Capabilities at +4, Device Control at
 * +8 (15:0) with Device Status (31:16, RW1C) beside it. */
#define EXP_DEVCAP 0x4
#define EXP_DEVCAP_FLR BIT64(28)
#define EXP_DEVCTL 0x8
#define EXP_DEVCTL_BCR_FLR BIT64(15)
#define EXP_DEVSTA_TRPND BIT64(5 + 16)

#define QUIET_COMMAND ((uint32_t)PCI_CMD_INTX_DISABLE)
/* What a read of the Vendor ID returns while the function cannot answer: all ones (the request
 * failed) or 0x0001 (Configuration Request Retry Status made visible, PCIe base spec 2.3.2). */
#define VENDOR_NONE 0xffff
#define VENDOR_CRS 0x0001

static uint32_t rd(const struct pci_cfg_ops *ops, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off)
{
	return ops->read32(ops->ctx, host, bus, devfn, off);
}

static void wr(const struct pci_cfg_ops *ops, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off, uint32_t v)
{
	ops->write32(ops->ctx, host, bus, devfn, off, v);
}

/* Offset of the PCI Express capability, 0 when there is none. */
static uint16_t find_exp_cap(const struct pci_cfg_ops *ops, unsigned host, uint8_t bus, uint8_t devfn)
{
	uint8_t off;

	if (!(rd(ops, host, bus, devfn, PCI_REG_COMMAND) & STATUS_CAP_LIST))
		return 0;
	off = (uint8_t)rd(ops, host, bus, devfn, REG_CAP_PTR) & 0xfc;
	for (unsigned n = 0; off >= 0x40 && n < CAP_LIST_MAX; n++) {
		uint32_t hdr = rd(ops, host, bus, devfn, off);

		if (FIELD_GET(CAP_ID, hdr) == CAP_ID_EXP)
			return off;
		off = (uint8_t)FIELD_GET(CAP_NEXT, hdr) & 0xfc;
	}
	return 0;
}

static bool answers(const struct pci_cfg_ops *ops, unsigned host, uint8_t bus, uint8_t devfn)
{
	uint64_t vendor = FIELD_GET(ID_VENDOR, rd(ops, host, bus, devfn, REG_ID));

	return vendor != VENDOR_NONE && vendor != VENDOR_CRS;
}

void pci_function_quiesce(const struct pci_cfg_ops *ops, unsigned host, uint8_t bus, uint8_t devfn,
			  void (*sleep_ms)(void *ctx, unsigned ms), void *sleep_ctx, struct pci_quiesce_result *out)
{
	uint32_t bars[N_BAR_REGS];
	uint16_t exp;

	memset(out, 0, sizeof(*out));
	if (FIELD_GET(ID_VENDOR, rd(ops, host, bus, devfn, REG_ID)) == VENDOR_NONE)
		return;
	out->present = true;
	out->cmd_before = (uint16_t)rd(ops, host, bus, devfn, PCI_REG_COMMAND);
	/* First of all: no more DMA into memory that is about to be reused. */
	wr(ops, host, bus, devfn, PCI_REG_COMMAND, QUIET_COMMAND);

	exp = find_exp_cap(ops, host, bus, devfn);
	if (!exp || !(rd(ops, host, bus, devfn, exp + EXP_DEVCAP) & EXP_DEVCAP_FLR))
		return;
	while (rd(ops, host, bus, devfn, exp + EXP_DEVCTL) & EXP_DEVSTA_TRPND) {
		if (out->waited_ms >= PCI_PENDING_MAX_MS) {
			out->pending_timeout = true;
			break;
		}
		sleep_ms(sleep_ctx, PCI_RESET_POLL_MS);
		out->waited_ms += PCI_RESET_POLL_MS;
	}
	for (unsigned i = 0; i < N_BAR_REGS; i++)
		bars[i] = rd(ops, host, bus, devfn, (uint16_t)(REG_BAR0 + 4 * i));
	/* Device Control with Initiate FLR; the status half written as zeros clears nothing. */
	wr(ops, host, bus, devfn, exp + EXP_DEVCTL,
	   (rd(ops, host, bus, devfn, exp + EXP_DEVCTL) & 0xffffu) | (uint32_t)EXP_DEVCTL_BCR_FLR);
	out->flr = true;
	sleep_ms(sleep_ctx, PCI_FLR_WAIT_MS);
	out->waited_ms += PCI_FLR_WAIT_MS;
	for (unsigned w = 0; !answers(ops, host, bus, devfn); w += PCI_RESET_POLL_MS) {
		if (w >= PCI_FLR_READY_MAX_MS) {
			out->ready_timeout = true;
			return;
		}
		sleep_ms(sleep_ctx, PCI_RESET_POLL_MS);
		out->waited_ms += PCI_RESET_POLL_MS;
	}
	for (unsigned i = 0; i < N_BAR_REGS; i++)
		wr(ops, host, bus, devfn, (uint16_t)(REG_BAR0 + 4 * i), bars[i]);
	wr(ops, host, bus, devfn, PCI_REG_COMMAND, QUIET_COMMAND);
}
