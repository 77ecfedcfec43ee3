/* The partition's generated device tree, read back with libfdt. The board is
 * tests/unit/fixtures/guest_dt/board.dts; every expected node, property and cell below is written
 * out by hand from that file, the spec built here and docs/guest-abi.md. */
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
#include "core/partition/guest_dt.h"
#include "core/partition/guest_image.h"
#include "core/partition/partition.h"
#include "core/pci/vpci.h"
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"
#include "tests/unit/host_console.h"

#define OUT_SIZE 65536

struct board {
	void *fdt;
	struct platform plat;
};

static int board_setup(void **state)
{
	struct board *b = calloc(1, sizeof(*b));
	struct diag_list dl;

	if (!b)
		return -1;
	b->fdt = fixture_load("guest_dt/board.dtb", NULL);
	diag_init(&dl);
	if (!platform_discover(b->fdt, &b->plat, &dl) || dl.count != 0) {
		diag_print(&dl);
		print_error("board fixture did not discover cleanly: %s\n", console_captured());
		diag_free(&dl);
		return -1;
	}
	diag_free(&dl);
	*state = b;
	return 0;
}

static int board_teardown(void **state)
{
	struct board *b = *state;

	platform_free(&b->plat);
	free(b->fdt);
	free(b);
	return 0;
}

static const char *const two_devices[] = { "/pl031@9010000", "/bus@c000000/serial@2000" };

/* 2 vCPUs on board CPUs 2 and 3, two memory regions, bootargs and the two devices. */
static void full_spec(struct partition_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->name = "guest1";
	s->vmid = 1;
	s->n_vcpus = 2;
	s->pcpu[0] = 2;
	s->pcpu[1] = 3;
	s->mem[0] = (struct part_mem){ .ipa = 0x40000000, .pa = 0x48000000, .size = 0x10000000 };
	s->mem[1] = (struct part_mem){ .ipa = UINT64_C(0x100000000), .pa = 0x80000000, .size = 0x8000000 };
	s->n_mem = 2;
	s->mmio[0] = (struct part_mmio){ .pa = 0x09010000, .size = 0x1000 };
	s->mmio[1] = (struct part_mmio){ .pa = 0x0c002000, .size = 0x1000 };
	s->mmio[2] = (struct part_mmio){ .pa = 0x0c008000, .size = 0x100 };
	s->n_mmio = 3;
	s->devices[0] = two_devices[0];
	s->devices[1] = two_devices[1];
	s->n_devices = 2;
	s->bootargs = "console=hvc0 earlycon root=/dev/ram0 rw";
}

/* kernel at 0x40080000, initrd 0x345678 bytes below the DTB at 0x4fe00000. */
static const struct guest_layout full_layout = {
	.kernel_ipa = 0x40080000,
	.kernel_end = 0x412b4000,
	.dtb_ipa = 0x4fe00000,
	.initrd_ipa = 0x4faba000,
	.initrd_end = 0x4fdff678,
};

static void *build_ok(const struct board *b, const struct partition_spec *spec, const struct guest_layout *lay)
{
	void *out = malloc(OUT_SIZE);
	struct diag_list dl;

	assert_non_null(out);
	diag_init(&dl);
	if (!guest_dt_build(spec, b->fdt, &b->plat, lay, out, OUT_SIZE, &dl)) {
		diag_print(&dl);
		fail_msg("guest_dt_build failed: %s", console_captured());
	}
	assert_int_equal(dl.count, 0);
	diag_free(&dl);
	assert_int_equal(fdt_check_full(out, OUT_SIZE), 0);
	assert_true(fdt_totalsize(out) <= OUT_SIZE);
	return out;
}

static int node(const void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0)
		fail_msg("node %s missing: %s", path, fdt_strerror(off));
	return off;
}

/* The property's exact bytes (strings with their NULs). */
static void assert_prop_bytes(const void *fdt, const char *path, const char *name, const void *bytes, int len)
{
	int plen = -1;
	const void *v = fdt_getprop(fdt, node(fdt, path), name, &plen);

	if (!v)
		fail_msg("%s: property %s missing", path, name);
	if (plen != len)
		fail_msg("%s: %s is %d bytes, expected %d", path, name, plen, len);
	assert_memory_equal(v, bytes, (size_t)len);
}

