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
#include "core/vdev/mgmt_window.h"
#include "core/vdev/vgicd.h"
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

/* What the channel generator aims at in one partition. */
struct gen_part {
	uint64_t mem_ipa, mem_end; /* its first region's IPA, the end of its last */
	int device;                /* a device it owns (limits board index), or -1 */
	bool has_ipa;              /* last_ipa/last_doorbell are set */
	uint64_t last_ipa;         /* of the last channel it maps */
	uint32_t last_doorbell;
};

struct gen {
	struct vg_source *src;
	enum vg_profile profile;
	void *fdt;
	bool long_bootargs;
	struct gen_part parts[16];
	unsigned n_parts;
	/* Mappings at a free IPA, with their own doorbell and `dma;`, except (when wild) the first
	 * mapping of channel wild_channel, whose members too may be odd: one error at a time, so
	 * that a refusal is not hidden behind another. */
	bool tidy_channels;
	unsigned wild_channel;
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
	for (unsigned k = 0; k < ndev; k++) {
		unsigned dev = (index * 12 + below(g, 12)) % LIM_DEVS;

		len += (size_t)snprintf(list + len, sizeof(list) - len, "/dev@%x", 0xa000000 + dev * 0x1000) + 1;
		g->parts[index].device = (int)dev;
	}
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
	g->parts[index] = (struct gen_part){ .device = host ? LIM_DEVS - 1 : -1 }; /* no guest takes the last */
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
	g->parts[index].mem_ipa = ipa;
	for (unsigned r = 0; r < nmem; r++) {
		region(fdt, ipa, size, host, ipa);
		ipa += (size + 0xfff) & ~UINT64_C(0xfff);
		if (!host && below(g, 4) == 0)
			size = a_size(g);
	}
	g->parts[index].mem_end = ipa;
	OK(fdt_end_node(fdt));
}

/* ---- shared-memory channels (limits board) ---- */

#define FREE_IPA UINT64_C(0x8000000000) /* above every region the generator makes, under 2^40 */
#define FREE_SLOT UINT64_C(0x8000000)   /* per channel: more than its largest size */

/* A channel size: whole pages, or at and over the 2 MiB block, 64 MiB limit and page multiple. */
static uint64_t channel_size(struct gen *g)
{
	switch (below(g, 16)) {
	case 0:
		return CHANNEL_MAX_SIZE;
	case 1:
		return CHANNEL_MAX_SIZE + 0x1000;
	case 2:
		return 0x1800;
	case 3:
		return 0;
	case 4:
		return UINT64_C(2) << 20;
	case 5:
		return (UINT64_C(2) << 20) - 0x1000;
	case 6:
		return (UINT64_C(2) << 20) + 0x1000;
	default:
		return (uint64_t)(1 + below(g, 16)) << 12;
	}
}

/* Where partition `p` maps channel `ci`: usually a free slot, else against something it sees. */
static uint64_t channel_ipa(struct gen *g, unsigned p, unsigned ci, uint64_t size)
{
	const struct gen_part *gp = &g->parts[p];
	const uint64_t top = UINT64_C(1) << 40;

	switch (g->tidy_channels ? 99 : below(g, 24)) {
	case 0:
		return gp->mem_ipa; /* its RAM */
	case 1:
		return gp->mem_end - 0x1000; /* its RAM's last page */
	case 2:
		return gp->device >= 0 ? 0xa000000 + (uint64_t)gp->device * 0x1000 : FREE_IPA;
	case 3:
		return MGMT_WINDOW_IPA;
	case 4:
		return CHANNEL_GPIO_IPA;
	case 5:
		return 0x8000000; /* the virtual GIC distributor */
	case 6:
		return top - ((size + 0xfff) & ~UINT64_C(0xfff)); /* ends at the IPA limit */
	case 7:
		return top - ((size + 0xfff) & ~UINT64_C(0xfff)) + 0x1000; /* one page over */
	case 8:
		return FREE_IPA + ci * FREE_SLOT + 0x800; /* not page-aligned */
	case 9:
		return gp->has_ipa ? gp->last_ipa : FREE_IPA; /* another of its channels */
	case 10:
		return gp->mem_ipa - 0x1000; /* just below its RAM */
	default:
		return FREE_IPA + ci * FREE_SLOT;
	}
}

