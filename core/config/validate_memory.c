/* Memory rules and the physical allocator.
 *
 * Each `memory@IPA` region is whole 4 KiB pages at a page-aligned IPA below 2^ipa_bits. A region
 * with `phys` is fixed: it must lie inside one RAM bank, clear of the hypervisor's region, of
 * /memreserve/ and /reserved-memory, and of every other region. A region without `phys` gets one
 * from the allocator, which is deterministic: regions in config order (partitions in DT order,
 * their regions in DT order), each at the lowest free address of the lowest RAM bank that fits,
 * aligned to 2 MiB when its IPA and size are (so stage 2 can use block mappings), else to 4 KiB.
 * Free means outside the hypervisor's region, reservations, fixed regions and earlier
 * allocations. Finally no two regions of a partition may overlap in IPA, nor a region overlap the
 * partition's device registers and PCI BARs (mapped at IPA = PA), its virtual GIC, its virtual
 * console (at the board's addresses) or its virtual PCI host bridge's ECAM window. */
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"
#include "core/config/validate_internal.h"
#include "core/partition/partition.h"
#include "core/pci/vpci.h"
#include "core/vdev/mgmt_window.h"

struct region {
	size_t part, idx; /* config partition, region within it */
	const struct cfg_mem *m;
	bool shape_ok; /* size and alignment fine: worth placing */
	bool placed;   /* pa valid */
	uint64_t pa;
};

#define where(v, r) ((void)(v), (r)->m->path)

static void check_shape(struct vctx *v, struct region *r)
{
	const struct cfg_mem *m = r->m;
	uint64_t ipa_limit = vctx_ipa_limit(v);
	bool ok = true;

	if (m->size == 0) {
		diag_error(v->dl, "cfg-memory-size", where(v, r), "reg", "size is 0");
		ok = false;
	} else if (!is_aligned(m->size, CFG_PAGE_SIZE)) {
		diag_error(v->dl, "cfg-memory-size", where(v, r), "reg", "size 0x%llx is not a multiple of 4 KiB",
			   (unsigned long long)m->size);
		ok = false;
	}
	if (!is_aligned(ipa_val(m->ipa), CFG_PAGE_SIZE)) {
		diag_error(v->dl, "cfg-memory-unaligned", where(v, r), "reg",
			   "guest-physical base 0x%llx is not 4 KiB-aligned", (unsigned long long)ipa_val(m->ipa));
		ok = false;
	}
	if (m->has_phys && !is_aligned(pa_val(m->phys), CFG_PAGE_SIZE)) {
		diag_error(v->dl, "cfg-memory-unaligned", where(v, r), "phys",
			   "physical base 0x%llx is not 4 KiB-aligned", (unsigned long long)pa_val(m->phys));
		ok = false;
	}
	if (m->size && (ipa_val(m->ipa) >= ipa_limit || m->size > ipa_limit - ipa_val(m->ipa)))
		diag_error(v->dl, "cfg-ipa-range", where(v, r), "reg",
			   "guest-physical 0x%llx + 0x%llx does not fit the %u-bit guest address space",
			   (unsigned long long)ipa_val(m->ipa), (unsigned long long)m->size, v->lim->ipa_bits);
	r->shape_ok = ok;
}

static bool in_one_bank(const struct platform *plat, uint64_t base, uint64_t size)
{
	for (size_t i = 0; i < plat->n_mem; i++)
		if (range_within(base, size, plat->mem[i].base, plat->mem[i].size))
			return true;
	return false;
}

static void ram_list(const struct platform *plat, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < plat->n_mem && used < len; i++) {
		char r[48];

		used += (size_t)fmt_snprintf(buf + used, len - used, "%s%s", i ? " " : "",
					     vctx_range(r, sizeof(r), plat->mem[i].base, plat->mem[i].size));
	}
}

