/* PCI enumeration against a fake configuration space that routes type-1 cycles through the
 * bridges' programmed bus numbers (as QEMU's pci_find_bus_nr() does), emulates BAR sizing and
 * the ACS control register, and records what the scan did wrong (a BAR written with all ones
 * while decoding was on). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/base/diag.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "tests/unit/host_console.h"
#include "tests/unit/pci_roundtrip.h"

struct fdev {
	uint8_t dev, fn;
	uint32_t cfg[1024];
	uint64_t bar_size[6];
	bool bar_io[6], bar_64[6];
	uint16_t acs_off;
	struct fdev *kids[64];
	size_t n_kids;
	bool sized_while_decoding;
};

struct fake {
	struct fdev *root[64];
	size_t n_root;
	unsigned reads, writes;
};

static uint8_t cfg8(const struct fdev *d, unsigned off)
{
	return (uint8_t)(d->cfg[off / 4] >> (8 * (off & 3)));
}

static struct fdev *route(struct fdev **list, size_t n, uint8_t list_bus, uint8_t bus, uint8_t devfn)
{
	for (size_t i = 0; i < n; i++) {
		struct fdev *d = list[i];
		uint8_t sec = cfg8(d, 0x19), sub = cfg8(d, 0x1a);

		if (bus == list_bus) {
			if (PCI_DEVFN(d->dev, d->fn) == devfn)
				return d;
			continue;
		}
		if ((cfg8(d, 0x0e) & 0x7f) == 1 && sec != 0 && bus >= sec && bus <= sub)
			return route(d->kids, d->n_kids, sec, bus, devfn);
	}
	return NULL;
}

static uint32_t fake_read(void *ctx, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off)
{
	struct fake *f = ctx;
	struct fdev *d = host == 0 ? route(f->root, f->n_root, 0, bus, devfn) : NULL;

	f->reads++;
	assert_int_equal(off & 3, 0);
	return d ? d->cfg[off / 4] : 0xffffffffu;
}

static void fake_write(void *ctx, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off, uint32_t v)
{
	struct fake *f = ctx;
	struct fdev *d = host == 0 ? route(f->root, f->n_root, 0, bus, devfn) : NULL;
	unsigned hdr;

	f->writes++;
	assert_int_equal(off & 3, 0);
	if (!d)
		return;
	hdr = cfg8(d, 0x0e) & 0x7f;
	if (off == 0x04) {
		d->cfg[1] = (d->cfg[1] & 0xffff0000u) | (v & 0xffff); /* status is RW1C: ignore */
	} else if (off >= 0x10 && off < (hdr == 1 ? 0x18 : 0x28)) {
		unsigned i = (off - 0x10) / 4;
		bool upper = i > 0 && d->bar_64[i - 1];
		uint64_t size = upper ? d->bar_size[i - 1] : d->bar_size[i];

		if (v == 0xffffffffu && (d->cfg[1] & 3))
			d->sized_while_decoding = true;
		if (!size)
			return;
		if (upper) {
			d->cfg[off / 4] = v & (uint32_t)(~(size - 1) >> 32);
		} else {
			uint32_t flags = d->cfg[off / 4] & (d->bar_io[i] ? 0x3 : 0xf);

			d->cfg[off / 4] = (v & (uint32_t) ~(size - 1) & (d->bar_io[i] ? ~3u : ~0xfu)) | flags;
		}
	} else if (off == 0x18 && hdr == 1) {
		d->cfg[6] = v;
	} else if (d->acs_off && off == d->acs_off + 4) {
		d->cfg[off / 4] = (d->cfg[off / 4] & 0xffff) | (v & 0xffff0000u);
	}
}

enum { CONV = -1 };

