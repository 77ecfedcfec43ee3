/* From a validated partition map to each partition's spec (partition_plan.h). */
#include "core/partition/partition_plan.h"

#include <string.h>

#include "core/base/addr.h"
#include "core/base/format.h"
#include "core/pci/vpci.h"

/* A device register window as whole pages, unless a page of it is already mapped. False when
 * the spec has no room: validation (validate_limits.c) counts windows the same way and refuses
 * such a partition, so this is a broken promise, never a silent truncation. */
static bool add_mmio(struct partition_spec *s, uint64_t base, uint64_t size)
{
	uint64_t lo = align_down(base, SZ_4K), hi = align_up(base + size, SZ_4K);

	for (unsigned i = 0; i < s->n_mmio; i++)
		if (ranges_overlap(lo, hi - lo, s->mmio[i].pa, s->mmio[i].size))
			return true; /* validation guarantees the page is this partition's anyway */
	if (s->n_mmio >= PART_MAX_MMIO)
		return false;
	s->mmio[s->n_mmio++] = (struct part_mmio){ lo, hi - lo };
	return true;
}

/* A memory BAR's bus address as the CPU sees it, through the host bridge's ranges. */
static bool bar_cpu_address(const struct plat_pci_host *h, const struct pci_bar *bar, uint64_t *cpu)
{
	for (size_t i = 0; i < h->n_ranges; i++) {
		const struct plat_pci_range *r = &h->ranges[i];

		if ((r->space == 2 || r->space == 3) && range_within(bar->addr, bar->size, r->pci_addr, r->size)) {
			*cpu = bar->addr - r->pci_addr + r->cpu_addr;
			return true;
		}
	}
	return false;
}

/* An assigned PCI function as the partition's DT describes it, its memory BARs mapped 1:1. */
static bool add_pci_function(struct partition_plan *out, const struct platform *plat, const struct pci_function *f)
{
	struct partition_spec *s = &out->spec;
	struct part_pci_fn *fn;
	bool room = true;

	if (s->n_pci >= PART_MAX_PCI)
		return false;
	out->pci_fns[s->n_pci] = f;
	fn = &s->pci[s->n_pci++];
	memset(fn, 0, sizeof(*fn));
	fmt_snprintf(fn->bdf, sizeof(fn->bdf), "%04x:%02x:%02x.%x", f->segment, f->bus, f->dev, f->fn);
	fn->host = (unsigned)f->host;
	fn->bus = f->bus;
	fn->devfn = PCI_DEVFN(f->dev, f->fn);
	fn->is_bridge = f->is_bridge;
	fn->vendor = f->vendor;
	fn->device = f->device;
	fn->class_code = f->class_code;
	for (unsigned b = 0; b < PCI_MAX_BARS; b++) {
		const struct pci_bar *bar = &f->bars[b];
		uint64_t cpu;

		if (!pci_bars_to_owner(f) || !bar->size || bar->io ||
		    !bar_cpu_address(&plat->pci_hosts[f->host], bar, &cpu))
			continue;
		fn->bar_index[fn->n_bars] = b;
		fn->bar_cpu[fn->n_bars] = cpu;
		fn->bar_size[fn->n_bars] = bar->size;
		fn->n_bars++;
		room = add_mmio(s, cpu, bar->size) && room;
	}
	return room;
}

/* The trigger the board DT gives an SPI (GIC binding: cell 3 bits 0-1 = edge). */
static bool spi_edge(const struct platform *plat, uint32_t intid)
{
	for (size_t d = 0; d < plat->n_devices; d++)
		for (size_t i = 0; i < plat->devices[d].n_irqs; i++)
			if (!plat->devices[d].irqs[i].ppi && plat->devices[d].irqs[i].intid == intid)
				return (plat->devices[d].irqs[i].flags & 3) != 0;
	return false;
}

/* The partition's passthrough SPIs, and its emulated PL011 at the board console's address. */
static void spec_interrupts(const struct pmap_partition *mp, const struct platform *plat, struct partition_spec *s)
{
	for (size_t i = 0; i < mp->n_spis && s->n_spis < PART_MAX_SPIS; i++)
		s->spis[s->n_spis++] = (struct part_spi){ mp->spis[i], spi_edge(plat, mp->spis[i]) };
	if (mp->console == CFG_CONSOLE_VIRTUAL && plat->console >= 0) {
		const struct plat_device *con = &plat->devices[plat->console];

		s->vuart = (struct part_vuart){ .present = true,
						.base = plat->console_base,
						.size = SZ_4K,
						.intid = con->n_irqs && !con->irqs[0].ppi ? con->irqs[0].intid : 0 };
	}
}

/* The channels it maps (validation refused more than PART_MAX_CHANNELS: cfg-over-limit). */
static bool spec_channels(const struct pmap_partition *mp, struct partition_spec *s, struct diag_list *dl)
{
	if (mp->n_channels > PART_MAX_CHANNELS) {
		diag_error(dl, "plan-limits", mp->name, NULL,
			   "more channels than this build supports: validation should have refused it");
		return false;
	}
	for (size_t i = 0; i < mp->n_channels; i++) {
		const struct pmap_part_channel *c = &mp->channels[i];

		s->channels[s->n_channels++] = (struct part_channel){ .name = c->name,
								      .id = (unsigned)c->channel,
								      .ipa = ipa_val(c->ipa),
								      .pa = pa_val(c->pa),
								      .size = c->size,
								      .read_only = c->read_only,
								      .dma = c->dma,
								      .doorbell = c->doorbell };
	}
	return true;
}

