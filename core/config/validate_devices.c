/* Device rules: what `devices` and `trusted-devices` name, who owns each isolation group and
 * each platform device, and whether a guest's devices can be isolated at all.
 *
 *   - a name is a DT node path ("/pl031@9010000") or a PCI function ("pci:0000:01:00.0");
 *   - it must exist on the board, not be one of the hypervisor's own devices, and be named once;
 *   - the host owns every IOMMU-isolated device no other partition names; a DMA master no IOMMU
 *     translates belongs to nobody (mapped nowhere) unless a partition names it, because it can
 *     write all memory, the hypervisor's included;
 *   - a group belongs to one partition whole, so a group whose members end up in different
 *     partitions is refused (cfg-split-group);
 *   - any partition's (the host's too) DMA master without IOMMU coverage is refused unless the
 *     partition lists it in trusted-devices, which turns the error into a loud warning;
 *   - a guest's MMIO must be whole pages, and no page may hold registers of two owners. */
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"
#include "core/base/log.h"
#include "core/config/validate_internal.h"

struct ref {
	int device; /* platform.devices index or -1 */
	int master; /* group_set.masters index or -1 */
};

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'f');
}

static unsigned hex_val(char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)(lower(c) - 'a' + 10);
}

/* "SSSS:BB:DD.F" (after "pci:"): 4, 2 and 2 hex digits, device <= 0x1f, function 0-7. Writes the
 * canonical lower-case form into out[13]. */
static bool parse_bdf(const char *s, char out[13])
{
	static const char shape[] = "hhhh:hh:hh.f";

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; i < sizeof(shape) - 1; i++) {
		if (shape[i] == 'h'   ? !is_hex(s[i])
		    : shape[i] == 'f' ? !(s[i] >= '0' && s[i] <= '7')
				      : s[i] != shape[i])
			return false;
		out[i] = lower(s[i]);
	}
	out[sizeof(shape) - 1] = '\0';
	return hex_val(s[8]) * 16 + hex_val(s[9]) <= 0x1f;
}

static bool same_name_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return false;
	return *a == *b;
}

static int master_of_device(const struct vctx *v, size_t dev)
{
	return v->device_master[dev];
}

/* device -> master, so that lookups stay linear on boards with many devices. */
static bool index_masters(struct vctx *v)
{
	v->device_master = malloc((v->plat->n_devices + 1) * sizeof(*v->device_master));
	if (!v->device_master) {
		v->dl->out_of_memory = true;
		return false;
	}
	for (size_t d = 0; d < v->plat->n_devices; d++)
		v->device_master[d] = -1;
	for (size_t m = 0; m < v->gs->n_masters; m++) {
		int d = v->gs->masters[m].device;

		if (v->gs->masters[m].kind == MASTER_PLATFORM && d >= 0 && (size_t)d < v->plat->n_devices &&
		    v->device_master[d] < 0)
			v->device_master[d] = (int)m;
	}
	return true;
}

static const char *hypervisor_role(const struct plat_device *d)
{
	switch (d->role) {
	case DEV_ROLE_CONSOLE:
		return "the hypervisor's console (partitions get a virtual one, see `console`)";
	case DEV_ROLE_GIC:
		return "the interrupt controller (partitions get a virtual one)";
	case DEV_ROLE_SMMU:
		return "an IOMMU, which only the hypervisor programs";
	case DEV_ROLE_PCI_HOST:
		return "a PCI host bridge (name its functions as \"pci:SSSS:BB:DD.F\" instead)";
	case DEV_ROLE_TIMER:
		return "the architected timer (every partition has its virtual timer)";
	case DEV_ROLE_OTHER:
	case DEV_ROLE_FIRMWARE:
		break;
	}
	return "the hypervisor's";
}