#define assert_prop_str(fdt, path, name, lit) assert_prop_bytes(fdt, path, name, lit, (int)sizeof(lit))

static void assert_prop_cells(const void *fdt, const char *path, const char *name, const uint32_t *cells, int n)
{
	int plen = -1;
	const fdt32_t *v = fdt_getprop(fdt, node(fdt, path), name, &plen);

	if (!v)
		fail_msg("%s: property %s missing", path, name);
	if (plen != n * 4)
		fail_msg("%s: %s is %d bytes, expected %d cells", path, name, plen, n);
	for (int i = 0; i < n; i++)
		if (fdt32_to_cpu(v[i]) != cells[i])
			fail_msg("%s: %s cell %d is 0x%x, expected 0x%x", path, name, i, fdt32_to_cpu(v[i]), cells[i]);
}

#define CELLS(...) (const uint32_t[]){ __VA_ARGS__ }, (int)(sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4)

static void assert_no_prop(const void *fdt, const char *path, const char *name)
{
	int len;

	if (fdt_getprop(fdt, node(fdt, path), name, &len))
		fail_msg("%s: property %s should not be there", path, name);
}

static int count_props(const void *fdt, const char *path)
{
	int off, n = 0;

	fdt_for_each_property_offset(off, fdt, node(fdt, path)) n++;
	return n;
}

/* The names of a node's children, in order, joined by spaces. */
static void assert_children(const void *fdt, const char *path, const char *expected)
{
	char names[512] = "";
	int child;

	fdt_for_each_subnode(child, fdt, node(fdt, path))
	{
		if (names[0])
			strcat(names, " ");
		strcat(names, fdt_get_name(fdt, child, NULL));
	}
	assert_string_equal(names, expected);
}

static void test_board_fixture(void **state)
{
	const struct board *b = *state;
	int rtc, uart;

	/* What the generated DT is made from: 4 CPUs, the RTC and the translated UART. */
	assert_int_equal(b->plat.n_cpus, 4);
	assert_int_equal(b->plat.cpus[2].mpidr, 2);
	assert_int_equal(b->plat.cpus[3].mpidr, 3);
	assert_int_equal(b->plat.gic.version, GIC_V3);
	rtc = platform_find_device(&b->plat, "/pl031@9010000");
	uart = platform_find_device(&b->plat, "/bus@c000000/serial@2000");
	assert_true(rtc >= 0);
	assert_true(uart >= 0);
	assert_int_equal(b->plat.devices[uart].n_regs, 2);
	assert_int_equal(b->plat.devices[uart].regs[0].base, 0x0c002000);
	assert_int_equal(b->plat.devices[uart].regs[1].base, 0x0c008000);
}

static void test_root(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	full_spec(&spec);
	dt = build_ok(b, &spec, &full_layout);
	assert_prop_cells(dt, "/", "#address-cells", CELLS(2));
	assert_prop_cells(dt, "/", "#size-cells", CELLS(2));
	assert_prop_str(dt, "/", "compatible", "bulkhead,partition");
	assert_prop_str(dt, "/", "model", "bulkhead partition guest1");
	/* Nothing of the board's root: its interrupt-parent is the partition's own virtual GIC. */
	assert_prop_cells(dt, "/", "interrupt-parent", CELLS(GUEST_DT_GIC_PHANDLE));
	assert_int_equal(count_props(dt, "/"), 5);
	assert_children(dt, "/",
			"chosen memory@40000000 memory@100000000 cpus psci hypervisor timer intc@8000000 apb-pclk "
			"pl031@9010000 "
			"serial@2000");
	assert_int_equal(fdt_num_mem_rsv(dt), 0);
	free(dt);
}

static void test_chosen(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	full_spec(&spec);
	dt = build_ok(b, &spec, &full_layout);
	assert_prop_str(dt, "/chosen", "bootargs", "console=hvc0 earlycon root=/dev/ram0 rw");
	/* 64-bit values: two cells, most significant first. */
	assert_prop_cells(dt, "/chosen", "linux,initrd-start", CELLS(0x0, 0x4faba000));
	assert_prop_cells(dt, "/chosen", "linux,initrd-end", CELLS(0x0, 0x4fdff678));
	free(dt);
}

