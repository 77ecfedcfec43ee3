/* Validating a parsed config against the board and building the partition map: the driver that
 * runs every pass (validate_*.c) in a fixed order, plus the rules about the partition set as a
 * whole (names, the host, VMIDs) and about images. */
#include <stdlib.h>
#include <string.h>

#include "core/config/config.h"
#include "core/partition/partition.h"
#include "core/base/format.h"
#include "core/hw/vtcr.h"
#include "core/config/validate_internal.h"

void cfg_limits_default(const struct platform *plat, struct cfg_limits *lim)
{
	uint64_t base = 0;
	bool found = false;

	for (size_t i = 0; i < plat->n_mem; i++) {
		if (!found || plat->mem[i].base < base) {
			base = plat->mem[i].base;
			found = true;
		}
	}
	lim->hyp = (struct mem_range){ base, found ? CFG_HYP_REGION_SIZE : 0 };
	/* The board's CPU as bulkhead-check assumes it: cortex-a57 (QEMU's -cpu). The hypervisor then
	 * applies its CPU's own ID registers (cfg_limits_for_cpu). */
	cfg_limits_for_cpu(lim, FIELD_PREP(ID_AA64MMFR0_PARANGE, CFG_DEFAULT_PARANGE), 0);
}

void cfg_limits_for_cpu(struct cfg_limits *lim, uint64_t id_aa64mmfr0, uint64_t id_aa64mmfr1)
{
	struct vtcr_config vc;

	if (vtcr_compute(id_aa64mmfr0, id_aa64mmfr1, VTCR_GUEST_IPA_BITS, &vc) != VTCR_OK) {
		lim->ipa_bits = 0; /* no stage 2 can be built: every region is refused */
		lim->vmids = 0;
		return;
	}
	lim->ipa_bits = vc.ipa_bits;
	/* VMID 0 is never a partition's (partition i runs as i + 1). */
	lim->vmids = (1u << vc.vmid_bits) - 1;
}

bool vctx_device_is_hypervisors(const struct plat_device *d)
{
	switch (d->role) {
	case DEV_ROLE_CONSOLE:
	case DEV_ROLE_GIC:
	case DEV_ROLE_SMMU:
	case DEV_ROLE_PCI_HOST:
	case DEV_ROLE_TIMER:
		return true;
	case DEV_ROLE_OTHER:
	case DEV_ROLE_FIRMWARE:
		return false;
	}
	return true;
}

bool vctx_push_size(struct vctx *v, size_t **arr, size_t *n, size_t x)
{
	size_t *q = realloc(*arr, (*n + 1) * sizeof(**arr));

	if (!q) {
		v->dl->out_of_memory = true;
		return false;
	}
	q[(*n)++] = x;
	*arr = q;
	return true;
}

bool vctx_push_u32(struct vctx *v, uint32_t **arr, size_t *n, uint32_t x)
{
	uint32_t *q = realloc(*arr, (*n + 1) * sizeof(**arr));

	if (!q) {
		v->dl->out_of_memory = true;
		return false;
	}
	q[(*n)++] = x;
	*arr = q;
	return true;
}

uint64_t vctx_ipa_limit(const struct vctx *v)
{
	return v->lim->ipa_bits >= 64 ? UINT64_MAX : (UINT64_C(1) << v->lim->ipa_bits);
}

const char *vctx_range(char *buf, size_t len, uint64_t base, uint64_t size)
{
	fmt_snprintf(buf, len, "0x%llx-0x%llx", (unsigned long long)base,
		     (unsigned long long)(base + (size ? size - 1 : 0)));
	return buf;
}

bool vctx_bar_to_cpu(const struct vctx *v, const struct pci_function *f, const struct pci_bar *b, struct mem_range *out)
{
	const struct plat_pci_host *h;

	if (b->size == 0 || b->io || f->host < 0 || (size_t)f->host >= v->plat->n_pci_hosts)
		return false;
	h = &v->plat->pci_hosts[f->host];
	for (size_t i = 0; i < h->n_ranges; i++) {
		const struct plat_pci_range *r = &h->ranges[i];

		if ((r->space == 2 || r->space == 3) && b->addr >= r->pci_addr && b->addr - r->pci_addr < r->size) {
			*out = (struct mem_range){ b->addr - r->pci_addr + r->cpu_addr, b->size };
			return true;
		}
	}
	return false;
}