/* Resolve one entry of `devices` or `trusted-devices`. False after a diagnostic. */
static bool resolve(struct vctx *v, const struct cfg_partition *part, const char *prop, const char *name, struct ref *r)
{
	r->device = -1;
	r->master = -1;
	if (strncmp(name, "pci:", 4) == 0) {
		char bdf[13];

		if (!parse_bdf(name + 4, bdf)) {
			diag_error(v->dl, "cfg-bad-device-name", part->path, prop,
				   "\"%s\": a PCI function is written pci:SSSS:BB:DD.F (hex segment, bus, device <= "
				   "1f; function 0-7)",
				   name);
			return false;
		}
		for (size_t m = 0; m < v->gs->n_masters; m++) {
			if (v->gs->masters[m].kind == MASTER_PCI && v->gs->masters[m].name &&
			    same_name_ci(v->gs->masters[m].name, bdf)) {
				r->master = (int)m;
				return true;
			}
		}
		diag_error(v->dl, "cfg-unknown-device", part->path, prop, "\"%s\": the board has no PCI function %s",
			   name, bdf);
		return false;
	}
	if (name[0] != '/') {
		diag_error(v->dl, "cfg-bad-device-name", part->path, prop,
			   "\"%s\": a device is a DT node path (\"/...\") or a PCI function (\"pci:SSSS:BB:DD.F\")",
			   name);
		return false;
	}
	r->device = platform_find_device(v->plat, name);
	if (r->device < 0) {
		diag_error(v->dl, "cfg-unknown-device", part->path, prop,
			   "\"%s\": the board has no device node with that path (one with reg, interrupts or iommus)",
			   name);
		return false;
	}
	if (vctx_device_is_hypervisors(&v->plat->devices[r->device])) {
		diag_error(v->dl, "cfg-device-hypervisor", part->path, prop, "\"%s\" is %s", name,
			   hypervisor_role(&v->plat->devices[r->device]));
		return false;
	}
	r->master = master_of_device(v, (size_t)r->device);
	return true;
}

static const char *ref_name(const struct vctx *v, const struct ref *r)
{
	if (r->device >= 0)
		return v->plat->devices[r->device].path;
	return v->gs->masters[r->master].name;
}

static void name_devices(struct vctx *v)
{
	for (size_t m = 0; m < v->gs->n_masters; m++)
		v->master_named_by[m] = -1;
	for (size_t d = 0; d < v->plat->n_devices; d++)
		v->device_named_by[d] = -1;

	for (size_t i = 0; i < v->cfg->n_parts; i++) {
		const struct cfg_partition *part = &v->cfg->parts[i];

		for (size_t k = 0; k < part->n_devices; k++) {
			struct ref r;
			int *slot, prev;

			if (!resolve(v, part, "devices", part->devices[k], &r))
				continue;
			slot = r.master >= 0 ? &v->master_named_by[r.master] : &v->device_named_by[r.device];
			prev = *slot;
			if (prev == (int)i) {
				diag_error(v->dl, "cfg-device-twice", part->path, "devices", "%s is listed twice",
					   ref_name(v, &r));
			} else if (prev >= 0) {
				diag_error(v->dl, "cfg-device-twice", part->path, "devices",
					   "%s is already named by partition '%s' (%s)", ref_name(v, &r),
					   v->cfg->parts[prev].name, v->cfg->parts[prev].path);
			} else {
				*slot = (int)i;
				if (r.master >= 0 && r.device >= 0)
					v->device_named_by[r.device] = (int)i;
			}
		}
	}
}

/* Who holds a device no partition named: the host, unless its DMA escapes every IOMMU. Such a
 * master could overwrite any partition and the hypervisor, so it is given to nobody silently. */
static int default_owner(const struct vctx *v, int named_by, bool unisolated)
{
	if (named_by >= 0)
		return named_by;
	return v->host >= 0 && !unisolated ? v->host : VCTX_NOBODY;
}

static bool group_unisolated(const struct vctx *v, size_t g)
{
	return g < v->gs->n_groups && v->gs->groups[g].no_iommu;
}

static bool device_unisolated(const struct plat_device *d)
{
	return d->dma_capable && d->n_streams == 0;
}