bool partition_plan_resources(const struct pmap_partition *mp, const struct plan_inputs *in, struct partition_plan *out,
			      struct diag_list *dl)
{
	const struct platform *plat = in->plat;
	struct partition_spec *s = &out->spec;
	bool room = true;

	memset(out, 0, sizeof(*out));
	s->name = mp->name;
	s->vmid = mp->index + 1; /* VMID 0 is never used by a partition */
	s->is_host = mp->host;
	/* Validation refused every count over these (validate_limits.c): here they are asserted. */
	if (mp->n_cpus > PART_MAX_VCPUS || mp->n_mem > PART_MAX_MEM || mp->n_devices > PART_MAX_DEVICES ||
	    mp->n_spis > PART_MAX_SPIS) {
		diag_error(dl, "plan-limits", mp->name, NULL,
			   "more CPUs, memory regions, devices or SPIs than this build supports: validation "
			   "should have refused it");
		return false;
	}
	s->n_vcpus = (unsigned)mp->n_cpus;
	for (size_t i = 0; i < mp->n_cpus; i++) {
		if (mp->cpus[i] >= PLAT_MAX_CPUS) {
			diag_error(dl, "plan-limits", mp->name, NULL,
				   "CPU number %zu is past the %u this build runs: validation should have refused it",
				   mp->cpus[i], PLAT_MAX_CPUS);
			return false;
		}
		s->pcpu[i] = (unsigned)mp->cpus[i];
	}
	s->n_mem = (unsigned)mp->n_mem;
	for (size_t i = 0; i < mp->n_mem; i++)
		s->mem[i] = (struct part_mem){ ipa_val(mp->mem[i].ipa), pa_val(mp->mem[i].pa), mp->mem[i].size };
	for (size_t i = 0; i < mp->n_devices; i++) {
		const struct plat_device *d = &plat->devices[mp->devices[i].device];

		s->devices[s->n_devices++] = d->path;
		for (size_t r = 0; r < d->n_regs; r++)
			room = add_mmio(s, d->regs[r].base, d->regs[r].size) && room;
	}
	for (size_t i = 0; i < mp->n_masters; i++) {
		const struct dma_master *m = &in->groups->masters[mp->masters[i]];

		if (m->kind == MASTER_PCI && m->pci_fn >= 0)
			room = add_pci_function(out, plat, &in->pci->fns[m->pci_fn]) && room;
		/* The SMMU shares the stage 2: some cannot walk blocks (Tegra, docs/smmuv2.md). */
		for (size_t st = 0; st < m->n_streams; st++)
			if (m->streams[st].smmu >= 0 && smmu_needs_pages_only(&plat->smmus[m->streams[st].smmu]))
				s->s2_pages_only = true;
	}
	if (!room) {
		diag_error(dl, "plan-limits", mp->name, NULL,
			   "more register windows or PCI functions than this build supports: validation should have "
			   "refused it");
		return false;
	}
	s->bootargs = mp->bootargs;
	s->index = mp->index;
	s->manages = mp->manages;
	spec_interrupts(mp, plat, s);
	return spec_channels(mp, s, dl);
}

bool partition_plan(const struct pmap_partition *mp, const struct plan_inputs *in, struct partition_plan *out,
		    struct diag_list *dl)
{
	const struct cfg_image *k = mp->kernel ? config_find_image(in->blobs, mp->kernel) : NULL;
	const struct cfg_image *rd = mp->initrd ? config_find_image(in->blobs, mp->initrd) : NULL;

	if (!partition_plan_resources(mp, in, out, dl))
		return false;
	if (!k) {
		diag_error(dl, "plan-no-kernel", mp->name, NULL, "kernel image \"%s\" was not loaded",
			   mp->kernel ? mp->kernel : "");
		return false;
	}
	out->spec.kernel = (struct part_blob){ k->data, k->size };
	if (rd)
		out->spec.initrd = (struct part_blob){ rd->data, rd->size };
	return true;
}

bool partition_plan_vpci(const struct pmap_partition *mp, const struct plan_inputs *in, struct vpci_bus *bus,
			 struct partition_spec *s, struct diag_list *dl)
{
	size_t owned[VPCI_MAX_FNS];

	if (!mp->n_pci)
		return true;
	if (mp->n_pci > VPCI_MAX_FNS) {
		diag_error(dl, "plan-vpci", mp->name, NULL, "more PCI functions than a virtual host bridge holds");
		return false;
	}
	for (size_t i = 0; i < mp->n_pci; i++)
		owned[i] = mp->pci[i].fn;
	if (vpci_bus_build(bus, in->plat, in->pci, owned, mp->n_pci, mp->name, dl) && bus->n_fns == mp->n_pci) {
		s->vpci = bus;
		return true;
	}
	diag_error(dl, "plan-vpci", mp->name, NULL, "its PCI functions cannot be placed on a virtual host bridge");
	return false;
}
