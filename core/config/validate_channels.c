/* Shared-memory channels (docs/config.md, "Channels"): each maps one run of physical memory,
 * in no partition's memory regions, into every partition named under it.
 *
 * Rules: a size of whole 4 KiB pages; at least two partitions, each a partition of the config;
 * in each, a page-aligned IPA inside the stage-2 input size whose window overlaps nothing the
 * partition sees (memory, device registers, PCI BARs, virtual GIC, PCI ECAM window, console,
 * management window, the doorbell GPIO controller, its other channels); a doorbell that is an SPI
 * the virtual GIC holds and that is none of the partition's other interrupts (its devices' SPIs,
 * its PCI functions' INTx, its console's, its other doorbells, the doorbell GPIO controller's);
 * the doorbell GPIO controller's SPI (CHANNEL_GPIO_INTID) none of the interrupts of a partition
 * that maps a channel; and `dma;` in the mapping of a partition that owns DMA
 * masters, whose devices would reach the channel (an SMMU that translates at stage 2 shares the
 * partition's stage-2 tables). The memory is placed by the allocator after every partition
 * region, channels in config order, 2 MiB-aligned when the size is a 2 MiB multiple. */
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"
#include "core/config/validate_internal.h"
#include "core/partition/partition.h"
#include "core/vdev/vgicd.h"

static int find_partition(const struct vctx *v, const char *name)
{
	for (size_t i = 0; i < v->cfg->n_parts; i++)
		if (strcmp(v->cfg->parts[i].name, name) == 0)
			return (int)i;
	return -1;
}

static bool size_ok(struct vctx *v, const struct cfg_channel *ch)
{
	if (!ch->has_size)
		return false;
	if (ch->size == 0 || !is_aligned(ch->size, CFG_PAGE_SIZE)) {
		diag_error(v->dl, "cfg-channel-size", ch->path, "size",
			   "0x%llx bytes: a channel is a nonzero multiple of 4 KiB", (unsigned long long)ch->size);
		return false;
	}
	return ch->size <= CHANNEL_MAX_SIZE; /* larger: validate_limits.c says so */
}

/* The console's SPI when the partition has the virtual one, else 0. */
static uint32_t console_spi(const struct vctx *v, size_t part)
{
	const struct plat_device *con;

	if (v->map->parts[part].console != CFG_CONSOLE_VIRTUAL || v->plat->console < 0 ||
	    (size_t)v->plat->console >= v->plat->n_devices)
		return 0;
	con = &v->plat->devices[v->plat->console];
	return con->n_irqs && !con->irqs[0].ppi ? con->irqs[0].intid : 0;
}

static void check_doorbell(struct vctx *v, const struct cfg_chan_map *m, size_t part)
{
	const struct pmap_partition *p = &v->map->parts[part];

	if (m->doorbell < VGIC_NR_PRIVATE || m->doorbell >= VGICD_MAX_INTIDS) {
		diag_error(v->dl, "cfg-channel-doorbell", m->path, "doorbell",
			   "INTID %u is not an SPI the virtual GIC holds (%u-%u)", m->doorbell, VGIC_NR_PRIVATE,
			   VGICD_MAX_INTIDS - 1);
		return;
	}
	for (size_t i = 0; i < p->n_spis; i++) {
		if (p->spis[i] == m->doorbell) {
			diag_error(v->dl, "cfg-channel-doorbell", m->path, "doorbell",
				   "INTID %u is already an interrupt of partition '%s' (a device's or a PCI "
				   "function's)",
				   m->doorbell, p->name);
			return;
		}
	}
	if (m->doorbell == CHANNEL_GPIO_INTID) {
		diag_error(v->dl, "cfg-channel-doorbell", m->path, "doorbell",
			   "INTID %u is the interrupt of partition '%s''s doorbell GPIO controller", m->doorbell,
			   p->name);
		return;
	}
	if (m->doorbell == console_spi(v, part)) {
		diag_error(v->dl, "cfg-channel-doorbell", m->path, "doorbell",
			   "INTID %u is partition '%s''s virtual console interrupt", m->doorbell, p->name);
		return;
	}
	for (size_t i = 0; i < p->n_channels; i++) {
		if (p->channels[i].doorbell == m->doorbell) {
			diag_error(v->dl, "cfg-channel-doorbell", m->path, "doorbell",
				   "INTID %u is already the doorbell of channel '%s' in partition '%s'", m->doorbell,
				   p->channels[i].name, p->name);
			return;
		}
	}
}

static void overlap(struct vctx *v, const struct cfg_chan_map *m, uint64_t size, const char *what, uint64_t base,
		    uint64_t wsize)
{
	char a[48], b[48];

	diag_error(v->dl, "cfg-channel-overlap", m->path, "ipa", "guest-physical %s overlaps %s at %s",
		   vctx_range(a, sizeof(a), ipa_val(m->ipa), size), what, vctx_range(b, sizeof(b), base, wsize));
}