const char *vctx_owner(const struct vctx *v, int owner, char *buf, size_t len)
{
	if (owner == PMAP_HYPERVISOR)
		return "the hypervisor";
	if (owner < 0 || (size_t)owner >= v->cfg->n_parts)
		return "no partition";
	fmt_snprintf(buf, len, "partition '%s'", v->cfg->parts[owner].name);
	return buf;
}

static char *dup_opt(struct vctx *v, const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		v->dl->out_of_memory = true;
	return d;
}

/* Names unique, exactly one host, no more partitions than VMIDs. */
static void validate_partition_set(struct vctx *v)
{
	const struct config *cfg = v->cfg;
	int second_host = -1;

	for (size_t i = 0; i < cfg->n_parts; i++) {
		for (size_t k = 0; k < i; k++) {
			if (strcmp(cfg->parts[i].name, cfg->parts[k].name) == 0) {
				diag_error(v->dl, "cfg-duplicate-name", cfg->parts[i].path, NULL,
					   "partition name \"%s\" is used twice", cfg->parts[i].name);
				break;
			}
		}
		if (!cfg->parts[i].host)
			continue;
		if (v->host < 0)
			v->host = (int)i;
		else if (second_host < 0)
			second_host = (int)i;
	}
	if (v->host < 0)
		diag_error(v->dl, "cfg-no-host", "/partitions", NULL,
			   "no partition has `host;`: exactly one must, it receives every IOMMU-isolated device "
			   "no other partition names");
	else if (second_host >= 0)
		diag_error(v->dl, "cfg-two-hosts", cfg->parts[second_host].path, "host",
			   "'%s' and '%s' both have `host;`: exactly one partition is the host",
			   cfg->parts[v->host].name, cfg->parts[second_host].name);
	if (cfg->n_parts > PART_MAX_PARTITIONS)
		diag_error(v->dl, "cfg-too-many-partitions", "/partitions", NULL,
			   "%zu partitions but this build of bulkhead runs at most %u", cfg->n_parts,
			   PART_MAX_PARTITIONS);
	else if (cfg->n_parts > v->lim->vmids)
		diag_error(v->dl, "cfg-too-many-partitions", "/partitions", NULL,
			   "%zu partitions but the CPU has only %u VMIDs", cfg->n_parts, v->lim->vmids);
}

/* `manages` names partitions of this config; bit i of the map's `manages` is partition i. */
static void validate_manages(struct vctx *v)
{
	const struct config *cfg = v->cfg;

	for (size_t i = 0; i < cfg->n_parts; i++) {
		const struct cfg_partition *part = &cfg->parts[i];

		for (size_t k = 0; k < part->n_manages; k++) {
			size_t t = 0;

			while (t < cfg->n_parts && strcmp(cfg->parts[t].name, part->manages[k]) != 0)
				t++;
			if (t == cfg->n_parts)
				diag_error(v->dl, "cfg-manages-unknown", part->path, "manages",
					   "\"%s\" is not a partition of this config", part->manages[k]);
			else if (t < 32)
				v->map->parts[i].manages |= UINT32_C(1) << t;
		}
	}
}

static void check_image(struct vctx *v, const struct cfg_partition *part, const char *prop, const char *name,
			const struct config_blobs *images)
{
	if (!name || !images)
		return;
	if (!config_find_image(images, name))
		diag_error(v->dl, "cfg-missing-image", part->path, prop,
			   "image \"%s\" was not loaded (is it on the boot partition?)", name);
}

static void validate_images(struct vctx *v, const struct config_blobs *images)
{
	for (size_t i = 0; i < v->cfg->n_parts; i++) {
		const struct cfg_partition *part = &v->cfg->parts[i];

		if (!part->kernel && !(part->bad & CFG_BAD_KERNEL))
			diag_error(v->dl, "cfg-no-kernel", part->path, "kernel",
				   "missing: every partition names the image it boots");
		check_image(v, part, "kernel", part->kernel, images);
		check_image(v, part, "initrd", part->initrd, images);
		check_image(v, part, "dtb", part->dtb, images);
	}
}

