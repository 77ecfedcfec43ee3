/* Everything partition creation can refuse, refused here first: the per-partition counts of
 * core/partition/partition.h (vCPUs, memory regions, devices, register windows, PCI functions,
 * SPIs), CPUs past the ones the hypervisor runs (PLAT_MAX_CPUS), device registers and BARs past
 * the guest address space (stage 2 maps them at their physical addresses) and, with the images at
 * hand, whether kernel + initrd + device tree fit the first memory region. Creation asserts these
 * instead of failing, so the checker's verdict is the boot's. */
#include <string.h>

#include "core/base/addr.h"
#include "core/config/validate_internal.h"
#include "core/partition/guest_image.h"
#include "core/partition/partition.h"

static void over(struct vctx *v, size_t part, const char *prop, size_t n, unsigned max, const char *what)
{
	const struct cfg_partition *c = &v->cfg->parts[part];

	diag_error(v->dl, "cfg-over-limit", c->path, prop,
		   "partition '%s' has %zu %s; this build of bulkhead creates at most %u per partition", c->name, n,
		   what, max);
}

/* A register window as creation maps it: whole pages, one mapping per distinct page range (a
 * window overlapping one already counted adds none). */
struct windows {
	struct mem_range w[PART_MAX_MMIO + 1];
	size_t n;
	size_t total; /* windows creation would need, counted past the array */
};

static void add_window(struct windows *ws, uint64_t base, uint64_t size)
{
	uint64_t lo = align_down(base, SZ_4K), hi = align_up(base + size, SZ_4K);
	size_t cap = sizeof(ws->w) / sizeof(ws->w[0]);

	for (size_t i = 0; i < ws->n && i < cap; i++)
		if (ranges_overlap(lo, hi - lo, ws->w[i].base, ws->w[i].size))
			return;
	if (ws->n < cap)
		ws->w[ws->n++] = (struct mem_range){ lo, hi - lo };
	ws->total++;
}

/* A partition sees its devices' registers and its functions' BARs at their physical addresses:
 * stage 2 cannot map a window at or past 2^ipa_bits. True (said, once per device) if it is. */
static bool past_ipa_range(struct vctx *v, size_t part, const char *who, uint64_t base, uint64_t size)
{
	uint64_t limit = vctx_ipa_limit(v);
	uint64_t lo = align_down(base, SZ_4K), hi = align_up(base + size, SZ_4K);

	if (lo < limit && hi <= limit && hi > lo)
		return false;
	diag_error(v->dl, "cfg-ipa-range", v->cfg->parts[part].path, "devices",
		   "%s: registers 0x%llx-0x%llx lie past the %u-bit guest address space (a partition sees a "
		   "device at its physical address)",
		   who, (unsigned long long)base, (unsigned long long)(base + size - 1), v->lim->ipa_bits);
	return true;
}

static void count_part(struct vctx *v, size_t i, struct windows *ws)
{
	const struct pmap_partition *p = &v->map->parts[i];
	size_t n_pci = 0;

	memset(ws, 0, sizeof(*ws));
	for (size_t d = 0; d < p->n_devices; d++) {
		const struct plat_device *dev = &v->plat->devices[p->devices[d].device];
		bool said = false;

		for (size_t r = 0; r < dev->n_regs; r++) {
			add_window(ws, dev->regs[r].base, dev->regs[r].size);
			if (!said && dev->regs[r].size)
				said = past_ipa_range(v, i, dev->path, dev->regs[r].base, dev->regs[r].size);
		}
	}
	for (size_t m = 0; m < p->n_masters; m++) {
		const struct dma_master *dm = &v->gs->masters[p->masters[m]];
		const struct pci_function *f;
		bool said = false;

		if (dm->kind != MASTER_PCI || dm->pci_fn < 0 || !v->pci || (size_t)dm->pci_fn >= v->pci->n_fns)
			continue;
		n_pci++;
		f = &v->pci->fns[dm->pci_fn];
		for (unsigned b = 0; b < PCI_MAX_BARS && pci_bars_to_owner(f); b++) {
			struct mem_range r;

			if (!vctx_bar_to_cpu(v, f, &f->bars[b], &r))
				continue;
			add_window(ws, r.base, r.size);
			if (!said && r.size)
				said = past_ipa_range(v, i, dm->name, r.base, r.size);
		}
	}
	if (p->n_cpus > PART_MAX_VCPUS)
		over(v, i, "cpus", p->n_cpus, PART_MAX_VCPUS, "vCPUs");
	for (size_t k = 0; k < p->n_cpus; k++)
		if (p->cpus[k] >= PLAT_MAX_CPUS)
			diag_error(v->dl, "cfg-over-limit", v->cfg->parts[i].path, "cpus",
				   "CPU 0x%llx (%s) is number %zu of the board's %zu CPUs (from 0, in /cpus order); "
				   "this build of bulkhead runs only numbers 0-%u",
				   (unsigned long long)v->plat->cpus[p->cpus[k]].mpidr, v->plat->cpus[p->cpus[k]].path,
				   p->cpus[k], v->plat->n_cpus, PLAT_MAX_CPUS - 1);
	if (p->n_mem > PART_MAX_MEM)
		over(v, i, NULL, p->n_mem, PART_MAX_MEM, "memory regions");
	if (p->n_devices > PART_MAX_DEVICES)
		over(v, i, "devices", p->n_devices, PART_MAX_DEVICES,
		     p->host ? "platform devices (the host holds every device no one names)" : "platform devices");
	if (ws->total > PART_MAX_MMIO)
		over(v, i, "devices", ws->total, PART_MAX_MMIO, "register windows (device registers and PCI BARs)");
	if (n_pci > PART_MAX_PCI)
		over(v, i, "devices", n_pci, PART_MAX_PCI, "PCI functions");
	if (p->n_spis > PART_MAX_SPIS)
		over(v, i, "devices", p->n_spis, PART_MAX_SPIS, "interrupts (SPIs)");
}

