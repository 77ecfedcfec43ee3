/* The capability lists a partition sees.
 *
 * Standard list (0x40-0xff): only Power Management, PCI Express and vendor-specific capabilities
 * are presented, in their physical order, the next pointers rewritten to skip every other one;
 * MSI and MSI-X as well when the function's MSIs reach the partition's virtual ITS (fn->msi:
 * docs/msi.md), else they stay hidden and drivers fall back to INTx. Everything presented is
 * read-only except:
 *   MSI Message Control: MSI Enable and Multiple Message Enable; Message Address, Upper Address,
 *     Data and the Mask Bits: the guest programs its own doorbell address (its virtual ITS's
 *     GITS_TRANSLATER, which its devices' SMMU translation sends to the physical one) and its
 *     own event IDs. Nothing else can be reached: every other address is outside the
 *     partition's DMA translation, and the physical ITS translates only the events bulkhead
 *     mapped for the device's own device ID.
 *   MSI-X Message Control: MSI-X Enable and Function Mask (the table and PBA are in a BAR the
 *     partition has mapped, where the same holds).
 *   PCI Express Device Control: Relaxed Ordering, Extended Tag, No Snoop and Max Read Request
 *     Size (they shape the function's own requests). Max Payload Size must match the link
 *     partner, which bulkhead owns; error reporting enables report to the root complex; FLR
 *     would clear the BARs bulkhead placed (Device Capabilities hides FLR, and reset is
 *     bulkhead's: partition stop). Device Status: its RW1C error bits.
 *   Link Control (ASPM, Link Disable, Retrain Link, ...) and the other port registers are
 *     read-only: they act on the link, not the function.
 *   Power Management Control/Status is read-only: a D3hot -> D0 transition resets functions
 *     without No_Soft_Reset, which would lose the BARs. Writes to PME_Status/PME_Enable (every
 *     OS clears them) are ignored without being counted.
 * Extended list (0x100-0xfff): empty (the header at 0x100 reads 0). ACS, AER, SR-IOV, ATS, PRI,
 * PASID, resizable BAR and the rest act on other functions or on the fabric. */
#include "core/pci/vpci_internal.h"

#define MAX_CHAIN 48 /* (0x100 - 0x40) / 4: a longer chain loops */
#define PM_LEN 8
#define EXP_LEN_V1 0x24
#define EXP_LEN_V2 0x3c
#define EXP_VERSION_MASK 0xfu
#define EXP_DEVCAP 0x04
#define EXP_DEVCAP_FLR (1u << 28)
#define EXP_DEVCTL 0x08
#define EXP_LNKCTL 0x10
#define PM_CTRL 0x04
#define MSI_LEN_BASE 0x0a        /* ID, next, Message Control, Address, Data (32-bit) */
#define MSI_CTL_64BIT (1u << 23) /* Message Control bit 7, in the capability's first dword */
#define MSI_CTL_MASKING (1u << 24)
#define MSI_CTL_WRITABLE 0x00710000u /* MSI Enable, Multiple Message Enable */
#define MSIX_LEN 0x0c
#define MSIX_CTL_WRITABLE 0xc0000000u /* Function Mask, MSI-X Enable */
/* PME_Status (RW1C) and PME_Enable: an OS clears and disables PME on every function it finds;
 * PME is signalled to root ports, which are bulkhead's, so nothing to pass on or count. */
#define PM_CTRL_QUIET 0x8100u
/* Relaxed Ordering, Extended Tag, No Snoop, Max Read Request Size (PCIe base spec 7.5.3.4). */
#define EXP_DEVCTL_WRITABLE 0x7910u
#define EXP_DEVSTA_RW1C 0x000fu    /* correctable, non-fatal, fatal, unsupported request detected */
#define EXP_DEVSTA_HW_RW1C 0x004fu /* and emergency power reduction detected */

/* The MSI capability's length from its Message Control: 64-bit address and per-vector masking
 * each add a dword (Mask Bits and Pending Bits for the latter). */
static unsigned msi_len(uint32_t head)
{
	return MSI_LEN_BASE + ((head & MSI_CTL_64BIT) ? 4 : 0) + ((head & MSI_CTL_MASKING) ? 10 : 0);
}

static unsigned cap_len(const struct vpci_fn *fn, uint8_t off, uint32_t head)
{
	unsigned len = 0;

	switch (head & 0xff) {
	case PCI_CAP_ID_MSI:
		if (!fn->msi)
			return 0;
		len = msi_len(head);
		break;
	case PCI_CAP_ID_MSIX:
		if (!fn->msi)
			return 0;
		len = MSIX_LEN;
		break;
	case PCI_CAP_ID_PM:
		len = PM_LEN;
		break;
	case PCI_CAP_ID_EXP:
		len = ((head >> 16) & EXP_VERSION_MASK) == 1 ? EXP_LEN_V1 : EXP_LEN_V2;
		break;
	case PCI_CAP_ID_VENDOR:
		len = (head >> 16) & 0xff; /* its length byte, at least the 3-byte header */
		if (len < 3)
			len = 3;
		break;
	default:
		return 0; /* not presented */
	}
	return off + len > PCI_EXT_START ? PCI_EXT_START - off : len;
}

