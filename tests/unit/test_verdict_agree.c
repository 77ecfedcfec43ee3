/* The checker is the boot's oracle: random plausible configs on a board with one more of
 * everything than a partition holds (fixtures/limits/board.dts), each through validation
 * (cfg_check, as bulkhead-check and the boot run it) and through a host build of partition
 * creation (partition_plan, image layout, stage-2 tables, the partition's device tree: what the
 * boot does short of touching hardware). A config validation accepts must be created in full;
 * one it refuses only for what creation cannot do (cfg-over-limit, cfg-images-too-big,
 * cfg-ipa-range, cfg-too-many-partitions) must fail in creation too. Seeded, so a failure
 * replays: the seed and the config's DTS-like summary are printed.
 *
 * The generator aims at the boundaries: region counts, vCPU counts, devices and PCI functions
 * at and over each limit; memory near the 40-bit IPA limit, near the end of RAM and the
 * hypervisor's region, unaligned sizes; kernels that do or do not fit the first region. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "core/base/diag.h"
#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/mm/pgtable.h"
#include "core/partition/guest_dt.h"
#include "core/partition/guest_image.h"
#include "core/partition/partition_plan.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"

#define ITERATIONS 3000
#define SEED UINT64_C(0x5eed0fb0a7d5)
#define N_CPUS 10
#define N_DEVS 129
#define N_PCI 17

static struct {
	void *fdt;
	struct platform plat;
	struct pci_topology pci;
	struct group_set gs;
	struct diag_list dl;
} board;

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned below(unsigned n)
{
	return (unsigned)(next() % n);
}

/* ---- a host allocator for stage-2 tables: physical address = host address ---- */

static void *host_alloc(void *ctx, unsigned pages, pa_t *out)
{
	void *p = aligned_alloc((size_t)pages * 4096, (size_t)pages * 4096);

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

/* ---- images: two kernels (one too big for a small first region) and an initrd ---- */

static uint8_t small_kernel[64], big_kernel[64], initrd[16];
static struct cfg_image images[3];
static struct config_blobs blobs = { .images = images, .n_images = 3 };

static void make_kernel(uint8_t *h, uint64_t image_size)
{
	for (int i = 0; i < 8; i++)
		h[16 + i] = (uint8_t)(image_size >> (8 * i));
	memcpy(h + 56, "ARM\x64", 4);
}

static int setup(void **state)
{
	(void)state;
	board.fdt = fixture_load("limits/board.dtb", NULL);
	diag_init(&board.dl);
	assert_true(platform_discover(board.fdt, &board.plat, &board.dl));
	assert_true(pci_dt_read(board.fdt, &board.plat, &board.pci, &board.dl));
	assert_true(groups_build(&board.plat, &board.pci, &board.gs, &board.dl));
	make_kernel(small_kernel, UINT64_C(2) << 20);
	make_kernel(big_kernel, UINT64_C(33) << 20);
	images[0] = (struct cfg_image){ "small.bin", 0x44000000, sizeof(small_kernel), small_kernel };
	images[1] = (struct cfg_image){ "big.bin", 0x44100000, sizeof(big_kernel), big_kernel };
	images[2] = (struct cfg_image){ "initrd", 0x44200000, UINT64_C(5) << 20, initrd };
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	groups_free(&board.gs);
	pci_topology_free(&board.pci);
	platform_free(&board.plat);
	diag_free(&board.dl);
	free(board.fdt);
	return 0;
}

/* ---- the generator ---- */

static void prop_cells(void *fdt, const char *name, const uint32_t *v, int n)
{
	fdt32_t c[16];

	for (int i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	assert_int_equal(fdt_property(fdt, name, c, n * (int)sizeof(fdt32_t)), 0);
}

static void region(void *fdt, uint64_t ipa, uint64_t size, bool fixed, uint64_t phys)
{
	char name[40];
	uint32_t reg[4] = { (uint32_t)(ipa >> 32), (uint32_t)ipa, (uint32_t)(size >> 32), (uint32_t)size };
	uint32_t ph[2] = { (uint32_t)(phys >> 32), (uint32_t)phys };

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)ipa);
	assert_int_equal(fdt_begin_node(fdt, name), 0);
	prop_cells(fdt, "reg", reg, 4);
	if (fixed)
		prop_cells(fdt, "phys", ph, 2);
	assert_int_equal(fdt_end_node(fdt), 0);
}

/* A region size: mostly 16-128 MiB, sometimes a few MiB or 4 KiB pages (too small for the
 * images when first), rarely not whole pages. */
