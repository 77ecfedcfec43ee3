/* Platform discovery on whole boards (tests/unit/fixtures/platform/{qemu_virt,tegra_like,gicv2}.dts).
 * Every expected value is read off the fixture by hand — addresses after `ranges` translation,
 * INTIDs as 32 + SPI or 16 + PPI — never produced by the code under test. The per-error fixtures
 * are in test_platform_errors.c. */
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
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"
#include "tests/unit/host_console.h"

struct board {
	void *fdt;
	struct platform plat;
	struct diag_list dl;
	bool ok;
};

static struct board *load(const char *name)
{
	struct board *b = calloc(1, sizeof(*b));
	char path[128];

	assert_non_null(b);
	snprintf(path, sizeof(path), "platform/%s.dtb", name);
	b->fdt = fixture_load(path, NULL);
	diag_init(&b->dl);
	b->ok = platform_discover(b->fdt, &b->plat, &b->dl);
	if (b->dl.count) {
		console_clear();
		diag_print(&b->dl);
		print_message("%s: unexpected diagnostics:\n%s", name, console_captured());
	}
	return b;
}

static int setup_qemu(void **state)
{
	*state = load("qemu_virt");
	return 0;
}

static int setup_tegra(void **state)
{
	*state = load("tegra_like");
	return 0;
}

static int setup_gicv2(void **state)
{
	*state = load("gicv2");
	return 0;
}

static int teardown(void **state)
{
	struct board *b = *state;

	platform_free(&b->plat);
	diag_free(&b->dl);
	free(b->fdt);
	free(b);
	return 0;
}

#define assert_range(r, b, s)                              \
	do {                                               \
		assert_int_equal((r).base, (uint64_t)(b)); \
		assert_int_equal((r).size, (uint64_t)(s)); \
	} while (0)

static void assert_irq(const struct plat_irq *irq, uint32_t intid, uint32_t flags, bool ppi)
{
	assert_int_equal(irq->intid, intid);
	assert_int_equal(irq->flags, flags);
	assert_int_equal(irq->ppi, ppi);
}

/* What one device must look like; n_* count entries of the arrays that follow. */
struct exp_dev {
	const char *path;
	const char *compatible;
	enum plat_dev_role role;
	size_t n_regs;
	struct mem_range regs[4];
	size_t n_irqs;
	uint32_t irqs[4];
	size_t n_streams;
	struct plat_stream streams[3];
	bool dma;
};

static void check_devices(const struct board *b, const struct exp_dev *exp, size_t n)
{
	const struct platform *p = &b->plat;

	assert_int_equal(p->n_devices, n);
	for (size_t i = 0; i < n; i++) {
		const struct plat_device *d = &p->devices[i];
		const struct exp_dev *e = &exp[i];

		if (strcmp(d->path, e->path) != 0)
			fail_msg("device %zu is %s, expected %s", i, d->path, e->path);
		if (d->node != fdt_path_offset(b->fdt, e->path))
			fail_msg("%s: node offset %d", e->path, d->node);
		if (!e->compatible != !d->compatible || (e->compatible && strcmp(d->compatible, e->compatible) != 0))
			fail_msg("%s: compatible %s, expected %s", e->path, d->compatible ? d->compatible : "(none)",
				 e->compatible ? e->compatible : "(none)");
		if (d->role != e->role)
			fail_msg("%s: role %d, expected %d", e->path, d->role, e->role);
		if (d->n_regs != e->n_regs)
			fail_msg("%s: %zu regs, expected %zu", e->path, d->n_regs, e->n_regs);
		for (size_t k = 0; k < e->n_regs; k++)
			if (d->regs[k].base != e->regs[k].base || d->regs[k].size != e->regs[k].size)
				fail_msg("%s: reg %zu is 0x%llx+0x%llx, expected 0x%llx+0x%llx", e->path, k,
					 (unsigned long long)d->regs[k].base, (unsigned long long)d->regs[k].size,
					 (unsigned long long)e->regs[k].base, (unsigned long long)e->regs[k].size);
		if (d->n_irqs != e->n_irqs)
			fail_msg("%s: %zu irqs, expected %zu", e->path, d->n_irqs, e->n_irqs);
		for (size_t k = 0; k < e->n_irqs; k++)
			if (d->irqs[k].intid != e->irqs[k])
				fail_msg("%s: irq %zu is INTID %u, expected %u", e->path, k, d->irqs[k].intid,
					 e->irqs[k]);
		if (d->n_streams != e->n_streams)
			fail_msg("%s: %zu streams, expected %zu", e->path, d->n_streams, e->n_streams);
		for (size_t k = 0; k < e->n_streams; k++)
			if (d->streams[k].smmu != e->streams[k].smmu || d->streams[k].sid != e->streams[k].sid ||
			    d->streams[k].mask != e->streams[k].mask)
				fail_msg("%s: stream %zu is smmu %d sid 0x%x mask 0x%x, expected %d 0x%x 0x%x", e->path,
					 k, d->streams[k].smmu, d->streams[k].sid, d->streams[k].mask,
					 e->streams[k].smmu, e->streams[k].sid, e->streams[k].mask);
		if (d->dma_capable != e->dma)
			fail_msg("%s: dma_capable %d, expected %d", e->path, d->dma_capable, e->dma);
	}
}