static void test_chosen_initrd_above_4g(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	const struct guest_layout lay = {
		.kernel_ipa = UINT64_C(0x880080000),
		.kernel_end = UINT64_C(0x881e80000),
		.dtb_ipa = UINT64_C(0x8bfe00000),
		.initrd_ipa = UINT64_C(0x8bd600000),
		.initrd_end = UINT64_C(0x8bfe00000),
	};
	void *dt;

	full_spec(&spec);
	spec.mem[0] =
		(struct part_mem){ .ipa = UINT64_C(0x880000000), .pa = UINT64_C(0x880000000), .size = 0x40000000 };
	spec.n_mem = 1;
	spec.bootargs = NULL;
	dt = build_ok(b, &spec, &lay);
	assert_prop_cells(dt, "/chosen", "linux,initrd-start", CELLS(0x8, 0xbd600000));
	assert_prop_cells(dt, "/chosen", "linux,initrd-end", CELLS(0x8, 0xbfe00000));
	assert_no_prop(dt, "/chosen", "bootargs");
	assert_prop_cells(dt, "/memory@880000000", "reg", CELLS(0x8, 0x80000000, 0x0, 0x40000000));
	free(dt);
}

static void test_memory(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	full_spec(&spec);
	dt = build_ok(b, &spec, &full_layout);
	/* IPAs and sizes only: where they are physically is not the guest's business. */
	assert_prop_str(dt, "/memory@40000000", "device_type", "memory");
	assert_prop_cells(dt, "/memory@40000000", "reg", CELLS(0x0, 0x40000000, 0x0, 0x10000000));
	assert_int_equal(count_props(dt, "/memory@40000000"), 2);
	assert_prop_str(dt, "/memory@100000000", "device_type", "memory");
	assert_prop_cells(dt, "/memory@100000000", "reg", CELLS(0x1, 0x0, 0x0, 0x8000000));
	assert_int_equal(count_props(dt, "/memory@100000000"), 2);
	free(dt);
}

static void test_cpus(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	full_spec(&spec);
	dt = build_ok(b, &spec, &full_layout);
	assert_prop_cells(dt, "/cpus", "#address-cells", CELLS(1));
	assert_prop_cells(dt, "/cpus", "#size-cells", CELLS(0));
	/* Board CPUs 2 and 3, renumbered from 0. */
	assert_children(dt, "/cpus", "cpu@0 cpu@1");
	assert_prop_str(dt, "/cpus/cpu@0", "device_type", "cpu");
	assert_prop_str(dt, "/cpus/cpu@0", "compatible", "arm,cortex-a57");
	assert_prop_cells(dt, "/cpus/cpu@0", "reg", CELLS(0));
	assert_prop_str(dt, "/cpus/cpu@0", "enable-method", "psci");
	assert_prop_str(dt, "/cpus/cpu@1", "device_type", "cpu");
	assert_prop_str(dt, "/cpus/cpu@1", "compatible", "arm,cortex-a57");
	assert_prop_cells(dt, "/cpus/cpu@1", "reg", CELLS(1));
	assert_prop_str(dt, "/cpus/cpu@1", "enable-method", "psci");
	assert_int_equal(count_props(dt, "/cpus/cpu@1"), 4);
	free(dt);
}

static void test_cpu_without_board_node(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	/* A board CPU index past the board's CPUs has no node to copy from: generic armv8. */
	full_spec(&spec);
	spec.pcpu[1] = 7;
	dt = build_ok(b, &spec, &full_layout);
	assert_prop_str(dt, "/cpus/cpu@0", "compatible", "arm,cortex-a57");
	assert_prop_str(dt, "/cpus/cpu@1", "compatible", "arm,armv8");
	assert_prop_cells(dt, "/cpus/cpu@1", "reg", CELLS(1));
	free(dt);
}

