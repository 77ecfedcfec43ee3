/* Config generator and creation oracle (verdict_gen.h). */
#include "tests/unit/verdict_gen.h"

#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/mm/pgtable.h"
#include "core/partition/dma_streams.h"
#include "core/partition/guest_dt.h"
#include "core/partition/guest_image.h"
#include "core/partition/partition_plan.h"
#include "core/pci/vpci.h"
#include "tests/unit/fixture.h"

#define LIM_CPUS 10
#define LIM_DEVS 129
#define LIM_PCI 17
#define QEMU_CPUS 4

/* ---- choices ---- */

void vg_seed(struct vg_source *s, uint64_t seed)
{
	/* One splitmix64 step: seeds 1, 2, 3 start far apart, not with a run of small numbers. */
	uint64_t z = seed + UINT64_C(0x9e3779b97f4a7c15);

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	z ^= z >> 31;
	*s = (struct vg_source){ .rng = z ? z : 1 };
}

void vg_bytes(struct vg_source *s, const uint8_t *data, size_t len)
{
	*s = (struct vg_source){ .data = data, .len = len };
}

unsigned vg_below(struct vg_source *s, unsigned n)
{
	uint64_t x = 0;

	if (n <= 1)
		return 0;
	if (!s->data) {
		s->rng ^= s->rng << 13;
		s->rng ^= s->rng >> 7;
		s->rng ^= s->rng << 17;
		return (unsigned)(s->rng % n);
	}
	/* As many input bytes as n needs, so one byte changed is one choice changed. */
	for (unsigned bits = 0; bits < 32 && (UINT64_C(1) << bits) < n; bits += 8)
		x = x << 8 | (s->pos < s->len ? s->data[s->pos++] : 0);
	return (unsigned)(x % n);
}

/* ---- writing the config ---- */

#define OK(expr)                                                                  \
	do {                                                                      \
		if ((expr) != 0)                                                  \
			abort(); /* the buffer is VG_CONFIG_CAP: cannot happen */ \
	} while (0)

struct gen {
	struct vg_source *src;
	enum vg_profile profile;
	void *fdt;
	bool long_bootargs;
};

static unsigned below(struct gen *g, unsigned n)
{
	return vg_below(g->src, n);
}

static void prop_cells(void *fdt, const char *name, const uint32_t *v, int n)
{
	fdt32_t c[16];

	for (int i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	OK(fdt_property(fdt, name, c, n * (int)sizeof(fdt32_t)));
}

static void region(void *fdt, uint64_t ipa, uint64_t size, bool fixed, uint64_t phys)
{
	char name[40];
	uint32_t reg[4] = { (uint32_t)(ipa >> 32), (uint32_t)ipa, (uint32_t)(size >> 32), (uint32_t)size };
	uint32_t ph[2] = { (uint32_t)(phys >> 32), (uint32_t)phys };

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)ipa);
	OK(fdt_begin_node(fdt, name));
	prop_cells(fdt, "reg", reg, 4);
	if (fixed)
		prop_cells(fdt, "phys", ph, 2);
	OK(fdt_end_node(fdt));
}

/* A region size: mostly 16-128 MiB, sometimes a few MiB or 4 KiB pages (too small for the
 * images when first), rarely not whole pages. On QEMU 16-64 MiB, never too small. */
static uint64_t a_size(struct gen *g)
{
	if (g->profile == VG_QEMU)
		return (uint64_t)(8 + below(g, 24)) << 21;
	switch (below(g, 40)) {
	case 0:
		return 0x1800;
	case 1:
	case 2:
		return (uint64_t)(1 + below(g, 64)) << 12;
	case 3:
	case 4:
	case 5:
		return (uint64_t)(1 + below(g, 8)) << 21;
	default:
		return (uint64_t)(8 + below(g, 56)) << 21;
	}
}

/* A guest's first-region IPA: usual, or against the 40-bit limit. */
static uint64_t an_ipa(struct gen *g, uint64_t size)
{
	const uint64_t top = UINT64_C(1) << 40;

	switch (below(g, g->profile == VG_QEMU ? 8 : 24)) {
	case 0:
		return top - size; /* ends exactly at the limit */
	case 1:
		return top - (size & ~UINT64_C(0xfff)) + 0x1000; /* one page over */
	case 2:
		return top;
	default:
		return UINT64_C(0x40000000) + ((uint64_t)below(g, 64) << 24);
	}
}