static uint64_t a_size(void)
{
	switch (below(40)) {
	case 0:
		return 0x1800;
	case 1:
	case 2:
		return (uint64_t)(1 + below(64)) << 12;
	case 3:
	case 4:
	case 5:
		return (uint64_t)(1 + below(8)) << 21;
	default:
		return (uint64_t)(8 + below(56)) << 21;
	}
}

/* A first-region IPA: usual, or against the 40-bit limit. */
static uint64_t an_ipa(uint64_t size)
{
	const uint64_t top = UINT64_C(1) << 40;

	switch (below(24)) {
	case 0:
		return top - size; /* ends exactly at the limit */
	case 1:
		return top - (size & ~UINT64_C(0xfff)) + 0x1000; /* one page over */
	case 2:
		return top;
	default:
		return UINT64_C(0x40000000) + ((uint64_t)below(64) << 24);
	}
}

static void partition(void *fdt, unsigned index, bool host, const unsigned *cpus, unsigned ncpus)
{
	char name[16];
	uint32_t c[N_CPUS];
	unsigned nmem = below(6) == 0 ? 8 + below(2) : 1 + below(3);
	uint64_t ipa, size = a_size();
	const char *kernel;

	snprintf(name, sizeof(name), host ? "host" : "g%u", index);
	assert_int_equal(fdt_begin_node(fdt, name), 0);
	if (host)
		assert_int_equal(fdt_property(fdt, "host", NULL, 0), 0);
	prop_cells(fdt, "#address-cells", (uint32_t[]){ 2 }, 1);
	prop_cells(fdt, "#size-cells", (uint32_t[]){ 2 }, 1);
	for (unsigned i = 0; i < ncpus; i++)
		c[i] = cpus[i];
	prop_cells(fdt, "cpus", c, (int)ncpus);
	kernel = below(4) == 0 ? "big.bin" : "small.bin"; /* fdt_property_string() reads it twice */
	assert_int_equal(fdt_property_string(fdt, "kernel", kernel), 0);
	if (below(2))
		assert_int_equal(fdt_property_string(fdt, "initrd", "initrd"), 0);
	if (!host) {
		/* Devices: none to a few, or many (the host then holds fewer than its limit). */
		char list[4096];
		size_t len = 0;
		unsigned ndev = below(6) == 0 ? 0 : 1 + below(3), npci = below(3);

		/* Each guest picks from its own slice, so two guests rarely name one device. */
		for (unsigned k = 0; k < ndev; k++)
			len += (size_t)snprintf(list + len, sizeof(list) - len, "/dev@%x",
						0xa000000 + (index * 12 + below(12)) % N_DEVS * 0x1000) +
			       1;
		for (unsigned k = 0; k < npci; k++)
			len += (size_t)snprintf(list + len, sizeof(list) - len, "pci:0000:00:%02x.0",
						1 + (index * 2 + below(2)) % N_PCI) +
			       1;
		if (len)
			assert_int_equal(fdt_property(fdt, "devices", list, (int)len), 0);
	}
	/* Regions at increasing IPAs; the host's identity-mapped where RAM is. */
	ipa = host ? UINT64_C(0x48000000) + ((uint64_t)below(8) << 24) : an_ipa(size);
	for (unsigned r = 0; r < nmem; r++) {
		region(fdt, ipa, size, host, ipa);
		ipa += (size + 0xfff) & ~UINT64_C(0xfff);
		if (!host && below(4) == 0)
			size = a_size();
	}
	assert_int_equal(fdt_end_node(fdt), 0);
}