/* docs/guest-abi.md, "The /hypervisor node": compatible, version 1, the partition's own name, and
 * the management window at IPA 0x09f00000, 8 KiB, in <2 2> cells. */
static void test_hypervisor_node(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	full_spec(&spec);
	dt = build_ok(b, &spec, &full_layout);
	assert_prop_str(dt, "/hypervisor", "compatible", "bulkhead,hypervisor");
	assert_prop_cells(dt, "/hypervisor", "version", CELLS(1));
	assert_prop_str(dt, "/hypervisor", "partition-name", "guest1");
	assert_prop_cells(dt, "/hypervisor", "reg", CELLS(0, 0x09f00000, 0, 0x2000));
	assert_int_equal(count_props(dt, "/hypervisor"), 4);
	free(dt);
}

static void test_psci(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	full_spec(&spec);
	dt = build_ok(b, &spec, &full_layout);
	/* The board's node says "smc" and lists "arm,psci": the guest's is bulkhead's own. */
	assert_prop_str(dt, "/psci", "compatible", "arm,psci-1.0\0arm,psci-0.2");
	assert_prop_str(dt, "/psci", "method", "hvc");
	assert_int_equal(count_props(dt, "/psci"), 2);
	free(dt);
}

static void test_timer(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	full_spec(&spec);
	dt = build_ok(b, &spec, &full_layout);
	assert_prop_str(dt, "/timer", "compatible", "arm,armv8-timer\0arm,armv7-timer");
	assert_prop_cells(dt, "/timer", "interrupts", CELLS(1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4));
	assert_prop_bytes(dt, "/timer", "always-on", "", 0);
	assert_no_prop(dt, "/timer", "interrupt-parent");
	assert_int_equal(count_props(dt, "/timer"), 3);
	free(dt);
}

static void assert_not_inherited(const void *dt, const char *path)
{
	assert_no_prop(dt, path, "interrupt-parent");
	assert_no_prop(dt, path, "phandle");
	assert_no_prop(dt, path, "linux,phandle");
	assert_no_prop(dt, path, "status");
	assert_int_equal(fdt_get_phandle(dt, node(dt, path)), 0);
}

static void test_devices(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	full_spec(&spec);
	dt = build_ok(b, &spec, &full_layout);

	assert_prop_cells(dt, "/pl031@9010000", "reg", CELLS(0x0, 0x09010000, 0x0, 0x1000));
	assert_prop_str(dt, "/pl031@9010000", "compatible", "arm,pl031\0arm,primecell");
	assert_prop_cells(dt, "/pl031@9010000", "interrupts", CELLS(0, 2, 4));
	/* PrimeCells: the board's clocks become the partition's fixed clock, one per name. */
	assert_prop_cells(dt, "/pl031@9010000", "clocks", CELLS(GUEST_DT_CLK_PHANDLE));
	assert_prop_str(dt, "/pl031@9010000", "clock-names", "apb_pclk");
	assert_not_inherited(dt, "/pl031@9010000");
	assert_int_equal(count_props(dt, "/pl031@9010000"), 5);

	/* On the board: <0x2000 0x1000>, <0x8000 0x100> behind ranges to 0xc000000; in the guest:
	 * CPU addresses in the root's 2 + 2 cells. */
	assert_prop_cells(dt, "/serial@2000", "reg", CELLS(0x0, 0x0c002000, 0x0, 0x1000, 0x0, 0x0c008000, 0x0, 0x100));
	assert_prop_str(dt, "/serial@2000", "compatible", "arm,pl011\0arm,primecell");
	assert_prop_cells(dt, "/serial@2000", "interrupts", CELLS(0, 40, 4));
	assert_prop_cells(dt, "/serial@2000", "current-speed", CELLS(115200));
	assert_prop_cells(dt, "/serial@2000", "clocks", CELLS(GUEST_DT_CLK_PHANDLE, GUEST_DT_CLK_PHANDLE));
	assert_prop_str(dt, "/serial@2000", "clock-names", "uartclk\0apb_pclk");
	assert_not_inherited(dt, "/serial@2000");
	assert_int_equal(count_props(dt, "/serial@2000"), 6);
	/* The clock they point at. */
	assert_int_equal(fdt_node_offset_by_phandle(dt, GUEST_DT_CLK_PHANDLE), node(dt, "/apb-pclk"));
	free(dt);
}

