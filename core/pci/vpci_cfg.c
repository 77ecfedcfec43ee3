/* Guest accesses to the virtual ECAM window: decode, refuse what is malformed or not owned, then
 * apply the register's rule (vpci_internal.h) to the bytes the access covers. */
#include "core/pci/vpci_internal.h"

#define ECAM_REG_MASK 0xfffu

static uint32_t size_mask(unsigned size)
{
	return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

/* The function an access reaches, or NULL after counting why there is none. Sizes 1, 2 and 4
 * at natural alignment inside the window are accepted. */
static struct vpci_fn *decode(struct vpci_bus *bus, const struct vpci_phys_ops *ops, uint32_t ecam_off, unsigned size)
{
	struct vpci_fn *fn;

	if ((size != 1 && size != 2 && size != 4) || (ecam_off & (size - 1)) || ecam_off >= VPCI_ECAM_SIZE) {
		bus->cnt.bad_accesses++;
		return NULL;
	}
	fn = vpci_find(bus, (uint8_t)(ecam_off >> 12));
	if (!fn) {
		bus->cnt.absent++;
		return NULL;
	}
	if (!fn->caps_known)
		vpci_caps_discover(fn, ops);
	return fn;
}

static void rule_for(const struct vpci_bus *bus, const struct vpci_fn *fn, unsigned reg, struct vpci_rule *r)
{
	if (reg < PCI_CAP_START)
		vpci_header_rule(bus, fn, reg, r);
	else
		vpci_cap_rule(fn, reg, r);
}

static uint32_t phys_dword(const struct vpci_phys_ops *ops, const struct vpci_fn *fn, unsigned reg,
			   const struct vpci_rule *r)
{
	return r->phys ? ops->read(ops->ctx, fn->host, fn->phys_bdf, (uint16_t)reg, 4) : 0;
}

static uint32_t present(uint32_t phys, const struct vpci_rule *r)
{
	return (phys & r->phys) | (r->virt & ~r->phys);
}

uint32_t vpci_cfg_read(struct vpci_bus *bus, const struct vpci_phys_ops *ops, uint32_t ecam_off, unsigned size)
{
	struct vpci_fn *fn = decode(bus, ops, ecam_off, size);
	unsigned reg = ecam_off & ECAM_REG_MASK & ~3u, shift = 8 * (ecam_off & 3);
	struct vpci_rule r;

	bus->cnt.reads++;
	if (!fn)
		return size >= 4 ? 0xffffffffu : size_mask(size);
	fn->cnt.reads++;
	rule_for(bus, fn, reg, &r);
	return (present(phys_dword(ops, fn, reg, &r), &r) >> shift) & size_mask(size);
}

/* The smallest naturally aligned access inside [first, first + size) that covers the bytes of
 * `mask` (a dword's bit mask): the device sees no write to bytes it is not meant to get. */
static void narrow(uint32_t mask, unsigned *first, unsigned *size)
{
	unsigned lo = 0, hi = 3;

	while (lo < 3 && !(mask & (0xffu << (8 * lo))))
		lo++;
	while (hi > 0 && !(mask & (0xffu << (8 * hi))))
		hi--;
	if (lo == hi)
		*first = lo, *size = 1;
	else if (lo / 2 == hi / 2)
		*first = lo & ~1u, *size = 2;
	else
		*first = 0, *size = 4;
}

static void forward(const struct vpci_phys_ops *ops, const struct vpci_fn *fn, unsigned reg, uint32_t phys, uint32_t v,
		    uint32_t be, const struct vpci_rule *r)
{
	uint32_t pass = be & (r->write | r->rw1c);
	uint32_t val = (v & pass) | (phys & ~(r->write | r->rw1c | r->hw_rw1c));
	unsigned first, size;

	if (!pass)
		return;
	narrow(pass, &first, &size);
	ops->write(ops->ctx, fn->host, fn->phys_bdf, (uint16_t)(reg + first), size,
		   (val >> (8 * first)) & size_mask(size));
}

static void count_dropped(struct vpci_bus *bus, struct vpci_fn *fn, unsigned reg, uint32_t changed)
{
	bus->cnt.dropped_writes++;
	fn->cnt.dropped_writes++;
	if (reg == PCI_REG_COMMAND && (changed & 0xffffu)) {
		bus->cnt.command_forbidden++;
		fn->cnt.command_forbidden++;
	}
}

static void emulate(struct vpci_bus *bus, struct vpci_fn *fn, unsigned reg, uint32_t v, uint32_t be, uint32_t cur,
		    const struct vpci_rule *r)
{
	uint32_t mine = be & r->emul;

	if (!mine)
		return;
	switch (r->kind) {
	case VPCI_EMUL_LINE:
		fn->int_line = (uint8_t)v;
		break;
	case VPCI_EMUL_BAR:
	case VPCI_EMUL_ROM:
		/* Only whole-register writes can be a probe; a partial one that changes the value
		 * is a relocation attempt. */
		if (mine != 0xffffffffu) {
			if ((v ^ cur) & mine)
				vpci_count_relocation(bus, fn);
		} else if (r->kind == VPCI_EMUL_BAR) {
			vpci_bar_write(bus, fn, (reg - PCI_REG_BAR0) / 4, v);
		} else {
			vpci_rom_write(bus, fn, v);
		}
		break;
	case VPCI_EMUL_NONE:
		break;
	}
}

void vpci_cfg_write(struct vpci_bus *bus, const struct vpci_phys_ops *ops, uint32_t ecam_off, unsigned size,
		    uint32_t val)
{
	struct vpci_fn *fn = decode(bus, ops, ecam_off, size);
	unsigned reg = ecam_off & ECAM_REG_MASK & ~3u, shift = 8 * (ecam_off & 3);
	uint32_t be, v, phys, cur, changed;
	struct vpci_rule r;

	bus->cnt.writes++;
	if (!fn)
		return;
	fn->cnt.writes++;
	be = size_mask(size) << shift;
	v = (val << shift) & be;
	rule_for(bus, fn, reg, &r);
	phys = phys_dword(ops, fn, reg, &r);
	cur = present(phys, &r);
	/* RW1C and status bits read 1 and are written 1 to clear or 0 to leave them: no change the
	 * guest is refused. */
	changed = (v ^ cur) & be & ~(r.write | r.rw1c | r.emul | r.quiet);
	if (changed)
		count_dropped(bus, fn, reg, changed);
	forward(ops, fn, reg, phys, v, be, &r);
	emulate(bus, fn, reg, v, be, cur, &r);
}

bool vpci_write_sets_master(uint32_t ecam_off, unsigned size, uint32_t val)
{
	unsigned off = ecam_off & ECAM_REG_MASK;

	/* The Command register's low byte, at offset 4, in the bytes written. */
	if (size > 4 || off > PCI_REG_COMMAND || off + size <= PCI_REG_COMMAND)
		return false;
	return ((val >> (8 * (PCI_REG_COMMAND - off))) & PCI_CMD_MASTER) != 0;
}