/* The window against everything the partition already sees. False when it overlaps something. */
static bool check_ipa(struct vctx *v, const struct cfg_chan_map *m, uint64_t size, size_t part)
{
	const struct pmap_partition *p = &v->map->parts[part];
	uint64_t base = ipa_val(m->ipa);
	uint64_t limit = vctx_ipa_limit(v);
	struct vctx_ipa_hits h;

	if (!is_aligned(base, CFG_PAGE_SIZE)) {
		diag_error(v->dl, "cfg-channel-ipa", m->path, "ipa", "guest-physical base 0x%llx is not 4 KiB-aligned",
			   (unsigned long long)base);
		return false;
	}
	if (base >= limit || size > limit - base) {
		diag_error(v->dl, "cfg-channel-ipa", m->path, "ipa",
			   "guest-physical 0x%llx + 0x%llx does not fit the %u-bit guest address space",
			   (unsigned long long)base, (unsigned long long)size, v->lim->ipa_bits);
		return false;
	}
	for (size_t i = 0; i < p->n_mem; i++) {
		if (ranges_overlap(base, size, ipa_val(p->mem[i].ipa), p->mem[i].size)) {
			overlap(v, m, size, "a memory region of the partition", ipa_val(p->mem[i].ipa), p->mem[i].size);
			return false;
		}
	}
	for (size_t i = 0; i < p->n_channels; i++) {
		char what[64];

		if (!ranges_overlap(base, size, ipa_val(p->channels[i].ipa), p->channels[i].size))
			continue;
		fmt_snprintf(what, sizeof(what), "channel '%s'", p->channels[i].name);
		overlap(v, m, size, what, ipa_val(p->channels[i].ipa), p->channels[i].size);
		return false;
	}
	vctx_ipa_board_hits(v, part, base, size, &h);
	if (h.n) {
		overlap(v, m, size, h.what, h.base, h.size);
		return false;
	}
	return true;
}

/* A partition owning DMA masters: the config must say whether they reach the channel (once
 * needed because stage-2 SMMUs shared the CPUs' tables; now their tables hold only `dma;`
 * channels either way: arch/arm64/vm/smmu_dma_map.c). */
static void check_dma(struct vctx *v, const struct cfg_chan_map *m, size_t part)
{
	const struct pmap_partition *p = &v->map->parts[part];

	if (p->n_masters && !m->dma)
		diag_error(v->dl, "cfg-channel-dma", m->path, "dma",
			   "partition '%s' owns %zu DMA master%s, which could reach the channel through its stage 2: "
			   "add `dma;` to accept that, or map the channel in a partition without DMA masters",
			   p->name, p->n_masters, p->n_masters == 1 ? "" : "s");
}

static bool add_member(struct vctx *v, struct pmap_channel *pc, size_t ci, size_t part, const struct cfg_chan_map *m)
{
	struct pmap_partition *p = &v->map->parts[part];
	struct pmap_part_channel *q = realloc(p->channels, (p->n_channels + 1) * sizeof(*q));

	if (!q || !vctx_push_size(v, &pc->parts, &pc->n_parts, part)) {
		if (q)
			p->channels = q;
		v->dl->out_of_memory = true;
		return false;
	}
	p->channels = q;
	q[p->n_channels++] = (struct pmap_part_channel){ .channel = ci,
							 .name = pc->name,
							 .ipa = m->ipa,
							 .size = pc->size,
							 .read_only = m->read_only,
							 .dma = m->dma,
							 .doorbell = m->doorbell };
	return true;
}

static void check_channel(struct vctx *v, size_t ci)
{
	const struct cfg_channel *ch = &v->cfg->channels[ci];
	struct pmap_channel *pc = &v->map->channels[ci];
	bool sized = size_ok(v, ch);
	size_t named = 0;

	pc->name = strdup(ch->name);
	pc->size = ch->size;
	if (!pc->name) {
		v->dl->out_of_memory = true;
		return;
	}
	for (size_t k = 0; k < ch->n_maps; k++) {
		const struct cfg_chan_map *m = &ch->maps[k];
		int part = find_partition(v, m->partition);
		bool ok;

		if (part < 0) {
			diag_error(v->dl, "cfg-channel-partition", m->path, NULL,
				   "\"%s\" is not a partition of this config", m->partition);
			continue;
		}
		named++;
		if (m->bad)
			continue;
		ok = sized && check_ipa(v, m, ch->size, (size_t)part); /* unsized: mapped nowhere */
		check_doorbell(v, m, (size_t)part);
		check_dma(v, m, (size_t)part);
		if (ok && !add_member(v, pc, ci, (size_t)part, m))
			return;
	}
	if (named < 2)
		diag_error(v->dl, "cfg-channel-members", ch->path, NULL,
			   "channel '%s' is mapped by %zu partition%s of this config: a channel joins at least two",
			   ch->name, named, named == 1 ? "" : "s");
}

