/* The platform section of the boot report. Lines start with a fixed tag ("platform:", "memory:",
 * "cpus:", ...) so tests and people can grep them; the format is documented in docs/console.md. */
#include <stdio.h>
#include <string.h>

#include "core/base/format.h"
#include "core/base/log.h"
#include "core/platform/platform.h"

#define MIB(x) ((unsigned long long)((x) >> 20))

static void report_memory(const struct platform *plat)
{
	for (size_t i = 0; i < plat->n_mem; i++)
		log_printf("memory: 0x%llx-0x%llx (%llu MiB)\n", (unsigned long long)plat->mem[i].base,
			   (unsigned long long)(plat->mem[i].base + plat->mem[i].size - 1), MIB(plat->mem[i].size));
	log_printf("memory: total %llu MiB in %zu bank%s\n", MIB(platform_ram_size(plat)), plat->n_mem,
		   plat->n_mem == 1 ? "" : "s");
	for (size_t i = 0; i < plat->n_reserved; i++)
		log_printf("reserved: 0x%llx-0x%llx %s\n", (unsigned long long)plat->reserved[i].range.base,
			   (unsigned long long)(plat->reserved[i].range.base + plat->reserved[i].range.size - 1),
			   plat->reserved[i].path);
}

static void report_cpus(const struct platform *plat)
{
	char line[LOG_LINE_MAX] = ""; /* no CPUs (a board that failed discovery) prints none */
	size_t len = 0;

	for (size_t i = 0; i < plat->n_cpus && len < sizeof(line); i++)
		len += (size_t)fmt_snprintf(line + len, sizeof(line) - len, " 0x%llx",
					    (unsigned long long)plat->cpus[i].mpidr);
	log_printf("cpus: %zu (mpidr%s)\n", plat->n_cpus, line);
}

static void report_gic(const struct platform *plat)
{
	const struct plat_gic *g = &plat->gic;

	if (g->version == GIC_V3) {
		log_printf("gic: GICv3 %s dist 0x%llx redist 0x%llx (0x%llx bytes, %u region%s)%s", g->path,
			   (unsigned long long)g->dist.base, (unsigned long long)g->redist[0].base,
			   (unsigned long long)g->redist[0].size, g->n_redist, g->n_redist == 1 ? "" : "s",
			   g->its.size ? "" : "\n");
		if (g->its.size)
			log_printf(" its 0x%llx\n", (unsigned long long)g->its.base);
	} else if (g->version == GIC_V2) {
		log_printf("gic: GICv2 %s dist 0x%llx cpu 0x%llx hyp 0x%llx vcpu 0x%llx\n", g->path,
			   (unsigned long long)g->dist.base, (unsigned long long)g->cpu_if.base,
			   (unsigned long long)g->hyp_if.base, (unsigned long long)g->vcpu_if.base);
	}
	if (g->maintenance_intid)
		log_printf("gic: maintenance interrupt INTID %u\n", g->maintenance_intid);
}

static const char *space_name(uint32_t space)
{
	static const char *const names[] = { "cfg", "io", "mem32", "mem64" };

	return names[space & 3];
}

static void report_pci_host(const struct plat_pci_host *h, const struct platform *plat)
{
	log_printf("pci: %s segment %u ECAM 0x%llx (%llu MiB) buses %u-%u\n", h->path, h->segment,
		   (unsigned long long)h->ecam.base, MIB(h->ecam.size), h->bus_start, h->bus_end);
	for (size_t i = 0; i < h->n_ranges; i++)
		log_detail("pci:   window %s%s pci 0x%llx -> cpu 0x%llx size 0x%llx\n", space_name(h->ranges[i].space),
			   h->ranges[i].prefetchable ? " prefetchable" : "", (unsigned long long)h->ranges[i].pci_addr,
			   (unsigned long long)h->ranges[i].cpu_addr, (unsigned long long)h->ranges[i].size);
	if (!h->has_iommu_map)
		log_printf("pci:   no iommu-map: functions below are not behind an IOMMU\n");
	for (size_t i = 0; i < h->n_iommu_map; i++) {
		const struct plat_id_map *m = &h->iommu_map[i];

		log_detail("pci:   iommu-map rid 0x%x-0x%x -> %s sid 0x%x (mask 0x%x)\n", m->rid_base,
			   m->rid_base + m->length - 1, m->target >= 0 ? plat->smmus[m->target].path : "?", m->id_base,
			   h->iommu_map_mask);
	}
	for (size_t i = 0; i < h->n_msi_map; i++)
		log_detail("pci:   msi-map rid 0x%x-0x%x -> phandle 0x%x id 0x%x\n", h->msi_map[i].rid_base,
			   h->msi_map[i].rid_base + h->msi_map[i].length - 1, h->msi_map[i].phandle,
			   h->msi_map[i].id_base);
}

/* An unnamed SMMUv1/v2 interrupt is global or context by its position (#global-interrupts). */
static const char *smmu_irq_label(const struct plat_smmu *s, size_t i)
{
	if (s->irq_names[i])
		return s->irq_names[i];
	if (s->model == SMMU_MODEL_V3 || s->n_global_irqs == 0)
		return "irq";
	return i < s->n_global_irqs ? "global" : "context";
}