static void test_minimal_partition(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	const struct guest_layout lay = { .kernel_ipa = 0x40000000, .kernel_end = 0x41000000, .dtb_ipa = 0x4fe00000 };
	void *dt;

	/* One vCPU on board CPU 0, one region, no bootargs, initrd or devices. */
	full_spec(&spec);
	spec.name = "tiny";
	spec.n_vcpus = 1;
	spec.pcpu[0] = 0;
	spec.n_mem = 1;
	spec.n_devices = 0;
	spec.n_mmio = 0;
	spec.bootargs = NULL;
	dt = build_ok(b, &spec, &lay);
	assert_prop_str(dt, "/", "model", "bulkhead partition tiny");
	assert_children(dt, "/", "chosen memory@40000000 cpus psci hypervisor timer intc@8000000");
	assert_children(dt, "/cpus", "cpu@0");
	/* One vCPU: one redistributor frame. */
	assert_prop_cells(dt, "/intc@8000000", "reg",
			  CELLS(0x0, 0x08000000, 0x0, 0x10000, 0x0, 0x080a0000, 0x0, 0x20000));
	assert_prop_cells(dt, "/cpus/cpu@0", "reg", CELLS(0));
	assert_int_equal(count_props(dt, "/chosen"), 0);
	free(dt);
}

static void test_gic(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	full_spec(&spec);
	dt = build_ok(b, &spec, &full_layout);
	/* The board's distributor address, and one 128 KiB redistributor frame per vCPU from the
	 * board's first one: 2 vCPUs. No ITS, no maintenance interrupt, nothing else of the board's. */
	assert_prop_str(dt, "/intc@8000000", "compatible", "arm,gic-v3");
	assert_prop_cells(dt, "/intc@8000000", "#interrupt-cells", CELLS(3));
	assert_prop_bytes(dt, "/intc@8000000", "interrupt-controller", "", 0);
	assert_prop_cells(dt, "/intc@8000000", "reg",
			  CELLS(0x0, 0x08000000, 0x0, 0x10000, 0x0, 0x080a0000, 0x0, 0x40000));
	assert_prop_cells(dt, "/intc@8000000", "phandle", CELLS(GUEST_DT_GIC_PHANDLE));
	assert_no_prop(dt, "/intc@8000000", "interrupts");
	assert_int_equal(count_props(dt, "/intc@8000000"), 5);
	assert_children(dt, "/intc@8000000", "");
	assert_int_equal(fdt_node_offset_by_phandle(dt, GUEST_DT_GIC_PHANDLE), node(dt, "/intc@8000000"));
	free(dt);
}

static void test_vuart(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	full_spec(&spec);
	spec.vuart = (struct part_vuart){ .present = true, .base = 0x09000000, .size = 0x1000, .intid = 33 };
	dt = build_ok(b, &spec, &full_layout);
	assert_children(dt, "/",
			"chosen memory@40000000 memory@100000000 cpus psci hypervisor timer intc@8000000 apb-pclk "
			"pl011@9000000 "
			"aliases pl031@9010000 serial@2000");
	assert_prop_str(dt, "/chosen", "stdout-path", "/pl011@9000000");
	assert_prop_str(dt, "/aliases", "serial0", "/pl011@9000000");

	assert_prop_str(dt, "/apb-pclk", "compatible", "fixed-clock");
	assert_prop_cells(dt, "/apb-pclk", "#clock-cells", CELLS(0));
	assert_prop_cells(dt, "/apb-pclk", "clock-frequency", CELLS(24000000));
	assert_prop_cells(dt, "/apb-pclk", "phandle", CELLS(GUEST_DT_CLK_PHANDLE));

	assert_prop_str(dt, "/pl011@9000000", "compatible", "arm,pl011\0arm,primecell");
	assert_prop_cells(dt, "/pl011@9000000", "reg", CELLS(0x0, 0x09000000, 0x0, 0x1000));
	/* SPI 1 = INTID 33, level-high, resolved through the root's interrupt-parent. */
	assert_prop_cells(dt, "/pl011@9000000", "interrupts", CELLS(0, 1, 4));
	assert_prop_cells(dt, "/pl011@9000000", "clocks", CELLS(GUEST_DT_CLK_PHANDLE, GUEST_DT_CLK_PHANDLE));
	assert_prop_str(dt, "/pl011@9000000", "clock-names", "uartclk\0apb_pclk");
	assert_int_equal(count_props(dt, "/pl011@9000000"), 5);
	free(dt);
}

