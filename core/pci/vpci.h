/* A partition's virtual PCI host bridge: the PCI functions it owns on one virtual bus, behind a
 * virtual ECAM window whose every access bulkhead filters (docs/pci-passthrough.md).
 *
 * Topology. Bus 0 only. The owned functions are taken in canonical topology order (segment,
 * bus, devfn: see core/pci/pci.h); each physical device (segment, bus, device number) whose
 * function 0 is owned becomes one virtual slot, its owned functions keeping their function
 * numbers; an owned function whose device's function 0 is not owned gets a slot of its own as
 * function 0 (Linux scans functions 1-7 only behind a function 0). Slots are numbered 0, 1, 2...
 * in that order, so a function's virtual BDF changes only when the partition's set of functions
 * does. Endpoints (header type 0) only: bridges of owned groups are never presented, bulkhead
 * keeps their registers (their windows and bus numbers reach other buses).
 *
 * Memory. The guest reads each memory BAR as the function's CPU physical address (IPA == PA for
 * MMIO) and the bridge's `ranges` translate 1:1, so functions of several physical host bridges
 * can share one virtual bus. I/O BARs are not presented (read as unimplemented): the virtual
 * bridge has no I/O window.
 *
 * Pure: no hardware access except through struct vpci_phys_ops, so every rule is tested on the
 * host against a fake configuration space (tests/unit/test_vpci*.c). */
#ifndef BULKHEAD_CORE_VPCI_H
#define BULKHEAD_CORE_VPCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/diag.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"

#define VPCI_ECAM_SIZE 0x100000u /* bus 0: 32 devices x 8 functions x 4 KiB */
#define VPCI_MAX_FNS 32
#define VPCI_MAX_CAPS 8

/* The ECAM offset of a register: bus << 20 | dev << 15 | fn << 12 | reg. */
#define VPCI_ECAM_OFF(devfn, reg) (((uint32_t)(devfn) << 12) | (uint32_t)(reg))

/* Physical configuration-space access for one function: `host` indexes platform.pci_hosts,
 * `bdf` is bus << 8 | devfn on that host, `off` a register offset (< 4096) naturally aligned to
 * `size` (1, 2 or 4). vpci reads only whole aligned dwords; it writes with the size and offset
 * of the guest's access, so RW1C bits outside the access are never touched. */
struct vpci_phys_ops {
	uint32_t (*read)(void *ctx, unsigned host, uint16_t bdf, uint16_t off, unsigned size);
	void (*write)(void *ctx, unsigned host, uint16_t bdf, uint16_t off, unsigned size, uint32_t val);
	void *ctx;
};

/* What a partition did with its virtual configuration space. Kept per bus (every access) and
 * per function (accesses that reached an owned function). */
struct vpci_counters {
	uint64_t reads;
	uint64_t writes;
	uint64_t dropped_writes;    /* a write that tried to change a bit the partition may not
				     * change (everything below is also counted here) */
	uint64_t bar_relocations;   /* refused: a BAR or ROM write other than a size probe or
				     * rewriting the fixed address */
	uint64_t command_forbidden; /* a Command write changing a bit other than Memory Space,
				     * Bus Master, INTx Disable */
	uint64_t absent;            /* accesses to a function the partition does not own */
	uint64_t bad_accesses;      /* size not 1/2/4, not naturally aligned, or outside the
				     * window: reads return all ones, writes are dropped */
};

struct vpci_bar {
	uint64_t addr; /* CPU physical address = IPA = what the guest reads */
	uint64_t size; /* 0: not presented (unimplemented, I/O, or the upper half of a 64-bit BAR) */
	bool mem64;
	bool prefetch;
};

/* A presented capability (standard list, offset 0x40-0xff). */
struct vpci_cap {
	uint8_t off;
	uint8_t id;
	uint8_t len; /* bytes that belong to it */
};

struct vpci_fn {
	size_t topo_index;   /* into the pci_topology the bus was built from */
	unsigned host;       /* platform.pci_hosts index */
	uint16_t phys_bdf;   /* bus << 8 | devfn on that host */
	uint8_t vdevfn;      /* on virtual bus 0 */
	uint8_t pin;         /* Interrupt Pin as presented: the physical pin when routed, else 0 */
	uint32_t intx_intid; /* GIC INTID (an SPI) of its INTx, 0 when pin == 0 */
	uint32_t intx_flags; /* trigger cell of that interrupt as the host bridge's interrupt-map gives it */
	uint8_t int_line;    /* Interrupt Line: shadowed, never written to the device */
	bool msi;            /* its MSIs reach the partition's virtual ITS: MSI/MSI-X presented */
	uint32_t its_devid;  /* when msi: its device ID at the physical ITS (host bridge msi-map) */
	struct vpci_bar bars[PCI_MAX_BARS];
	uint8_t probing; /* bit i: BAR register i was last written all ones (a size probe) */
	bool caps_known; /* caps[] read from the physical chain (on the first access) */
	unsigned n_caps;
	struct vpci_cap caps[VPCI_MAX_CAPS];
	struct vpci_counters cnt;
};