/* Bootargs: none, a usual line, or (limits board) long enough to put the partition's device tree
 * around the old 64 KiB buffer or the boot protocol's 2 MiB. */
static void bootargs(struct gen *g)
{
	static char line[1024 * 1024];
	size_t len;

	if (g->profile == VG_QEMU) {
		OK(fdt_property_string(g->fdt, "bootargs", "hello"));
		return;
	}
	switch (g->long_bootargs ? 0 : below(g, 100)) {
	case 98:
		/* The config holds at most 1 MiB: the tree reaches 2 MiB only with a big device
		 * node besides (VG_BIG_NODE), crossing it about halfway through this range. */
		len = (880 * 1024) + below(g, 120 * 1024);
		break;
	case 99:
		len = (64 * 1024) - 4096 + below(g, 8192);
		break;
	default:
		if (below(g, 2))
			OK(fdt_property_string(g->fdt, "bootargs", "console=ttyAMA0 earlycon"));
		return;
	}
	g->long_bootargs = true; /* one per config: a config holds at most 1 MiB */
	memset(line, 'a' + (int)below(g, 26), len);
	line[len] = '\0';
	OK(fdt_property(g->fdt, "bootargs", line, (int)len + 1));
}

/* A guest's devices: none to a few, each from the guest's own slice so two guests rarely name
 * one device, and PCI functions likewise. None on QEMU (the probe payload drives none). */
static void devices(struct gen *g, unsigned index)
{
	char list[4096];
	size_t len = 0;
	unsigned ndev = below(g, 6) == 0 ? 0 : 1 + below(g, 3), npci = below(g, 3);

	if (g->profile == VG_QEMU)
		return;
	for (unsigned k = 0; k < ndev; k++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "/dev@%x",
					0xa000000 + (index * 12 + below(g, 12)) % LIM_DEVS * 0x1000) +
		       1;
	for (unsigned k = 0; k < npci; k++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "pci:0000:00:%02x.0",
					1 + (index * 2 + below(g, 2)) % LIM_PCI) +
		       1;
	if (len)
		OK(fdt_property(g->fdt, "devices", list, (int)len));
}

static unsigned n_regions(struct gen *g)
{
	if (g->profile == VG_QEMU)
		return below(g, 8) == 0 ? 9 : 1 + below(g, 2);
	return below(g, 6) == 0 ? 8 + below(g, 2) : 1 + below(g, 3);
}

static void partition(struct gen *g, unsigned index, bool host, const unsigned *cpus, unsigned ncpus)
{
	void *fdt = g->fdt;
	char name[16];
	uint32_t c[LIM_CPUS];
	unsigned nmem = n_regions(g);
	uint64_t ipa, size = a_size(g);
	const char *kernel;

	snprintf(name, sizeof(name), host ? "host" : "g%u", index);
	OK(fdt_begin_node(fdt, name));
	if (host)
		OK(fdt_property(fdt, "host", NULL, 0));
	prop_cells(fdt, "#address-cells", (uint32_t[]){ 2 }, 1);
	prop_cells(fdt, "#size-cells", (uint32_t[]){ 2 }, 1);
	for (unsigned i = 0; i < ncpus; i++)
		c[i] = cpus[i];
	prop_cells(fdt, "cpus", c, (int)ncpus);
	if (g->profile == VG_QEMU)
		kernel = "probe.bin";
	else
		kernel = below(g, 4) == 0 ? "big.bin" : "small.bin"; /* fdt_property_string() reads it twice */
	OK(fdt_property_string(fdt, "kernel", kernel));
	if (g->profile == VG_LIMITS && below(g, 2))
		OK(fdt_property_string(fdt, "initrd", "initrd"));
	bootargs(g);
	if (!host)
		devices(g, index);
	/* Regions at increasing IPAs; the host's identity-mapped where RAM is (above the
	 * hypervisor's 128 MiB). */
	ipa = host ? UINT64_C(0x48000000) + ((uint64_t)below(g, 8) << 24) : an_ipa(g, size);
	for (unsigned r = 0; r < nmem; r++) {
		region(fdt, ipa, size, host, ipa);
		ipa += (size + 0xfff) & ~UINT64_C(0xfff);
		if (!host && below(g, 4) == 0)
			size = a_size(g);
	}
	OK(fdt_end_node(fdt));
}

/* How many partitions and vCPUs each: on the limits board sometimes 8 or 9 partitions, the host
 * sometimes 8 or 9 of the 10 CPUs; on QEMU one to three partitions, one CPU each, sometimes two
 * sharing one (refused). */