static void describe_owner(const struct vctx *v, int owner, bool named, char *buf, size_t len)
{
	if (owner == VCTX_NOBODY)
		fmt_snprintf(buf, len, "no partition (%s)", v->host >= 0 ? "unisolated DMA" : "there is no host");
	else
		fmt_snprintf(buf, len, "'%s'%s", v->cfg->parts[owner].name, named ? "" : " (by default)");
}

static void report_split(struct vctx *v, size_t g)
{
	const struct iso_group *grp = &v->gs->groups[g];
	char members[LOG_LINE_MAX];
	size_t used = 0;
	int blame = -1;

	members[0] = '\0';
	for (size_t k = 0; k < grp->n_members; k++) {
		size_t m = grp->members[k];
		int named = v->master_named_by[m];
		char who[64];

		if (m >= v->gs->n_masters)
			continue;
		if (blame < 0 && named >= 0 && named != v->host)
			blame = named;
		describe_owner(v, default_owner(v, named, grp->no_iommu), named >= 0, who, sizeof(who));
		if (used < sizeof(members))
			used += (size_t)fmt_snprintf(members + used, sizeof(members) - used, "%s%s in %s",
						     k ? ", " : "", v->gs->masters[m].name, who);
	}
	if (blame < 0) {
		for (size_t k = 0; k < grp->n_members && blame < 0; k++)
			if (grp->members[k] < v->gs->n_masters)
				blame = v->master_named_by[grp->members[k]];
	}
	diag_error(v->dl, "cfg-split-group", blame >= 0 ? v->cfg->parts[blame].path : "/partitions", "devices",
		   "group %u is split: %s; they are one group because %s; a partition receives whole groups only",
		   grp->id, members, grp->reason && grp->reason[0] ? grp->reason : "the IOMMU cannot tell them apart");
}

/* Group owners; split groups reported. Then every platform device's owner. */
static void assign_owners(struct vctx *v)
{
	struct partition_map *map = v->map;

	for (size_t g = 0; g < v->gs->n_groups; g++) {
		const struct iso_group *grp = &v->gs->groups[g];
		int owner = VCTX_NOBODY - 1, guest = -1;
		bool split = false;

		for (size_t k = 0; k < grp->n_members; k++) {
			int named, o;

			if (grp->members[k] >= v->gs->n_masters)
				continue;
			named = v->master_named_by[grp->members[k]];
			o = default_owner(v, named, grp->no_iommu);
			map->master_owner[grp->members[k]] = o;
			if (named >= 0 && named != v->host && guest < 0)
				guest = named;
			if (owner == VCTX_NOBODY - 1)
				owner = o;
			else if (o != owner)
				split = true;
		}
		if (split) {
			report_split(v, g);
			owner = guest >= 0 ? guest : owner;
		}
		map->group_owner[g] = owner == VCTX_NOBODY - 1 ? default_owner(v, -1, group_unisolated(v, g)) : owner;
	}

	for (size_t d = 0; d < v->plat->n_devices; d++) {
		int m = master_of_device(v, d);

		if (vctx_device_is_hypervisors(&v->plat->devices[d]))
			map->device_owner[d] = PMAP_HYPERVISOR;
		else if (m >= 0)
			map->device_owner[d] = map->master_owner[m]; /* its group's owner unless split */
		else
			map->device_owner[d] =
				default_owner(v, v->device_named_by[d], device_unisolated(&v->plat->devices[d]));
	}
}

static int owner_of_ref(const struct vctx *v, const struct ref *r)
{
	if (r->master >= 0)
		return v->map->master_owner[r->master];
	if (r->device >= 0)
		return v->map->device_owner[r->device];
	return VCTX_NOBODY;
}

/* A master (or a DMA-capable platform device the groups do not list) whose DMA no IOMMU sees. */
static bool ref_without_iommu(const struct vctx *v, const struct ref *r)
{
	if (r->master >= 0) {
		const struct dma_master *dm = &v->gs->masters[r->master];

		return dm->no_iommu || (dm->group < v->gs->n_groups && v->gs->groups[dm->group].no_iommu);
	}
	return r->device >= 0 && device_unisolated(&v->plat->devices[r->device]);
}