/* A fixed region against the board: RAM, the hypervisor, reservations. */
static void check_fixed(struct vctx *v, struct region *r)
{
	uint64_t base = pa_val(r->m->phys), size = r->m->size;
	char a[48], b[48];

	vctx_range(a, sizeof(a), base, size);
	if (!in_one_bank(v->plat, base, size)) {
		char ram[160];

		ram_list(v->plat, ram, sizeof(ram));
		diag_error(v->dl, "cfg-memory-outside-ram", where(v, r), "phys",
			   "physical %s is not inside one RAM bank (RAM: %s)", a, ram[0] ? ram : "none");
	}
	if (ranges_overlap(base, size, v->lim->hyp.base, v->lim->hyp.size))
		diag_error(v->dl, "cfg-memory-hypervisor", where(v, r), "phys",
			   "physical %s overlaps the hypervisor's region %s", a,
			   vctx_range(b, sizeof(b), v->lim->hyp.base, v->lim->hyp.size));
	for (size_t i = 0; i < v->plat->n_reserved; i++) {
		const struct plat_reserved *res = &v->plat->reserved[i];

		if (ranges_overlap(base, size, res->range.base, res->range.size))
			diag_error(v->dl, "cfg-memory-reserved", where(v, r), "phys",
				   "physical %s overlaps reserved memory %s (%s)", a,
				   vctx_range(b, sizeof(b), res->range.base, res->range.size), res->path);
	}
}

int vctx_cmp_span(const void *x, const void *y)
{
	const struct vctx_span *a = x, *b = y;

	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	return a->region < b->region ? -1 : a->region > b->region;
}

static uint64_t span_end(const struct vctx_span *s)
{
	uint64_t e = s->base + s->size;

	return e < s->base ? UINT64_MAX : e;
}