/* A doorbell: one of its own per channel, or an INTID it already has or that is no SPI. */
static uint32_t channel_doorbell(struct gen *g, unsigned p, unsigned ci)
{
	const struct gen_part *gp = &g->parts[p];

	switch (g->tidy_channels ? 99 : below(g, 20)) {
	case 0:
		/* The limits board's device k has SPI 32 + k: INTID 64 + k. */
		return gp->device >= 0 ? 64u + (unsigned)gp->device : 400u + ci;
	case 1:
		return CHANNEL_GPIO_INTID;
	case 2:
		return gp->has_ipa ? gp->last_doorbell : 400u + ci;
	case 3:
		return VGIC_NR_PRIVATE - 1;
	case 4:
		return VGICD_MAX_INTIDS;
	default:
		return 400u + ci;
	}
}

static void channel_mapping(struct gen *g, const char *name, int p, unsigned ci, uint64_t size)
{
	void *fdt = g->fdt;
	uint64_t ipa = p >= 0 ? channel_ipa(g, (unsigned)p, ci, size) : FREE_IPA;
	uint32_t doorbell = p >= 0 ? channel_doorbell(g, (unsigned)p, ci) : 400u + ci;
	const char *access = below(g, 3) == 0 ? "read-only" : "read-write"; /* read twice, see kernel */

	OK(fdt_begin_node(fdt, name));
	prop_cells(fdt, "ipa", (uint32_t[]){ (uint32_t)(ipa >> 32), (uint32_t)ipa }, 2);
	OK(fdt_property_string(fdt, "access", access));
	prop_cells(fdt, "doorbell", &doorbell, 1);
	if (g->tidy_channels || below(g, 4)) /* without it, a partition owning DMA masters is refused */
		OK(fdt_property(fdt, "dma", NULL, 0));
	OK(fdt_end_node(fdt));
	if (p >= 0)
		g->parts[p] = (struct gen_part){
			g->parts[p].mem_ipa, g->parts[p].mem_end, g->parts[p].device, true, ipa, doorbell
		};
}

static void part_name(char *name, size_t cap, unsigned p)
{
	snprintf(name, cap, p == 0 ? "host" : "g%u", p);
}

/* A third of the limits configs get channels: usually one to four, sometimes 16 or 17 (the
 * limit), or 8 or 9 all mapped by the host (the per-partition limit). Sizes go near their limits
 * in every channel; in one config of four one channel is wild: one, two or three members or a
 * name that is no partition, and its first mapping's IPA, doorbell or `dma;` near a refusal. */
