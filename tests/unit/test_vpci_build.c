/* Placing owned functions on the virtual bus, INTx routing and the errors of vpci_bus_build(),
 * on the fake machine of tests/unit/vpci_fake.h. Expected slots follow the rule in
 * core/pci/vpci.h; expected SPIs are QEMU virt's 3 + (slot + pin - 1) % 4 worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/base/diag.h"
#include "core/pci/vpci.h"
#include "tests/unit/vpci_fake.h"

static struct vpci_fake f;
static struct vpci_bus bus;

static int setup(void **state)
{
	(void)state;
	vpci_fake_init(&f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vpci_fake_free(&f);
	return 0;
}

static bool build(const int *which, size_t n, struct diag_list *dl)
{
	size_t owned[8];

	for (size_t i = 0; i < n; i++)
		owned[i] = f.idx[which[i]];
	return vpci_bus_build(&bus, &f.plat, &f.topo, owned, n, "guest", dl);
}

static void test_canonical_slots(void **state)
{
	static const int which[] = { VF_C, VF_B1, VF_B0, VF_A };
	struct diag_list dl;

	(void)state;
	diag_init(&dl);
	assert_true(build(which, 4, &dl));
	assert_int_equal(dl.count, 0);
	assert_int_equal(bus.n_fns, 4);
	/* 00:02.0, 00:04.0, 01:00.0, 01:00.1 -> 00:00.0, 00:01.0, 00:02.0, 00:02.1 */
	assert_int_equal(bus.fns[0].phys_bdf, 0x0010);
	assert_int_equal(bus.fns[0].vdevfn, PCI_DEVFN(0, 0));
	assert_int_equal(bus.fns[1].phys_bdf, 0x0020);
	assert_int_equal(bus.fns[1].vdevfn, PCI_DEVFN(1, 0));
	assert_int_equal(bus.fns[2].phys_bdf, 0x0100);
	assert_int_equal(bus.fns[2].vdevfn, PCI_DEVFN(2, 0));
	assert_int_equal(bus.fns[3].phys_bdf, 0x0101);
	assert_int_equal(bus.fns[3].vdevfn, PCI_DEVFN(2, 1));
	/* C: slot 4 pin A -> 3 + 4 % 4 = SPI 3 */
	assert_int_equal(bus.fns[1].intx_intid, 32 + 3);
	assert_ptr_equal(vpci_find(&bus, PCI_DEVFN(2, 1)), &bus.fns[3]);
	assert_null(vpci_find(&bus, PCI_DEVFN(3, 0)));
	diag_free(&dl);
}

/* Function 1 without function 0: its own slot, as function 0, single-function. */
static void test_function_without_fn0(void **state)
{
	static const int which[] = { VF_B1 };
	struct diag_list dl;

	(void)state;
	diag_init(&dl);
	assert_true(build(which, 1, &dl));
	assert_int_equal(bus.n_fns, 1);
	assert_int_equal(bus.fns[0].vdevfn, 0);
	assert_int_equal(bus.fns[0].phys_bdf, 0x0101);
	assert_int_equal(vpci_cfg_read(&bus, &f.ops, VPCI_ECAM_OFF(0, 0x0e), 1), 0x00);
	assert_int_equal(vpci_cfg_read(&bus, &f.ops, VPCI_ECAM_OFF(0, 0x00), 4), 0x00111b36);
	assert_int_equal(bus.fns[0].pin, 2);
	assert_int_equal(bus.fns[0].intx_intid, 32 + 3);
	diag_free(&dl);
}

/* The root port is never presented, even when it is all the partition owns. */
static void test_bridge_not_presented(void **state)
{
	static const int which[] = { VF_RP };
	struct diag_list dl;

	(void)state;
	diag_init(&dl);
	assert_true(build(which, 1, &dl));
	assert_int_equal(bus.n_fns, 0);
	assert_int_equal(vpci_cfg_read(&bus, &f.ops, 0, 4), 0xffffffff);
	diag_free(&dl);
}

static const char want_outside[] = "BAR 0 of 0000:00:04.0 (bus address 0x50000000, 0x1000 bytes) is in no memory "
				   "window of /pcie@10000000; the partition does not see it";
static const char want_above[] = "32-bit BAR 0 of 0000:00:04.0 is at CPU address 0x100100000, which a 32-bit BAR "
				 "cannot hold; the partition does not see it";

static void test_bar_outside_windows(void **state)
{
	static const int which[] = { VF_C };
	struct diag_list dl;
	const struct diag *d;

	(void)state;
	f.topo.fns[f.idx[VF_C]].bars[0].addr = 0x50000000; /* past the 32-bit window's end 0x3eff0000 */
	diag_init(&dl);
	assert_true(build(which, 1, &dl));
	d = diag_find(&dl, "cfg-pci-bar");
	assert_non_null(d);
	assert_string_equal(d->path, "guest");
	assert_int_equal(d->severity, DIAG_WARNING);
	assert_string_equal(d->message, want_outside);
	assert_int_equal(bus.n_fns, 1);
	assert_int_equal(bus.fns[0].bars[0].size, 0);
	assert_int_equal(vpci_cfg_read(&bus, &f.ops, VPCI_ECAM_OFF(0, 0x10), 4), 0);
	diag_free(&dl);
}