static void fill_strings(struct vctx *v)
{
	for (size_t i = 0; i < v->cfg->n_parts; i++) {
		const struct cfg_partition *c = &v->cfg->parts[i];
		struct pmap_partition *p = &v->map->parts[i];

		p->name = dup_opt(v, c->name);
		p->host = v->host == (int)i;
		p->index = (unsigned)i;
		p->kernel = dup_opt(v, c->kernel);
		p->initrd = dup_opt(v, c->initrd);
		p->dtb = dup_opt(v, c->dtb);
		p->bootargs = dup_opt(v, c->bootargs);
		p->console = c->console;
	}
}

static void free_vctx(struct vctx *v)
{
	free(v->device_master);
	free(v->master_named_by);
	free(v->device_named_by);
	free(v->device_trusted);
}

bool cfg_validate(const struct config *cfg, const struct cfg_board *board, struct partition_map *map,
		  struct diag_list *dl)
{
	static const struct group_set no_groups;
	const struct platform *plat = board->plat;
	size_t errors_before = dl->errors;
	struct vctx v = { .cfg = cfg,
			  .plat = plat,
			  .pci = board->pci,
			  .gs = board->gs ? board->gs : &no_groups,
			  .lim = &board->lim,
			  .map = map,
			  .dl = dl,
			  .host = -1 };

	memset(map, 0, sizeof(*map));
	map->hyp = board->lim.hyp;
	if (cfg->n_parts == 0)
		return false;
	map->n_parts = cfg->n_parts;
	map->parts = calloc(cfg->n_parts, sizeof(*map->parts));
	map->n_groups = v.gs->n_groups;
	map->n_masters = v.gs->n_masters;
	map->group_owner = calloc(v.gs->n_groups + 1, sizeof(*map->group_owner));
	map->n_devices = plat->n_devices;
	map->device_owner = calloc(plat->n_devices + 1, sizeof(*map->device_owner));
	v.master_named_by = calloc(v.gs->n_masters + 1, sizeof(*v.master_named_by));
	map->master_trusted = calloc(v.gs->n_masters + 1, sizeof(*map->master_trusted));
	map->master_owner = calloc(v.gs->n_masters + 1, sizeof(*map->master_owner));
	v.master_trusted = map->master_trusted;
	v.device_named_by = calloc(plat->n_devices + 1, sizeof(*v.device_named_by));
	v.device_trusted = calloc(plat->n_devices + 1, sizeof(*v.device_trusted));
	if (!map->parts || !map->group_owner || !map->device_owner || !v.master_named_by || !map->master_trusted ||
	    !map->master_owner || !v.device_named_by || !v.device_trusted) {
		dl->out_of_memory = true;
		map->n_parts = 0;
		free_vctx(&v);
		return false;
	}

	validate_partition_set(&v);
	map->host = v.host >= 0 ? (size_t)v.host : 0;
	fill_strings(&v);
	validate_cpus(&v);
	validate_devices(&v);
	validate_pci(&v);
	validate_irqs(&v);
	validate_memory(&v);
	validate_channels(&v);
	validate_limits(&v);
	validate_images(&v, board->images);
	validate_image_fit(&v, board->images);
	validate_guest_dt(&v, board->fdt, board->images);
	validate_manages(&v);
	free_vctx(&v);

	map->valid = dl->errors == errors_before && !dl->out_of_memory;
	return map->valid;
}

void pmap_free(struct partition_map *map)
{
	pmap_free_channels(map);
	for (size_t i = 0; i < map->n_parts && map->parts; i++) {
		struct pmap_partition *p = &map->parts[i];

		free(p->name);
		free(p->cpus);
		free(p->mem);
		free(p->groups);
		free(p->masters);
		free(p->devices);
		free(p->spis);
		free(p->pci);
		free(p->kernel);
		free(p->initrd);
		free(p->dtb);
		free(p->bootargs);
	}
	free(map->parts);
	free(map->group_owner);
	free(map->master_trusted);
	free(map->master_owner);
	free(map->device_owner);
	memset(map, 0, sizeof(*map));
}

bool cfg_check(const void *blob, size_t size, const struct cfg_board *board, struct config *cfg,
	       struct partition_map *map, struct diag_list *dl)
{
	bool parsed = cfg_parse(blob, size, cfg, dl);

	memset(map, 0, sizeof(*map));
	/* Errors inside partitions still leave partitions worth checking against the board; only
	 * a config with no partitions at all (or OOM) stops here. */
	if (cfg->n_parts == 0 || dl->out_of_memory)
		return false;
	cfg_validate(cfg, board, map, dl);
	map->valid = map->valid && parsed;
	return map->valid;
}