static void test_no_vuart(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	void *dt;

	/* console = "none": no UART, no stdout-path; the clock only for the PrimeCell devices. */
	full_spec(&spec);
	dt = build_ok(b, &spec, &full_layout);
	assert_no_prop(dt, "/chosen", "stdout-path");
	assert_true(fdt_path_offset(dt, "/aliases") < 0);
	assert_true(fdt_path_offset(dt, "/apb-pclk") >= 0);
	free(dt);
	spec.n_devices = 0;
	dt = build_ok(b, &spec, &full_layout);
	assert_true(fdt_path_offset(dt, "/apb-pclk") < 0);
	free(dt);
}

static void expect_device_error(const struct board *b, const char *path)
{
	struct partition_spec spec;
	struct diag_list dl;
	const struct diag *d;
	char expected[128];
	void *out = malloc(OUT_SIZE);

	assert_non_null(out);
	full_spec(&spec);
	spec.devices[1] = path;
	diag_init(&dl);
	assert_false(guest_dt_build(&spec, b->fdt, &b->plat, &full_layout, out, OUT_SIZE, &dl));
	assert_int_equal(dl.errors, 1);
	d = diag_find(&dl, "part-dt-device");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_string_equal(d->path, "guest1");
	assert_null(d->property);
	snprintf(expected, sizeof(expected), "device %s is not on the board", path);
	assert_string_equal(d->message, expected);
	diag_free(&dl);
	free(out);
}

static void test_unknown_device(void **state)
{
	const struct board *b = *state;

	expect_device_error(b, "/nope@0");
	/* Only the full board path names the device. */
	expect_device_error(b, "/serial@2000");
	/* A node on the board that is no device (no reg, interrupts or iommus). */
	expect_device_error(b, "/bus@c000000");
	expect_device_error(b, "");
}

/* Three functions: 00:00.0 with a 32-bit BAR and a 64-bit prefetchable one, INTA on SPI 5;
 * 00:01.0 with a 32-bit BAR right after 00:00.0's and one apart, no pin; 00:01.1 with a 64-bit
 * BAR right after 00:00.0's, INTB on SPI 3. */
static void vpci_bus_example(struct vpci_bus *bus)
{
	memset(bus, 0, sizeof(*bus));
	bus->ecam_ipa = UINT64_C(0x4010000000);
	bus->n_fns = 3;
	bus->fns[0].vdevfn = 0x00;
	bus->fns[0].bars[0] = (struct vpci_bar){ 0x10000000, 0x1000, false, false };
	bus->fns[0].bars[2] = (struct vpci_bar){ UINT64_C(0x8000000000), 0x100000, true, true };
	bus->fns[0].pin = 1;
	bus->fns[0].intx_intid = 32 + 5;
	bus->fns[0].intx_flags = 4;
	bus->fns[1].vdevfn = 0x08;
	bus->fns[1].bars[0] = (struct vpci_bar){ 0x10001000, 0x4000, false, false };
	bus->fns[1].bars[1] = (struct vpci_bar){ 0x10100000, 0x1000, false, false };
	bus->fns[2].vdevfn = 0x09;
	bus->fns[2].bars[2] = (struct vpci_bar){ UINT64_C(0x8000100000), 0x4000, true, false };
	bus->fns[2].pin = 2;
	bus->fns[2].intx_intid = 32 + 3;
	bus->fns[2].intx_flags = 4;
}