/* A function with an optional PCIe capability (type >= 0) and ACS (acs_cap != 0). */
static struct fdev *mk(struct fake *f, struct fdev *parent, uint8_t dev, uint8_t fn, uint32_t id, uint32_t class_code,
		       int pcie_type, bool bridge, bool multi, uint16_t acs_cap)
{
	struct fdev *d = calloc(1, sizeof(*d));

	d->dev = dev;
	d->fn = fn;
	d->cfg[0] = id;
	d->cfg[2] = class_code << 8 | 0x01;
	d->cfg[3] = (uint32_t)((bridge ? 1 : 0) | (multi ? 0x80 : 0)) << 16;
	if (pcie_type >= 0) {
		d->cfg[1] = 0x0010u << 16; /* capability list */
		d->cfg[0x34 / 4] = 0x40;
		/* A power-management capability first, then PCIe (flags: version 2, type). */
		d->cfg[0x40 / 4] = 0x01 | 0x60 << 8;
		d->cfg[0x60 / 4] = 0x10 | (uint32_t)(0x2 | pcie_type << 4) << 16;
		if (acs_cap) {
			/* AER at 0x100, then ACS at 0x148 (QEMU's layout). */
			d->cfg[0x100 / 4] = 0x0001 | 0x2u << 16 | 0x148u << 20;
			d->cfg[0x148 / 4] = 0x000d | 0x1u << 16;
			d->cfg[0x14c / 4] = acs_cap;
			d->acs_off = 0x148;
		}
	}
	if (parent)
		parent->kids[parent->n_kids++] = d;
	else
		f->root[f->n_root++] = d;
	return d;
}

static void set_bar(struct fdev *d, unsigned i, uint64_t addr, uint64_t size, bool io, bool is64, bool pref)
{
	d->bar_size[i] = size;
	d->bar_io[i] = io;
	d->bar_64[i] = is64;
	d->cfg[4 + i] = (uint32_t)addr | (io ? 1 : 0) | (is64 ? 4 : 0) | (pref ? 8 : 0);
	if (is64)
		d->cfg[5 + i] = (uint32_t)(addr >> 32);
}

static void free_dev(struct fdev *d)
{
	for (size_t i = 0; i < d->n_kids; i++)
		free_dev(d->kids[i]);
	free(d);
}

static void free_fake(struct fake *f)
{
	for (size_t i = 0; i < f->n_root; i++)
		free_dev(f->root[i]);
}

static struct plat_smmu smmu = { .model = SMMU_MODEL_V3, .path = (char *)"/smmuv3@9050000", .iommu_cells = 1 };
static struct plat_id_map idmap = { 0, 1, 0, 0, 0x10000 };

static void mk_platform(struct platform *plat, struct plat_pci_host *host, uint8_t bus_end)
{
	memset(plat, 0, sizeof(*plat));
	*host = (struct plat_pci_host){ .path = (char *)"/pcie@10000000",
					.ecam = { 0x4010000000, 0x10000000 },
					.bus_end = bus_end,
					.has_iommu_map = true,
					.iommu_map_mask = 0xffffffffu,
					.iommu_map = &idmap,
					.n_iommu_map = 1 };
	plat->smmus = &smmu;
	plat->n_smmus = 1;
	plat->pci_hosts = host;
	plat->n_pci_hosts = 1;
}

