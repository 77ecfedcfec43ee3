/* The PCI topology's device-tree encoding: the reader (pci_dt.c) on the grouping fixtures and on
 * malformed nodes, the exporter's exact text, and export -> dtc -> read round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/base/diag.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"
#include "tests/unit/fixture_tests.h"
#include "tests/unit/host_console.h"
#include "tests/unit/pci_roundtrip.h"

struct loaded {
	void *fdt;
	struct platform plat;
	struct pci_topology topo;
	struct diag_list dl;
	bool ok;
};

static void load(struct loaded *l, const char *fixture)
{
	char name[128];

	snprintf(name, sizeof(name), "groups/%s.dtb", fixture);
	l->fdt = fixture_load(name, NULL);
	diag_init(&l->dl);
	assert_true(platform_discover(l->fdt, &l->plat, &l->dl));
	l->ok = pci_dt_read(l->fdt, &l->plat, &l->topo, &l->dl);
}

static void unload(struct loaded *l)
{
	pci_topology_free(&l->topo);
	platform_free(&l->plat);
	diag_free(&l->dl);
	free(l->fdt);
}

static void test_function_with_phy_children(void **state)
{
	struct loaded l;

	(void)state;
	load(&l, "mdio-function");
	assert_true(l.ok);
	assert_int_equal(l.dl.count, 0);
	assert_int_equal(l.topo.n_fns, 1); /* the MDIO function; its PHY is no function */
	assert_int_equal(l.topo.fns[0].dev, 3);
	unload(&l);
}

static void test_read_switch(void **state)
{
	struct loaded l;
	const struct pci_function *f;
	char name[PCI_NAME_LEN];

	(void)state;
	load(&l, "x3130-switch");
	assert_true(l.ok);
	assert_int_equal(l.dl.count, 0);
	assert_int_equal(l.topo.n_fns, 7);
	assert_int_equal(l.topo.n_hosts, 1);
	assert_int_equal(l.topo.host_flags[0], 0);
	f = &l.topo.fns[1];
	assert_string_equal(pci_fn_name(f, name, sizeof(name)), "0000:00:01.0");
	assert_true(f->is_pcie && f->is_bridge);
	assert_int_equal(f->pcie_type, PCI_EXP_TYPE_ROOT_PORT);
	assert_int_equal(f->acs_cap_offset, 0x148);
	assert_int_equal(f->acs_cap, 0x5f);
	assert_int_equal(f->acs_ctrl, 0x1d);
	assert_int_equal(f->secondary, 1);
	assert_int_equal(f->subordinate, 4);
	assert_int_equal(f->header_type, 1);
	assert_int_equal(f->class_code, 0x060400);
	assert_int_equal(f->vendor, 0x1b36);
	assert_int_equal(f->device, 0xc);
	f = &l.topo.fns[4];
	assert_string_equal(pci_fn_name(f, name, sizeof(name)), "0000:02:01.0");
	assert_int_equal(f->pcie_type, PCI_EXP_TYPE_DOWNSTREAM);
	assert_int_equal(f->parent, 2);
	assert_int_equal(f->secondary, 4);
	f = &l.topo.fns[6];
	assert_string_equal(pci_fn_name(f, name, sizeof(name)), "0000:04:00.0");
	assert_false(f->is_pcie);
	assert_int_equal(f->parent, 4);
	assert_string_equal(pci_type_name(f), "conventional");
	unload(&l);
}

static void test_read_bars_and_report(void **state)
{
	struct loaded l;

	(void)state;
	load(&l, "nvme-virtio-net");
	assert_true(l.ok);
	console_clear();
	pci_report(&l.topo, &l.plat);
	/* The DT path scans nothing: no host line, one line per function. */
	assert_string_equal(console_captured(), "pci: 0000:00:00.0 1b36:0008 class 0x060000 conventional\n"
						"pci: 0000:00:01.0 1b36:000c class 0x060400 root-port acs 0x5f/0x1d "
						"buses 01-01\n"
						"pci: 0000:00:02.0 1b36:000c class 0x060400 root-port acs 0x5f/0x1d "
						"buses 02-02\n"
						"pci: 0000:01:00.0 1b36:0010 class 0x010802 endpoint bar0 mem64 "
						"0x8000000000+0x4000\n"
						"pci: 0000:02:00.0 1af4:1000 class 0x020000 conventional bar0 io "
						"0x1000+0x20 bar1 mem32 "
						"0x10040000+0x1000 bar4 mem64-pref 0x8000004000+0x4000\n");
	unload(&l);
}