/* Pairs of placed regions that overlap in PA, each pair reported once, at the later region. */
static void check_pa_overlaps(struct vctx *v, struct region *regs, size_t n)
{
	struct vctx_span *sp = malloc((n + 1) * sizeof(*sp));
	size_t k = 0;

	if (!sp) {
		v->dl->out_of_memory = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (regs[i].placed && regs[i].m->size)
			sp[k++] = (struct vctx_span){ regs[i].pa, regs[i].m->size, i };
	qsort(sp, k, sizeof(*sp), vctx_cmp_span);
	for (size_t i = 0; i < k; i++) {
		for (size_t j = i + 1; j < k && sp[j].base < span_end(&sp[i]); j++) {
			size_t x = sp[i].region < sp[j].region ? sp[i].region : sp[j].region;
			size_t y = sp[i].region < sp[j].region ? sp[j].region : sp[i].region;
			char a[48], b[48];

			diag_error(v->dl, "cfg-memory-overlap", where(v, &regs[y]), "phys",
				   "physical %s overlaps physical %s of %s (partition '%s')",
				   vctx_range(a, sizeof(a), regs[y].pa, regs[y].m->size),
				   vctx_range(b, sizeof(b), regs[x].pa, regs[x].m->size), regs[x].m->path,
				   v->cfg->parts[regs[x].part].name);
		}
	}
	free(sp);
}

/* Lowest `align`-aligned base of `size` bytes in RAM avoiding `ex` (sorted by base). */
bool vctx_lowest_fit(const struct platform *plat, const struct vctx_span *ex, size_t n_ex, uint64_t size,
		     uint64_t align, uint64_t *out)
{
	bool found = false;

	for (size_t b = 0; b < plat->n_mem; b++) {
		uint64_t bank = plat->mem[b].base, bank_end = bank + plat->mem[b].size;
		uint64_t cand;
		bool ok = true;

		if (bank_end < bank)
			bank_end = UINT64_MAX;
		if (bank > UINT64_MAX - align)
			continue;
		cand = align_up(bank, align);
		for (size_t i = 0; i < n_ex; i++) {
			uint64_t e = span_end(&ex[i]);

			if (e <= cand)
				continue;
			if (cand > UINT64_MAX - size || ex[i].base >= cand + size)
				break;
			if (e > UINT64_MAX - align) {
				ok = false;
				break;
			}
			cand = align_up(e, align);
		}
		if (!ok || cand > UINT64_MAX - size || cand + size > bank_end || cand < bank)
			continue;
		/* Banks are not sorted: keep the lowest answer. */
		if (!found || cand < *out) {
			*out = cand;
			found = true;
		}
	}
	return found;
}

static bool insert_span(struct vctx *v, struct vctx_span **ex, size_t *n, struct vctx_span s)
{
	struct vctx_span *q = realloc(*ex, (*n + 1) * sizeof(*q));
	size_t at;

	if (!q) {
		v->dl->out_of_memory = true;
		return false;
	}
	*ex = q;
	for (at = *n; at > 0 && vctx_cmp_span(&q[at - 1], &s) > 0; at--)
		q[at] = q[at - 1];
	q[at] = s;
	(*n)++;
	return true;
}

size_t vctx_kept_spans(const struct vctx *v, struct vctx_span *ex)
{
	size_t n_ex = 0;

	if (v->lim->hyp.size)
		ex[n_ex++] = (struct vctx_span){ v->lim->hyp.base, v->lim->hyp.size, SIZE_MAX };
	for (size_t i = 0; i < v->plat->n_reserved; i++)
		ex[n_ex++] = (struct vctx_span){ v->plat->reserved[i].range.base, v->plat->reserved[i].range.size,
						 SIZE_MAX };
	return n_ex;
}

static void allocate(struct vctx *v, struct region *regs, size_t n)
{
	struct vctx_span *ex = malloc((n + v->plat->n_reserved + 1) * sizeof(*ex));
	size_t n_ex;

	if (!ex) {
		v->dl->out_of_memory = true;
		return;
	}
	n_ex = vctx_kept_spans(v, ex);
	for (size_t i = 0; i < n; i++)
		if (regs[i].placed)
			ex[n_ex++] = (struct vctx_span){ regs[i].pa, regs[i].m->size, i };
	qsort(ex, n_ex, sizeof(*ex), vctx_cmp_span);

	for (size_t i = 0; i < n; i++) {
		struct region *r = &regs[i];
		uint64_t align = is_aligned(ipa_val(r->m->ipa), CFG_BLOCK_SIZE) &&
						 is_aligned(r->m->size, CFG_BLOCK_SIZE)
					 ? CFG_BLOCK_SIZE
					 : CFG_PAGE_SIZE;
		uint64_t base = 0;

		if (r->m->has_phys || !r->shape_ok)
			continue;
		if (!vctx_lowest_fit(v->plat, ex, n_ex, r->m->size, align, &base)) {
			diag_error(v->dl, "cfg-memory-no-space", where(v, r), "reg",
				   "no free RAM for 0x%llx bytes (%s-aligned) outside the hypervisor, reservations and "
				   "other regions",
				   (unsigned long long)r->m->size, align == CFG_BLOCK_SIZE ? "2 MiB" : "4 KiB");
			continue;
		}
		r->pa = base;
		r->placed = true;
		if (!insert_span(v, &ex, &n_ex, (struct vctx_span){ base, r->m->size, i }))
			break;
	}
	free(ex);
}

static void ipa_conflict(struct vctx *v, const struct region *r, uint64_t base, uint64_t size, const char *what)
{
	char a[48], b[48];

	if (!ranges_overlap(ipa_val(r->m->ipa), r->m->size, base, size))
		return;
	diag_error(v->dl, "cfg-ipa-overlap", where(v, r), "reg", "guest-physical %s overlaps %s at %s",
		   vctx_range(a, sizeof(a), ipa_val(r->m->ipa), r->m->size), what,
		   vctx_range(b, sizeof(b), base, size));
}

struct ipa_span {
	size_t part;
	uint64_t base, size;
	size_t region;
};

static int cmp_ipa(const void *x, const void *y)
{
	const struct ipa_span *a = x, *b = y;

	if (a->part != b->part)
		return a->part < b->part ? -1 : 1;
	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	return a->region < b->region ? -1 : a->region > b->region;
}

/* Regions of one partition against each other, each pair once, at the later region. */
static void check_ipa_pairs(struct vctx *v, struct region *regs, size_t n)
{
	struct ipa_span *sp = malloc((n + 1) * sizeof(*sp));
	size_t k = 0;

	if (!sp) {
		v->dl->out_of_memory = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (regs[i].m->size)
			sp[k++] = (struct ipa_span){ regs[i].part, ipa_val(regs[i].m->ipa), regs[i].m->size, i };
	qsort(sp, k, sizeof(*sp), cmp_ipa);
	for (size_t i = 0; i < k; i++) {
		uint64_t end = sp[i].base + sp[i].size < sp[i].base ? UINT64_MAX : sp[i].base + sp[i].size;

		for (size_t j = i + 1; j < k && sp[j].part == sp[i].part && sp[j].base < end; j++) {
			size_t x = sp[i].region < sp[j].region ? sp[i].region : sp[j].region;
			size_t y = sp[i].region < sp[j].region ? sp[j].region : sp[i].region;

			ipa_conflict(v, &regs[y], ipa_val(regs[x].m->ipa), regs[x].m->size, regs[x].m->path);
		}
	}
	free(sp);
}

/* What one region overlaps among the pages its partition sees at board addresses: the first
 * (lowest address) is named, the others counted, so a misplaced region is one error however many
 * devices it covers. */
static void ipa_hit(const struct mem_range *r, struct vctx_ipa_hits *h, uint64_t base, uint64_t size, const char *what)
{
	if (!ranges_overlap(r->base, r->size, base, size))
		return;
	if (h->n == 0 || base < h->base) {
		fmt_snprintf(h->what, sizeof(h->what), "%s", what);
		h->base = base;
		h->size = size;
	}
	h->n++;
}

/* The memory BARs of the partition's PCI functions: mapped at their CPU addresses (IPA == PA). */
static void ipa_hit_bars(const struct vctx *v, const struct mem_range *r, const struct pmap_partition *p,
			 struct vctx_ipa_hits *h)
{
	for (size_t m = 0; m < p->n_masters && v->pci; m++) {
		const struct dma_master *dm = &v->gs->masters[p->masters[m]];
		const struct pci_function *f;
		char name[PCI_NAME_LEN + 16];

		if (dm->kind != MASTER_PCI || dm->pci_fn < 0 || (size_t)dm->pci_fn >= v->pci->n_fns)
			continue;
		f = &v->pci->fns[dm->pci_fn];
		for (unsigned b = 0; b < PCI_MAX_BARS && pci_bars_to_owner(f); b++) {
			struct mem_range bar;
			size_t len;

			if (!vctx_bar_to_cpu(v, f, &f->bars[b], &bar))
				continue;
			pci_fn_name(f, name, sizeof(name));
			len = strlen(name);
			fmt_snprintf(name + len, sizeof(name) - len, " BAR%u", b);
			ipa_hit(r, h, bar.base, bar.size, name);
		}
	}
}

static void ipa_hits_report(struct vctx *v, const struct region *r, const struct vctx_ipa_hits *h)
{
	char a[48], b[48];

	if (h->n == 0)
		return;
	vctx_range(a, sizeof(a), ipa_val(r->m->ipa), r->m->size);
	vctx_range(b, sizeof(b), h->base, h->size);
	if (h->n == 1)
		diag_error(v->dl, "cfg-ipa-overlap", where(v, r), "reg", "guest-physical %s overlaps %s at %s", a,
			   h->what, b);
	else
		diag_error(v->dl, "cfg-ipa-overlap", where(v, r), "reg",
			   "guest-physical %s overlaps %s at %s and %zu more device or emulated regions the "
			   "partition sees at their board addresses: move the region to free guest-physical space",
			   a, h->what, b, h->n - 1);
}

void vctx_ipa_board_hits(const struct vctx *v, size_t part, uint64_t base, uint64_t size, struct vctx_ipa_hits *h)
{
	const struct plat_gic *gic = &v->plat->gic;
	const struct pmap_partition *p = &v->map->parts[part];
	const struct mem_range rr = { base, size }, *r = &rr;

	memset(h, 0, sizeof(*h));
	for (size_t d = 0; d < p->n_devices; d++) {
		const struct plat_device *dev = &v->plat->devices[p->devices[d].device];

		for (size_t k = 0; k < dev->n_regs; k++)
			ipa_hit(r, h, dev->regs[k].base, dev->regs[k].size, dev->path);
	}
	ipa_hit_bars(v, r, p, h);
	if (gic->version != GIC_NONE) {
		ipa_hit(r, h, gic->dist.base, gic->dist.size, "the virtual GIC distributor");
		for (unsigned k = 0; k < gic->n_redist && k < 4; k++)
			ipa_hit(r, h, gic->redist[k].base, gic->redist[k].size, "the virtual GIC redistributors");
		ipa_hit(r, h, gic->cpu_if.base, gic->cpu_if.size, "the virtual GIC CPU interface");
		ipa_hit(r, h, gic->its.base, gic->its.size, "the virtual ITS");
	}
	if (p->n_pci)
		ipa_hit(r, h, p->pci_ecam_ipa, VPCI_ECAM_SIZE, "the virtual PCI host bridge's ECAM window");
	if (p->console == CFG_CONSOLE_VIRTUAL && v->plat->console >= 0 &&
	    (size_t)v->plat->console < v->plat->n_devices && v->plat->devices[v->plat->console].n_regs)
		ipa_hit(r, h, v->plat->devices[v->plat->console].regs[0].base,
			v->plat->devices[v->plat->console].regs[0].size, "the virtual console");
	ipa_hit(r, h, MGMT_WINDOW_IPA, MGMT_WINDOW_SIZE, "the management window");
	/* Reserved in every partition, like the management window, so that whether a partition maps
	 * a channel never changes where its memory may go. */
	ipa_hit(r, h, CHANNEL_GPIO_IPA, CHANNEL_GPIO_SIZE, "the doorbell GPIO controller");
}

/* Each region against what its partition sees at board addresses. */
static void check_ipa(struct vctx *v, struct region *regs, size_t n)
{
	check_ipa_pairs(v, regs, n);
	for (size_t i = 0; i < n; i++) {
		struct vctx_ipa_hits h;

		vctx_ipa_board_hits(v, regs[i].part, ipa_val(regs[i].m->ipa), regs[i].m->size, &h);
		ipa_hits_report(v, &regs[i], &h);
	}
}

void validate_memory(struct vctx *v)
{
	struct region *regs;
	size_t n = 0;

	for (size_t i = 0; i < v->cfg->n_parts; i++) {
		const struct cfg_partition *part = &v->cfg->parts[i];

		if (part->n_mem == 0 && !(part->bad & CFG_BAD_MEMORY))
			diag_error(v->dl, "cfg-no-memory", part->path, NULL, "partition '%s' has no memory@IPA region",
				   part->name);
		n += part->n_mem;
	}
	regs = calloc(n + 1, sizeof(*regs));
	if (!regs) {
		v->dl->out_of_memory = true;
		return;
	}
	n = 0;
	for (size_t i = 0; i < v->cfg->n_parts; i++)
		for (size_t k = 0; k < v->cfg->parts[i].n_mem; k++)
			regs[n++] = (struct region){ .part = i, .idx = k, .m = &v->cfg->parts[i].mem[k] };

	for (size_t i = 0; i < n; i++)
		check_shape(v, &regs[i]);
	for (size_t i = 0; i < n; i++) {
		if (!regs[i].m->has_phys || !regs[i].shape_ok)
			continue;
		check_fixed(v, &regs[i]);
		regs[i].pa = pa_val(regs[i].m->phys);
		regs[i].placed = true;
	}
	check_pa_overlaps(v, regs, n);
	allocate(v, regs, n);
	check_ipa(v, regs, n);

	for (size_t i = 0; i < v->cfg->n_parts; i++) {
		struct pmap_partition *p = &v->map->parts[i];

		p->mem = calloc(v->cfg->parts[i].n_mem + 1, sizeof(*p->mem));
		if (!p->mem) {
			v->dl->out_of_memory = true;
			break;
		}
	}
	for (size_t i = 0; i < n && !v->dl->out_of_memory; i++) {
		struct pmap_partition *p = &v->map->parts[regs[i].part];

		p->mem[p->n_mem++] = (struct pmap_mem){
			.ipa = regs[i].m->ipa,
			.pa = pa(regs[i].placed ? regs[i].pa : 0),
			.size = regs[i].m->size,
			.fixed = regs[i].m->has_phys,
			.allocated = regs[i].placed,
		};
	}
	free(regs);
}