/* The QEMU topologies of the grouping fixtures, in one machine, bridges unnumbered. */
static void mk_qemu(struct fake *f, struct fdev **rp1, struct fdev **usp)
{
	struct fdev *rp2, *dsp0, *dsp1, *br, *nvme;

	memset(f, 0, sizeof(*f));
	mk(f, NULL, 0, 0, 0x00081b36, 0x060000, CONV, false, false, 0);
	*rp1 = mk(f, NULL, 1, 0, 0x000c1b36, 0x060400, PCI_EXP_TYPE_ROOT_PORT, true, false, 0x5f);
	nvme = mk(f, *rp1, 0, 0, 0x00101b36, 0x010802, PCI_EXP_TYPE_ENDPOINT, false, false, 0);
	set_bar(nvme, 0, 0x8000000000, 0x4000, false, true, false);
	/* A second function at device 1 below a root port: Linux never scans it. */
	mk(f, *rp1, 1, 0, 0x11e81234, 0x00ff00, CONV, false, false, 0);
	rp2 = mk(f, NULL, 2, 0, 0x000c1b36, 0x060400, PCI_EXP_TYPE_ROOT_PORT, true, false, 0x5f);
	*usp = mk(f, rp2, 0, 0, 0x8232104c, 0x060400, PCI_EXP_TYPE_UPSTREAM, true, false, 0);
	dsp0 = mk(f, *usp, 0, 0, 0x8233104c, 0x060400, PCI_EXP_TYPE_DOWNSTREAM, true, false, 0);
	dsp1 = mk(f, *usp, 1, 0, 0x8233104c, 0x060400, PCI_EXP_TYPE_DOWNSTREAM, true, false, 0);
	mk(f, dsp0, 0, 0, 0x00101b36, 0x010802, PCI_EXP_TYPE_ENDPOINT, false, false, 0);
	mk(f, dsp1, 0, 0, 0x10001af4, 0x020000, CONV, false, false, 0);
	br = mk(f, NULL, 3, 0, 0x000e1b36, 0x060400, PCI_EXP_TYPE_PCI_BRIDGE, true, false, 0);
	mk(f, br, 1, 0, 0x11e81234, 0x00ff00, CONV, false, false, 0);
	mk(f, br, 2, 0, 0x11e81234, 0x00ff00, CONV, false, false, 0);
	set_bar(mk(f, NULL, 4, 0, 0x11e81234, 0x00ff00, CONV, false, true, 0), 0, 0x10000000, 0x100000, false, false,
		false);
	mk(f, NULL, 4, 1, 0x11e81234, 0x00ff00, CONV, false, false, 0);
	/* Function 1 of a single-function device: not scanned either. */
	mk(f, NULL, 5, 0, 0x10011af4, 0x010000, PCI_EXP_TYPE_RC_END, false, false, 0);
	mk(f, NULL, 5, 1, 0x10011af4, 0x010000, PCI_EXP_TYPE_RC_END, false, false, 0);
}

static void expect_fn(const struct pci_topology *t, size_t i, const char *name, const char *type, int parent)
{
	char buf[PCI_NAME_LEN];

	assert_true(i < t->n_fns);
	assert_string_equal(pci_fn_name(&t->fns[i], buf, sizeof(buf)), name);
	assert_string_equal(pci_type_name(&t->fns[i]), type);
	assert_int_equal(t->fns[i].parent, parent);
}