static void report_smmu(const struct plat_smmu *s)
{
	char irqs[160] = "", inst[96] = "";
	size_t len = 0, ilen = 0;
	const char *why;

	for (size_t i = 0; i < s->n_irqs && len < sizeof(irqs); i++)
		len += (size_t)fmt_snprintf(irqs + len, sizeof(irqs) - len, " %s=%u", smmu_irq_label(s, i),
					    s->irqs[i].intid);
	for (unsigned i = 1; i < s->n_inst && ilen < sizeof(inst); i++)
		ilen += (size_t)fmt_snprintf(inst + ilen, sizeof(inst) - ilen, " + 0x%llx",
					     (unsigned long long)s->inst[i].base);
	log_printf("smmu: %s %s%s%s at 0x%llx%s #iommu-cells %u%s%s\n", s->path, smmu_model_name(s->model),
		   s->impl != SMMU_IMPL_GENERIC ? " " : "", s->impl != SMMU_IMPL_GENERIC ? smmu_impl_name(s->impl) : "",
		   (unsigned long long)s->reg.base, inst, s->iommu_cells, len ? " irqs" : "", irqs);
	if (s->n_inst > 1)
		log_printf("smmu: %s: %u instances, programmed as one\n", s->path, s->n_inst);
	if (!smmu_programmable(s, &why))
		log_printf("smmu: %s: not programmable (%s): its devices are NOT isolated\n", s->path, why);
}

static const char *role_name(enum plat_dev_role r)
{
	switch (r) {
	case DEV_ROLE_OTHER:
		return "";
	case DEV_ROLE_CONSOLE:
		return " [console]";
	case DEV_ROLE_GIC:
		return " [gic]";
	case DEV_ROLE_SMMU:
		return " [iommu]";
	case DEV_ROLE_PCI_HOST:
		return " [pci-host]";
	case DEV_ROLE_TIMER:
		return " [timer]";
	case DEV_ROLE_FIRMWARE:
		return " [firmware]";
	}
	return "";
}

/* "device: PATH ROLE" and the device's resources, formatted once into one buffer and written
 * with log_write(): longer than a log line, it is cut as log_printf() cuts one. */
static void report_device(const struct plat_device *d, const struct platform *plat)
{
	char line[2 * LOG_LINE_MAX];
	size_t len = (size_t)fmt_snprintf(line, sizeof(line), "device: %s%s", d->path, role_name(d->role));

	for (size_t i = 0; i < d->n_regs && len < sizeof(line); i++)
		len += (size_t)fmt_snprintf(line + len, sizeof(line) - len, " reg 0x%llx+0x%llx",
					    (unsigned long long)d->regs[i].base, (unsigned long long)d->regs[i].size);
	for (size_t i = 0; i < d->n_irqs && len < sizeof(line); i++)
		len += (size_t)fmt_snprintf(line + len, sizeof(line) - len, " irq %u", d->irqs[i].intid);
	for (size_t i = 0; i < d->n_streams && len < sizeof(line); i++)
		len += (size_t)fmt_snprintf(line + len, sizeof(line) - len, " sid 0x%x%s@%s", d->streams[i].sid,
					    d->streams[i].mask ? "/mask" : "", plat->smmus[d->streams[i].smmu].path);
	if (d->dma_capable && d->n_streams == 0 && len < sizeof(line))
		len += (size_t)fmt_snprintf(line + len, sizeof(line) - len, " dma no-iommu");
	if (len < sizeof(line))
		len += (size_t)fmt_snprintf(line + len, sizeof(line) - len, "\n");
	log_detail_write(line, len < sizeof(line) ? len : sizeof(line) - 1);
}

void platform_report(const struct platform *plat)
{
	static const char *const psci[] = { "none", "smc", "hvc" };

	log_printf("platform: %s (%s)\n", plat->model ? plat->model : "unnamed board",
		   plat->compatible ? plat->compatible : "no compatible");
	report_memory(plat);
	report_cpus(plat);
	report_gic(plat);
	if (plat->console >= 0)
		log_printf("console: %s at 0x%llx\n", plat->devices[plat->console].path,
			   (unsigned long long)plat->console_base);
	else
		log_printf("console: none found from /chosen/stdout-path\n");
	log_printf("psci: %s\n", psci[plat->psci]);
	if (plat->n_timer_irqs >= 4)
		log_printf("timer: INTIDs secure-phys %u phys %u virt %u hyp-phys %u\n", plat->timer_irqs[0].intid,
			   plat->timer_irqs[1].intid, plat->timer_irqs[2].intid, plat->timer_irqs[3].intid);
	for (size_t i = 0; i < plat->n_smmus; i++)
		report_smmu(&plat->smmus[i]);
	if (plat->n_smmus == 0)
		log_printf("smmu: none: DMA-capable devices cannot be isolated\n");
	for (size_t i = 0; i < plat->n_pci_hosts; i++)
		report_pci_host(&plat->pci_hosts[i], plat);
	for (size_t i = 0; i < plat->n_devices; i++)
		report_device(&plat->devices[i], plat);
}