/* `line` (without its newline) is one whole line of the captured console output. */
static void assert_line(const char *out, const char *line)
{
	size_t len = strlen(line);

	for (const char *p = out; (p = strstr(p, line)) != NULL; p++)
		if ((p == out || p[-1] == '\n') && p[len] == '\n')
			return;
	fail_msg("no line \"%s\" in:\n%s", line, out);
}

static void assert_no_line_starting(const char *out, const char *prefix)
{
	size_t len = strlen(prefix);

	for (const char *p = out; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, prefix, len) == 0)
			fail_msg("unexpected line starting \"%s\" in:\n%s", prefix, out);
}

/* ---- QEMU virt (GICv3, SMMUv3) ---- */

static void test_qemu_clean(void **state)
{
	struct board *b = *state;

	assert_true(b->ok);
	assert_int_equal(b->dl.count, 0);
	assert_false(b->dl.out_of_memory);
	assert_string_equal(b->plat.model, "QEMU virt (GICv3, SMMUv3)");
	assert_string_equal(b->plat.compatible, "linux,dummy-virt");
}

static void test_qemu_memory(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;

	assert_int_equal(p->n_mem, 1);
	assert_range(p->mem[0], 0x40000000, 0x80000000);
	assert_int_equal(platform_ram_size(p), 0x80000000);
	/* /memreserve/ first, then /reserved-memory children with a reg (linux,cma has none). */
	assert_int_equal(p->n_reserved, 2);
	assert_range(p->reserved[0].range, 0x48000000, 0x100000);
	assert_string_equal(p->reserved[0].path, "/memreserve/");
	assert_range(p->reserved[1].range, 0x4e000000, 0x200000);
	assert_string_equal(p->reserved[1].path, "/reserved-memory/secmon@4e000000");
}

static void test_qemu_cpus(void **state)
{
	struct board *b = *state;
	const struct platform *p = &b->plat;
	static const char *const paths[] = { "/cpus/cpu@0", "/cpus/cpu@1", "/cpus/cpu@100", "/cpus/cpu@101" };
	static const uint64_t mpidr[] = { 0x0, 0x1, 0x100, 0x101 };

	/* cpu-map and its children have no device_type: not CPUs. */
	assert_int_equal(p->n_cpus, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(p->cpus[i].mpidr, mpidr[i]);
		assert_string_equal(p->cpus[i].path, paths[i]);
		assert_int_equal(p->cpus[i].node, fdt_path_offset(b->fdt, paths[i]));
	}
}

static void test_qemu_gic(void **state)
{
	struct board *b = *state;
	const struct plat_gic *g = &b->plat.gic;

	assert_int_equal(g->version, GIC_V3);
	assert_string_equal(g->path, "/intc@8000000");
	assert_int_equal(g->node, fdt_path_offset(b->fdt, "/intc@8000000"));
	assert_int_equal(g->phandle, 0x8001);
	assert_range(g->dist, 0x8000000, 0x10000);
	assert_int_equal(g->n_redist, 2);
	assert_range(g->redist[0], 0x80a0000, 0xf60000);
	assert_range(g->redist[1], 0x4000000000, 0x4000000);
	assert_range(g->its, 0x8080000, 0x20000);
	assert_string_equal(g->its_path, "/intc@8000000/its@8080000");
	assert_int_equal(g->its_phandle, 0x8002);
	assert_int_equal(g->maintenance_intid, 25); /* PPI 9 */
	assert_int_equal(g->cpu_if.size, 0);
	assert_int_equal(g->hyp_if.size, 0);
	assert_int_equal(g->vcpu_if.size, 0);
}

static void test_qemu_console_through_alias(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;

	assert_string_equal(p->stdout_path, "serial0:115200n8");
	assert_int_equal(p->console, 4);
	assert_string_equal(p->devices[p->console].path, "/pl011@9000000");
	assert_int_equal(p->devices[p->console].role, DEV_ROLE_CONSOLE);
	assert_int_equal(p->console_base, 0x9000000);
}

static void test_qemu_psci_timer(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;

	assert_int_equal(p->psci, PSCI_SMC);
	assert_int_equal(p->psci_cpu_on_fid, 0xc4000003);
	assert_int_equal(p->n_timer_irqs, 4);
	assert_irq(&p->timer_irqs[0], 29, 4, true); /* PPI 13: secure physical */
	assert_irq(&p->timer_irqs[1], 30, 4, true); /* PPI 14: non-secure physical */
	assert_irq(&p->timer_irqs[2], 27, 4, true); /* PPI 11: virtual */
	assert_irq(&p->timer_irqs[3], 26, 4, true); /* PPI 10: hypervisor physical */
}