static void test_scan_numbers_depth_first(void **state)
{
	struct fake f;
	struct fdev *rp1, *usp;
	struct platform plat;
	struct plat_pci_host host;
	struct pci_cfg_ops ops = { fake_read, fake_write, &f };
	struct pci_topology t;
	struct diag_list dl;

	(void)state;
	mk_qemu(&f, &rp1, &usp);
	mk_platform(&plat, &host, 255);
	diag_init(&dl);
	assert_true(pci_scan(&plat, &ops, &t, &dl));
	assert_int_equal(dl.count, 0);
	assert_int_equal(t.n_hosts, 1);
	assert_int_equal(t.host_flags[0], PCI_HOST_SCANNED | PCI_HOST_RENUMBERED);
	assert_int_equal(t.n_fns, 15);
	expect_fn(&t, 0, "0000:00:00.0", "conventional", -1);
	expect_fn(&t, 1, "0000:00:01.0", "root-port", -1);
	expect_fn(&t, 2, "0000:00:02.0", "root-port", -1);
	expect_fn(&t, 3, "0000:00:03.0", "pcie-pci-bridge", -1);
	expect_fn(&t, 4, "0000:00:04.0", "conventional", -1);
	expect_fn(&t, 5, "0000:00:04.1", "conventional", -1);
	expect_fn(&t, 6, "0000:00:05.0", "rc-endpoint", -1);
	expect_fn(&t, 7, "0000:01:00.0", "endpoint", 1);
	expect_fn(&t, 8, "0000:02:00.0", "upstream-port", 2);
	expect_fn(&t, 9, "0000:03:00.0", "downstream-port", 8);
	expect_fn(&t, 10, "0000:03:01.0", "downstream-port", 8);
	expect_fn(&t, 11, "0000:04:00.0", "endpoint", 9);
	expect_fn(&t, 12, "0000:05:00.0", "conventional", 10);
	expect_fn(&t, 13, "0000:06:01.0", "conventional", 3);
	expect_fn(&t, 14, "0000:06:02.0", "conventional", 3);
	/* Bus numbers, recorded and programmed: depth-first in devfn order. */
	assert_int_equal(t.fns[1].secondary, 1);
	assert_int_equal(t.fns[1].subordinate, 1);
	assert_int_equal(t.fns[2].secondary, 2);
	assert_int_equal(t.fns[2].subordinate, 5);
	assert_int_equal(t.fns[8].secondary, 3);
	assert_int_equal(t.fns[8].subordinate, 5);
	assert_int_equal(t.fns[10].secondary, 5);
	assert_int_equal(t.fns[3].secondary, 6);
	assert_int_equal(t.fns[3].subordinate, 6);
	assert_int_equal(rp1->cfg[6] & 0xffffff, 0x010100);
	assert_int_equal(usp->cfg[6] & 0xffffff, 0x050302);
	/* IDs, header, multifunction (function 1 is multifunction as Linux marks it). */
	assert_int_equal(t.fns[7].vendor, 0x1b36);
	assert_int_equal(t.fns[7].device, 0x0010);
	assert_int_equal(t.fns[7].class_code, 0x010802);
	assert_int_equal(t.fns[1].header_type, 1);
	assert_true(t.fns[4].multifunction);
	assert_true(t.fns[5].multifunction);
	assert_false(t.fns[6].multifunction);
	assert_false(t.fns[4].is_pcie);
	/* ACS found at 0x148 and enabled on the root ports only (SV|RR|CR|UF of cap 0x5f). */
	assert_int_equal(t.fns[1].acs_cap_offset, 0x148);
	assert_int_equal(t.fns[1].acs_cap, 0x5f);
	assert_int_equal(t.fns[1].acs_ctrl, 0x1d);
	assert_int_equal(rp1->cfg[0x14c / 4], 0x001d005f);
	assert_true(pci_acs_isolated(&t.fns[1]));
	assert_int_equal(t.fns[9].acs_cap_offset, 0);
	assert_false(pci_acs_isolated(&t.fns[9]));
	/* BARs. */
	assert_int_equal(t.fns[7].bars[0].addr, 0x8000000000);
	assert_int_equal(t.fns[7].bars[0].size, 0x4000);
	assert_true(t.fns[7].bars[0].mem64);
	assert_int_equal(t.fns[7].bars[1].size, 0);
	assert_int_equal(t.fns[4].bars[0].addr, 0x10000000);
	assert_int_equal(t.fns[4].bars[0].size, 0x100000);
	assert_false(t.fns[4].bars[0].mem64);
	assert_int_equal(pci_find_function(&t, 0, 4, PCI_DEVFN(0, 0)), 11);
	assert_int_equal(pci_find_function(&t, 0, 1, PCI_DEVFN(1, 0)), -1);
	assert_int_equal(pci_find_function(&t, 1, 0, 0), -1);
	pci_topology_free(&t);
	diag_free(&dl);
	free_fake(&f);
}