static void test_bar32_above_4g(void **state)
{
	static const int which[] = { VF_C };
	struct diag_list dl;
	const struct diag *d;

	(void)state;
	f.ranges[0].cpu_addr = 0x100000000; /* the 32-bit window seen above 4 GiB by the CPU */
	diag_init(&dl);
	assert_true(build(which, 1, &dl));
	d = diag_find(&dl, "cfg-pci-bar");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_WARNING);
	assert_string_equal(d->message, want_above);
	assert_int_equal(bus.fns[0].bars[0].size, 0);
	diag_free(&dl);
}

/* A bus-to-CPU offset: the partition reads the CPU address. */
static void test_bar_cpu_address(void **state)
{
	static const int which[] = { VF_C };
	struct diag_list dl;

	(void)state;
	f.ranges[0].cpu_addr = 0x20000000;
	diag_init(&dl);
	assert_true(build(which, 1, &dl));
	assert_int_equal(bus.fns[0].bars[0].addr, 0x20100000);
	assert_int_equal(vpci_cfg_read(&bus, &f.ops, VPCI_ECAM_OFF(0, 0x10), 4), 0x20100000);
	diag_free(&dl);
}

static void test_intx_unrouted(void **state)
{
	static const int which[] = { VF_A };
	struct diag_list dl;
	const struct diag *d;

	(void)state;
	f.host.n_intx = 0;
	diag_init(&dl);
	assert_true(build(which, 1, &dl));
	d = diag_find(&dl, "cfg-pci-intx-unrouted");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_WARNING);
	assert_string_equal(d->message, "INTA of 0000:00:02.0 is routed to no GIC interrupt by /pcie@10000000's "
					"interrupt-map; the partition sees no interrupt pin");
	assert_int_equal(bus.fns[0].pin, 0);
	assert_int_equal(bus.fns[0].intx_intid, 0);
	assert_int_equal(vpci_cfg_read(&bus, &f.ops, VPCI_ECAM_OFF(0, 0x3d), 1), 0);
	diag_free(&dl);
}

/* Five 8-function devices: 40 functions, one more than a bus of 32 holds is refused. */
static void test_too_many(void **state)
{
	struct pci_topology t;
	struct diag_list dl;
	size_t owned[40];

	(void)state;
	diag_init(&dl);
	pci_topology_init(&t);
	assert_true(pci_topology_begin(&t, 1, &dl));
	for (unsigned i = 0; i < 40; i++) {
		struct pci_function *p = pci_topology_add(&t, &dl);

		p->dev = (uint8_t)(i / 8);
		p->fn = (uint8_t)(i % 8);
		p->multifunction = true;
		p->header_type = 0x80;
		p->parent = -1;
		owned[i] = i;
	}
	assert_true(pci_topology_finish(&t, &f.plat, &dl));
	assert_false(vpci_bus_build(&bus, &f.plat, &t, owned, 40, "guest", &dl));
	assert_non_null(diag_find(&dl, "cfg-pci-too-many"));
	assert_int_equal(bus.n_fns, 32);
	pci_topology_free(&t);
	diag_free(&dl);
}

/* PCI-to-PCI Bridge spec table 9-1: INTx of device D below a bridge arrives as ... */
static void test_swizzle(void **state)
{
	static const uint8_t want[4][4] = {
		/* pin A  B  C  D */
		{ 1, 2, 3, 4 }, /* device 0 */
		{ 2, 3, 4, 1 }, /* device 1 */
		{ 3, 4, 1, 2 }, /* device 2 */
		{ 4, 1, 2, 3 }, /* device 3 */
	};

	(void)state;
	for (uint8_t dev = 0; dev < 8; dev++)
		for (uint8_t pin = 1; pin <= 4; pin++)
			assert_int_equal(vpci_swizzle(pin, dev), want[dev % 4][pin - 1]);
}

/* Routing: the fake host's map entries for slot 3 only, as a board with a sparse map. */
static void test_route_through_bridge(void **state)
{
	struct plat_irq irq;

	(void)state;
	assert_true(vpci_intx_route(&f.plat, &f.topo, f.idx[VF_B1], 2, &irq));
	assert_int_equal(irq.intid, 32 + 3);
	assert_true(vpci_intx_route(&f.plat, &f.topo, f.idx[VF_B1], 4, &irq)); /* D -> D at slot 3 */
	assert_int_equal(irq.intid, 32 + 3 + (3 + 3) % 4);
	assert_false(vpci_intx_route(&f.plat, &f.topo, f.idx[VF_A], 0, &irq));
	assert_false(vpci_intx_route(&f.plat, &f.topo, f.idx[VF_A], 5, &irq));
	f.host.intx_mask_hi = 0xffffffff; /* now only slots 0-3 of bus 0 are in the map */
	assert_false(vpci_intx_route(&f.plat, &f.topo, f.idx[VF_C], 1, &irq));
	assert_true(vpci_intx_route(&f.plat, &f.topo, f.idx[VF_A], 1, &irq));
	assert_int_equal(irq.intid, 32 + 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_canonical_slots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_function_without_fn0, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_not_presented, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bar_outside_windows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bar32_above_4g, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bar_cpu_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intx_unrouted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swizzle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_through_bridge, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