static void mark_trusted(struct vctx *v)
{
	for (size_t i = 0; i < v->cfg->n_parts; i++) {
		const struct cfg_partition *part = &v->cfg->parts[i];

		for (size_t k = 0; k < part->n_trusted; k++) {
			struct ref r;
			int owner;

			if (!resolve(v, part, "trusted-devices", part->trusted[k], &r))
				continue;
			owner = owner_of_ref(v, &r);
			if (owner != (int)i) {
				char who[64];

				diag_error(v->dl, "cfg-trusted-not-owned", part->path, "trusted-devices",
					   "%s is not a device of partition '%s' (it belongs to %s)%s", ref_name(v, &r),
					   part->name, vctx_owner(v, owner, who, sizeof(who)),
					   owner == VCTX_NOBODY ? "; name it in `devices` as well" : "");
				continue;
			}
			if (!ref_without_iommu(v, &r))
				diag_warn(v->dl, "cfg-trusted-unneeded", part->path, "trusted-devices",
					  "%s is isolated by an IOMMU (or does no DMA): trusting it changes nothing",
					  ref_name(v, &r));
			if (r.master >= 0)
				v->master_trusted[r.master] = true;
			if (r.device >= 0)
				v->device_trusted[r.device] = true;
		}
	}
}

/* The IOMMU a device's `iommus` names but bulkhead cannot program (NULL if none). */
static const char *foreign_iommu(const struct vctx *v, const struct ref *r)
{
	return r->device >= 0 ? v->plat->devices[r->device].foreign_iommu : NULL;
}

static void check_iommu(struct vctx *v, int owner, const struct ref *r)
{
	const struct cfg_partition *part;
	bool trusted;

	if (owner < 0 || !ref_without_iommu(v, r) || foreign_iommu(v, r))
		return; /* behind an IOMMU bulkhead cannot program: check_foreign_iommus() */
	part = &v->cfg->parts[owner];
	trusted = r->master >= 0 ? v->master_trusted[r->master] : v->device_trusted[r->device];
	if (trusted)
		diag_warn(v->dl, "cfg-trusted-no-iommu", part->path, "trusted-devices",
			  "UNISOLATED DMA: %s has no IOMMU coverage and can read and write ALL memory, the "
			  "hypervisor's and every partition's included; partition '%s' is trusted with it",
			  ref_name(v, r), part->name);
	else
		diag_error(v->dl, "cfg-no-iommu-device", part->path, "devices",
			   "%s can master DMA but no IOMMU translates it: it could read and write all memory; list it "
			   "in trusted-devices to accept that risk",
			   ref_name(v, r));
}

/* Guests' DMA masters without an IOMMU: every member of every group they own. */
static void check_no_iommu(struct vctx *v)
{
	for (size_t g = 0; g < v->gs->n_groups; g++) {
		const struct iso_group *grp = &v->gs->groups[g];

		for (size_t k = 0; k < grp->n_members; k++) {
			struct ref r = { -1, (int)grp->members[k] };

			if (grp->members[k] >= v->gs->n_masters)
				continue;
			if (v->gs->masters[r.master].kind == MASTER_PLATFORM && v->gs->masters[r.master].device >= 0 &&
			    (size_t)v->gs->masters[r.master].device < v->plat->n_devices)
				r.device = v->gs->masters[r.master].device;
			/* Judged by who holds it: in a split group, each member's own holder. */
			check_iommu(v, v->map->master_owner[r.master], &r);
		}
	}
	/* DMA-capable platform devices the groups do not list: judged on the platform's word. */
	for (size_t d = 0; d < v->plat->n_devices; d++) {
		struct ref r = { (int)d, -1 };

		if (master_of_device(v, d) < 0)
			check_iommu(v, v->map->device_owner[d], &r);
	}
}

/* Holder of every PCI function: whoever holds its master (in a valid map, its group's owner);
 * the host if no group lists it. */