/* The scanned machine groups as Linux groups it (GROUPING-RULES.md). */
static void test_scan_then_group(void **state)
{
	struct fake f;
	struct fdev *rp1, *usp;
	struct platform plat;
	struct plat_pci_host host;
	struct pci_cfg_ops ops = { fake_read, fake_write, &f };
	struct pci_topology t;
	struct group_set gs;
	struct diag_list dl;

	(void)state;
	mk_qemu(&f, &rp1, &usp);
	mk_platform(&plat, &host, 255);
	diag_init(&dl);
	assert_true(pci_scan(&plat, &ops, &t, &dl));
	assert_true(groups_build(&plat, &t, &gs, &dl));
	console_clear();
	groups_report(&gs, &plat);
	assert_string_equal(console_captured(), "groups: 10 groups of 15 DMA masters, 0 without IOMMU\n"
						"group 0: 0000:00:00.0 smmuv3@9050000 sid 0x0\n"
						"group 1: 0000:00:01.0 smmuv3@9050000 sid 0x8\n"
						"group 2: 0000:00:02.0 smmuv3@9050000 sid 0x10\n"
						"group 3: 0000:00:03.0 0000:06:01.0 0000:06:02.0 smmuv3@9050000 sid "
						"0x18 0x600 0x608 0x610 -- "
						"alias 0x0600 via PCIe-to-PCI bridge 0000:00:03.0\n"
						"group 4: 0000:00:04.0 0000:00:04.1 smmuv3@9050000 sid 0x20 0x21 -- "
						"multifunction without ACS\n"
						"group 5: 0000:00:05.0 smmuv3@9050000 sid 0x28\n"
						"group 6: 0000:01:00.0 smmuv3@9050000 sid 0x100\n"
						"group 7: 0000:02:00.0 smmuv3@9050000 sid 0x200\n"
						"group 8: 0000:03:00.0 0000:04:00.0 smmuv3@9050000 sid 0x300 0x400 -- "
						"no ACS at 0000:03:00.0\n"
						"group 9: 0000:03:01.0 0000:05:00.0 smmuv3@9050000 sid 0x308 0x500 -- "
						"no ACS at 0000:03:01.0\n");
	groups_free(&gs);
	pci_topology_free(&t);
	diag_free(&dl);
	free_fake(&f);
}

/* Firmware numbered every bridge consistently (with gaps, as some firmware reserves buses for
 * hotplug): keep its numbers, they are what the SMMU sees. */
static void test_scan_keeps_firmware_numbers(void **state)
{
	struct fake f;
	struct fdev *rp1, *rp2;
	struct platform plat;
	struct plat_pci_host host;
	struct pci_cfg_ops ops = { fake_read, fake_write, &f };
	struct pci_topology t;
	struct diag_list dl;

	(void)state;
	memset(&f, 0, sizeof(f));
	rp1 = mk(&f, NULL, 1, 0, 0x000c1b36, 0x060400, PCI_EXP_TYPE_ROOT_PORT, true, false, 0x5f);
	mk(&f, rp1, 0, 0, 0x00101b36, 0x010802, PCI_EXP_TYPE_ENDPOINT, false, false, 0);
	rp2 = mk(&f, NULL, 2, 0, 0x000c1b36, 0x060400, PCI_EXP_TYPE_ROOT_PORT, true, false, 0x5f);
	mk(&f, rp2, 0, 0, 0x00101b36, 0x010802, PCI_EXP_TYPE_ENDPOINT, false, false, 0);
	rp1->cfg[6] = 0x00101000; /* primary 0, secondary 0x10, subordinate 0x10 */
	rp2->cfg[6] = 0x00282000; /* secondary 0x20, subordinate 0x28 */
	mk_platform(&plat, &host, 255);
	diag_init(&dl);
	assert_true(pci_scan(&plat, &ops, &t, &dl));
	assert_int_equal(t.host_flags[0], PCI_HOST_SCANNED);
	assert_int_equal(t.n_fns, 4);
	expect_fn(&t, 2, "0000:10:00.0", "endpoint", 0);
	expect_fn(&t, 3, "0000:20:00.0", "endpoint", 1);
	assert_int_equal(t.fns[1].subordinate, 0x28);
	assert_int_equal(rp1->cfg[6], 0x00101000);
	assert_int_equal(rp2->cfg[6], 0x00282000);
	assert_int_equal(rp1->cfg[0x14c / 4], 0x001d005f);
	pci_topology_free(&t);
	/* A second scan finds the same tree. */
	assert_true(pci_scan(&plat, &ops, &t, &dl));
	assert_int_equal(t.host_flags[0], PCI_HOST_SCANNED);
	expect_fn(&t, 3, "0000:20:00.0", "endpoint", 1);
	pci_topology_free(&t);
	diag_free(&dl);
	free_fake(&f);
}