static void test_qemu_smmu(void **state)
{
	struct board *b = *state;
	const struct platform *p = &b->plat;
	const struct plat_smmu *s = &p->smmus[0];
	static const char *const names[] = { "eventq", "priq", "cmdq-sync", "gerror" };

	assert_int_equal(p->n_smmus, 1);
	assert_int_equal(s->model, SMMU_MODEL_V3);
	assert_string_equal(smmu_model_name(s->model), "SMMUv3");
	assert_string_equal(s->path, "/smmuv3@9050000");
	assert_int_equal(s->node, fdt_path_offset(b->fdt, "/smmuv3@9050000"));
	assert_int_equal(s->phandle, 0x8003);
	assert_range(s->reg, 0x9050000, 0x20000);
	assert_int_equal(s->iommu_cells, 1);
	assert_int_equal(s->stream_match_mask, 0);
	assert_int_equal(s->n_irqs, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_irq(&s->irqs[i], 106 + i, 1, false); /* SPIs 74..77, edge rising */
		assert_string_equal(s->irq_names[i], names[i]);
	}
	assert_int_equal(platform_find_smmu_by_phandle(p, 0x8003), 0);
	assert_int_equal(platform_find_smmu_by_phandle(p, 0x8002), -1); /* the ITS */
	assert_int_equal(platform_find_smmu_by_phandle(p, 0x8001), -1); /* the GIC */
}

static void test_qemu_pci(void **state)
{
	struct board *b = *state;
	const struct platform *p = &b->plat;
	const struct plat_pci_host *h = &p->pci_hosts[0];

	assert_int_equal(p->n_pci_hosts, 1);
	assert_string_equal(h->path, "/pcie@10000000");
	assert_int_equal(h->node, fdt_path_offset(b->fdt, "/pcie@10000000"));
	assert_int_equal(h->segment, 1);
	assert_range(h->ecam, 0x4010000000, 0x10000000);
	assert_int_equal(h->bus_start, 0);
	assert_int_equal(h->bus_end, 255);

	assert_int_equal(h->n_ranges, 3);
	assert_int_equal(h->ranges[0].space, 1);
	assert_false(h->ranges[0].prefetchable);
	assert_int_equal(h->ranges[0].pci_addr, 0x0);
	assert_int_equal(h->ranges[0].cpu_addr, 0x3eff0000);
	assert_int_equal(h->ranges[0].size, 0x10000);
	assert_int_equal(h->ranges[1].space, 2);
	assert_false(h->ranges[1].prefetchable);
	assert_int_equal(h->ranges[1].pci_addr, 0x10000000);
	assert_int_equal(h->ranges[1].cpu_addr, 0x10000000);
	assert_int_equal(h->ranges[1].size, 0x2eff0000);
	assert_int_equal(h->ranges[2].space, 3);
	assert_true(h->ranges[2].prefetchable);
	assert_int_equal(h->ranges[2].pci_addr, 0x8000000000);
	assert_int_equal(h->ranges[2].cpu_addr, 0x8000000000);
	assert_int_equal(h->ranges[2].size, 0x8000000000);

	assert_true(h->has_iommu_map);
	assert_int_equal(h->iommu_map_mask, 0xfff8);
	assert_int_equal(h->n_iommu_map, 2);
	assert_int_equal(h->iommu_map[0].rid_base, 0x0);
	assert_int_equal(h->iommu_map[0].phandle, 0x8003);
	assert_int_equal(h->iommu_map[0].target, 0);
	assert_int_equal(h->iommu_map[0].id_base, 0x0);
	assert_int_equal(h->iommu_map[0].length, 0x100);
	assert_int_equal(h->iommu_map[1].rid_base, 0x100);
	assert_int_equal(h->iommu_map[1].phandle, 0x8003);
	assert_int_equal(h->iommu_map[1].target, 0);
	assert_int_equal(h->iommu_map[1].id_base, 0x1000);
	assert_int_equal(h->iommu_map[1].length, 0x100);

	assert_true(h->has_msi_map);
	assert_int_equal(h->msi_map_mask, 0xffffffff);
	assert_int_equal(h->n_msi_map, 1);
	assert_int_equal(h->msi_map[0].rid_base, 0x0);
	assert_int_equal(h->msi_map[0].phandle, 0x8002);
	assert_int_equal(h->msi_map[0].target, -1);
	assert_int_equal(h->msi_map[0].id_base, 0x0);
	assert_int_equal(h->msi_map[0].length, 0x10000);

	/* Eight interrupt-map entries over SPIs 3..6, each listed once in first-seen order. */
	assert_int_equal(h->n_irqs, 4);
	assert_irq(&h->irqs[0], 35, 4, false);
	assert_irq(&h->irqs[1], 36, 4, false);
	assert_irq(&h->irqs[2], 37, 4, false);
	assert_irq(&h->irqs[3], 38, 4, false);
}