/* Channels: how many, how large, how many per partition (core/partition/partition.h). */
static void count_channels(struct vctx *v)
{
	const struct config *cfg = v->cfg;

	if (cfg->n_channels > CHANNEL_MAX)
		diag_error(v->dl, "cfg-over-limit", "/channels", NULL,
			   "%zu channels; this build of bulkhead creates at most %u", cfg->n_channels, CHANNEL_MAX);
	for (size_t i = 0; i < cfg->n_channels; i++)
		if (cfg->channels[i].has_size && cfg->channels[i].size > CHANNEL_MAX_SIZE)
			diag_error(v->dl, "cfg-over-limit", cfg->channels[i].path, "size",
				   "channel '%s' is 0x%llx bytes; this build of bulkhead creates channels of at most "
				   "0x%llx",
				   cfg->channels[i].name, (unsigned long long)cfg->channels[i].size,
				   (unsigned long long)CHANNEL_MAX_SIZE);
	for (size_t i = 0; i < v->map->n_parts; i++)
		if (v->map->parts[i].n_channels > PART_MAX_CHANNELS)
			over(v, i, NULL, v->map->parts[i].n_channels, PART_MAX_CHANNELS, "channels");
}

void validate_limits(struct vctx *v)
{
	struct windows ws;

	for (size_t i = 0; i < v->map->n_parts; i++)
		count_part(v, i, &ws);
	count_channels(v);
}

/* Kernel, initrd and the device tree's 2 MiB slot in the first memory region, laid out exactly
 * as creation lays them out (guest_layout_compute with the size creation reserves). */
void validate_image_fit(struct vctx *v, const struct config_blobs *images)
{
	for (size_t i = 0; images && i < v->map->n_parts; i++) {
		const struct pmap_partition *p = &v->map->parts[i];
		const struct cfg_partition *c = &v->cfg->parts[i];
		const struct cfg_image *k = p->kernel ? config_find_image(images, p->kernel) : NULL;
		const struct cfg_image *rd = p->initrd ? config_find_image(images, p->initrd) : NULL;
		struct arm64_image img;
		struct guest_layout layout;
		struct part_mem mem0;
		const char *why;

		if (!k || p->n_mem == 0 || (p->initrd && !rd))
			continue; /* reported already: missing image or no memory */
		if (!k->data || !arm64_image_parse(k->data, k->size, &img, &why)) {
			diag_error(v->dl, "cfg-bad-kernel", c->path, "kernel", "image \"%s\": %s", p->kernel,
				   k->data ? why : "not readable");
			continue;
		}
		mem0 = (struct part_mem){ ipa_val(p->mem[0].ipa), pa_val(p->mem[0].pa), p->mem[0].size };
		if (!guest_layout_compute(&mem0, &img, rd ? rd->size : 0, GUEST_DTB_MAX, &layout, &why))
			diag_error(v->dl, "cfg-images-too-big", c->path, "kernel",
				   "%s: kernel \"%s\" (0x%llx bytes in memory at offset 0x%llx)%s%s%s + the device "
				   "tree's "
				   "2 MiB in the first region 0x%llx+0x%llx",
				   why, p->kernel, (unsigned long long)img.image_size,
				   (unsigned long long)img.text_offset, rd ? " + initrd \"" : "", rd ? p->initrd : "",
				   rd ? "\"" : "", (unsigned long long)mem0.ipa, (unsigned long long)mem0.size);
	}
}