/* Overlapping or unprogrammed numbers: the host is renumbered depth-first. */
static void test_scan_renumbers_inconsistent(void **state)
{
	struct fake f;
	struct fdev *rp1, *rp2;
	struct platform plat;
	struct plat_pci_host host;
	struct pci_cfg_ops ops = { fake_read, fake_write, &f };
	struct pci_topology t;
	struct diag_list dl;

	(void)state;
	memset(&f, 0, sizeof(f));
	rp1 = mk(&f, NULL, 1, 0, 0x000c1b36, 0x060400, PCI_EXP_TYPE_ROOT_PORT, true, false, 0x5f);
	mk(&f, rp1, 0, 0, 0x00101b36, 0x010802, PCI_EXP_TYPE_ENDPOINT, false, false, 0);
	rp2 = mk(&f, NULL, 2, 0, 0x000c1b36, 0x060400, PCI_EXP_TYPE_ROOT_PORT, true, false, 0x5f);
	mk(&f, rp2, 0, 0, 0x00101b36, 0x010802, PCI_EXP_TYPE_ENDPOINT, false, false, 0);
	rp1->cfg[6] = 0x00050500; /* both claim bus 5 */
	rp2->cfg[6] = 0x00050500;
	mk_platform(&plat, &host, 255);
	diag_init(&dl);
	assert_true(pci_scan(&plat, &ops, &t, &dl));
	assert_int_equal(t.host_flags[0], PCI_HOST_SCANNED | PCI_HOST_RENUMBERED);
	assert_int_equal(t.n_fns, 4);
	expect_fn(&t, 2, "0000:01:00.0", "endpoint", 0);
	expect_fn(&t, 3, "0000:02:00.0", "endpoint", 1);
	assert_int_equal(rp1->cfg[6], 0x00010100);
	assert_int_equal(rp2->cfg[6], 0x00020200);
	pci_topology_free(&t);
	diag_free(&dl);
	free_fake(&f);
}

/* More bridges than the host's bus-range holds: a warning, the rest is scanned. */
static void test_scan_bus_exhausted(void **state)
{
	struct fake f;
	struct fdev *rp1, *rp2;
	struct platform plat;
	struct plat_pci_host host;
	struct pci_cfg_ops ops = { fake_read, fake_write, &f };
	struct pci_topology t;
	struct diag_list dl;
	const struct diag *d;

	(void)state;
	memset(&f, 0, sizeof(f));
	rp1 = mk(&f, NULL, 1, 0, 0x000c1b36, 0x060400, PCI_EXP_TYPE_ROOT_PORT, true, false, 0x5f);
	mk(&f, rp1, 0, 0, 0x00101b36, 0x010802, PCI_EXP_TYPE_ENDPOINT, false, false, 0);
	rp2 = mk(&f, NULL, 2, 0, 0x000c1b36, 0x060400, PCI_EXP_TYPE_ROOT_PORT, true, false, 0x5f);
	mk(&f, rp2, 0, 0, 0x00101b36, 0x010802, PCI_EXP_TYPE_ENDPOINT, false, false, 0);
	mk_platform(&plat, &host, 1);
	diag_init(&dl);
	assert_true(pci_scan(&plat, &ops, &t, &dl));
	assert_int_equal(t.n_fns, 3);
	d = diag_find(&dl, "pci-bus-exhausted");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_WARNING);
	assert_string_equal(d->path, "0000:00:02.0");
	assert_int_equal(rp2->cfg[6], 0);
	free(roundtrip_check(&plat, &t));
	pci_topology_free(&t);
	diag_free(&dl);
	free_fake(&f);
}