static void channels(struct gen *g)
{
	unsigned n, mode;

	if (g->profile != VG_LIMITS || below(g, 3) != 2) /* choice 0: none */
		return;
	g->tidy_channels = true;
	mode = below(g, 8);
	n = mode == 0 ? CHANNEL_MAX + below(g, 2) : mode == 1 ? PART_MAX_CHANNELS + below(g, 2) : 1 + below(g, 4);
	g->wild_channel = below(g, n) + (below(g, 4) == 0 ? 0 : n); /* one in four: one wild mapping */
	OK(fdt_begin_node(g->fdt, "channels"));
	for (unsigned ci = 0; ci < n; ci++) {
		char name[16];
		uint64_t size = channel_size(g);
		unsigned a = mode == 1 ? 0 : below(g, g->n_parts), b = (a + 1 + below(g, g->n_parts - 1)) % g->n_parts;
		unsigned shape;

		g->tidy_channels = ci != g->wild_channel;
		shape = g->tidy_channels ? 99 : below(g, 12);

		snprintf(name, sizeof(name), "c%u", ci);
		OK(fdt_begin_node(g->fdt, name));
		prop_cells(g->fdt, "size", (uint32_t[]){ (uint32_t)(size >> 32), (uint32_t)size }, 2);
		part_name(name, sizeof(name), a);
		channel_mapping(g, name, (int)a, ci, size);
		g->tidy_channels = true;
		if (shape != 0) { /* 0: one member only */
			part_name(name, sizeof(name), b);
			channel_mapping(g, name, (int)b, ci, size);
		}
		if (shape == 1 && g->n_parts > 2) {
			unsigned c = (b + 1) % g->n_parts;

			if (c != a) {
				part_name(name, sizeof(name), c);
				channel_mapping(g, name, (int)c, ci, size);
			}
		}
		if (shape == 2)
			channel_mapping(g, "nobody", -1, ci, size);
		OK(fdt_end_node(g->fdt));
	}
	OK(fdt_end_node(g->fdt));
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
	struct gen g = { .src = src, .profile = profile, .fdt = buf };
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
	g.n_parts = nparts;
	channels(&g); /* last, so inputs written before channels existed still make the same partitions */
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

/* The partition's stage 2 as arch/arm64/vm/stage2.c builds it: memory, device registers at IPA ==
 * PA, and each channel it maps, read-only where the mapping is. */
static int map_stage2(const struct partition_spec *s, unsigned bits)
{
	struct pgtable t;
	int err = pgtable_init(&t, PGTABLE_STAGE2, bits, &host_pages);

	for (unsigned m = 0; m < s->n_mem && !err; m++)
		err = pgtable_map(&t, s->mem[m].ipa, pa(s->mem[m].pa), s->mem[m].size, PTE_MEM_NORMAL, PTE_PERM_RWX);
	for (unsigned m = 0; m < s->n_mmio && !err; m++)
		err = pgtable_map(&t, s->mmio[m].pa, pa(s->mmio[m].pa), s->mmio[m].size, PTE_MEM_DEVICE_nGnRE,
				  PTE_PERM_RW);
	for (unsigned c = 0; c < s->n_channels && !err; c++)
		err = pgtable_map(&t, s->channels[c].ipa, pa(s->channels[c].pa), s->channels[c].size, PTE_MEM_NORMAL,
				  s->channels[c].read_only ? PTE_PERM_R : PTE_PERM_RW);
	pgtable_destroy(&t);
	return err;
}

/* The stage-1 mirror an SMMU without stage 2 translates the partition's DMA through, as
 * smmu_setup.c build_dma_context builds it: part_dma_windows(). */
static int map_dma_mirror(const struct partition_spec *s)
{
	struct part_dma_window win[PART_MAX_DMA_WINDOWS];
	unsigned n = part_dma_windows(s, win, PART_MAX_DMA_WINDOWS);
	struct pgtable t;
	int err = pgtable_init(&t, PGTABLE_STAGE1_EL2, PGTABLE_EL2_VA_BITS, &host_pages);

	for (unsigned i = 0; i < n && !err; i++)
		err = pgtable_map(&t, win[i].ipa, pa(win[i].pa), win[i].size, PTE_MEM_NORMAL,
				  win[i].write ? PTE_PERM_RW : PTE_PERM_R);
	pgtable_destroy(&t);
	return err;
}

/* The virtual GIC's SPIs as vgic_partition_init adds them: device SPIs, the console's, one per
 * channel doorbell and the doorbell GPIO controller's. vgicd_add_spi takes any INTID it holds
 * and re-purposes one already added, so creation relies on each being an SPI and used once. */
static bool vgic_spis(const struct partition_spec *s, struct diag_list *why)
{
	uint32_t intid[PART_MAX_SPIS + PART_MAX_CHANNELS + 2];
	unsigned n = 0;

	for (unsigned i = 0; i < s->n_spis; i++)
		intid[n++] = s->spis[i].intid;
	if (s->vuart.present && s->vuart.intid >= VGIC_NR_PRIVATE)
		intid[n++] = s->vuart.intid;
	for (unsigned i = 0; i < s->n_channels; i++)
		intid[n++] = s->channels[i].doorbell;
	if (s->n_channels)
		intid[n++] = CHANNEL_GPIO_INTID;
	for (unsigned i = 0; i < n; i++) {
		bool dup = false;

		for (unsigned k = 0; k < i; k++)
			dup = dup || intid[k] == intid[i];
		if (dup || intid[i] < VGIC_NR_PRIVATE || intid[i] >= VGICD_MAX_INTIDS) {
			diag_error(why, "create-vgic", s->name, NULL, "INTID %u %s", intid[i],
				   dup ? "added twice to the virtual GIC" : "is no SPI the virtual GIC holds");
			return false;
		}
	}
	return true;
}

/* What the guest sees at root level of its device tree (memory, devices, virtual GIC, console,
 * management window, doorbell GPIO controller, channels, PCI ECAM): no two `reg` windows may
 * overlap, or a trapped window would be hidden behind a mapping (or two things share an IPA). */
static bool dt_windows_disjoint(const void *dt, const char *name, struct diag_list *why)
{
	struct win {
		uint64_t base, size;
		const char *node;
	} w[512];
	unsigned n = 0;
	int node;

	if (fdt_address_cells(dt, 0) != 2 || fdt_size_cells(dt, 0) != 2)
		abort(); /* guest_dt.c writes 2 and 2 */
	fdt_for_each_subnode(node, dt, 0)
	{
		int len = 0;
		const fdt32_t *reg = fdt_getprop(dt, node, "reg", &len);

		for (int i = 0; reg && i + 4 <= len / 4 && n < 512; i += 4) {
			uint64_t base = (uint64_t)fdt32_to_cpu(reg[i]) << 32 | fdt32_to_cpu(reg[i + 1]);
			uint64_t size = (uint64_t)fdt32_to_cpu(reg[i + 2]) << 32 | fdt32_to_cpu(reg[i + 3]);

			if (size)
				w[n++] = (struct win){ base, size, fdt_get_name(dt, node, NULL) };
		}
	}
	for (unsigned i = 0; i < n; i++)
		for (unsigned k = 0; k < i; k++)
			if (w[i].base < w[k].base + w[k].size && w[k].base < w[i].base + w[i].size) {
				diag_error(why, "create-dt", name, NULL, "%s and %s overlap in the guest's address map",
					   w[k].node, w[i].node);
				return false;
			}
	return true;
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
	err = map_stage2(s, lim->ipa_bits);
	if (err) {
		diag_error(why, "create-stage2", s->name, NULL, "%s", pgtable_strerror(err));
		return false;
	}
	if (!vgic_spis(s, why))
		return false;
	dt = guest_dt_create(s, b->fdt, &b->plat, &lay, &dt_size, why);
	if (dt && !dt_windows_disjoint(dt, s->name, why)) {
		free(dt);
		return false;
	}
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
		err = map_dma_mirror(&plan.spec);
		if (err) {
			diag_error(why, "create-smmu", map->parts[i].name, NULL, "DMA tables: %s",
				   pgtable_strerror(err));
			return false;
		}
	}
	return true;
}

