/* From a validated partition map to running partitions. */
#include <string.h>

#include "arch/arm64/hyp.h"
#include "arch/arm64/vm/partition.h"
#include "arch/arm64/vm/smmu.h"
#include "core/base/addr.h"
#include "core/config/config.h"
#include "core/base/format.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "drivers/platform/pci_ecam.h"
#include "core/base/log.h"

static struct partition_rt partitions[MAX_PARTITIONS];

static void add_mmio(struct partition_spec *s, uint64_t base, uint64_t size)
{
	uint64_t lo = align_down(base, SZ_4K), hi = align_up(base + size, SZ_4K);

	for (unsigned i = 0; i < s->n_mmio; i++)
		if (ranges_overlap(lo, hi - lo, s->mmio[i].pa, s->mmio[i].size))
			return; /* validation guarantees the page is this partition's anyway */
	if (s->n_mmio < PART_MAX_MMIO)
		s->mmio[s->n_mmio++] = (struct part_mmio){ lo, hi - lo };
}

#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004

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

/* Until config-space passthrough exists, bulkhead enables decoding and bus mastering for the
 * functions it assigns, maps their memory BARs and describes them in the partition's DT. */
static void add_pci_function(struct partition_spec *s, const struct platform *plat, const struct pci_function *f,
			     const struct pci_cfg_ops *ops)
{
	struct part_pci_fn *out;
	uint8_t devfn = PCI_DEVFN(f->dev, f->fn);
	uint32_t cmd;

	if (s->n_pci >= PART_MAX_PCI)
		return;
	out = &s->pci[s->n_pci++];
	memset(out, 0, sizeof(*out));
	fmt_snprintf(out->bdf, sizeof(out->bdf), "%04x:%02x:%02x.%x", f->segment, f->bus, f->dev, f->fn);
	out->vendor = f->vendor;
	out->device = f->device;
	out->class_code = f->class_code;
	for (unsigned b = 0; b < PCI_MAX_BARS; b++) {
		const struct pci_bar *bar = &f->bars[b];
		uint64_t cpu;

		if (!pci_bars_to_owner(f) || !bar->size || bar->io ||
		    !bar_cpu_address(&plat->pci_hosts[f->host], bar, &cpu))
			continue;
		out->bar_index[out->n_bars] = b;
		out->bar_cpu[out->n_bars] = cpu;
		out->bar_size[out->n_bars] = bar->size;
		out->n_bars++;
		add_mmio(s, cpu, bar->size);
	}
	cmd = ops->read32(ops->ctx, (unsigned)f->host, f->bus, devfn, PCI_COMMAND);
	ops->write32(ops->ctx, (unsigned)f->host, f->bus, devfn, PCI_COMMAND,
		     (cmd & 0xffffu) | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
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
	if (mp->n_spis > PART_MAX_SPIS)
		log_printf("partition %s: only the first %u of its %zu SPIs are forwarded\n", mp->name, PART_MAX_SPIS,
			   mp->n_spis);
	if (mp->console == CFG_CONSOLE_VIRTUAL && plat->console >= 0) {
		const struct plat_device *con = &plat->devices[plat->console];

		s->vuart = (struct part_vuart){ .present = true,
						.base = plat->console_base,
						.size = SZ_4K,
						.intid = con->n_irqs && !con->irqs[0].ppi ? con->irqs[0].intid : 0 };
	}
}

static bool spec_from_map(const struct pmap_partition *mp, const struct boot_inputs *in, struct partition_spec *s)
{
	const struct platform *plat = in->plat;
	const struct cfg_image *k = mp->kernel ? config_find_image(in->blobs, mp->kernel) : NULL;
	const struct cfg_image *rd = mp->initrd ? config_find_image(in->blobs, mp->initrd) : NULL;
	struct pci_cfg_ops ops;

	memset(s, 0, sizeof(*s));
	s->name = mp->name;
	s->vmid = mp->index + 1; /* VMID 0 is never used by a partition */
	s->is_host = mp->host;
	if (mp->n_cpus > PART_MAX_VCPUS || mp->n_mem > PART_MAX_MEM || mp->n_devices > PART_MAX_DEVICES) {
		log_printf("partition %s: more CPUs, memory regions or devices than this build supports\n", mp->name);
		return false;
	}
	s->n_vcpus = (unsigned)mp->n_cpus;
	for (size_t i = 0; i < mp->n_cpus; i++)
		s->pcpu[i] = (unsigned)mp->cpus[i];
	s->n_mem = (unsigned)mp->n_mem;
	for (size_t i = 0; i < mp->n_mem; i++)
		s->mem[i] = (struct part_mem){ ipa_val(mp->mem[i].ipa), pa_val(mp->mem[i].pa), mp->mem[i].size };
	for (size_t i = 0; i < mp->n_devices; i++) {
		const struct plat_device *d = &plat->devices[mp->devices[i].device];

		s->devices[s->n_devices++] = d->path;
		for (size_t r = 0; r < d->n_regs; r++)
			add_mmio(s, d->regs[r].base, d->regs[r].size);
	}
	pci_ecam_ops(&ops, plat);
	for (size_t i = 0; i < mp->n_masters; i++) {
		const struct dma_master *m = &in->groups->masters[mp->masters[i]];

		if (m->kind == MASTER_PCI && m->pci_fn >= 0)
			add_pci_function(s, plat, &in->pci->fns[m->pci_fn], &ops);
		for (size_t st = 0; st < m->n_streams; st++)
			if (m->streams[st].smmu >= 0 && smmu_needs_pages_only(&plat->smmus[m->streams[st].smmu]))
				s->s2_pages_only = true;
	}
	if (!k) {
		log_printf("partition %s: kernel image \"%s\" was not loaded\n", mp->name,
			   mp->kernel ? mp->kernel : "");
		return false;
	}
	s->kernel = (struct part_blob){ k->data, k->size };
	if (rd)
		s->initrd = (struct part_blob){ rd->data, rd->size };
	s->bootargs = mp->bootargs;
	s->index = mp->index;
	spec_interrupts(mp, plat, s);
	return true;
}

unsigned boot_partitions(const struct boot_inputs *in)
{
	const struct partition_map *map = in->map;
	unsigned started = 0;

	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++) {
		struct partition_spec spec;
		struct partition_rt *p = &partitions[i];

		if (!spec_from_map(&map->parts[i], in, &spec) || !partition_create(p, &spec, in->board_fdt, in->plat)) {
			log_printf("partition %s: not started\n", map->parts[i].name);
			continue;
		}
		for (unsigned v = 0; v < spec.n_vcpus; v++)
			if (spec.pcpu[v] < MAX_CPUS)
				cpu_vcpu[spec.pcpu[v]] = (struct vcpu_ref){ p, v };
		started++;
	}
	/* DMA is confined before any partition runs: every owned stream translated into its
	 * owner's memory, every other stream aborted. */
	smmu_setup(in, partitions, map->n_parts < MAX_PARTITIONS ? map->n_parts : MAX_PARTITIONS);
	/* Start only once every CPU knows its vCPU: a partition's CPU_ON may target any of them. */
	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++)
		if (partitions[i].dtb)
			partition_start(&partitions[i]);
	return started;
}