struct vpci_bus {
	uint64_t ecam_ipa; /* where the partition's DT places the window (VPCI_ECAM_SIZE bytes) */
	unsigned n_fns;
	struct vpci_fn fns[VPCI_MAX_FNS]; /* ascending vdevfn */
	bool msi;                         /* some function has MSIs: the partition gets a virtual ITS (docs/msi.md) */
	struct vpci_counters cnt;
};

/* Place the functions `owned` (indices into topo->fns, any order; bridges and non-type-0 headers
 * are skipped) on a fresh virtual bus for partition `who` (used in diagnostics), resolve their
 * INTx through the physical host bridges' interrupt-map, and set ecam_ipa to the first host
 * bridge's ECAM base (never mapped to a partition). Error (docs/config.md): more than
 * VPCI_MAX_FNS functions or 32 slots (cfg-pci-too-many). Warnings: a memory BAR outside every
 * host bridge window or a 32-bit BAR above 4 GiB (cfg-pci-bar: not presented), an INTx pin the
 * interrupt-map does not route (cfg-pci-intx-unrouted: pin 0). Returns false on error; `bus`
 * then holds what could be placed. */
bool vpci_bus_build(struct vpci_bus *bus, const struct platform *plat, const struct pci_topology *topo,
		    const size_t *owned, size_t n_owned, const char *who, struct diag_list *dl);

/* A memory BAR's CPU address through its host bridge's memory windows (`ranges`); false when no
 * window holds all of it. */
bool pci_bar_cpu_address(const struct plat_pci_host *h, const struct pci_bar *bar, uint64_t *cpu);

/* Which functions can have MSIs (vpci_msi.c): those whose physical requester ID the host
 * bridge's msi-map sends to the board's ITS, when the ITS frame is
 * the 128 KiB a virtual ITS takes. Sets fn->msi, fn->its_devid and bus->msi; vpci_bus_build
 * calls it. */
void vpci_bus_resolve_msi(struct vpci_bus *bus, const struct platform *plat);
/* No function of the bus has MSIs after all (the physical ITS is not usable). */
void vpci_bus_drop_msi(struct vpci_bus *bus);
/* The device ID the ITS with phandle its_phandle sees for requester ID rid below host bridge h,
 * through its msi-map (masked by msi-map-mask, as Linux's of_map_id). False when the map sends
 * it elsewhere or the bridge has none (msi-parent alone is not supported). */
bool pci_its_devid(const struct plat_pci_host *h, uint32_t its_phandle, uint16_t rid, uint32_t *devid);

/* The function at virtual devfn, or NULL. */
struct vpci_fn *vpci_find(struct vpci_bus *bus, uint8_t vdevfn);

/* The partition restarts: what its previous run left in the emulated registers (BAR size
 * probes, Interrupt Line) is forgotten and the capability lists are read again on the next
 * access (a reset function may present others). Placement and counters are kept. */
void vpci_bus_restart(struct vpci_bus *bus);

/* A guest access to the virtual ECAM window at `ecam_off`. Not reentrant: the caller serializes
 * accesses to one bus (they change its emulated state and counters). Sizes 1, 2 and 4 at natural
 * alignment are handled (that is every access Linux's ECAM driver makes); anything else,
 * including 8-byte accesses, is refused: counted in bad_accesses, a read returns all ones, a
 * write is dropped. Functions the partition does not own read as absent (all ones). */
uint32_t vpci_cfg_read(struct vpci_bus *bus, const struct vpci_phys_ops *ops, uint32_t ecam_off, unsigned size);
void vpci_cfg_write(struct vpci_bus *bus, const struct vpci_phys_ops *ops, uint32_t ecam_off, unsigned size,
		    uint32_t val);

/* Whether a guest's write of `size` bytes (1, 2 or 4, naturally aligned) at `ecam_off` with value
 * `val` sets Bus Master Enable in some function's Command register, whatever the filter then does
 * with it: the runtime prepares all of the partition's memory before letting such a write reach
 * the device (docs/security.md, "Memory prepared on first touch"). A function without it can do
 * no DMA, MSI writes included (PCI Local Bus 3.0, 6.8.1: MSI needs Bus Master Enable). */
bool vpci_write_sets_master(uint32_t ecam_off, unsigned size, uint32_t val);

/* INTx routing (core/pci/vpci_intx.c): the GIC interrupt the physical function `fn` raises on
 * `pin` (1-4), swizzled through every bridge up to its host bridge's root bus and looked up in
 * that host bridge's interrupt-map. False when the map does not route it. */
bool vpci_intx_route(const struct platform *plat, const struct pci_topology *topo, size_t fn, uint8_t pin,
		     struct plat_irq *out);

/* The standard INTx swizzle of a bridge: pin `pin` of device `dev` below it arrives as this pin
 * at the bridge (PCI-to-PCI Bridge spec 9.1). */
static inline uint8_t vpci_swizzle(uint8_t pin, uint8_t dev)
{
	return (uint8_t)(((pin - 1u + dev) % 4u) + 1u);
}

#endif