static const struct exp_dev qemu_devices[] = {
	{ .path = "/timer",
	  .compatible = "arm,armv8-timer",
	  .role = DEV_ROLE_TIMER,
	  .n_irqs = 4,
	  .irqs = { 29, 30, 27, 26 } },
	{ .path = "/intc@8000000",
	  .compatible = "arm,gic-v3",
	  .role = DEV_ROLE_GIC,
	  .n_regs = 3,
	  .regs = { { 0x8000000, 0x10000 }, { 0x80a0000, 0xf60000 }, { 0x4000000000, 0x4000000 } },
	  .n_irqs = 1,
	  .irqs = { 25 } },
	{ .path = "/intc@8000000/its@8080000",
	  .compatible = "arm,gic-v3-its",
	  .role = DEV_ROLE_GIC,
	  .n_regs = 1,
	  .regs = { { 0x8080000, 0x20000 } } },
	{ .path = "/flash@0",
	  .compatible = "cfi-flash",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 2,
	  .regs = { { 0x0, 0x4000000 }, { 0x4000000, 0x4000000 } } },
	{ .path = "/pl011@9000000",
	  .compatible = "arm,pl011",
	  .role = DEV_ROLE_CONSOLE,
	  .n_regs = 1,
	  .regs = { { 0x9000000, 0x1000 } },
	  .n_irqs = 1,
	  .irqs = { 33 } },
	{ .path = "/pl031@9010000",
	  .compatible = "arm,pl031",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 1,
	  .regs = { { 0x9010000, 0x1000 } },
	  .n_irqs = 1,
	  .irqs = { 34 } },
	{ .path = "/fw-cfg@9020000",
	  .compatible = "qemu,fw-cfg-mmio",
	  .role = DEV_ROLE_FIRMWARE,
	  .n_regs = 1,
	  .regs = { { 0x9020000, 0x18 } },
	  .dma = true },
	/* dma-coherent for its own table walks: not a bus master of its own. */
	{ .path = "/smmuv3@9050000",
	  .compatible = "arm,smmu-v3",
	  .role = DEV_ROLE_SMMU,
	  .n_regs = 1,
	  .regs = { { 0x9050000, 0x20000 } },
	  .n_irqs = 4,
	  .irqs = { 106, 107, 108, 109 } },
	{ .path = "/virtio_mmio@a000000",
	  .compatible = "virtio,mmio",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 1,
	  .regs = { { 0xa000000, 0x200 } },
	  .n_irqs = 1,
	  .irqs = { 48 },
	  .dma = true },
	{ .path = "/virtio_mmio@a000200",
	  .compatible = "virtio,mmio",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 1,
	  .regs = { { 0xa000200, 0x200 } },
	  .n_irqs = 1,
	  .irqs = { 49 },
	  .dma = true },
	/* 0x10000 on a bus that starts at 0xc000000. */
	{ .path = "/platform-bus@c000000/dma@10000",
	  .compatible = "arm,pl330",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 1,
	  .regs = { { 0xc010000, 0x1000 } },
	  .n_irqs = 1,
	  .irqs = { 144 },
	  .n_streams = 1,
	  .streams = { { .smmu = 0, .sid = 0x20, .mask = 0 } },
	  .dma = true },
	{ .path = "/platform-bus@c000000/ethernet@20000",
	  .compatible = "smsc,lan9118",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 1,
	  .regs = { { 0xc020000, 0x1000 } },
	  .n_irqs = 1,
	  .irqs = { 146 } },
	/* Two buses: 0x2000 + 0x1000000 + 0xc000000. */
	{ .path = "/platform-bus@c000000/bus@1000000/gpio@2000",
	  .compatible = "arm,pl061",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 1,
	  .regs = { { 0xd002000, 0x1000 } },
	  .n_irqs = 1,
	  .irqs = { 145 } },
	{ .path = "/pcie@10000000",
	  .compatible = "pci-host-ecam-generic",
	  .role = DEV_ROLE_PCI_HOST,
	  .n_regs = 1,
	  .regs = { { 0x4010000000, 0x10000000 } } },
};

static void test_qemu_devices(void **state)
{
	check_devices(*state, qemu_devices, sizeof(qemu_devices) / sizeof(qemu_devices[0]));
}

static void test_qemu_not_devices(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;
	static const char *const not_devices[] = {
		"/",
		"/psci",
		"/memory@40000000",
		"/reserved-memory/secmon@4e000000",
		"/cpus/cpu@0",
		"/platform-bus@c000000",
		"/platform-bus@c000000/bus@1000000",
		"/pcie@10000000/ethernet@1,0", /* below a host bridge: found by ECAM scan */
		"/ethernet@9100000",           /* status = "disabled" */
		"/gpio-keys",
		"/gpio-keys/poweroff",
	};

	for (size_t i = 0; i < sizeof(not_devices) / sizeof(not_devices[0]); i++)
		if (platform_find_device(p, not_devices[i]) != -1)
			fail_msg("%s listed as a device", not_devices[i]);
	assert_int_equal(platform_find_device(p, "/pl031@9010000"), 5);
	assert_int_equal(platform_find_device(p, "/pcie@10000000"), 13);
}

