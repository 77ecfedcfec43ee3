/* The device tree a partition boots with, generated from its spec and the board's DTB. */
#ifndef BULKHEAD_CORE_GUEST_DT_H
#define BULKHEAD_CORE_GUEST_DT_H

#include <stddef.h>

#include "core/base/diag.h"
#include "core/partition/guest_image.h"
#include "core/partition/partition.h"
#include "core/platform/platform.h"

/* Phandles of the nodes bulkhead writes itself: the partition's virtual GICv3 (the root's
 * interrupt-parent, so every copied `interrupts` resolves to it) and its one clock (a fixed
 * 24 MHz clock for the virtual UART and for copied AMBA PrimeCell devices, which Linux does not
 * probe without an apb_pclk). */
#define GUEST_DT_GIC_PHANDLE 1
#define GUEST_DT_CLK_PHANDLE 2
/* The partition's virtual ITS, a child of its GIC node, when its PCI functions have MSIs
 * (docs/msi.md): at the board ITS's address, 128 KiB, named by the virtual host bridge's
 * msi-map. The GIC node then has two address and size cells, which interrupt-map's parent unit
 * addresses follow. */
#define GUEST_DT_ITS_PHANDLE 3
#define GUEST_DT_ITS_FRAME_SIZE 0x20000u
#define GUEST_DT_UART_CLK_HZ 24000000
/* The doorbell GPIO controller of a partition with channels (guest_dt_channels.c). */
#define GUEST_DT_GPIO_PHANDLE 4

/* Build into buf (size bytes). Only the partition's CPUs (renumbered from 0, reg = Aff0), its
 * memory, its devices (registers from the board, translated to CPU addresses, mapped 1:1), the
 * timer, /psci with method "hvc", its virtual GICv3 (the board's distributor address and one
 * 128 KiB redistributor frame per vCPU from the board's first redistributor; a virtual ITS at
 * the board ITS's address when its PCI functions have MSIs), its
 * virtual PL011 when spec->vuart.present (/chosen/stdout-path and /aliases/serial0 pointing at
 * it), the fixed clock when the UART or a copied PrimeCell device needs it (a PrimeCell's
 * `clocks` become that clock once per `clock-names` entry), and /chosen (bootargs, initrd).
 * Returns false with a
 * diagnostic naming the partition when it does not fit or a board node cannot be copied. */
bool guest_dt_build(const struct partition_spec *spec, const void *board_fdt, const struct platform *plat,
		    const struct guest_layout *lay, void *buf, size_t size, struct diag_list *dl);

/* The same tree in a buffer of exactly its size (malloc'd, the caller frees it; *size set), built
 * in buffers that double from GUEST_DTB_FIRST_TRY up to GUEST_DTB_MAX: nothing is ever truncated.
 * NULL with a diagnostic naming the partition when it cannot be built, or (part-dt-too-big) when
 * it needs more than GUEST_DTB_MAX. Validation builds each partition's tree with it
 * (core/config/validate_guest_dt.c), so a tree creation cannot build is refused there. */
void *guest_dt_create(const struct partition_spec *spec, const void *board_fdt, const struct platform *plat,
		      const struct guest_layout *lay, size_t *size, struct diag_list *dl);

/* The partition's virtual PCI host bridge as a pci-host-ecam-generic node (sequential-write
 * API, inside the root node; guest_dt_pci.c). Returns a libfdt error or 0. */
struct vpci_bus;
int guest_dt_pci_host(void *fdt, const struct vpci_bus *bus, bool dma_coherent);
/* The virtual ITS node (sequential-write API, inside the GIC node). */
int guest_dt_its(void *fdt, uint64_t frame_ipa);

/* The partition's PCI functions as "bulkhead,pci-function" nodes (sequential-write API, inside
 * the root node). Returns a libfdt error or 0. */
int guest_dt_pci_functions(void *fdt, const struct partition_spec *spec);

/* The partition's shared-memory channels as "bulkhead,channel" nodes (sequential-write API,
 * inside the root node; guest_dt_channels.c). Returns a libfdt error or 0. */
int guest_dt_channels(void *fdt, const struct partition_spec *spec);

#endif