/* BARs of every kind, sized with decoding off, values and command restored. */
static void test_scan_sizes_bars(void **state)
{
	struct fake f;
	struct fdev *d;
	struct platform plat;
	struct plat_pci_host host;
	struct pci_cfg_ops ops = { fake_read, fake_write, &f };
	struct pci_topology t;
	struct diag_list dl;
	uint32_t before[6];

	(void)state;
	memset(&f, 0, sizeof(f));
	d = mk(&f, NULL, 1, 0, 0x10001af4, 0x020000, CONV, false, false, 0);
	set_bar(d, 0, 0x1000, 0x20, true, false, false);
	set_bar(d, 1, 0x10040000, 0x1000, false, false, false);
	set_bar(d, 4, 0x8000004000, 0x4000, false, true, true);
	d->cfg[1] |= 0x7;              /* I/O, memory, bus master on */
	d->cfg[0x3c / 4] = 0x0000020b; /* Interrupt Pin INTB, Line 11 */
	memcpy(before, &d->cfg[4], sizeof(before));
	mk_platform(&plat, &host, 255);
	diag_init(&dl);
	assert_true(pci_scan(&plat, &ops, &t, &dl));
	assert_int_equal(t.n_fns, 1);
	assert_false(d->sized_while_decoding);
	assert_memory_equal(before, &d->cfg[4], sizeof(before));
	assert_int_equal(d->cfg[1] & 0xffff, 0x7);
	assert_true(t.fns[0].bars[0].io);
	assert_int_equal(t.fns[0].bars[0].addr, 0x1000);
	assert_int_equal(t.fns[0].bars[0].size, 0x20);
	assert_int_equal(t.fns[0].bars[1].addr, 0x10040000);
	assert_int_equal(t.fns[0].bars[1].size, 0x1000);
	assert_false(t.fns[0].bars[1].io);
	assert_int_equal(t.fns[0].bars[2].size, 0);
	assert_int_equal(t.fns[0].bars[4].addr, 0x8000004000);
	assert_int_equal(t.fns[0].bars[4].size, 0x4000);
	assert_true(t.fns[0].bars[4].mem64);
	assert_true(t.fns[0].bars[4].prefetch);
	assert_int_equal(t.fns[0].bars[5].size, 0);
	assert_int_equal(t.fns[0].int_pin, 2);
	console_clear();
	pci_report(&t, &plat);
	assert_string_equal(console_captured(), "pci: host /pcie@10000000: 1 function, bridge bus numbers kept from "
						"firmware\n"
						"pci: 0000:00:01.0 1af4:1000 class 0x020000 conventional bar0 io "
						"0x1000+0x20 bar1 mem32 "
						"0x10040000+0x1000 bar4 mem64-pref 0x8000004000+0x4000\n");
	pci_topology_free(&t);
	diag_free(&dl);
	free_fake(&f);
}

/* ACS is enabled wherever advertised, as Linux does: a multi-function root-complex endpoint
 * with ACS then has isolated functions, one without ACS does not. */
static void test_scan_acs_multifunction(void **state)
{
	struct fake f;
	struct fdev *a;
	struct platform plat;
	struct plat_pci_host host;
	struct pci_cfg_ops ops = { fake_read, fake_write, &f };
	struct pci_topology t;
	struct group_set gs;
	struct diag_list dl;

	(void)state;
	memset(&f, 0, sizeof(f));
	a = mk(&f, NULL, 6, 0, 0x10c98086, 0x020000, PCI_EXP_TYPE_RC_END, false, true, 0x1f);
	mk(&f, NULL, 6, 1, 0x10c98086, 0x020000, PCI_EXP_TYPE_RC_END, false, true, 0x1f);
	mk(&f, NULL, 7, 0, 0x10c98086, 0x020000, PCI_EXP_TYPE_RC_END, false, true, 0);
	mk(&f, NULL, 7, 1, 0x10c98086, 0x020000, PCI_EXP_TYPE_RC_END, false, true, 0);
	mk_platform(&plat, &host, 255);
	diag_init(&dl);
	assert_true(pci_scan(&plat, &ops, &t, &dl));
	assert_int_equal(a->cfg[0x14c / 4], 0x001d001f);
	assert_true(pci_acs_isolated(&t.fns[0]));
	assert_false(pci_acs_isolated(&t.fns[2]));
	assert_true(groups_build(&plat, &t, &gs, &dl));
	console_clear();
	groups_report(&gs, &plat);
	assert_string_equal(console_captured(), "groups: 3 groups of 4 DMA masters, 0 without IOMMU\n"
						"group 0: 0000:00:06.0 smmuv3@9050000 sid 0x30\n"
						"group 1: 0000:00:06.1 smmuv3@9050000 sid 0x31\n"
						"group 2: 0000:00:07.0 0000:00:07.1 smmuv3@9050000 sid 0x38 0x39 -- "
						"multifunction without ACS\n");
	groups_free(&gs);
	pci_topology_free(&t);
	diag_free(&dl);
	free_fake(&f);
}