static int *pci_owners(struct vctx *v)
{
	size_t n = v->pci ? v->pci->n_fns : 0;
	int *owner = malloc((n + 1) * sizeof(*owner));

	if (!owner) {
		v->dl->out_of_memory = true;
		return NULL;
	}
	for (size_t f = 0; f < n; f++)
		owner[f] = default_owner(v, -1, false);
	for (size_t m = 0; m < v->gs->n_masters; m++) {
		const struct dma_master *dm = &v->gs->masters[m];

		if (dm->kind == MASTER_PCI && dm->pci_fn >= 0 && (size_t)dm->pci_fn < n)
			owner[dm->pci_fn] = v->map->master_owner[m];
	}
	return owner;
}

static void unaligned(struct vctx *v, int owner, const char *who, const char *what, uint64_t base, uint64_t size)
{
	char r[48];

	if (is_aligned(base, CFG_PAGE_SIZE) && is_aligned(size, CFG_PAGE_SIZE))
		return;
	diag_error(v->dl, "cfg-mmio-unaligned", v->cfg->parts[owner].path, "devices",
		   "%s: %s %s are not whole 4 KiB pages; stage 2 maps pages, so the partition would reach whatever "
		   "shares them",
		   who, what, vctx_range(r, sizeof(r), base, size));
}

static void check_mmio_alignment(struct vctx *v, const int *fn_owner)
{
	for (size_t d = 0; d < v->plat->n_devices; d++) {
		const struct plat_device *dev = &v->plat->devices[d];
		int owner = v->map->device_owner[d];

		if (!vctx_is_guest(v, owner))
			continue;
		for (size_t k = 0; k < dev->n_regs; k++)
			unaligned(v, owner, dev->path, "registers", dev->regs[k].base, dev->regs[k].size);
	}
	for (size_t f = 0; v->pci && f < v->pci->n_fns; f++) {
		const struct pci_function *fn = &v->pci->fns[f];
		char name[PCI_NAME_LEN];

		if (!vctx_is_guest(v, fn_owner[f]) || !pci_bars_to_owner(fn))
			continue;
		pci_fn_name(fn, name, sizeof(name));
		for (unsigned b = 0; b < PCI_MAX_BARS; b++) {
			struct mem_range r;
			char what[8];

			if (!vctx_bar_to_cpu(v, fn, &fn->bars[b], &r))
				continue;
			fmt_snprintf(what, sizeof(what), "BAR%u", b);
			unaligned(v, fn_owner[f], name, what, r.base, r.size);
		}
	}
}

struct page_span {
	uint64_t lo, hi; /* page-aligned [lo, hi) */
	size_t id;       /* platform device index, or n_devices + PCI function index */
	int owner;
};

static int cmp_span(const void *a, const void *b)
{
	const struct page_span *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static bool add_span(struct vctx *v, struct page_span **spans, size_t *n, size_t *cap, uint64_t base, uint64_t size,
		     size_t id, int owner)
{
	uint64_t end = base + size;

	if (size == 0)
		return true;
	if (end < base || end > UINT64_MAX - CFG_PAGE_SIZE)
		end = UINT64_MAX - CFG_PAGE_SIZE; /* wraps: clamp */
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct page_span *q = realloc(*spans, ncap * sizeof(*q));

		if (!q) {
			v->dl->out_of_memory = true;
			return false;
		}
		*spans = q;
		*cap = ncap;
	}
	(*spans)[(*n)++] =
		(struct page_span){ align_down(base, CFG_PAGE_SIZE), align_up(end, CFG_PAGE_SIZE), id, owner };
	return true;
}

static const char *span_name(const struct vctx *v, const struct page_span *s, char *buf, size_t len)
{
	if (s->id < v->plat->n_devices)
		return v->plat->devices[s->id].path;
	return pci_fn_name(&v->pci->fns[s->id - v->plat->n_devices], buf, len);
}