static void test_export_text(void **state)
{
	struct loaded l;
	char *text;

	(void)state;
	load(&l, "nvme-virtio-net");
	assert_true(l.ok);
	text = roundtrip_check(&l.plat, &l.topo);
	assert_string_equal(text, "/* PCI functions found by bulkhead's ECAM scan (docs/groups.md) */\n"
				  "&{/pcie@10000000} {\n"
				  "\tpci@0 {\n"
				  "\t\treg = <0x0 0x0 0x0 0x0 0x0>;\n"
				  "\t\tvendor-id = <0x1b36>;\n"
				  "\t\tdevice-id = <0x8>;\n"
				  "\t\tclass-code = <0x60000>;\n"
				  "\t};\n"
				  "\tpci@1 {\n"
				  "\t\treg = <0x800 0x0 0x0 0x0 0x0>;\n"
				  "\t\tvendor-id = <0x1b36>;\n"
				  "\t\tdevice-id = <0xc>;\n"
				  "\t\tclass-code = <0x60400>;\n"
				  "\t\tbulkhead,pcie-type = \"root-port\";\n"
				  "\t\tbulkhead,acs = <0x5f 0x1d 0x148>;\n"
				  "\t\tdevice_type = \"pci\";\n"
				  "\t\t#address-cells = <3>;\n"
				  "\t\t#size-cells = <2>;\n"
				  "\t\tranges;\n"
				  "\t\tbus-range = <0x1 0x1>;\n"
				  "\t\tpci@0 {\n"
				  "\t\t\treg = <0x10000 0x0 0x0 0x0 0x0>;\n"
				  "\t\t\tvendor-id = <0x1b36>;\n"
				  "\t\t\tdevice-id = <0x10>;\n"
				  "\t\t\tclass-code = <0x10802>;\n"
				  "\t\t\tbulkhead,pcie-type = \"endpoint\";\n"
				  "\t\t\tinterrupts = <1>;\n"
				  "\t\t\tassigned-addresses = <0x3010010 0x80 0x0 0x0 0x4000>;\n"
				  "\t\t};\n"
				  "\t};\n"
				  "\tpci@2 {\n"
				  "\t\treg = <0x1000 0x0 0x0 0x0 0x0>;\n"
				  "\t\tvendor-id = <0x1b36>;\n"
				  "\t\tdevice-id = <0xc>;\n"
				  "\t\tclass-code = <0x60400>;\n"
				  "\t\tbulkhead,pcie-type = \"root-port\";\n"
				  "\t\tbulkhead,acs = <0x5f 0x1d 0x148>;\n"
				  "\t\tdevice_type = \"pci\";\n"
				  "\t\t#address-cells = <3>;\n"
				  "\t\t#size-cells = <2>;\n"
				  "\t\tranges;\n"
				  "\t\tbus-range = <0x2 0x2>;\n"
				  "\t\tpci@0 {\n"
				  "\t\t\treg = <0x20000 0x0 0x0 0x0 0x0>;\n"
				  "\t\t\tvendor-id = <0x1af4>;\n"
				  "\t\t\tdevice-id = <0x1000>;\n"
				  "\t\t\tclass-code = <0x20000>;\n"
				  "\t\t\tassigned-addresses = <0x1020010 0x0 0x1000 0x0 0x20>,\n"
				  "\t\t\t\t<0x2020014 0x0 0x10040000 0x0 0x1000>,\n"
				  "\t\t\t\t<0x43020020 0x80 0x4000 0x0 0x4000>;\n"
				  "\t\t};\n"
				  "\t};\n"
				  "};\n");
	free(text);
	unload(&l);
}