/* Physical memory for every well-sized channel, after every partition region. */
static void allocate(struct vctx *v)
{
	size_t cap = v->plat->n_reserved + v->cfg->n_channels + 1, n_ex;
	struct vctx_span *ex;

	for (size_t i = 0; i < v->map->n_parts; i++)
		cap += v->map->parts[i].n_mem;
	ex = malloc(cap * sizeof(*ex));
	if (!ex) {
		v->dl->out_of_memory = true;
		return;
	}
	n_ex = vctx_kept_spans(v, ex);
	for (size_t i = 0; i < v->map->n_parts; i++)
		for (size_t k = 0; k < v->map->parts[i].n_mem; k++)
			if (v->map->parts[i].mem[k].allocated)
				ex[n_ex++] = (struct vctx_span){ pa_val(v->map->parts[i].mem[k].pa),
								 v->map->parts[i].mem[k].size, SIZE_MAX };
	for (size_t ci = 0; ci < v->cfg->n_channels; ci++) {
		struct pmap_channel *pc = &v->map->channels[ci];
		uint64_t align = is_aligned(pc->size, CFG_BLOCK_SIZE) ? CFG_BLOCK_SIZE : CFG_PAGE_SIZE, base;

		if (pc->size == 0 || !is_aligned(pc->size, CFG_PAGE_SIZE) || pc->size > CHANNEL_MAX_SIZE)
			continue;
		qsort(ex, n_ex, sizeof(*ex), vctx_cmp_span);
		if (!vctx_lowest_fit(v->plat, ex, n_ex, pc->size, align, &base)) {
			diag_error(v->dl, "cfg-channel-no-space", v->cfg->channels[ci].path, "size",
				   "no free RAM for 0x%llx bytes outside the hypervisor, reservations and every "
				   "partition's memory",
				   (unsigned long long)pc->size);
			continue;
		}
		pc->pa = pa(base);
		pc->allocated = true;
		ex[n_ex++] = (struct vctx_span){ base, pc->size, SIZE_MAX };
	}
	free(ex);
}

_Static_assert(CHANNEL_GPIO_INTID >= VGIC_NR_PRIVATE && CHANNEL_GPIO_INTID < VGICD_MAX_INTIDS, "the doorbell GPIO "
											       "controller's interrupt "
											       "is an SPI the virtual "
											       "GIC holds");

/* A partition that maps a channel has the doorbell GPIO controller, whose SPI it must not own. */
static void check_gpio_spi(struct vctx *v, size_t part)
{
	const struct pmap_partition *p = &v->map->parts[part];
	bool owned = console_spi(v, part) == CHANNEL_GPIO_INTID;

	for (size_t i = 0; i < p->n_spis; i++)
		owned = owned || p->spis[i] == CHANNEL_GPIO_INTID;
	if (owned)
		diag_error(v->dl, "cfg-channel-gpio-spi", v->cfg->parts[part].path, NULL,
			   "partition '%s' maps channels, so INTID %u is its doorbell GPIO controller's interrupt, "
			   "but it already has that interrupt (a device's, a PCI function's or its console's)",
			   p->name, CHANNEL_GPIO_INTID);
}

void validate_channels(struct vctx *v)
{
	if (v->cfg->n_channels == 0)
		return;
	v->map->channels = calloc(v->cfg->n_channels, sizeof(*v->map->channels));
	if (!v->map->channels) {
		v->dl->out_of_memory = true;
		return;
	}
	v->map->n_channels = v->cfg->n_channels;
	for (size_t ci = 0; ci < v->cfg->n_channels && !v->dl->out_of_memory; ci++)
		check_channel(v, ci);
	if (v->dl->out_of_memory)
		return;
	for (size_t i = 0; i < v->map->n_parts; i++)
		if (v->map->parts[i].n_channels)
			check_gpio_spi(v, i);
	allocate(v);
	/* Each mapping gets its channel's physical base. */
	for (size_t i = 0; i < v->map->n_parts; i++)
		for (size_t k = 0; k < v->map->parts[i].n_channels; k++) {
			struct pmap_part_channel *c = &v->map->parts[i].channels[k];

			c->pa = v->map->channels[c->channel].pa;
		}
}

void pmap_free_channels(struct partition_map *map)
{
	for (size_t i = 0; i < map->n_channels && map->channels; i++) {
		free(map->channels[i].name);
		free(map->channels[i].parts);
	}
	free(map->channels);
	for (size_t i = 0; i < map->n_parts && map->parts; i++)
		free(map->parts[i].channels);
}