static void test_qemu_report(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;
	const char *out;

	console_clear();
	platform_report(p);
	out = console_captured();
	/* The report opens with the platform line. */
	assert_true(strncmp(out, "platform: QEMU virt (GICv3, SMMUv3) (linux,dummy-virt)\n",
			    strlen("platform: QEMU virt (GICv3, SMMUv3) (linux,dummy-virt)\n")) == 0);
	assert_line(out, "memory: 0x40000000-0xbfffffff (2048 MiB)");
	assert_line(out, "memory: total 2048 MiB in 1 bank");
	assert_line(out, "reserved: 0x48000000-0x480fffff /memreserve/");
	assert_line(out, "reserved: 0x4e000000-0x4e1fffff /reserved-memory/secmon@4e000000");
	assert_line(out, "cpus: 4 (mpidr 0x0 0x1 0x100 0x101)");
	assert_line(out, "gic: GICv3 /intc@8000000 dist 0x8000000 redist 0x80a0000 (0xf60000 bytes, 2 regions) its "
			 "0x8080000");
	assert_line(out, "gic: maintenance interrupt INTID 25");
	assert_line(out, "console: /pl011@9000000 at 0x9000000");
	assert_line(out, "psci: smc");
	assert_line(out, "timer: INTIDs secure-phys 29 phys 30 virt 27 hyp-phys 26");
	assert_line(out, "smmu: /smmuv3@9050000 SMMUv3 at 0x9050000 #iommu-cells 1 irqs eventq=106 priq=107 "
			 "cmdq-sync=108 gerror=109");
	assert_line(out, "pci: /pcie@10000000 segment 1 ECAM 0x4010000000 (256 MiB) buses 0-255");
	assert_line(out, "pci:   window io pci 0x0 -> cpu 0x3eff0000 size 0x10000");
	assert_line(out, "pci:   window mem32 pci 0x10000000 -> cpu 0x10000000 size 0x2eff0000");
	assert_line(out, "pci:   window mem64 prefetchable pci 0x8000000000 -> cpu 0x8000000000 size 0x8000000000");
	assert_line(out, "pci:   iommu-map rid 0x0-0xff -> /smmuv3@9050000 sid 0x0 (mask 0xfff8)");
	assert_line(out, "pci:   iommu-map rid 0x100-0x1ff -> /smmuv3@9050000 sid 0x1000 (mask 0xfff8)");
	assert_line(out, "pci:   msi-map rid 0x0-0xffff -> phandle 0x8002 id 0x0");
	assert_line(out, "device: /timer [timer] irq 29 irq 30 irq 27 irq 26");
	assert_line(out, "device: /pl011@9000000 [console] reg 0x9000000+0x1000 irq 33");
	assert_line(out, "device: /flash@0 reg 0x0+0x4000000 reg 0x4000000+0x4000000");
	assert_line(out, "device: /fw-cfg@9020000 [firmware] reg 0x9020000+0x18 dma no-iommu");
	assert_line(out, "device: /virtio_mmio@a000000 reg 0xa000000+0x200 irq 48 dma no-iommu");
	assert_line(out, "device: /platform-bus@c000000/dma@10000 reg 0xc010000+0x1000 irq 144 sid "
			 "0x20@/smmuv3@9050000");
	assert_line(out, "device: /pcie@10000000 [pci-host] reg 0x4010000000+0x10000000");
	assert_no_line_starting(out, "smmu: none");
	assert_no_line_starting(out, "pci:   no iommu-map");
	assert_no_line_starting(out, "device: /ethernet@9100000");
	console_clear();
}

static void test_free_resets(void **state)
{
	struct board *b = *state;

	platform_free(&b->plat);
	assert_null(b->plat.devices);
	assert_int_equal(b->plat.n_devices, 0);
	assert_int_equal(b->plat.n_smmus, 0);
	assert_int_equal(b->plat.console, -1);
	/* Freeing again (the teardown does) is harmless. */
}

/* ---- Tegra-like (GIC-400 on a translated bus, two MMU-500s) ---- */

static void test_tegra_clean(void **state)
{
	struct board *b = *state;

	assert_true(b->ok);
	assert_int_equal(b->dl.count, 0);
	assert_string_equal(b->plat.model, "Jetson-like (Tegra194, MMU-500, GIC-400)");
	assert_string_equal(b->plat.compatible, "nvidia,p3668-0000");
}

static void test_tegra_memory_cpus(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;

	assert_int_equal(p->n_mem, 2);
	assert_range(p->mem[0], 0x80000000, 0x70000000);
	assert_range(p->mem[1], 0x100000000, 0x80000000);
	assert_int_equal(platform_ram_size(p), 0xf0000000);
	assert_int_equal(p->n_reserved, 0);

	/* 2-cell MPIDRs; l2-cache0 is not a CPU. */
	assert_int_equal(p->n_cpus, 4);
	assert_int_equal(p->cpus[0].mpidr, 0x0);
	assert_int_equal(p->cpus[1].mpidr, 0x1);
	assert_int_equal(p->cpus[2].mpidr, 0x10000);
	assert_int_equal(p->cpus[3].mpidr, 0x100000000);
	assert_string_equal(p->cpus[3].path, "/cpus/cpu@100000000");
}

static void test_tegra_gic_translated(void **state)
{
	struct board *b = *state;
	const struct plat_gic *g = &b->plat.gic;

	assert_int_equal(g->version, GIC_V2);
	assert_string_equal(g->path, "/bus@3000000/interrupt-controller@881000");
	assert_int_equal(g->phandle, 0x10);
	/* Bus addresses 0x88x000 seen by the CPU at 0x3000000 higher. */
	assert_range(g->dist, 0x3881000, 0x1000);
	assert_range(g->cpu_if, 0x3882000, 0x2000);
	assert_range(g->hyp_if, 0x3884000, 0x2000);
	assert_range(g->vcpu_if, 0x3886000, 0x2000);
	assert_int_equal(g->n_redist, 0);
	assert_int_equal(g->its.size, 0);
	assert_null(g->its_path);
	assert_int_equal(g->maintenance_intid, 25);
}

