/* Shared by the vpci*.c files; not for other modules.
 *
 * Every register the guest can reach is described per aligned dword by a struct vpci_rule: which
 * bits come from the device and which are bulkhead's, which bits a write may change in the
 * device, and which bits an emulation handler owns. vpci_cfg.c applies the rule to accesses of
 * any size, so each register's policy is stated once (vpci_header.c, vpci_caps.c). */
#ifndef BULKHEAD_CORE_VPCI_INTERNAL_H
#define BULKHEAD_CORE_VPCI_INTERNAL_H

#include "core/pci/vpci.h"

enum vpci_emul {
	VPCI_EMUL_NONE,
	VPCI_EMUL_BAR,  /* base address registers 0x10-0x24 */
	VPCI_EMUL_ROM,  /* expansion ROM base 0x30: hidden */
	VPCI_EMUL_LINE, /* Interrupt Line 0x3c byte 0: shadowed */
};

struct vpci_rule {
	uint32_t phys;    /* bits read from the device; the others read as `virt` */
	uint32_t virt;    /* bulkhead's value of the bits not in phys */
	uint32_t write;   /* read-write bits a guest write passes to the device */
	uint32_t rw1c;    /* write-1-to-clear bits a guest write passes to the device */
	uint32_t hw_rw1c; /* every write-1-to-clear bit of the device register: written as 0 unless
			   * the guest sets it and it is in rw1c */
	uint32_t emul;    /* bits whose writes go to the emulation handler of `kind` */
	uint32_t quiet;   /* status bits: writing them (0 = leave, 1 = clear) is no refused change */
	enum vpci_emul kind;
};

/* The Command register bits (core/pci/pci.h) a partition may write. */
#define VPCI_CMD_WRITABLE (PCI_CMD_MEMORY | PCI_CMD_MASTER | PCI_CMD_INTX_DISABLE)
/* Status register RW1C bits: master data parity error, signaled/received target abort,
 * received master abort, signaled system error, detected parity error. */
#define PCI_STATUS_RW1C 0xf900u
#define PCI_STATUS_CAP_LIST 0x0010u

#define PCI_REG_HEADER 0x0c
#define PCI_REG_BAR0 0x10
#define PCI_REG_BAR5 0x24
#define PCI_REG_ROM 0x30
#define PCI_REG_CAP_PTR 0x34
#define PCI_REG_INTERRUPT 0x3c
#define PCI_CAP_START 0x40u
#define PCI_EXT_START 0x100u

#define PCI_CAP_ID_PM 0x01
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_VENDOR 0x09
#define PCI_CAP_ID_EXP 0x10
#define PCI_CAP_ID_MSIX 0x11

/* A rule whose every bit reads from the device and none is writable. */
#define VPCI_RULE_RO ((struct vpci_rule){ .phys = 0xffffffffu })
/* A rule for a hidden register: reads 0, nothing writable. */
#define VPCI_RULE_ZERO ((struct vpci_rule){ 0 })

/* The rule for the dword at `reg` (aligned, < 0x40) of a type 0 header. */
void vpci_header_rule(const struct vpci_bus *bus, const struct vpci_fn *fn, unsigned reg, struct vpci_rule *r);

/* Read the function's physical capability list once and keep the safe ones (vpci_caps.c). */
void vpci_caps_discover(struct vpci_fn *fn, const struct vpci_phys_ops *ops);
/* The rule for the dword at `reg` (aligned, 0x40-0xfff). */
void vpci_cap_rule(const struct vpci_fn *fn, unsigned reg, struct vpci_rule *r);
/* Offset of the first presented capability, 0 if none. */
uint8_t vpci_first_cap(const struct vpci_fn *fn);

/* BAR register i (0-5) as the guest reads it (vpci_bar.c). */
uint32_t vpci_bar_read(const struct vpci_fn *fn, unsigned i);
/* A 32-bit write of BAR register i: a size probe or rewriting the fixed address is accepted,
 * anything else counted as a refused relocation. Never reaches the device. */
void vpci_bar_write(struct vpci_bus *bus, struct vpci_fn *fn, unsigned i, uint32_t val);
/* The same for the expansion ROM register, which reads 0. */
void vpci_rom_write(struct vpci_bus *bus, struct vpci_fn *fn, uint32_t val);
/* Count a refused relocation on the bus and the function. */
void vpci_count_relocation(struct vpci_bus *bus, struct vpci_fn *fn);

#endif