/* Every grouping fixture survives export -> dtc -> read with the same functions and groups
 * (one test each, see main). */
static const char *const roundtrip_fixtures[] = {
	"root-ports",    "root-port-no-acs", "pcie-pci-bridge", "pci-bridge",     "x3130-switch",
	"multifunction", "rc-endpoints",     "nvme-virtio-net", "iommu-map-mask", "no-iommu-map",
};

static void test_roundtrip(void **state)
{
	struct loaded l;

	load(&l, *state);
	assert_true(l.ok);
	free(roundtrip_check(&l.plat, &l.topo));
	unload(&l);
}

/* Without bus-range, a bridge's buses come from its children. */
static void test_bus_range_derived(void **state)
{
	struct loaded l;

	(void)state;
	load(&l, "dt-no-bus-range");
	assert_true(l.ok);
	assert_int_equal(l.topo.n_fns, 3);
	assert_int_equal(l.topo.fns[0].secondary, 3);
	assert_int_equal(l.topo.fns[0].subordinate, 7);
	assert_int_equal(l.topo.fns[0].class_code, 0x060400);
	assert_int_equal(l.topo.fns[1].secondary, 7);
	assert_int_equal(l.topo.fns[1].subordinate, 7);
	assert_int_equal(l.topo.fns[1].parent, 0);
	assert_false(l.topo.fns[1].is_pcie);
	assert_true(l.topo.fns[1].is_bridge);
	assert_int_equal(l.topo.fns[2].parent, 1);
	assert_int_equal(l.topo.fns[2].bus, 7);
	unload(&l);
}

static void expect_error(const char *fixture, const char *code, const char *path, const char *message)
{
	struct loaded l;
	const struct diag *d;

	load(&l, fixture);
	assert_false(l.ok);
	d = diag_find(&l.dl, code);
	if (!d) {
		console_clear();
		diag_print(&l.dl);
		fail_msg("no %s among: %s", code, console_captured());
	}
	assert_string_equal(d->path, path);
	assert_string_equal(d->message, message);
	unload(&l);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("dt-bad-type", "pci-dt-bad-property", "/pcie@10000000/pci@1",
		     "\"switch-port\" is no PCI function type bulkhead knows (docs/groups.md)");
	expect_error("dt-bad-bus", "pci-dt-bad-bus", "/pcie@10000000/pci@1/pci@0",
		     "bus 2, but the bridge above leads to bus 1");
	expect_error("dt-bad-root-bus", "pci-dt-bad-bus", "/pcie@10000000/pci@1",
		     "bus 5, but the host bridge's root bus is 0");
	expect_error("dt-not-bridge", "pci-dt-not-bridge", "/pcie@10000000/pci@1",
		     "has function nodes below it but is no bridge (set bulkhead,pcie-type or a bridge class-code)");
	expect_error("dt-duplicate", "pci-duplicate-function", "0000:00:01.0", "two functions at the same address");
	expect_error("dt-bad-acs", "pci-dt-bad-property", "/pcie@10000000/pci@1",
		     "1 cells: expected <capability control> or <capability control offset>");
	expect_error("dt-bad-pin", "pci-dt-bad-property", "/pcie@10000000/pci@1", "INTx pin 5 is not 1-4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_function_with_phy_children), cmocka_unit_test(test_read_switch),
		cmocka_unit_test(test_read_bars_and_report),       cmocka_unit_test(test_export_text),
		cmocka_unit_test(test_bus_range_derived),          cmocka_unit_test(test_errors),
	};
	struct fixture_tests t = { 0 };

	fixture_tests_add_array(&t, tests);
	for (size_t i = 0; i < sizeof(roundtrip_fixtures) / sizeof(roundtrip_fixtures[0]); i++)
		fixture_tests_add(&t, "roundtrip", roundtrip_fixtures[i], test_roundtrip, (void *)roundtrip_fixtures[i],
				  NULL, NULL);
	return fixture_tests_run("pci_dt", &t);
}