static void test_tegra_console_translated(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;

	assert_string_equal(p->stdout_path, "/bus@3000000/serial@100000:115200n8");
	assert_int_equal(p->console, 1);
	assert_string_equal(p->devices[1].path, "/bus@3000000/serial@100000");
	assert_int_equal(p->console_base, 0x3100000);
}

static void test_tegra_psci_timer(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;

	/* PSCI 1.0 only: fixed function IDs. */
	assert_int_equal(p->psci, PSCI_SMC);
	assert_int_equal(p->psci_cpu_on_fid, 0xc4000003);
	assert_int_equal(p->n_timer_irqs, 4);
	assert_irq(&p->timer_irqs[0], 29, 0xf08, true);
	assert_irq(&p->timer_irqs[1], 30, 0xf08, true);
	assert_irq(&p->timer_irqs[2], 27, 0xf08, true);
	assert_irq(&p->timer_irqs[3], 26, 0xf08, true);
}

static void test_tegra_smmus(void **state)
{
	struct board *b = *state;
	const struct platform *p = &b->plat;
	const struct plat_smmu *s0 = &p->smmus[0], *s1 = &p->smmus[1];

	/* The disabled iommu@8000000 is not one. */
	assert_int_equal(p->n_smmus, 2);

	assert_int_equal(s0->model, SMMU_MODEL_MMU500);
	assert_string_equal(smmu_model_name(s0->model), "MMU-500");
	assert_string_equal(s0->path, "/iommu@12000000");
	assert_int_equal(s0->node, fdt_path_offset(b->fdt, "/iommu@12000000"));
	assert_int_equal(s0->phandle, 0x20);
	assert_int_equal(s0->impl, SMMU_IMPL_NVIDIA);
	assert_range(s0->reg, 0x12000000, 0x800000); /* the first of two instances' windows */
	assert_int_equal(s0->n_inst, 2);
	assert_range(s0->inst[0], 0x12000000, 0x800000);
	assert_range(s0->inst[1], 0x11000000, 0x800000);
	assert_int_equal(s0->n_global_irqs, 1);
	assert_int_equal(s0->iommu_cells, 1);
	assert_int_equal(s0->stream_match_mask, 0x7f80);
	assert_int_equal(s0->n_irqs, 3);
	assert_irq(&s0->irqs[0], 202, 4, false);
	assert_irq(&s0->irqs[1], 264, 4, false);
	assert_irq(&s0->irqs[2], 265, 4, false);
	for (size_t i = 0; i < 3; i++)
		assert_null(s0->irq_names[i]); /* no interrupt-names */

	assert_int_equal(s1->model, SMMU_MODEL_MMU500);
	assert_string_equal(s1->path, "/iommu@10000000");
	assert_int_equal(s1->phandle, 0x21);
	assert_range(s1->reg, 0x10000000, 0x800000);
	assert_int_equal(s1->n_inst, 1);
	assert_int_equal(s1->iommu_cells, 2);
	assert_int_equal(s1->stream_match_mask, 0);
	assert_int_equal(s1->n_irqs, 2);
	assert_irq(&s1->irqs[0], 272, 4, false);
	assert_irq(&s1->irqs[1], 273, 4, false);

	assert_int_equal(platform_find_smmu_by_phandle(p, 0x20), 0);
	assert_int_equal(platform_find_smmu_by_phandle(p, 0x21), 1);
	assert_int_equal(platform_find_smmu_by_phandle(p, 0x10), -1);
	assert_int_equal(p->n_pci_hosts, 0);
}

static const struct exp_dev tegra_devices[] = {
	{ .path = "/timer",
	  .compatible = "arm,armv8-timer",
	  .role = DEV_ROLE_TIMER,
	  .n_irqs = 4,
	  .irqs = { 29, 30, 27, 26 } },
	{ .path = "/bus@3000000/serial@100000",
	  .compatible = "nvidia,tegra194-uart",
	  .role = DEV_ROLE_CONSOLE,
	  .n_regs = 1,
	  .regs = { { 0x3100000, 0x10000 } },
	  .n_irqs = 1,
	  .irqs = { 144 } },
	{ .path = "/bus@3000000/i2c@160000",
	  .compatible = "nvidia,tegra194-i2c",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 1,
	  .regs = { { 0x3160000, 0x100 } },
	  .n_irqs = 1,
	  .irqs = { 58 } },
	/* An I2C address: listed, but with no CPU-visible register. */
	{ .path = "/bus@3000000/i2c@160000/eeprom@50", .compatible = "atmel,24c02", .role = DEV_ROLE_OTHER },
	{ .path = "/bus@3000000/mmc@400000",
	  .compatible = "nvidia,tegra194-sdhci",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 1,
	  .regs = { { 0x3400000, 0x20000 } },
	  .n_irqs = 1,
	  .irqs = { 94 },
	  .n_streams = 1,
	  .streams = { { .smmu = 0, .sid = 0x44, .mask = 0x7f80 } },
	  .dma = true },
	{ .path = "/bus@3000000/interrupt-controller@881000",
	  .compatible = "arm,gic-400",
	  .role = DEV_ROLE_GIC,
	  .n_regs = 4,
	  .regs = { { 0x3881000, 0x1000 }, { 0x3882000, 0x2000 }, { 0x3884000, 0x2000 }, { 0x3886000, 0x2000 } },
	  .n_irqs = 1,
	  .irqs = { 25 } },
	{ .path = "/ethernet@2490000",
	  .compatible = "nvidia,tegra194-eqos",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 1,
	  .regs = { { 0x2490000, 0x10000 } },
	  .n_irqs = 1,
	  .irqs = { 226 },
	  .n_streams = 2,
	  .streams = { { .smmu = 0, .sid = 0x13, .mask = 0x7f80 }, { .smmu = 0, .sid = 0x14, .mask = 0x7f80 } },
	  .dma = true },
	{ .path = "/iommu@12000000",
	  .compatible = "nvidia,tegra194-smmu",
	  .role = DEV_ROLE_SMMU,
	  .n_regs = 2,
	  .regs = { { 0x12000000, 0x800000 }, { 0x11000000, 0x800000 } },
	  .n_irqs = 3,
	  .irqs = { 202, 264, 265 } },
	{ .path = "/iommu@10000000",
	  .compatible = "nvidia,tegra194-smmu",
	  .role = DEV_ROLE_SMMU,
	  .n_regs = 1,
	  .regs = { { 0x10000000, 0x800000 } },
	  .n_irqs = 2,
	  .irqs = { 272, 273 } },
	{ .path = "/display@15200000",
	  .compatible = "nvidia,tegra194-display",
	  .role = DEV_ROLE_OTHER,
	  .n_regs = 1,
	  .regs = { { 0x15200000, 0x10000 } },
	  .n_irqs = 1,
	  .irqs = { 185 },
	  .n_streams = 3,
	  .streams = { { .smmu = 1, .sid = 0x1, .mask = 0x0 },
		       { .smmu = 1, .sid = 0x2, .mask = 0x3 },
		       { .smmu = 0, .sid = 0x5, .mask = 0x7f80 } },
	  .dma = true },
};

