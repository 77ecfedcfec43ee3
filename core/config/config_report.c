/* The partition map on the console. Every line starts with "partition NAME: " (or
 * "partition map: " for the first and last line) so tests and people can grep one partition; the
 * format is documented in docs/console.md, section "partition map". */
#include <stdarg.h>

#include "core/config/config.h"
#include "core/base/format.h"
#include "core/base/log.h"

/* "256 MiB", or "4 KiB" for sizes that are not whole MiB. */
static const char *size_str(char *buf, size_t len, uint64_t size)
{
	if (size && is_aligned(size, UINT64_C(1) << 20))
		fmt_snprintf(buf, len, "%llu MiB", (unsigned long long)(size >> 20));
	else
		fmt_snprintf(buf, len, "%llu KiB", (unsigned long long)(size >> 10));
	return buf;
}

/* Append to a line buffer; stops quietly at the end (log_printf marks truncation). */
struct line {
	char buf[LOG_LINE_MAX];
	size_t len;
};

static void addf(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void addf(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->buf))
		return;
	va_start(ap, fmt);
	n = fmt_vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n;
	if (l->len >= sizeof(l->buf))
		l->len = sizeof(l->buf) - 1;
}

static void report_header(const struct pmap_partition *p, const struct platform *plat)
{
	struct line l = { .len = 0 };

	l.buf[0] = '\0';
	addf(&l, "%s, cpus", p->host ? "host" : "guest");
	for (size_t i = 0; i < p->n_cpus; i++)
		addf(&l, " 0x%llx",
		     p->cpus[i] < plat->n_cpus ? (unsigned long long)plat->cpus[p->cpus[i]].mpidr : 0ULL);
	if (p->n_cpus == 0)
		addf(&l, " none");
	addf(&l, ", kernel %s", p->kernel ? p->kernel : "-");
	if (p->initrd)
		addf(&l, ", initrd %s", p->initrd);
	if (p->dtb)
		addf(&l, ", dtb %s", p->dtb);
	addf(&l, ", console %s", cfg_console_name(p->console));
	if (p->bootargs)
		addf(&l, ", bootargs \"%s\"", p->bootargs);
	log_printf("partition %s: %s\n", p->name, l.buf);
}

static void report_memory(const struct pmap_partition *p)
{
	for (size_t i = 0; i < p->n_mem; i++) {
		const struct pmap_mem *m = &p->mem[i];
		uint64_t last = m->size ? m->size - 1 : 0;
		char sz[32];

		if (m->allocated)
			log_printf("partition %s: memory ipa 0x%llx-0x%llx pa 0x%llx-0x%llx (%s, %s)\n", p->name,
				   (unsigned long long)ipa_val(m->ipa), (unsigned long long)(ipa_val(m->ipa) + last),
				   (unsigned long long)pa_val(m->pa), (unsigned long long)(pa_val(m->pa) + last),
				   size_str(sz, sizeof(sz), m->size), m->fixed ? "fixed" : "allocated");
		else
			log_printf("partition %s: memory ipa 0x%llx-0x%llx pa none (%s, not placed)\n", p->name,
				   (unsigned long long)ipa_val(m->ipa), (unsigned long long)(ipa_val(m->ipa) + last),
				   size_str(sz, sizeof(sz), m->size));
	}
}

static void report_groups(const struct partition_map *map, const struct pmap_partition *p, const struct group_set *gs)
{
	for (size_t i = 0; i < p->n_groups; i++) {
		const struct iso_group *g;
		struct line l = { .len = 0 };
		bool trusted = false;

		if (p->groups[i] >= gs->n_groups)
			continue;
		g = &gs->groups[p->groups[i]];
		l.buf[0] = '\0';
		for (size_t k = 0; k < g->n_members; k++) {
			if (g->members[k] >= gs->n_masters)
				continue;
			addf(&l, "%s%s", k ? " " : "", gs->masters[g->members[k]].name);
			trusted = trusted || (map->master_trusted && map->master_trusted[g->members[k]]);
		}
		log_detail("partition %s: group %u: %s%s\n", p->name, g->id, l.buf,
			   g->no_iommu ? (trusted ? " (no-iommu, trusted)" : " (no-iommu)") : "");
	}
}