/* The virtual PCI host bridge, every property's exact value (docs/pci-passthrough.md). */
static void test_pci_host(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	struct vpci_bus bus;
	void *dt;

	full_spec(&spec);
	vpci_bus_example(&bus);
	spec.vpci = &bus;
	dt = build_ok(b, &spec, &full_layout);
	assert_children(dt, "/",
			"chosen memory@40000000 memory@100000000 cpus psci hypervisor timer intc@8000000 apb-pclk "
			"pl031@9010000 "
			"serial@2000 pcie@4010000000");
	assert_prop_str(dt, "/pcie@4010000000", "compatible", "pci-host-ecam-generic");
	assert_prop_str(dt, "/pcie@4010000000", "device_type", "pci");
	assert_prop_cells(dt, "/pcie@4010000000", "#address-cells", CELLS(3));
	assert_prop_cells(dt, "/pcie@4010000000", "#size-cells", CELLS(2));
	assert_prop_cells(dt, "/pcie@4010000000", "reg", CELLS(0x40, 0x10000000, 0x0, 0x100000));
	assert_prop_cells(dt, "/pcie@4010000000", "bus-range", CELLS(0, 0));
	/* 1:1, sorted, contiguous BARs of one space merged; 64-bit space code 3, never prefetchable */
	assert_prop_cells(dt, "/pcie@4010000000", "ranges",
			  CELLS(0x02000000, 0x0, 0x10000000, 0x0, 0x10000000, 0x0, 0x5000, /* */
				0x02000000, 0x0, 0x10100000, 0x0, 0x10100000, 0x0, 0x1000, /* */
				0x03000000, 0x80, 0x0, 0x80, 0x0, 0x0, 0x104000));
	assert_prop_cells(dt, "/pcie@4010000000", "#interrupt-cells", CELLS(1));
	assert_prop_cells(dt, "/pcie@4010000000", "interrupt-map-mask", CELLS(0xff00, 0, 0, 7));
	/* <devfn << 8, 0, 0, pin> -> <&gic, SPI, n, level-high> */
	assert_prop_cells(dt, "/pcie@4010000000", "interrupt-map",
			  CELLS(0x0000, 0, 0, 1, GUEST_DT_GIC_PHANDLE, 0, 5, 4, /* */
				0x0900, 0, 0, 2, GUEST_DT_GIC_PHANDLE, 0, 3, 4));
	assert_prop_bytes(dt, "/pcie@4010000000", "dma-coherent", "", 0);
	assert_int_equal(count_props(dt, "/pcie@4010000000"), 11);
	assert_prop_cells(dt, "/chosen", "linux,pci-probe-only", CELLS(1));
	assert_prop_cells(dt, "/intc@8000000", "#address-cells", CELLS(0));
	free(dt);
}

/* Functions with MSIs (00:00.0 and 00:01.1): the GIC gets an ITS child at the board ITS's address
 * (arm,gic-v3-its binding: msi-controller, #msi-cells = <1>, 128 KiB frame) and two address and
 * size cells with empty ranges; interrupt-map's parent unit address grows to two zero cells; the
 * bridge's msi-map sends each function's own requester ID (its devfn on bus 0), length 1, and
 * nothing else, to the ITS. */
static void test_pci_host_msi(void **state)
{
	struct board *b = *state;
	struct mem_range saved = b->plat.gic.its;
	struct partition_spec spec;
	struct vpci_bus bus;
	void *dt;

	full_spec(&spec);
	vpci_bus_example(&bus);
	bus.msi = bus.fns[0].msi = bus.fns[2].msi = true;
	spec.vpci = &bus;
	b->plat.gic.its = (struct mem_range){ 0x08080000, 0x20000 };
	dt = build_ok(b, &spec, &full_layout);
	b->plat.gic.its = saved;
	assert_prop_cells(dt, "/intc@8000000", "#address-cells", CELLS(2));
	assert_prop_cells(dt, "/intc@8000000", "#size-cells", CELLS(2));
	assert_prop_bytes(dt, "/intc@8000000", "ranges", "", 0);
	assert_children(dt, "/intc@8000000", "msi-controller@8080000");
	assert_prop_str(dt, "/intc@8000000/msi-controller@8080000", "compatible", "arm,gic-v3-its");
	assert_prop_bytes(dt, "/intc@8000000/msi-controller@8080000", "msi-controller", "", 0);
	assert_prop_cells(dt, "/intc@8000000/msi-controller@8080000", "#msi-cells", CELLS(1));
	assert_prop_cells(dt, "/intc@8000000/msi-controller@8080000", "reg", CELLS(0, 0x08080000, 0, 0x20000));
	assert_prop_cells(dt, "/intc@8000000/msi-controller@8080000", "phandle", CELLS(3));
	assert_prop_cells(dt, "/pcie@4010000000", "interrupt-map",
			  CELLS(0x0000, 0, 0, 1, GUEST_DT_GIC_PHANDLE, 0, 0, 0, 5, 4, /* */
				0x0900, 0, 0, 2, GUEST_DT_GIC_PHANDLE, 0, 0, 0, 3, 4));
	assert_prop_cells(dt, "/pcie@4010000000", "msi-map", CELLS(0x00, 3, 0x00, 1, 0x09, 3, 0x09, 1));
	free(dt);
}