static void test_tegra_devices(void **state)
{
	check_devices(*state, tegra_devices, sizeof(tegra_devices) / sizeof(tegra_devices[0]));
}

static void test_tegra_report(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;
	const char *out;

	console_clear();
	platform_report(p);
	out = console_captured();
	assert_line(out, "memory: 0x80000000-0xefffffff (1792 MiB)");
	assert_line(out, "memory: 0x100000000-0x17fffffff (2048 MiB)");
	assert_line(out, "memory: total 3840 MiB in 2 banks");
	assert_line(out, "cpus: 4 (mpidr 0x0 0x1 0x10000 0x100000000)");
	assert_line(out, "gic: GICv2 /bus@3000000/interrupt-controller@881000 dist 0x3881000 cpu 0x3882000 hyp "
			 "0x3884000 vcpu 0x3886000");
	assert_line(out, "console: /bus@3000000/serial@100000 at 0x3100000");
	assert_line(out, "smmu: /iommu@12000000 MMU-500 nvidia at 0x12000000 + 0x11000000 #iommu-cells 1 irqs "
			 "global=202 "
			 "context=264 context=265");
	assert_line(out, "smmu: /iommu@12000000: 2 instances, programmed as one");
	assert_line(out, "smmu: /iommu@10000000 MMU-500 nvidia at 0x10000000 #iommu-cells 2 irqs global=272 "
			 "context=273");
	assert_line(out, "device: /bus@3000000/i2c@160000/eeprom@50");
	assert_line(out, "device: /display@15200000 reg 0x15200000+0x10000 irq 185 sid 0x1@/iommu@10000000 sid "
			 "0x2/mask@/iommu@10000000 sid 0x5/mask@/iommu@12000000");
	assert_no_line_starting(out, "reserved:");
	assert_no_line_starting(out, "pci:");
	console_clear();
}

/* ---- QEMU virt, gic-version=2 ---- */

static void test_gicv2_board(void **state)
{
	struct board *b = *state;
	const struct platform *p = &b->plat;
	const struct plat_gic *g = &p->gic;

	assert_true(b->ok);
	assert_int_equal(b->dl.count, 0);
	/* The disabled memory@100000000 is not RAM. */
	assert_int_equal(p->n_mem, 1);
	assert_range(p->mem[0], 0x40000000, 0x40000000);
	assert_int_equal(p->n_cpus, 2);
	assert_int_equal(p->cpus[1].mpidr, 1);

	assert_int_equal(g->version, GIC_V2);
	assert_string_equal(g->path, "/intc@8000000");
	assert_int_equal(g->phandle, 0x8001);
	assert_range(g->dist, 0x8000000, 0x10000);
	assert_range(g->cpu_if, 0x8010000, 0x10000);
	assert_range(g->hyp_if, 0x8030000, 0x10000);
	assert_range(g->vcpu_if, 0x8040000, 0x10000);
	assert_int_equal(g->n_redist, 0);
	assert_int_equal(g->its.size, 0);
	assert_int_equal(g->maintenance_intid, 25);

	/* PSCI 0.1: the node names its own CPU_ON. */
	assert_int_equal(p->psci, PSCI_HVC);
	assert_int_equal(p->psci_cpu_on_fid, 0x95c1ba60);
	assert_int_equal(p->n_timer_irqs, 4);
	assert_irq(&p->timer_irqs[3], 26, 0x304, true);

	assert_int_equal(p->console, 3);
	assert_string_equal(p->stdout_path, "/pl011@9000000");
	assert_int_equal(p->console_base, 0x9000000);
	assert_int_equal(p->n_smmus, 0);
}