static size_t make_config(void *buf, size_t cap)
{
	unsigned order[N_CPUS], nparts = below(10) == 0 ? 8 + below(2) : 2 + below(3), used = 0;

	for (unsigned i = 0; i < N_CPUS; i++)
		order[i] = i;
	for (unsigned i = N_CPUS - 1; i > 0; i--) {
		unsigned j = below(i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	assert_int_equal(fdt_create(buf, (int)cap), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_property_string(buf, "compatible", "bulkhead,config-v1"), 0);
	assert_int_equal(fdt_begin_node(buf, "partitions"), 0);
	for (unsigned p = 0; p < nparts; p++) {
		/* vCPUs: one or two each, the host sometimes 8 or 9 of the 10 CPUs. */
		unsigned n = p == 0 && below(5) == 0 ? 8 + below(2) : 1 + below(2);

		if (used + n > N_CPUS)
			n = used < N_CPUS ? N_CPUS - used : 1;
		partition(buf, p, p == 0, used < N_CPUS ? order + used : order, n);
		used += n;
	}
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	return fdt_totalsize(buf);
}

/* ---- creation, as the boot does it short of the hardware ---- */

static bool create(const struct partition_map *map, const struct cfg_limits *lim, struct diag_list *why)
{
	struct plan_inputs in = { &board.plat, &board.pci, &board.gs, &blobs };
	static struct partition_plan plan;
	static uint8_t dtb[GUEST_DTB_BUF];
	bool all = map->n_parts <= PART_MAX_PARTITIONS;

	for (size_t i = 0; i < map->n_parts && all; i++) {
		const struct partition_spec *s = &plan.spec;
		struct arm64_image img;
		struct guest_layout lay;
		struct pgtable s2;
		const char *what = NULL;
		int err = 0;

		if (!partition_plan(&map->parts[i], &in, &plan, why)) {
			all = false;
			break;
		}
		if (!arm64_image_parse(s->kernel.data, s->kernel.size, &img, &what) ||
		    !guest_layout_compute(&s->mem[0], &img, s->initrd.size, GUEST_DTB_BUF, &lay, &what)) {
			diag_error(why, "create-images", s->name, NULL, "%s", what);
			all = false;
			break;
		}
		err = pgtable_init(&s2, PGTABLE_STAGE2, lim->ipa_bits, &host_pages);
		for (unsigned m = 0; m < s->n_mem && !err; m++)
			err = pgtable_map(&s2, s->mem[m].ipa, pa(s->mem[m].pa), s->mem[m].size, PTE_MEM_NORMAL,
					  PTE_PERM_RWX);
		for (unsigned m = 0; m < s->n_mmio && !err; m++)
			err = pgtable_map(&s2, s->mmio[m].pa, pa(s->mmio[m].pa), s->mmio[m].size, PTE_MEM_DEVICE_nGnRE,
					  PTE_PERM_RW);
		pgtable_destroy(&s2);
		if (err) {
			diag_error(why, "create-stage2", s->name, NULL, "%s", pgtable_strerror(err));
			all = false;
			break;
		}
		if (!guest_dt_build(s, board.fdt, &board.plat, &lay, dtb, sizeof(dtb), why))
			all = false;
	}
	return all;
}

/* Refusals that are exactly "creation could not do this". */
static bool creation_refusal(const char *code)
{
	return strcmp(code, "cfg-over-limit") == 0 || strcmp(code, "cfg-images-too-big") == 0 ||
	       strcmp(code, "cfg-ipa-range") == 0 || strcmp(code, "cfg-too-many-partitions") == 0;
}

static void report(uint64_t seed, unsigned iter, const struct diag_list *check, const struct diag_list *made)
{
	fprintf(stderr, "seed 0x%llx iteration %u: verdicts differ\n", (unsigned long long)seed, iter);
	for (size_t i = 0; i < check->count; i++)
		fprintf(stderr, "  check: %s %s: %s\n", check->items[i].code, check->items[i].path,
			check->items[i].message);
	for (size_t i = 0; i < made->count; i++)
		fprintf(stderr, "  create: %s %s: %s\n", made->items[i].code, made->items[i].path,
			made->items[i].message);
}

static void test_verdicts_agree(void **state)
{
	static uint8_t buf[64 * 1024];
	unsigned valid = 0, refused_for_creation = 0;

	(void)state;
	rng = SEED;
	for (unsigned iter = 0; iter < ITERATIONS; iter++) {
		struct cfg_board b = { &board.plat, &board.pci, &board.gs, { { 0, 0 }, 0, 0 }, &blobs };
		struct config cfg;
		struct partition_map map;
		struct diag_list dl, made;
		size_t size = make_config(buf, sizeof(buf));
		bool ok, created, only_creation = true;

		cfg_limits_default(&board.plat, &b.lim);
		diag_init(&dl);
		diag_init(&made);
		ok = cfg_check(buf, size, &b, &cfg, &map, &dl);
		for (size_t i = 0; i < dl.count; i++)
			if (dl.items[i].severity == DIAG_ERROR && !creation_refusal(dl.items[i].code))
				only_creation = false;
		if (ok || (only_creation && map.n_parts)) {
			created = create(&map, &b.lim, &made);
			if (ok != created)
				report(SEED, iter, &dl, &made);
			assert_int_equal(ok, created);
			valid += ok;
			refused_for_creation += !ok;
		}
		pmap_free(&map);
		cfg_free(&cfg);
		diag_free(&dl);
		diag_free(&made);
	}
	/* The generator must reach both sides of the boundary often, or the test proves little. */
	fprintf(stderr, "verdict-agree: %u configs, %u valid and created, %u refused and not creatable\n", ITERATIONS,
		valid, refused_for_creation);
	assert_true(valid >= ITERATIONS / 20);
	assert_true(refused_for_creation >= ITERATIONS / 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_verdicts_agree) };

	return cmocka_run_group_tests(tests, setup, teardown);
}
