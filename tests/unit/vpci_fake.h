/* A small machine for the virtual PCI tests: QEMU virt's host bridge (32-bit window at
 * 0x10000000, 64-bit window at 0x8000000000, QEMU's interrupt-map: SPI 3 + (slot + pin - 1) % 4
 * with mask <0x1800 0 0 7>), a topology and a fake physical configuration space behind a
 * struct vpci_phys_ops that logs every write.
 *
 * Functions (physical -> placement expected by vpci.h's rules):
 *   VF_A 00:02.0 endpoint, BAR0 32-bit 0x10000000/4 KiB, BAR2+3 64-bit prefetchable
 *        0x8000000000/1 MiB, BAR4 I/O, pin A; capabilities 0x40 MSI-X, 0x50 PM, 0x60 vendor
 *        (16 bytes), 0x70 MSI, 0x80 PCI Express v2; AER at 0x100
 *   VF_RP 00:03.0 root port (secondary bus 1)
 *   VF_B0 01:00.0 and VF_B1 01:00.1: one multifunction endpoint, B1 on pin B, no capabilities
 *   VF_C 00:04.0 endpoint, BAR0 32-bit 0x10100000/4 KiB, pin A (not given to the bus in most tests) */
#ifndef BULKHEAD_TESTS_VPCI_FAKE_H
#define BULKHEAD_TESTS_VPCI_FAKE_H

#include <stdint.h>

#include "core/pci/pci.h"
#include "core/pci/vpci.h"
#include "core/platform/platform.h"

enum { VF_A, VF_RP, VF_B0, VF_B1, VF_C, VF_N };

struct vf_write {
	uint16_t bdf, off;
	unsigned size;
	uint32_t val;
};

struct vf_fn {
	uint16_t bdf;
	uint8_t cfg[4096];
	uint8_t wmask[4096]; /* bits a write changes */
	uint8_t w1c[4096];   /* bits a written 1 clears */
};

struct vpci_fake {
	struct platform plat;
	struct plat_pci_host host;
	struct plat_pci_range ranges[2];
	struct plat_intx_route intx[16];
	struct pci_topology topo;
	size_t idx[VF_N]; /* topology index of each VF_* function */
	struct vf_fn fns[VF_N];
	struct vf_write writes[64];
	unsigned n_writes;
	struct vpci_phys_ops ops;
};

/* Build everything; vpci_fake_free() releases the topology. */
void vpci_fake_init(struct vpci_fake *f);
void vpci_fake_free(struct vpci_fake *f);

/* A guest's access to bus through its virtual ECAM window, at virtual devfn and register reg. */
uint32_t vf_guest_read(struct vpci_fake *f, struct vpci_bus *bus, uint8_t devfn, unsigned reg, unsigned size);
void vf_guest_write(struct vpci_fake *f, struct vpci_bus *bus, uint8_t devfn, unsigned reg, unsigned size,
		    uint32_t val);

/* Little-endian access to a fake function's configuration space. */
uint32_t vf_get(const struct vf_fn *fn, unsigned off, unsigned size);
void vf_set(struct vf_fn *fn, unsigned off, unsigned size, uint32_t val);

#endif