/* What the hypervisor prints with pci_dt_export(), appended to the board DTS, gives the host
 * tool the same functions and the same group block (the QEMU scenarios compare the same way). */
static void test_scan_export_roundtrip(void **state)
{
	struct fake f;
	struct fdev *rp1, *usp;
	struct platform plat;
	struct plat_pci_host host;
	struct pci_cfg_ops ops = { fake_read, fake_write, &f };
	struct pci_topology t;
	struct diag_list dl;

	(void)state;
	mk_qemu(&f, &rp1, &usp);
	rp1->kids[0]->cfg[0x3c / 4] = 0x00000100; /* the NVMe: INTA */
	f.root[0]->cfg[0x3c / 4] = 0x00000900;    /* not a pin: no INTx */
	mk_platform(&plat, &host, 255);
	diag_init(&dl);
	assert_true(pci_scan(&plat, &ops, &t, &dl));
	assert_int_equal(t.fns[0].int_pin, 0);
	assert_int_equal(t.fns[pci_find_function(&t, 0, 1, 0)].int_pin, 1);
	free(roundtrip_check(&plat, &t));
	pci_topology_free(&t);
	diag_free(&dl);
	free_fake(&f);
}

/* A capability list that loops, and an extended list that loops, still end. */
static void test_scan_malformed_caps(void **state)
{
	struct fake f;
	struct fdev *d;
	struct platform plat;
	struct plat_pci_host host;
	struct pci_cfg_ops ops = { fake_read, fake_write, &f };
	struct pci_topology t;
	struct diag_list dl;

	(void)state;
	memset(&f, 0, sizeof(f));
	d = mk(&f, NULL, 1, 0, 0x10001af4, 0x020000, CONV, false, false, 0);
	d->cfg[1] = 0x0010u << 16;
	d->cfg[0x34 / 4] = 0x40;
	d->cfg[0x40 / 4] = 0x09 | 0x40 << 8; /* vendor capability pointing at itself */
	d = mk(&f, NULL, 2, 0, 0x10001af4, 0x020000, PCI_EXP_TYPE_ENDPOINT, false, false, 0);
	d->cfg[0x100 / 4] = 0x0001 | 0x100u << 20; /* extended capability pointing at itself */
	mk_platform(&plat, &host, 255);
	diag_init(&dl);
	assert_true(pci_scan(&plat, &ops, &t, &dl));
	assert_int_equal(t.n_fns, 2);
	assert_false(t.fns[0].is_pcie);
	assert_true(t.fns[1].is_pcie);
	assert_int_equal(t.fns[1].acs_cap_offset, 0);
	assert_true(f.reads < 2000);
	pci_topology_free(&t);
	diag_free(&dl);
	free_fake(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_numbers_depth_first),    cmocka_unit_test(test_scan_then_group),
		cmocka_unit_test(test_scan_keeps_firmware_numbers), cmocka_unit_test(test_scan_renumbers_inconsistent),
		cmocka_unit_test(test_scan_bus_exhausted),          cmocka_unit_test(test_scan_sizes_bars),
		cmocka_unit_test(test_scan_malformed_caps),         cmocka_unit_test(test_scan_export_roundtrip),
		cmocka_unit_test(test_scan_acs_multifunction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