static unsigned n_partitions(struct gen *g)
{
	if (g->profile == VG_QEMU)
		return 1 + below(g, 3);
	return below(g, 10) == 0 ? 8 + below(g, 2) : 2 + below(g, 3);
}

static unsigned n_vcpus(struct gen *g, unsigned p)
{
	if (g->profile == VG_QEMU)
		return 1;
	return p == 0 && below(g, 5) == 0 ? 8 + below(g, 2) : 1 + below(g, 2);
}

size_t vg_make_config(struct vg_source *src, enum vg_profile profile, void *buf, size_t cap)
{
	struct gen g = { src, profile, buf, false };
	unsigned n_cpus = profile == VG_QEMU ? QEMU_CPUS : LIM_CPUS;
	unsigned order[LIM_CPUS], nparts = n_partitions(&g), used = 0;

	for (unsigned i = 0; i < n_cpus; i++)
		order[i] = i;
	for (unsigned i = n_cpus - 1; i > 0; i--) {
		unsigned j = below(&g, i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	if (profile == VG_QEMU && below(&g, 6) == 0)
		order[1] = order[0]; /* the second partition's CPU is the first's */
	OK(fdt_create(buf, (int)cap));
	OK(fdt_finish_reservemap(buf));
	OK(fdt_begin_node(buf, ""));
	OK(fdt_property_string(buf, "compatible", "bulkhead,config-v1"));
	OK(fdt_begin_node(buf, "partitions"));
	for (unsigned p = 0; p < nparts; p++) {
		unsigned n = n_vcpus(&g, p);

		if (used + n > n_cpus)
			n = used < n_cpus ? n_cpus - used : 1;
		partition(&g, p, p == 0, used < n_cpus ? order + used : order, n);
		used += n;
	}
	OK(fdt_end_node(buf));
	OK(fdt_end_node(buf));
	OK(fdt_finish(buf));
	return fdt_totalsize(buf);
}

/* ---- the board and its images ---- */

static uint8_t small_kernel[64], big_kernel[64], initrd[16];
static struct cfg_image images[3];

static void make_kernel(uint8_t *h, uint64_t image_size)
{
	for (int i = 0; i < 8; i++)
		h[16 + i] = (uint8_t)(image_size >> (8 * i));
	memcpy(h + 56, "ARM\x64", 4);
}

void vg_board_load(struct vg_board *b, bool big_node)
{
	struct diag_list dl;

	memset(b, 0, sizeof(*b));
	b->fdt = fixture_load("limits/board.dtb", NULL);
	if (big_node) {
		/* A device whose node is 1 MiB + 64 KiB (a firmware blob property a guest's tree
		 * copies): with long bootargs its partition's tree crosses 2 MiB. */
		int size = fdt_totalsize(b->fdt) + VG_BIG_NODE + 4096;
		void *big = malloc((size_t)size), *blob = calloc(1, VG_BIG_NODE);

		if (!big || !blob || fdt_open_into(b->fdt, big, size) ||
		    fdt_setprop(big, fdt_path_offset(big, VG_BIG_NODE_PATH), "firmware", blob, VG_BIG_NODE))
			abort();
		free(blob);
		free(b->fdt);
		b->fdt = big;
	}
	diag_init(&dl);
	if (!platform_discover(b->fdt, &b->plat, &dl) || !pci_dt_read(b->fdt, &b->plat, &b->pci, &dl) ||
	    !groups_build(&b->plat, &b->pci, &b->gs, &dl)) {
		diag_print(&dl);
		abort();
	}
	diag_free(&dl);
	make_kernel(small_kernel, UINT64_C(2) << 20);
	make_kernel(big_kernel, UINT64_C(33) << 20);
	images[0] = (struct cfg_image){ "small.bin", 0x44000000, sizeof(small_kernel), small_kernel };
	images[1] = (struct cfg_image){ "big.bin", 0x44100000, sizeof(big_kernel), big_kernel };
	images[2] = (struct cfg_image){ "initrd", 0x44200000, UINT64_C(5) << 20, initrd };
	b->blobs.images = images;
	b->blobs.n_images = 3;
}

void vg_board_free(struct vg_board *b)
{
	groups_free(&b->gs);
	pci_topology_free(&b->pci);
	platform_free(&b->plat);
	free(b->fdt);
}

/* ---- creation, as the boot does it short of the hardware ---- */

/* Stage-2 and stage-1 tables in host memory: physical address = host address. */
static void *host_alloc(void *ctx, unsigned pages, pa_t *out)
{
	void *p = aligned_alloc((size_t)pages * 4096, (size_t)pages * 4096); /* concatenated roots: size-aligned */

	(void)ctx;
	if (p) {
		memset(p, 0, (size_t)pages * 4096);
		*out = pa((uint64_t)(uintptr_t)p);
	}
	return p;
}

static void host_free(void *ctx, void *ptr, pa_t addr, unsigned pages)
{
	(void)ctx;
	(void)addr;
	(void)pages;
	free(ptr);
}

static void *host_table_ptr(void *ctx, pa_t addr)
{
	(void)ctx;
	return (void *)(uintptr_t)pa_val(addr);
}

static const struct pgtable_alloc host_pages = { host_alloc, host_free, host_table_ptr, NULL };

static int map_memory(const struct partition_spec *s, enum pgtable_stage stage, unsigned bits, bool mmio)
{
	struct pgtable t;
	int err = pgtable_init(&t, stage, bits, &host_pages);

	for (unsigned m = 0; m < s->n_mem && !err; m++)
		err = pgtable_map(&t, s->mem[m].ipa, pa(s->mem[m].pa), s->mem[m].size, PTE_MEM_NORMAL,
				  mmio ? PTE_PERM_RWX : PTE_PERM_RW);
	for (unsigned m = 0; mmio && m < s->n_mmio && !err; m++)
		err = pgtable_map(&t, s->mmio[m].pa, pa(s->mmio[m].pa), s->mmio[m].size, PTE_MEM_DEVICE_nGnRE,
				  PTE_PERM_RW);
	pgtable_destroy(&t);
	return err;
}

static bool create_one(const struct vg_board *b, const struct pmap_partition *mp, const struct cfg_limits *lim,
		       struct diag_list *why)
{
	struct plan_inputs in = { &b->plat, &b->pci, &b->gs, &b->blobs };
	static struct partition_plan plan;
	static struct vpci_bus bus;
	const struct partition_spec *s = &plan.spec;
	struct arm64_image img;
	struct guest_layout lay;
	const char *what = NULL;
	size_t dt_size;
	void *dt;
	int err;

	if (!partition_plan(mp, &in, &plan, why) || !partition_plan_vpci(mp, &in, &bus, &plan.spec, why))
		return false;
	if (!arm64_image_parse(s->kernel.data, s->kernel.size, &img, &what) ||
	    !guest_layout_compute(&s->mem[0], &img, s->initrd.size, GUEST_DTB_MAX, &lay, &what)) {
		diag_error(why, "create-images", s->name, NULL, "%s", what);
		return false;
	}
	err = map_memory(s, PGTABLE_STAGE2, lim->ipa_bits, true);
	if (err) {
		diag_error(why, "create-stage2", s->name, NULL, "%s", pgtable_strerror(err));
		return false;
	}
	dt = guest_dt_create(s, b->fdt, &b->plat, &lay, &dt_size, why);
	free(dt);
	return dt != NULL;
}

/* SMMU stream assignment as arch/arm64/vm/smmu_setup.c does it: every stream of an owned master
 * into its owner, on an SMMU bulkhead can program, through a stage-1 mirror of the owner's
 * memory (QEMU's SMMUv3 has no stage 2). */
struct streams {
	const struct vg_board *b;
	const struct partition_map *map;
	struct diag_list *why;
	bool mirrored[PART_MAX_PARTITIONS];
	bool ok;
};

static void assign_stream(void *ctx, const struct dma_stream *st)
{
	struct streams *a = ctx;
	const struct dma_master *m = &a->b->gs.masters[st->master];
	int owner = a->map->master_owner ? a->map->master_owner[st->master] : -1;
	const char *what = NULL;

	if (st->owner != owner) {
		diag_error(a->why, "create-smmu", m->name, NULL, "stream 0x%x assigned to %d, the map says %d", st->sid,
			   st->owner, owner);
		a->ok = false;
		return;
	}
	if (owner < 0)
		return;
	if (st->smmu < 0 || (size_t)st->smmu >= a->b->plat.n_smmus ||
	    !smmu_programmable(&a->b->plat.smmus[st->smmu], &what)) {
		diag_error(a->why, "create-smmu", m->name, NULL, "stream 0x%x: SMMU not programmable (%s)", st->sid,
			   what ? what : "none");
		a->ok = false;
		return;
	}
	if (st->sid > dma_max_sid(&a->b->gs, st->smmu)) {
		diag_error(a->why, "create-smmu", m->name, NULL, "stream 0x%x outside the stream table", st->sid);
		a->ok = false;
	}
}

static bool assign_streams(const struct vg_board *b, const struct partition_map *map, struct diag_list *why)
{
	struct streams a = { b, map, why, { false }, true };
	bool running[PART_MAX_PARTITIONS];

	for (size_t i = 0; i < PART_MAX_PARTITIONS; i++)
		running[i] = i < map->n_parts;
	dma_streams_assign(&b->gs, map, running, map->n_parts, assign_stream, &a);
	return a.ok;
}

/* Each partition owning a stream gets its stage-1 DMA mirror (smmu_setup.c build_dma_context). */
static bool build_mirrors(const struct vg_board *b, const struct partition_map *map, struct diag_list *why)
{
	struct plan_inputs in = { &b->plat, &b->pci, &b->gs, &b->blobs };
	static struct partition_plan plan;

	for (size_t i = 0; i < map->n_parts; i++) {
		struct diag_list scratch;
		int err;

		if (!map->parts[i].n_masters)
			continue;
		diag_init(&scratch);
		if (!partition_plan(&map->parts[i], &in, &plan, &scratch)) {
			diag_free(&scratch);
			return false; /* create_one() reported it */
		}
		diag_free(&scratch);
		err = map_memory(&plan.spec, PGTABLE_STAGE1_EL2, PGTABLE_EL2_VA_BITS, false);
		if (err) {
			diag_error(why, "create-smmu", map->parts[i].name, NULL, "DMA tables: %s",
				   pgtable_strerror(err));
			return false;
		}
	}
	return true;
}

static bool create(const struct vg_board *b, const struct partition_map *map, const struct cfg_limits *lim,
		   struct diag_list *why)
{
	if (map->n_parts > PART_MAX_PARTITIONS) {
		diag_error(why, "create-partitions", NULL, NULL, "%zu partitions", map->n_parts);
		return false;
	}
	for (size_t i = 0; i < map->n_parts; i++)
		if (!create_one(b, &map->parts[i], lim, why))
			return false;
	return build_mirrors(b, map, why) && assign_streams(b, map, why);
}

/* Refusals that are exactly "creation could not do this". */
static bool creation_refusal(const char *code)
{
	static const char *const codes[] = { "cfg-over-limit",          "cfg-images-too-big", "cfg-ipa-range",
					     "cfg-too-many-partitions", "cfg-dt-too-big",     NULL };

	for (const char *const *c = codes; *c; c++)
		if (strcmp(code, *c) == 0)
			return true;
	return false;
}

static void report(FILE *out, const struct diag_list *check, const struct diag_list *made)
{
	if (!out)
		return;
	fprintf(out, "verdicts differ\n");
	for (size_t i = 0; i < check->count; i++)
		fprintf(out, "  check: %s %s: %s\n", check->items[i].code, check->items[i].path,
			check->items[i].message);
	for (size_t i = 0; i < made->count; i++)
		fprintf(out, "  create: %s %s: %s\n", made->items[i].code, made->items[i].path, made->items[i].message);
}

enum vg_verdict vg_compare(const struct vg_board *b, const void *blob, size_t size, FILE *why)
{
	struct cfg_board cb = { .plat = &b->plat, .pci = &b->pci, .gs = &b->gs, .images = &b->blobs, .fdt = b->fdt };
	struct config cfg;
	struct partition_map map;
	struct diag_list dl, made;
	bool ok, created = false, only_creation = true;
	enum vg_verdict v = VG_REFUSED_OTHER;

	cfg_limits_default(&b->plat, &cb.lim);
	diag_init(&dl);
	diag_init(&made);
	ok = cfg_check(blob, size, &cb, &cfg, &map, &dl);
	for (size_t i = 0; i < dl.count; i++)
		if (dl.items[i].severity == DIAG_ERROR && !creation_refusal(dl.items[i].code))
			only_creation = false;
	if (ok || (only_creation && map.n_parts)) {
		created = create(b, &map, &cb.lim, &made);
		if (ok != created) {
			report(why, &dl, &made);
			v = VG_DISAGREE;
		} else {
			v = ok ? VG_VALID_CREATED : VG_REFUSED_UNCREATED;
		}
	}
	pmap_free(&map);
	cfg_free(&cfg);
	diag_free(&dl);
	diag_free(&made);
	return v;
}