/* Platform devices that are not DMA masters (those are listed with their groups). */
static void report_devices(const struct pmap_partition *p, const struct platform *plat)
{
	for (size_t i = 0; i < p->n_devices; i++) {
		const struct plat_device *d;
		struct line l = { .len = 0 };

		if (p->devices[i].device >= plat->n_devices || p->devices[i].master >= 0)
			continue;
		d = &plat->devices[p->devices[i].device];
		l.buf[0] = '\0';
		for (size_t k = 0; k < d->n_irqs; k++)
			if (!d->irqs[k].ppi)
				addf(&l, " irq %u", d->irqs[k].intid);
		log_detail("partition %s: device %s%s\n", p->name, d->path, l.buf);
	}
}

/* Physical -> virtual BDF of each function on the partition's virtual PCI host bridge. */
static void report_pci(const struct pmap_partition *p)
{
	for (size_t i = 0; i < p->n_pci; i++) {
		const struct pmap_pci *f = &p->pci[i];
		char irq[24] = "";

		if (f->intx)
			fmt_snprintf(irq, sizeof(irq), " irq %u", f->intx);
		log_detail("partition %s: pci %s -> 00:%02x.%x%s\n", p->name, f->name, PCI_SLOT(f->vdevfn),
			   PCI_FUNC(f->vdevfn), irq);
	}
}

/* The channels it maps, with their physical memory (docs/config.md, "Channels"). */
static void report_channels(const struct pmap_partition *p)
{
	for (size_t i = 0; i < p->n_channels; i++) {
		const struct pmap_part_channel *c = &p->channels[i];
		uint64_t last = c->size ? c->size - 1 : 0;
		char sz[32];

		log_detail("partition %s: channel %s ipa 0x%llx-0x%llx pa 0x%llx-0x%llx (%s, %s, doorbell %u%s)\n",
			   p->name, c->name, (unsigned long long)ipa_val(c->ipa),
			   (unsigned long long)(ipa_val(c->ipa) + last), (unsigned long long)pa_val(c->pa),
			   (unsigned long long)(pa_val(c->pa) + last), size_str(sz, sizeof(sz), c->size),
			   c->read_only ? "read-only" : "read-write", c->doorbell, c->dma ? ", dma" : "");
	}
}

/* Groups no partition holds (DMA masters no IOMMU translates that nobody named): mapped nowhere.
 * One line, so a board with dozens of such slots does not flood the console. */
static void report_unowned(const struct partition_map *map)
{
	size_t n = 0;

	for (size_t g = 0; g < map->n_groups && map->group_owner; g++)
		n += map->group_owner[g] == PMAP_NOBODY;
	if (n)
		log_printf("partition map: %zu group%s held by no partition (mapped nowhere: name a device in "
			   "`devices` "
			   "and `trusted-devices` to use it)\n",
			   n, n == 1 ? "" : "s");
}

void pmap_report(const struct partition_map *map, const struct platform *plat, const struct group_set *gs)
{
	static const struct group_set none;

	if (!gs)
		gs = &none;
	log_printf("partition map: %zu partition%s, hypervisor 0x%llx-0x%llx\n", map->n_parts,
		   map->n_parts == 1 ? "" : "s", (unsigned long long)map->hyp.base,
		   (unsigned long long)(map->hyp.base + (map->hyp.size ? map->hyp.size - 1 : 0)));
	for (size_t i = 0; i < map->n_parts; i++) {
		const struct pmap_partition *p = &map->parts[i];

		if (!p->name)
			continue;
		report_header(p, plat);
		report_memory(p);
		report_groups(map, p, gs);
		report_pci(p);
		report_devices(p, plat);
		report_channels(p);
	}
	report_unowned(map);
	log_printf("partition map: %s\n", map->valid ? "valid" : "INVALID, nothing will run");
}