/* Without a virtual bridge (or an empty one): no PCI node, no probe-only, the GIC unchanged. */
static void test_no_pci_host(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	struct vpci_bus bus;
	void *dt;

	full_spec(&spec);
	memset(&bus, 0, sizeof(bus));
	spec.vpci = &bus;
	dt = build_ok(b, &spec, &full_layout);
	assert_int_equal(fdt_path_offset(dt, "/pcie@0"), -FDT_ERR_NOTFOUND);
	assert_no_prop(dt, "/chosen", "linux,pci-probe-only");
	assert_no_prop(dt, "/intc@8000000", "#address-cells");
	free(dt);
}

static void test_buffer_too_small(void **state)
{
	const struct board *b = *state;
	struct partition_spec spec;
	struct diag_list dl;
	const struct diag *d;
	void *full;
	size_t need;

	full_spec(&spec);
	full = build_ok(b, &spec, &full_layout);
	need = fdt_totalsize(full);
	free(full);

	/* Every size short of what the tree needs fails cleanly, never writing past the buffer
	 * (each is a heap block of exactly that size, under ASan). */
	for (size_t size = 1; size < need; size++) {
		void *out = malloc(size);

		assert_non_null(out);
		diag_init(&dl);
		assert_false(guest_dt_build(&spec, b->fdt, &b->plat, &full_layout, out, size, &dl));
		assert_int_equal(dl.errors, 1);
		d = diag_find(&dl, "part-dt-build");
		if (!d)
			fail_msg("size %zu: no part-dt-build diagnostic", size);
		assert_string_equal(d->path, "guest1");
		assert_string_equal(d->message, "cannot build the partition's device tree: FDT_ERR_NOSPACE");
		diag_free(&dl);
		free(out);
	}

	/* Exactly enough is enough. */
	{
		void *out = malloc(need);

		assert_non_null(out);
		diag_init(&dl);
		assert_true(guest_dt_build(&spec, b->fdt, &b->plat, &full_layout, out, need, &dl));
		assert_int_equal(dl.count, 0);
		assert_int_equal(fdt_check_full(out, need), 0);
		assert_children(out, "/cpus", "cpu@0 cpu@1");
		diag_free(&dl);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_board_fixture),
		cmocka_unit_test(test_pci_host_msi),
		cmocka_unit_test(test_root),
		cmocka_unit_test(test_hypervisor_node),
		cmocka_unit_test(test_chosen),
		cmocka_unit_test(test_chosen_initrd_above_4g),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_cpus),
		cmocka_unit_test(test_cpu_without_board_node),
		cmocka_unit_test(test_psci),
		cmocka_unit_test(test_timer),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_minimal_partition),
		cmocka_unit_test(test_gic),
		cmocka_unit_test(test_vuart),
		cmocka_unit_test(test_no_vuart),
		cmocka_unit_test(test_unknown_device),
		cmocka_unit_test(test_pci_host),
		cmocka_unit_test(test_no_pci_host),
		cmocka_unit_test(test_buffer_too_small),
	};

	return cmocka_run_group_tests_name("guest_dt", tests, board_setup, board_teardown);
}