/* Presented capabilities must not overlap one another (a malformed or looping list). */
static bool overlaps_presented(const struct vpci_fn *fn, unsigned off, unsigned len)
{
	for (unsigned i = 0; i < fn->n_caps; i++)
		if (off < fn->caps[i].off + fn->caps[i].len && fn->caps[i].off < off + len)
			return true;
	return false;
}

void vpci_caps_discover(struct vpci_fn *fn, const struct vpci_phys_ops *ops)
{
	uint32_t status = ops->read(ops->ctx, fn->host, fn->phys_bdf, PCI_REG_COMMAND, 4) >> 16;
	uint8_t off;

	fn->caps_known = true;
	fn->n_caps = 0;
	if (status == 0xffff || !(status & PCI_STATUS_CAP_LIST))
		return;
	off = (uint8_t)(ops->read(ops->ctx, fn->host, fn->phys_bdf, PCI_REG_CAP_PTR, 4) & 0xfc);
	for (unsigned steps = 0; off >= PCI_CAP_START && steps < MAX_CHAIN; steps++) {
		uint32_t head = ops->read(ops->ctx, fn->host, fn->phys_bdf, off, 4);
		unsigned len = cap_len(fn, off, head);

		if (len && fn->n_caps < VPCI_MAX_CAPS && !overlaps_presented(fn, off, len))
			fn->caps[fn->n_caps++] = (struct vpci_cap){ off, (uint8_t)head, (uint8_t)len };
		off = (uint8_t)((head >> 8) & 0xfc);
	}
}

uint8_t vpci_first_cap(const struct vpci_fn *fn)
{
	return fn->n_caps ? fn->caps[0].off : 0;
}

static void exp_rule(unsigned rel, struct vpci_rule *r)
{
	*r = VPCI_RULE_RO;
	if (rel == EXP_DEVCAP) {
		r->phys = ~EXP_DEVCAP_FLR;
	} else if (rel == EXP_DEVCTL) {
		r->write = EXP_DEVCTL_WRITABLE;
		r->rw1c = (uint32_t)EXP_DEVSTA_RW1C << 16;
		r->hw_rw1c = (uint32_t)EXP_DEVSTA_HW_RW1C << 16;
		r->quiet = 0xffff0000u;
	} else if (rel == EXP_LNKCTL) {
		r->quiet = 0xffff0000u; /* Link Status */
	}
}

/* MSI: offsets from the capability (PCI Local Bus 3.0, 6.8.1): 0x04 Message Address, then
 * 0x08 Upper Address when 64-bit, then Message Data, Mask Bits (writable) and Pending Bits. The
 * layout follows from the length msi_len() gave it. */
static void msi_rule(const struct vpci_cap *c, unsigned rel, struct vpci_rule *r)
{
	bool wide = c->len == MSI_LEN_BASE + 4 || c->len == MSI_LEN_BASE + 14;
	bool masking = c->len >= MSI_LEN_BASE + 10;
	unsigned data = wide ? 0x0c : 0x08;

	*r = VPCI_RULE_RO;
	if (rel == 0)
		r->write = MSI_CTL_WRITABLE;
	else if (rel == 0x04)
		r->write = 0xfffffffcu;
	else if (rel == 0x08 && wide)
		r->write = 0xffffffffu;
	else if (rel == data)
		r->write = 0x0000ffffu;
	else if (rel == data + 4 && masking)
		r->write = 0xffffffffu;
}

void vpci_cap_rule(const struct vpci_fn *fn, unsigned reg, struct vpci_rule *r)
{
	*r = VPCI_RULE_ZERO;
	for (unsigned i = 0; i < fn->n_caps; i++) {
		const struct vpci_cap *c = &fn->caps[i];
		unsigned rel = reg - c->off;

		if (reg < c->off || rel >= c->len)
			continue;
		if (c->id == PCI_CAP_ID_EXP)
			exp_rule(rel, r);
		else if (c->id == PCI_CAP_ID_MSI)
			msi_rule(c, rel, r);
		else if (c->id == PCI_CAP_ID_MSIX && rel == 0)
			*r = (struct vpci_rule){ .phys = 0xffffffffu, .write = MSIX_CTL_WRITABLE };
		else
			*r = VPCI_RULE_RO;
		if (c->id == PCI_CAP_ID_PM && rel == PM_CTRL)
			r->quiet = PM_CTRL_QUIET;
		if (rel == 0) { /* ID and the rewritten next pointer */
			r->phys &= 0xffff00ffu;
			r->virt = i + 1 < fn->n_caps ? (uint32_t)fn->caps[i + 1].off << 8 : 0;
		}
		/* A capability's last dword may be partial: the bytes after it read 0. */
		if (c->len - rel < 4)
			r->phys &= (1u << (8 * (c->len - rel))) - 1;
		return;
	}
}
