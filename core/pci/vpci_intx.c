/* INTx routing of a physical function: swizzle its pin through each bridge above it, then look
 * the root-bus device and pin up in the host bridge's interrupt-map, as Linux's
 * of_irq_parse_pci() does with pci_swizzle_interrupt_pin(). */
#include "core/pci/vpci.h"

bool vpci_intx_route(const struct platform *plat, const struct pci_topology *topo, size_t fn, uint8_t pin,
		     struct plat_irq *out)
{
	const struct pci_function *f = &topo->fns[fn];
	const struct plat_pci_host *h;
	uint32_t hi;

	if (pin < 1 || pin > 4 || f->host < 0 || (size_t)f->host >= plat->n_pci_hosts)
		return false;
	while (f->parent >= 0) {
		pin = vpci_swizzle(pin, f->dev);
		f = &topo->fns[f->parent];
	}
	h = &plat->pci_hosts[f->host];
	hi = ((uint32_t)f->bus << 16 | (uint32_t)PCI_DEVFN(f->dev, f->fn) << 8) & h->intx_mask_hi;
	for (size_t i = 0; i < h->n_intx; i++) {
		const struct plat_intx_route *r = &h->intx[i];

		if ((r->phys_hi & h->intx_mask_hi) == hi && (r->pin & h->intx_mask_pin) == (pin & h->intx_mask_pin)) {
			*out = r->irq;
			return !out->ppi;
		}
	}
	return false;
}