static void check_shared_pages(struct vctx *v, const int *fn_owner)
{
	struct page_span *spans = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;

	for (size_t d = 0; d < v->plat->n_devices && ok; d++) {
		const struct plat_device *dev = &v->plat->devices[d];

		for (size_t k = 0; k < dev->n_regs && ok; k++)
			ok = add_span(v, &spans, &n, &cap, dev->regs[k].base, dev->regs[k].size, d,
				      v->map->device_owner[d]);
	}
	for (size_t f = 0; v->pci && f < v->pci->n_fns && ok; f++) {
		for (unsigned b = 0; b < PCI_MAX_BARS && ok; b++) {
			struct mem_range r;

			/* A bridge's BARs stay with the hypervisor whoever owns its group. */
			if (vctx_bar_to_cpu(v, &v->pci->fns[f], &v->pci->fns[f].bars[b], &r))
				ok = add_span(v, &spans, &n, &cap, r.base, r.size, v->plat->n_devices + f,
					      pci_bars_to_owner(&v->pci->fns[f]) ? fn_owner[f] : PMAP_HYPERVISOR);
		}
	}
	if (!ok) {
		free(spans);
		return;
	}
	if (n)
		qsort(spans, n, sizeof(*spans), cmp_span);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n && spans[j].lo < spans[i].hi; j++) {
			const struct page_span *a = &spans[i], *b = &spans[j];
			const struct page_span *g, *o;
			char gn[PCI_NAME_LEN], on[PCI_NAME_LEN], who[64];

			if (a->owner == b->owner || a->id == b->id ||
			    (!vctx_is_guest(v, a->owner) && !vctx_is_guest(v, b->owner)))
				continue;
			g = vctx_is_guest(v, a->owner) ? a : b;
			o = g == a ? b : a;
			diag_error(v->dl, "cfg-mmio-shared-page", v->cfg->parts[g->owner].path, "devices",
				   "%s shares the page at 0x%llx with %s, which belongs to %s",
				   span_name(v, g, gn, sizeof(gn)), (unsigned long long)(b->lo > a->lo ? b->lo : a->lo),
				   span_name(v, o, on, sizeof(on)), vctx_owner(v, o->owner, who, sizeof(who)));
		}
	}
	free(spans);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static void fill_map(struct vctx *v)
{
	struct partition_map *map = v->map;

	for (size_t g = 0; g < v->gs->n_groups; g++) {
		int o = map->group_owner[g];
		const struct iso_group *grp = &v->gs->groups[g];

		if (o < 0)
			continue;
		if (!vctx_push_size(v, &map->parts[o].groups, &map->parts[o].n_groups, g))
			return;
		for (size_t k = 0; k < grp->n_members; k++)
			if (grp->members[k] < v->gs->n_masters &&
			    !vctx_push_size(v, &map->parts[o].masters, &map->parts[o].n_masters, grp->members[k]))
				return;
	}
	for (size_t d = 0; d < v->plat->n_devices; d++) {
		int o = map->device_owner[d];
		struct pmap_partition *p;
		struct pmap_device *q;

		if (o < 0)
			continue;
		p = &map->parts[o];
		q = realloc(p->devices, (p->n_devices + 1) * sizeof(*q));
		if (!q) {
			v->dl->out_of_memory = true;
			return;
		}
		p->devices = q;
		p->devices[p->n_devices++] = (struct pmap_device){
			.device = d,
			.master = v->device_master[d],
			.named = v->device_named_by[d] == o,
			.trusted = v->device_trusted[d],
		};
	}
	/* Members were pushed group by group; the map promises ascending master indices. */
	for (size_t i = 0; i < map->n_parts; i++)
		if (map->parts[i].n_masters)
			qsort(map->parts[i].masters, map->parts[i].n_masters, sizeof(size_t), cmp_size);
}

void validate_devices(struct vctx *v)
{
	int *fn_owner;

	if (!index_masters(v))
		return;
	name_devices(v);
	assign_owners(v);
	mark_trusted(v);
	check_no_iommu(v);
	validate_unusable_iommus(v);
	fn_owner = pci_owners(v);
	if (fn_owner) {
		check_mmio_alignment(v, fn_owner);
		check_shared_pages(v, fn_owner);
		free(fn_owner);
	}
	fill_map(v);
}