static void test_gicv2_pci_without_maps(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;
	const struct plat_pci_host *h = &p->pci_hosts[0];

	assert_int_equal(p->n_pci_hosts, 1);
	assert_string_equal(h->path, "/pcie@3f000000");
	assert_int_equal(h->segment, 0);
	assert_range(h->ecam, 0x3f000000, 0x1000000);
	/* No bus-range: as many buses as 1 MiB slices of ECAM. */
	assert_int_equal(h->bus_start, 0);
	assert_int_equal(h->bus_end, 15);
	assert_int_equal(h->n_ranges, 1);
	assert_int_equal(h->ranges[0].space, 2);
	assert_int_equal(h->ranges[0].cpu_addr, 0x10000000);
	assert_int_equal(h->ranges[0].size, 0x2eff0000);
	assert_false(h->has_iommu_map);
	assert_int_equal(h->iommu_map_mask, 0xffffffff);
	assert_int_equal(h->n_iommu_map, 0);
	assert_false(h->has_msi_map);
	assert_int_equal(h->n_msi_map, 0);
	assert_int_equal(h->n_irqs, 0);
}

static const struct exp_dev gicv2_devices[] = {
	{ .path = "/timer",
	  .compatible = "arm,armv8-timer",
	  .role = DEV_ROLE_TIMER,
	  .n_irqs = 4,
	  .irqs = { 29, 30, 27, 26 } },
	{ .path = "/intc@8000000",
	  .compatible = "arm,cortex-a15-gic",
	  .role = DEV_ROLE_GIC,
	  .n_regs = 4,
	  .regs = { { 0x8000000, 0x10000 }, { 0x8010000, 0x10000 }, { 0x8030000, 0x10000 }, { 0x8040000, 0x10000 } },
	  .n_irqs = 1,
	  .irqs = { 25 } },
	{ .path = "/intc@8000000/v2m@8020000",
	  .compatible = "arm,gic-v2m-frame",
	  .role = DEV_ROLE_GIC,
	  .n_regs = 1,
	  .regs = { { 0x8020000, 0x1000 } } },
	{ .path = "/pl011@9000000",
	  .compatible = "arm,pl011",
	  .role = DEV_ROLE_CONSOLE,
	  .n_regs = 1,
	  .regs = { { 0x9000000, 0x1000 } },
	  .n_irqs = 1,
	  .irqs = { 33 } },
	{ .path = "/pcie@3f000000",
	  .compatible = "pci-host-ecam-generic",
	  .role = DEV_ROLE_PCI_HOST,
	  .n_regs = 1,
	  .regs = { { 0x3f000000, 0x1000000 } } },
};

static void test_gicv2_devices(void **state)
{
	check_devices(*state, gicv2_devices, sizeof(gicv2_devices) / sizeof(gicv2_devices[0]));
}

static void test_gicv2_report(void **state)
{
	const struct platform *p = &((struct board *)*state)->plat;
	const char *out;

	console_clear();
	platform_report(p);
	out = console_captured();
	assert_line(out, "platform: QEMU virt (GICv2) (linux,dummy-virt)");
	assert_line(out, "gic: GICv2 /intc@8000000 dist 0x8000000 cpu 0x8010000 hyp 0x8030000 vcpu 0x8040000");
	assert_line(out, "psci: hvc");
	assert_line(out, "smmu: none: DMA-capable devices cannot be isolated");
	assert_line(out, "pci: /pcie@3f000000 segment 0 ECAM 0x3f000000 (16 MiB) buses 0-15");
	assert_line(out, "pci:   no iommu-map: functions below are not behind an IOMMU");
	assert_line(out, "device: /intc@8000000/v2m@8020000 [gic] reg 0x8020000+0x1000");
	console_clear();
}

#define QEMU(f) cmocka_unit_test_setup_teardown(f, setup_qemu, teardown)
#define TEGRA(f) cmocka_unit_test_setup_teardown(f, setup_tegra, teardown)
#define GICV2(f) cmocka_unit_test_setup_teardown(f, setup_gicv2, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		QEMU(test_qemu_clean),
		QEMU(test_qemu_memory),
		QEMU(test_qemu_cpus),
		QEMU(test_qemu_gic),
		QEMU(test_qemu_console_through_alias),
		QEMU(test_qemu_psci_timer),
		QEMU(test_qemu_smmu),
		QEMU(test_qemu_pci),
		QEMU(test_qemu_devices),
		QEMU(test_qemu_not_devices),
		QEMU(test_qemu_report),
		QEMU(test_free_resets),
		TEGRA(test_tegra_clean),
		TEGRA(test_tegra_memory_cpus),
		TEGRA(test_tegra_gic_translated),
		TEGRA(test_tegra_console_translated),
		TEGRA(test_tegra_psci_timer),
		TEGRA(test_tegra_smmus),
		TEGRA(test_tegra_devices),
		TEGRA(test_tegra_report),
		GICV2(test_gicv2_board),
		GICV2(test_gicv2_pci_without_maps),
		GICV2(test_gicv2_devices),
		GICV2(test_gicv2_report),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