/* Channel memory as channels_init() zeroes it at boot: the map's placement (validation's
 * allocator, after every partition region), which must be RAM that nothing else holds: not the
 * hypervisor, a reservation, a partition region or another channel. */
static bool channel_memory(const struct vg_board *b, const struct partition_map *map, struct diag_list *why)
{
	for (size_t c = 0; c < map->n_channels; c++) {
		const struct pmap_channel *ch = &map->channels[c];
		uint64_t base = pa_val(ch->pa), end = base + ch->size;
		bool ram = false, clash = ranges_overlap(base, ch->size, map->hyp.base, map->hyp.size);

		if (!ch->allocated) {
			diag_error(why, "create-channel", ch->name, NULL, "no memory placed");
			return false;
		}
		for (size_t r = 0; r < b->plat.n_mem; r++)
			ram = ram || (base >= b->plat.mem[r].base && end <= b->plat.mem[r].base + b->plat.mem[r].size);
		for (size_t r = 0; r < b->plat.n_reserved; r++)
			clash = clash || ranges_overlap(base, ch->size, b->plat.reserved[r].range.base,
							b->plat.reserved[r].range.size);
		for (size_t i = 0; i < map->n_parts; i++)
			for (size_t m = 0; m < map->parts[i].n_mem; m++)
				clash = clash || ranges_overlap(base, ch->size, pa_val(map->parts[i].mem[m].pa),
								map->parts[i].mem[m].size);
		for (size_t k = 0; k < c; k++)
			clash = clash ||
				ranges_overlap(base, ch->size, pa_val(map->channels[k].pa), map->channels[k].size);
		if (!ram || clash) {
			diag_error(why, "create-channel", ch->name, NULL, "memory 0x%llx-0x%llx %s",
				   (unsigned long long)base, (unsigned long long)end - 1,
				   ram ? "overlaps memory held by something else" : "is not RAM");
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
	return channel_memory(b, map, why) && build_mirrors(b, map, why) && assign_streams(b, map, why);
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
